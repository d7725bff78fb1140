"""Load the YAML in data/, validate it once, and build the typed Akkoord.

Every problem becomes a DataError that names file, line, record and field in Dutch.
All problems of one run are collected and reported together.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import yaml

from . import model
from .constants import (AKKOORD_BRON, DATE_PATTERN, FILES, ID_MAX_LENGTH, ID_PATTERN, KEYS, RESERVED_IDS,
                        WINDOWS_NAMES)
from .yamlsource import (LINE_SEPARATORS, MAX_BYTES, MAX_DEPTH, MAX_NODES, DuplicateKey, InputRefused, LocatedDict,
                         Position, Problem, decode, is_noncharacter, is_surrogate, parse_yaml, position_in, position_of,
                         source_of)

# How one value of a field is called: "'klaar' is geen bekende status".
FIELD_NOUNS = {
    "status": "status", "themas": "thema", "gemeenten": "gemeente", "gemeente": "gemeente",
    "soort": "soort", "proeftuinen": "proeftuin", "bron": "bron", "bronnen": "bron", "groep": "groep",
    "verantwoordelijk": "verantwoordelijke", "afspraken": "afspraak",
}
HET_WORDS = {"thema"}  # "geen bekend thema", but "geen bekende status"

# A word in the woordenlijst: no space at the start or end, and one space between words.
WORD_PATTERN = r"^\S+( \S+)*$"

# An id may not be the name of a hand-written page or folder in the docs folder its pages go to.
PAGE_FOLDERS = {"proeftuinen": "proeftuinen", "gemeenten": "gemeenten", "verantwoordelijken": "organisaties",
                "ondertekenaars": "organisaties"}
# An afspraak number becomes afspraken/<nummer>/; the schema's maximum keeps it a short number.
MAX_NUMMER = 999

# Extra help when a field is missing or empty.
FIELD_HELP = {
    "bron": "Elke regel voortgang heeft een bron nodig. Zet de bron eerst in data/bronnen.yml en schrijf hier "
            "haar id.",
    "bronnen": "Noem minstens één bron: een id uit data/bronnen.yml. Zonder bron komt het niet op de site.",
    "datum": "Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-06-30.",
    "notitie": "Schrijf in een of twee zinnen wat er is gebeurd.",
}


def geen_bekende(noun: str) -> str:
    return f"geen bekend {noun}" if noun in HET_WORDS else f"geen bekende {noun}"


# --- Values from a fixed list ---------------------------------------------------------------
#
# A field whose value must come from a fixed list (a schema `enum`, or an id in another file)
# is checked in one way everywhere: a value that is almost right is refused with a hint
# "Bedoelt u 'in uitvoering'?". The data stays exactly as the lists spell it, because the
# site, the open data and the feeds compare values exactly.

# Where the values of a field come from, when they are the ids (or, for statussen, the names)
# of records in another file. That file also gives each value its label, the text the site
# shows ("In uitvoering", "De gezonde wijk"), so a label written instead gets the id as hint.
REFERENCES = {
    ("afspraken", "status"): ("statussen",),
    ("afspraken", "themas"): ("themas",),
    ("afspraken", "gemeenten"): ("gemeenten",),
    ("afspraken", "groep"): ("groepen",),
    ("afspraken", "proeftuinen"): ("proeftuinen",),
    ("afspraken", "verantwoordelijk"): ("verantwoordelijken", "ondertekenaars"),
    ("afspraken", "bron"): ("bronnen",),
    ("proeftuinen", "gemeente"): ("gemeenten",),
    ("proeftuinen", "themas"): ("themas",),
    ("proeftuinen", "bronnen"): ("bronnen",),
    ("proeftuinen", "bron"): ("bronnen",),
    ("ondertekenaars", "soort"): ("soorten",),
    ("ondertekenaars", "gemeenten"): ("gemeenten",),
    ("ondertekenaars", "bronnen"): ("bronnen",),
    ("verantwoordelijken", "bronnen"): ("bronnen",),
    ("woordenlijst", "bronnen"): ("bronnen",),
}
LABEL_FIELDS = ("label", "naam", "titel")  # the text the site shows for a record

# How close a misspelling must be (difflib's ratio) to get a hint. The words of a schema enum
# are few and can look alike with another meaning ('gestart' is not 'gestopt'), so only a
# near-identical spelling gets one. Ids in the other files are longer names the editors made;
# for those a looser match helps (a typo, or an id that was renamed) and the message also says
# where the ids are, so a wrong guess does no harm.
WORD_CUTOFF = 0.8
ID_CUTOFF = 0.6

# Labels the site shows by itself, which are no value an editor can choose.
SHOWN_BY_THE_SITE = {
    "status": {
        "over tijd": "De site zet 'Over tijd' er zelf bij als de termijn voorbij is en de afspraak nog niet "
                     "klaar is.",
        "termijn voorbij": "De site zet 'Termijn voorbij' er zelf bij als de termijn voorbij is en de status "
                           "onbekend is.",
    },
}


def _spelling(text: str) -> str:
    """A value without what editors easily get wrong: capitals, accents, spaces and hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[-_\s]+", " ", text).split()).casefold()


@dataclass(frozen=True)
class NearMiss:
    value: str  # the allowed value the editor probably meant
    certain: bool  # the same value written differently, or its label; not merely similar

    def hint(self) -> str:
        return f"Bedoelt u '{self.value}'?"


