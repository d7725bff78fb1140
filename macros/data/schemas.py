"""The JSON Schemas in data/schema/: free of any region, filled in with the values of the lists.

A field whose values come from a reference list in data/ (a gemeente, a thema, a soort, a status)
names that list with the keyword `x-lijst` where a fixed schema would have an `enum`: the list is
the one place where a region names its values. Before the check, and for the copy in the open
data, each `x-lijst` becomes the `enum` of that list's ids (statussen: names) in file order. So an
editor gets the same message as from a fixed enum ("Kies uit: ...", "Bedoelt u ...?"), readers of
the open data get the values, and another region keeps data/schema/ as it is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..constants import FILES

LIST_KEYWORD = "x-lijst"  # JSON Schema leaves keywords it does not know alone; x- marks our own


def load_schemas(data_dir: Path) -> dict[str, dict]:
    return {name: json.loads((data_dir / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
            for name in FILES}


def with_values(node, values: Mapping[str, Sequence[str]]):
    """A copy of a schema with every `x-lijst` replaced, in its place, by the enum of that list.

    A list not in `values` (its file is missing or unreadable, which is reported already) leaves
    the field open rather than refusing every value for a problem elsewhere.
    """
    if isinstance(node, list):
        return [with_values(value, values) for value in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == LIST_KEYWORD:
            if value in values:
                out["enum"] = list(dict.fromkeys(values[value]))
        else:
            out[key] = with_values(value, values)
    return out


def list_fields(node, path=()) -> list[tuple[tuple, str]]:
    """Where a schema names a list: (path in the schema, list name)."""
    if isinstance(node, list):
        return [found for value in node for found in list_fields(value, path)]
    if not isinstance(node, dict):
        return []
    return ([(path, node[LIST_KEYWORD])] if LIST_KEYWORD in node else []) + [
        found for key, value in node.items() for found in list_fields(value, (*path, key))]


def schema_bytes(schema: dict) -> bytes:
    """A schema as published, in the layout of the files in data/schema/."""
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
