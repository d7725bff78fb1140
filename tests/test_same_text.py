"""Compare as people read: names, words and titles that must be unique are compared after Unicode
normalisation (NFKC) and casefolding, and a hint never suggests what the editor wrote."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURE_DAY, fixture_data
from macros.data.loader import DataErrors, load_akkoord
from macros.data.nearmiss import reading_key

NFC = unicodedata.normalize("NFC", "Café")
NFD = unicodedata.normalize("NFD", "Café")
WOORD = "- id: {id}\n  term: {term}\n  uitleg: Een verzonnen woord voor de tests.\n  bronnen: [akkoord-2023]\n"


def errors_of(data: Path) -> list[str]:
    try:
        load_akkoord(data, FIXTURE_DAY)
    except DataErrors as errors:
        return [str(e) for e in errors.errors]
    return []


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    data = fixture_data(tmp_path / "data")
    path = data / f"{name}.yml"
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")
    return data


def test_reading_key_folds_what_readers_do_not_see():
    assert NFC != NFD and reading_key(NFC) == reading_key(NFD)
    assert reading_key("ﬁets") == reading_key("Fiets") == reading_key("ＦＩＥＴＳ")
    assert reading_key("Gemeente  Emmen") == reading_key("gemeente emmen")
    assert reading_key("Straße") == reading_key("STRASSE")


@pytest.mark.parametrize("first, second", [(NFC, NFD), ("ﬁetsproef", "fietsproef"), ("Buurtproef", "BUURTPROEF"),
                                           ("Ｗmo-proef", "wmo-proef")])
def test_the_same_woordenlijst_word_written_twice_is_refused(tmp_path, first, second):
    data = fixture_data(tmp_path / "data")
    path = data / "woordenlijst.yml"
    path.write_text(path.read_text("utf-8") + WOORD.format(id="een", term=first) + WOORD.format(id="twee", term=second),
                    "utf-8")
    found = errors_of(data)
    assert any("woordenlijst.yml" in e and "'term'" in e and "staat al" in e for e in found), found


def test_two_organisations_with_the_same_name_as_read_are_refused(tmp_path):
    data = edited(tmp_path, "ondertekenaars", "naam: Zorggroep Test", "naam: " + unicodedata.normalize(
        "NFD", "GEMEENTE PROEFSTAD"))
    found = errors_of(data)
    assert any("ondertekenaars.yml" in e and "'naam'" in e and "staat al in dit bestand" in e for e in found), found


def test_two_afspraken_with_the_same_title_as_read_are_refused(tmp_path):
    data = edited(tmp_path, "afspraken", "titel: Een proefcommissie instellen",
                  "titel: ＰＡＲＴＩＪＥＮ doen mee aan het  proefakkoord")
    found = errors_of(data)
    assert any("afspraken.yml" in e and "'titel'" in e and "staat al" in e for e in found), found


@pytest.mark.parametrize("written, hint", [("03", ": 3."), ('"03"', ": 3."), ("003", ": 3.")])
def test_a_hint_never_suggests_what_was_written(tmp_path, written, hint):
    data = edited(tmp_path, "afspraken", "- nummer: 3\n", f"- nummer: {written}\n")
    found = [e for e in errors_of(data) if "'nummer'" in e]
    assert found and all(hint in e for e in found), found
    assert not any(f"bijvoorbeeld {written.strip(chr(34))}" in e for e in found), found
