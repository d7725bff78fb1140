"""Readability of every built page, measured: Flesch-Douma (textstat in Dutch) on the main text.

The main text is the page's <article>, without the page date under it (aside.md-source-file),
tables and charts (figures, not sentences: the same facts are on the linked pages), lists of
sources (their titles are names from the sources, not sentences of this site) and code.
Every block (paragraph, list item, heading, dt/dd, caption) counts as its own sentence: a reader
reads a heading or a list item as one unit, even without a full stop.

Rules (B1, REDACTIE.md): over the pages with at least MIN_WORDS words the median score is at
least MEDIAN_AT_LEAST, no page scores below PAGE_AT_LEAST and no page has more than
MAX_WORDS_PER_SENTENCE words per sentence. A failure prints a table of every page.

Apart from that average, no single sentence on any page is longer than LONGEST_SENTENCE words.
That check reads all of the <article>, tables and lists of sources included (a summary in a
table cell is read as a sentence too); only code, charts and scripts are left out. A sentence
ends at '.', '!', '?' or ';', and every block ends one.
"""

from __future__ import annotations

import re
import statistics
from html.parser import HTMLParser

import pytest
import textstat

from conftest import html_pages

MIN_WORDS = 40
MEDIAN_AT_LEAST = 65
PAGE_AT_LEAST = 50
MAX_WORDS_PER_SENTENCE = 15
LONGEST_SENTENCE = 25

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "figcaption", "blockquote",
          "br", "section", "ul", "ol", "dl", "div", "nav", "td", "th"}
SKIPPED = {"table", "svg", "pre", "code", "script", "style", "template"}
SKIPPED_CLASSES = {"md-source-file", "zw-bronnen", "zw-bronnenlijst"}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}


class MainText(HTMLParser):
    """The text of the <article>, one string per block."""

    skipped = SKIPPED
    skipped_classes = SKIPPED_CLASSES

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # elements open inside <article>
        self.skip = 0  # depth at which a skipped element started (0: not skipping)
        self.blocks: list[str] = []
        self.buffer: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            self.blocks.append(text if text[-1] in ".!?" else text + ".")

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            if tag == "article":
                self.depth = 1
            return
        if tag in VOID:
            if tag == "br" and not self.skip:
                self._flush()
            return
        self.depth += 1
        classes = (dict(attrs).get("class") or "").split()
        if not self.skip and (tag in self.skipped or self.skipped_classes & set(classes)):
            self.skip = self.depth
        elif not self.skip and tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in VOID:
            return
        if tag == "article":  # never nested: its end ends the main text, whatever was left open
            self._flush()
            self.depth = self.skip = 0
            return
        if self.skip == self.depth:
            self.skip = 0
        elif not self.skip and tag in BLOCKS:
            self._flush()
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.buffer.append(data)


class AllText(MainText):
    """All text of the <article> that a reader reads as sentences: tables and source lists too."""

    skipped = {"svg", "pre", "code", "script", "style", "template"}
    skipped_classes: set[str] = set()


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_WORD = re.compile(r"\w")


def long_sentences(page_html: str, limit: int = LONGEST_SENTENCE) -> list[tuple[int, str]]:
    """(word count, sentence) for every sentence of the article longer than `limit` words."""
    parser = AllText()
    parser.feed(page_html)
    parser.close()
    found = []
    for block in parser.blocks:
        for sentence in _SENTENCE_END.split(block):
            count = sum(1 for token in sentence.split() if _WORD.search(token))
            if count > limit:
                found.append((count, sentence))
    return found


def main_text(page_html: str) -> str:
    parser = MainText()
    parser.feed(page_html)
    parser.close()
    return " ".join(parser.blocks)


def measure(text: str) -> tuple[int, float, float]:
    """(words, words per sentence, Flesch-Douma score) as textstat counts them."""
    textstat.set_lang("nl")  # flesch_reading_ease in Dutch is the Douma formula
    return textstat.lexicon_count(text), textstat.words_per_sentence(text), textstat.flesch_reading_ease(text)


def table(rows: list[tuple[str, int, float, float, str]]) -> str:
    lines = [f"{'pagina':<55} {'woorden':>7} {'w/zin':>6} {'Douma':>6}  probleem"]
    lines += [f"{path:<55} {words:>7} {wps:>6.1f} {score:>6.1f}  {problem}" for path, words, wps, score, problem in rows]
    return "\n".join(lines)


