"""Compare a site built by another builder with the MkDocs build of the same commit.

Used by tests/test_builders.py (ProperDocs must build the same site) and by `make zensical`,
which builds with Zensical and prints a report: page count, missing pages and other
differences (feeds, open data, search index, unrendered macros).

    python tools/compare_builders.py --mkdocs-site .cache/site --zensical .cache/zensical-venv/bin/zensical
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZENSICAL_SITE = ".cache/zensical-site"
# Zensical reads mkdocs.yml, but needs the config file in the project root and has no --site-dir.
ZENSICAL_CONFIG = "INHERIT: mkdocs.yml\nsite_dir: {site_dir}\n"
MACROS_BLOCK = re.compile(r"^  - macros:\n(?:      .*\n)+", re.M)


def page_paths(site: Path) -> set[str]:
    """Every HTML page of a built site, relative to it ('afspraken/7/index.html')."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


class _ArticleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += tag == "article"

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(html: str) -> str:
    """The text of the page's <article> (its main content), whitespace collapsed."""
    parser = _ArticleText()
    parser.feed(html)
    return " ".join(unicodedata.normalize("NFC", " ".join(parser.parts)).split())


def different_articles(reference: Path, other: Path, pages: set[str]) -> list[str]:
    """The pages (of `pages`) whose article text differs between two builds."""
    def text(site, rel):
        return article_text((site / rel).read_text(encoding="utf-8"))
    return sorted(rel for rel in pages if text(reference, rel) != text(other, rel))


def unrendered(site: Path, pages: set[str]) -> list[str]:
    """Pages that show Jinja source ({{ … }} or {% … %}) in their article: macros did not run."""
    return sorted(rel for rel in pages
                  if re.search(r"\{\{|\{%", article_text((site / rel).read_text(encoding="utf-8"))))


def files_under(site: Path, pattern: str) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.glob(pattern) if p.is_file() and p.suffix != ".html"}


def search_entries(site: Path) -> str:
    """How many entries the search index has, and in which file (MkDocs and Zensical differ)."""
    for rel, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        if (site / rel).exists():
            return f"{len(json.loads((site / rel).read_text(encoding='utf-8'))[key])} ({rel})"
    return "geen zoekindex"


def report(reference: Path, other: Path, name: str) -> list[str]:
    """Markdown lines: what `other` (built by `name`) has and lacks compared with MkDocs."""
    ours, theirs = page_paths(reference), page_paths(other) if other.exists() else set()
    both = ours & theirs
    lines = [f"| | MkDocs | {name} |", "|---|---|---|",
             f"| HTML-pagina's | {len(ours)} | {len(theirs)} |"]
    for label, pattern in (("Feeds (voortgang*.xml)", "voortgang*.xml"), ("Open data (open-data/**)", "open-data/**/*")):
        a, b = files_under(reference, pattern), files_under(other, pattern) if other.exists() else set()
        lines.append(f"| {label} | {len(a)} | {len(b & a)} |")
    lines.append(f"| Zoekindex, items | {search_entries(reference)} | "
                 f"{search_entries(other) if other.exists() else 'geen site'} |")
    raw = unrendered(other, both)
    changed = different_articles(reference, other, both)
    lines += ["", f"Ontbrekende pagina's ({len(ours - theirs)}): " + (", ".join(sorted(ours - theirs)) or "geen"),
              f"Extra pagina's ({len(theirs - ours)}): " + (", ".join(sorted(theirs - ours)) or "geen"),
              f"Pagina's met andere hoofdtekst (<article>) ({len(changed)}): " + (", ".join(changed) or "geen"),
              f"Waarvan met onverwerkte macro's ({{{{ … }}}}) ({len(raw)}): " + (", ".join(raw) or "geen")]
    return lines


def zensical_build(zensical: str, config_text: str) -> tuple[int, str]:
    """Build with Zensical from a temporary config in the project root; (exit code, last error line)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    site_dir = ROOT / re.search(r"^site_dir: (.+)$", config_text, re.M).group(1)
    shutil.rmtree(site_dir, ignore_errors=True)  # not `zensical build --clean`: that empties all of .cache/
    with tempfile.NamedTemporaryFile("w", dir=ROOT, prefix=".zensical-", suffix=".yml", delete=False) as config:
        config.write(config_text)
    try:
        result = subprocess.run([zensical, "build", "-f", config.name], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(config.name)
    errors = [line.strip() for line in (result.stdout + result.stderr).splitlines()
              if re.match(r"\s*\w*Error: ", line)]
    return result.returncode, errors[-1] if errors else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mkdocs-site", type=Path, default=ROOT / ".cache" / "site")
    parser.add_argument("--zensical", required=True, help="the zensical executable")
    args = parser.parse_args(argv)
    assert (args.mkdocs_site / "index.html").exists(), f"no MkDocs build in {args.mkdocs_site}"
    version = subprocess.run([args.zensical, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"# MkDocs en {version}\n")
    code, error = zensical_build(args.zensical, ZENSICAL_CONFIG.format(site_dir=ZENSICAL_SITE))
    print(f"## Zensical met mkdocs.yml zoals het is ({ZENSICAL_SITE})\n")
    print(f"Exitcode {code}" + (f": `{error}`" if error else "") + "\n")
    print("\n".join(report(args.mkdocs_site, ROOT / ZENSICAL_SITE, "Zensical")))
    # Without the macros plugin Zensical builds what it can from plain Markdown: the measure of
    # how far its own renderer gets (hooks: are ignored, so no generated pages).
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert MACROS_BLOCK.search(config), "mkdocs.yml has no `- macros:` plugin block to leave out"
    site = ZENSICAL_SITE + "-zonder-macros"
    code, error = zensical_build(args.zensical, MACROS_BLOCK.sub("", config) + f"\nsite_dir: {site}\n")
    print(f"\n## Zensical zonder de plugin macros ({site})\n")
    print(f"Exitcode {code}" + (f": `{error}`" if error else "") + "\n")
    print("\n".join(report(args.mkdocs_site, ROOT / site, "Zensical")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
