"""Hostile or accidental input is refused at one gate, in front of everything, in Dutch.

macros/data/yamlsource.py reads the YAML with limits (file size, number of values, depth), refuses
anchors and aliases (the "billion laughs") and tags (!!binary, !!python/...) before anything is
built, and applies one character policy: no invisible control characters, line separators,
noncharacters or lone surrogates, raw or written as an escape between double quotes. The loader
(macros/data/loader.py) adds the meaning: one id rule for all files (pattern, length, reserved names),
whole numbers, ja/nee words, folded values, unexpected files and symbolic links in data/, and
voortgang dated before the akkoord.

Each test writes the input into a copy of the tests' fictional akkoord (tests/fixtures/data), as
tests/test_validation.py does, and asserts file, line, field and a Dutch phrase. A few go
through a real `mkdocs build --strict` and `zorgsaam-check` too, to show they agree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_EPOCH, ROOT, build_site, fixture_data, fixture_project
from test_validation import FINAL_LINE_START, NEXT, ONDERTEKENAAR, PEILDATUM, PROEFTUIN, afspraak, append, check, \
    errors_of, the_error

from macros.data.loader import DataErrors, load_akkoord


@pytest.fixture
def data(tmp_path) -> Path:
    return fixture_data(tmp_path / "data")


def place(data: Path, name: str, needle: str, *, after: int = 1) -> tuple[int, int]:
    """Line and column (1-based) of the first `needle` at or after line `after`, counting only \\n."""
    text = (data / f"{name}.yml").read_bytes().decode("utf-8", "surrogatepass")
    lines = text.split("\n")
    for number, line in enumerate(lines[after - 1:], start=after):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {name}.yml")


def append_raw(data: Path, name: str, text: str) -> int:
    """Append text that need not be valid UTF-8 ('surrogatepass'); returns its first line."""
    path = data / f"{name}.yml"
    old = path.read_bytes()
    path.write_bytes(old + text.encode("utf-8", "surrogatepass"))
    return old.count(b"\n") + 1


def title(text: str) -> str:
    """The template afspraak with another titel line."""
    return afspraak(NEXT, ("titel: Een proefafspraak", text))


# --- 1. Limits ---------------------------------------------------------------------------------

BILLION_LAUGHS = """\
- id: lol
  titel: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  uitleg: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  extra1: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  extra2: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  extra3: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  extra4: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  extra5: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  extra6: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  extra7: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_at_the_first_anchor_without_expanding(data):
    start = append(data, "groepen", BILLION_LAUGHS)
    errors = errors_of(data).errors
    check(errors[0], file="groepen", line=start + 1, column=10, field="titel", record="groep 'lol'",
          phrase="hier staat &a: een anker (&) of verwijzing (*) van YAML. Die zijn in deze bestanden niet "
                 "toegestaan; schrijf elke waarde helemaal uit.")
    assert len(errors) == 10, "at most ten per file: enough to start fixing"
    assert all("anker (&) of verwijzing (*)" in e.message for e in errors)


def test_an_alias_alone_gets_the_quoting_hint_too(data):
    # `titel: *nieuw*` is no alias an editor means: text that starts with *.
    start = append(data, "afspraken", title("titel: *nieuw"))
    check(the_error(data), file="afspraken", line=start + 1, column=10, field="titel",
          phrase='hier staat *nieuw: een anker (&) of verwijzing (*) van YAML. Die zijn in deze bestanden niet '
                 'toegestaan; schrijf elke waarde helemaal uit. Begint uw tekst met *? Zet de hele tekst dan '
                 'tussen aanhalingstekens, zo: titel: "*nieuw"')


def test_very_deep_nesting_is_refused_without_recursion_error(data):
    start = append(data, "groepen", "- id: diep\n  titel: " + "[" * 100_000 + "]" * 100_000 + "\n  uitleg: x\n")
    # The file's list and the item are levels 1 and 2: the 19th [ (column 10 + 18) is level 21.
    check(the_error(data), file="groepen", line=start + 1, column=10 + 18, field="titel", record="groep 'diep'",
          phrase="hier staan meer dan 20 lijsten of groepen in elkaar. Zo diep gaan de gegevens nooit.")


