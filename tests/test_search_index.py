"""What the search results show: readable text, not cells and lines glued together.

Material's search index keeps a few tags (p, li, …) and drops the rest, table cells and
<br> included; text on both sides then ran together ("OrganisatieWerkt in gemeenteBron").
`render.spaced_for_search()` adds the whitespace to every page's HTML (hook on_page_content).
The facts box of an afspraak page is left out of the index: as one run-on snippet it stood
above the page's own text in every result.
"""

from __future__ import annotations

import json
import re

import pytest


@pytest.fixture(scope="module")
def index_docs(site_dir):
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def text_of(docs, location: str) -> str:
    [doc] = [d for d in docs if d["location"] == location]
    return re.sub(r"<[^>]+>", " ", doc["text"])


def test_table_cells_are_separate_words(index_docs):
    text = text_of(index_docs, "ondertekenaars/#welke-ondertekenaars-zijn-bevestigd")
    assert re.search(r"Organisatie\s+Werkt in gemeente\s+Bron\s+Gemeenten \(3\)\s+Gemeente Borger-Odoorn\s+Borger-Odoorn",
                     text), text[:300]


def test_every_generated_table_is_spaced_not_only_the_ones_render_py_writes(index_docs):
    text = text_of(index_docs, "open-data/#kolommen-van-afsprakencsv")
    assert re.search(r"afspraken\.csv\s+Kolom\s+Wat staat erin\?\s+nummer\s+Het nummer", text), text[:200]


def test_lines_after_a_line_break_are_separate_words(index_docs):
    assert re.search(r"woonzorgakkoord BOCE\s+uitgever:", text_of(index_docs, "over/bronnen/#welke-bronnen-zijn-er"))
    akkoord = " ".join(text_of(index_docs, d["location"]) for d in index_docs
                       if d["location"].startswith("akkoord/#groep-"))
    assert re.search(r"zetten zich in voor de afspraken\s+Wie het akkoord tekent", akkoord)


def test_an_afspraak_page_is_found_by_its_text_not_by_its_facts_box(index_docs):
    page = [d for d in index_docs if d["location"] == "afspraken/7/"]
    assert page and page[0]["title"] == "Afspraak 7: Een doorbraakcommissie instellen"
    assert "Termijn" not in page[0]["text"] and "Status" not in page[0]["text"]
    # The responsible parties stay findable through the page's own section.
    assert "Regionale kerngroep" in text_of(index_docs, "afspraken/7/#wie-is-verantwoordelijk")


def test_charts_are_found_by_their_table_not_their_picture(index_docs):
    stand = [d for d in index_docs if d["location"].startswith("afspraken/stand/")]
    assert stand, "no Stand van zaken page in the index"
    text = " ".join(text_of(index_docs, d["location"]) for d in stand)
    # The table's cells, each a word of its own ...
    assert re.search(r"Regionale kerngroep\s+4\s+Doorbraakcommissie\s+1", text), text[:400]
    # ... and not the SVG's labels run together with its numbers.
    assert not re.search(r"[a-z]\d+[A-Z]", text), re.search(r".{40}[a-z]\d+[A-Z].{40}", text).group(0)
