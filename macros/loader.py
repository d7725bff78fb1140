"""Load the YAML in data/, validate it once, and build the typed Akkoord.

Every problem becomes a DataError that names file, line, record and field in Dutch.
All problems of one run are collected and reported together.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from . import model
from .yamlsource import DuplicateKey, LocatedDict, Position, parse_yaml, position_of

# File name -> how one record is called in a message.
FILES = {
    "statussen": "status",
    "themas": "thema",
    "gemeenten": "gemeente",
    "soorten": "soort",
    "groepen": "groep",
    "bronnen": "bron",
    "verantwoordelijken": "verantwoordelijke",
    "ondertekenaars": "ondertekenaar",
    "proeftuinen": "proeftuin",
    "afspraken": "afspraak",
}

# How a value of an enum field is called: "'klaar' is geen bekende status".
ENUM_NOUNS = {
    "status": "status", "naam": "status", "themas": "thema", "gemeenten": "gemeente",
    "gemeente": "gemeente", "soort": "soort", "herhaling": "herhaling", "id": "id",
}

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


@dataclass(frozen=True)
class DataError:
    file: str
    message: str
    line: int | None = None
    column: int | None = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", regel {self.line}"
            if self.column:
                where += f", kolom {self.column}"
        context = ", ".join(part for part in (self.record, f"veld '{self.field}'" if self.field else None) if part)
        return f"{where}{f' ({context})' if context else ''}: {self.message}"


class DataErrors(Exception):
    def __init__(self, errors: list[DataError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def report(self) -> str:
        count = len(self.errors)
        noun = "fout" if count == 1 else "fouten"
        return "\n".join([*(str(e) for e in self.errors),
                          f"Niet gebouwd: {count} {noun} in de gegevens. Verbeter de fouten hierboven; "
                          "er is niets gepubliceerd."])


def peildatum_from_env(environ) -> dt.date:
    """The day the build judges deadlines by; SOURCE_DATE_EPOCH makes builds reproducible."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


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

    def add(self, name: str, message: str, path=(), record=None, field=None, position=None):
        if position is None and name in self.documents:
            position = position_of(self.documents[name], path)
        if record is None and path and name in self.documents:
            record = describe_record(name, self.documents[name], path[0])
        self.errors.append(DataError(self.display(name), message,
                                     position.line if position else None,
                                     position.column if position else None, record, field))


def describe_record(name: str, document, index) -> str | None:
    if not isinstance(document, list) or not isinstance(index, int) or index >= len(document):
        return None
    item = document[index]
    noun = FILES[name]
    if isinstance(item, dict):
        if name == "afspraken" and isinstance(item.get("nummer"), int) and not isinstance(item.get("nummer"), bool):
            return f"afspraak {item['nummer']}"
        for key in ("id", "naam"):
            if isinstance(item.get(key), str):
                return f"{noun} '{item[key]}'"
    return f"{noun} nummer {index + 1} in de lijst"


def _describe_sub_path(path: list) -> tuple[str | None, str | None]:
    """Split a path inside a record into a readable part and the field name."""
    inner = list(path[1:])
    field = None
    for step in reversed(inner):
        if isinstance(step, str):
            field = step
            break
    parts = []
    for i, step in enumerate(inner):
        if isinstance(step, int) and i > 0 and isinstance(inner[i - 1], str) and inner[i - 1] != field:
            parts.append(f"{inner[i - 1]} {step + 1}")
        elif isinstance(step, int) and i > 0 and inner[i - 1] == field:
            parts.append(f"waarde {step + 1}")
    return (", ".join(parts) or None), field


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
    if value is None:
        return "leeg"
    return type(value).__name__


EXPECTED = {"string": "tekst", "integer": "een heel getal", "array": "een lijst",
            "object": "een groep van velden", "boolean": "true of false"}