def test_a_file_larger_than_five_megabytes(data):
    (data / "groepen.yml").write_text("# " + "x" * 5_500_000 + "\n", encoding="utf-8")
    check(the_error(data), file="groepen", line=None, field=None,
          phrase="het bestand is te groot (5,5 MB). Een gegevensbestand mag hoogstens 5 MB zijn.")


def test_a_file_with_too_many_values(data):
    start = append(data, "groepen", "- id: veel\n  titel: [" + ",".join(["1"] * 210_000) + "]\n  uitleg: x\n")
    error = the_error(data)
    check(error, file="groepen", line=start + 1, field="titel",
          phrase="dit bestand heeft meer dan 200.000 waarden; hier gaat het over die grens.")


def test_a_number_of_thousands_of_digits(data):
    # Python refuses to read an int of more than 4300 digits (a ValueError inside PyYAML).
    start = append(data, "afspraken", afspraak(NEXT).replace(f"- nummer: {NEXT}", "- nummer: " + "9" * 5000))
    check(the_error(data), file="afspraken", line=start, column=11, field="nummer",
          phrase="hier staat een getal van 5000 cijfers. Zo'n getal kan niet kloppen.")


# --- 2. Characters -------------------------------------------------------------------------------


def test_a_raw_control_character(data):
    start = append(data, "afspraken", title("titel: Een proef\x07afspraak"))
    check(the_error(data), file="afspraken", line=start + 1, column=19, field="titel", record=f"afspraak {NEXT}",
          phrase="hier staat een onzichtbaar stuurteken (U+0007). Haal het weg; typ de tekst opnieuw als u het "
                 "niet ziet.")


def test_an_escaped_control_character_in_a_quoted_string(data):
    start = append(data, "afspraken", title('titel: "Een proef\\x07afspraak"'))
    check(the_error(data), file="afspraken", line=start + 1, column=20, field="titel", record=f"afspraak {NEXT}",
          phrase="in deze tekst staat de code \\x07 voor een onzichtbaar stuurteken (U+0007). Haal de code weg.")


@pytest.mark.parametrize("escape", ["\\a", "\\e", "\\0", "\\x1b", "\\u0085", "\\N", "\\L", "\\P", "\\uFFFE",
                                    "\\U0010FFFF", "\\u202E"])
def test_every_forbidden_escape_is_refused(data, escape):
    start = append(data, "afspraken", title(f'titel: "Een proef{escape}afspraak"'))
    check(the_error(data), file="afspraken", line=start + 1, column=20, field="titel",
          phrase=f"in deze tekst staat de code {escape} voor ")


def test_an_escaped_backslash_is_no_escape(data):
    append(data, "afspraken", title('titel: "Een proef \\\\x07 afspraak"'))
    assert load_akkoord(data, PEILDATUM).afspraken[NEXT].titel == "Een proef \\x07 afspraak"


def test_a_lone_surrogate_in_the_file_is_no_utf8(data):
    start = append_raw(data, "afspraken", title("titel: Een proef\ud800afspraak"))
    check(the_error(data), file="afspraken", line=start + 1, field=None,
          phrase="hier staat een teken dat geen UTF-8 is. Sla het bestand op als UTF-8")


def test_an_escaped_lone_surrogate_in_a_quoted_string(data):
    start = append(data, "afspraken", title('titel: "Een proef\\ud800afspraak"'))
    check(the_error(data), file="afspraken", line=start + 1, column=20, field="titel",
          phrase="in deze tekst staat de code \\ud800 (U+D800). Dat is maar de helft van de code voor een "
                 "bijzonder teken, zoals een emoji. Typ het teken zelf in plaats van de code")


