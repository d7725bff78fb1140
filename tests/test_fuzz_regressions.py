"""Every failure tests/test_fuzz.py found, as a named test with the smallest input that showed it.

Before the gate in macros/data/yamlsource.py, the fuzz test found two kinds of failure:

- yaml.reader.ReaderError ("unacceptable character #x001e: special characters are not allowed"),
  uncaught: a control character anywhere in a file, even before the first comment;
- TypeError ("unhashable type: 'LocatedList'" / "'LocatedDict'"), uncaught in the loader's cross
  checks: a list or a group of fields where an id or a nummer belongs (`nummer: []`).

Further down: values from the fuzz test's own list (integers up to 10**30, "index", "emmen\\n",
"a" * 200) that the old code accepted, or crashed on, without the oracle noticing. These are
accepted ids no more: the check refuses them, and macros/build/site_pages.py's guard would stop the build
if it ever did not.

Like tests/test_validation.py, each test writes into a copy of the tests' fictional akkoord and
asserts the exact file, line, field and Dutch message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_EPOCH, build_site, fixture_data, fixture_project
from test_validation import FINAL_LINE_START, NEXT, PROEFTUIN, afspraak, append, check, errors_of, line_of, the_error


@pytest.fixture
def data(tmp_path) -> Path:
    return fixture_data(tmp_path / "data")


def replace(data: Path, name: str, old: str, new: str) -> None:
    path = data / f"{name}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"tests/fixtures/data/{name}.yml changed: update this test ({old!r})"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- yaml.reader.ReaderError: control characters --------------------------------------------------


def test_a_control_character_before_a_field_name(data):
    # Found as: '\x1e' inserted before `soort: groep` in verantwoordelijken.yml.
    line = line_of(data, "verantwoordelijken", "  soort: groep")
    replace(data, "verantwoordelijken", "  soort: groep", "  \x1esoort: groep")
    check(the_error(data), file="verantwoordelijken", line=line, column=3, field="soort",
          phrase="hier staat een onzichtbaar stuurteken (U+001E). Haal het weg; typ de tekst opnieuw als u het niet "
                 "ziet.")


def test_a_control_character_as_the_very_first_character(data):
    # Found as: '\x1f' before the `# yaml-language-server: ...` line of afspraken.yml.
    path = data / "afspraken.yml"
    path.write_text("\x1f" + path.read_text(encoding="utf-8"), encoding="utf-8")
    check(the_error(data), file="afspraken", line=1, column=1, field=None,
          phrase="hier staat een onzichtbaar stuurteken (U+001F).")


def test_a_c1_control_character_in_a_text(data):
    # Found as: U+0090 (and U+008B, U+008C, U+009F) inside a value of statussen.yml and soorten.yml.
    line = line_of(data, "statussen", "  label: Onbekend")
    replace(data, "statussen", "  label: Onbekend", "  label: Onbe\x90kend")
    check(the_error(data), file="statussen", line=line, column=14, field="label", record="status 'onbekend'",
          phrase="hier staat een onzichtbaar stuurteken (U+0090).")


# --- TypeError: unhashable type: a list or a group where an id or a nummer belongs --------------------


def test_an_empty_list_as_the_nummer_of_an_afspraak(data):
    start = append(data, "afspraken", afspraak(NEXT).replace(f"- nummer: {NEXT}", "- nummer: []"))
    check(the_error(data), file="afspraken", line=start, column=11, field="nummer",
          record=f"afspraak op plek {NEXT} in de lijst", phrase="moet een heel getal zijn, maar is een lijst.")


def test_a_list_as_the_id_of_a_thema(data):
    # Found as: `- id: inclusieve-wijk` replaced by a block list of other ids in themas.yml.
    line = line_of(data, "themas", "- id: inclusieve-wijk")
    replace(data, "themas", "- id: inclusieve-wijk", "- id:\n  - overig\n  - gemeente")
    errors = errors_of(data).errors
    # A thema's id is an id like any other (the schema names no thema): the same message as for any id.
    check(errors[0], file="themas", line=line + 1, column=3, field="id", phrase="moet tekst zijn, maar is een lijst.")
    assert all("TypeError" not in str(e) for e in errors)
    # Until themas.yml is right again, its uses are not reported once more as unknown thema's.
    assert [e.file for e in errors] == ["data/themas.yml"], [str(e) for e in errors]


def test_a_group_of_fields_as_the_id_of_an_ondertekenaar(data):
    line = line_of(data, "ondertekenaars", "- id: zorggroep-test")
    replace(data, "ondertekenaars", "- id: zorggroep-test", "- id: {a: 1}")
    errors = errors_of(data).errors
    check(errors[0], file="ondertekenaars", line=line, column=7, field="id", record="ondertekenaar 'Zorggroep Test'",
          phrase="moet tekst zijn, maar is een groep van velden.")
    # The references to it are now unknown, which is said too; nothing crashes.
    assert [e.file for e in errors] == ["data/ondertekenaars.yml", "data/afspraken.yml"], [str(e) for e in errors]
    assert "'zorggroep-test' is geen bekende verantwoordelijke" in errors[1].message


# --- Values in the fuzz test's own list that the old code got wrong without the oracle noticing ------


def test_a_nummer_of_10_to_the_power_30_made_an_overflow_error(data):
    # st.integers(-10**30, 10**30) at an afspraak's nummer: the check for gaps in the numbering made
    # list(range(13, 10**30)), an OverflowError. Now the schema's maximum refuses it first.
    start = append(data, "afspraken", afspraak(NEXT).replace(f"- nummer: {NEXT}", f"- nummer: {10 ** 30}"))
    check(the_error(data), file="afspraken", line=start, column=11, field="nummer",
          phrase=f"{10 ** 30} is te groot. Het hoogste nummer dat kan is 9999.")


def test_an_id_with_a_line_break_at_the_end_was_accepted(data):
    # "emmen\n": Python's $ matches before a final newline, so the schema's id pattern let it through
    # and the page would have been proeftuinen/emmen\n.md.
    start = append(data, "proeftuinen", PROEFTUIN.replace("- id: proef-tuin", '- id: "emmen\\n"'))
    check(the_error(data), file="proeftuinen", line=start, column=7, field="id", record="proeftuin 'emmen⏎'",
          phrase="er staat een regeleinde in deze id. Zet de waarde op één regel, zo: id: emmen.")


def test_an_id_of_200_characters_was_accepted(data):
    start = append(data, "proeftuinen", PROEFTUIN.replace("- id: proef-tuin", "- id: " + "a" * 200))
    check(the_error(data), file="proeftuinen", line=start, column=7, field="id",
          phrase="is te lang (200 tekens). Het mag hoogstens 60 tekens zijn. Maak de id korter.")


def test_the_id_index_replaced_the_overview_of_the_proeftuinen(tmp_path):
    # The old check accepted `id: index` and the strict build passed, with the generated page of the
    # proeftuin in place of the hand-written docs/proeftuinen/index.md. Now both refuse it alike.
    project = fixture_project(tmp_path / "project")
    start = append(project / "data", "proeftuinen", PROEFTUIN.replace("- id: proef-tuin", "- id: index"))
    check(the_error(project / "data"), file="proeftuinen", line=start, column=7, field="id",
          record="proeftuin 'index'",
          phrase="'index' kan geen id zijn: de site gebruikt die naam zelf voor een eigen pagina. Kies een andere id.")
    result = build_site(project, tmp_path / "site", FIXTURE_EPOCH)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[-1] == f"{FINAL_LINE_START}1 fout in de gegevens. Verbeter de fouten hierboven; er is niets " \
                        "gepubliceerd.", output[-2000:]
    assert f"data/proeftuinen.yml, regel {start}, kolom 7 (proeftuin 'index', veld 'id'): 'index' kan geen id" in output
    assert not (tmp_path / "site" / "index.html").exists()
