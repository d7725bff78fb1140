"""The afspraken tracker: status and time, facet pages, charts, the print page, the report link.

Unit tests judge model.Akkoord.stand on fixed days, on the tests' fictional akkoord
(tests/fixtures/data). Build tests build the real site as of today (the `site_dir` fixture),
with every expectation computed from data/*.yml and that day, or the fictional akkoord on two
fixed days. Expected values come from the YAML, read here with yaml.safe_load, not from the
site's code.
"""

from __future__ import annotations

import dataclasses
import os
import datetime as dt
import posixpath
import re
import urllib.parse
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_DAY, MELD_ADRES, ROOT, TODAY, build_site, copy_project, dutch, epoch_of, fixture_data, \
    fixture_project
from macros.output import blocks, meld, overviews, urls
from macros import model
from macros.data.loader import load_akkoord
from macros.model import Akkoord, Stand, Voortgang, months_before
from support import verantwoordelijk_ids

D = dt.date
LEZING = " (onze lezing)"  # after a party the akkoord does not name itself: its own bar in the chart
# The fictional akkoord's cases (tests/fixtures/data/afspraken.yml).
WITH_DEADLINE = 3  # deadline 2024-06-21, no progress
DEADLINE_WITHOUT_DATE = 4
DONE = 5  # afgerond
STARTED = 6  # in uitvoering since 2024-01-15, deadline 2024-06-21
RECURRING = (2, 12)  # jaarlijks; 2 was held on 2024-05-01


# ---------- independent expectations from the YAML ----------

def _yaml(name: str):
    return yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))


AFSPRAKEN = _yaml("afspraken")
STATUSSEN = _yaml("statussen")


def yaml_status(item: dict) -> str:
    return item["voortgang"][-1]["status"] if item["voortgang"] else "onbekend"


def slug(naam: str) -> str:
    return naam.replace(" ", "-")



def klaar(status: str) -> bool:
    return next(s["klaar"] for s in STATUSSEN if s["naam"] == status)


# ---------- unit tests on Akkoord.stand ----------

@pytest.fixture(scope="module")
def akkoord(tmp_path_factory) -> Akkoord:
    return load_akkoord(fixture_data(tmp_path_factory.mktemp("fixture") / "data"), FIXTURE_DAY)


def at(akkoord: Akkoord, day: dt.date, nummer: int, *entries: Voortgang, **changes) -> tuple[Akkoord, object]:
    """The akkoord judged on `day`, with afspraak `nummer` given these progress entries."""
    afspraak = dataclasses.replace(akkoord.afspraken[nummer], voortgang=tuple(entries), **changes)
    changed = dataclasses.replace(akkoord, peildatum=day, afspraken={**akkoord.afspraken, nummer: afspraak})
    return changed, changed.stand(afspraak)


def entry(day: dt.date, status: str) -> Voortgang:
    return Voortgang(day, status, "Testregel.", "akkoord-2023")


def test_the_fixture_is_what_the_tests_assume(akkoord):
    assert akkoord.afspraken[WITH_DEADLINE].deadline.datum == D(2024, 6, 21)
    assert akkoord.afspraken[WITH_DEADLINE].voortgang == ()
    assert akkoord.afspraken[DEADLINE_WITHOUT_DATE].deadline.datum is None
    assert akkoord.afspraken[DONE].status == "afgerond"
    assert akkoord.afspraken[STARTED].status == "in uitvoering"
    assert akkoord.afspraken[STARTED].deadline.datum == D(2024, 6, 21)
    assert {n for n, a in akkoord.afspraken.items() if a.herhaling} == set(RECURRING)


@pytest.mark.parametrize(("day", "expected"), [
    (D(2024, 6, 20), False),  # the day before the deadline
    (D(2024, 6, 21), False),  # the deadline itself: still in time
    (D(2024, 6, 22), True),  # the day after
])
def test_over_tijd_around_the_deadline(akkoord, day, expected):
    _, stand = at(akkoord, day, WITH_DEADLINE, entry(D(2024, 1, 10), "in uitvoering"))
    assert stand.over_tijd is expected