def test_a_unicode_line_separator_and_line_numbers_that_count_only_newlines(data):
    # YAML counts U+2028 as a line break; the editor does not see one. Two of them: the second is
    # on the line the editor sees (PyYAML would say one line further).
    start = append(data, "afspraken", afspraak(NEXT, ("titel: Een proefafspraak", "titel: Een\u2028proefafspraak"),
                                               ("uitleg: Wat dit betekent.", "uitleg: Wat dit\u2028betekent.")))
    errors = errors_of(data).errors
    assert len(errors) == 2, [str(e) for e in errors]
    check(errors[0], file="afspraken", line=start + 1, column=13, field="titel", record=f"afspraak {NEXT}",
          phrase="hier staat een onzichtbaar regeleinde (U+2028): de computer ziet hier een nieuwe regel die u "
                 "niet ziet.")
    check(errors[1], file="afspraken", line=start + 4, column=18, field="uitleg", record=f"afspraak {NEXT}",
          phrase="hier staat een onzichtbaar regeleinde (U+2028)")
    assert place(data, "afspraken", "\u2028betekent") == (start + 4, 18)


@pytest.mark.parametrize("char, phrase", [("\x85", "een onzichtbaar regeleinde (U+0085)"),
                                          ("\u2029", "een onzichtbaar regeleinde (U+2029)"),
                                          ("\ufffe", "een teken dat geen letter, cijfer of leesteken is (U+FFFE)"),
                                          ("\uffff", "een teken dat geen letter, cijfer of leesteken is (U+FFFF)"),
                                          ("\x7f", "een onzichtbaar stuurteken (U+007F)"),
                                          ("\x9b", "een onzichtbaar stuurteken (U+009B)"),
                                          ("\ufeff", "een onzichtbaar stuurteken (U+FEFF)"),
                                          ("\u202e", "een onzichtbaar stuurteken (U+202E)")])
def test_other_forbidden_characters(data, char, phrase):
    start = append(data, "afspraken", afspraak(NEXT, ("uitleg: Wat dit betekent.", f"uitleg: Wat dit{char}betekent.")))
    check(the_error(data), file="afspraken", line=start + 4, column=18, field="uitleg", phrase=f"hier staat {phrase}")


def test_tabs_inside_a_text_are_allowed(data):
    # A tab that indents has its own message (test_validation.py::test_a_tab); inside a text it is
    # only white space.
    append(data, "afspraken", title('titel: "Een\tproefafspraak"'))
    assert load_akkoord(data, PEILDATUM).afspraken[NEXT].titel == "Een\tproefafspraak"


# --- 3. Folded values ----------------------------------------------------------------------------


def test_a_folded_id_has_a_line_break_at_the_end(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("- id: proef-organisatie",
                                                                 "- id: >\n    proef-organisatie"))
    check(the_error(data), file="ondertekenaars", line=start, column=7, field="id",
          phrase="er staat een regeleinde in deze id. Zet de waarde op één regel, zo: id: proef-organisatie. "
                 "Staat er > of | voor de waarde? Dan komt er een regeleinde aan het eind; gebruik >- of zet de "
                 "waarde op één regel.")


def test_a_folded_reference_and_a_folded_date(data):
    start = append(data, "afspraken", afspraak(NEXT, ("datum: 2024-03-01", "datum: >\n        2024-03-01"),
                                               ("bron: akkoord-2023", "bron: |\n        akkoord-2023")))
    errors = errors_of(data).errors
    assert len(errors) == 2, [str(e) for e in errors]
    check(errors[0], file="afspraken", line=start + 10, field="datum", phrase="er staat een regeleinde in deze datum.")
    check(errors[1], file="afspraken", line=start + 14, field="bron",
          phrase="er staat een regeleinde in deze id. Zet de waarde op één regel, zo: bron: akkoord-2023.")


def test_a_folded_id_with_the_dash_is_fine(data):
    append(data, "ondertekenaars", ONDERTEKENAAR.replace("- id: proef-organisatie", "- id: >-\n    proef-organisatie"))
    assert "proef-organisatie" in load_akkoord(data, PEILDATUM).ondertekenaars


# --- 4. Numbers, ja/nee words and tags -----------------------------------------------------------


def test_a_decimal_nummer(data):
    start = append(data, "afspraken", afspraak(NEXT).replace(f"- nummer: {NEXT}", f"- nummer: {NEXT}.5"))
    check(the_error(data), file="afspraken", line=start, column=11, field="nummer",
          phrase=f"moet een heel getal zijn, maar is een kommagetal ({NEXT}.5). Schrijf een heel getal, zonder punt "
                 "of komma.")


