"""Problems in the data: DataErrors that name file, line, record and field in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..constants import FILES
from .yamlsource import Position, position_of


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


class Collector:
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


def records_in(document) -> list[tuple[int, dict]]:
    return [(i, item) for i, item in enumerate(document) if isinstance(item, dict)] if isinstance(document, list) else []
