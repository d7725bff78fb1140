"""A value that is almost one from a fixed list is refused, with a hint: "Bedoelt u '...'?".

Fixed lists: every schema `enum` (status, thema's, gemeenten, soort, ...) and every id that
refers to another file (groep, verantwoordelijk, bron, ...). The data must stay exactly as the
lists spell it (the site, the open data and the feeds compare values exactly), so "In
uitvoering" is not accepted, but the message says what to write instead. One mechanism gives
the hint for all of them: other capitals, accents, spaces or hyphens; a label the site shows
instead of the value; and a typo.

Like tests/test_validation.py, each test writes into a copy of the tests' fictional akkoord
and computes the line numbers from the text it wrote. The labels are read from that copy, so
the tests do not depend on how a list happens to be worded.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import ROOT, TODAY, fixture_data
from test_validation import NEXT, ONDERTEKENAAR, PROEFTUIN, afspraak, append, check, errors_of, the_error

from macros.data.loader import DataErrors, load_akkoord
from macros.data.nearmiss import WORD_CUTOFF, near_miss
from macros.data.schemas import list_fields, with_values
from macros.data.yamlsource import parse_yaml

# The values the templates in test_validation.py use; each test misspells one of them.
STATUS = "in uitvoering"
THEMA = "gezonde-wijk"
GEMEENTE = "emmen"
SOORT = "welzijn"


@pytest.fixture
def data(tmp_path):
    return fixture_data(tmp_path / "data")


def records(data, name: str) -> list[dict]:
    return parse_yaml((data / f"{name}.yml").read_bytes())


def label(data, name: str, key: str, value: str, field: str) -> str:
    """The label (the text the site shows) of one record in a list file."""
    return next(item[field] for item in records(data, name) if item[key] == value)


def hint(value: str) -> str:
    return f"Bedoelt u '{value}'?"


# --- Statuses -------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["In uitvoering", "IN UITVOERING", "in-uitvoering", "in  uitvoering",
                                     " in uitvoering", "In-Uitvoering"])
def test_a_status_with_other_capitals_spaces_or_hyphens(data, written):
    start = append(data, "afspraken", afspraak(NEXT, (f"status: {STATUS}", f'status: "{written}"')))
    error = the_error(data)
    check(error, file="afspraken", line=start + 11, column=15, field="status", record=f"afspraak {NEXT}, voortgang 1",
          phrase=f"'{written}' is geen bekende status. {hint(STATUS)}")
    assert error.message == f"'{written}' is geen bekende status. {hint(STATUS)}", "short: no list after the hint"


def test_a_status_written_as_its_label(data):
    # The label from statussen.yml, as the site shows it: "Nog niet gestart".
    shown = label(data, "statussen", "naam", "nog niet gestart", "label")
    start = append(data, "afspraken", afspraak(NEXT, (f"status: {STATUS}", f"status: {shown}")))
    check(the_error(data), file="afspraken", line=start + 11, column=15, field="status",
          phrase=f"'{shown}' is geen bekende status. {hint('nog niet gestart')}")


def test_a_status_with_a_typo(data):
    start = append(data, "afspraken", afspraak(NEXT, (f"status: {STATUS}", "status: in uitvoring")))
    check(the_error(data), file="afspraken", line=start + 11, field="status",
          phrase=f"'in uitvoring' is geen bekende status. {hint(STATUS)}")


@pytest.mark.parametrize("shown", ["Over tijd", "Termijn voorbij"])
def test_a_label_the_site_adds_by_itself_is_explained(data, shown):
    # 'Over tijd' and 'Termijn voorbij' are on the site, but no status: the site works them out.
    start = append(data, "afspraken", afspraak(NEXT, (f"status: {STATUS}", f"status: {shown}")))
    error = the_error(data)
    check(error, file="afspraken", line=start + 11, field="status",
          phrase=f"'{shown}' is geen status die u kunt kiezen. De site zet '{shown}' er zelf bij")
    assert "Kies uit: onbekend, nog niet gestart, in uitvoering" in error.message
    assert "Bedoelt u" not in error.message


@pytest.mark.parametrize("written", ["klaar", "gestart", "bezig"])
def test_a_status_with_no_close_match_keeps_the_list(data, written):
    # 'gestart' looks like 'gestopt' but means something else: no hint for a word that is merely alike.
    start = append(data, "afspraken", afspraak(NEXT, (f"status: {STATUS}", f"status: {written}")))
    error = the_error(data)
    check(error, file="afspraken", line=start + 11, column=15, field="status",
          phrase=f"'{written}' is geen bekende status. Kies uit: onbekend, nog niet gestart, in uitvoering, "
                 "doorlopend, afgerond, gestopt.")
    assert "Bedoelt u" not in error.message


# --- Thema's, gemeenten, soorten ------------------------------------------------------------------


def test_a_thema_written_as_its_name(data):
    shown = label(data, "themas", "id", THEMA, "naam")  # "De gezonde wijk"
    start = append(data, "afspraken", afspraak(NEXT, (f"themas: [{THEMA}]", f"themas: [informele-wijk, {shown}]")))
    check(the_error(data), file="afspraken", line=start + 5, field="themas", index=2, record=f"afspraak {NEXT}",
          phrase=f"'{shown}' is geen bekend thema. {hint(THEMA)}")


def test_a_thema_with_capitals_in_a_proeftuin(data):
    start = append(data, "proeftuinen", PROEFTUIN.replace(f"themas: [{THEMA}]", f"themas: [{THEMA.upper()}]"))
    check(the_error(data), file="proeftuinen", line=start + 12, field="themas", index=1,
          record="proeftuin 'proef-tuin'", phrase=f"'{THEMA.upper()}' is geen bekend thema. {hint(THEMA)}")


def test_gemeenten_written_as_their_names(data):
    names = [item["naam"] for item in records(data, "gemeenten")]  # "Borger-Odoorn", "Coevorden", "Emmen"
    ids = [item["id"] for item in records(data, "gemeenten")]
    start = append(data, "afspraken", afspraak(NEXT, (f"gemeenten: [{GEMEENTE}]", f"gemeenten: [{', '.join(names)}]")))
    errors = errors_of(data).errors
    assert len(errors) == len(names), "\n".join(map(str, errors))
    for number, (error, name, id_) in enumerate(zip(errors, names, ids), start=1):
        check(error, file="afspraken", line=start + 6, field="gemeenten", index=number,
              phrase=f"'{name}' is geen bekende gemeente. {hint(id_)}")


@pytest.mark.parametrize("written", ["Borger Odoorn", "borger odoorn", "Coëvorden", "emen"])
def test_a_gemeente_of_a_proeftuin_almost_right(data, written):
    meant = {"Borger Odoorn": "borger-odoorn", "borger odoorn": "borger-odoorn", "Coëvorden": "coevorden",
             "emen": "emmen"}[written]
    start = append(data, "proeftuinen", PROEFTUIN.replace(f"gemeente: {GEMEENTE}", f"gemeente: {written}"))
    check(the_error(data), file="proeftuinen", line=start + 3, column=13, field="gemeente",
          record="proeftuin 'proef-tuin'", phrase=f"'{written}' is geen bekende gemeente. {hint(meant)}")


def test_a_soort_with_a_capital(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace(f"soort: {SOORT}", f"soort: {SOORT.capitalize()}"))
    check(the_error(data), file="ondertekenaars", line=start + 2, column=10, field="soort",
          record="ondertekenaar 'proef-organisatie'",
          phrase=f"'{SOORT.capitalize()}' is geen bekende soort. {hint(SOORT)}")


def test_a_soort_written_as_its_name(data):
    # soorten.yml: id 'zorg', naam 'Zorgorganisatie' (the name is what the site shows).
    item = next(i for i in records(data, "soorten") if i["naam"].casefold() != i["id"].casefold())
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace(f"soort: {SOORT}", f"soort: {item['naam']}"))
    check(the_error(data), file="ondertekenaars", line=start + 2, field="soort",
          phrase=f"'{item['naam']}' is geen bekende soort. {hint(item['id'])}")


def test_a_soort_with_a_typo(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace(f"soort: {SOORT}", "soort: welzjin"))
    check(the_error(data), file="ondertekenaars", line=start + 2, field="soort",
          phrase=f"'welzjin' is geen bekende soort. {hint(SOORT)}")


def test_an_enum_without_a_list_file_gets_the_hint_too(data):
    # proeftuinen.yml 'soort' is a schema enum of its own: proeftuin, lokaal voorbeeld.
    start = append(data, "proeftuinen", PROEFTUIN.replace("soort: lokaal voorbeeld", "soort: Lokaal-voorbeeld"))
    check(the_error(data), file="proeftuinen", line=start + 4, field="soort",
          phrase=f"'Lokaal-voorbeeld' is geen bekende soort. {hint('lokaal voorbeeld')}")


def test_a_value_in_a_list_file_itself(data):
    # The list files are fixed lists too: their own names come from the schema.
    path = data / "statussen.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"- naam: {STATUS}\n", "- naam: In uitvoering\n", 1),
                    encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                if text == "- naam: In uitvoering")
    check(the_error(data), file="statussen", line=line, column=9, field="naam",
          phrase=f"'In uitvoering' is geen bekende status. {hint(STATUS)}")


# --- Ids that refer to another file ---------------------------------------------------------------


def test_a_bron_with_a_typo(data):
    start = append(data, "afspraken", afspraak(NEXT, ("bron: akkoord-2023", "bron: akoord-2023")))
    check(the_error(data), file="afspraken", line=start + 13, column=13, field="bron",
          record=f"afspraak {NEXT}, voortgang 1",
          phrase="'akoord-2023' is geen bekende bron. Die id staat niet in data/bronnen.yml. Bedoelt u "
                 "'akkoord-2023'? Is het een nieuwe bron? Zet haar dan eerst in data/bronnen.yml.")


def test_a_bron_with_capitals_gets_the_hint_instead_of_the_id_rules(data):
    start = append(data, "afspraken", afspraak(NEXT, ("bron: akkoord-2023", "bron: Akkoord-2023")))
    error = the_error(data)
    check(error, file="afspraken", line=start + 13, column=13, field="bron",
          phrase=f"'Akkoord-2023' is geen bekende bron. {hint('akkoord-2023')}")
    assert "geen geldige id" not in error.message


def test_bronnen_of_an_ondertekenaar_with_spaces(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("bronnen: [akkoord-2023]", "bronnen: [akkoord 2023]"))
    check(the_error(data), file="ondertekenaars", line=start + 4, field="bronnen", index=1,
          phrase=f"'akkoord 2023' is geen bekende bron. {hint('akkoord-2023')}")


def test_a_verantwoordelijke_with_a_typo(data):
    start = append(data, "afspraken", afspraak(NEXT, ("verantwoordelijk: [{wie: ondertekenaars, akkoord: alle partijen}]",
                                                      "verantwoordelijk: [{wie: ondertekenaars, akkoord: alle partijen}, "
                                                      "{wie: doorbraakcomissie, akkoord: de commissie}]")))
    check(the_error(data), file="afspraken", line=start + 8, field="wie",
          record=f"afspraak {NEXT}, verantwoordelijk 2",
          phrase="'doorbraakcomissie' is geen bekende verantwoordelijke. Die id staat niet in "
                 "data/verantwoordelijken.yml en ook niet in data/ondertekenaars.yml. Bedoelt u 'doorbraakcommissie'?")


def test_a_verantwoordelijke_written_as_its_name(data):
    item = records(data, "verantwoordelijken")[-1]
    start = append(data, "afspraken", afspraak(NEXT, ("verantwoordelijk: [{wie: ondertekenaars, akkoord: alle partijen}]",
                                                      f"verantwoordelijk: [{{wie: \"{item['naam']}\", akkoord: de groep}}]")))
    check(the_error(data), file="afspraken", line=start + 8, field="wie",
          phrase=f"'{item['naam']}' is geen bekende verantwoordelijke. {hint(item['id'])}")


def test_a_groep_written_as_its_title(data):
    item = records(data, "groepen")[0]  # samen-verantwoordelijk, "Samen verantwoordelijk"
    start = append(data, "afspraken", afspraak(NEXT, ("groep: samen-verantwoordelijk", f"groep: {item['titel']}")))
    check(the_error(data), file="afspraken", line=start + 2, column=10, field="groep",
          phrase=f"'{item['titel']}' is geen bekende groep. {hint(item['id'])}")


def test_an_id_with_no_close_match_keeps_its_message(data):
    start = append(data, "afspraken", afspraak(NEXT, ("groep: samen-verantwoordelijk", "groep: xyz")))
    error = the_error(data)
    check(error, file="afspraken", line=start + 2, field="groep",
          phrase="'xyz' is geen bekende groep. Die id staat niet in data/groepen.yml.")
    assert "Bedoelt u" not in error.message


def test_a_text_that_is_no_id_and_like_none_keeps_the_id_rules(data):
    start = append(data, "afspraken", afspraak(NEXT, ("bron: akkoord-2023", "bron: Totaal Iets Anders")))
    error = the_error(data)
    check(error, file="afspraken", line=start + 13, field="bron",
          phrase="'Totaal Iets Anders' is geen geldige id. Gebruik alleen kleine letters")
    assert "Bedoelt u" not in error.message


def test_no_hint_from_a_file_that_could_not_be_read(data):
    (data / "bronnen.yml").unlink()
    start = append(data, "afspraken", afspraak(NEXT, ("bron: akkoord-2023", "bron: Akkoord-2023")))
    messages = [str(e) for e in errors_of(data).errors]
    assert any(m.startswith("data/bronnen.yml: het bestand ontbreekt") for m in messages), messages
    assert any(m.startswith(f"data/afspraken.yml, regel {start + 13}") and "geen geldige id" in m
               for m in messages), messages


# --- The real data --------------------------------------------------------------------------------


def test_the_real_data_gets_the_hint_too(tmp_path):
    # A copy of data/ as the editors left it, checked as of today: the first thema of the first
    # afspraak, written in capitals.
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    document = parse_yaml((target / "afspraken.yml").read_bytes())
    first = document[0]
    themas = first["themas"]
    position = themas.item_positions[0]
    lines = (target / "afspraken.yml").read_text(encoding="utf-8").split("\n")
    text = lines[position.line - 1]
    column = position.column - 1
    assert text[column:column + len(themas[0])] == themas[0], text
    lines[position.line - 1] = text[:column] + themas[0].upper() + text[column + len(themas[0]):]
    (target / "afspraken.yml").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load_akkoord(target, TODAY)
    errors = info.value.errors
    assert len(errors) == 1, info.value.report()
    check(errors[0], file="afspraken", line=position.line, column=position.column, field="themas", index=1,
          record=f"afspraak {first['nummer']}", phrase=f"'{themas[0].upper()}' is geen bekend thema. {hint(themas[0])}")


def test_every_schema_enum_gives_hints():
    # No field is left out: every value of every enum in every schema, in other capitals, gets its hint;
    # also the values a schema takes from a list (x-lijst), here those of the real data.
    akkoord = load_akkoord(ROOT / "data", TODAY)
    def enums(node, path=()):
        if isinstance(node, dict):
            if "enum" in node:
                yield path, node["enum"]
            for key, value in node.items():
                yield from enums(value, (*path, key))
        elif isinstance(node, list):
            for value in node:
                yield from enums(value, path)

    checked = 0
    for schema_path in sorted((ROOT / "data" / "schema").glob("*.schema.json")):
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        schema = with_values(schema, {target: list(getattr(akkoord, target)) for _, target in list_fields(schema)})
        for path, values in enums(schema):
            for value in values:
                written = value.upper() if value.upper() != value else value.lower()
                miss = near_miss(written, values, cutoff=WORD_CUTOFF)
                assert miss and miss.value == value and miss.certain, (schema_path.name, path, value)
                assert re.fullmatch(r"Bedoelt u '.+'\?", miss.hint())
                checked += 1
    assert checked > 0


def test_a_label_two_values_share_gives_no_certain_hint():
    labels = [("Gemeente", "gemeente-a"), ("gemeente", "gemeente-b")]
    assert near_miss("GEMEENTE", ["gemeente-a", "gemeente-b"], labels, cutoff=WORD_CUTOFF) is None
    assert near_miss("Gemeente A", ["gemeente-a", "gemeente-b"], labels, cutoff=WORD_CUTOFF).certain
