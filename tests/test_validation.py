"""Every mistake an editor can make in data/*.yml ends in one precise Dutch message.

Each test writes bad YAML into a copy of the tests' own fictional akkoord (tests/fixtures/data)
and asserts on the exact file, line, record, field and a key phrase; the line numbers are
computed from the text we wrote. The real data/ is only checked for being valid today, so
editors' changes to data/ cannot turn these tests red.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA, FIXTURE_DAY, FIXTURE_EPOCH, NOW_EPOCH, ROOT, TODAY, build_site, fixture_data, \
    fixture_project

from macros.data.loader import DataError, DataErrors, load_akkoord
from macros.data.yamlsource import parse_yaml

PEILDATUM = FIXTURE_DAY  # 2025-12-05
LAST = len(parse_yaml((FIXTURE_DATA / "afspraken.yml").read_bytes()))  # the number of the last afspraak
NEXT = LAST + 1
FINAL_LINE_START = "Niet gebouwd: "
FINAL_LINE_END = "Verbeter de fouten hierboven; er is niets gepubliceerd."

# A valid new afspraak, appended to afspraken.yml; each test breaks one thing in it.
AFSPRAAK = """\
- nummer: {nummer}
  titel: Een proefafspraak
  groep: samen-verantwoordelijk
  afgesproken: Wat is afgesproken.
  uitleg: Wat dit betekent.
  themas: [gezonde-wijk]
  gemeenten: [emmen]
  proeftuinen: []
  verantwoordelijk: [{{wie: ondertekenaars, akkoord: alle partijen}}]
  voortgang:
    - datum: 2024-03-01
      status: in uitvoering
      notitie: Het werk is begonnen.
      bron: akkoord-2023
"""

ONDERTEKENAAR = """\
- id: proef-organisatie
  naam: Proeforganisatie
  soort: welzijn
  gemeenten: [emmen]
  bronnen: [akkoord-2023]
"""

BRON = """\
- id: proef-bron
  titel: Een proefbron
  soort: nieuwsbericht
  datum: 2024-01-10
  url: https://example.org/nieuws
"""

PROEFTUIN = """\
- id: proef-tuin
  naam: Proeftuin Proef
  plaats: Proef
  gemeente: emmen
  soort: lokaal voorbeeld
  samenvatting: Een proef.
  partners: []
  bekend:
    - tekst: Er is iets bekend.
      bronnen: [akkoord-2023]
  nog_niet_bekend: []
  afspraken: [1]
  themas: [gezonde-wijk]
  voortgang: []