def test_main_text_is_the_article_without_tables_and_page_date():
    long = " ".join(["onbegrijpelijkerwijs"] * 30)
    page = (f"<html><body><nav><p>{long}</p></nav><article><h1>Titel van de pagina</h1>"
            "<p>Dit is een zin. Dit is er nog een.</p><ul><li>Een punt</li><li>Nog een punt</li></ul>"
            f"<table><tr><td>{long}</td></tr></table><svg><text>{long}</text></svg>"
            f'<ul class="zw-bronnenlijst"><li>{long}</li></ul>'
            f'<aside class="md-source-file">Pagina voor het laatst aangepast: 1 mei 2026</aside></article>'
            f"<footer><p>{long}</p></footer></body></html>")
    assert main_text(page) == "Titel van de pagina. Dit is een zin. Dit is er nog een. Een punt. Nog een punt."


def test_the_measurement_can_fail():
    short = "Wij wonen in Emmen. Het huis is klein. De tuin is mooi. " * 5
    long = ("De ondertekenaars van het regionale woonzorgakkoord verplichten zich tot het gezamenlijk realiseren van "
            "toekomstbestendige woonzorgvoorzieningen in samenwerking met maatschappelijke organisaties. ") * 5
    _, short_wps, short_score = measure(short)
    _, long_wps, long_score = measure(long)
    assert short_score >= MEDIAN_AT_LEAST and short_wps <= MAX_WORDS_PER_SENTENCE
    assert long_score < PAGE_AT_LEAST and long_wps > MAX_WORDS_PER_SENTENCE


def test_the_longest_sentence_check_reads_tables_and_splits_sentences():
    long = " ".join(["woord"] * (LONGEST_SENTENCE + 1)) + "."
    limit = " ".join(["woord"] * LONGEST_SENTENCE) + "."
    page = (f"<html><body><p>{long}</p><article><h1>Titel</h1><p>{limit} {limit}</p>"
            f"<table><tr><td>{long}</td></tr></table><p>Kort; {limit}</p><svg><text>{long}</text></svg>"
            f"<ul class=\"zw-bronnenlijst\"><li>{long[:-1]}</li></ul></article></body></html>")
    assert [count for count, _ in long_sentences(page)] == [LONGEST_SENTENCE + 1, LONGEST_SENTENCE + 1]


def test_no_sentence_is_too_long(site_dir):
    found = [f"{page.relative_to(site_dir).as_posix()} ({count} woorden): {sentence}"
             for page in html_pages(site_dir)
             for count, sentence in long_sentences(page.read_text(encoding="utf-8"))]
    assert not found, (f"Zinnen van meer dan {LONGEST_SENTENCE} woorden. Maak er twee of meer zinnen van "
                       "(bij een afspraak: 'afgesproken' en 'uitleg' in data/afspraken.yml):\n" + "\n".join(found))


def test_every_page_is_easy_to_read(site_dir):
    rows, scores = [], []
    for page in html_pages(site_dir):
        text = main_text(page.read_text(encoding="utf-8"))
        words, wps, score = measure(text)
        rel = page.relative_to(site_dir).as_posix()
        if words < MIN_WORDS:
            rows.append((rel, words, wps, score, f"niet gemeten (minder dan {MIN_WORDS} woorden)"))
            continue
        problems = []
        if score < PAGE_AT_LEAST:
            problems.append(f"score onder {PAGE_AT_LEAST}")
        if wps > MAX_WORDS_PER_SENTENCE:
            problems.append(f"meer dan {MAX_WORDS_PER_SENTENCE} woorden per zin")
        rows.append((rel, words, wps, score, ", ".join(problems)))
        scores.append(score)
    assert len(scores) >= 40, f"only {len(scores)} pages measured:\n{table(rows)}"
    median = statistics.median(scores)
    failing = [r for r in rows if r[4] and not r[4].startswith("niet gemeten")]
    if failing or median < MEDIAN_AT_LEAST:
        print(table(rows))
        pytest.fail(f"Leesbaarheid: mediaan {median:.1f} (moet minstens {MEDIAN_AT_LEAST} zijn); "
                    f"{len(failing)} pagina's voldoen niet:\n{table(failing)}\n\nAlle pagina's:\n{table(rows)}")
