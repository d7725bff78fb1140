"""Checks a schema cannot express: uniqueness, numbering, references between files, dates in time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from pathlib import Path

from ..constants import AKKOORD_SOORT, DATE_PATTERN, ID_PATTERN, KEYS, RESERVED_IDS
from .dataerrors import Collector, records_in
from .nearmiss import FIELD_NOUNS, ID_CUTOFF, Lists, near_miss, reading_key, unknown_id_message
from .schema_messages import reserved_id_message
from .yamlsource import position_of

# An id may not be the name of a hand-written page or folder in the docs folder its pages go to.
PAGE_FOLDERS = {"proeftuinen": "proeftuinen", "gemeenten": "gemeenten", "verantwoordelijken": "organisaties",
                "ondertekenaars": "organisaties"}
# An afspraak number becomes afspraken/<nummer>/; the schema's maximum keeps it a short number.
MAX_NUMMER = 9999  # the benchmark's 100x data set has 1400 afspraken


def _valid_date(value) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(DATE_PATTERN, value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _list(item: dict, key: str) -> list:
    value = item.get(key)
    return value if isinstance(value, list) else []


def _is_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _page_names(folder: Path) -> dict[str, str]:
    """Names of the hand-written pages and folders in a docs folder: name -> path to show."""
    if not folder.is_dir():
        return {}
    root = folder.parent.parent
    return {entry.name.split(".", 1)[0]: entry.relative_to(root).as_posix() for entry in sorted(folder.iterdir())}


def cross_check(c: Collector, parsed: dict, valid: set, schemas: dict, peildatum: dt.date,
                lists: Lists, docs_dir: Path | None = None) -> None:
    """Checks a schema cannot express: uniqueness, numbering, references, dates in time.

    Runs on every file that could be read, also when its schema check found errors, so that one
    run reports as much as possible. Files that could not be read are left out.
    """
    doubles = set()
    for name, document in parsed.items():
        key, seen = KEYS[name], {}
        for i, item in records_in(document):
            value = item.get(key)
            if not isinstance(value, str | int) or isinstance(value, bool):
                continue
            same = reading_key(value) if isinstance(value, str) else value
            if same in seen:
                doubles.add(name)
                first = position_of(document, [seen[same], key])
                if name == "afspraken":
                    message = (f"nummer {value} staat al eerder in dit bestand (regel {first.line}). Elke afspraak "
                               "heeft een eigen nummer.")
                else:
                    message = (f"'{value}' staat al eerder in dit bestand (regel {first.line}). Elke {key} mag maar "
                               "één keer voorkomen.")
                c.add(name, message, [i, key])
            else:
                seen[same] = i
    _check_unique_names(c, parsed)

    ids = {name: {value for _, item in records_in(document) if isinstance(value := item.get(KEYS[name]), Hashable)}
           for name, document in parsed.items()}

    # An id becomes a page next to hand-written ones (docs/proeftuinen/<id>.md): it may not take their name.
    for name, folder in PAGE_FOLDERS.items():
        taken = _page_names(docs_dir / folder) if docs_dir and name in parsed else {}
        for i, item in records_in(parsed.get(name)):
            value = item.get(KEYS[name])
            if isinstance(value, str) and value in taken and value not in RESERVED_IDS:
                c.add(name, reserved_id_message(value, taken[value]), [i, KEYS[name]])

    if "verantwoordelijken" in parsed and "ondertekenaars" in parsed:
        for i, item in records_in(parsed["ondertekenaars"]):
            if isinstance(item.get("id"), str) and item["id"] in ids["verantwoordelijken"]:
                c.add("ondertekenaars", f"'{item['id']}' is ook al een id in data/verantwoordelijken.yml. Een id mag "
                                        "in die twee bestanden samen maar één keer voorkomen.", [i, "id"])

    # A list whose values the code gives a meaning (the statussen) must cover that vocabulary, so
    # every value has a text. The region's own lists (gemeenten, thema's, ...) have no such enum.
    for name in valid:
        own = schemas[name].get("items", {}).get("properties", {}).get(KEYS[name], {})
        for value in own.get("enum", ()):
            if value not in ids[name]:
                c.add(name, f"'{value}' ontbreekt in deze lijst. Voeg het toe met een uitleg.")

    akkoord_text = _akkoord_text(c, parsed.get("bronnen"))

    if "afspraken" in valid and "afspraken" not in doubles:
        previous = 0
        for number, i in sorted((item["nummer"], i) for i, item in records_in(parsed["afspraken"])):
            if number != previous + 1:
                first_missing, last_missing = previous + 1, number - 1
                gap = (f"nummer {first_missing} ontbreekt" if first_missing == last_missing
                       else f"de nummers {first_missing} tot en met {last_missing} ontbreken")
                start = "de eerste afspraak heeft" if previous == 0 else f"na afspraak {previous} komt"
                c.add("afspraken", f"{start} {'nummer' if previous == 0 else 'afspraak'} {number}: {gap}. Nummer "
                                   "de afspraken 1, 2, 3 en zo verder, zonder gaten.", [i, "nummer"])
            previous = number

    def ref(name, path, value):
        """Check that value is an id in the file(s) that REFERENCES names for this field."""
        field = next(step for step in reversed(path) if isinstance(step, str))
        if not lists.readable(name, field):
            return  # that file is missing or unreadable, which is reported already
        if not isinstance(value, str) or lists.known(name, field, value) or not re.fullmatch(ID_PATTERN, value):
            return  # a value that is no id at all has its own message from the schema check
        miss = near_miss(value, lists.allowed(name, field), lists.labels_of(name, field), cutoff=ID_CUTOFF)
        c.add(name, unknown_id_message(value, FIELD_NOUNS[field], lists.where(name, field), miss), path)

    numbers = {n for n in ids.get("afspraken", ()) if _is_number(n) and n <= MAX_NUMMER}
    akkoord_day = _valid_date(akkoord_text.get("datum")) if akkoord_text else None

    for i, item in records_in(parsed.get("afspraken")):
        ref("afspraken", [i, "groep"], item.get("groep"))
        for j, value in enumerate(_list(item, "proeftuinen")):
            ref("afspraken", [i, "proeftuinen", j], value)
        _check_grond(c, i, _list(item, "verantwoordelijk"), ref)
        _check_log(c, "afspraken", i, _list(item, "voortgang"), peildatum, ref,
                   (akkoord_day, akkoord_text.get("id")) if akkoord_day else None)

    for i, item in records_in(parsed.get("proeftuinen")):
        if "afspraken" in parsed:
            for j, number in enumerate(_list(item, "afspraken")):
                if _is_number(number) and number <= MAX_NUMMER and number not in numbers:  # else: the schema says it
                    c.add("proeftuinen", f"er is geen afspraak {number}. De afspraken hebben de nummers 1 tot en met "
                                         f"{max(numbers, default=0)}.", [i, "afspraken", j])
        for list_name in ("partners", "bekend"):
            for j, entry in enumerate(_list(item, list_name)):
                if isinstance(entry, dict):
                    for k, value in enumerate(_list(entry, "bronnen")):
                        ref("proeftuinen", [i, list_name, j, "bronnen", k], value)
        _check_log(c, "proeftuinen", i, _list(item, "voortgang"), peildatum, ref)

    for name in ("ondertekenaars", "verantwoordelijken", "woordenlijst"):
        for i, item in records_in(parsed.get(name)):
            for j, value in enumerate(_list(item, "bronnen")):
                ref(name, [i, "bronnen", j], value)

    _check_woorden(c, parsed.get("woordenlijst"))

    for i, item in records_in(parsed.get("bronnen")):
        day = _valid_date(item.get("datum"))
        if day and day > peildatum:
            c.add("bronnen", f"de datum {item['datum']} ligt na vandaag ({peildatum.isoformat()}). Een bron kan niet "
                             "uit de toekomst komen. Controleer het jaar.", [i, "datum"])


# Texts the site shows as the name of a record: two records with the same name cannot be told apart
# by a reader. Files in one group share their names (both are organisations on /organisaties/).
UNIQUE_NAMES = ((("ondertekenaars", "naam"), ("verantwoordelijken", "naam")), (("afspraken", "titel"),),
                (("proeftuinen", "naam"),), (("statussen", "label"),), (("themas", "naam"),),
                (("gemeenten", "naam"),), (("groepen", "titel"),))


def _check_unique_names(c, parsed: dict) -> None:
    """Names compared as people read them (nearmiss.reading_key): 'Café' composed and decomposed,
    'GGD' and 'ggd', a full-width letter and a ligature are the same name."""
    for group in UNIQUE_NAMES:
        seen: dict[str, tuple[str, int]] = {}
        for name, field in group:
            for i, item in records_in(parsed.get(name)):
                value = item.get(field)
                if not isinstance(value, str) or not value.strip():
                    continue
                key = reading_key(value)
                if key in seen:
                    first_file, first_index = seen[key]
                    line = position_of(parsed[first_file], [first_index, field]).line
                    where = "in dit bestand" if first_file == name else f"in data/{first_file}.yml"
                    c.add(name, f"'{value}' staat al {where} (regel {line}), ook als u hoofdletters en de "
                                "schrijfwijze van letters niet meetelt. Een lezer kan ze dan niet uit elkaar "
                                f"houden. Maak de {field} anders.", [i, field])
                else:
                    seen[key] = (name, i)


def _check_grond(c, i: int, toewijzingen: list, ref) -> None:
    """Each responsible party once, with exactly one ground: the akkoord's words or the site's reading."""
    seen: set[str] = set()
    for j, entry in enumerate(toewijzingen):
        if not isinstance(entry, dict):
            continue  # the schema says what is wrong
        wie = entry.get("wie")
        ref("afspraken", [i, "verantwoordelijk", j, "wie"], wie)
        if isinstance(wie, str):
            if wie in seen:
                c.add("afspraken", f"'{wie}' staat twee keer bij deze afspraak. Noem elke partij één keer.",
                      [i, "verantwoordelijk", j, "wie"])
            seen.add(wie)
        has_words, has_reading = "akkoord" in entry, "lezing" in entry
        if has_words and has_reading:
            c.add("afspraken", f"bij '{wie}' staan zowel 'akkoord' als 'lezing'. Kies er één. Noemt het akkoord "
                               "deze partij zelf? Schrijf dan onder 'akkoord' de woorden uit het akkoord. Anders "
                               "schrijft u onder 'lezing' waarom de site de afspraak bij deze partij zet.",
                  [i, "verantwoordelijk", j, "lezing"])
        elif not has_words and not has_reading and "wie" in entry:
            c.add("afspraken", f"bij '{wie}' staat niet waarom deze partij verantwoordelijk is. Noemt het akkoord "
                               "haar zelf? Schrijf dan 'akkoord:' met de woorden uit het akkoord. Anders schrijft u "
                               "'lezing:' met in gewone woorden waarom de site de afspraak bij deze partij zet.",
                  [i, "verantwoordelijk", j, "wie"])


def _check_woorden(c, document) -> None:
    """Each word (term or other form) explains one thing: a page links it to one place in the woordenlijst.

    Capitals do not count here: 'wmo' and 'Wmo' would catch the same word on a page."""
    seen: dict[str, tuple[int, str]] = {}  # word -> (index of its record, path) of its first place
    for i, item in records_in(document):
        forms = [([i, "term"], item.get("term"))] + [([i, "ook", j], v) for j, v in enumerate(_list(item, "ook"))]
        for path, value in forms:
            if not isinstance(value, str) or not value.strip():
                continue
            key = reading_key(value)
            if key in seen:
                first_index, first_path = seen[key]
                line = position_of(document, first_path).line
                where = ("al eerder bij dit woord" if first_index == i
                         else f"al bij het woord '{document[first_index].get('term')}'")
                c.add("woordenlijst", f"'{value}' staat {where} (regel {line}). Een woord hoort bij één uitleg: "
                                      "de site linkt het woord naar die ene plek. Haal het hier weg.", path)
            else:
                seen[key] = (i, path)


def _akkoord_text(c, document) -> dict | None:
    """The one bron that is the text of the akkoord itself (soort akkoordtekst): every afspraak page cites it.

    Found by what it is, not by its id, so a region names it as it likes. None and two are errors.
    """
    if document is None:
        return None  # the file could not be read, which is reported already
    texts = [(i, item) for i, item in records_in(document) if item.get("soort") == AKKOORD_SOORT]
    if not texts:
        c.add("bronnen", f"geen enkele bron heeft 'soort: {AKKOORD_SOORT}'. Die bron is de tekst van het akkoord "
                         "zelf: elke pagina over een afspraak verwijst ernaar. Zet haar terug, of geef de bron met de "
                         f"tekst van het akkoord 'soort: {AKKOORD_SOORT}'.", field="soort")
        return None
    first_index, first = texts[0]
    for i, _ in texts[1:]:
        line = position_of(document, [first_index, "soort"]).line
        c.add("bronnen", f"ook de bron '{first.get('id')}' (regel {line}) heeft 'soort: {AKKOORD_SOORT}'. Er is maar "
                         "één tekst van het akkoord. Geef deze bron een andere soort, bijvoorbeeld document.",
              [i, "soort"])
    return first


def _check_log(c, name, index, entries, peildatum, ref, akkoord: tuple[dt.date, str] | None = None) -> None:
    """Dates of voortgang: not after today, in order, and for an afspraak not before the akkoord.

    An afspraak exists from the day of the akkoord (the date of its akkoordtekst bron): progress
    dated before it is a typo in the year. Progress may be older than the bron it cites (a
    signing on 6 December, reported on the 8th); a proeftuin may have a history from before.
    """
    previous = None
    for j, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        path = [index, "voortgang", j]
        ref(name, [*path, "bron"], entry.get("bron"))
        day = _valid_date(entry.get("datum"))
        if day is None:
            continue
        if day > peildatum:
            c.add(name, f"de datum {entry['datum']} ligt na vandaag ({peildatum.isoformat()}). Voortgang gaat over "
                        "wat al gebeurd is: gebruik de datum van de bron.", [*path, "datum"])
        if akkoord and day < akkoord[0]:
            c.add(name, f"de datum {entry['datum']} ligt vóór de datum van het akkoord zelf ({akkoord[0].isoformat()}, "
                        f"de datum van de bron '{akkoord[1]}'). Voortgang van een afspraak kan pas na het akkoord "
                        "komen. Controleer het jaar.", [*path, "datum"])
        if previous and day < previous:
            c.add(name, f"de datum {entry['datum']} is ouder dan die van de regel erboven ({previous.isoformat()}). "
                        "Zet de voortgang op volgorde: oudste bovenaan, nieuwste onderaan.", [*path, "datum"])
        previous = day
