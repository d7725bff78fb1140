"""Load the YAML in data/, validate it once, and build the typed Akkoord.

Every problem becomes a DataError that names file, line, record and field in Dutch.
All problems of one run are collected and reported together. Each job has its own module:
yaml_messages.py (a file that is no valid YAML), schema_messages.py (the JSON Schemas),
crosschecks.py (checks across records and files), nearmiss.py (the hint for a value that is
almost right) and dataerrors.py (the errors themselves). This module reads the files and builds.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from .. import model
from ..constants import FILES
from .crosschecks import cross_check
from .dataerrors import Collector, DataError, DataErrors
from .nearmiss import Lists
from .schema_messages import schema_errors
from .schemas import load_schemas, with_values
from .yaml_messages import (
    MSG_CONTROL, MSG_FOLDER, MSG_MISNAMED_FILE, MSG_SECOND_FILE, MSG_SIZE, MSG_SYMLINK, MSG_UNKNOWN_FILE,
    context_from_text, explain_yaml_error, megabytes, problem_message,
)
from .yamlsource import (
    MAX_BYTES, DuplicateKey, InputRefused, LocatedDict, Position, decode, parse_yaml, position_in,
)

# The day is the day where the editors and readers are, not in UTC: progress an editor dates
# "today" just after midnight must not be refused as a date in the future.
TIMEZONE = ZoneInfo("Europe/Amsterdam")


def peildatum_from_env(environ) -> dt.date:
    """The day the build judges deadlines by; SOURCE_DATE_EPOCH makes builds reproducible."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(TIMEZONE).date()


def _meant_file(filename: str) -> str | None:
    """The data file a file with another name probably is: afspraak.yml, Bronnen.yaml, themas.yml.bak."""
    base = re.sub(r"[\s_]+", "-", filename.split(".", 1)[0].strip().casefold())
    if base in FILES:
        return base
    close = difflib.get_close_matches(base, list(FILES), n=1, cutoff=0.7)
    return close[0] if close else None


def _check_data_dir(collector: Collector) -> None:
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


def _read(collector: Collector, name: str):
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
        collector.add(name, MSG_SIZE.format(size=megabytes(path.stat().st_size), limit=megabytes(MAX_BYTES)))
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
            record, field = context_from_text(name, lines, problem.position.line if problem.position else None)
            collector.add(name, problem_message(problem, lines), position=problem.position, record=record,
                          field=field)
        return None
    except DuplicateKey as dup:
        record, _ = context_from_text(name, lines, dup.position.line)
        collector.add(name, f"het veld '{dup.key}' staat twee keer in hetzelfde item "
                            f"(ook op regel {dup.first.line}). Haal er één weg.",
                      field=dup.key, position=dup.position, record=record)
        return None
    except yaml.MarkedYAMLError as error:
        message, position = explain_yaml_error(error, lines)
        record, field = context_from_text(name, lines, position.line if position else None)
        collector.add(name, message, position=position, record=record, field=field)
        return None
    except yaml.YAMLError as error:  # the reader's own character check: the gate refuses those first
        char = getattr(error, "character", None)
        position = position_in(text, min(getattr(error, "position", 0), len(text)))
        record, field = context_from_text(name, lines, position.line)
        message = MSG_CONTROL.format(code=f"U+{char:04X}" if isinstance(char, int) else "?")
        collector.add(name, message, position=position, record=record, field=field)
        return None
    if document is None:
        collector.add(name, "het bestand is leeg. Er moet een lijst in staan; elk item begint met '- '.")
        return None
    collector.documents[name] = document
    return document


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _tuple(values) -> tuple:
    return tuple(values or ())


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
        fields = {key: value for key, value in item.items() if key != "verantwoordelijk"}
        return dict(
            fields,
            themas=_tuple(item["themas"]),
            gemeenten=_tuple(item["gemeenten"]),
            proeftuinen=_tuple(item["proeftuinen"]),
            toewijzingen=tuple(model.Toewijzing(t["wie"], t.get("akkoord"), t.get("lezing"))
                               for t in item["verantwoordelijk"]),
            deadline=model.Deadline(deadline["tekst"], _date(deadline.get("datum")), deadline.get("geldt_voor"))
            if deadline else None,
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


def load_akkoord(data_dir: Path, peildatum: dt.date, display_root: Path | None = None) -> model.Akkoord:
    """Read, validate and build everything in data_dir. Raises DataErrors listing every problem."""
    data_dir = Path(data_dir)
    collector = Collector(data_dir, Path(display_root) if display_root else data_dir.parent)
    schemas = load_schemas(data_dir)
    _check_data_dir(collector)
    parsed, valid = {}, set()
    for name in FILES:
        document = _read(collector, name)
        if document is not None:
            parsed[name] = document
    lists = Lists(parsed)  # before the schema check, which gives hints from the other files
    for name, document in parsed.items():  # FILES puts the reference lists before the files that use them
        # A field's values come from its list once that list passed its own check: a list with an
        # error (empty, a misspelled status) is reported once, not again at every use of its values.
        schemas[name] = with_values(schemas[name], {target: lists.ids[target] for target in valid})
        if schema_errors(collector, name, schemas[name], document, lists):
            valid.add(name)
    cross_check(collector, parsed, valid, schemas, peildatum, lists, data_dir.parent / "docs")
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