def near_miss(value, allowed, labels=(), *, cutoff: float) -> NearMiss | None:
    """The allowed value that `value` is probably meant to be, if any.

    Certain: the same after ignoring capitals, accents, spaces and hyphens ('In uitvoering',
    'in-uitvoering', 'Borger Odoorn'), or the label of an allowed value ('De gezonde wijk');
    labels are (label, value) pairs. Else a typo: the closest spelling with a difflib ratio of
    at least `cutoff`, if no other value is as close.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    allowed = [a for a in allowed if isinstance(a, str)]
    spellings: dict[str, str | None] = {}
    for label, meant in labels:
        if meant in allowed:
            key = _spelling(label)
            spellings[key] = meant if spellings.get(key, meant) == meant else None  # None: two values share it
    spellings.update({_spelling(a): a for a in allowed})  # a value wins over a label
    spellings = {key: meant for key, meant in spellings.items() if meant is not None}
    key = _spelling(value)
    if key in spellings:
        return NearMiss(spellings[key], True) if spellings[key] != value else None
    scores = {spelling: difflib.SequenceMatcher(None, key, spelling).ratio() for spelling in spellings}
    best = max(scores.values(), default=0)
    meant = {spellings[spelling] for spelling, score in scores.items() if score == best}
    return NearMiss(meant.pop(), False) if best >= cutoff and len(meant) == 1 else None  # a tie: no guess


class _Lists:
    """The fixed lists of values, read from the files themselves: ids and labels per file."""

    def __init__(self, parsed: dict):
        self.parsed = parsed
        self.ids: dict[str, list[str]] = {}
        self.labels: dict[str, list[tuple[str, str]]] = {}
        for name, document in parsed.items():
            key = KEYS[name]
            records = [item for _, item in _records(document) if isinstance(item.get(key), str)]
            self.ids[name] = [item[key] for item in records]
            self.labels[name] = [(item[field], item[key]) for item in records for field in LABEL_FIELDS
                                 if field != key and isinstance(item.get(field), str)]
        self._known: dict[tuple[str, str], set[str]] = {}

    def targets(self, name: str, field: str) -> tuple[str, ...]:
        return REFERENCES.get((name, field), ())

    def readable(self, name: str, field: str) -> bool:
        """Whether every file the field refers to could be read (else that is reported already)."""
        targets = self.targets(name, field)
        return bool(targets) and all(target in self.parsed for target in targets)

    def allowed(self, name: str, field: str) -> list[str]:
        return [value for target in self.targets(name, field) for value in self.ids.get(target, ())]

    def known(self, name: str, field: str, value) -> bool:
        if (name, field) not in self._known:
            self._known[(name, field)] = set(self.allowed(name, field))
        return value in self._known[(name, field)]

    def labels_of(self, name: str, field: str) -> list[tuple[str, str]]:
        return [pair for target in self.targets(name, field) for pair in self.labels.get(target, ())]

    def where(self, name: str, field: str) -> str:
        return " en ook niet in ".join(f"data/{target}.yml" for target in self.targets(name, field))


def unknown_value_message(value, noun: str | None, options, miss: NearMiss | None) -> str:
    """The message for a value that is not in a schema enum."""
    said = f"'{value}' is {geen_bekende(noun)}." if noun else f"'{value}' is hier niet toegestaan."
    if miss:
        return f"{said} {miss.hint()}"
    shown = SHOWN_BY_THE_SITE.get(noun or "", {}).get(_spelling(value)) if isinstance(value, str) else None
    if shown:
        said = f"'{value}' is geen {noun} die u kunt kiezen. {shown}"
    return f"{said} Kies uit: {', '.join(str(o) for o in options)}."


def unknown_id_message(value, noun: str, where: str, miss: NearMiss | None) -> str:
    """The message for a value that is not an id in the file it refers to."""
    said = f"'{value}' is {geen_bekende(noun)}."
    if miss and miss.certain:
        return f"{said} {miss.hint()}"
    message = f"{said} Die id staat niet in {where}."
    if miss:
        message += f" {miss.hint()}"
    if noun == "bron":
        message += " Is het een nieuwe bron? Zet haar dan eerst in data/bronnen.yml."
    return message


@dataclass(frozen=True)
class DataError:
    file: str
    message: str
    line: int | None = None
    column: int | None = None
    record: str | None = None
    field: str | None = None
    index: int | None = None  # which value of a list field, counting from 1

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", regel {self.line}"
            if self.column:
                where += f", kolom {self.column}"
        parts = [self.record] if self.record else []
        if self.field:
            parts.append(f"veld '{self.field}'" + (f", waarde {self.index}" if self.index else ""))
        context = ", ".join(parts)
        return f"{where}{f' ({context})' if context else ''}: {self.message}"


class DataErrors(Exception):
    def __init__(self, errors: list[DataError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def summary(self) -> str:
        """The one plain line that ends every report."""
        count = len(self.errors)
        noun = "fout" if count == 1 else "fouten"
        return (f"Niet gebouwd: {count} {noun} in de gegevens. Verbeter de fouten hierboven; "
                "er is niets gepubliceerd.")

    def report(self) -> str:
        return "\n".join([*(str(e) for e in self.errors), self.summary()])


# The day is the day where the editors and readers are, not in UTC: progress an editor dates
# "today" just after midnight must not be refused as a date in the future.
TIMEZONE = ZoneInfo("Europe/Amsterdam")


def peildatum_from_env(environ) -> dt.date:
    """The day the build judges deadlines by; SOURCE_DATE_EPOCH makes builds reproducible."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(TIMEZONE).date()


def describe_record(name: str, document, index) -> str | None:
    if not isinstance(document, list) or not isinstance(index, int) or index >= len(document):
        return None
    item = document[index]
    noun = FILES[name]
    if isinstance(item, dict):
        number = item.get("nummer")
        if name == "afspraken" and isinstance(number, int) and not isinstance(number, bool):
            return f"afspraak {number}"
        for key in ("id", "naam"):
            if isinstance(item.get(key), str):
                return f"{noun} '{item[key]}'"
    return f"{noun} op plek {index + 1} in de lijst"


def locate(name: str, document, path: list) -> tuple[str | None, str | None, int | None]:
    """Describe a path as (record, field, index): [13, 'voortgang', 0, 'status'] becomes
    ('afspraak 14, voortgang 1', 'status', None); [4, 'themas', 1] becomes ('afspraak 5', 'themas', 2)."""
    if not path:
        return None, None, None
    record = describe_record(name, document, path[0])
    inner = list(path[1:])
    parts: list[str] = []
    field = index = None
    for i, step in enumerate(inner):
        following = inner[i + 1] if i + 1 < len(inner) else None
        if isinstance(step, str):
            if isinstance(following, int) and i + 2 < len(inner):
                continue  # named together with its number: "voortgang 1"
            if isinstance(following, str):
                parts.append(step)  # a group of fields, such as deadline
                continue
            field = step
        elif isinstance(step, int):
            if i == len(inner) - 1:
                index = step + 1
            elif i > 0:
                parts.append(f"{inner[i - 1]} {step + 1}")
    return ", ".join(p for p in [record, *parts] if p) or None, field, index


class _Collector:
    def __init__(self, data_dir: Path, display_root: Path):
        self.data_dir = data_dir
        self.display_root = display_root
        self.errors: list[DataError] = []
        self.documents: dict[str, object] = {}

    def display(self, name: str) -> str:
        path = self.data_dir / f"{name}.yml"
        try:
            return path.relative_to(self.display_root).as_posix()
        except ValueError:
            return path.as_posix()

    def add_path(self, path: Path, message: str) -> None:
        """An error about a file or folder in data/ that is no data file."""
        try:
            shown = path.relative_to(self.display_root).as_posix()
        except ValueError:
            shown = path.as_posix()
        self.errors.append(DataError(shown, message))

    def add(self, name: str, message: str, path=(), *, field=None, index=None, record=None,
            position: Position | None = None, key: bool = False):
        document = self.documents.get(name)
        if document is not None and path:
            if position is None:
                position = position_of(document, list(path), key=key)
            found_record, found_field, found_index = locate(name, document, list(path))
            record = record or found_record
            field = field or found_field
            index = found_index if index is None else index
        elif document is not None and position is None:
            position = getattr(document, "position", None)
        self.errors.append(DataError(self.display(name), _one_line(message),
                                     position.line if position else None,
                                     position.column if position else None, _one_line(record), _one_line(field),
                                     index))


