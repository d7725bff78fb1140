"""The gate reads YAML with libyaml when it can, and must say exactly what the pure parser says.

libyaml is many times faster on a large data file (benchmarks/: the 100x data set); the pure
parser stays the one that explains errors (macros/data/yaml_messages.py knows its words). So: where
libyaml accepts a text, the pure parser must give the same events or refuse it in the same way;
where libyaml refuses a text, the pure parser reads it again (that is the path every editor's
error takes).
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_DATA, ROOT
from macros.data import yamlevents, yamlsource
from test_fuzz import text_mutation

pytestmark = pytest.mark.skipif(yamlevents.FAST_PARSER is None, reason="PyYAML without libyaml")


def _mark(mark):
    return (mark.line, mark.column, mark.index) if mark else None


_ENDS = (yaml.CollectionEndEvent, yaml.DocumentEndEvent, yaml.StreamEndEvent)


def _event(event):
    if isinstance(event, _ENDS):
        # At the end of a file without a last newline, libyaml puts these on the next line and the
        # pure parser at the end of the last one: the same place (index). Nothing reads their lines.
        return (type(event).__name__, event.start_mark.index, event.end_mark.index)
    return (type(event).__name__, getattr(event, "value", None), getattr(event, "style", None),
            getattr(event, "anchor", None), getattr(event, "tag", None), getattr(event, "implicit", None),
            getattr(event, "flow_style", None), _mark(event.start_mark), _mark(event.end_mark))


def outcome(text: str, events):
    """What the gate makes of `text` read by one parser: its events or its refusal."""
    try:
        return ("events", [_event(e) for e in yamlsource._gated(text, events(text))])
    except yamlsource.InputRefused as refused:
        return ("refused", [(p.kind, p.position, p.detail) for p in refused.problems])
    except yaml.MarkedYAMLError as error:
        return ("error", type(error).__name__, error.problem, _mark(error.problem_mark))


def fast_outcome(text: str):
    try:
        return outcome(text, yamlevents.fast_events)
    except yamlevents.FastParserFailed:
        return None  # checked_events falls back to the pure parser


@pytest.mark.parametrize("path", sorted((ROOT / "data").glob("*.yml")) + sorted(FIXTURE_DATA.glob("*.yml")),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_parsers_read_the_data_files_the_same(path):
    text = yamlsource.decode(path.read_bytes())
    fast = fast_outcome(text)
    assert fast is not None and fast[0] == "events"
    assert fast == outcome(text, yamlevents.pure_events)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(text_mutation())
def test_where_libyaml_accepts_a_mutated_file_the_pure_parser_agrees(mutation):
    _, text = mutation
    # Refused before any parser sees it (parse_text); a stray U+FEFF moves libyaml's columns.
    assume(not yamlsource.character_problems(text))
    fast = fast_outcome(text)
    if fast is not None:
        assert fast == outcome(text, yamlevents.pure_events)


@pytest.mark.parametrize("text", [
    "- a: [1, 2\n", "- naam: 'open\n", "- a: b: c\n", "\t- a: 1\n", "- a: &x 1\n- b: *x\n", "- a: !!binary aGk=\n",
])
def test_an_error_is_explained_by_the_pure_parser(text):
    # The message an editor reads comes from the pure parser, whichever parser met the error first.
    def pure_only(text):
        try:
            return ("ok", [_event(e) for e in yamlsource._gated(text, yamlevents.pure_events(text))])
        except (yamlsource.InputRefused, yaml.MarkedYAMLError) as error:
            return (type(error).__name__, str(error))
    try:
        got = ("ok", [_event(e) for e in yamlsource.checked_events(text)])
    except (yamlsource.InputRefused, yaml.MarkedYAMLError) as error:
        got = (type(error).__name__, str(error))
    assert got == pure_only(text)
    assert got[0] != "ok"