def test_a_nummer_with_point_zero_is_no_whole_number_either(data):
    # JSON Schema counts 13.0 as an integer; the page would be afspraken/13.0/.
    start = append(data, "afspraken", afspraak(NEXT).replace(f"- nummer: {NEXT}", f"- nummer: {NEXT}.0"))
    check(the_error(data), file="afspraken", line=start, field="nummer", phrase=f"is een kommagetal ({NEXT}.0)")


def test_a_huge_nummer(data):
    start = append(data, "afspraken", afspraak(NEXT).replace(f"- nummer: {NEXT}", f"- nummer: {10 ** 30}"))
    check(the_error(data), file="afspraken", line=start, column=11, field="nummer",
          phrase=f"{10 ** 30} is te groot. Het hoogste nummer dat kan is 9999.")


def test_ja_nee_where_a_nummer_belongs(data):
    start = append(data, "afspraken", afspraak(NEXT).replace(f"- nummer: {NEXT}", "- nummer: yes"))
    check(the_error(data), file="afspraken", line=start, field="nummer",
          phrase="moet een heel getal zijn, maar is een ja/nee-waarde: de computer leest yes als ja.")


@pytest.mark.parametrize("word, meaning", [("yes", "ja"), ("no", "nee"), ("On", "ja"), ("OFF", "nee"),
                                           ("true", "ja")])
def test_a_yes_no_word_where_text_belongs(data, word, meaning):
    start = append(data, "afspraken", title(f"titel: {word}"))
    check(the_error(data), file="afspraken", line=start + 1, column=10, field="titel",
          phrase=f'moet tekst zijn, maar is een ja/nee-waarde: de computer leest {word} als {meaning}. Zet de tekst '
                 f'tussen aanhalingstekens, bijvoorbeeld "{word}".')


def test_ja_is_just_text(data):
    append(data, "afspraken", title("titel: ja"))
    assert load_akkoord(data, PEILDATUM).afspraken[NEXT].titel == "ja"


@pytest.mark.parametrize("written", ["12:30", "010", "0x1F", "1_000", "=", "2024-06-30"])
def test_plain_text_that_yaml_1_1_would_make_a_number_stays_text(data, written):
    # YAML 1.1 reads 12:30 as 750 (base 60), 010 as 8 and = as a special value.
    append(data, "afspraken", title(f"titel: {written}"))
    assert load_akkoord(data, PEILDATUM).afspraken[NEXT].titel == written


@pytest.mark.parametrize("tag, line, column", [("!!binary RWVuIHByb2Vm", 1, 10),
                                               ("!!python/name:os.system ''", 1, 10),
                                               ("!belangrijk Een proefafspraak", 1, 10)])
def test_a_tag_on_a_text(data, tag, line, column):
    start = append(data, "afspraken", title(f"titel: {tag}"))
    written = tag.split()[0]
    check(the_error(data), file="afspraken", line=start + line, column=column, field="titel",
          phrase=f"hier staat {written}: een YAML-tag, die zegt wat voor waarde er volgt. Die zijn in deze bestanden "
                 f"niet toegestaan; haal {written} weg. Begint uw tekst met !? Zet de hele tekst dan tussen "
                 f'aanhalingstekens, zo: titel: "{tag}"')


