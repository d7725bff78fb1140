"""Open data: the CSV and JSON files of the built site, read back and compared with the YAML.

The YAML is read here with yaml.safe_load, apart from the site's own loader.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import posixpath
import re

import jsonschema
import pytest
import yaml

from conftest import FIXTURE_DAY, ROOT, TODAY, fixture_data
from macros.data.loader import load_akkoord
from macros.data.schemas import LIST_KEYWORD, list_fields
from macros.output import opendata
from support import verantwoordelijk_ids

SITE_URL = os.environ.get("SITE_URL", "https://example.org/zorgsaam-wonen/")
SEP = " | "


def _yaml(name: str):
    return yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))


AFSPRAKEN = _yaml("afspraken")
STATUSSEN = {s["naam"]: s for s in _yaml("statussen")}
ONDERTEKENAARS = _yaml("ondertekenaars")
PROEFTUINEN = _yaml("proeftuinen")


def yaml_status(item: dict) -> str:
    return item["voortgang"][-1]["status"] if item["voortgang"] else "onbekend"


def expected_termijn_voorbij(item: dict) -> bool:
    deadline = (item.get("deadline") or {}).get("datum")
    return bool(deadline and deadline < TODAY and not STATUSSEN[yaml_status(item)]["klaar"]
                and "herhaling" not in item)


def expected_over_tijd(item: dict) -> bool:
    """Late, not unknown: the pages' 'Over tijd' needs a source that says how far it is."""
    return expected_termijn_voorbij(item) and yaml_status(item) != "onbekend"


def read_csv(path) -> tuple[list[str], list[dict]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "geen byte-order mark"
    text = raw.decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=",")
    rows = list(reader)
    return reader.fieldnames, rows


def split(cell: str) -> list[str]:
    return cell.split(SEP) if cell else []


def url_exists(site_dir, url: str) -> bool:
    assert url.startswith(SITE_URL), url
    path = url.removeprefix(SITE_URL)
    return (site_dir / path / "index.html").is_file() if path.endswith("/") else (site_dir / path).is_file()


# ---------- afspraken ----------

def test_afspraken_csv_matches_the_yaml(site_dir):
    header, rows = read_csv(site_dir / "open-data" / "afspraken.csv")
    assert header == [name for name, _ in opendata.AFSPRAKEN_KOLOMMEN]
    assert header[:4] == ["nummer", "titel", "groep", "status"]
    assert len(rows) == len(AFSPRAKEN)
    for row, item in zip(rows, AFSPRAKEN, strict=True):
        assert int(row["nummer"]) == item["nummer"]
        assert row["titel"] == item["titel"]
        assert row["groep"] == item["groep"]
        assert row["status"] == yaml_status(item)
        assert row["status_label"] == STATUSSEN[yaml_status(item)]["label"]
        assert row["over_tijd"] == ("ja" if expected_over_tijd(item) else "nee")
        assert row["termijn_voorbij"] == ("ja" if expected_termijn_voorbij(item) else "nee")
        deadline = item.get("deadline") or {}
        assert row["termijn_datum"] == (deadline["datum"].isoformat() if deadline.get("datum") else "")
        assert row["termijn_tekst"] == deadline.get("tekst", "")
        assert row["herhaling"] == item.get("herhaling", "")
        assert split(row["verantwoordelijk"]) == verantwoordelijk_ids(item)
        assert split(row["verantwoordelijk_genoemd"]) == verantwoordelijk_ids(item, "akkoord")
        assert split(row["verantwoordelijk_lezing"]) == verantwoordelijk_ids(item, "lezing")
        assert split(row["themas"]) == item["themas"]
        assert split(row["gemeenten"]) == item["gemeenten"]
        assert split(row["proeftuinen"]) == item["proeftuinen"]
        last = item["voortgang"][-1]["datum"].isoformat() if item["voortgang"] else ""
        assert row["laatst_bijgewerkt"] == last
        assert int(row["aantal_voortgang"]) == len(item["voortgang"])
        assert row["peildatum"] == TODAY.isoformat()
        assert row["url"] == f"{SITE_URL}afspraken/{item['nummer']}/"
        assert url_exists(site_dir, row["url"])
    assert sum(r["over_tijd"] == "ja" for r in rows) == sum(expected_over_tijd(i) for i in AFSPRAKEN)


def test_afspraken_csv_quotes_cells_with_commas(site_dir):
    raw = (site_dir / "open-data" / "afspraken.csv").read_text(encoding="utf-8")
    assert raw.startswith("nummer,titel,groep,status,")
    organisaties = {o["id"]: o["naam"] for o in _yaml("verantwoordelijken") + ONDERTEKENAARS}
    _, rows = read_csv(site_dir / "open-data" / "afspraken.csv")
    for row, item in zip(rows, AFSPRAKEN, strict=True):
        names = [organisaties[ref] for ref in verantwoordelijk_ids(item)]
        assert split(row["verantwoordelijk_namen"]) == names
        if any("," in name for name in names):
            assert '"' + SEP.join(names).replace('"', '""') + '"' in raw