"""


@pytest.fixture
def data(tmp_path) -> Path:
    return fixture_data(tmp_path / "data")


def afspraak(nummer: int = NEXT, *replacements: tuple[str, str]) -> str:
    text = AFSPRAAK.format(nummer=nummer)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def append(data: Path, name: str, text: str) -> int:
    """Append text to data/<name>.yml; returns the line number where it starts."""
    path = data / f"{name}.yml"
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def line_of(data: Path, name: str, needle: str, *, after: int = 1) -> int:
    """The line number of the first line at or after line `after` that contains needle."""
    lines = (data / f"{name}.yml").read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines[after - 1:], start=after):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {name}.yml")


def errors_of(data: Path) -> DataErrors:
    with pytest.raises(DataErrors) as info:
        load_akkoord(data, PEILDATUM)
    return info.value


def the_error(data: Path) -> DataError:
    errors = errors_of(data)
    assert len(errors.errors) == 1, errors.report()
    return errors.errors[0]


def check(error: DataError, *, file: str, line: int | None, field: str | None, phrase: str,
          record: str | None = None, column: int | None = None, index: int | None = None) -> None:
    shown = str(error)
    assert error.file == f"data/{file}.yml", shown
    assert error.line == line, shown
    assert error.field == field, shown
    assert phrase in error.message, shown
    if record is not None:
        assert error.record == record, shown
    if column is not None:
        assert error.column == column, shown
    if index is not None:
        assert error.index == index, shown
    # The printed form names it all, in the order an editor reads it.
    assert shown.startswith(f"data/{file}.yml" + (f", regel {line}" if line else "")), shown
    if field:
        assert f"veld '{field}'" in shown, shown


# --- The starting point ------------------------------------------------------------------


def test_real_data_is_valid_today():
    akkoord = load_akkoord(ROOT / "data", TODAY)
    assert len(akkoord.afspraken) == len(parse_yaml((ROOT / "data" / "afspraken.yml").read_bytes()))


def test_the_fixture_data_is_valid_on_its_day(data):
    assert len(load_akkoord(data, PEILDATUM).afspraken) == LAST


def test_the_templates_used_below_are_valid(data):
    append(data, "afspraken", afspraak())
    append(data, "ondertekenaars", ONDERTEKENAAR)
    append(data, "bronnen", BRON)
    append(data, "proeftuinen", PROEFTUIN)
    akkoord = load_akkoord(data, PEILDATUM)
    assert akkoord.afspraken[NEXT].status == "in uitvoering"
    assert "proef-organisatie" in akkoord.ondertekenaars
    assert akkoord.bronnen["proef-bron"].url == "https://example.org/nieuws"
    assert akkoord.proeftuinen["proef-tuin"].afspraken == (1,)


# --- YAML syntax --------------------------------------------------------------------------


def test_bad_indentation(data):
    start = append(data, "afspraken", afspraak(NEXT, ("  groep:", "   groep:")))
    check(the_error(data), file="afspraken", line=start + 2, column=4, field="groep", record=f"afspraak {NEXT}",
          phrase="het inspringen klopt niet. Hier begint 'groep' in kolom 4, maar 'titel' op de regel erboven "
                 "in kolom 3.")


def test_bad_indentation_of_a_list_item(data):
    second = ("      bron: akkoord-2023\n", "      bron: akkoord-2023\n   - datum: 2024-04-01\n"
              "     status: in uitvoering\n     notitie: Verder.\n     bron: akkoord-2023\n")
    start = append(data, "afspraken", afspraak(NEXT, second))
    check(the_error(data), file="afspraken", line=start + 14, column=4, field="datum",
          phrase=f"het inspringen klopt niet. Het streepje (-) op deze regel staat in kolom 4, op regel "
                 f"{start + 10} in kolom 5.")


def test_a_tab(data):
    start = append(data, "afspraken", afspraak(NEXT, ("  uitleg:", "\tuitleg:")))
    check(the_error(data), file="afspraken", line=start + 4, column=1, field="uitleg", record=f"afspraak {NEXT}",
          phrase="er staat een tab. Gebruik spaties om in te springen, geen tabs.")


def test_an_unclosed_quote(data):
    start = append(data, "afspraken", afspraak(NEXT, ("titel: Een proefafspraak", 'titel: "Een proefafspraak')))
    check(the_error(data), file="afspraken", line=start + 1, column=10, field="titel", record=f"afspraak {NEXT}",
          phrase="een tekst tussen aanhalingstekens wordt niet afgesloten")


def test_an_unclosed_quote_in_the_middle_of_a_file(data):
    path = data / "bronnen.yml"
    text = path.read_text(encoding="utf-8")
    first_quoted = next(line for line in text.split("\n") if line.startswith('  titel: "'))
    path.write_text(text.replace(first_quoted, first_quoted.rstrip('"'), 1), encoding="utf-8")
    error = the_error(data)
    check(error, file="bronnen", line=line_of(data, "bronnen", first_quoted.rstrip('"')), column=10, field="titel",
          phrase="een tekst tussen aanhalingstekens wordt niet afgesloten")


def test_a_colon_in_unquoted_text(data):
    start = append(data, "afspraken", afspraak(NEXT, ("titel: Een proefafspraak", "titel: Let op: een proef")))
    check(the_error(data), file="afspraken", line=start + 1, column=16, field="titel",
          phrase="in deze tekst staat een dubbele punt met een spatie erna")


def test_a_duplicate_key(data):
    start = append(data, "afspraken", afspraak(NEXT, ("  groep:", "  titel: Nog een titel\n  groep:")))
    check(the_error(data), file="afspraken", line=start + 2, column=3, field="titel", record=f"afspraak {NEXT}",
          phrase=f"het veld 'titel' staat twee keer in hetzelfde item (ook op regel {start + 1})")


def test_an_empty_file(data):
    (data / "gemeenten.yml").write_text("", encoding="utf-8")
    check(the_error(data), file="gemeenten", line=None, field=None, phrase="het bestand is leeg")


def test_a_file_with_only_comments_is_empty_too(data):
    (data / "gemeenten.yml").write_text("# yaml-language-server: $schema=schema/gemeenten.schema.json\n",
                                        encoding="utf-8")
    check(the_error(data), file="gemeenten", line=None, field=None, phrase="het bestand is leeg")


def test_a_file_with_an_empty_list(data):
    (data / "gemeenten.yml").write_text("[]\n", encoding="utf-8")
    check(the_error(data), file="gemeenten", line=1, field=None, phrase="de lijst in dit bestand is leeg")


def test_a_missing_file(data):
    (data / "groepen.yml").unlink()
    check(the_error(data), file="groepen", line=None, field=None,
          phrase="het bestand ontbreekt. Zet groepen.yml terug in de map data")


def test_a_file_that_is_not_utf8(data):
    start = append(data, "afspraken", afspraak())
    path = data / "afspraken.yml"
    path.write_bytes(path.read_bytes().replace("Wat dit betekent.".encode(), "Wat dit beteµent.".encode("cp1252")))
    check(the_error(data), file="afspraken", line=start + 4, field=None, phrase="Sla het bestand op als UTF-8")


# --- Fields and values --------------------------------------------------------------------


def test_a_missing_required_field(data):
    start = append(data, "afspraken", afspraak(NEXT, ("  uitleg: Wat dit betekent.\n", "")))
    check(the_error(data), file="afspraken", line=start, field="uitleg", record=f"afspraak {NEXT}",
          phrase="het veld 'uitleg' ontbreekt. Dit veld is verplicht.")


def test_an_unknown_field(data):
    start = append(data, "afspraken", afspraak(NEXT, ("      notitie:", "      notitie: x\n      notitiee:")))
    check(the_error(data), file="afspraken", line=start + 13, column=7, field="notitiee",
          record=f"afspraak {NEXT}, voortgang 1",
          phrase="'notitiee' is geen bekend veld. Controleer de spelling. Toegestane velden: datum, status")


def test_an_unknown_status(data):
    start = append(data, "afspraken", afspraak(NEXT, ("status: in uitvoering", "status: klaar")))
    error = the_error(data)
    check(error, file="afspraken", line=start + 11, column=15, field="status", record=f"afspraak {NEXT}, voortgang 1",
          phrase="'klaar' is geen bekende status. Kies uit: onbekend, nog niet gestart, in uitvoering, "
                 "doorlopend, afgerond, gestopt.")
    assert str(error) == (f"data/afspraken.yml, regel {start + 11}, kolom 15 (afspraak {NEXT}, voortgang 1, "
                          f"veld 'status'): {error.message}")


def test_an_empty_status(data):
    start = append(data, "afspraken", afspraak(NEXT, ("status: in uitvoering", "status:")))
    check(the_error(data), file="afspraken", line=start + 11, field="status", phrase="is leeg. Kies uit: onbekend")


def test_an_unknown_theme(data):
    start = append(data, "afspraken", afspraak(NEXT, ("themas: [gezonde-wijk]", "themas: [gezonde-wijk, zieke-wijk]")))
    check(the_error(data), file="afspraken", line=start + 5, column=26, field="themas", index=2,
          record=f"afspraak {NEXT}",
          phrase="'zieke-wijk' is geen bekend thema. Kies uit: gezonde-wijk, informele-wijk, inclusieve-wijk.")


def test_an_unknown_gemeente(data):
    start = append(data, "afspraken", afspraak(NEXT, ("gemeenten: [emmen]", "gemeenten: [assen]")))
    check(the_error(data), file="afspraken", line=start + 6, field="gemeenten", index=1,
          phrase="'assen' is geen bekende gemeente. Kies uit: borger-odoorn, coevorden, emmen.")


def test_an_unknown_soort(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("soort: welzijn", "soort: corporatie"))
    check(the_error(data), file="ondertekenaars", line=start + 2, column=10, field="soort",
          record="ondertekenaar 'proef-organisatie'",
          phrase="'corporatie' is geen bekende soort. Kies uit: gemeente, woningcorporatie")


def test_a_number_where_text_belongs(data):
    start = append(data, "afspraken", afspraak(NEXT, ("titel: Een proefafspraak", "titel: 2024")))
    check(the_error(data), file="afspraken", line=start + 1, field="titel",
          phrase='moet tekst zijn, maar is een getal. Zet de tekst tussen aanhalingstekens, bijvoorbeeld "2024".')


def test_a_text_where_a_list_belongs(data):
    start = append(data, "afspraken", afspraak(NEXT, ("themas: [gezonde-wijk]", "themas: gezonde-wijk")))
    check(the_error(data), file="afspraken", line=start + 5, field="themas",
          phrase="moet een lijst zijn, maar is een tekst. Zet de waarden tussen blokhaken, bijvoorbeeld "
                 "[gezonde-wijk].")


def test_an_id_with_capitals_or_accents(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("id: proef-organisatie", "id: Proef-Organisatie"))
    check(the_error(data), file="ondertekenaars", line=start, field="id",
          phrase="'Proef-Organisatie' is geen geldige id. Gebruik alleen kleine letters")


# --- Numbers and ids ----------------------------------------------------------------------


def test_a_duplicate_afspraak_number(data):
    first = line_of(data, "afspraken", f"- nummer: {LAST}")
    start = append(data, "afspraken", afspraak(LAST))
    check(the_error(data), file="afspraken", line=start, column=11, field="nummer", record=f"afspraak {LAST}",
          phrase=f"nummer {LAST} staat al eerder in dit bestand (regel {first}). Elke afspraak heeft een eigen "
                 "nummer.")


def test_a_duplicate_organisation_id(data):
    first = line_of(data, "ondertekenaars", "- id: gemeente-proefstad")
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("id: proef-organisatie", "id: gemeente-proefstad"))
    check(the_error(data), file="ondertekenaars", line=start, field="id", record="ondertekenaar 'gemeente-proefstad'",
          phrase=f"'gemeente-proefstad' staat al eerder in dit bestand (regel {first}). Elke id mag maar één keer "
                 "voorkomen.")


def test_an_ondertekenaar_with_the_id_of_a_verantwoordelijke(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("id: proef-organisatie", "id: regionale-kerngroep"))
    check(the_error(data), file="ondertekenaars", line=start, field="id",
          phrase="'regionale-kerngroep' is ook al een id in data/verantwoordelijken.yml")


def test_a_gap_in_the_numbering(data):
    start = append(data, "afspraken", afspraak(NEXT + 1))
    check(the_error(data), file="afspraken", line=start, field="nummer", record=f"afspraak {NEXT + 1}",
          phrase=f"na afspraak {LAST} komt afspraak {NEXT + 1}: nummer {NEXT} ontbreekt. Nummer de afspraken "
                 "1, 2, 3 en zo verder, zonder gaten.")


# --- Dates --------------------------------------------------------------------------------


def test_an_impossible_date(data):
    start = append(data, "afspraken", afspraak(NEXT, ("datum: 2024-03-01", "datum: 2024-02-30")))
    check(the_error(data), file="afspraken", line=start + 10, column=14, field="datum",
          record=f"afspraak {NEXT}, voortgang 1",
          phrase="'2024-02-30' bestaat niet als datum. Controleer dag en maand.")


def test_a_date_in_dutch_order(data):
    start = append(data, "afspraken", afspraak(NEXT, ("datum: 2024-03-01", "datum: 30-06-2024")))
    check(the_error(data), file="afspraken", line=start + 10, column=14, field="datum",
          record=f"afspraak {NEXT}, voortgang 1",
          phrase="'30-06-2024' is geen datum in de vorm JJJJ-MM-DD. Schrijf bijvoorbeeld 2024-06-30.")


def test_progress_in_the_future(data):
    start = append(data, "afspraken", afspraak(NEXT, ("datum: 2024-03-01", "datum: 2026-01-15")))
    check(the_error(data), file="afspraken", line=start + 10, field="datum", record=f"afspraak {NEXT}, voortgang 1",
          phrase="de datum 2026-01-15 ligt na vandaag (2025-12-05). Voortgang gaat over wat al gebeurd is")


def test_progress_out_of_date_order(data):
    later = ("      bron: akkoord-2023\n", "      bron: akkoord-2023\n    - datum: 2024-01-20\n"
             "      status: nog niet gestart\n      notitie: Nog niet begonnen.\n      bron: akkoord-2023\n")
    start = append(data, "afspraken", afspraak(NEXT, later))
    check(the_error(data), file="afspraken", line=start + 14, field="datum", record=f"afspraak {NEXT}, voortgang 2",
          phrase="de datum 2024-01-20 is ouder dan die van de regel erboven (2024-03-01). Zet de voortgang op "
                 "volgorde: oudste bovenaan, nieuwste onderaan.")


def test_a_source_in_the_future(data):
    start = append(data, "bronnen", BRON.replace("datum: 2024-01-10", "datum: 2030-01-10"))
    check(the_error(data), file="bronnen", line=start + 3, field="datum", record="bron 'proef-bron'",
          phrase="de datum 2030-01-10 ligt na vandaag")


# --- Sources and references ---------------------------------------------------------------


def test_a_status_change_without_a_source(data):
    start = append(data, "afspraken", afspraak(NEXT, ("      bron: akkoord-2023\n", "")))
    check(the_error(data), file="afspraken", line=start + 10, field="bron", record=f"afspraak {NEXT}, voortgang 1",
          phrase="het veld 'bron' ontbreekt. Dit veld is verplicht. Elke regel voortgang heeft een bron nodig.")


def test_a_source_id_that_does_not_exist(data):
    start = append(data, "afspraken", afspraak(NEXT, ("bron: akkoord-2023", "bron: akkoord-2033")))
    check(the_error(data), file="afspraken", line=start + 13, column=13, field="bron",
          record=f"afspraak {NEXT}, voortgang 1",
          phrase="'akkoord-2033' is geen bekende bron. Die id staat niet in data/bronnen.yml. "
                 "Bedoelt u 'akkoord-2023'? Is het een nieuwe bron? Zet haar dan eerst in data/bronnen.yml.")


def test_a_signatory_without_a_source(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("bronnen: [akkoord-2023]", "bronnen: []"))
    check(the_error(data), file="ondertekenaars", line=start + 4, field="bronnen",
          phrase="de lijst is leeg. Noem minstens één bron")


def test_an_afspraak_naming_a_proeftuin_that_does_not_exist(data):
    start = append(data, "afspraken", afspraak(NEXT, ("proeftuinen: []", "proeftuinen: [emmercompascuum]")))
    check(the_error(data), file="afspraken", line=start + 7, field="proeftuinen", index=1,
          phrase="'emmercompascuum' is geen bekende proeftuin. Die id staat niet in data/proeftuinen.yml.")


def test_an_afspraak_naming_a_verantwoordelijke_that_does_not_exist(data):
    start = append(data, "afspraken", afspraak(NEXT, ("verantwoordelijk: [{wie: ondertekenaars, akkoord: alle partijen}]",
                                                      "verantwoordelijk: [{wie: ondertekenaars, akkoord: alle partijen}, "
                                                      "{wie: doorbraak-commissie, akkoord: de commissie}]")))
    check(the_error(data), file="afspraken", line=start + 8, field="wie",
          phrase="'doorbraak-commissie' is geen bekende verantwoordelijke. Die id staat niet in "
                 "data/verantwoordelijken.yml en ook niet in data/ondertekenaars.yml. Bedoelt u 'doorbraakcommissie'?")


def test_an_afspraak_in_a_group_that_does_not_exist(data):
    start = append(data, "afspraken", afspraak(NEXT, ("groep: samen-verantwoordelijk", "groep: samenwerking")))
    check(the_error(data), file="afspraken", line=start + 2, field="groep",
          phrase="'samenwerking' is geen bekende groep. Die id staat niet in data/groepen.yml.")


def test_a_proeftuin_naming_an_afspraak_that_does_not_exist(data):
    start = append(data, "proeftuinen", PROEFTUIN.replace("afspraken: [1]", "afspraken: [1, 99]"))
    check(the_error(data), file="proeftuinen", line=start + 11, field="afspraken", index=2,
          record="proeftuin 'proef-tuin'",
          phrase=f"er is geen afspraak 99. De afspraken hebben de nummers 1 tot en met {LAST}.")


def test_a_proeftuin_fact_with_a_source_that_does_not_exist(data):
    start = append(data, "proeftuinen", PROEFTUIN.replace("bronnen: [akkoord-2023]", "bronnen: [proef-verslag-20244]"))
    check(the_error(data), file="proeftuinen", line=start + 9, field="bronnen", record="proeftuin 'proef-tuin', bekend 1",
          phrase="'proef-verslag-20244' is geen bekende bron. Die id staat niet in data/bronnen.yml. "
                 "Bedoelt u 'proef-verslag-2024'?")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/bestand.pdf", "www.example.org",
                                 "data:text/html,<script>alert(1)</script>"])
def test_a_url_that_is_not_http(data, url):
    start = append(data, "bronnen", BRON.replace("url: https://example.org/nieuws", f'url: "{url}"'))
    check(the_error(data), file="bronnen", line=start + 4, column=8, field="url", record="bron 'proef-bron'",
          phrase=f"'{url}' is geen geldig webadres. Een webadres begint met https:// of http://")


def test_no_bron_is_the_akkoord_text(data):
    # The akkoord's own text is found by what it is (soort akkoordtekst), not by its id.
    path = data / "bronnen.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("soort: akkoordtekst", "soort: document", 1),
                    encoding="utf-8")
    check(the_error(data), file="bronnen", line=3, field="soort",
          phrase="geen enkele bron heeft 'soort: akkoordtekst'. Die bron is de tekst van het akkoord zelf")


def test_two_bronnen_are_the_akkoord_text(data):
    first = line_of(data, "bronnen", "soort: akkoordtekst")
    start = append(data, "bronnen", BRON.replace("soort: nieuwsbericht", "soort: akkoordtekst"))
    check(the_error(data), file="bronnen", line=start + 2, column=10, field="soort", record="bron 'proef-bron'",
          phrase=f"ook de bron 'akkoord-2023' (regel {first}) heeft 'soort: akkoordtekst'. Er is maar één tekst "
                 "van het akkoord. Geef deze bron een andere soort, bijvoorbeeld document.")


def test_the_akkoord_text_may_have_any_id(data):
    # Another region names its akkoord's text as it likes; every afspraak cites it under that id.
    for path in data.glob("*.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace("akkoord-2023", "ons-akkoord"), encoding="utf-8")
    akkoord = load_akkoord(data, PEILDATUM)
    assert akkoord.akkoord_bron == "ons-akkoord"
    assert "akkoord-2023" not in akkoord.bronnen


def test_renaming_the_akkoord_text_without_its_references(data):
    path = data / "bronnen.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("- id: akkoord-2023", "- id: akkoord-tekst"),
                    encoding="utf-8")
    messages = [str(e) for e in errors_of(data).errors]
    # It is still the akkoord's text; every file that cites the old id says so, with a suggestion.
    assert not any(m.startswith("data/bronnen.yml") for m in messages), messages
    assert any(m.startswith("data/verantwoordelijken.yml") and "Bedoelt u 'akkoord-tekst'?" in m for m in messages), messages


# --- Many errors at once ------------------------------------------------------------------


def test_several_errors_are_reported_together_in_file_order(data):
    (data / "groepen.yml").unlink()
    bron_start = append(data, "bronnen", BRON.replace("url: https://example.org/nieuws", "url: javascript:alert(1)"))
    org_start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("id: proef-organisatie", "id: gemeente-proefstad"))
    afspraak_start = append(data, "afspraken", afspraak(NEXT, ("status: in uitvoering", "status: klaar"),
                                                         ("datum: 2024-03-01", "datum: 2024-02-30")))
    errors = errors_of(data)
    assert [(e.file, e.line, e.field) for e in errors.errors] == [
        ("data/groepen.yml", None, None),
        ("data/bronnen.yml", bron_start + 4, "url"),
        ("data/ondertekenaars.yml", org_start, "id"),
        ("data/afspraken.yml", afspraak_start + 10, "datum"),
        ("data/afspraken.yml", afspraak_start + 11, "status"),
    ], errors.report()
    lines = errors.report().split("\n")
    assert len(lines) == 6
    assert lines[-1] == f"{FINAL_LINE_START}5 fouten in de gegevens. {FINAL_LINE_END}"


def test_one_error_has_a_singular_final_line(data):
    (data / "groepen.yml").unlink()
    assert errors_of(data).report().split("\n")[-1] == f"{FINAL_LINE_START}1 fout in de gegevens. {FINAL_LINE_END}"


# --- Things that must NOT fail ------------------------------------------------------------


def test_windows_line_endings(data):
    for path in data.glob("*.yml"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert len(load_akkoord(data, PEILDATUM).afspraken) == LAST


def test_windows_line_endings_keep_line_numbers_right(data):
    start = append(data, "afspraken", afspraak(NEXT, ("status: in uitvoering", "status: klaar")))
    path = data / "afspraken.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    check(the_error(data), file="afspraken", line=start + 11, column=15, field="status", phrase="'klaar'")


def test_a_byte_order_mark(data):
    for path in data.glob("*.yml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_akkoord(data, PEILDATUM).afspraken) == LAST


def test_a_byte_order_mark_keeps_line_and_column_right(data):
    start = append(data, "afspraken", afspraak(NEXT, ("status: in uitvoering", "status: klaar")))
    path = data / "afspraken.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    check(the_error(data), file="afspraken", line=start + 11, column=15, field="status", phrase="'klaar'")


def test_accents_and_dutch_characters(data):
    title = "Eén woning in IJsselmuiden, Coëvorden en Nieuw-Buinen: één café"
    append(data, "afspraken", afspraak(NEXT, ("titel: Een proefafspraak", f'titel: "{title}"'),
                                       ("uitleg: Wat dit betekent.", "uitleg: Ruïne, reünie, privé, ’s avonds, € 5, ij en ÿ.")))
    append(data, "ondertekenaars", ONDERTEKENAAR.replace("naam: Proeforganisatie", "naam: Stichting Welzijn Één & Ëmmen"))
    akkoord = load_akkoord(data, PEILDATUM)
    assert akkoord.afspraken[NEXT].titel == title
    assert akkoord.afspraken[NEXT].uitleg == "Ruïne, reünie, privé, ’s avonds, € 5, ij en ÿ."
    assert akkoord.ondertekenaars["proef-organisatie"].naam == "Stichting Welzijn Één & Ëmmen"


def test_a_very_long_text(data):
    long_text = " ".join(["woonzorg"] * 556)[:5000]
    assert len(long_text) == 5000
    append(data, "afspraken", afspraak(NEXT, ("uitleg: Wat dit betekent.", f"uitleg: >-\n    {long_text}")))
    assert load_akkoord(data, PEILDATUM).afspraken[NEXT].uitleg == long_text


def test_empty_optional_lists(data):
    append(data, "afspraken", afspraak(NEXT, ("verantwoordelijk: [{wie: ondertekenaars, akkoord: alle partijen}]", "verantwoordelijk: []")).split(
        "  voortgang:")[0] + "  voortgang: []\n")
    append(data, "ondertekenaars", ONDERTEKENAAR.replace("gemeenten: [emmen]", "gemeenten: []"))
    append(data, "proeftuinen", PROEFTUIN.replace("afspraken: [1]", "afspraken: []").replace(
        "  bekend:\n    - tekst: Er is iets bekend.\n      bronnen: [akkoord-2023]\n", "  bekend: []\n"))
    akkoord = load_akkoord(data, PEILDATUM)
    assert akkoord.afspraken[NEXT].voortgang == ()
    assert akkoord.afspraken[NEXT].verantwoordelijk == ()
    assert akkoord.afspraken[NEXT].status == "onbekend"
    assert akkoord.ondertekenaars["proef-organisatie"].gemeenten == ()
    assert akkoord.proeftuinen["proef-tuin"].bekend == ()


def test_an_empty_optional_list_written_as_nothing_gets_a_hint(data):
    start = append(data, "afspraken", afspraak(NEXT).split("  voortgang:")[0] + "  voortgang:\n")
    check(the_error(data), file="afspraken", line=start + 9, field="voortgang",
          phrase="is leeg. Vul hier een lijst in. Is de lijst (nog) leeg? Schrijf dan [].")


# --- The real build and the real command ---------------------------------------------------


def _env(epoch: str = FIXTURE_EPOCH) -> dict:
    return dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")


def test_the_build_fails_on_bad_data_with_the_dutch_message_last(tmp_path):
    project = fixture_project(tmp_path / "project")
    start = append(project / "data", "afspraken", afspraak(NEXT, ("status: in uitvoering", "status: klaar")))
    result = build_site(project, tmp_path / "site", FIXTURE_EPOCH)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    expected = (f"data/afspraken.yml, regel {start + 11}, kolom 15 (afspraak {NEXT}, voortgang 1, veld 'status'): "
                "'klaar' is geen bekende status.")
    assert expected in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[-1] == f"{FINAL_LINE_START}1 fout in de gegevens. {FINAL_LINE_END}", output
    assert expected in lines[-2]
    assert not (tmp_path / "site" / "index.html").exists(), "a broken build must publish nothing"


def _run_check(*args: str, cwd: Path = ROOT, epoch: str = FIXTURE_EPOCH) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.data.check", *args], cwd=cwd, env=_env(epoch),
                          capture_output=True, text=True, timeout=120)


def test_the_check_command_passes_on_the_real_data_today():
    result = _run_check(epoch=NOW_EPOCH)
    real = len(parse_yaml((ROOT / "data" / "afspraken.yml").read_bytes()))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Gegevens in orde: {real} afspraken, ")
    assert result.stdout.rstrip().endswith(" gecontroleerd.")
    assert result.stdout.count("\n") == 1


def test_the_check_command_lists_every_error_and_ends_with_the_plain_line(data):
    (data / "groepen.yml").unlink()
    start = append(data, "afspraken", afspraak(NEXT, ("status: in uitvoering", "status: klaar")))
    result = _run_check("--data-dir", str(data))
    assert result.returncode == 1
    lines = result.stderr.rstrip("\n").split("\n")
    assert lines == [
        "data/groepen.yml: het bestand ontbreekt. Zet groepen.yml terug in de map data; de site heeft het nodig.",
        f"data/afspraken.yml, regel {start + 11}, kolom 15 (afspraak {NEXT}, voortgang 1, veld 'status'): 'klaar' is "
        "geen bekende status. Kies uit: onbekend, nog niet gestart, in uitvoering, doorlopend, afgerond, gestopt.",
        f"{FINAL_LINE_START}2 fouten in de gegevens. {FINAL_LINE_END}",
    ]


def test_the_check_command_annotates_errors_for_github(data):
    start = append(data, "afspraken", afspraak(NEXT, ("status: in uitvoering", "status: klaar")))
    result = subprocess.run([sys.executable, "-m", "macros.data.check", "--data-dir", str(data)], cwd=ROOT,
                            env=dict(_env(), GITHUB_ACTIONS="true"), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout.startswith(f"::error file=data/afspraken.yml,line={start + 11},col=15,"
                                    "title=Fout in de gegevens::data/afspraken.yml")


def test_the_installed_zorgsaam_check_script():
    script = Path(sys.executable).parent / "zorgsaam-check"
    assert script.exists(), "run `make setup`: it installs the zorgsaam-check command"
    result = subprocess.run([str(script)], cwd=ROOT, env=_env(NOW_EPOCH), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Gegevens in orde: ")


@pytest.mark.parametrize(("utc", "day"), [
    (dt.datetime(2025, 12, 4, 22, 59, tzinfo=dt.timezone.utc), dt.date(2025, 12, 4)),  # 23:59 in Emmen
    (dt.datetime(2025, 12, 4, 23, 0, tzinfo=dt.timezone.utc), dt.date(2025, 12, 5)),  # 00:00 in Emmen
    (dt.datetime(2025, 6, 30, 22, 30, tzinfo=dt.timezone.utc), dt.date(2025, 7, 1)),  # summer time
])
def test_the_build_day_is_the_day_in_the_netherlands(utc, day):
    from macros.data.loader import peildatum_from_env

    assert peildatum_from_env({"SOURCE_DATE_EPOCH": str(int(utc.timestamp()))}) == day
