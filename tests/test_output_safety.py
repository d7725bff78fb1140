"""Output safety in the renderers, independent of the JSON Schema (macros/output/safe.py).

The schema is the first defence; these tests put data the schema would refuse straight into the
model (dataclasses.replace) or build a copy whose schema is relaxed, and check the renderers'
own defence:

- only https:/http: URLs become a link (mailto: only in the report link), in HTML and in feeds;
- CSV cells that a spreadsheet would read as a formula start with a ' (OWASP "CSV Injection");
- feeds and HTML hold only characters XML 1.0 allows, and the feeds parse;
- every text from the data is escaped in every render function (status labels included).

Uses the tests' fictional akkoord (tests/fixtures/data).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import importlib
import inspect
import io
import itertools
import json
import pkgutil
import re
import urllib.parse
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURE_DAY, FIXTURE_EPOCH, build_site, fixture_data, fixture_project
import macros
from macros.output import (
    blocks, chart, feeds, meld, opendata, overviews, pages, text, urls, changes,
)
from macros.history import diff
from macros.data.loader import load_akkoord
from macros.model import Voortgang
from macros.build.site_pages import generated_pages

SITE_URL = "https://example.org/zorgsaam-wonen/"
MELD = "redactie@zorgsaam-wonen.example"
ATOM = "{http://www.w3.org/2005/Atom}"
BRON = "proef-nieuws-2024-01"  # has a url; used by afspraak 6's voortgang
AFSPRAAK = 6  # status 'in uitvoering', verantwoordelijk: regionale-kerngroep

# Characters outside XML 1.0's Char production (and so never allowed in a feed or a page).
XML_FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"]
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

EVIL = "<script>x</script>&\"'"
EVIL_ESCAPED = "&lt;script&gt;x&lt;/script&gt;&amp;&quot;&#x27;"

# URLs that must never become an href; each fails a different rule.
BAD_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",  # browsers drop tabs and newlines inside a URL
    "java\nscript:alert(1)",
    " javascript:alert(1)",  # ... and leading spaces and controls
    "\x01javascript:alert(1)",
    "javascript\x00:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "mailto:iemand@example.org",  # mailto: only for the report link
    "//evil.example/x",  # protocol-relative: another host
    "/relative/path",
    "relative/path",
    "https:evil.example",  # no // and no host
    "https://",
    "https://rvo.nl@evil.example/",  # the host is evil.example
]
GOOD_URLS = ["https://example.org/bericht?a=1&b=2", "http://example.org/", "HTTPS://EXAMPLE.ORG/Pad"]

FORMULAS = ['=HYPERLINK("https://evil.example","klik")', "+1", "-1+2", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.fixture(scope="module")
def akkoord(tmp_path_factory):
    return load_akkoord(fixture_data(tmp_path_factory.mktemp("fixture") / "data"), FIXTURE_DAY)


def with_bron(akkoord, **changes):
    bron = dataclasses.replace(akkoord.bronnen[BRON], **changes)
    return dataclasses.replace(akkoord, bronnen={**akkoord.bronnen, BRON: bron})


def with_afspraak(akkoord, nummer=AFSPRAAK, **changes):
    a = dataclasses.replace(akkoord.afspraken[nummer], **changes)
    return dataclasses.replace(akkoord, afspraken={**akkoord.afspraken, nummer: a})


class Parsed(HTMLParser):
    """Every element with its attributes (character references resolved, as a browser does)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def urls(self) -> list[tuple[str, dict, str]]:
        return [(tag, attrs, attrs[name]) for tag, attrs in self.elements
                for name in ("href", "src", "xlink:href", "action", "formaction") if attrs.get(name) is not None]

    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def browser_scheme(url: str) -> str:
    """The scheme a browser would read (WHATWG URL: leading C0/space stripped, tab/newline removed)."""
    url = re.sub("[\t\n\r]", "", url.lstrip("".join(map(chr, range(0x21)))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def assert_only_safe_urls(html_text: str, where: str) -> None:
    for tag, attrs, url in Parsed(html_text).urls():
        scheme = browser_scheme(url)
        if scheme == "mailto":
            assert {"zw-meld__link", "zw-meld__adres"} & set(attrs.get("class", "").split()), (
                f"{where}: a mailto: link that is not the report link or the editors' address")
        else:
            assert scheme in ("", "http", "https"), f"{where}: <{tag}> links to {url!r}"
        if scheme in ("http", "https"):
            assert urllib.parse.urlsplit(url).hostname, f"{where}: {url!r} has no host"
        if not scheme:
            assert not re.match(r"[\\/]{2}", url.strip()), f"{where}: {url!r} leaves for another host"


def assert_xml_text(text: str, where: str) -> None:
    found = sorted({hex(ord(c)) for c in NOT_XML.findall(text)})
    assert not found, f"{where}: characters XML 1.0 does not allow: {found}"


# ---------- 1. Links: only https: and http: ----------

@pytest.mark.parametrize("url", BAD_URLS, ids=repr)
def test_a_bron_url_that_is_not_a_web_link_is_no_link(akkoord, url):
    changed = with_bron(akkoord, url=url)
    bron = changed.bronnen[BRON]
    outputs = {
        "bron_item": blocks.bron_item(bron),
        "bronnen_lijst": overviews.bronnen_lijst(changed),
        "afspraak_page": pages.afspraak_page(changed, changed.afspraken[AFSPRAAK], "afspraken/6/"),
    }
    for where, out in outputs.items():
        parsed = Parsed(out)
        assert not [u for _, _, u in parsed.urls() if u == url], f"{where}: {url!r} became a link"
        assert_only_safe_urls(out, where)
        assert bron.titel in parsed.visible(), f"{where}: the bron's title must still show, as text"
        assert not [a for tag, a in parsed.elements if tag == "a" and "javascript" in a.get("href", "").lower()]
    # The refused URL is not printed as text either.
    assert "alert(1)" not in Parsed(outputs["bron_item"]).visible()


@pytest.mark.parametrize("url", GOOD_URLS)
def test_a_web_url_stays_a_link_escaped_as_an_attribute(akkoord, url):
    changed = with_bron(akkoord, url=url)
    out = blocks.bron_item(changed.bronnen[BRON])
    assert [u for _, _, u in Parsed(out).urls()] == [url]
    assert f'href="{url.replace("&", "&amp;")}"' in out


def test_the_report_link_is_the_only_mailto_link(akkoord):
    a = akkoord.afspraken[AFSPRAAK]
    out = pages.afspraak_page(akkoord, a, "afspraken/6/", site_url=SITE_URL, meld_adres=MELD)
    mailto = [(attrs, u) for _, attrs, u in Parsed(out).urls() if u.startswith("mailto:")]
    assert len(mailto) == 1 and mailto[0][0]["class"] == "zw-meld__link"
    assert_only_safe_urls(out, "afspraak_page")


def test_safe_href_rules():
    from macros.output.safe import safe_href

    for url in BAD_URLS:
        assert safe_href(url) is None, url
    for url in GOOD_URLS:
        assert safe_href(url) == url, url  # unchanged: the built HTML stays the same
    assert safe_href("mailto:a@example.org?subject=x", mailto=True) == "mailto:a@example.org?subject=x"
    assert safe_href("javascript:alert(1)", mailto=True) is None
    # The site's own pages: relative, but never another host or a scheme in disguise.
    for url in ("../afspraken/7/", "./", "/voortgang.xml", "voortgang-afspraak-1.xml", "afspraken/7/#voortgang-1"):
        assert safe_href(url, relative=True) == url, url
    for url in ("//evil.example/", "javascript:alert(1)", "organisaties:x/", "java\tscript:x", None, ""):
        assert safe_href(url, relative=True) is None, url


def test_an_internal_link_that_would_have_a_scheme_is_text(akkoord):
    """Ids make internal links; a ':' in an id (impossible under the schema) gives no link."""
    out = blocks.link("", "javascript:alert(1)", "tekst")
    assert "<a" not in out and out == "tekst"
    rows = [chart.Row("label", 1, "javascript:alert(1)"), chart.Row("andere", 2, "//evil.example/")]
    table = chart.chart_with_table("t", "Titel", rows, column="Kolom")
    assert_only_safe_urls(table, "chart")
    assert "<a " not in table


def test_feed_links_are_only_web_links(akkoord):
    for site_url in ("javascript:alert(1)//", "//evil.example/"):
        root = ET.fromstring(feeds.site_feed(akkoord, site_url))
        links = [link.get("href") for link in root.iter(f"{ATOM}link")]
        assert not [h for h in links if browser_scheme(h) not in ("http", "https") or h.startswith("//")], links
    root = ET.fromstring(feeds.site_feed(akkoord, SITE_URL))
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert links and all(h.startswith(SITE_URL) for h in links)


# ---------- 2. CSV: no formulas ----------

def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("formula", FORMULAS, ids=repr)
def test_csv_cells_that_start_like_a_formula_get_a_quote(akkoord, formula):
    changed = with_afspraak(akkoord, titel=formula)
    o = dataclasses.replace(akkoord.ondertekenaars["zorggroep-test"], naam=formula, toelichting=formula)
    changed = dataclasses.replace(changed, ondertekenaars={**changed.ondertekenaars, o.id: o})
    rows = read_csv(opendata.afspraken_csv(changed, SITE_URL))
    assert rows[AFSPRAAK - 1]["titel"] == "'" + formula
    row = next(r for r in read_csv(opendata.ondertekenaars_csv(changed, SITE_URL)) if r["id"] == o.id)
    assert row["naam"] == row["toelichting"] == "'" + formula
    # The list of names joins them: the cell starts with the first one.
    first = next(r for r in rows if r["verantwoordelijk"].split(" | ")[0] == o.id)
    assert first["verantwoordelijk_namen"].startswith("'" + formula)
    # JSON is not a spreadsheet: the value as the editor wrote it.
    record = json.loads(opendata.afspraken_json(changed, SITE_URL))["afspraken"][AFSPRAAK - 1]
    assert record["titel"] == formula
    record = next(r for r in json.loads(opendata.ondertekenaars_json(changed, SITE_URL))["ondertekenaars"]
                  if r["id"] == o.id)
    assert record["naam"] == formula


def test_csv_cells_with_a_semicolon_are_quoted(akkoord):
    """Excel with Dutch settings splits a .csv at ';': quoted, the cell stays one cell."""
    changed = with_afspraak(akkoord, titel="Kosten;=1+1")
    raw = opendata.afspraken_csv(changed, SITE_URL)
    assert ',"Kosten;=1+1",' in raw
    assert read_csv(raw)[AFSPRAAK - 1]["titel"] == "Kosten;=1+1"


def test_csv_numbers_dates_and_ordinary_text_are_unchanged(akkoord):
    changed = with_afspraak(akkoord, titel="Gewone titel - met streepje = en plus + erin",
                            deadline=dataclasses.replace(akkoord.afspraken[AFSPRAAK].deadline, tekst="-"))
    rows = read_csv(opendata.afspraken_csv(changed, SITE_URL))
    row = rows[AFSPRAAK - 1]
    assert row["titel"] == "Gewone titel - met streepje = en plus + erin"
    assert row["termijn_tekst"] == "'-"
    assert row["nummer"] == str(AFSPRAAK) and row["termijn_datum"] == "2024-06-21"
    assert row["laatst_bijgewerkt"] == "2024-01-15" and row["aantal_voortgang"] == "1"


# ---------- 3. Only characters XML 1.0 allows ----------

@pytest.mark.parametrize("char", XML_FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_feeds_parse_whatever_characters_the_data_holds(akkoord, char):
    a = akkoord.afspraken[AFSPRAAK]
    v = dataclasses.replace(a.voortgang[-1], notitie=f"Notitie{char}met teken")
    changed = with_afspraak(akkoord, titel=f"Titel{char}met teken", voortgang=(v,))
    changed = with_bron(changed, titel=f"Bron{char}titel")
    status = dataclasses.replace(changed.statussen[v.status], label=f"Label{char}")
    changed = dataclasses.replace(changed, statussen={**changed.statussen, v.status: status})
    for where, xml in (("site_feed", feeds.site_feed(changed, SITE_URL)),
                       ("afspraak_feed", feeds.afspraak_feed(changed, changed.afspraken[AFSPRAAK], SITE_URL))):
        root = ET.fromstring(xml)  # raises on a character XML forbids
        assert_xml_text(xml.decode("utf-8"), where)
        entry = next(e for e in root.iter(f"{ATOM}entry")
                     if e.find(f"{ATOM}title").text.startswith(f"Afspraak {AFSPRAAK}:"))
        assert entry.find(f"{ATOM}title").text.startswith(f"Afspraak {AFSPRAAK}: Titel\ufffdmet teken")
        assert "Notitie\ufffdmet teken" in entry.find(f"{ATOM}summary").text
        assert "Bron\ufffdtitel" in entry.find(f"{ATOM}summary").text


@pytest.mark.parametrize("char", XML_FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_html_holds_only_xml_characters(akkoord, char):
    a = akkoord.afspraken[AFSPRAAK]
    v = dataclasses.replace(a.voortgang[-1], notitie=f"Notitie{char}met teken")
    changed = with_afspraak(akkoord, titel=f"Titel{char}", uitleg=f"Uitleg{char}", voortgang=(v,))
    changed = with_bron(changed, titel=f"Bron{char}")
    for page in generated_pages(changed, site_url=SITE_URL, meld_adres=MELD):
        text = page.markdown()
        assert_xml_text(text, page.src_uri)
        text.encode("utf-8")  # a lone surrogate cannot be written at all
    out = pages.afspraak_page(changed, changed.afspraken[AFSPRAAK], "afspraken/6/")
    assert "Notitie\ufffdmet teken" in out
    for out in (overviews.afspraken_overzicht(changed, "afspraken/"), overviews.bronnen_lijst(changed),
                overviews.stand_grafiek(changed, "status", "afspraken/stand/")):
        assert_xml_text(out, "macro")


def test_line_and_paragraph_separators_become_spaces(akkoord):
    changed = with_afspraak(akkoord, titel="Een\u2028twee\u2029drie")
    out = overviews.afspraken_overzicht(changed, "afspraken/")
    assert "Een twee drie" in out and "\u2028" not in out and "\u2029" not in out
    xml = feeds.afspraak_feed(changed, changed.afspraken[AFSPRAAK], SITE_URL).decode("utf-8")
    assert "Een twee drie" in xml and "\u2028" not in xml


# ---------- 4. Escaped by construction ----------

def test_a_status_label_with_markup_is_escaped_on_organisation_pages(akkoord):
    status = dataclasses.replace(akkoord.statussen["in uitvoering"], label='<img src=x onerror="alert(1)">')
    changed = dataclasses.replace(akkoord, statussen={**akkoord.statussen, "in uitvoering": status})
    assert AFSPRAAK in [a.nummer for a in changed.afspraken_met(verantwoordelijke="regionale-kerngroep")]
    out = pages.organisatie_page(changed, "regionale-kerngroep", "organisaties/regionale-kerngroep/")
    assert "<img" not in out
    assert not [tag for tag, _ in Parsed(out).elements if tag == "img"]
    assert "1 &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out  # the "verantwoordelijk voor" line


# Names the code itself relies on (model.UNKNOWN_STATUS, Akkoord.stand(), Proeftuin.is_proeftuin,
# feeds.AKKOORD_BRON): these keep their value; every other string gets EVIL appended.
KEEP = {"onbekend", "doorlopend", "afgerond", "akkoord-2023", "proeftuin"}


def adversarial(value):
    """Every str in the model with EVIL appended: texts, ids and references alike, so they still match."""
    if isinstance(value, str):
        return value if value in KEEP else value + EVIL
    if isinstance(value, tuple):
        return tuple(adversarial(v) for v in value)
    if isinstance(value, dict):
        return {adversarial(k): adversarial(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: adversarial(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


@pytest.fixture(scope="module")
def evil(akkoord):
    changed = adversarial(akkoord)
    # Every str field of every record was changed (the proof that the walk reached them all).
    for name in ("statussen", "themas", "gemeenten", "soorten", "groepen", "bronnen", "verantwoordelijken",
                 "ondertekenaars", "proeftuinen", "afspraken"):
        for record in getattr(changed, name).values():
            for f in dataclasses.fields(record):
                value = getattr(record, f.name)
                if isinstance(value, str) and value not in KEEP:
                    assert value.endswith(EVIL), (name, f.name)
    return changed


def assert_escaped(out: str, where: str) -> None:
    assert "<script" not in out.lower(), f"{where}: a raw <script> from the data"
    assert EVIL not in out, f"{where}: the data's text unescaped"
    parsed = Parsed(out)
    assert not [tag for tag, _ in parsed.elements if tag == "script"], where
    # An unescaped quote would end an attribute and start new ones named after the data.
    names = {name for _, attrs in parsed.elements for name in attrs}
    assert all(re.fullmatch(r"[a-z][a-z-]*", name) for name in names), f"{where}: attributes {sorted(names)}"
    assert_only_safe_urls(out, where)


# The modules that make the site's HTML from the model: every public function in them is called
# with hostile data below. A new module that returns Html must be added here or to TESTED_APART.
RENDER_MODULES = (blocks, overviews, pages, meld, text, urls, changes)
# Tested with their own arguments (test_charts_open_data_tables_and_feeds_escape_every_text_field,
# tests/test_woordenlijst.py), or the escaping itself (safe).
TESTED_APART = {"macros.output.chart", "macros.output.opendata", "macros.output.woordenlijst", "macros.output.safe"}
# Functions that return plain text or URLs, not HTML: their callers escape what they return.
NOT_HTML = {"e", "href", "datum", "voortgang_ids", "status_woorden", "meld_mailto", "verantwoordelijk_namen",
            "bron_tekst", "bron_zonder_titel", "bron_when", "stand_rijen", "termijn_mark", "termijn_woorden",
            "termijn_dag_gelezen", "gegevens_datum_zin", "afspraak_url",
            "proeftuin_url", "gemeente_url", "thema_url", "status_url", "organisatie_url", "anchor", "commit_url",
            "cited_bronnen", "target_url", "current_name"}
# Where one parameter name takes other values in one function.
ARGUMENTS_FOR = {("eigen_afspraken", "soort"): ["thema", "gemeente"]}


def arguments(akkoord, name: str, parameter: inspect.Parameter) -> list:
    if (name.split(".")[-1], parameter.name) in ARGUMENTS_FOR:
        return ARGUMENTS_FOR[name.split(".")[-1], parameter.name]
    afspraken = list(akkoord.afspraken.values())
    candidates = {
        "akkoord": [akkoord], "here": ["afspraken/"], "afspraken": [afspraken],
        "caption": [EVIL], "intro": [EVIL], "items": [[EVIL, EVIL, EVIL]], "slug": [EVIL], "icoon": [EVIL], "label": [EVIL], "text": [EVIL], "target": [EVIL],
        "url": ["https://example.org/?a=1&b='2'", "javascript:alert(1)"],
        "afspraak": afspraken, "a": afspraken, "t": [t for a in afspraken for t in a.toewijzingen],
        "deadline": [a.deadline for a in afspraken if a.deadline],
        "bron_id": list(akkoord.bronnen), "bron_ids": [list(akkoord.bronnen)], "bron": list(akkoord.bronnen.values()),
        "site_url": [SITE_URL], "meld_adres": [MELD + EVIL], "adres": [MELD + EVIL], "feed": ["voortgang.xml"],
        "page_url": [SITE_URL + EVIL],
        "ondertekenaars": [list(akkoord.ondertekenaars.values())], "proeftuinen": [list(akkoord.proeftuinen.values())],
        "p": list(akkoord.proeftuinen.values()), "gemeente_id": list(akkoord.gemeenten),
        "thema_id": list(akkoord.themas), "ref": [*akkoord.verantwoordelijken, *akkoord.ondertekenaars],
        "status": list(akkoord.statussen.values()), "soort": list(overviews.STAND_SOORTEN),
        "facet": ["thema", "gemeente"], "timestamp": [1764892800, 1751328000],  # winter and summer time
        "current": [None, *akkoord.statussen], "day": [FIXTURE_DAY, None],
        "geschiedenis": [evil_geschiedenis(akkoord), None, diff.Geschiedenis()],
        "repo": [meld.MeldRoute(repo="https://github.com/voorbeeld/site"), "javascript:alert(1)", None],
        "route": [meld.MeldRoute(email=MELD + EVIL, repo="https://github.com/voorbeeld/site" + EVIL),
                  meld.MeldRoute(repo="javascript:alert(1)"), meld.MeldRoute()],
        "commits": [list(evil_geschiedenis(akkoord).commits), []],
    }
    if parameter.name in candidates:
        return candidates[parameter.name]
    assert parameter.default is not inspect.Parameter.empty, (
        f"{name}({parameter.name}=...): add a value for this parameter to the test")
    return [parameter.default]


def evil_geschiedenis(akkoord) -> diff.Geschiedenis:
    """A history whose commit message, names and lines are hostile, about items on the site and gone."""
    a = next(iter(akkoord.afspraken.values()))
    found = (diff.Wijziging("afspraak", a.nummer, EVIL, (EVIL,)),
             diff.Wijziging("bron", "akkoord-2023", EVIL, (EVIL,)),
             diff.Wijziging("ondertekenaar", "weg", EVIL, (EVIL,), bestaat=False))
    commit = diff.CommitWijzigingen("a" * 40, dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), EVIL, found)
    return diff.Geschiedenis((commit,), niet_beschikbaar=None)


def render_functions() -> dict:
    return {f"{module.__name__.split('.')[-1]}.{name}": f
            for module in RENDER_MODULES for name, f in inspect.getmembers(module, inspect.isfunction)
            if f.__module__ == module.__name__ and not name.startswith("_") and name not in NOT_HTML}


def test_every_module_that_returns_html_is_tested():
    for info in pkgutil.walk_packages(macros.__path__, "macros."):
        module = importlib.import_module(info.name)
        returns_html = [name for name, f in inspect.getmembers(module, inspect.isfunction)
                        if f.__module__ == module.__name__ and f.__annotations__.get("return") == "Html"]
        if returns_html and module.__name__ not in TESTED_APART:
            assert module in RENDER_MODULES, f"{module.__name__} returns Html ({returns_html[0]}): add it to RENDER_MODULES"


def test_every_render_function_escapes_every_text_field(evil):
    functions = render_functions()
    assert len(functions) > 30
    seen = []
    for name, function in sorted(functions.items()):
        parameters = list(inspect.signature(function).parameters.values())
        for values in itertools.product(*(arguments(evil, name, p) for p in parameters)):
            out = function(**{p.name: v for p, v in zip(parameters, values, strict=True)})
            assert_escaped(out, name)
            seen.append(out)
    assert EVIL_ESCAPED in "".join(seen)


def test_every_generated_page_escapes_every_text_field(evil):
    # The path guard would refuse these ids (tests/test_hostile_input.py); here the renderers alone must hold.
    pages = generated_pages(evil, site_url=SITE_URL, meld_adres=MELD, check_paths=False,
                            geschiedenis=evil_geschiedenis(evil))
    assert len(pages) > 20
    for page in pages:
        text = page.markdown()
        front, body = text.split("\n---\n", 1)
        assert "<script" not in front.lower(), page.src_uri
        assert_escaped(body, page.src_uri)
        assert EVIL_ESCAPED in text, f"{page.src_uri}: the data is not on the page"


def test_charts_open_data_tables_and_feeds_escape_every_text_field(evil):
    rows = [chart.Row(EVIL, 2, "afspraken/" + EVIL), chart.Row(EVIL, 0)]
    assert_escaped(chart.chart_with_table(EVIL, EVIL, rows, column=EVIL, unit=(EVIL, EVIL), note=EVIL), "chart")
    assert_escaped(chart.bar_chart_svg(EVIL, EVIL, EVIL, rows), "svg")
    assert_escaped(opendata.kolommen_tabel([(EVIL, EVIL)], EVIL), "kolommen_tabel")
    for bestand in opendata.UITLEG_TABELLEN:
        assert_escaped(opendata.kolommen_uitleg(evil, bestand), bestand)
    for path, xml in feeds.files(evil, SITE_URL, evil_geschiedenis(evil)).items():
        root = ET.fromstring(xml)
        assert "<script" not in xml.decode("utf-8"), path
        assert [link.get("href") for link in root.iter(f"{ATOM}link")], path


# ---------- 5. A real build, with a schema that lets everything through ----------

def _relax_url_schema(project: Path) -> None:
    path = project / "data" / "schema" / "bronnen.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), dict):
                node["url"].pop("pattern", None)
                node["url"].pop("format", None)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar: every character outside printable ASCII as an escape."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif 0x20 <= ord(c) < 0x7F:
            out.append(c)
        elif ord(c) <= 0xFF:
            out.append(f"\\x{ord(c):02x}")
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


SITE_BAD_URLS = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
                 "vbscript:msgbox(1)", "//evil.example/x", "relatief/pad"]
SITE_TITLE = '=HYPERLINK("https://evil.example","klik")'
SITE_CHARS = "".join(c for c in XML_FORBIDDEN if not 0xD800 <= ord(c) <= 0xDFFF)
# What the gate lets through and a careless renderer could still break: a tab, markup, an ampersand.
SITE_ALLOWED_CHARS = "\t<b>&amp;</b>"
SITE_NOTITIE = "Tekens" + SITE_ALLOWED_CHARS + "erin"


def _adversarial_project(target: Path, notitie_chars: str) -> Path:
    project = fixture_project(target)
    _relax_url_schema(project)
    data = project / "data"
    with open(data / "bronnen.yml", "a", encoding="utf-8") as bronnen:
        for i, url in enumerate(SITE_BAD_URLS):
            bronnen.write(f"- id: slechte-link-{i}\n  titel: Bron met slechte link {i}\n  soort: nieuwsbericht\n"
                          f"  datum: 2024-02-01\n  url: {_yaml_string(url)}\n")
    afspraken = (data / "afspraken.yml").read_text(encoding="utf-8")
    old = "      notitie: De verzonnen kerngroep is begonnen.\n      bron: proef-nieuws-2024-01\n"
    assert old in afspraken, "tests/fixtures/data/afspraken.yml changed: update this test"
    new = old + ("    - datum: 2024-02-01\n      status: in uitvoering\n"
                 f"      notitie: {_yaml_string('Tekens' + notitie_chars + 'erin')}\n      bron: slechte-link-0\n")
    afspraken = afspraken.replace(old, new)
    afspraken = afspraken.replace("  titel: De proefkerngroep begint\n", f"  titel: {_yaml_string(SITE_TITLE)}\n")
    (data / "afspraken.yml").write_text(afspraken, encoding="utf-8")
    ondertekenaars = (data / "ondertekenaars.yml").read_text(encoding="utf-8")
    ondertekenaars = ondertekenaars.replace("  bronnen: [rvo-2023-12-08]\n",
                                            "  bronnen: [rvo-2023-12-08, slechte-link-1]\n")
    (data / "ondertekenaars.yml").write_text(ondertekenaars, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def adversarial_site(tmp_path_factory) -> Path:
    project = _adversarial_project(tmp_path_factory.mktemp("adversarial-project"), SITE_ALLOWED_CHARS)
    site = tmp_path_factory.mktemp("adversarial-site")
    result = build_site(project, site, FIXTURE_EPOCH)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return site


def test_built_site_links_only_to_the_web(adversarial_site):
    pages = sorted(adversarial_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        assert_only_safe_urls(path.read_text(encoding="utf-8"), path.relative_to(adversarial_site).as_posix())
    bronnen = Parsed((adversarial_site / "over" / "bronnen" / "index.html").read_text(encoding="utf-8"))
    for i in range(len(SITE_BAD_URLS)):
        assert f"Bron met slechte link {i}" in bronnen.visible()
    afspraak = Parsed((adversarial_site / "afspraken" / "6" / "index.html").read_text(encoding="utf-8"))
    assert "Bron met slechte link 0" in afspraak.visible()


def test_built_site_holds_only_xml_characters_and_its_feeds_parse(adversarial_site):
    for path in sorted([*adversarial_site.rglob("*.html"), *adversarial_site.glob("*.xml")]):
        assert_xml_text(path.read_text(encoding="utf-8"), path.relative_to(adversarial_site).as_posix())
    for path in sorted(adversarial_site.glob("voortgang*.xml")):
        ET.fromstring(path.read_bytes())
    root = ET.fromstring((adversarial_site / "voortgang-afspraak-6.xml").read_bytes())
    summaries = [e.find(f"{ATOM}summary").text for e in root.iter(f"{ATOM}entry")]
    assert any(SITE_NOTITIE in s for s in summaries), summaries
    page = Parsed((adversarial_site / "afspraken" / "6" / "index.html").read_text(encoding="utf-8"))
    assert " ".join(SITE_NOTITIE.split()) in page.visible()


def test_built_csv_has_no_formulas_and_json_keeps_the_text(adversarial_site):
    rows = read_csv((adversarial_site / "open-data" / "afspraken.csv").read_text(encoding="utf-8"))
    assert rows[AFSPRAAK - 1]["titel"] == "'" + SITE_TITLE
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    data = json.loads((adversarial_site / "open-data" / "afspraken.json").read_text(encoding="utf-8"))
    assert data["afspraken"][AFSPRAAK - 1]["titel"] == SITE_TITLE
    assert data["afspraken"][AFSPRAAK - 1]["voortgang"][-1]["notitie"] == SITE_NOTITIE


@pytest.mark.parametrize("chars", [SITE_CHARS, "\ud800\udfff"], ids=["xml-forbidden", "lone-surrogates"])
def test_characters_xml_cannot_hold_are_refused_before_anything_is_built(tmp_path, chars):
    """The gate refuses them with file, regel and veld; the renderers' cleaning above is the second line."""
    project = _adversarial_project(tmp_path / "project", chars)
    site = tmp_path / "site"
    result = build_site(project, site, FIXTURE_EPOCH)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"data/afspraken\.yml, regel \d+, kolom \d+ \(afspraak 6, voortgang \d+, veld 'notitie'\)",
                     output), output[-3000:]
    assert "Traceback" not in output and "Niet gebouwd" in output
    assert not (site / "index.html").exists()


def test_voortgang_entry_model_is_what_this_file_expects(akkoord):
    """Guards the fixture facts the tests above rely on."""
    a = akkoord.afspraken[AFSPRAAK]
    assert a.voortgang[-1].bron == BRON and a.status == "in uitvoering" and a.deadline.datum == dt.date(2024, 6, 21)
    assert "regionale-kerngroep" in a.verantwoordelijk and akkoord.bronnen[BRON].url
    assert isinstance(a.voortgang[-1], Voortgang)
