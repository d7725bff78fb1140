"""Compare a site built by another builder with the MkDocs build of the same commit.

Used by tests/test_builders.py (ProperDocs must build the same site) and by `make zensical`,
which makes the docs folder with `zorgsaam-generate` (macros/build/generate.py), builds it with
Zensical and prints a report: page count, missing pages and every other difference (feeds,
open data, search index, unrendered macros, and what only the MkDocs hook adds).

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
GENERATED = ".cache/generated"  # the docs folder zorgsaam-generate writes for Zensical
# What only the MkDocs hook adds to the page HTML (macros/build/mkdocs_hooks.py), counted in both builds.
WOORD_LINK = 'class="zw-woord"'
UNLABELLED_CELL = re.compile(r"<td(?![^>]*\bdata-label=)[\s>]")
LAST_CHANGED = "Pagina voor het laatst aangepast"


EDITOR = "admin/"  # the editors' form: a static file, the same in both builds (tests/test_generate.py)


def page_paths(site: Path) -> set[str]:
    """Every HTML page of a built site, relative to it ('afspraken/7/index.html'); not the editor."""
    return {rel for p in site.rglob("*.html") if not (rel := p.relative_to(site).as_posix()).startswith(EDITOR)}


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


# What Zensical's theme does to the <article> otherwise than Material's, each with its cause. The
# comparison takes these out (and collapses whitespace between tags, which the templates set);
# every other byte of the article must be the same.
NAMED_DIFFERENCES = [
    ("Zensical zet het doel van zijn eigen 'naar inhoud'-link in het artikel (zijn content.html)",
     re.compile(r'<a id="__skip" tabindex="-1"></a>')),
    ("Zensical haalt data-search-exclude weg nadat zijn zoekindex het gelezen heeft "
     "(die stukken staan ook bij Zensical niet in de zoekindex)",
     re.compile(r' data-search-exclude(?:="")?(?=[\s>])')),
]


def article_html(html: str) -> str:
    """The HTML of the page's <article>, from its start tag to its end tag."""
    start, end = html.find("<article"), html.rfind("</article>")
    return html[start:end + len("</article>")] if start >= 0 and end >= 0 else ""


def comparable(article: str) -> str:
    """An article without the named differences, whitespace collapsed."""
    for _, pattern in NAMED_DIFFERENCES:
        article = pattern.sub("", article)
    return " ".join(article.split())


def different_article_html(reference: Path, other: Path, pages: set[str]) -> list[str]:
    """The pages whose <article> HTML differs beyond NAMED_DIFFERENCES."""
    def html(site, rel):
        return comparable(article_html((site / rel).read_text(encoding="utf-8")))
    return sorted(rel for rel in pages if html(reference, rel) != html(other, rel))


def named_difference_counts(reference: Path, other: Path, pages: set[str]) -> list[str]:
    """Per named difference: on how many pages it occurs in the other build, and in the MkDocs build."""
    lines = []
    for cause, pattern in NAMED_DIFFERENCES:
        def pages_with(site):
            return sum(bool(pattern.search(article_html((site / rel).read_text(encoding="utf-8")))) for rel in pages)
        lines.append(f"- {cause}: {pages_with(reference)} pagina's bij MkDocs, {pages_with(other)} bij de ander")
    return lines


def different_articles(reference: Path, other: Path, pages: set[str]) -> list[str]:
    """The pages (of `pages`) whose article text differs between two builds."""
    def text(site, rel):
        return article_text((site / rel).read_text(encoding="utf-8"))
    return sorted(rel for rel in pages if text(reference, rel) != text(other, rel))


def unrendered(site: Path, pages: set[str]) -> list[str]:
    """Pages that show Jinja source ({{ … }} or {% … %}) in their article: macros did not run."""
    return sorted(rel for rel in pages
                  if re.search(r"\{\{|\{%", article_text((site / rel).read_text(encoding="utf-8"))))


def files_under(site: Path, patterns: str) -> set[str]:
    """Files (not pages) matching any of the space-separated glob patterns."""
    return {p.relative_to(site).as_posix() for pattern in patterns.split() for p in site.glob(pattern)
            if p.is_file() and p.suffix != ".html"}


def search_entries(site: Path) -> str:
    """How many entries the search index has, and in which file (MkDocs and Zensical differ)."""
    for rel, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        if (site / rel).exists():
            return f"{len(json.loads((site / rel).read_text(encoding='utf-8'))[key])} ({rel})"
    return "geen zoekindex"


def _count(site: Path, pages: set[str], pattern) -> int:
    """How often `pattern` (a text or a regex) occurs in the given pages."""
    def hits(html: str) -> int:
        return html.count(pattern) if isinstance(pattern, str) else len(pattern.findall(html))
    return sum(hits((site / rel).read_text(encoding="utf-8")) for rel in pages)