def test_the_binary_set_timestamp_and_python_tags(data):
    start = append(data, "afspraken", afspraak(NEXT, ("titel: Een proefafspraak", "titel: !!binary RWVuIHByb2Vm"),
                                               ("themas: [gezonde-wijk]", "themas: !!set {gezonde-wijk}"),
                                               ("gemeenten: [emmen]", "gemeenten: !!python/object/apply:os.system [ls]"),
                                               ("datum: 2024-03-01", "datum: !!timestamp 2024-03-01")))
    errors = errors_of(data).errors
    assert [(e.line, e.field) for e in errors] == [(start + 1, "titel"), (start + 5, "themas"), (start + 6, "gemeenten"),
                                                   (start + 10, "datum")]
    check(errors[0], file="afspraken", line=start + 1, field="titel", phrase="hier staat !!binary: een YAML-tag")
    check(errors[1], file="afspraken", line=start + 5, column=11, field="themas",
          phrase="hier staat !!set: een YAML-tag, die zegt wat voor waarde er volgt. Die zijn in deze bestanden niet "
                 "toegestaan; haal !!set weg.")
    assert "Begint uw tekst" not in errors[1].message  # a list, not a text
    check(errors[2], file="afspraken", line=start + 6, column=14, field="gemeenten",
          phrase="hier staat !!python/object/apply:os.system: een YAML-tag")
    check(errors[3], file="afspraken", line=start + 10, column=14, field="datum",
          phrase="hier staat !!timestamp: een YAML-tag")


# --- 5. Meaning: ids, files, dates -----------------------------------------------------------------


def test_a_long_id(data):
    long_id = "proef-" + "a" * 70
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("proef-organisatie", long_id))
    check(the_error(data), file="ondertekenaars", line=start, column=7, field="id",
          phrase="is te lang (76 tekens). Het mag hoogstens 60 tekens zijn. Maak de id korter.")


def test_an_id_with_white_space(data):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("- id: proef-organisatie", "- id: proef organisatie"))
    check(the_error(data), file="ondertekenaars", line=start, column=7, field="id",
          phrase="'proef organisatie' is geen geldige id. Gebruik alleen kleine letters (zonder accenten), cijfers "
                 "en streepjes, bijvoorbeeld regionale-kerngroep. Er staat een spatie in: gebruik een streepje in "
                 "plaats van een spatie.")


def test_the_reserved_id_index(data):
    start = append(data, "proeftuinen", PROEFTUIN.replace("- id: proef-tuin", "- id: index"))
    check(the_error(data), file="proeftuinen", line=start, column=7, field="id", record="proeftuin 'index'",
          phrase="'index' kan geen id zijn: de site gebruikt die naam zelf voor een eigen pagina. Kies een andere id.")


@pytest.mark.parametrize("reserved", ["con", "nul", "com1", "lpt9"])
def test_a_windows_name_as_id(data, reserved):
    start = append(data, "ondertekenaars", ONDERTEKENAAR.replace("- id: proef-organisatie", f"- id: {reserved}"))
    check(the_error(data), file="ondertekenaars", line=start, field="id",
          phrase=f"'{reserved}' kan geen id zijn: Windows gebruikt die naam zelf")


def test_an_id_with_the_name_of_a_hand_written_page(tmp_path):
    # docs/ next to data/ (as in the project): a proeftuin may not take the name of a page there.
    data = fixture_data(tmp_path / "data")
    (tmp_path / "docs" / "proeftuinen").mkdir(parents=True)
    (tmp_path / "docs" / "proeftuinen" / "verhalen.md").write_text("# Verhalen\n", encoding="utf-8")
    start = append(data, "proeftuinen", PROEFTUIN.replace("- id: proef-tuin", "- id: verhalen"))
    check(the_error(data), file="proeftuinen", line=start, column=7, field="id",
          phrase="'verhalen' kan geen id zijn: er is al een pagina met die naam (docs/proeftuinen/verhalen.md). "
                 "Kies een andere id.")


def test_the_schemas_state_the_same_id_rule():
    from macros.constants import ID_MAX_LENGTH, ID_PATTERN, RESERVED_IDS

    checked = 0
    for path in sorted((ROOT / "data" / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))

        def walk(node, where=()):
            nonlocal checked
            if isinstance(node, dict):
                if node.get("pattern") == ID_PATTERN:
                    assert node.get("maxLength") == ID_MAX_LENGTH, (path.name, where)
                    checked += 1
                for key, value in node.items():
                    walk(value, (*where, key))
            elif isinstance(node, list):
                for value in node:
                    walk(value, where)

        walk(schema)
        own = schema["items"]["properties"]
        key = "nummer" if path.name.startswith("afspraken") else "naam" if path.name.startswith("statussen") else "id"
        if own[key].get("pattern") == ID_PATTERN:
            assert own[key]["not"] == {"enum": list(RESERVED_IDS)}, path.name
        else:
            assert "enum" in own[key] or own[key]["type"] == "integer", path.name
    assert checked >= 14  # every id and every reference to one


