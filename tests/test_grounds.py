"""Every claim shows its ground, and every derived fact is derived once.

- Who is responsible: what the akkoord names (its own words) is kept apart from the site's reading
  (with the rule in plain words), on every page, count, chart and file.
- A termijn says what it is for, and a termijn in words that names a year has a last day.
- Pages and open data agree for every afspraak (status, termijn voorbij, over tijd, responsible
  parties and their ground): a property-based test over mutations of the fixture data.
- The stand says when the data last changed (git), apart from the day the site was made.

Expectations about the real site come from the YAML; fixed scenarios use tests/fixtures/data.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_DATA, FIXTURE_DAY, ROOT, TODAY, dutch, fixture_data
from macros.data.loader import TIMEZONE, DataErrors, load_akkoord
from macros.output import opendata, overviews
from macros.output import pages as render
from support import verantwoordelijk_ids
from test_site import visible_text, words
from test_tracker import kenmerk, page_html


def _yaml(folder: Path, name: str):
    return yaml.safe_load((folder / f"{name}.yml").read_text(encoding="utf-8"))


AFSPRAKEN = _yaml(ROOT / "data", "afspraken")
VERANTWOORDELIJKEN = _yaml(ROOT / "data", "verantwoordelijken")
ONDERTEKENAARS = _yaml(ROOT / "data", "ondertekenaars")


def text_of(markup: str) -> str:
    return re.sub(r"\s+([.,;:])", r"\1", words(visible_text(markup)))


def aantal(n: int) -> str:
    return f"{n} afspraak" if n == 1 else f"{n} afspraken"


def section(markup: str, heading_id: str) -> str:
    match = re.search(rf'<h2 id="{heading_id}">.*?</h2>(.*?)(?=<h2 |$)', markup, re.S)
    assert match, heading_id
    return match.group(1)


# ---------- 1. Who is responsible, and on what ground ----------

def test_every_responsible_party_on_an_afspraak_page_shows_its_ground(site_dir):
    for item in AFSPRAKEN:
        markup = page_html(site_dir, f"afspraken/{item['nummer']}")
        said = text_of(section(markup, "wie-is-verantwoordelijk"))
        for toewijzing in item["verantwoordelijk"]:
            if "akkoord" in toewijzing:
                assert f"Het akkoord noemt deze partij hier zelf: ‘{words(toewijzing['akkoord'])}’" in said, item["nummer"]
            else:
                assert f"Onze lezing: {words(toewijzing['lezing'])}" in said, item["nummer"]
        # In the facts at the top, a reading is marked after the party's name.
        readings = len(verantwoordelijk_ids(item, "lezing"))
        assert text_of(kenmerk(markup, "Wie is verantwoordelijk")).count("(onze lezing)") == readings, item["nummer"]


@pytest.mark.parametrize("file", ["verantwoordelijken", "ondertekenaars"])
def test_organisation_pages_count_only_what_the_akkoord_names(site_dir, file):
    alle = {v["id"] for v in VERANTWOORDELIJKEN if v.get("alle_ondertekenaars")}
    for party in _yaml(ROOT / "data", file):
        said = text_of(page_html(site_dir, f"organisaties/{party['id']}"))
        named = [a for a in AFSPRAKEN if party["id"] in verantwoordelijk_ids(a, "akkoord")]
        read = [a for a in AFSPRAKEN if party["id"] in verantwoordelijk_ids(a, "lezing")]
        assert "Het akkoord geeft" not in said, party["id"]
        if named:
            assert f"Het akkoord noemt deze partij bij {aantal(len(named))}." in said, party["id"]
        else:
            assert "Het akkoord noemt deze partij bij" not in said, party["id"]
        if read:
            assert f"Bij {aantal(len(read))} noemt het akkoord deze partij niet zelf" in said, party["id"]
            assert "onze lezing" in said, party["id"]
        if file == "ondertekenaars":
            own = {a["nummer"] for a in named + read}
            shared_named = [a for a in AFSPRAKEN if alle & set(verantwoordelijk_ids(a, "akkoord"))
                            and a["nummer"] not in own]
            shared_read = [a for a in AFSPRAKEN if alle & set(verantwoordelijk_ids(a, "lezing"))
                           and a["nummer"] not in own]
            if shared_named:
                assert f"Bij {aantal(len(shared_named))} noemt het akkoord alle partijen die tekenden samen" in said
            if shared_read:
                assert f"Bij {aantal(len(shared_read))} noemt het akkoord de ondertekenaars niet zelf" in said
                assert "Dat is onze lezing van het akkoord" in said


def test_the_organisaties_overview_counts_named_and_read_apart(site_dir):
    said = text_of(page_html(site_dir, "organisaties"))
    if any(not a["verantwoordelijk"] or verantwoordelijk_ids(a, "lezing") for a in AFSPRAKEN):
        assert "noemt bij elke afspraak wie" not in said
    for v in VERANTWOORDELIJKEN:
        named = sum(v["id"] in verantwoordelijk_ids(a, "akkoord") for a in AFSPRAKEN)
        read = sum(v["id"] in verantwoordelijk_ids(a, "lezing") for a in AFSPRAKEN)
        expected = (f"{v['naam']}: het akkoord noemt deze partij bij {aantal(named)}" if named
                    else f"{v['naam']}: het akkoord noemt deze partij bij geen afspraak")
        if read:
            expected += f"; volgens onze lezing nog {aantal(read)}"
        assert words(expected) + "." in said, v["id"]


def _fixture_with_verantwoordelijk(tmp_path: Path, block: str) -> Path:
    data = fixture_data(tmp_path / "data")
    path = data / "afspraken.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- nummer: 1\n")
    head, _, rest = text[start:].partition("  verantwoordelijk:")
    rest = rest[re.search(r"(?m)^  \S", rest).start():]  # the old entries end at the next field
    path.write_text(text[:start] + head + "  verantwoordelijk:\n" + block + rest, encoding="utf-8")
    return data


@pytest.mark.parametrize(("block", "phrase"), [
    ("    - wie: ondertekenaars\n", "staat niet waarom deze partij verantwoordelijk is"),
    ("    - wie: ondertekenaars\n      akkoord: partijen doen mee\n      lezing: Onze uitleg.\n",
     "staan zowel 'akkoord' als 'lezing'. Kies er één."),
    ("    - ondertekenaars\n", "moet een groep van velden zijn"),
])
def test_a_responsible_party_without_exactly_one_ground_is_refused_in_dutch(tmp_path, block, phrase):
    data = _fixture_with_verantwoordelijk(tmp_path, block)
    with pytest.raises(DataErrors) as caught:
        load_akkoord(data, FIXTURE_DAY)
    messages = [str(e) for e in caught.value.errors]
    assert any(phrase in m and m.startswith("data/afspraken.yml, regel ") and "afspraak 1" in m for m in messages), \
        messages


# ---------- 2. Termijnen: what they are for, and a last day for words that name a year ----------

def test_a_termijn_for_part_of_an_afspraak_says_what_it_is_for(site_dir):
    parts = [a for a in AFSPRAKEN if (a.get("deadline") or {}).get("geldt_voor")]
    for item in parts:
        termijn = text_of(kenmerk(page_html(site_dir, f"afspraken/{item['nummer']}"), "Termijn"))
        assert termijn == words(f"{item['deadline']['tekst']}, voor {item['deadline']['geldt_voor']}")


def test_every_termijn_that_names_a_year_has_a_last_day():
    # 'prestatieafspraken 2025' is a date in words: without a last day it could never pass.
    for item in AFSPRAKEN:
        deadline = item.get("deadline") or {}
        if re.search(r"\b(19|20)\d\d\b", deadline.get("tekst", "")):
            assert deadline.get("datum"), f"afspraak {item['nummer']}: termijn '{deadline['tekst']}' zonder datum"


def test_a_day_the_akkoord_does_not_name_is_marked_as_our_reading(site_dir):
    for item in AFSPRAKEN:
        deadline = item.get("deadline") or {}
        if not deadline.get("datum") or "herhaling" in item:
            continue
        said = text_of(page_html(site_dir, f"afspraken/{item['nummer']}"))
        reading = f"Wij rekenen de termijn tot en met {dutch(deadline['datum'])}."
        assert (reading in said) is (dutch(deadline["datum"]) not in deadline["tekst"]), item["nummer"]


# ---------- 3. Counts: every afspraak in exactly one line of the summary ----------

def test_the_stand_summary_puts_lasting_afspraken_apart_from_unfinished_ones(site_dir):
    statussen = {s["naam"]: s for s in _yaml(ROOT / "data", "statussen")}

    def soort(item):
        naam = item["voortgang"][-1]["status"] if item["voortgang"] else "onbekend"
        return "klaar" if statussen[naam]["klaar"] else statussen[naam]["soort"]

    counts = {k: sum(soort(a) == k for a in AFSPRAKEN) for k in ("onbekend", "voortgang", "doorlopend")}
    said = text_of(page_html(site_dir, "afspraken/stand"))
    lopend = re.search(r"Van (\d+) afspra(?:ak|ken) meldt een bron hoe ver", said)
    assert (int(lopend.group(1)) if lopend else 0) == counts["voortgang"]
    door = re.search(r"(\d+) afspra(?:ak is|ken zijn) niet in één keer klaar", said)
    assert (int(door.group(1)) if door else 0) == counts["doorlopend"]


# ---------- 4. Dates that say what they mean ----------

def _data_commit_day(root: Path) -> dt.date | None:
    if subprocess.run(["git", "status", "--porcelain", "--", "data"], cwd=root, capture_output=True,
                      text=True).stdout.strip():
        return None
    stamp = subprocess.run(["git", "log", "-1", "--format=%at", "--", "data"], cwd=root, capture_output=True,
                           text=True).stdout.strip()
    if not stamp.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(stamp), tz=dt.timezone.utc).astimezone(TIMEZONE).date()


def test_the_stand_says_when_the_data_changed_apart_from_the_day_the_site_was_made(site_dir):
    changed = _data_commit_day(ROOT)
    for url in ("afspraken/stand", "afspraken/print", ""):
        said = text_of(page_html(site_dir, url) if url else (site_dir / "index.html").read_text(encoding="utf-8"))
        assert "Stand op" not in said, url  # read as the day someone checked
        assert f"Deze site is gemaakt op {dutch(TODAY)}." in said, url
        if changed:
            assert f"De gegevens zijn voor het laatst gewijzigd op {dutch(changed)}." in said, url
        else:
            assert "Wanneer de gegevens voor het laatst zijn gewijzigd, is hier niet bekend." in said, url
    data = json.loads((site_dir / "open-data" / "afspraken.json").read_text(encoding="utf-8"))
    assert data["gegevens_gewijzigd"] == (changed.isoformat() if changed else None)


def test_outside_git_the_date_of_the_data_is_said_to_be_unknown(fixture_site):
    # The fixture project is a copy outside git.
    said = text_of(page_html(fixture_site, "afspraken/stand"))
    assert "Wanneer de gegevens voor het laatst zijn gewijzigd, is hier niet bekend." in said
    assert f"Deze site is gemaakt op {dutch(FIXTURE_DAY)}." in said


# ---------- 5. Pages and open data agree, for any valid data and any day ----------

TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in FIXTURE_DATA.glob("*.yml")}
FIXTURE_AFSPRAKEN = yaml.safe_load(TEXTS["afspraken"])
STATUS_NAMES = [s["naam"] for s in yaml.safe_load(TEXTS["statussen"])]
PARTIES = ([v["id"] for v in yaml.safe_load(TEXTS["verantwoordelijken"])]
           + [o["id"] for o in yaml.safe_load(TEXTS["ondertekenaars"])])
days = st.dates(FIXTURE_DAY, dt.date(2031, 12, 31))  # not before the fixture's newest bron


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the check refuses YAML anchors, as it should
        return True


@st.composite
def mutated_afspraken(draw, day: dt.date) -> list[dict]:
    """Valid on `day`: progress is never dated after it."""
    afspraken = []
    for item in FIXTURE_AFSPRAKEN:
        item = dict(item)
        if draw(st.booleans()):
            statuses = draw(st.lists(st.sampled_from(STATUS_NAMES), max_size=3))
            start = draw(st.dates(dt.date(2023, 12, 6), FIXTURE_DAY))  # days never come before FIXTURE_DAY
            item["voortgang"] = [{"datum": start, "status": s, "notitie": "Proef.",
                                  "bron": "akkoord-2023"} for i, s in enumerate(statuses)]
        if draw(st.booleans()):
            kind = draw(st.sampled_from(["none", "words", "dated", "part"]))
            item.pop("deadline", None)
            if kind != "none":
                day = draw(days)
                item["deadline"] = {"tekst": "in de proefperiode" if kind == "words" else dutch(day)}
                if kind != "words" or draw(st.booleans()):
                    item["deadline"]["datum"] = day
                if kind == "part":
                    item["deadline"]["geldt_voor"] = "het besluit over de proef"
        if draw(st.booleans()):
            item.pop("herhaling", None)
            if draw(st.booleans()):
                item["herhaling"] = "jaarlijks"
        if draw(st.booleans()):
            wie = draw(st.lists(st.sampled_from(PARTIES), unique=True, max_size=3))
            item["verantwoordelijk"] = [{"wie": w, "akkoord": f"de woorden over {w}"} if draw(st.booleans())
                                        else {"wie": w, "lezing": f"Onze lezing over {w}."} for w in wie]
        afspraken.append(item)
    return afspraken


def _load(afspraken: list[dict], day: dt.date):
    folder = Path(tempfile.mkdtemp(prefix="grounds-"))
    try:
        data = fixture_data(folder / "data")
        (data / "afspraken.yml").write_text(yaml.dump(afspraken, Dumper=_NoAliases, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
        return load_akkoord(data, day)
    finally:
        shutil.rmtree(folder)


def _page_claims(markup: str) -> dict:
    status = kenmerk(markup, "Status")
    marks = re.findall(r'zw-status--over-tijd"><span[^>]*>!</span> ([^<]+)</span>', status)
    label = re.search(r'<span class="zw-status zw-status--(?!over-tijd)[^"]*">.*?</span> ([^<]+)</span>', status)
    grounds = []
    part = re.search(r"## Wie is verantwoordelijk\?\n(.*?)\n## ", markup, re.S)  # a page body is Markdown
    assert part, "no 'Wie is verantwoordelijk?'"
    for item in re.findall(r"<li>(.*?)</li>", part.group(1), re.S):
        ref = re.search(r'href="[^"]*organisaties/([^/"]+)/"', item)
        if not ref:
            continue
        said = html.unescape(re.sub(r"<[^>]+>", "", item))
        grounds.append((ref.group(1), "lezing" if "Onze lezing:" in said else
                        "akkoord" if "Het akkoord noemt deze partij hier zelf" in said else "?"))
    return {"status_label": label.group(1) if label else None,
            "termijn_voorbij": bool(marks), "over_tijd": marks == ["Over tijd"], "grond": grounds}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), day=days)
def test_pages_and_open_data_agree_for_every_afspraak(data, day):
    afspraken = data.draw(mutated_afspraken(day))
    akkoord = _load(afspraken, day)
    records = {r["nummer"]: r for r in json.loads(opendata.afspraken_json(akkoord, ""))["afspraken"]}
    rows = {int(r["nummer"]): r for r in csv.DictReader(io.StringIO(opendata.afspraken_csv(akkoord, "")))}
    telling = akkoord.telling()
    for nummer, a in akkoord.afspraken.items():
        here = f"afspraken/{nummer}/"
        claims = _page_claims(str(render.afspraak_page(akkoord, a, here)))
        record = records[nummer]
        assert claims["status_label"] == record["status_label"], nummer
        assert claims["termijn_voorbij"] is record["termijn_voorbij"], nummer
        assert claims["over_tijd"] is record["over_tijd"], nummer
        assert rows[nummer]["termijn_voorbij"] == ("ja" if record["termijn_voorbij"] else "nee")
        assert rows[nummer]["over_tijd"] == ("ja" if record["over_tijd"] else "nee")
        assert claims["grond"] == [(g["id"], g["grond"]) for g in record["verantwoordelijk_grond"]], nummer
        genoemd = rows[nummer]["verantwoordelijk_genoemd"]
        assert (genoemd.split(" | ") if genoemd else []) == [
            g["id"] for g in record["verantwoordelijk_grond"] if g["grond"] == "akkoord"]
        # Over tijd is a kind of termijn voorbij; the overview counts the same afspraken.
        assert not record["over_tijd"] or record["termijn_voorbij"]
        assert (nummer in telling.termijn_voorbij) is record["termijn_voorbij"]
        assert (nummer in telling.over_tijd) is record["over_tijd"]
    summary = text_of(str(overviews.stand_samenvatting(akkoord, "afspraken/stand/")))
    voorbij = sum(r["termijn_voorbij"] for r in records.values())
    assert f"Bij {aantal(voorbij)} is de termijn uit het akkoord voorbij." in summary


def test_the_changes_say_whether_the_parties_or_only_their_ground_changed():
    from macros.history.diff import item_lines
    old = {"nummer": 7, "verantwoordelijk": ["regionale-kerngroep", "doorbraakcommissie"]}
    grounded = {"nummer": 7, "verantwoordelijk": [{"wie": "regionale-kerngroep", "akkoord": "de kerngroep"}]}
    assert item_lines("afspraak", old, grounded, {}) == ["verantwoordelijken aangepast"]
    same = {"nummer": 7, "verantwoordelijk": ["regionale-kerngroep"]}
    assert item_lines("afspraak", same, grounded, {}) == ["uitleg bij wie het doet aangepast"]
    assert item_lines("afspraak", grounded, grounded, {}) == []
