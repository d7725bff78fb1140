"""Validation against the JSON Schemas in data/schema/, with every message in plain Dutch."""

from __future__ import annotations

import json
import re

import jsonschema

from ..constants import DATE_PATTERN, FILES, ID_PATTERN, RESERVED_IDS, WINDOWS_NAMES
from .dataerrors import Collector
from .nearmiss import FIELD_NOUNS, ID_CUTOFF, WORD_CUTOFF, Lists, near_miss, unknown_id_message, unknown_value_message
from .yamlsource import source_of

# A word in the woordenlijst: no space at the start or end, and one space between words.
WORD_PATTERN = r"^\S+( \S+)*$"

# Extra help when a field is missing or empty.
FIELD_HELP = {
    "bron": "Elke regel voortgang heeft een bron nodig. Zet de bron eerst in data/bronnen.yml en schrijf hier "
            "haar id.",
    "bronnen": "Noem minstens één bron: een id uit data/bronnen.yml. Zonder bron komt het niet op de site.",
    "datum": "Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-06-30.",
    "notitie": "Schrijf in een of twee zinnen wat er is gebeurd.",
}


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


def _schema_message(name: str, error: jsonschema.ValidationError, lists: Lists) -> tuple[str, str | None]:
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


def _written(name: str, error: jsonschema.ValidationError, lists: Lists) -> str:
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


def schema_errors(collector: Collector, name: str, schema: dict, document, lists: Lists) -> bool:
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