@pytest.mark.parametrize("filename, phrase", [
    ("afspraak.yml", "dit bestand wordt niet gelezen; bedoelt u afspraken.yml? Dat bestand is er al."),
    ("Afspraken.yml", "dit bestand wordt niet gelezen; bedoelt u afspraken.yml?"),
    ("themas.yml.bak", "dit bestand wordt niet gelezen; bedoelt u themas.yml?"),
    ("notities.txt", "dit bestand wordt niet gelezen. De site leest alleen deze bestanden: statussen.yml, "),
])
def test_an_unexpected_file_in_data(data, filename, phrase):
    (data / filename).write_text("- id: x\n", encoding="utf-8")
    error = the_error(data)
    assert (error.file, error.line, error.field) == (f"data/{filename}", None, None), str(error)
    assert phrase in error.message and str(error) == f"data/{filename}: {error.message}", str(error)


def test_a_data_file_with_the_wrong_extension(data):
    (data / "bronnen.yml").rename(data / "bronnen.yaml")
    errors = errors_of(data).errors
    assert [e.file for e in errors] == ["data/bronnen.yml", "data/bronnen.yaml"], [str(e) for e in errors]
    check(errors[0], file="bronnen", line=None, field=None, phrase="het bestand ontbreekt.")
    assert errors[1].line is None and errors[1].field is None
    assert errors[1].message == ("dit bestand wordt niet gelezen; bedoelt u bronnen.yml? Geef het bestand dan precies "
                                 "die naam, met kleine letters en .yml aan het eind.")


def test_a_folder_in_data_and_hidden_files(data):
    (data / "oud").mkdir()
    (data / ".DS_Store").write_bytes(b"\x00\x01")  # tools' hidden files are left alone
    (data / "README.md").write_text("# Gegevens\n", encoding="utf-8")
    error = the_error(data)
    assert (error.file, error.line, error.field) == ("data/oud", None, None), str(error)
    assert error.message.startswith("deze map wordt niet gelezen.")


def test_a_symbolic_link_in_data(data, tmp_path):
    (tmp_path / "elders.yml").write_bytes((data / "themas.yml").read_bytes())
    (data / "themas.yml").unlink()
    (data / "themas.yml").symlink_to(tmp_path / "elders.yml")
    (data / "extra.yml").symlink_to("/etc/passwd")
    errors = errors_of(data).errors
    assert sorted(e.file for e in errors) == ["data/extra.yml", "data/themas.yml"], [str(e) for e in errors]
    for error in errors:
        assert error.line is None and error.field is None, str(error)
        assert error.message.startswith("dit is een snelkoppeling (symbolische link) naar een ander bestand"), str(error)


def test_progress_older_than_the_akkoord_it_belongs_to(data):
    # The rule: an afspraak's voortgang is not dated before the akkoord itself (the date of the bron
    # akkoord-2023). Older than the bron it cites is fine: see the next test.
    start = append(data, "afspraken", afspraak(NEXT, ("datum: 2024-03-01", "datum: 2022-03-01")))
    check(the_error(data), file="afspraken", line=start + 10, column=14, field="datum",
          record=f"afspraak {NEXT}, voortgang 1",
          phrase="de datum 2022-03-01 ligt vóór de datum van het akkoord zelf (2023-12-06, de datum van de bron "
                 "'akkoord-2023'). Voortgang van een afspraak kan pas na het akkoord komen. Controleer het jaar.")


def test_progress_older_than_the_bron_that_reports_it_is_fine(data):
    # A signing on 6 December, reported on the 8th: afspraak 5 of the fixture (and afspraak 14 of the
    # real data) is dated before its bron, and rightly so.
    append(data, "afspraken", afspraak(NEXT, ("datum: 2024-03-01", "datum: 2023-12-06"),
                                       ("bron: akkoord-2023", "bron: rvo-2023-12-08")))
    assert load_akkoord(data, PEILDATUM).afspraken[NEXT].voortgang[0].bron == "rvo-2023-12-08"


