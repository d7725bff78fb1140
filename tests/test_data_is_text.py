"""Data is text: whatever an editor types in data/*.yml shows as those characters, never as markup.

No data field accepts Markdown or HTML (see REDACTIE.md). A copy of the project gets text that
looks like HTML, Markdown, a table separator, a javascript: link and Jinja, in an afspraak title,
its uitleg, a voortgang notitie, an ondertekenaar naam and a bron titel. It is built for real,
and the built HTML, search index, nav and <title> must show the literal characters; in Chromium
no dialog opens and no script runs.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_site, copy_project, serve

PAYLOAD = "<script>alert(1)</script> <b>vet</b> a | b [link](javascript:alert(1)) {{ 7*7 }} {% raw %}"
TITLE = PAYLOAD  # exactly 90 characters: the longest title the schema allows
UITLEG = f"Uitleg {PAYLOAD}"
NOTITIE = f"Notitie {PAYLOAD}"
NAAM = f"Organisatie {PAYLOAD}"
NAAM_OVERLEG = f"Overleg {PAYLOAD}"  # two organisations with one name are refused: a reader cannot tell them apart
BRON_TITEL = f"Bron {PAYLOAD}"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;vet&lt;/b&gt; a | b [link](javascript:alert(1)) {{ 7*7 }} {% raw %}"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _make_payload_project(project: Path) -> None:
    data = project / "data"
    afspraken = (data / "afspraken.yml").read_text(encoding="utf-8")
    first = afspraken.index("- nummer: 1\n")
    second = afspraken.index("- nummer: 2\n")
    record = afspraken[first:second]
    record = re.sub(r"(?m)^  titel: .*$", lambda m: f"  titel: {_quoted(TITLE)}", record, count=1)
    record = re.sub(r"(?ms)^  uitleg: .*?(?=^  [a-z_]+:)", lambda m: f"  uitleg: {_quoted(UITLEG)}\n", record,
                    count=1)
    record = re.sub(r"(?ms)^  voortgang:.*", "", record)
    record += ("  voortgang:\n    - datum: 2024-01-15\n      status: in uitvoering\n"
               f"      notitie: {_quoted(NOTITIE)}\n      bron: proef-bron\n")
    (data / "afspraken.yml").write_text(afspraken[:first] + record + afspraken[second:], encoding="utf-8")
    with open(data / "bronnen.yml", "a", encoding="utf-8") as bronnen:
        bronnen.write(f"- id: proef-bron\n  titel: {_quoted(BRON_TITEL)}\n  soort: nieuwsbericht\n"
                      "  datum: 2024-01-15\n  url: https://example.org/bericht?a=1&b=2\n")
    with open(data / "ondertekenaars.yml", "a", encoding="utf-8") as ondertekenaars:
        ondertekenaars.write(f"- id: proef-organisatie\n  naam: {_quoted(NAAM)}\n  soort: welzijn\n"
                             "  gemeenten: [emmen]\n  bronnen: [proef-bron]\n")
    with open(data / "verantwoordelijken.yml", "a", encoding="utf-8") as verantwoordelijken:
        verantwoordelijken.write(f"- id: proef-overleg\n  naam: {_quoted(NAAM_OVERLEG)}\n  soort: overleg\n"
                                 "  uitleg: Een overleg om te testen.\n  bronnen: [proef-bron]\n")


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("payload-project"))
    _make_payload_project(project)
    site = tmp_path_factory.mktemp("payload-site")
    result = build_site(project, site)
    assert result.returncode == 0, f"build with payload data failed:\n{result.stdout}\n{result.stderr}"
    return site


class _Page(HTMLParser):
    """Collects elements and the visible text of a page, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_script = self._in_title = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)
        if self._in_title:
            self.title += data


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def visible_text(page: _Page) -> str:
    return " ".join(" ".join(page.text).split())


def assert_no_markup_from_data(page: _Page, where: str) -> None:
    assert not [s for s in page.scripts if "alert(1)" in s], f"{where}: a script from the data"
    assert ("b", {}) not in page.elements, f"{where}: <b> from the data"
    links = [a.get("href", "") for tag, a in page.elements if tag == "a"]
    assert not [h for h in links if h.strip().lower().startswith("javascript:")], f"{where}: a javascript: link"


def test_afspraak_page_shows_every_field_literally(payload_site):
    path = payload_site / "afspraken" / "1" / "index.html"
    raw = path.read_text(encoding="utf-8")
    page = parse(path)
    assert_no_markup_from_data(page, "afspraken/1/")
    text = visible_text(page)
    for value in (f"Afspraak 1: {TITLE}", UITLEG, NOTITIE, BRON_TITEL):
        assert value in text, value
    assert "49" not in text.replace("2049", ""), "{{ 7*7 }} was evaluated"
    assert f"<h1 id=\"afspraak-1\">Afspraak 1: {ESCAPED}</h1>" in raw
    assert f"<p>Uitleg {ESCAPED}</p>" in raw
    assert f'<td data-label="Wat is er gebeurd?">Notitie {ESCAPED}</td>' in raw
    # The bron's url is the only link, escaped as an attribute.
    assert f'<a href="https://example.org/bericht?a=1&amp;b=2">Bron {ESCAPED}</a>' in raw