def _one_line(text: str | None) -> str | None:
    """One error, one line: a value with a line break in it (`id: >`, a key "a\\nb") shows the break as ⏎,
    and a value of hundreds of characters is cut off."""
    if not isinstance(text, str):
        return text
    text = text.replace("\n", "⏎")
    return text if len(text) <= 1000 else text[:1000] + "…"


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "ja/nee-waarde"
    if isinstance(value, int | float):
        return "getal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "lijst"
    if isinstance(value, dict):
        return "groep van velden"
    return "waarde"


EXPECTED = {"string": "tekst", "integer": "een heel getal", "array": "een lijst",
            "object": "een groep van velden", "boolean": "true of false"}


def _field_of(error: jsonschema.ValidationError) -> str:
    return next((s for s in reversed(error.absolute_path) if isinstance(s, str)), "")


def _schema_message(name: str, error: jsonschema.ValidationError, lists: _Lists) -> tuple[str, str | None]:
    """Translate one jsonschema error into Dutch; returns (message, name of a missing or unknown field)."""
    v, value, schema = error.validator, error.instance, error.schema
    field = _field_of(error)
    if v == "required":
        missing = [key for key in error.validator_value if key not in value]
        help_text = FIELD_HELP.get(missing[0])
        return (f"het veld '{missing[0]}' ontbreekt. Dit veld is verplicht."
                + (f" {help_text}" if help_text else "")), missing[0]
    if v == "additionalProperties":
        extra = sorted((key for key in value if key not in schema.get("properties", {})), key=str)
        allowed = ", ".join(schema.get("properties", {}))
        return (f"'{extra[0]}' is geen bekend veld. Controleer de spelling. Toegestane velden: {allowed}.",
                str(extra[0]))
    if v == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        if value is None:
            return f"is leeg. Kies uit: {options}.", None
        if isinstance(value, list | dict):
            return f"moet één waarde zijn, maar is een {_type_name(value)}. Kies uit: {options}.", None
        if isinstance(value, str) and "\n" in value:
            return _newline_message(error), None
        if not isinstance(value, str):
            value = _written(name, error, lists)  # yes, not True
        noun = FILES[name] if field in ("id", "naam") else FIELD_NOUNS.get(field)
        miss = near_miss(value, error.validator_value, lists.labels_of(name, field), cutoff=WORD_CUTOFF)
        return unknown_value_message(value, noun, error.validator_value, miss), None
    if v == "type":
        expected = EXPECTED.get(error.validator_value, error.validator_value)
        if value is None:
            help_text = FIELD_HELP.get(field)
            if error.validator_value == "array":
                return "is leeg. Vul hier een lijst in. Is de lijst (nog) leeg? Schrijf dan [].", None
            if error.validator_value == "string":
                return ("is leeg. Vul hier tekst in." + (f" {help_text}" if help_text else "")
                        + " Begint uw tekst met #? Zet de tekst dan tussen aanhalingstekens."), None
            return f"is leeg. Vul hier {expected} in.", None
        written = _written(name, error, lists)
        if isinstance(value, bool):
            # yes, no, on, off, true, false: YAML 1.1 reads these words as ja/nee.
            said = (f"moet {expected} zijn, maar is een ja/nee-waarde: de computer leest {written} als "
                    f"{'ja' if value else 'nee'}.")
            if error.validator_value == "string":
                said += f" Zet de tekst tussen aanhalingstekens, bijvoorbeeld \"{written}\"."
            return said, None
        if error.validator_value == "integer" and isinstance(value, float):
            return (f"moet {expected} zijn, maar is een kommagetal ({written}). Schrijf een heel getal, zonder "
                    "punt of komma.", None)
        hint = ""
        if error.validator_value == "string" and isinstance(value, int | float):
            hint = f" Zet de tekst tussen aanhalingstekens, bijvoorbeeld \"{written}\"."
        elif error.validator_value == "array" and isinstance(value, str):
            hint = f" Zet de waarden tussen blokhaken, bijvoorbeeld [{value}]."
        elif error.validator_value == "integer" and isinstance(value, str) and value.strip().isdigit():
            hint = f" Schrijf het getal zonder aanhalingstekens, bijvoorbeeld {value.strip()}."
        elif error.validator_value == "boolean" and isinstance(value, str):
            hint = " Schrijf true (ja) of false (nee), zonder aanhalingstekens."
        return f"moet {expected} zijn, maar is een {_type_name(value)}.{hint}", None
    if v == "pattern":
        if "\n" in value:
            return _newline_message(error), None
        if error.validator_value == WORD_PATTERN:
            return (f"'{value}' heeft een spatie aan het begin of eind, of twee spaties achter elkaar. Schrijf het "
                    "woord zoals het op de site staat, met één spatie tussen de woorden.", None)
        if error.validator_value == DATE_PATTERN:
            return f"'{value}' is geen datum in de vorm JJJJ-MM-DD. Schrijf bijvoorbeeld 2024-06-30.", None
        if error.validator_value.startswith("^https?"):
            return (f"'{value}' is geen geldig webadres. Een webadres begint met https:// of http:// "
                    "(andere soorten links zijn niet toegestaan).", None)
        if error.validator_value == ID_PATTERN and lists.readable(name, field):
            # Not an id, but perhaps one written with capitals or spaces, or its label.
            miss = near_miss(value, lists.allowed(name, field), lists.labels_of(name, field), cutoff=ID_CUTOFF)
            if miss:
                return unknown_id_message(value, FIELD_NOUNS[field], lists.where(name, field), miss), None
        if error.validator_value == ID_PATTERN:
            message = (f"'{value}' is geen geldige id. Gebruik alleen kleine letters (zonder accenten), cijfers "
                       "en streepjes, bijvoorbeeld regionale-kerngroep.")
            if any(char.isspace() for char in value):
                message += " Er staat een spatie in: gebruik een streepje in plaats van een spatie."
            return message, None
        if error.validator_value.startswith("^[a-z0-9.-]+"):
            return (f"'{value}' is geen naam van een website. Schrijf alleen de naam, zonder https:// en "
                    "zonder /, bijvoorbeeld rvo.nl.", None)
        return f"'{value}' heeft niet de goede vorm.", None
    if v == "format":
        return f"'{value}' bestaat niet als datum. Controleer dag en maand.", None
    if v == "minLength":
        return "is leeg. Vul hier tekst in.", None
    if v == "maxLength":
        message = f"is te lang ({len(value)} tekens). Het mag hoogstens {error.validator_value} tekens zijn."
        if schema.get("pattern") == ID_PATTERN:
            message += " Maak de id korter."
        return message, None
    if v == "minItems":
        if not error.absolute_path:
            return "de lijst in dit bestand is leeg. Er moet minstens één item in staan.", None
        help_text = FIELD_HELP.get(field)
        if help_text:
            return f"de lijst is leeg. {help_text}", None
        noun = FIELD_NOUNS.get(field, "waarde")
        return f"de lijst is leeg. Noem minstens één {noun}.", None
    if v == "uniqueItems":
        seen, doubles = set(), []
        for item in value:
            key = json.dumps(item, sort_keys=True, default=str)
            if key in seen:
                doubles.append(str(item))
            seen.add(key)
        return f"'{doubles[0] if doubles else value}' staat twee keer in deze lijst. Haal er één weg.", None
    if v == "minimum":
        return f"moet {error.validator_value} of hoger zijn.", None
    if v == "maximum":
        return f"{value} is te groot. Het hoogste nummer dat kan is {error.validator_value}.", None
    if v == "not" and isinstance(value, str) and value in RESERVED_IDS:
        return reserved_id_message(value), None
    return "deze waarde klopt niet.", None