def _schema_message(error: jsonschema.ValidationError) -> tuple[str, str | None]:
    """Translate one jsonschema error into Dutch; returns (message, missing field)."""
    v, value, schema = error.validator, error.instance, error.schema
    if v == "required":
        missing = [name for name in error.validator_value if name not in value]
        return f"het veld '{missing[0]}' ontbreekt. Dit veld is verplicht.", missing[0]
    if v == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))
        allowed = ", ".join(schema.get("properties", {}))
        return (f"'{extra[0]}' is geen bekend veld. Controleer de spelling. Toegestane velden: {allowed}.",
                str(extra[0]))
    if v == "enum":
        field = next((s for s in reversed(error.path) if isinstance(s, str)), "")
        noun = ENUM_NOUNS.get(field, "waarde")
        options = ", ".join(str(o) for o in error.validator_value)
        return f"'{value}' is geen bekende {noun}. Kies uit: {options}.", None
    if v == "type":
        expected = EXPECTED.get(error.validator_value, error.validator_value)
        hint = ""
        if error.validator_value == "string" and isinstance(value, bool | int | float):
            hint = " Zet de tekst tussen aanhalingstekens, bijvoorbeeld \"ja\"."
        if value is None:
            return f"is leeg. Vul hier {expected} in.", None
        return f"moet {expected} zijn, maar is een {_type_name(value)}.{hint}", None
    if v == "pattern":
        if error.validator_value == DATE_PATTERN:
            return f"'{value}' is geen datum in de vorm JJJJ-MM-DD. Schrijf bijvoorbeeld 2024-06-30.", None
        if error.validator_value.startswith("^https?"):
            return f"'{value}' is geen geldig webadres. Een webadres begint met https:// of http://.", None
        if error.validator_value.startswith("^[a-z0-9]+(-"):
            return (f"'{value}' is geen geldige id. Gebruik alleen kleine letters, cijfers en streepjes, "
                    "bijvoorbeeld regionale-kerngroep.", None)
        return f"'{value}' heeft niet de goede vorm.", None
    if v == "format":
        return f"'{value}' bestaat niet als datum. Controleer dag en maand.", None
    if v == "minLength":
        return "is leeg. Vul hier een tekst in.", None
    if v == "maxLength":
        return f"is te lang ({len(value)} tekens). Het mag hoogstens {error.validator_value} tekens zijn.", None
    if v == "minItems":
        if not error.path:
            return "het bestand heeft geen enkele regel. Er moet minstens één item in staan.", None
        return f"moet minstens {error.validator_value} waarde hebben.", None
    if v == "uniqueItems":
        seen, doubles = set(), []
        for item in value:
            key = json.dumps(item, sort_keys=True, default=str)
            if key in seen:
                doubles.append(str(item))
            seen.add(key)
        return f"'{doubles[0] if doubles else value}' staat dubbel in de lijst.", None
    if v == "minimum":
        return f"moet {error.validator_value} of hoger zijn.", None
    return error.message, None


def _schema_errors(collector: _Collector, name: str, schema: dict, document) -> bool:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    pattern_paths = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    for error in errors:
        path = list(error.absolute_path)
        if error.validator == "format" and tuple(path) in pattern_paths:
            continue  # the pattern message already says what is wrong
        message, missing = _schema_message(error)
        where, field = _describe_sub_path(path)
        if missing:
            field = missing
            if error.validator == "additionalProperties":
                path = [*path, missing]
        record = describe_record(name, document, path[0]) if path else None
        if where:
            record = f"{record}, {where}" if record else where
        collector.add(name, message, path, record=record, field=field)
    return not errors


_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token":
        "er staat een tab. Gebruik spaties om in te springen, geen tabs.",
    "mapping values are not allowed here":
        "hier staat een dubbele punt op een plek waar dat niet mag. Staat de tekst tussen "
        "aanhalingstekens, en klopt het inspringen?",
    "found unexpected end of stream":
        "het bestand houdt op terwijl er nog iets open staat. Mist er een aanhalingsteken aan het eind van een tekst?",
    "found unexpected ':'": "er staat een dubbele punt die niet klopt.",
    "expected <block end>, but found '<block sequence start>'":
        "het inspringen klopt niet. Een regel met '-' staat verder of minder ver in dan de regels eromheen.",
    "expected <block end>, but found '<block mapping start>'":
        "het inspringen klopt niet. Zet velden van hetzelfde item precies onder elkaar.",
    "expected <block end>, but found '-'":
        "het inspringen klopt niet. Een regel met '-' staat verder of minder ver in dan de regels eromheen.",
    "expected <block end>, but found '<scalar>'":
        "het inspringen klopt niet. Zet velden van hetzelfde item precies onder elkaar.",
    "could not find expected ':'":
        "er mist een dubbele punt, of een tekst loopt door op de volgende regel zonder goed in te springen.",
}


def _yaml_error_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or ""
    for english, dutch in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return dutch
    if "quoted scalar" in (error.context or ""):
        return "een tekst tussen aanhalingstekens wordt niet afgesloten. Zet aan het eind het aanhalingsteken terug."
    return f"dit is geen geldige YAML ({problem or error.context})."


def _read(collector: _Collector, name: str):
    path = collector.data_dir / f"{name}.yml"
    if not path.is_file():
        collector.add(name, "het bestand ontbreekt. Zet het terug; de site heeft het nodig.")
        return None
    try:
        document = parse_yaml(path.read_bytes())
    except UnicodeDecodeError:
        collector.add(name, "het bestand is geen UTF-8-tekst. Sla het op als UTF-8.")
        return None
    except DuplicateKey as dup:
        collector.add(name, f"het veld '{dup.key}' staat twee keer in hetzelfde item "
                            f"(ook op regel {dup.first.line}). Haal er één weg.",
                      field=dup.key, position=dup.position)
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        collector.add(name, _yaml_error_message(error), position=Position.from_mark(mark) if mark else None)
        return None
    if document is None:
        collector.add(name, "het bestand is leeg. Er moet een lijst in staan.")
        return None
    collector.documents[name] = document
    return document


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _tuple(values) -> tuple:
    return tuple(values or ())


