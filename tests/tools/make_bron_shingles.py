"""Write tests/fixtures/bron-shingles.txt: hashes of every 8-word run in the source documents.

The site must say everything in its own words (tests/test_own_words.py). The sources themselves
are not in the repository, so the test compares the built pages with hashes of the sources'
8-word runs ("shingles"): normalised words (see `words()`), joined by one space, hashed with
BLAKE2b (8 bytes, hex). One hash per line, sorted; the file says nothing readable about the text.

Run it again when a source document is added or changed, from the repository root:

    python tests/tools/make_bron_shingles.py                 # reads ../shared/bronnen
    python tests/tools/make_bron_shingles.py /pad/naar/bronnen

It reads every *.txt and feiten.md in that folder (not README.md), and commit the new file.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

SIZE = 8
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "fixtures" / "bron-shingles.txt"
DEFAULT_SOURCES = ROOT.parent / "shared" / "bronnen"
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lowercased words without punctuation or accents: 'Thema’s' -> ['thema', 's']."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _WORD.findall(plain)


def shingles(tokens: list[str]) -> list[str]:
    return [" ".join(tokens[i:i + SIZE]) for i in range(len(tokens) - SIZE + 1)]


def digest(shingle: str) -> str:
    return hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).hexdigest()


def source_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt")) + [p for p in [folder / "feiten.md"] if p.exists()]


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCES
    files = source_files(folder)
    if not files:
        print(f"geen bronnen gevonden in {folder}", file=sys.stderr)
        return 1
    hashes = sorted({digest(s) for path in files for s in shingles(words(path.read_text(encoding="utf-8")))})
    OUTPUT.write_text("".join(h + "\n" for h in hashes), encoding="utf-8")
    print(f"{len(hashes)} hashes uit {len(files)} bronnen naar {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