@pytest.mark.parametrize(("day", "expected"), [(D(2024, 6, 21), False), (D(2024, 6, 22), True)])
def test_unknown_status_gets_termijn_voorbij_not_over_tijd_after_the_deadline(akkoord, day, expected):
    _, stand = at(akkoord, day, WITH_DEADLINE)
    assert stand.status.naam == "onbekend"
    assert stand.termijn_voorbij is expected
    assert stand.over_tijd is False  # nobody reports how far it is: unknown, not late


def test_badge_words_differ_for_unknown_and_known_status(akkoord):
    changed, _ = at(akkoord, D(2024, 6, 22), WITH_DEADLINE)
    badge = blocks.status_badge(changed, changed.afspraken[WITH_DEADLINE])
    assert "Termijn voorbij" in badge and "Over tijd" not in badge
    changed, _ = at(akkoord, D(2024, 6, 22), WITH_DEADLINE, entry(D(2024, 1, 10), "in uitvoering"))
    badge = blocks.status_badge(changed, changed.afspraken[WITH_DEADLINE])
    assert "Over tijd" in badge and "Termijn voorbij" not in badge
    assert 'aria-hidden="true">!</span>' in badge  # icon and words


@pytest.mark.parametrize("status", ["afgerond", "gestopt"])
def test_a_done_status_is_never_over_tijd(akkoord, status):
    for day in (D(2024, 6, 22), D(2030, 1, 1)):
        _, stand = at(akkoord, day, WITH_DEADLINE, entry(D(2024, 1, 10), "in uitvoering"), entry(D(2024, 5, 1), status))
        assert stand.over_tijd is False
    assert akkoord.stand(akkoord.afspraken[DONE]).over_tijd is False


def test_a_deadline_without_a_date_is_never_over_tijd(akkoord):
    assert akkoord.afspraken[DEADLINE_WITHOUT_DATE].deadline.datum is None
    _, stand = at(akkoord, D(2031, 1, 1), DEADLINE_WITHOUT_DATE, entry(D(2024, 1, 10), "in uitvoering"))
    assert stand.over_tijd is False


def test_recurring_across_the_year_boundary(akkoord):
    held = entry(D(2024, 11, 15), "doorlopend")
    _, stand = at(akkoord, D(2024, 12, 31), RECURRING[0], held)
    assert (stand.laatste_keer, stand.dit_jaar_nog_te_doen, stand.over_tijd) == (D(2024, 11, 15), False, False)
    _, stand = at(akkoord, D(2025, 1, 1), RECURRING[0], held)
    assert (stand.laatste_keer, stand.dit_jaar_nog_te_doen) == (D(2024, 11, 15), True)


def test_recurring_without_any_report_is_due_and_never_over_tijd(akkoord):
    _, stand = at(akkoord, D(2030, 6, 1), RECURRING[1], deadline=akkoord.afspraken[WITH_DEADLINE].deadline)
    assert stand.laatste_keer is None and stand.dit_jaar_nog_te_doen is True
    assert stand.over_tijd is False


def test_recurring_last_time_ignores_entries_that_say_it_did_not_happen(akkoord):
    _, stand = at(akkoord, D(2025, 3, 1), RECURRING[0], entry(D(2024, 4, 1), "doorlopend"),
                  entry(D(2025, 2, 1), "nog niet gestart"))
    assert stand.laatste_keer == D(2024, 4, 1)
    assert stand.dit_jaar_nog_te_doen is True


def test_not_recurring_has_no_last_time(akkoord):
    _, stand = at(akkoord, D(2025, 3, 1), WITH_DEADLINE, entry(D(2024, 4, 1), "afgerond"))
    assert stand.laatste_keer is None and stand.dit_jaar_nog_te_doen is False


