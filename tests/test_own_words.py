"""Every page says it in its own words: no run of 8 or more words copied from a source.

The sources are not in the repository. tests/fixtures/bron-shingles.txt holds hashes of every
8-word run of the source documents (made by tests/tools/make_bron_shingles.py, which says how).
This test takes the main text of every built page (hand-written pages and the pages made from
data/ alike), cuts each block of text (paragraph, list item, table cell, heading) into 8-word runs
the same way, and fails naming the page and the copied words.

Some runs cannot be said in other words: the real title of a source, or an official name. They
are in ALLOWED below, each with its reason. A run is allowed only if all of it lies inside one
allowed phrase; text around it still counts.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, html_pages

sys.path.insert(0, str(ROOT / "tests" / "tools"))
from make_bron_shingles import OUTPUT, SIZE, digest, shingles, words  # noqa: E402

# phrase (as it stands on the site) -> why it may be the same as the source
ALLOWED = {
    "De gezonde wijk, De informele wijk, De inclusieve wijk":
        "de namen van de drie thema's op een rij (bij elke afspraak); namen zeggen we niet anders",
    "Werkgroep Wonen, Welzijn en Zorg maakt zich hard voor woonzorgopgave in Drenthe":
        "de echte titel van bron werkgroep-wwz-2022-07-13; een titel citeren we letterlijk",
    "Onze woonzorgvisie is het resultaat van efficiënte samenwerking":
        "de echte titel van bron eha-2023-06-08",
    "In een visie kan je niet wonen. Aan de slag met een woonzorgakkoord in Zuidoost-Drenthe":
        "de echte titel van bron cmo-stamm-2023-03-22",
    "Hoe corporaties in Zuidoost-Drenthe participeren in de regionale woonzorgvisie":
        "de echte titel van bron aedes-participatie (feiten.md)",
}

BLOCK_TAGS = {"p", "li", "td", "th", "dt", "dd", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
              "div", "section", "table", "tr", "ul", "ol", "br", "blockquote", "summary", "details",
              "nav", "figcaption", "pre"}


class MainText(HTMLParser):
    """The text blocks inside Material's <article>: what a resident reads as the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article> when > 0
        self.skip = 0  # inside <script>/<style>
        self.blocks: list[list[str]] = [[]]

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag in ("script", "style", "svg"):
            self.skip += 1
        if tag in BLOCK_TAGS:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif tag in ("script", "style", "svg"):
            self.skip -= 1
        if tag in BLOCK_TAGS:
            self.blocks.append([])

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.blocks[-1].append(data)


def main_blocks(path: Path) -> list[str]:
    parser = MainText()
    parser.feed(path.read_text(encoding="utf-8"))
    return [text for text in ("".join(b) for b in parser.blocks) if text.strip()]


def allowed_runs() -> set[str]:
    return {s for phrase in ALLOWED for s in shingles(words(phrase))}


def copied_runs(text: str, known: set[str], allowed: set[str]) -> list[str]:
    """The copied stretches of `text`, each as its words: overlapping 8-word matches merged."""
    tokens = words(text)
    hits = [i for i, s in enumerate(shingles(tokens)) if digest(s) in known and s not in allowed]
    runs: list[tuple[int, int]] = []
    for i in hits:
        if runs and i <= runs[-1][1]:
            runs[-1] = (runs[-1][0], i + SIZE)
        else:
            runs.append((i, i + SIZE))
    return [" ".join(tokens[a:b]) for a, b in runs]


def test_the_hashes_are_there():
    hashes = OUTPUT.read_text(encoding="utf-8").split()
    assert len(hashes) > 1000, "tests/fixtures/bron-shingles.txt is (nearly) empty: see tests/tools/make_bron_shingles.py"


def test_the_check_finds_a_copied_sentence():
    """The akkoord's own sentence on afspraak 4 is found; the same facts in other words are not."""
    known = set(OUTPUT.read_text(encoding="utf-8").split())
    copied = "De kerngroep is in ieder geval actief in 2024. Uiterlijk 1 oktober 2024 worden afspraken gemaakt."
    own = "Voor 1 oktober 2024 spreken de partners af hoe het na 2024 verdergaat."
    assert copied_runs(copied, known, set()), "the check misses a sentence of the akkoord"
    assert not copied_runs(own, known, set())


def test_every_allowed_phrase_is_needed():
    """An allow-list entry that matches no source hides nothing and only invites copying."""
    known = set(OUTPUT.read_text(encoding="utf-8").split())
    for phrase in ALLOWED:
        assert any(digest(s) in known for s in shingles(words(phrase))), f"not in any source: {phrase}"


def test_no_page_copies_a_source(site_dir):
    known = set(OUTPUT.read_text(encoding="utf-8").split())
    allowed = allowed_runs()
    found = []
    for path in html_pages(site_dir):
        page = path.relative_to(site_dir).as_posix()
        for block in main_blocks(path):
            found += [f"{page}: '{run}'" for run in copied_runs(block, known, allowed)]
    assert not found, ("These runs of 8 or more words are the same as in a source. Say it in your own "
                       "words:\n" + "\n".join(found))
