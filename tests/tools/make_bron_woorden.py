"""Write tests/fixtures/bron-woorden.txt: every source document as a row of word hashes.

The site must say everything in its own words (tests/test_own_words.py). The sources themselves
are not in the repository, so the test compares the built pages with the sources' words in
order, each word hashed: normalised (see `words()`), hashed with BLAKE2b (4 bytes, hex). One
line per source document: its file name, a colon and its word hashes in order. Word order is
what the near-copy search (tests/nearcopy.py) needs; the file shows no readable text.

Run it again when a source document is added or changed, from the repository root:

    python tests/tools/make_bron_woorden.py                 # reads ../shared/bronnen
    python tests/tools/make_bron_woorden.py /pad/naar/bronnen

It reads every *.txt and feiten.md in that folder (not README.md); commit the new file.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests" / "fixtures" / "bron-woorden.txt"
DEFAULT_SOURCES = ROOT.parent / "shared" / "bronnen"
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lowercased words without punctuation or accents: 'Thema’s' -> ['thema', 's']."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _WORD.findall(plain)


def digest(word: str) -> str:
    return hashlib.blake2b(word.encode("utf-8"), digest_size=4).hexdigest()


def source_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt")) + [p for p in [folder / "feiten.md"] if p.exists()]


def read_sources(path: Path = OUTPUT) -> dict[str, list[str]]:
    """{source file name: its word hashes in order}, as written by main()."""
    sources = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, hashes = line.partition(":")
        sources[name] = hashes.split()
    return sources


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCES
    files = source_files(folder)
    if not files:
        print(f"geen bronnen gevonden in {folder}", file=sys.stderr)
        return 1
    lines = [f"{path.name}: " + " ".join(digest(w) for w in words(path.read_text(encoding="utf-8")))
             for path in files]
    OUTPUT.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    total = sum(len(line.split()) - 1 for line in lines)
    print(f"{total} woorden uit {len(files)} bronnen naar {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
