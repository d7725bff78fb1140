"""The schemas in data/schema/ name no value of a region: the lists in data/ do, and the check fills them in."""

from __future__ import annotations

import json

import yaml
from conftest import ROOT

from macros.constants import FILES, KEYS
from macros.data.nearmiss import REFERENCES
from macros.data.schemas import LIST_KEYWORD, list_fields, load_schemas, schema_bytes, with_values

SCHEMAS = load_schemas(ROOT / "data")
REGIONS = [ROOT / "data", ROOT / "tests" / "fixtures" / "tweede-regio" / "data"]


def _enums(node):
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            yield node["enum"]
        for value in node.values():
            yield from _enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from _enums(value)


def test_no_schema_names_a_value_of_a_regions_lists():
    for data in REGIONS:
        values = set()
        for name in ("gemeenten", "themas", "soorten", "groepen", "proeftuinen", "ondertekenaars",
                     "verantwoordelijken"):
            values |= {r["id"] for r in yaml.safe_load((data / f"{name}.yml").read_text(encoding="utf-8"))}
        for name, schema in SCHEMAS.items():
            for enum in _enums(schema):
                assert not values & set(enum), (data, name, values & set(enum))


def test_every_list_field_names_a_list_read_before_it_and_gives_the_same_hints():
    # The loader checks the lists first (FILES order), so a field's values come from a checked list;
    # the hints ("Bedoelt u 'De gezonde wijk'?") come from the same file (nearmiss.REFERENCES).
    found = 0
    for name, schema in SCHEMAS.items():
        for path, target in list_fields(schema):
            assert target in FILES and list(FILES).index(target) < list(FILES).index(name), (name, path, target)
            field = next(step for step in reversed(path) if step not in ("items", "properties"))
            assert REFERENCES[(name, field)] == (target,), (name, path)
            found += 1
    assert found >= 7


def test_filling_in_puts_the_values_in_place_of_the_keyword():
    schema = {"type": "object", "properties": {"gemeente": {LIST_KEYWORD: "gemeenten", "description": "d"}}}
    filled = with_values(schema, {"gemeenten": ["a", "b", "a"]})
    assert list(filled["properties"]["gemeente"].items()) == [("enum", ["a", "b"]), ("description", "d")]
    assert LIST_KEYWORD in schema["properties"]["gemeente"]  # the source is left as it is
    # A list that could not be read leaves the field open: its own error is reported already.
    assert with_values(schema, {})["properties"]["gemeente"] == {"description": "d"}


def test_a_schema_without_lists_is_published_byte_for_byte():
    for name, schema in SCHEMAS.items():
        if not list_fields(schema):
            source = (ROOT / "data" / "schema" / f"{name}.schema.json").read_bytes()
            assert schema_bytes(with_values(schema, {})) == source, name


def test_the_lists_own_ids_are_ordinary_ids():
    for name in ("gemeenten", "themas", "soorten", "groepen"):
        own = SCHEMAS[name]["items"]["properties"][KEYS[name]]
        assert "enum" not in own and own["type"] == "string" and "pattern" in own, name
