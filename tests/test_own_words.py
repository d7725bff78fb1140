"""Every page says it in its own words: no source followed word for word, not even with small changes.

The sources are not in the repository. tests/fixtures/bron-woorden.txt holds every source
document as a row of word hashes, in order (made by tests/tools/make_bron_woorden.py, which says
how). This test takes the main text of every built page (hand-written pages and the pages made
from data/ alike), cuts it into blocks (paragraph, list item, table cell, heading), hashes the
words the same way and looks for near-copies (tests/nearcopy.py): 8 or more source words in
the same order, with at most two other words between two of them. It fails naming the page and
the copied words.

Some runs cannot be said in other words: the real title of a source, or an official name. They
are in ALLOWED below, each with its reason. The words of an allowed phrase never count as copied;
text around it still counts.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, html_pages
from nearcopy import MAX_GAP, MIN_WORDS, near_copies

sys.path.insert(0, str(ROOT / "tests" / "tools"))
from make_bron_woorden import OUTPUT, digest, read_sources, words  # noqa: E402

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
    "de gezonde wijk, de informele wijk en de inclusieve wijk":
        "de namen van de drie thema's in een zin; namen zeggen we niet anders",
    "wonen, welzijn, ondersteuning en zorg":
        "de vaste naam van het werkveld in het akkoord, ook in de naam van het lokale overleg (afspraak 10)",
    "Programma Wonen, Ondersteuning en Zorg voor Ouderen": "de naam van een landelijk programma",
    "Programma Wonen en Zorg voor Ouderen": "de naam van een landelijk programma",
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


def without_allowed(tokens: list[str]) -> list[object]:
    """`tokens` with every word of an allowed phrase replaced by a token that matches nothing."""
    masked: list[object] = list(tokens)
    for phrase in ALLOWED:
        allowed = words(phrase)
        for i in range(len(tokens) - len(allowed) + 1):
            if tokens[i:i + len(allowed)] == allowed:
                masked[i:i + len(allowed)] = [object() for _ in allowed]
    return masked


def copied_runs(text: str, sources: dict[str, list[str]]) -> list[str]:
    """The near-copied stretches of `text`, each as its words (with the source it follows)."""
    tokens = words(text)
    hashed = [digest(t) if isinstance(t, str) else t for t in without_allowed(tokens)]
    found = []
    for name, source in sources.items():
        found += [f"{' '.join(tokens[a:b])}  [{name}]" for a, b in near_copies(hashed, source)]
    return found


def test_the_source_words_are_there():
    sources = read_sources()
    assert len(sources) >= 2 and all(len(hashes) > 200 for hashes in sources.values()), (
        "tests/fixtures/bron-woorden.txt is (nearly) empty: see tests/tools/make_bron_woorden.py")


SOURCE = ("Afspraak 7: De regionale kerngroep heeft de opdracht om voor de zomer van 2024 een doorbraak-commissie "
          "in te stellen, om daar waar de wet en regelgeving ernstig belemmerend werkt openingen te creëren.").split()

# (text, must it be found?) against SOURCE: what a near-copy is, and what is only the same facts
PAIRS = [
    # an exact run of 8 words
    ("de regionale kerngroep heeft de opdracht om voor", True),
    # one word left out, twice (a gap in the text)
    ("de regionale kerngroep heeft opdracht om voor zomer van 2024", True),
    # one or two words added between source words (a gap in the source)
    ("de regionale kerngroep heeft echt de duidelijke opdracht om al voor de zomer", True),
    # a word swapped for another (a gap on both sides)
    ("de regionale kerngroep krijgt de opdracht om vóór de zomer van 2024", True),
    # accents, capitals and punctuation do not hide a copy
    ("De Regionale Kerngroep - heeft: de opdracht, om voor", True),
    # a copy inside a sentence of our own is found
    ("Wij lezen dat de regionale kerngroep heeft de opdracht om voor iets te zorgen", True),
    # 7 words in order: not yet a copy
    ("de regionale kerngroep heeft de opdracht om", False),
    # three words between two source words break the chain
    ("de regionale kerngroep heeft een heel nieuwe taak: de opdracht om voor de zomer", False),
    # the same facts in other words
    ("Voor de zomer van 2024 moest de kerngroep een commissie maken die regels opzij zet", False),
    # the same words in another order
    ("opdracht de heeft kerngroep regionale de voor om zomer de", False),
]


def test_near_copies_are_found_and_own_words_are_not():
    source = words(" ".join(SOURCE))
    wrong = [(text, must) for text, must in PAIRS if bool(near_copies(words(text), source)) != must]
    assert not wrong, "near_copies decides these wrongly (text, should be found):\n" + "\n".join(map(str, wrong))
    assert (MIN_WORDS, MAX_GAP) == (8, 2)


def test_a_near_copy_is_reported_as_one_stretch():
    source = words(" ".join(SOURCE))
    text = words("Kort: de regionale kerngroep heeft de opdracht om voor de zomer van 2024 een commissie te maken.")
    spans = near_copies(text, source)
    assert len(spans) == 1
    assert " ".join(text[slice(*spans[0])]) == "de regionale kerngroep heeft de opdracht om voor de zomer van 2024 een commissie te"


def test_the_check_finds_a_copied_sentence():
    """The akkoord's own sentence on afspraak 4, changed a little, is found; the same facts in other words are not."""
    sources = read_sources()
    copied = "De kerngroep is zeker actief in 2024. Uiterlijk op 1 oktober 2024 worden er afspraken gemaakt."
    own = "Voor 1 oktober 2024 spreken de partners af hoe het na 2024 verdergaat."
    assert copied_runs(copied, sources), "the check misses a changed sentence of the akkoord"
    assert not copied_runs(own, sources)


def test_an_allowed_phrase_is_not_counted_but_text_around_it_is():
    sources = read_sources()
    title = "Werkgroep Wonen, Welzijn en Zorg maakt zich hard voor woonzorgopgave in Drenthe"
    assert copied_runs(title, {name: hashes for name, hashes in sources.items()}) == []
    assert copied_runs(f"Lees {title}. De regionale kerngroep heeft de opdracht om voor de zomer", sources)


def test_every_allowed_phrase_is_needed():
    """An allow-list entry that matches no source hides nothing and only invites copying."""
    sources = read_sources()
    for phrase in ALLOWED:
        hashed = [digest(w) for w in words(phrase)]
        assert any(near_copies(hashed, source, min_words=min(len(hashed), MIN_WORDS)) for source in sources.values()), (
            f"not in any source: {phrase}")


def test_no_page_copies_a_source(site_dir):
    sources = read_sources()
    found = []
    for path in html_pages(site_dir):
        page = path.relative_to(site_dir).as_posix()
        for block in main_blocks(path):
            found += [f"{page}: '{run}'" for run in copied_runs(block, sources)]
    assert not found, (f"These stretches follow a source for {MIN_WORDS} or more words (with at most {MAX_GAP} "
                       "other words between). Say it in your own words:\n" + "\n".join(found))