def test_the_page_path_guard_is_the_last_defence():
    from macros.build.site_pages import GeneratedPage, UnsafePagePath, checked_paths

    def page(uri: str) -> GeneratedPage:
        return GeneratedPage(uri, "t", "d", lambda here: "")

    assert checked_paths([page("proeftuinen/proef-tuin.md"), page("afspraken/13.md")])
    for bad in ("proeftuinen/../../etc.md", "proeftuinen/Index.md", "proeftuinen/a b.md", "proeftuinen/a\n.md",
                "organisaties/con.md", "proeftuinen/index.md", "afspraken/hoe-werkt-dit.md"):
        with pytest.raises(UnsafePagePath, match="kan niet gemaakt worden"):
            checked_paths([page(bad)])
    with pytest.raises(UnsafePagePath, match="die pagina wordt al gemaakt"):
        checked_paths([page("proeftuinen/a.md"), page("proeftuinen/a.md")])


# --- The check and the build agree ----------------------------------------------------------------


def _check_command(data: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=FIXTURE_EPOCH)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "macros.data.check", "--data-dir", str(data)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _billion_laughs(data: Path) -> str:
    start = append(data, "groepen", BILLION_LAUGHS)
    return f"data/groepen.yml, regel {start + 1}, kolom 10 (groep 'lol', veld 'titel'): hier staat &a: een anker"


def _escaped_control(data: Path) -> str:
    start = append(data, "afspraken", title('titel: "Een proef\\x07afspraak"'))
    return (f"data/afspraken.yml, regel {start + 1}, kolom 20 (afspraak {NEXT}, veld 'titel'): in deze tekst staat "
            "de code \\x07 voor een onzichtbaar stuurteken (U+0007).")


def _line_separator(data: Path) -> str:
    start = append(data, "afspraken", afspraak(NEXT, ("titel: Een proefafspraak", "titel: Een\u2028proefafspraak"),
                                               ("uitleg: Wat dit betekent.", "uitleg: Wat dit\u2028betekent.")))
    return (f"data/afspraken.yml, regel {start + 4}, kolom 18 (afspraak {NEXT}, veld 'uitleg'): hier staat een "
            "onzichtbaar regeleinde (U+2028)")


def _folded_id(data: Path) -> str:
    start = append(data, "proeftuinen", PROEFTUIN.replace("- id: proef-tuin", "- id: >\n    proef-tuin"))
    return (f"data/proeftuinen.yml, regel {start}, kolom 7 (proeftuin 'proef-tuin⏎', veld 'id'): er staat een "
            "regeleinde in deze id.")


def _misnamed_file(data: Path) -> str:
    (data / "afspraak.yml").write_text("- nummer: 13\n", encoding="utf-8")
    return "data/afspraak.yml: dit bestand wordt niet gelezen; bedoelt u afspraken.yml?"


@pytest.mark.parametrize("make", [_billion_laughs, _escaped_control, _line_separator, _folded_id, _misnamed_file],
                         ids=lambda make: make.__name__.strip("_"))
def test_the_check_and_the_strict_build_refuse_it_alike(tmp_path, make):
    project = fixture_project(tmp_path / "project")
    expected = make(project / "data")
    with pytest.raises(DataErrors) as info:
        load_akkoord(project / "data", PEILDATUM)
    assert any(str(e).startswith(expected) for e in info.value.errors), info.value.report()

    checked = _check_command(project / "data")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    report = checked.stderr.rstrip("\n").split("\n")
    assert report == info.value.report().split("\n"), checked.stderr

    result = build_site(project, tmp_path / "site", FIXTURE_EPOCH)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert "Traceback" not in output, output[-3000:]
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[-1].startswith(FINAL_LINE_START) and lines[-1] == report[-1], output[-2000:]
    for line in report[:-1]:
        assert line in output, (line, output[-2000:])
    assert not (tmp_path / "site" / "index.html").exists(), "a refused build must publish nothing"