def test_afspraken_json_matches_the_yaml(site_dir):
    data = json.loads((site_dir / "open-data" / "afspraken.json").read_text(encoding="utf-8"))
    assert data["licentie"]["naam"].startswith("CC0")
    assert "publicdomain/zero/1.0" in data["licentie"]["url"]
    assert data["peildatum"] == TODAY.isoformat()
    assert [a["nummer"] for a in data["afspraken"]] == [i["nummer"] for i in AFSPRAKEN]
    for record, item in zip(data["afspraken"], AFSPRAKEN, strict=True):
        assert record["titel"] == item["titel"]
        assert record["afgesproken"] == item["afgesproken"]
        assert record["status"] == yaml_status(item)
        assert record["over_tijd"] is expected_over_tijd(item)
        assert record["termijn_voorbij"] is expected_termijn_voorbij(item)
        assert record["verantwoordelijk"] == verantwoordelijk_ids(item)
        assert [(g["id"], g["grond"], g.get("woorden") or g.get("lezing")) for g in record["verantwoordelijk_grond"]] == [
            (t["wie"], "akkoord" if "akkoord" in t else "lezing", t.get("akkoord") or t.get("lezing"))
            for t in item["verantwoordelijk"]]
        assert record["termijn_datum"] == ((item.get("deadline") or {}).get("datum").isoformat()
                                           if (item.get("deadline") or {}).get("datum") else None)
        assert [(v["datum"], v["status"], v["notitie"], v["bron"]) for v in record["voortgang"]] == [
            (v["datum"].isoformat(), v["status"], v["notitie"], v["bron"]) for v in item["voortgang"]]
        for v in record["voortgang"]:
            assert v["bron"] in data["bronnen"]
        for ref in record["verantwoordelijk"]:
            assert ref in data["verantwoordelijken"]
    assert [s["naam"] for s in data["statussen"]] == list(STATUSSEN)


# ---------- ondertekenaars and proeftuinen ----------

def test_ondertekenaars_csv_and_json_match_the_yaml(site_dir):
    header, rows = read_csv(site_dir / "open-data" / "ondertekenaars.csv")
    assert header == [name for name, _ in opendata.ONDERTEKENAARS_KOLOMMEN]
    data = json.loads((site_dir / "open-data" / "ondertekenaars.json").read_text(encoding="utf-8"))
    assert data["licentie"]["naam"].startswith("CC0")
    assert len(rows) == len(data["ondertekenaars"]) == len(ONDERTEKENAARS) > 0
    for row, record, item in zip(rows, data["ondertekenaars"], ONDERTEKENAARS, strict=True):
        assert row["id"] == record["id"] == item["id"]
        assert row["naam"] == record["naam"] == item["naam"]
        assert row["soort"] == record["soort"] == item["soort"]
        assert split(row["gemeenten"]) == record["gemeenten"] == (item.get("gemeenten") or [])
        assert split(row["bronnen"]) == record["bronnen"] == item["bronnen"]
        assert row["toelichting"] == (item.get("toelichting") or "")
        for bron in record["bronnen"]:
            assert bron in data["bronnen"]
        assert url_exists(site_dir, row["url"])


def test_proeftuinen_json_matches_the_yaml(site_dir):
    data = json.loads((site_dir / "open-data" / "proeftuinen.json").read_text(encoding="utf-8"))
    assert data["licentie"]["naam"].startswith("CC0")
    assert [p["id"] for p in data["proeftuinen"]] == [p["id"] for p in PROEFTUINEN]
    for record, item in zip(data["proeftuinen"], PROEFTUINEN, strict=True):
        assert record["naam"] == item["naam"]
        assert record["gemeente"] == item["gemeente"]
        assert record["afspraken"] == item["afspraken"]
        assert [f["tekst"] for f in record["bekend"]] == [f["tekst"] for f in item["bekend"]]
        assert [(m["datum"], m["bron"]) for m in record["voortgang"]] == [
            (m["datum"].isoformat(), m["bron"]) for m in item["voortgang"]]
        for fact in record["bekend"] + record["partners"]:
            for bron in fact["bronnen"]:
                assert bron in data["bronnen"]
        assert url_exists(site_dir, record["url"])


def test_schemas_are_published_with_the_values_of_the_lists(site_dir):
    # data/schema/ names no value of a list; the published copy gives them, in place of each x-lijst.
    real_akkoord = load_akkoord(ROOT / "data", TODAY)
    sources = sorted((ROOT / "data" / "schema").glob("*.schema.json"))
    assert len(sources) >= 10
    filled = 0
    for source in sources:
        published = json.loads((site_dir / "open-data" / "schema" / source.name).read_text(encoding="utf-8"))
        schema = json.loads(source.read_text(encoding="utf-8"))
        for path, target in list_fields(schema):
            node = published
            for step in path:
                node = node[step]
            assert node["enum"] == [str(key) for key in getattr(real_akkoord, target)], (source.name, path)
            assert LIST_KEYWORD not in node
            filled += 1
        assert LIST_KEYWORD not in json.dumps(published), source.name
        if not list_fields(schema):
            assert (site_dir / "open-data" / "schema" / source.name).read_bytes() == source.read_bytes(), source.name
    assert filled >= 7


