"""The real site, built --strict: every page of the akkoord is there and driven by the YAML.

Expectations come from data/*.yml, so editors' changes keep these tests green; a changed copy is
made of the tests' fictional akkoord (tests/fixtures/data) where a test needs known content.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import FIXTURE_EPOCH, ROOT, build_site, copy_project, dutch, fixture_project, html_pages


def load_yaml(name: str):
    return yaml.load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def visible_text(markup: str) -> str:
    """Text as a screen reader reads it: tags dropped, aria-hidden icons left out."""
    markup = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', " ", markup)
    markup = re.sub(r'<a class="zw-woord" href="[^"]*">([^<]*)</a>', r"\1", markup)  # a word link is read inline
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


AFSPRAKEN = load_yaml("afspraken")
STATUS_LABELS = {s["naam"]: s["label"] for s in load_yaml("statussen")}


def current_status(afspraak) -> str:
    return afspraak["voortgang"][-1]["status"] if afspraak["voortgang"] else "onbekend"


EXPECTED_PAGES = [
    "index.html", "visie/index.html", "akkoord/index.html", "themas/index.html",
    "themas/gezonde-wijk/index.html", "themas/informele-wijk/index.html", "themas/inclusieve-wijk/index.html",
    "afspraken/index.html", "afspraken/hoe-werkt-dit/index.html", "proeftuinen/index.html",
    "ondertekenaars/index.html", "gemeenten/index.html",
    "over/index.html", "over/toegankelijkheid/index.html", "over/privacy/index.html", "over/bronnen/index.html",
    *(f"proeftuinen/{p['id']}/index.html" for p in load_yaml("proeftuinen")),
    *(f"gemeenten/{g['id']}/index.html" for g in load_yaml("gemeenten")),
    *(f"organisaties/{o['id']}/index.html" for name in ("verantwoordelijken", "ondertekenaars")
      for o in load_yaml(name)),
]
BRONNEN = {b["id"]: b for b in load_yaml("bronnen")}



def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("page", EXPECTED_PAGES)
def test_page_exists(site_dir, page):
    assert (site_dir / page).is_file(), f"{page} is not built"


def test_one_page_per_afspraak(site_dir):
    assert AFSPRAKEN
    for afspraak in AFSPRAKEN:
        page = site_dir / "afspraken" / afspraak["nummer"] / "index.html"
        assert page.is_file(), f"no page for afspraak {afspraak['nummer']}"
        content = visible_text(text_of(page))
        assert f"Afspraak {afspraak['nummer']}: {afspraak['titel']}" in content
        assert STATUS_LABELS[current_status(afspraak)] in content
        assert " ".join(afspraak["afgesproken"].split()) in " ".join(content.split())


def test_overview_table_has_a_row_per_afspraak_with_status(site_dir):
    markup = text_of(site_dir / "afspraken" / "index.html")
    table = re.search(r'<table class="zw-afspraken">.*?</table>', markup, re.S).group(0)
    assert "<caption>" in table and '<th scope="col">Status</th>' in table
    rows = re.findall(r"<tr>\s*<td class=\"zw-nummer\"[^>]*>(\d+)</td>(.*?)</tr>", table, re.S)
    assert [int(n) for n, _ in rows] == [int(a["nummer"]) for a in AFSPRAKEN]
    for (number, row), afspraak in zip(rows, AFSPRAKEN, strict=True):
        assert f'href="{number}/"' in row
        assert STATUS_LABELS[current_status(afspraak)] in visible_text(row)


def test_every_progress_entry_is_on_its_page_with_date_status_and_source(site_dir):
    for afspraak in AFSPRAKEN:
        content = words(visible_text(text_of(site_dir / "afspraken" / afspraak["nummer"] / "index.html")))
        for entry in afspraak["voortgang"]:
            assert dutch(entry["datum"]) in content, (afspraak["nummer"], entry["datum"])
            assert STATUS_LABELS[entry["status"]] in content
            assert words(entry["notitie"]) in content
            assert words(BRONNEN[entry["bron"]]["titel"]) in content  # the source of the entry


def test_unknown_status_is_said_not_guessed(site_dir, fixture_site):
    unknown = [a for a in AFSPRAKEN if not a["voortgang"]]
    pages = [(site_dir, a) for a in unknown] + [(fixture_site, {"nummer": "3", "deadline": {"tekst": "voor de zomer van 2024"}})]
    for site, afspraak in pages:
        content = words(visible_text(text_of(site / "afspraken" / afspraak["nummer"] / "index.html")))
        assert "Onbekend" in content
        assert "nog geen voortgang bekend" in content
        if afspraak.get("deadline"):
            assert words(afspraak["deadline"]["tekst"]) in content


def test_every_ondertekenaar_is_on_the_page(site_dir):
    content = visible_text(text_of(site_dir / "ondertekenaars" / "index.html"))
    ondertekenaars = load_yaml("ondertekenaars")
    assert ondertekenaars
    for ondertekenaar in ondertekenaars:
        assert ondertekenaar["naam"] in content


def test_home_counts_come_from_the_data(site_dir):
    content = " ".join(visible_text(text_of(site_dir / "index.html")).split())
    counts = {}
    for afspraak in AFSPRAKEN:
        counts[current_status(afspraak)] = counts.get(current_status(afspraak), 0) + 1
    for status, count in counts.items():
        assert f"{count} {STATUS_LABELS[status]}" in content


def test_every_page_is_dutch_and_has_no_leaked_template(site_dir):
    pages = html_pages(site_dir)
    assert len(pages) > 40
    for page in pages:
        markup = text_of(page)
        assert re.search(r'<html[^>]*\blang="nl"', markup), f"{page} lacks lang=nl"
        assert "{{" not in markup and "{%" not in markup, f"{page} has a leaked template tag"
        for marker in ("Macro Rendering Error", "Traceback", "UndefinedError", "_Syntax error_"):
            assert marker not in markup, f"{page} shows a macro error: {marker}"


def test_search_index_has_data_driven_pages(site_dir):
    index = json.loads(text_of(site_dir / "search" / "search_index.json"))
    assert index["config"]["lang"] == ["nl"]
    by_location = {}
    for doc in index["docs"]:
        by_location.setdefault(doc["location"].split("#")[0], []).append(doc["text"].lower() + doc["title"].lower())
    for afspraak in AFSPRAKEN:
        assert any(afspraak["titel"].lower() in t for t in by_location[f"afspraken/{afspraak['nummer']}/"])
    for proeftuin in load_yaml("proeftuinen"):
        assert any(proeftuin["plaats"].lower() in t for t in by_location[f"proeftuinen/{proeftuin['id']}/"])


def test_a_data_change_shows_up_on_the_built_page(tmp_path):
    project = fixture_project(tmp_path / "project")
    path = project / "data" / "afspraken.yml"
    source = path.read_text(encoding="utf-8")
    changed = source.replace("titel: Een proefcommissie instellen", "titel: Doorbraak voor regels die knellen")
    changed = changed.replace(
        "    tekst: voor de zomer van 2024\n  voortgang: []",
        "    tekst: voor de zomer van 2024\n  voortgang:\n    - datum: 2024-05-01\n      status: in uitvoering\n"
        "      notitie: De kerngroep praat over de leden van de commissie.\n      bron: akkoord-2023", 1)
    assert changed.count("Doorbraak voor regels die knellen") == 1 and changed.count("2024-05-01\n      status: in") == 1
    path.write_text(changed, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site, FIXTURE_EPOCH)
    assert result.returncode == 0, result.stderr
    page = visible_text(text_of(site / "afspraken" / "3" / "index.html"))
    assert "Doorbraak voor regels die knellen" in page
    assert "In uitvoering" in page and "1 mei 2024" in page
    assert "De kerngroep praat over de leden van de commissie." in page
    overview = visible_text(text_of(site / "afspraken" / "index.html"))
    assert "Doorbraak voor regels die knellen" in overview
    assert "Een proefcommissie instellen" not in overview


def test_adding_an_afspraak_adds_page_row_and_search_entry(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "data" / "afspraken.yml"
    new = len(AFSPRAKEN) + 1  # afspraken are numbered 1, 2, 3, ... without gaps
    path.write_text(path.read_text(encoding="utf-8") + (
        f"- nummer: {new}\n  titel: Een proefafspraak over zonnepanelen\n  groep: ondertekening\n"
        "  afgesproken: Een tekst over zonnepanelen op daken.\n  uitleg: Uitleg over zonnepanelen.\n"
        "  themas: [gezonde-wijk]\n  gemeenten: [emmen]\n  proeftuinen: []\n  verantwoordelijk: []\n"
        "  voortgang: []\n"), encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    assert "Een proefafspraak over zonnepanelen" in text_of(site / "afspraken" / str(new) / "index.html")
    assert f'href="{new}/"' in text_of(site / "afspraken" / "index.html")
    index = json.loads(text_of(site / "search" / "search_index.json"))
    assert any(doc["location"].startswith(f"afspraken/{new}/") for doc in index["docs"])
    assert "nog niet bekend" in visible_text(text_of(site / "afspraken" / str(new) / "index.html"))


def _search_cases() -> list[tuple[str, str]]:
    """A word from a title that only one afspraak has, and a proeftuin's place: searches that must find them."""
    cases = []
    titles = {a["nummer"]: set(re.findall(r"\w{6,}", a["titel"].lower())) for a in AFSPRAKEN}
    for nummer, own in titles.items():
        unique = sorted(w for w in own if not any(w in t for n, t in titles.items() if n != nummer))
        if unique:
            cases.append((max(unique, key=len), f"afspraken/{nummer}/"))
    proeftuinen = load_yaml("proeftuinen")
    cases += [(p["plaats"], f"proeftuinen/{p['id']}/") for p in proeftuinen[:1]]
    return cases[:2] + cases[-1:]