def test_title_element_shows_the_title_literally(payload_site):
    page = parse(payload_site / "afspraken" / "1" / "index.html")
    assert page.title.startswith(f"Afspraak 1: {TITLE} - "), page.title


def test_overview_table_is_not_broken(payload_site):
    path = payload_site / "afspraken" / "index.html"
    raw = path.read_text(encoding="utf-8")
    page = parse(path)
    assert_no_markup_from_data(page, "afspraken/")
    table = re.search(r'<table class="zw-afspraken">.*?</table>', raw, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    assert rows, "no rows in the overview table"
    for row in rows:
        cells = re.findall(r"<t[hd][ >]", row)
        assert len(cells) == 6, f"a row with {len(cells)} cells instead of 6: {row[:200]}"
    first = rows[0]
    assert f'<a href="1/">{ESCAPED}</a>' in first
    assert f"{TITLE}" in visible_text(page)


def test_ondertekenaars_page_shows_name_and_source_literally(payload_site):
    path = payload_site / "ondertekenaars" / "index.html"
    page = parse(path)
    assert_no_markup_from_data(page, "ondertekenaars/")
    text = visible_text(page)
    assert NAAM in text
    assert BRON_TITEL in text
    assert f">{html.escape(NAAM, quote=False)}</a>" in path.read_text(encoding="utf-8")


def test_nav_shows_the_title_literally(payload_site):
    # Responsible bodies are in the nav; afspraken are reached through the tables.
    raw = (payload_site / "afspraken" / "2" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<a href="\.\./\.\./organisaties/proef-overleg/" class="md-nav__link">\s*'
                      r'<span class="md-ellipsis">\s*(.*?)\s*</span>', raw, re.S)
    assert match, "the responsible body is not in the nav"
    assert match.group(1) == f"Overleg {ESCAPED}"


def test_search_index_holds_escaped_text(payload_site):
    index = json.loads((payload_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    page = next(d for d in docs if d["location"] == "afspraken/1/")
    assert page["title"] == f"Afspraak 1: {ESCAPED}"
    for doc in docs:
        for key in ("title", "text"):
            assert "<script" not in doc[key], (doc["location"], key)
            assert "<b>vet" not in doc[key], (doc["location"], key)
            assert "javascript:alert(1)" not in doc[key] or "[link](javascript:alert(1))" in doc[key]
    texts = " ".join(d["text"] for d in docs)
    for value in (UITLEG, NOTITIE, NAAM, BRON_TITEL):
        assert html.escape(value, quote=False) in texts, value


def test_no_page_anywhere_contains_live_markup_from_data(payload_site):
    pages = sorted(payload_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        where = path.relative_to(payload_site).as_posix()
        assert "<script>alert(1)" not in raw, where
        assert "<b>vet</b>" not in raw, where
        assert 'href="javascript:' not in raw.lower(), where
        assert_no_markup_from_data(parse(path), where)


def test_no_page_escapes_data_twice(payload_site):
    # Titles are escaped once, in the generated front matter. Material's previous/next footer
    # escaped them again, so navigation.footer is off.
    doubled = [path.relative_to(payload_site).as_posix() for path in sorted(payload_site.rglob("*.html"))
               if "&amp;lt;" in path.read_text(encoding="utf-8") or "&amp;amp;" in path.read_text(encoding="utf-8")]
    assert not doubled, f"text escaped twice (screen readers read '&lt;'): {doubled}"


# --- In a real browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def payload_url(payload_site):
    with serve(payload_site) as url:
        yield url


NO_DATA_MARKUP = """() => ({
    bold: [...document.querySelectorAll('b')].filter(b => b.textContent === 'vet').length,
    scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(1)')).length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter(
        a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
    text: document.body.innerText,
})"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["afspraken/1/", "afspraken/", "ondertekenaars/", "organisaties/proef-organisatie/",
                                  "afspraken/2/"])
def test_browser_runs_no_script_from_data(browser, payload_url, path):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(payload_url + path, wait_until="load")
        page.wait_for_timeout(300)
        found = page.evaluate(NO_DATA_MARKUP)
        assert dialogs == [], f"a dialog opened on {path}: {dialogs}"
        assert found["bold"] == 0 and found["scripts"] == 0 and found["jsLinks"] == 0, found
        assert "<script>alert(1)</script>" in found["text"], "the data should show as literal text"
    finally:
        context.close()


@pytest.mark.browser
def test_browser_search_results_run_no_script_from_data(browser, payload_url):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(payload_url + "afspraken/", wait_until="load")
        page.keyboard.press("/")  # Material's shortcut opens the search box
        query = page.locator("input[data-md-component='search-query']")
        for _ in range(20):  # the search worker loads its index in the background
            query.fill("")
            query.press_sequentially("Uitleg", delay=20)
            try:
                page.wait_for_selector(".md-search-result__item", timeout=1500)
                break
            except PlaywrightTimeout:
                continue
        assert page.locator(".md-search-result__item").count() > 0, "search found nothing"
        page.wait_for_timeout(300)
        results = page.locator(".md-search-result").inner_text()
        found = page.evaluate(NO_DATA_MARKUP)
        assert dialogs == []
        assert found["bold"] == 0 and found["scripts"] == 0 and found["jsLinks"] == 0, found
        assert "<script>alert(1)</script>" in results
    finally:
        context.close()