def test_afspraken_json_follows_its_published_schema(site_dir):
    # The data dictionary as a JSON Schema: every field the pages use, with its explanation.
    schema = json.loads((site_dir / opendata.schema_path(opendata.SCHEMA_BESTAND)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((site_dir / "open-data" / "afspraken.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    fields = schema["properties"]["afspraken"]["items"]["properties"]
    for name in ("termijn_voorbij", "over_tijd", "termijn_geldt_voor", "verantwoordelijk_genoemd",
                 "verantwoordelijk_lezing", "verantwoordelijk_grond"):
        assert fields[name]["description"], name
    columns = [name for name, _ in opendata.AFSPRAKEN_KOLOMMEN]
    assert set(columns) - {"peildatum", "gegevens_gewijzigd"} <= set(fields)


# ---------- the page 'Open data' ----------

def test_open_data_page_links_every_file_and_explains_every_column(site_dir):
    text = (site_dir / "open-data" / "index.html").read_text(encoding="utf-8")
    targets = {posixpath.normpath(posixpath.join("/open-data/", h)).lstrip("/")
               for h in re.findall(r'href="([^"#:]+\.(?:csv|json|xml))"', text)}
    expected = {f"open-data/{name}" for name in opendata.BESTANDEN}
    expected |= {f"open-data/schema/{p.name}" for p in (ROOT / "data" / "schema").glob("*.schema.json")}
    expected |= {opendata.schema_path(opendata.SCHEMA_BESTAND), "voortgang.xml"}
    assert expected <= targets, expected - targets
    for target in targets:
        assert (site_dir / target).is_file(), target
    for name, _ in opendata.AFSPRAKEN_KOLOMMEN + opendata.ONDERTEKENAARS_KOLOMMEN + opendata.JSON_VELDEN:
        assert f"<code>{name}</code>" in text, name
    assert "CC0" in text and "komma" in text


def test_open_data_page_is_in_the_nav(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="open-data/"', home)


# ---------- the pure functions ----------

@pytest.fixture(scope="module")
def akkoord(tmp_path_factory):
    return load_akkoord(fixture_data(tmp_path_factory.mktemp("fixture") / "data"), FIXTURE_DAY)


def test_csv_round_trips_awkward_text(akkoord):
    awkward = 'Komma, "aanhalingstekens" en\neen nieuwe regel; ook ëé'
    a = dataclasses.replace(akkoord.afspraken[3], titel=awkward)
    changed = dataclasses.replace(akkoord, afspraken={**akkoord.afspraken, 3: a})
    rows = list(csv.DictReader(io.StringIO(opendata.afspraken_csv(changed, SITE_URL), newline="")))
    assert rows[2]["titel"] == awkward
    assert len(rows) == len(akkoord.afspraken)


def test_json_is_the_same_data_as_csv(akkoord):
    rows = list(csv.DictReader(io.StringIO(opendata.afspraken_csv(akkoord, SITE_URL), newline="")))
    records = json.loads(opendata.afspraken_json(akkoord, SITE_URL))["afspraken"]
    for row, record in zip(rows, records, strict=True):
        assert row["titel"] == record["titel"] and row["status"] == record["status"]
        assert row["over_tijd"] == ("ja" if record["over_tijd"] else "nee")


def test_files_are_deterministic(akkoord):
    assert opendata.files(akkoord, SITE_URL) == opendata.files(akkoord, SITE_URL)


def test_column_help_follows_the_data(akkoord):
    """The range of nummers and the list of statussen come from the data, not from a sentence."""
    def nummer_help(changed) -> str:
        cell = re.search(r"<code>nummer</code></th><td>(.*?)</td>", str(opendata.kolommen_uitleg(changed, "afspraken")))
        return cell.group(1)

    first, last = min(akkoord.afspraken), max(akkoord.afspraken)
    assert f"({first} tot en met {last})" in nummer_help(akkoord)
    fewer = dataclasses.replace(akkoord, afspraken={n: a for n, a in akkoord.afspraken.items() if n != last})
    assert f"({first} tot en met {max(fewer.afspraken)})" in nummer_help(fewer)
    gap = dataclasses.replace(akkoord, afspraken={n: a for n, a in akkoord.afspraken.items() if n in (first, last)})
    assert f"({first} of {last})" in nummer_help(gap)
    status_help = re.search(r"<code>status</code></th><td>(.*?)</td>", str(opendata.kolommen_uitleg(akkoord, "afspraken")))
    namen = [s.naam for s in akkoord.statussen.values()]
    assert status_help.group(1).endswith(", ".join(namen[:-1]) + f" of {namen[-1]}.")