@pytest.mark.parametrize(("day", "stale"), [
    (D(2024, 7, 14), False),
    (D(2024, 7, 15), False),  # exactly 6 months: not yet
    (D(2024, 7, 16), True),
])
def test_niet_herzien_sinds_after_six_months(akkoord, day, stale):
    _, stand = at(akkoord, day, WITH_DEADLINE, entry(D(2024, 1, 15), "in uitvoering"))
    assert stand.niet_herzien_sinds == (D(2024, 1, 15) if stale else None)


def test_done_and_empty_afspraken_do_not_go_stale(akkoord):
    _, stand = at(akkoord, D(2030, 1, 1), WITH_DEADLINE, entry(D(2024, 1, 15), "afgerond"))
    assert stand.niet_herzien_sinds is None
    _, stand = at(akkoord, D(2030, 1, 1), WITH_DEADLINE)
    assert stand.niet_herzien_sinds is None


def test_the_stand_is_derived_once_per_afspraak(akkoord, monkeypatch):
    # A fresh Akkoord (dataclasses.replace): nothing derived yet. The overview asks for each
    # afspraak's stand in several cells of its row, and in the counts above the table.
    fresh = dataclasses.replace(akkoord)
    made = []
    monkeypatch.setattr(model, "Stand", lambda *fields: made.append(fields) or Stand(*fields))
    overviews.afspraken_overzicht(fresh, "afspraken/")
    overviews.status_telling(fresh, "")
    assert len(made) == len(fresh.afspraken)
    a = fresh.afspraken[STARTED]
    assert fresh.stand(a) is fresh.stand(a)
    # Another afspraak with the same nummer (as the tests make them) gets its own stand.
    changed = dataclasses.replace(a, voortgang=(entry(D(2024, 1, 15), "afgerond"),))
    assert fresh.stand(changed).status.naam == "afgerond" and fresh.stand(a).status.naam != "afgerond"


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(D(2024, 8, 31), 6) == D(2024, 2, 29)
    assert months_before(D(2025, 8, 31), 6) == D(2025, 2, 28)
    assert months_before(D(2025, 3, 15), 6) == D(2024, 9, 15)


def test_mailto_has_subject_and_body(akkoord):
    link = meld.meld_mailto(akkoord.afspraken[WITH_DEADLINE], "redactie@example.org", "https://x.example/afspraken/7/")
    parsed = urllib.parse.urlsplit(link)
    assert parsed.scheme == "mailto" and parsed.path == "redactie@example.org"
    query = urllib.parse.parse_qs(parsed.query)
    assert query["subject"] == [f"Afspraak {WITH_DEADLINE}: Een proefcommissie instellen"]
    assert "https://x.example/afspraken/7/" in query["body"][0]
    assert " " not in link and "+" not in link


# ---------- helpers for built HTML ----------

def page_html(site: Path, url: str) -> str:
    path = site / url / "index.html"
    assert path.is_file(), f"{url} is niet gebouwd"
    return path.read_text(encoding="utf-8")


def afspraak_numbers(html_text: str, url: str, table_class: str = "zw-afspraken") -> list[int]:
    """The afspraak numbers a page lists in its afspraken tables, from the row links."""
    numbers = []
    for table in re.findall(rf'<table class="{table_class}">(.*?)</table>', html_text, re.S):
        for target in re.findall(r'<th scope="row"><a href="([^"]+)">', table):
            resolved = posixpath.normpath(posixpath.join("/" + url, target)).lstrip("/")
            match = re.fullmatch(r"afspraken/(\d+)", resolved)
            assert match, f"{url}: link {target} wijst niet naar een afspraak"
            numbers.append(int(match.group(1)))
    return numbers


def kenmerk(html_text: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt>\s*<dd>(.*?)</dd>", html_text, re.S)
    assert match, f"geen kenmerk {label}"
    return match.group(1)


def row_of(html_text: str, nummer: int) -> str:
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", html_text, re.S)
            if re.search(rf'<td class="zw-nummer"[^>]*>{nummer}</td>', r)]
    assert len(rows) == 1, f"rij van afspraak {nummer} niet gevonden"
    return rows[0]