def _cross_check(c: _Collector, docs: dict, schemas: dict, peildatum: dt.date) -> None:
    """Checks a schema cannot express: uniqueness, numbering, references, dates in time."""

    def unique(name, key):
        seen = {}
        for i, item in enumerate(docs[name]):
            value = item.get(key)
            if value in seen:
                c.add(name, f"'{value}' staat al eerder in dit bestand (item {seen[value] + 1}). "
                            f"Elke {key} mag maar één keer voorkomen.", [i, key], field=key)
            else:
                seen[value] = i

    for name in docs:
        unique(name, "nummer" if name == "afspraken" else ("naam" if name == "statussen" else "id"))

    # The reference lists must cover the schema's vocabulary, so every allowed value has a text.
    for name, key, schema_field in (("statussen", "naam", None), ("themas", "id", None),
                                    ("gemeenten", "id", None), ("soorten", "id", None)):
        allowed = schemas[name]["items"]["properties"][key]["enum"]
        present = {item[key] for item in docs[name]}
        for value in allowed:
            if value not in present:
                c.add(name, f"'{value}' ontbreekt in deze lijst. Voeg het toe met een uitleg.")

    numbers = sorted(item["nummer"] for item in docs["afspraken"])
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected and len(set(numbers)) == len(numbers):
        missing = sorted(set(expected) - set(numbers))
        c.add("afspraken", f"de afspraken zijn niet doorlopend genummerd: nummer "
                           f"{', '.join(map(str, missing))} ontbreekt. Nummer ze 1, 2, 3 en zo verder.")

    ids = {name: {item.get("id") for item in docs[name]} for name in docs}

    def ref(name, path, value, target, noun):
        if value not in ids[target]:
            c.add(name, f"'{value}' is geen bekende {noun}. Het staat niet in data/{target}.yml.",
                  path, field=next(s for s in reversed(path) if isinstance(s, str)))

    for i, item in enumerate(docs["afspraken"]):
        ref("afspraken", [i, "groep"], item["groep"], "groepen", "groep")
        for j, value in enumerate(item["proeftuinen"]):
            ref("afspraken", [i, "proeftuinen", j], value, "proeftuinen", "proeftuin")
        for j, value in enumerate(item["verantwoordelijk"]):
            if value not in ids["verantwoordelijken"] | ids["ondertekenaars"]:
                c.add("afspraken", f"'{value}' is geen bekende verantwoordelijke. Het staat niet in "
                                   "data/verantwoordelijken.yml of data/ondertekenaars.yml.",
                      [i, "verantwoordelijk", j], field="verantwoordelijk")
        _check_log(c, "afspraken", i, item["voortgang"], peildatum, ref)

    for i, item in enumerate(docs["proeftuinen"]):
        for j, number in enumerate(item["afspraken"]):
            if number not in numbers:
                c.add("proeftuinen", f"afspraak {number} bestaat niet.", [i, "afspraken", j], field="afspraken")
        for list_name in ("partners", "bekend"):
            for j, entry in enumerate(item[list_name]):
                for k, value in enumerate(entry["bronnen"]):
                    ref("proeftuinen", [i, list_name, j, "bronnen", k], value, "bronnen", "bron")
        _check_log(c, "proeftuinen", i, item["voortgang"], peildatum, ref)

    for name in ("ondertekenaars", "verantwoordelijken"):
        for i, item in enumerate(docs[name]):
            for j, value in enumerate(item["bronnen"]):
                ref(name, [i, "bronnen", j], value, "bronnen", "bron")

    for i, item in enumerate(docs["bronnen"]):
        if item.get("datum") and _date(item["datum"]) > peildatum:
            c.add("bronnen", f"de datum {item['datum']} ligt in de toekomst.", [i, "datum"], field="datum")


def _check_log(c, name, index, entries, peildatum, ref) -> None:
    previous = None
    for j, entry in enumerate(entries):
        path = [index, "voortgang", j]
        ref(name, [*path, "bron"], entry["bron"], "bronnen", "bron")
        day = _date(entry["datum"])
        if day > peildatum:
            c.add(name, f"de datum {entry['datum']} ligt in de toekomst. Voortgang gaat over wat al gebeurd is.",
                  [*path, "datum"], field="datum")
        if previous and day < previous:
            c.add(name, f"de datum {entry['datum']} is ouder dan die van de regel erboven ({previous.isoformat()}). "
                        "Zet de voortgang op volgorde: oudste bovenaan, nieuwste onderaan.",
                  [*path, "datum"], field="datum")
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
    docs = {}
    for name in FILES:
        document = _read(collector, name)
        if document is not None and _schema_errors(collector, name, schemas[name], document):
            docs[name] = document
    if len(docs) == len(FILES):
        _cross_check(collector, docs, schemas, peildatum)
    elif not collector.errors:  # pragma: no cover - defensive
        collector.add("afspraken", "niet alle bestanden konden worden gelezen.")
    if collector.errors:
        raise DataErrors(collector.errors)
    return _build(docs, peildatum)


__all__ = ["DataError", "DataErrors", "LocatedDict", "load_akkoord", "peildatum_from_env"]
