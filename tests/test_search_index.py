"""What the search results show: readable text, not cells and lines glued together.

Material's search index keeps a few tags (p, li, …) and drops the rest, table cells and
<br> included; text on both sides then ran together ("OrganisatieWerkt in gemeenteBron").
`tables.spaced_for_search()` adds the whitespace to every page's HTML (hook on_page_content).
The facts box of an afspraak page is left out of the index: as one run-on snippet it stood
above the page's own text in every result.

The exact texts come from the tests' fictional akkoord (the `fixture_site`), so an editor's
change to data/ cannot break them; the real site is checked for the same rules in general.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import ROOT
from support import verantwoordelijk_ids


def _docs(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def index_docs(fixture_site):
    return _docs(fixture_site)


@pytest.fixture(scope="module")
def real_docs(site_dir):
    return _docs(site_dir)


def text_of(docs, location: str) -> str:
    [doc] = [d for d in docs if d["location"] == location]
    return re.sub(r"<[^>]+>", " ", doc["text"])


def test_table_cells_are_separate_words(index_docs):
    text = text_of(index_docs, "ondertekenaars/#welke-ondertekenaars-zijn-bevestigd")
    assert re.search(r"Organisatie\s+Werkt in gemeente\s+Bron\s+Gemeenten \(1\)\s+Gemeente Proefstad\s+Emmen",
                     text), text[:300]


def test_every_generated_table_is_spaced_not_only_the_ones_render_py_writes(index_docs):
    text = text_of(index_docs, "open-data/#kolommen-van-afsprakencsv")
    assert re.search(r"afspraken\.csv\s+Kolom\s+Wat staat erin\?\s+nummer\s+Het nummer", text), text[:200]


def test_lines_after_a_line_break_are_separate_words(index_docs):
    assert re.search(r"voor de tests\)\s+uitgever:", text_of(index_docs, "over/bronnen/#welke-bronnen-zijn-er"))
    akkoord = " ".join(text_of(index_docs, d["location"]) for d in index_docs
                       if d["location"].startswith("akkoord/#groep-"))
    assert re.search(r"doen mee aan het proefakkoord\s+Verzonnen afspraak 1", akkoord), akkoord[:300]


def test_an_afspraak_page_is_found_by_its_text_not_by_its_facts_box(index_docs):
    page = [d for d in index_docs if d["location"] == "afspraken/3/"]
    assert page and page[0]["title"] == "Afspraak 3: Een proefcommissie instellen"
    assert "Termijn" not in page[0]["text"] and "Status" not in page[0]["text"]
    # The responsible parties stay findable through the page's own section.
    assert "Proefcommissie" in text_of(index_docs, "afspraken/3/#wie-is-verantwoordelijk")


def test_every_real_afspraak_is_found_by_its_title_and_its_responsible_parties(real_docs):
    afspraken = yaml.safe_load((ROOT / "data" / "afspraken.yml").read_text(encoding="utf-8"))
    names = {o["id"]: o["naam"] for name in ("verantwoordelijken", "ondertekenaars")
             for o in yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))}
    for item in afspraken:
        location = f"afspraken/{item['nummer']}/"
        page = [d for d in real_docs if d["location"] == location]
        assert page and page[0]["title"] == f"Afspraak {item['nummer']}: {item['titel']}"
        assert "Termijn" not in page[0]["text"] and "Status" not in page[0]["text"]
        section = " ".join(text_of(real_docs, d["location"]) for d in real_docs
                           if d["location"] == location + "#wie-is-verantwoordelijk")
        for ref in verantwoordelijk_ids(item):
            assert " ".join(names[ref].split()) in " ".join(section.split()), (location, ref)


def test_charts_are_found_by_their_table_not_their_picture(index_docs):
    stand = [d for d in index_docs if d["location"].startswith("afspraken/stand/")]
    assert stand, "no Stand van zaken page in the index"
    text = " ".join(text_of(index_docs, d["location"]) for d in stand)
    # The table's cells, each a word of its own ...
    assert re.search(r"Proefkerngroep\s+3\s+Proefcommissie \(onze lezing\)\s+1", text), text[:400]
    # ... and not the SVG's labels run together with its numbers.
    assert not re.search(r"[a-z]\d+[A-Z]", text), re.search(r".{40}[a-z]\d+[A-Z].{40}", text).group(0)


@pytest.mark.browser
def test_search_finds_a_word_and_opens_a_result(browser, gate_url, gate_site, builder):
    """In a real browser, on every builder: type a word, get results, open one, land on a page with it."""
    from sitepages import SEARCH, open_page, open_search, url_of

    woorden = yaml.safe_load((ROOT / "data" / "woordenlijst.yml").read_text(encoding="utf-8"))
    word = max((w["term"] for w in woorden), key=len)  # a long term: few pages, all with the word
    with open_page(browser, gate_url, gate_site) as page:
        page.goto(url_of(gate_url, "index.html"))
        results = open_search(page, builder, word)
        assert results.count() >= 1
        start = page.url
        with page.expect_navigation():
            page.locator(SEARCH[builder]["link"]).first.click()
        assert page.url != start, "opening a result did not leave the page"
        text = " ".join(page.locator("article").first.inner_text().split())
    assert word.casefold() in text.casefold(), f"{page.url} does not say {word!r}"