def only_markup_differs(reference: Path, other: Path, rel: str) -> bool:
    """The same words in the same order: the difference is links or spacing, and the date line."""
    def words(site: Path) -> str:
        text = article_text((site / rel).read_text(encoding="utf-8"))
        return "".join(text.split(LAST_CHANGED)[0].split())
    return words(reference) == words(other)


def hook_only(reference: Path, other: Path, pages: set[str]) -> list[str]:
    """Table rows: what the MkDocs hook adds to the HTML, in each build."""
    def row(label: str, pattern) -> str:
        return f"| {label} | {_count(reference, pages, pattern)} | {_count(other, pages, pattern)} |"
    return [row("Woordenlijst-links (zw-woord)", WOORD_LINK),
            row("Tabelcellen zonder kolomnaam (data-label)", UNLABELLED_CELL),
            row(f"'{LAST_CHANGED}'", LAST_CHANGED)]


def report(reference: Path, other: Path, name: str) -> list[str]:
    """Markdown lines: what `other` (built by `name`) has and lacks compared with MkDocs."""
    ours, theirs = page_paths(reference), page_paths(other) if other.exists() else set()
    both = ours & theirs
    lines = [f"| | MkDocs | {name} |", "|---|---|---|",
             f"| HTML-pagina's | {len(ours)} | {len(theirs)} |"]
    for label, pattern in (("Feeds (voortgang*.xml, wijzigingen.xml)", "voortgang*.xml wijzigingen.xml"), ("Open data (open-data/**)", "open-data/**/*")):
        a, b = files_under(reference, pattern), files_under(other, pattern) if other.exists() else set()
        same = {rel for rel in a & b if (reference / rel).read_bytes() == (other / rel).read_bytes()}
        lines.append(f"| {label} | {len(a)} | {len(b & a)}, waarvan {len(same)} gelijk |")
    lines.append(f"| Zoekindex, items | {search_entries(reference)} | "
                 f"{search_entries(other) if other.exists() else 'geen site'} |")
    lines += hook_only(reference, other, both)
    raw = unrendered(other, both)
    changed = different_articles(reference, other, both)
    words = [rel for rel in changed if not only_markup_differs(reference, other, rel)]
    lines += ["", f"Ontbrekende pagina's ({len(ours - theirs)}): " + (", ".join(sorted(ours - theirs)) or "geen"),
              f"Extra pagina's ({len(theirs - ours)}): " + (", ".join(sorted(theirs - ours)) or "geen"),
              f"Pagina's met andere hoofdtekst (<article>) ({len(changed)}): " + (", ".join(changed) or "geen"),
              f"Waarvan met andere woorden, niet alleen links en de datumregel ({len(words)}): "
              + (", ".join(words) or "geen"),
              f"Waarvan met onverwerkte macro's ({{{{ … }}}}) ({len(raw)}): " + (", ".join(raw) or "geen")]
    html = different_article_html(reference, other, both)
    lines += ["", f"Pagina's met andere <article>-HTML, na de genoemde verschillen ({len(html)}): "
              + (", ".join(html) or "geen"), "Genoemde verschillen in het <article>, met hun oorzaak:",
              *named_difference_counts(reference, other, both)]
    return lines


def generate(out: Path, config: Path, site_dir: Path, env: dict) -> None:
    """The docs folder and a config for it, made by zorgsaam-generate in `env` (stops on a data error)."""
    code = subprocess.run([sys.executable, "-c", "import sys; from macros.build.command import main; sys.exit(main())",
                           "--project", str(ROOT), "--out-dir", str(out), "--builder-config", str(config),
                           "--site-dir", str(site_dir)], cwd=ROOT, env=dict(env, PYTHONPATH=str(ROOT)),
                          timeout=600).returncode
    if code:
        sys.exit(code)


def zensical_build(zensical: str, site_dir: Path, generated: Path, env: dict | None = None) -> tuple[int, str]:
    """Generate `generated` and build it with Zensical into `site_dir`; (exit code, last error line)."""
    env = dict(env or os.environ, NO_MKDOCS_2_WARNING="1")
    shutil.rmtree(site_dir, ignore_errors=True)  # not `zensical build --clean`: that empties all of .cache/
    # Zensical needs the config file in the project root (for overrides/) and has no --site-dir.
    with tempfile.NamedTemporaryFile("w", dir=ROOT, prefix=".zensical-", suffix=".yml", delete=False) as config:
        pass
    try:
        generate(generated, Path(config.name), site_dir, env)
        result = subprocess.run([zensical, "build", "--strict", "-f", config.name], cwd=ROOT, env=env,
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
    print(f"# MkDocs en Zensical {version}\n")
    print(f"## Zensical bouwt de map van zorgsaam-generate ({GENERATED} -> {ZENSICAL_SITE})\n")
    code, error = zensical_build(args.zensical, ROOT / ZENSICAL_SITE, ROOT / GENERATED)
    print(f"Exitcode {code}" + (f": `{error}`" if error else "") + "\n")
    print("\n".join(report(args.mkdocs_site, ROOT / ZENSICAL_SITE, "Zensical")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