# ---------- the real build (as of today) ----------

def _expected_stand(item: dict, day: dt.date) -> dict:
    """What the site must say about one afspraak on `day`, from its YAML alone."""
    status = yaml_status(item)
    deadline = (item.get("deadline") or {}).get("datum")
    overdue = bool(deadline and deadline < day and not klaar(status) and "herhaling" not in item)
    last = item["voortgang"][-1]["datum"] if item["voortgang"] else None
    return {
        "termijn_voorbij": overdue and status == "onbekend",
        "over_tijd": overdue and status != "onbekend",
        "niet_herzien": bool(last and not klaar(status) and last < months_before(day, 6)),
    }


def test_status_words_on_every_afspraak_page_follow_the_yaml_on_the_build_day(site_dir):
    for item in AFSPRAKEN:
        text = page_html(site_dir, f"afspraken/{item['nummer']}")
        status_cell = kenmerk(text, "Status")
        expected = _expected_stand(item, TODAY)
        label = next(s["label"] for s in STATUSSEN if s["naam"] == yaml_status(item))
        assert label in status_cell, item["nummer"]
        assert ("Termijn voorbij" in status_cell) is expected["termijn_voorbij"], item["nummer"]
        assert ("Over tijd" in status_cell) is expected["over_tijd"], item["nummer"]
        assert ("Niet herzien sinds" in text) is expected["niet_herzien"], item["nummer"]


def test_recurring_afspraken_say_when_last_held(site_dir):
    recurring = [item for item in AFSPRAKEN if item.get("herhaling")]
    for item in recurring:
        text = page_html(site_dir, f"afspraken/{item['nummer']}")
        assert "Deze afspraak komt elk jaar terug." in text
        held = [v["datum"] for v in item["voortgang"] if v["status"] in ("doorlopend", "afgerond")]
        if held:
            assert f"De laatste keer was op {dutch(held[-1])}." in text
        else:
            assert "Wanneer dit voor het laatst is gebeurd, is nog niet bekend." in text
        due = f"Voor {TODAY.year} is nog niet gemeld dat het is gebeurd."
        assert (due in text) is (not held or held[-1].year < TODAY.year), item["nummer"]
        overview_row = row_of(page_html(site_dir, "afspraken"), item["nummer"])
        assert "elk jaar" in overview_row and "laatste keer" in overview_row


def test_every_status_has_a_page_listing_exactly_its_afspraken(site_dir):
    listed = []
    for status in STATUSSEN:
        url = f"afspraken/status/{slug(status['naam'])}"
        text = page_html(site_dir, url)
        expected = sorted(i["nummer"] for i in AFSPRAKEN if yaml_status(i) == status["naam"])
        assert afspraak_numbers(text, url + "/") == expected, status["naam"]
        assert status["label"] in text
        if not expected:
            assert "Er zijn nu geen afspraken met deze status." in text
        listed += expected
    # Guard against expectations that are accidentally empty: every afspraak is on exactly one page.
    assert sorted(listed) == sorted(i["nummer"] for i in AFSPRAKEN) and listed


@pytest.mark.parametrize(("folder", "field"), [("themas", "themas"), ("gemeenten", "gemeenten"),
                                               ("organisaties", "verantwoordelijk")])
