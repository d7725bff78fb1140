"""Read YAML while remembering where every value stands, so errors can name a line."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Position:
    line: int  # 1-based, as editors count
    column: int  # 1-based

    @classmethod
    def from_mark(cls, mark: yaml.Mark) -> Position:
        return cls(mark.line + 1, mark.column + 1)


class LocatedDict(dict):
    """A mapping that knows the position of itself, of each key and of each value."""

    position: Position
    key_positions: dict
    value_positions: dict


class LocatedList(list):
    """A sequence that knows the position of itself and of each item."""

    position: Position
    item_positions: list


class DuplicateKey(Exception):
    def __init__(self, key: str, position: Position, first: Position):
        super().__init__(key)
        self.key = key
        self.position = position
        self.first = first


class _Loader(yaml.SafeLoader):
    pass


# Dates stay text: the schema checks their form, and an impossible date such as
# 2024-02-30 then becomes a clear message instead of a crash inside the parser.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode):
    data = LocatedDict()
    data.position = Position.from_mark(node.start_mark)
    data.key_positions = {}
    data.value_positions = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            # `naam: {{ 7*7 }}` or `naam: {[a]: b}`: a text that starts with { or [ without quotes.
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark)
        position = Position.from_mark(key_node.start_mark)
        if key in data.key_positions:
            raise DuplicateKey(str(key), position, data.key_positions[key])
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_positions[key] = position
        data.value_positions[key] = Position.from_mark(value_node.start_mark)


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode):
    data = LocatedList()
    data.position = Position.from_mark(node.start_mark)
    data.item_positions = [Position.from_mark(child.start_mark) for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def decode(raw: bytes) -> str:
    """UTF-8 text with a byte-order mark and Windows (or old Mac) line endings removed."""
    return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(raw: bytes):
    """Parse YAML bytes. Accepts a UTF-8 byte-order mark and Windows line endings."""
    return yaml.load(decode(raw), Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def position_of(document, path, *, key: bool = False) -> Position | None:
    """The position of the deepest value along `path` that exists in the document.

    For a value in a mapping this is where the value starts (`status: klaar` points at
    `klaar`); with key=True it is where the key starts, for messages about the key itself.
    """
    found = getattr(document, "position", None)
    node = document
    for step in path:
        if isinstance(node, LocatedDict) and isinstance(step, Hashable) and step in node:
            found = node.key_positions[step] if key else node.value_positions.get(step, node.key_positions[step])
            node = node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and 0 <= step < len(node):
            found = node.item_positions[step]
            node = node[step]
        else:
            break
    return found
