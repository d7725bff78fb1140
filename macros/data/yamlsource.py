"""Read YAML while remembering where every value stands, so errors can name a line.

One gate, in front of everything: before a value is built, the text and the YAML events are
checked against limits (size, number of values, depth), a character policy (no invisible
control characters, line separators, noncharacters or lone surrogates, also not written as
an escape such as "\\x07" between double quotes) and a few YAML features editors never need
and that can hurt (anchors and aliases, the "billion laughs"; tags such as !!binary or
!!python/...). A refusal is an InputRefused with one Problem per place; the loader turns it
into a Dutch message. Only then are the checked events composed and constructed, so nothing
is expanded and no deep recursion happens.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass

import yaml

from .yamlevents import FAST_PARSER, FastParserFailed, fast_events, pure_events

# Limits: far above real data (the largest real file has 454 values, 5 levels deep) and above
# the benchmark's 100x data set (afspraken.yml 1.1 MB, proeftuinen.yml 20,000+ values), far
# below what would exhaust memory.
MAX_BYTES = 5_000_000  # per file
MAX_NODES = 200_000  # scalars, lists and groups of fields per file
MAX_DEPTH = 20  # lists and groups inside each other
MAX_DIGITS = 100  # a plain number longer than this is no number an editor means
MAX_PROBLEMS = 10  # per file: the first ones are enough to start fixing


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
    value_sources: dict  # key -> the value as written, for a scalar (yes, 1.5, ...)


class LocatedList(list):
    """A sequence that knows the position of itself and of each item."""

    position: Position
    item_positions: list
    item_sources: list  # the item as written, for a scalar; else None


class DuplicateKey(Exception):
    def __init__(self, key: str, position: Position, first: Position):
        super().__init__(key)
        self.key = key
        self.position = position
        self.first = first


@dataclass(frozen=True)
class Problem:
    """One thing the gate refuses.

    kind: 'size' (detail: the size in bytes; no position), 'character' (a character in the text
    itself), 'escape' (a character written as an escape between double quotes; detail: the
    escape as written), 'anchor', 'alias', 'tag' (detail: as written, e.g. '&a', '*a',
    '!!binary'), 'depth', 'nodes' and 'digits' (detail: the number of digits).
    """

    kind: str
    position: Position | None
    detail: str = ""
    char: str = ""  # for 'character' and 'escape': the character itself
    on_text: bool = False  # for 'anchor', 'alias' and 'tag': it stands where a text could be


class InputRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(p.kind for p in problems))
        self.problems = problems


# --- Characters -------------------------------------------------------------------------------

# Refused anywhere in a data file, raw or as an escape:
# - C0 and C1 control characters and DEL, except tab and newline (a carriage return is removed
#   by decode() before this check);
# - U+0085 (NEL), U+2028 and U+2029: YAML counts them as line breaks, invisible to the editor,
#   so every line number after them would be wrong;
# - lone surrogates (only possible as an escape) and the Unicode noncharacters (U+FFFE, U+FFFF,
#   U+FDD0..U+FDEF and the last two of every plane);
# - U+FEFF other than at the very start (that one is the byte-order mark, removed by decode());
# - the bidirectional embedding, override and isolate controls, which reorder text invisibly.
# Tabs stay allowed inside text; a tab used to indent has its own message (yaml_messages.MSG_TAB).
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069\ud800-\udfff"
    + _NONCHARACTERS + "]")
LINE_SEPARATORS = {"\x85", "\u2028", "\u2029"}


def is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFF) >= 0xFFFE


def is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


def position_in(text: str, index: int) -> Position:
    """Line and column of text[index], counting only \\n as a line break (as editors see it)."""
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


def character_problems(text: str) -> list[Problem]:
    """Forbidden characters in the text itself: the first one of each line, at most MAX_PROBLEMS."""
    problems = []
    if not FORBIDDEN.search(text):
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        match = FORBIDDEN.search(line)
        if match:
            problems.append(Problem("character", Position(number, match.start() + 1), char=match.group()))
            if len(problems) == MAX_PROBLEMS:
                break
    return problems


def _escape_problem(text: str, event: yaml.ScalarEvent) -> Problem | None:
    """A forbidden character that a double-quoted scalar makes from an escape ("\\x07", "\\ud800")."""
    found = FORBIDDEN.search(event.value)
    if not found:
        return None
    start, end = event.start_mark.index, event.end_mark.index
    i = start
    while i < end:  # find the escape in the text, for its line and column
        if text[i] != "\\":
            i += 1
            continue
        code = text[i + 1:i + 2]
        length = yaml.scanner.Scanner.ESCAPE_CODES.get(code)
        if length:
            digits = text[i + 2:i + 2 + length]
            try:
                char = chr(int(digits, 16))
            except ValueError:  # not hexadecimal, or beyond U+10FFFF: the scanner refused it already
                char = ""
            written = text[i:i + 2 + length]
        else:
            char = yaml.scanner.Scanner.ESCAPE_REPLACEMENTS.get(code, "")
            written = text[i:i + 2]
        if char and FORBIDDEN.fullmatch(char):
            return Problem("escape", position_in(text, i), written, char)
        i += len(written) if written else 1
    return Problem("escape", Position.from_mark(event.start_mark), "", found.group())


# --- What YAML may resolve a plain value to -----------------------------------------------------

# YAML 1.1 as PyYAML reads it turns more plain text into something else than editors expect:
# 12:30 into the number 750 (base 60), 010 into 8, 0x1F and 1_000 into numbers, 2024-06-30
# into a date, = and << into special values. Here only plain decimal numbers are numbers, and
# dates stay text (the schema checks their form, so 2024-02-30 gets a clear message). The
# ja/nee words of YAML 1.1 (yes, no, on, off, true, false) stay ja/nee, with a hint when text
# was meant, and ~ and null stay empty.
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_DIGITS = re.compile(r"^[-+]?[0-9]+$")
_KEEP = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}


class _Resolver(yaml.resolver.Resolver):
    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEEP]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }


_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))


def _tag_as_written(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def checked_events(text: str) -> list[yaml.Event]:
    """The YAML events of text, after the gate. Raises InputRefused, or a yaml.MarkedYAMLError
    for a syntax error (always from the pure parser: yaml_messages knows its words)."""
    if FAST_PARSER is not None:
        try:
            return _gated(text, fast_events(text))
        except FastParserFailed:
            pass
    return _gated(text, pure_events(text))


def _gated(text: str, stream) -> list[yaml.Event]:
    events: list[yaml.Event] = []
    problems: list[Problem] = []
    depth = nodes = 0
    try:
        for event in stream:
            events.append(event)
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            here = Position.from_mark(event.start_mark)
            nodes += 1
            if nodes > MAX_NODES:
                raise InputRefused([*problems, Problem("nodes", here, str(MAX_NODES))])
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputRefused([*problems, Problem("depth", here, str(MAX_DEPTH))])
            on_text = not isinstance(event, yaml.CollectionStartEvent)
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem("alias", here, f"*{event.anchor}", on_text=True))
            elif event.anchor is not None:
                problems.append(Problem("anchor", here, f"&{event.anchor}", on_text=on_text))
            elif event.tag is not None:
                problems.append(Problem("tag", here, _tag_as_written(event.tag), on_text=on_text))
            elif isinstance(event, yaml.ScalarEvent):
                if event.style == '"':
                    escaped = _escape_problem(text, event)
                    if escaped:
                        problems.append(escaped)
                elif event.style is None and _DIGITS.match(event.value) and len(event.value) > MAX_DIGITS:
                    problems.append(Problem("digits", here, str(len(event.value.lstrip("+-")))))
            if len(problems) >= MAX_PROBLEMS:
                break
    except yaml.MarkedYAMLError:
        if problems:  # they stand earlier in the file; the rest may be a consequence
            raise InputRefused(problems) from None
        raise
    finally:
        stream.close()
    if problems:
        raise InputRefused(problems)
    return events


# --- From checked events to values ----------------------------------------------------------------


class _Constructor(yaml.constructor.SafeConstructor):
    pass


def _construct_mapping(loader: _Constructor, node: yaml.MappingNode):
    data = LocatedDict()
    data.position = Position.from_mark(node.start_mark)
    data.key_positions = {}
    data.value_positions = {}
    data.value_sources = {}
    yield data
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value  # a field name is text as written: `1:` and `yes:` are '1' and 'yes'
        else:
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
        if isinstance(value_node, yaml.ScalarNode):
            data.value_sources[key] = value_node.value


def _construct_sequence(loader: _Constructor, node: yaml.SequenceNode):
    data = LocatedList()
    data.position = Position.from_mark(node.start_mark)
    data.item_positions = [Position.from_mark(child.start_mark) for child in node.value]
    data.item_sources = [child.value if isinstance(child, yaml.ScalarNode) else None for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


_Constructor.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Constructor.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


class _Composer(yaml.composer.Composer, _Constructor, _Resolver):
    """Composes and constructs from a list of events that passed the gate."""

    def __init__(self, events: list[yaml.Event]):
        self._events = deque(events)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)

    def check_event(self, *choices) -> bool:
        return bool(self._events) and (not choices or isinstance(self._events[0], choices))

    def peek_event(self) -> yaml.Event:
        return self._events[0]

    def get_event(self) -> yaml.Event:
        return self._events.popleft()


def decode(raw: bytes) -> str:
    """UTF-8 text with a byte-order mark and Windows (or old Mac) line endings removed."""
    return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str):
    """Parse decoded text through the gate. Raises InputRefused, DuplicateKey or yaml.MarkedYAMLError."""
    problems = character_problems(text)
    if problems:
        raise InputRefused(problems)
    return _Composer(checked_events(text)).get_single_data()


def parse_yaml(raw: bytes):
    """Parse YAML bytes through the gate. Accepts a UTF-8 byte-order mark and Windows line endings.

    Raises InputRefused (also for a file larger than MAX_BYTES), UnicodeDecodeError, DuplicateKey
    or yaml.MarkedYAMLError.
    """
    if len(raw) > MAX_BYTES:
        raise InputRefused([Problem("size", None, str(len(raw)))])
    return parse_text(decode(raw))


def _step(node, step):
    if isinstance(node, LocatedDict) and isinstance(step, Hashable) and step in node:
        return True
    return isinstance(node, LocatedList) and isinstance(step, int) and 0 <= step < len(node)


def position_of(document, path, *, key: bool = False) -> Position | None:
    """The position of the deepest value along `path` that exists in the document.

    For a value in a mapping this is where the value starts (`status: klaar` points at
    `klaar`); with key=True it is where the key starts, for messages about the key itself.
    """
    found = getattr(document, "position", None)
    node = document
    for step in path:
        if not _step(node, step):
            break
        if isinstance(node, LocatedDict):
            found = node.key_positions[step] if key else node.value_positions.get(step, node.key_positions[step])
        else:
            found = node.item_positions[step]
        node = node[step]
    return found


def source_of(document, path) -> str | None:
    """The scalar at `path` as the editor wrote it ('yes', '1.5'), or None."""
    node = document
    for step in path[:-1]:
        if not _step(node, step):
            return None
        node = node[step]
    if not path or not _step(node, path[-1]):
        return None
    if isinstance(node, LocatedDict):
        return node.value_sources.get(path[-1])
    return node.item_sources[path[-1]]