def test_facet_pages_list_the_right_afspraken(site_dir, folder, field):
    def values(item):
        return verantwoordelijk_ids(item) if field == "verantwoordelijk" else item[field]

    ids = sorted({value for item in AFSPRAKEN for value in values(item)})
    assert ids
    every = {x["id"] for x in _yaml(field)} if field != "verantwoordelijk" else None
    alle = {v["id"] for v in _yaml("verantwoordelijken") if v.get("alle_ondertekenaars")}
    ondertekenaars = {o["id"] for o in _yaml("ondertekenaars")}
    for ref in ids:
        url = f"{folder}/{ref}"
        # An afspraak for every thema or gemeente is said once, not listed (tests/test_generated_pages.py);
        # an ondertekenaar's page also lists the afspraken of all ondertekenaars together.
        expected = sorted(i["nummer"] for i in AFSPRAKEN
                          if (ref in values(i) and not (every and set(values(i)) >= every))
                          or (ref in ondertekenaars and alle & set(verantwoordelijk_ids(i))))
        assert sorted(afspraak_numbers(page_html(site_dir, url), url + "/")) == expected, url


def _links(html_text: str, url: str) -> set[str]:
    return {posixpath.normpath(posixpath.join("/" + url, h)).lstrip("/") + "/"
            for h in re.findall(r'href="([^"#:]+/)"', html_text)}


@pytest.mark.parametrize("url", ["afspraken/", "afspraken/stand/"])
def test_overview_and_stand_link_to_every_status_page_and_the_print_page(site_dir, url):
    links = _links(page_html(site_dir, url.rstrip("/")), url)
    for status in STATUSSEN:
        assert f"afspraken/status/{slug(status['naam'])}/" in links, status["naam"]
    assert "afspraken/print/" in links


def test_stand_links_every_theme_gemeente_and_party(site_dir):
    links = _links(page_html(site_dir, "afspraken/stand"), "afspraken/stand/")
    for folder, field in (("themas", "themas"), ("gemeenten", "gemeenten"), ("organisaties", "verantwoordelijk")):
        for ref in {v for i in AFSPRAKEN for v in (verantwoordelijk_ids(i) if field == "verantwoordelijk" else i[field])}:
            assert f"{folder}/{ref}/" in links


def _chart(html_text: str, soort: str) -> tuple[dict, dict, str]:
    svg = re.search(rf'<svg class="zw-grafiek__beeld" id="grafiek-{soort}"(.*?)</svg>', html_text, re.S)
    assert svg, soort
    bars = {label: int(value) for label, value in
            re.findall(r'<g class="zw-grafiek__rij" data-label="([^"]*)" data-waarde="(\d+)">', svg.group(1))}
    drawn = re.findall(r'<text class="zw-grafiek__label"[^>]*>(.*?)</text>.*?'
                       r'<text class="zw-grafiek__getal"[^>]*>(\d+)</text>', svg.group(1), re.S)
    drawn = {" ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", label)): int(v) for label, v in drawn}
    assert drawn == bars, "getekende getallen wijken af van de data"
    table = re.search(rf'<table class="zw-grafiek__tabel" id="grafiek-{soort}-tabel">(.*?)</table>',
                      html_text, re.S)
    assert table, soort
    cells = {re.sub(r"<[^>]+>", "", label): int(v) for label, v in
             re.findall(r'<tr>\s*<th scope="row">(.*?)</th>\s*<td class="zw-getal"[^>]*>(\d+)</td></tr>', table.group(1))}
    return bars, cells, svg.group(0)