@pytest.mark.browser
@pytest.mark.parametrize("query, expected", _search_cases())
def test_site_search_finds_data_driven_content(page, site_url, query, expected):
    page.goto(site_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query, delay=20)  # Material reacts to key events, not to fill()
    # Material redraws the list after every key; reading it item by item raced a shrinking list
    # (nth(i) of a gone item waited until the timeout). Wait for the result itself, read at once.
    found = page.locator(f'.md-search-result__item a[href*="{expected}"]')
    try:
        found.first.wait_for(timeout=15000)
    except PlaywrightTimeout:
        hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        pytest.fail(f"{query!r} did not find {expected}: {hrefs}")


@pytest.mark.browser
def test_open_an_afspraak_from_the_table(page, site_url):
    afspraak = AFSPRAKEN[-1]
    page.goto(site_url + "afspraken/")
    page.locator("table.zw-afspraken").get_by_role("link", name=afspraak["titel"], exact=True).click()
    page.wait_for_url(re.compile(rf"/afspraken/{afspraak['nummer']}/$"))
    assert page.locator("h1").inner_text().startswith(f"Afspraak {afspraak['nummer']}:")
    assert "Voortgang" in page.locator("article").inner_text()


def test_broken_front_matter_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "over" / "bronnen.md"
    source = page.read_text(encoding="utf-8")
    assert source.startswith("---\n")
    # A colon in an unquoted value: MkDocs itself would silently drop the front matter.
    page.write_text(source.replace("---\n", "---\ndescription: Over deze site: wie\n", 1), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/over/bronnen.md: de gegevens bovenaan (front matter) zijn geen geldige YAML" in output
    assert output.rstrip().splitlines()[-1].startswith("Niet gebouwd: 1 fout in een pagina.")