def reserved_id_message(value: str, page: str | None = None) -> str:
    if page:
        return f"'{value}' kan geen id zijn: er is al een pagina met die naam ({page}). Kies een andere id."
    if value in WINDOWS_NAMES:
        return (f"'{value}' kan geen id zijn: Windows gebruikt die naam zelf, dus een bestand met die naam kan "
                "daar niet bestaan. Kies een andere id.")
    return f"'{value}' kan geen id zijn: de site gebruikt die naam zelf voor een eigen pagina. Kies een andere id."


NEWLINE_IN = {DATE_PATTERN: "deze datum", ID_PATTERN: "deze id"}


def _newline_message(error: jsonschema.ValidationError) -> str:
    """A value with a line break in it: mostly `id: >` (folded), which ends the value with one."""
    pattern = error.schema.get("pattern", "")
    what = NEWLINE_IN.get(pattern) or ("dit webadres" if pattern.startswith("^https?") else "deze waarde")
    one_line = " ".join(error.instance.split())
    last = error.absolute_path[-1] if error.absolute_path else None
    example = f"- {one_line}" if isinstance(last, int) else f"{last}: {one_line}"
    return (f"er staat een regeleinde in {what}. Zet de waarde op één regel, zo: {example}. Staat er > of | voor "
            "de waarde? Dan komt er een regeleinde aan het eind; gebruik >- of zet de waarde op één regel.")


def _written(name: str, error: jsonschema.ValidationError, lists: _Lists) -> str:
    """A value as the editor wrote it: 'yes' and '1.50', not True and 1.5."""
    written = source_of(lists.parsed.get(name), list(error.absolute_path))
    return written if written is not None else _yaml_word(error)


def _yaml_word(error: jsonschema.ValidationError) -> str:
    value = error.instance
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _is_integer(checker, instance) -> bool:
    # JSON Schema counts 1.0 as an integer; here a whole number is written without a point
    # (else `nummer: 2.0` would make the page afspraken/2.0/).
    return isinstance(instance, int) and not isinstance(instance, bool)


def _pattern(validator, pattern: str, instance, schema):
    # As JSON Schema means it (ECMA-262) and editors' tools check it: $ is the end of the text.
    # Python's $ also matches before a final newline, so `id: >` (folded: "proef-tuin\n") would pass.
    if not validator.is_type(instance, "string"):
        return
    python = pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern
    if not re.search(python, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, validators={"pattern": _pattern},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer))


def _schema_errors(collector: _Collector, name: str, schema: dict, document, lists: _Lists) -> bool:
    validator = _Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(document))
    pattern_paths = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    for error in errors:
        path = list(error.absolute_path)
        if error.validator in ("format", "maxLength") and tuple(path) in pattern_paths:
            continue  # the pattern message already says what is wrong
        message, named = _schema_message(name, error, lists)
        if error.validator in ("required", "additionalProperties"):
            # The position is that of the item (a missing field) or of the key (an unknown field).
            collector.add(name, message, [*path, named], key=True)
        else:
            collector.add(name, message, path)
    return not errors


# --- YAML syntax -----------------------------------------------------------------------------

_VALUE_START = re.compile(r"^(\s*(?:-\s+)*(?:[^\s#'\"\[\]{}:-][^:#]*?:\s+)?)")
_KEY_ON_LINE = re.compile(r"^[\s-]*([A-Za-z_][\w-]*)\s*:")
_RECORD_START = re.compile(r"^-\s+(nummer|id|naam)\s*:\s*(.*?)\s*$")
_LIST_START = re.compile(r"^  (voortgang|partners|bekend):\s*$")
_LIST_ITEM = re.compile(r"^[ \t]+-[ \t]")

MSG_TAB = "er staat een tab. Gebruik spaties om in te springen, geen tabs."
MSG_QUOTE_OPEN = ("een tekst tussen aanhalingstekens wordt niet afgesloten. Zet aan het eind van de tekst "
                  "hetzelfde aanhalingsteken als aan het begin.")
MSG_QUOTE_REST = ("na het afsluitende aanhalingsteken staat nog tekst. Staat er een aanhalingsteken of apostrof "
                  "in de tekst zelf, zoals in z'n? Zet de hele tekst dan tussen dubbele aanhalingstekens (\"), "
                  "of schrijf een enkel aanhalingsteken binnen enkele aanhalingstekens dubbel ('').")
MSG_COLON_IN_TEXT = ("in deze tekst staat een dubbele punt met een spatie erna (': '). Zet de hele tekst tussen "
                     "aanhalingstekens, zo: {example}")
MSG_BRACKET = ("deze tekst begint met [ of {. Dan leest de computer de tekst als een lijst. Zet de hele tekst "
               "tussen aanhalingstekens.")
MSG_LIST_OPEN = "een lijst die begint met [ wordt niet afgesloten. Zet ] aan het eind van de lijst."
MSG_DASH = "na het streepje (-) aan het begin van een item moet een spatie staan, bijvoorbeeld: - id: ..."
MSG_NO_COLON = ("op deze regel mist de dubbele punt (:) na de naam van het veld. Of loopt hier een tekst door "
                "van de regel erboven? Spring die regel dan verder in dan de naam van het veld.")
MSG_SPECIAL_START = "een tekst mag niet beginnen met {char}. Zet de hele tekst tussen aanhalingstekens, zo: {example}"


def _quoted_example(line: str) -> str:
    """The line as it should be: its text between double quotes."""
    match = re.match(r"^[\s-]*([A-Za-z_][\w-]*):\s+(.*?)\s*$", line)
    if not match or '"' in match.group(2):
        return 'titel: "Let op: dit is een voorbeeld"'
    return f'{match.group(1)}: "{match.group(2)}"'