def test_charts_numbers_equal_table_equal_yaml(site_dir):
    text = page_html(site_dir, "afspraken/stand")
    names = {
        "status": {s["label"]: s["naam"] for s in STATUSSEN},
        "thema": {t["naam"]: t["id"] for t in _yaml("themas")},
        "gemeente": {g["naam"]: g["id"] for g in _yaml("gemeenten")},
        "verantwoordelijke": {v["naam"]: v["id"] for v in _yaml("verantwoordelijken") + _yaml("ondertekenaars")},
    }
    count = {
        "status": lambda ref: sum(1 for i in AFSPRAKEN if yaml_status(i) == ref),
        "thema": lambda ref: sum(1 for i in AFSPRAKEN if ref in i["themas"]),
        "gemeente": lambda ref: sum(1 for i in AFSPRAKEN if ref in i["gemeenten"]),
        # A reading has its own bar, "... (onze lezing)": never added to what the akkoord names.
        "verantwoordelijke": lambda label: sum(
            1 for i in AFSPRAKEN
            if names["verantwoordelijke"][label.removesuffix(LEZING)] in verantwoordelijk_ids(
                i, "lezing" if label.endswith(LEZING) else "akkoord")),
    }
    for soort in names:
        field = {"thema": "themas", "gemeente": "gemeenten"}.get(soort)
        if field and all(set(i[field]) >= set(names[soort].values()) for i in AFSPRAKEN):
            assert f'id="grafiek-{soort}"' not in text  # equal bars: a sentence instead (test_generated_pages.py)
            continue
        bars, cells, svg = _chart(text, soort)
        assert bars == cells, soort
        expected = {label: count[soort](label if soort == "verantwoordelijke" else names[soort][label])
                    for label in bars}
        assert bars == expected, soort
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    status_bars, _, _ = _chart(text, "status")
    assert set(status_bars) == {s["label"] for s in STATUSSEN}
    assert sum(status_bars.values()) == len(AFSPRAKEN)


def test_chart_desc_says_the_same_numbers(site_dir):
    text = page_html(site_dir, "afspraken/stand")
    bars, _, svg = _chart(text, "status")
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    for label, value in bars.items():
        assert f"{label}: {value} " in desc