def _quote_problem(line: str) -> tuple[str, int] | None:
    """For a line whose value starts with a quote: 'open' or 'rest' and the column of the quote."""
    start = len(_VALUE_START.match(line).group(1))
    if start >= len(line) or line[start] not in "'\"":
        return None
    quote, i = line[start], start + 1
    while i < len(line):
        char = line[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            rest = line[i + 1:].strip()
            return ("rest", start) if rest and not rest.startswith("#") else None
        i += 1
    return "open", start


def _text_column(line: str) -> int:
    """Where the text of a line starts, after its spaces and a leading '- ' (0-based)."""
    match = re.match(r"^[ ]*(?:-[ ]+)*", line)
    return match.end()


def _indentation_message(lines: list[str], index: int) -> tuple[str, int]:
    line = lines[index] if index < len(lines) else ""
    previous = next((lines[i] for i in range(index - 1, -1, -1)
                     if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    if line.lstrip(" ").startswith("- "):
        sibling = next((i for i in range(index - 1, -1, -1) if lines[i].lstrip(" ").startswith("- ")), None)
        if sibling is not None:
            here, there = line.index("-") + 1, lines[sibling].index("-") + 1
            where = "de regel erboven" if sibling == index - 1 else f"regel {sibling + 1}"
            return (f"het inspringen klopt niet. Het streepje (-) op deze regel staat in kolom {here}, op "
                    f"{where} in kolom {there}. Zet de streepjes van dezelfde lijst precies onder elkaar."), here
    column = _text_column(line) + 1
    message = "het inspringen klopt niet."
    if previous is not None:
        own_key, other_key = _KEY_ON_LINE.match(line), _KEY_ON_LINE.match(previous)
        own = f"'{own_key.group(1)}'" if own_key else "de tekst"
        other = f"'{other_key.group(1)}' op de regel erboven" if other_key else "de tekst op de regel erboven"
        message += f" Hier begint {own} in kolom {column}, maar {other} in kolom {_text_column(previous) + 1}."
    message += " Zet velden van hetzelfde item precies onder elkaar. Gebruik spaties, geen tabs."
    return message, column


def _explain_yaml_error(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, Position | None]:
    """A Dutch explanation of a YAML syntax error, and the place to look."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return "dit is geen geldige YAML. Controleer het inspringen, de dubbele punten en de aanhalingstekens.", None
    index = mark.line
    line = lines[index] if index < len(lines) else ""

    def at(line_index: int, column: int) -> Position:
        return Position(line_index + 1, column)

    if "\\t" in problem or "tab" in problem or "\t" in line[:mark.column + 1]:
        return MSG_TAB, at(index, (line.index("\t") if "\t" in line else mark.column) + 1)
    if "quoted scalar" in context and error.context_mark is not None:
        return MSG_QUOTE_OPEN, Position.from_mark(error.context_mark)
    for i in range(min(index, len(lines) - 1), -1, -1):
        found = _quote_problem(lines[i])
        if found:
            return (MSG_QUOTE_OPEN if found[0] == "open" else MSG_QUOTE_REST), at(i, found[1] + 1)
    if "unhashable key" in problem or "undefined alias" in problem or "cannot start any token" in problem:
        start = len(_VALUE_START.match(line).group(1))
        char = line[start] if start < len(line) else "?"
        if char in "[{":
            return MSG_BRACKET, at(index, start + 1)
        return MSG_SPECIAL_START.format(char=char, example=_quoted_example(line)), at(index, start + 1)
    if "flow sequence" in context or "flow mapping" in context:
        opened = error.context_mark
        open_line = lines[opened.line] if opened and opened.line < len(lines) else line
        start = len(_VALUE_START.match(open_line).group(1))
        if open_line[start:start + 1] == "[" and "]" not in open_line[start:]:
            return MSG_LIST_OPEN, Position.from_mark(opened)
        return MSG_BRACKET, at(opened.line if opened else index, start + 1)
    stripped = line.lstrip(" ")
    if stripped.startswith("-") and len(stripped) > 1 and stripped[1] not in " -":
        return MSG_DASH, at(index, len(line) - len(stripped) + 1)
    if problem.startswith("mapping values are not allowed"):
        before = line[:mark.column]
        if re.fullmatch(r"\s*(-\s+)?[\w-]+\s*", before):
            message, column = _indentation_message(lines, index)
            return message, at(index, column)
        return MSG_COLON_IN_TEXT.format(example=_quoted_example(line)), at(index, mark.column + 1)
    if problem.startswith("could not find expected ':'") and error.context_mark is not None:
        return MSG_NO_COLON, Position.from_mark(error.context_mark)
    if problem.startswith("expected <block end>") or "expected key" in problem:
        start = len(_VALUE_START.match(line).group(1))
        if line[start:start + 1] in ("[", "{") and mark.column > start:  # text after a [list]
            return MSG_BRACKET, at(index, start + 1)
        message, column = _indentation_message(lines, index)
        return message, at(index, column)
    return ("dit is geen geldige YAML. Controleer op deze regel en de regel erboven het inspringen, de dubbele "
            "punten en de aanhalingstekens."), Position.from_mark(mark)


def _context_from_text(name: str, lines: list[str], line: int | None) -> tuple[str | None, str | None]:
    """Record and field around a line, read from the text itself (for files that do not parse)."""
    if not line:
        return None, None
    index = min(line, len(lines)) - 1
    record, start = None, 0
    for i in range(index, -1, -1):
        match = _RECORD_START.match(lines[i])
        if match:
            key, value = match.group(1), match.group(2).strip("'\"")
            value = value if len(value) <= 60 else value[:60] + "…"
            record = f"afspraak {value}" if name == "afspraken" and key == "nummer" else f"{FILES[name]} '{value}'"
            start = i
            break
    if record:
        # Inside a list such as voortgang: name the item too, "afspraak 1, voortgang 2".
        for i in range(index, start, -1):
            header = _LIST_START.match(lines[i])
            if header and i < index:
                items = [j for j in range(i + 1, index + 1) if _LIST_ITEM.match(lines[j])]
                if items:
                    record += f", {header.group(1)} {len(items)}"
                break
    match = _KEY_ON_LINE.match(lines[index]) if 0 <= index < len(lines) else None
    return record, (match.group(1) if match else None)


# --- The gate: what the YAML reader refuses before any value is made (macros/yamlsource.py) ---

MSG_CONTROL = "hier staat een onzichtbaar stuurteken ({code}). Haal het weg; typ de tekst opnieuw als u het niet ziet."
MSG_LINE_SEPARATOR = ("hier staat een onzichtbaar regeleinde ({code}): de computer ziet hier een nieuwe regel die u "
                      "niet ziet. Haal het weg; typ de tekst opnieuw als u het niet ziet.")
MSG_NONCHARACTER = ("hier staat een teken dat geen letter, cijfer of leesteken is ({code}). Haal het weg; typ de tekst "
                    "opnieuw als u het niet ziet.")
MSG_ESCAPE = "in deze tekst staat de code {written} voor {what} ({code}). Haal de code weg."
MSG_ESCAPED_SURROGATE = ("in deze tekst staat de code {written} ({code}). Dat is maar de helft van de code voor een "
                         "bijzonder teken, zoals een emoji. Typ het teken zelf in plaats van de code, of haal de code "
                         "weg.")
MSG_ANCHOR = ("hier staat {written}: een anker (&) of verwijzing (*) van YAML. Die zijn in deze bestanden niet "
              "toegestaan; schrijf elke waarde helemaal uit. Begint uw tekst met {char}? Zet de hele tekst dan tussen "
              "aanhalingstekens, zo: {example}")
MSG_TAG = ("hier staat {written}: een YAML-tag, die zegt wat voor waarde er volgt. Die zijn in deze bestanden niet "
           "toegestaan; haal {written} weg. Begint uw tekst met !? Zet de hele tekst dan tussen aanhalingstekens, "
           "zo: {example}")
MSG_DEPTH = ("hier staan meer dan {limit} lijsten of groepen in elkaar. Zo diep gaan de gegevens nooit. Controleer "
             "de blokhaken [ ], de accolades {{ }} en het inspringen.")
MSG_NODES = ("dit bestand heeft meer dan {limit} waarden; hier gaat het over die grens. Zoveel gegevens horen niet "
             "in één bestand. Staat er per ongeluk iets heel vaak in?")
MSG_DIGITS = ("hier staat een getal van {digits} cijfers. Zo'n getal kan niet kloppen. Is het tekst? Zet de hele "
              "tekst dan tussen aanhalingstekens.")
MSG_SIZE = ("het bestand is te groot ({size}). Een gegevensbestand mag hoogstens {limit} zijn. Staat er per ongeluk "
            "iets anders in, zoals een plaatje of een kopie van een ander bestand?")
MSG_SYMLINK = ("dit is een snelkoppeling (symbolische link) naar een ander bestand of een andere map. De site leest "
               "alleen echte bestanden in de map data. Zet het bestand zelf hier neer.")
MSG_FOLDER = ("deze map wordt niet gelezen. In de map data horen alleen de gegevensbestanden en de map schema. Haal "
              "de map weg.")
MSG_UNKNOWN_FILE = ("dit bestand wordt niet gelezen. De site leest alleen deze bestanden: {files}. Haal het weg, of "
                    "geef het de naam van een van die bestanden.")
MSG_MISNAMED_FILE = ("dit bestand wordt niet gelezen; bedoelt u {meant}? Geef het bestand dan precies die naam, met "
                     "kleine letters en .yml aan het eind.")
MSG_SECOND_FILE = ("dit bestand wordt niet gelezen; bedoelt u {meant}? Dat bestand is er al. Zet wat u hier schreef in "
                   "{meant} en haal dit bestand weg.")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",").replace(",0 MB", " MB")


def _dutch_number(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _problem_message(problem: Problem, lines: list[str]) -> str:
    """The Dutch message for one thing the gate refused."""
    kind, char = problem.kind, problem.char
    if kind == "character":
        if char in LINE_SEPARATORS:
            return MSG_LINE_SEPARATOR.format(code=_code(char))
        if is_noncharacter(char):
            return MSG_NONCHARACTER.format(code=_code(char))
        return MSG_CONTROL.format(code=_code(char))
    if kind == "escape":
        written = problem.detail or "met een \\ ervoor"
        if is_surrogate(char):
            return MSG_ESCAPED_SURROGATE.format(written=written, code=_code(char))
        what = ("een onzichtbaar regeleinde" if char in LINE_SEPARATORS
                else "een teken dat geen letter, cijfer of leesteken is" if is_noncharacter(char)
                else "een onzichtbaar stuurteken")
        return MSG_ESCAPE.format(written=written, what=what, code=_code(char))
    line = lines[problem.position.line - 1] if problem.position and problem.position.line <= len(lines) else ""
    if kind in ("anchor", "alias"):
        message = MSG_ANCHOR.format(written=problem.detail, char=problem.detail[:1], example=_quoted_example(line))
        return message if problem.on_text else message.split(" Begint uw tekst")[0]
    if kind == "tag":
        message = MSG_TAG.format(written=problem.detail, example=_quoted_example(line))
        return message if problem.on_text else message.split(" Begint uw tekst")[0]
    if kind == "depth":
        return MSG_DEPTH.format(limit=MAX_DEPTH)
    if kind == "nodes":
        return MSG_NODES.format(limit=_dutch_number(MAX_NODES))
    if kind == "digits":
        return MSG_DIGITS.format(digits=problem.detail)
    if kind == "size":
        return MSG_SIZE.format(size=_megabytes(int(problem.detail)), limit=_megabytes(MAX_BYTES))
    return "dit is geen geldige YAML. Controleer op deze regel het inspringen, de dubbele punten en de aanhalingstekens."


def _meant_file(filename: str) -> str | None:
    """The data file a file with another name probably is: afspraak.yml, Bronnen.yaml, themas.yml.bak."""
    base = re.sub(r"[\s_]+", "-", filename.split(".", 1)[0].strip().casefold())
    if base in FILES:
        return base
    close = difflib.get_close_matches(base, list(FILES), n=1, cutoff=0.7)
    return close[0] if close else None


def _check_data_dir(collector: _Collector) -> None:
    """Every entry of data/ is a known file, a README or schema/; none is a symbolic link.

    A data file with a slightly wrong name would otherwise be silently left out. Hidden files of
    tools (.DS_Store, .gitkeep, an editor's swap file) are left alone.
    """
    data_dir = collector.data_dir
    if not data_dir.is_dir():
        return
    known = {f"{name}.yml" for name in FILES}
    entries = sorted(data_dir.iterdir(), key=lambda p: p.name)
    schema_dir = data_dir / "schema"
    if schema_dir.is_dir() and not schema_dir.is_symlink():
        entries += sorted((p for p in schema_dir.iterdir() if p.is_symlink()), key=lambda p: p.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            if entry.parent != data_dir or entry.name not in known:  # a data file itself: _read says it
                collector.add_path(entry, MSG_SYMLINK)
            continue
        if entry.name in known or entry.name.startswith("README") or (entry.name == "schema" and entry.is_dir()):
            continue
        if entry.is_dir():
            collector.add_path(entry, MSG_FOLDER)
            continue
        meant = _meant_file(entry.name)
        if meant is None:
            collector.add_path(entry, MSG_UNKNOWN_FILE.format(files=", ".join(f"{name}.yml" for name in FILES)))
        elif (data_dir / f"{meant}.yml").is_file():
            collector.add_path(entry, MSG_SECOND_FILE.format(meant=f"{meant}.yml"))
        else:
            collector.add_path(entry, MSG_MISNAMED_FILE.format(meant=f"{meant}.yml"))


def _read(collector: _Collector, name: str):
    path = collector.data_dir / f"{name}.yml"
    if path.is_symlink():
        collector.add(name, MSG_SYMLINK)
        return None
    if not path.is_file():
        collector.add(name, f"het bestand ontbreekt. Zet {name}.yml terug in de map data; de site heeft het nodig.")
        return None
    with path.open("rb") as file:
        raw = file.read(MAX_BYTES + 1)  # no more: a file of gigabytes is not read into memory
    if len(raw) > MAX_BYTES:
        collector.add(name, MSG_SIZE.format(size=_megabytes(path.stat().st_size), limit=_megabytes(MAX_BYTES)))
        return None
    try:
        text = decode(raw)
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        collector.add(name, "hier staat een teken dat geen UTF-8 is. Sla het bestand op als UTF-8 "
                            "(in de GitHub-editor gaat dat vanzelf).", position=Position(line, 0))
        return None
    lines = text.split("\n")
    try:
        document = parse_yaml(raw)
    except InputRefused as refused:
        for problem in refused.problems:
            record, field = _context_from_text(name, lines, problem.position.line if problem.position else None)
            collector.add(name, _problem_message(problem, lines), position=problem.position, record=record,
                          field=field)
        return None
    except DuplicateKey as dup:
        record, _ = _context_from_text(name, lines, dup.position.line)
        collector.add(name, f"het veld '{dup.key}' staat twee keer in hetzelfde item "
                            f"(ook op regel {dup.first.line}). Haal er één weg.",
                      field=dup.key, position=dup.position, record=record)
        return None
    except yaml.MarkedYAMLError as error:
        message, position = _explain_yaml_error(error, lines)
        record, field = _context_from_text(name, lines, position.line if position else None)
        collector.add(name, message, position=position, record=record, field=field)
        return None
    except yaml.YAMLError as error:  # the reader's own character check: the gate refuses those first
        char = getattr(error, "character", None)
        position = position_in(text, min(getattr(error, "position", 0), len(text)))
        record, field = _context_from_text(name, lines, position.line)
        message = MSG_CONTROL.format(code=f"U+{char:04X}" if isinstance(char, int) else "?")
        collector.add(name, message, position=position, record=record, field=field)
        return None
    if document is None:
        collector.add(name, "het bestand is leeg. Er moet een lijst in staan; elk item begint met '- '.")
        return None
    collector.documents[name] = document
    return document


# --- Checks across records and files ----------------------------------------------------------


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _valid_date(value) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(DATE_PATTERN, value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _tuple(values) -> tuple:
    return tuple(values or ())


def _records(document) -> list[tuple[int, dict]]:
    return [(i, item) for i, item in enumerate(document) if isinstance(item, dict)] if isinstance(document, list) else []


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


def _cross_check(c: _Collector, parsed: dict, valid: set, schemas: dict, peildatum: dt.date,
                 lists: _Lists, docs_dir: Path | None = None) -> None:
    """Checks a schema cannot express: uniqueness, numbering, references, dates in time.

    Runs on every file that could be read, also when its schema check found errors, so that one
    run reports as much as possible. Files that could not be read are left out.
    """
    doubles = set()
    for name, document in parsed.items():
        key, seen = KEYS[name], {}
        for i, item in _records(document):
            value = item.get(key)
            if not isinstance(value, str | int) or isinstance(value, bool):
                continue
            if value in seen:
                doubles.add(name)
                first = position_of(document, [seen[value], key])
                if name == "afspraken":
                    message = (f"nummer {value} staat al eerder in dit bestand (regel {first.line}). Elke afspraak "
                               "heeft een eigen nummer.")
                else:
                    message = (f"'{value}' staat al eerder in dit bestand (regel {first.line}). Elke {key} mag maar "
                               "één keer voorkomen.")
                c.add(name, message, [i, key])
            else:
                seen[value] = i

    ids = {name: {value for _, item in _records(document) if isinstance(value := item.get(KEYS[name]), Hashable)}
           for name, document in parsed.items()}

    # An id becomes a page next to hand-written ones (docs/proeftuinen/<id>.md): it may not take their name.
    for name, folder in PAGE_FOLDERS.items():
        taken = _page_names(docs_dir / folder) if docs_dir and name in parsed else {}
        for i, item in _records(parsed.get(name)):
            value = item.get(KEYS[name])
            if isinstance(value, str) and value in taken and value not in RESERVED_IDS:
                c.add(name, reserved_id_message(value, taken[value]), [i, KEYS[name]])

    if "verantwoordelijken" in parsed and "ondertekenaars" in parsed:
        for i, item in _records(parsed["ondertekenaars"]):
            if isinstance(item.get("id"), str) and item["id"] in ids["verantwoordelijken"]:
                c.add("ondertekenaars", f"'{item['id']}' is ook al een id in data/verantwoordelijken.yml. Een id mag "
                                        "in die twee bestanden samen maar één keer voorkomen.", [i, "id"])

    # The reference lists must cover the schema's vocabulary, so every allowed value has a text.
    for name in ("statussen", "themas", "gemeenten", "soorten"):
        if name in valid:
            for value in schemas[name]["items"]["properties"][KEYS[name]]["enum"]:
                if value not in ids[name]:
                    c.add(name, f"'{value}' ontbreekt in deze lijst. Voeg het toe met een uitleg.")

    if "bronnen" in parsed and AKKOORD_BRON not in ids["bronnen"]:
        c.add("bronnen", f"de bron '{AKKOORD_BRON}' (de tekst van het akkoord) ontbreekt. Elke pagina over een "
                         "afspraak verwijst ernaar. Zet haar terug.")

    if "afspraken" in valid and "afspraken" not in doubles:
        previous = 0
        for number, i in sorted((item["nummer"], i) for i, item in _records(parsed["afspraken"])):
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
    akkoord_day = next((_valid_date(item.get("datum")) for _, item in _records(parsed.get("bronnen"))
                        if item.get("id") == AKKOORD_BRON), None)

    for i, item in _records(parsed.get("afspraken")):
        ref("afspraken", [i, "groep"], item.get("groep"))
        for list_name in ("proeftuinen", "verantwoordelijk"):
            for j, value in enumerate(_list(item, list_name)):
                ref("afspraken", [i, list_name, j], value)
        _check_log(c, "afspraken", i, _list(item, "voortgang"), peildatum, ref, akkoord_day)

    for i, item in _records(parsed.get("proeftuinen")):
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
        for i, item in _records(parsed.get(name)):
            for j, value in enumerate(_list(item, "bronnen")):
                ref(name, [i, "bronnen", j], value)

    _check_woorden(c, parsed.get("woordenlijst"))

    for i, item in _records(parsed.get("bronnen")):
        day = _valid_date(item.get("datum"))
        if day and day > peildatum:
            c.add("bronnen", f"de datum {item['datum']} ligt na vandaag ({peildatum.isoformat()}). Een bron kan niet "
                             "uit de toekomst komen. Controleer het jaar.", [i, "datum"])


def _check_woorden(c, document) -> None:
    """Each word (term or other form) explains one thing: a page links it to one place in the woordenlijst.

    Capitals do not count here: 'wmo' and 'Wmo' would catch the same word on a page."""
    seen: dict[str, tuple[int, str]] = {}  # word -> (index of its record, path) of its first place
    for i, item in _records(document):
        forms = [([i, "term"], item.get("term"))] + [([i, "ook", j], v) for j, v in enumerate(_list(item, "ook"))]
        for path, value in forms:
            if not isinstance(value, str) or not value.strip():
                continue
            key = " ".join(value.split()).casefold()
            if key in seen:
                first_index, first_path = seen[key]
                line = position_of(document, first_path).line
                where = ("al eerder bij dit woord" if first_index == i
                         else f"al bij het woord '{document[first_index].get('term')}'")
                c.add("woordenlijst", f"'{value}' staat {where} (regel {line}). Een woord hoort bij één uitleg: "
                                      "de site linkt het woord naar die ene plek. Haal het hier weg.", path)
            else:
                seen[key] = (i, path)


def _check_log(c, name, index, entries, peildatum, ref, akkoord_day: dt.date | None = None) -> None:
    """Dates of voortgang: not after today, in order, and for an afspraak not before the akkoord.

    An afspraak exists from the day of the akkoord (the date of the bron akkoord-2023): progress
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
        if akkoord_day and day < akkoord_day:
            c.add(name, f"de datum {entry['datum']} ligt vóór de datum van het akkoord zelf ({akkoord_day.isoformat()}, "
                        f"de datum van de bron '{AKKOORD_BRON}'). Voortgang van een afspraak kan pas na het akkoord "
                        "komen. Controleer het jaar.", [*path, "datum"])
        if previous and day < previous:
            c.add(name, f"de datum {entry['datum']} is ouder dan die van de regel erboven ({previous.isoformat()}). "
                        "Zet de voortgang op volgorde: oudste bovenaan, nieuwste onderaan.", [*path, "datum"])
        previous = day


def _build(docs: dict, peildatum: dt.date) -> model.Akkoord:
    def by(name, cls, key="id", convert=lambda item: item):
        return {item[key]: cls(**convert(dict(item))) for item in docs[name]}

    def bron(item):
        item["datum"] = _date(item.get("datum"))
        return item

    def with_bronnen(item):
        item["bronnen"] = _tuple(item.get("bronnen"))
        item["gemeenten"] = _tuple(item.get("gemeenten")) if "gemeenten" in item else item.get("gemeenten")
        return {k: v for k, v in item.items() if v is not None}

    def proeftuin(item):
        return dict(
            item,
            partners=tuple(model.Partner(p["naam"], _tuple(p["bronnen"])) for p in item["partners"]),
            bekend=tuple(model.Feit(f["tekst"], _tuple(f["bronnen"])) for f in item["bekend"]),
            nog_niet_bekend=_tuple(item["nog_niet_bekend"]),
            afspraken=_tuple(item["afspraken"]),
            themas=_tuple(item["themas"]),
            voortgang=tuple(model.Melding(_date(m["datum"]), m["notitie"], m["bron"]) for m in item["voortgang"]),
        )

    def afspraak(item):
        deadline = item.get("deadline")
        return dict(
            item,
            themas=_tuple(item["themas"]),
            gemeenten=_tuple(item["gemeenten"]),
            proeftuinen=_tuple(item["proeftuinen"]),
            verantwoordelijk=_tuple(item["verantwoordelijk"]),
            deadline=model.Deadline(deadline["tekst"], _date(deadline.get("datum"))) if deadline else None,
            voortgang=tuple(model.Voortgang(_date(v["datum"]), v["status"], v["notitie"], v["bron"])
                            for v in item["voortgang"]),
        )

    afspraken = by("afspraken", model.Afspraak, "nummer", afspraak)
    return model.Akkoord(
        statussen=by("statussen", model.Status, "naam"),
        themas=by("themas", model.Thema),
        gemeenten=by("gemeenten", model.Gemeente),
        soorten=by("soorten", model.Soort),
        groepen=by("groepen", model.Groep),
        bronnen=by("bronnen", model.Bron, convert=bron),
        verantwoordelijken=by("verantwoordelijken", model.Verantwoordelijke, convert=with_bronnen),
        ondertekenaars=by("ondertekenaars", model.Ondertekenaar, convert=with_bronnen),
        proeftuinen=by("proeftuinen", model.Proeftuin, convert=proeftuin),
        afspraken=dict(sorted(afspraken.items())),
        woorden=by("woordenlijst", model.Woord,
                   convert=lambda item: dict(item, ook=_tuple(item.get("ook")), bronnen=_tuple(item.get("bronnen")))),
        peildatum=peildatum,
    )


def load_schemas(data_dir: Path) -> dict[str, dict]:
    return {name: json.loads((data_dir / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
            for name in FILES}


def load_akkoord(data_dir: Path, peildatum: dt.date, display_root: Path | None = None) -> model.Akkoord:
    """Read, validate and build everything in data_dir. Raises DataErrors listing every problem."""
    data_dir = Path(data_dir)
    collector = _Collector(data_dir, Path(display_root) if display_root else data_dir.parent)
    schemas = load_schemas(data_dir)
    _check_data_dir(collector)
    parsed, valid = {}, set()
    for name in FILES:
        document = _read(collector, name)
        if document is not None:
            parsed[name] = document
    lists = _Lists(parsed)  # before the schema check, which gives hints from the other files
    for name, document in parsed.items():
        if _schema_errors(collector, name, schemas[name], document, lists):
            valid.add(name)
    _cross_check(collector, parsed, valid, schemas, peildatum, lists, data_dir.parent / "docs")
    if collector.errors:
        order = {collector.display(name): i for i, name in enumerate(FILES)}
        collector.errors.sort(key=lambda e: (order.get(e.file, 99), e.line or 0, e.column or 0))
        raise DataErrors(collector.errors)
    return _build(parsed, peildatum)


def count_records(akkoord: model.Akkoord) -> dict[str, int]:
    """How many records of each kind were checked, for the line that says all is well."""
    return {"afspraken": len(akkoord.afspraken), "ondertekenaars": len(akkoord.ondertekenaars),
            "proeftuinen": len(akkoord.proeftuinen), "bronnen": len(akkoord.bronnen),
            "verantwoordelijken": len(akkoord.verantwoordelijken), "statussen": len(akkoord.statussen),
            "thema's": len(akkoord.themas), "gemeenten": len(akkoord.gemeenten), "soorten": len(akkoord.soorten),
            "groepen": len(akkoord.groepen), "woorden": len(akkoord.woorden)}


__all__ = ["DataError", "DataErrors", "LocatedDict", "count_records", "load_akkoord", "peildatum_from_env"]