def test_print_page_has_one_row_per_afspraak_and_the_build_date(site_dir):
    text = page_html(site_dir, "afspraken/print")
    assert dutch(TODAY) in text
    body = re.search(r'<table class="zw-print-tabel">.*?<tbody>(.*?)</tbody>', text, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    assert len(rows) == len(AFSPRAKEN)
    for row, item in zip(rows, AFSPRAKEN, strict=True):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        assert cells[0] == str(item["nummer"])
        assert cells[1] == item["titel"].replace("&", "&amp;")
        label = next(s["label"] for s in STATUSSEN if s["naam"] == yaml_status(item))
        assert cells[2].startswith(label)
        assert len(cells) == 6
    assert "?" not in body and "✓" not in body  # status in words, no icons


def test_every_afspraak_page_has_a_prefilled_report_link(site_dir):
    address = MELD_ADRES
    for item in AFSPRAKEN:
        text = page_html(site_dir, f"afspraken/{item['nummer']}")
        match = re.search(r'<a class="zw-meld__link" href="([^"]+)">Klopt dit niet\? Meld het</a>', text)
        assert match, item["nummer"]
        parsed = urllib.parse.urlsplit(match.group(1).replace("&amp;", "&"))
        assert parsed.scheme == "mailto" and parsed.path == address
        query = urllib.parse.parse_qs(parsed.query)
        assert query["subject"] == [f"Afspraak {item['nummer']}: {item['titel']}"]
        # The page's address only when the site has one readers can visit (SITE_URL), never the stand-in.
        public = urls.public_site_url(os.environ.get("SITE_URL", ""))
        if public:
            assert f"Pagina: {public}afspraken/{item['nummer']}/" in query["body"][0]
        else:
            assert "Pagina:" not in query["body"][0] and "example." not in query["body"][0]
        assert "redactie" in text


# ---------- the fictional akkoord, built on two days ----------

@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> dict[dt.date, Path]:
    project = fixture_project(tmp_path_factory.mktemp("tracker-project"))
    sites = {}
    for day in (D(2024, 6, 21), D(2025, 1, 2)):
        site = tmp_path_factory.mktemp(f"tracker-site-{day.isoformat()}")
        result = build_site(project, site, epoch_of(day))
        assert result.returncode == 0, f"build op {day} mislukt:\n{result.stdout}\n{result.stderr}"
        sites[day] = site
    return sites


def test_on_the_deadline_day_nothing_is_over_tijd_or_stale(two_builds):
    site = two_builds[D(2024, 6, 21)]
    text = page_html(site, f"afspraken/{STARTED}")
    assert "In uitvoering" in kenmerk(text, "Status")
    assert "Over tijd" not in kenmerk(text, "Status")
    assert "Niet herzien sinds" not in text
    row = row_of(page_html(site, "afspraken"), STARTED)
    assert "Over tijd" not in row and "Niet herzien sinds" not in row
    assert "Termijn voorbij" not in kenmerk(page_html(site, f"afspraken/{WITH_DEADLINE}"), "Status")


def test_after_the_deadline_it_is_over_tijd_and_stale(two_builds):
    site = two_builds[D(2025, 1, 2)]
    text = page_html(site, f"afspraken/{STARTED}")
    status = kenmerk(text, "Status")
    assert "In uitvoering" in status and "Over tijd" in status and "Termijn voorbij" not in status
    assert "Niet herzien sinds 15 januari 2024" in text
    row = row_of(page_html(site, "afspraken"), STARTED)
    assert "Over tijd" in row and "Niet herzien sinds" in row
    assert "Over tijd" in row_of(page_html(site, "afspraken/stand"), STARTED)  # in the list of overdue afspraken
    assert afspraak_numbers(page_html(site, "afspraken/status/in-uitvoering"),
                            "afspraken/status/in-uitvoering/") == [STARTED]
    unknown = kenmerk(page_html(site, f"afspraken/{WITH_DEADLINE}"), "Status")
    assert "Termijn voorbij" in unknown and "Over tijd" not in unknown
    for done in (DONE, 8):  # afgerond, gestopt: their deadlines passed, but they are never over tijd
        assert "Over tijd" not in kenmerk(page_html(site, f"afspraken/{done}"), "Status")


def test_recurring_in_the_built_site_across_the_year(two_builds):
    summer = page_html(two_builds[D(2024, 6, 21)], f"afspraken/{RECURRING[0]}")
    assert "De laatste keer was op 1 mei 2024." in summer
    assert "nog niet gemeld" not in summer
    january = page_html(two_builds[D(2025, 1, 2)], f"afspraken/{RECURRING[0]}")
    assert "De laatste keer was op 1 mei 2024." in january
    assert "Voor 2025 is nog niet gemeld dat het is gebeurd." in january
    never = page_html(two_builds[D(2025, 1, 2)], f"afspraken/{RECURRING[1]}")
    assert "Wanneer dit voor het laatst is gebeurd, is nog niet bekend." in never


def test_the_build_date_is_shown(two_builds):
    assert "21 juni 2024" in page_html(two_builds[D(2024, 6, 21)], "afspraken/print")
    assert "2 januari 2025" in page_html(two_builds[D(2025, 1, 2)], "afspraken/print")


def test_chart_labels_wrap_and_stay_inside_the_picture():
    from macros.output import chart
    long = "Lokaal overleg wonen, welzijn, ondersteuning en zorg"
    lines = chart.wrap(long)
    assert " ".join(lines) == long and len(lines) >= 2
    assert all(len(line) <= chart.CHARS_PER_LINE for line in lines)
    svg = chart.bar_chart_svg("t", "Titel", "Uitleg", [chart.Row(long, 3), chart.Row("Kort", 0)])
    heights = re.search(r'height="(\d+)" viewBox="0 0 \d+ (\d+)"', svg)
    assert heights.group(1) == heights.group(2)
    bars = [int(y) for y in re.findall(r'<rect [^>]*y="(\d+)"', svg)]
    assert bars == sorted(bars) and bars[1] - bars[0] > 2 * chart.LINE_HEIGHT


def test_without_an_address_the_page_says_it_is_not_known(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    result = build_site(project, site, meld_adres="")
    assert result.returncode == 0, result.stderr
    text = page_html(site, "afspraken/7")
    assert "Klopt dit niet?" in text
    assert "Het e-mailadres van de redactie is nog niet bekend." in text
    assert "mailto:" not in text
