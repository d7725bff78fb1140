"""Old versions of a data file, read through the same gate as today's data (yamlsource.py).

A version of a file is kept as its top-level list items ("- " at column 0), each item parsed
once and looked up by its text: a commit that changes one afspraak parses one item, not the
whole file. Every byte of a version passes the gate before anything is compared: its size,
UTF-8, the character policy, no anchors, aliases or tags, the depth and the number of values,
and no impossible date (2024-02-30). A version that does not pass cannot be compared
(`Version(None)`), as a version without today's shape; diff.py then compares the next good
version with the last good one. Nothing here raises: whatever an old version holds, the worst
outcome is "cannot be compared".
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from ..constants import DATE_PATTERN
from ..data.yamlsource import MAX_BYTES, MAX_NODES, LocatedDict, LocatedList, character_problems, decode, parse_text


@dataclass(frozen=True)
class Version:
    """One version of a data file: its items parsed, or None if it cannot be compared (it does not
    pass the gate, or is not a list)."""
    items: tuple[object, ...] | None
    starts: tuple[int, ...] = ()  # byte offset of each item's text (after its "- "): for the next version
    # Made from `base` by replacing base.items[first:last] with items[first:end] (span): the
    # comparison (diff.py) then looks at those items only, not at all of them.
    base: Version | None = field(default=None, repr=False, compare=False)
    span: tuple[int, int, int] | None = None
    counts: tuple[int, ...] = ()  # values in each item, for the gate's limit on the whole file


REFUSED = Version(None)
_items: dict[bytes, tuple[object, int] | None] = {}  # item text -> (plain value, its number of values)
_NOT_PARSED = object()
SEPARATOR = b"\n- "  # the start of a top-level list item
CHUNK = 1 << 16
_DATE = re.compile(DATE_PATTERN)


class _Refused(Exception):
    """A value the gate lets through as text, but no data file may hold (an impossible date)."""


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _plain(value) -> tuple[object, int]:
    """The gate's located values as plain dicts and lists (what diff.py compares), and how many
    values there are. Raises _Refused for a date that does not exist (the schema's rule for today's
    data: a text of the form 2024-02-30 is no date)."""
    if isinstance(value, LocatedDict):
        out, count = {}, 1
        for key, item in value.items():
            out[key], n = _plain(item)
            count += n
        return out, count
    if isinstance(value, LocatedList):
        items, count = [], 1
        for item in value:
            plain, n = _plain(item)
            items.append(plain)
            count += n
        return items, count
    if isinstance(value, str) and _DATE.match(value) and not _valid_date(value):
        raise _Refused(value)
    return value, 1


def gated(text: str) -> tuple[object, int] | None:
    """text through the gate, as plain values with their count; None if the gate refuses it.

    Every exception is caught on purpose: an old version is never a reason to stop the build
    (a MemoryError or RecursionError from a hostile version included)."""
    try:
        return _plain(parse_text(text))
    except Exception:  # noqa: BLE001 - see the docstring
        return None


def _content(line: bytes) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(b"#") and stripped != b"---"


def split_items(data: bytes) -> tuple[int, list[bytes]] | None:
    """(offset of the first item's text, each item's text without its "- "); None if the part before
    the first item holds more than comments, blank lines and '---' (not a top-level list), or
    does not pass the gate's character policy."""
    if data.startswith(b"- "):
        return 2, data[2:].split(SEPARATOR)
    head, sep, rest = data.partition(SEPARATOR)
    if any(_content(line) for line in head.splitlines()):
        return None
    try:
        if character_problems(decode(head)):
            return None
    except UnicodeDecodeError:
        return None
    return (len(head) + 3, rest.split(SEPARATOR)) if sep else (len(data), [])


def _parsed_item(text: bytes):
    """The item's value, parsed through the gate once per process; None if it does not pass alone."""
    parsed = _items.get(text, _NOT_PARSED)
    if parsed is _NOT_PARSED:
        parsed = None
        try:
            found = gated(decode(b"- " + text))
        except UnicodeDecodeError:
            found = None
        if found is not None and isinstance(found[0], list) and len(found[0]) == 1:
            parsed = (found[0][0], found[1] - 1)
        _items[text] = parsed
    return parsed


def _starts(first: int, texts: list[bytes]) -> list[int]:
    starts, at = [], first
    for text in texts:
        starts.append(at)
        at += len(text) + len(SEPARATOR)
    return starts


def parse_version(data: bytes) -> Version:
    """The items of one version; each item's text is parsed at most once per process."""
    if len(data) > MAX_BYTES:
        return REFUSED
    split = split_items(data)
    if split is None:
        return _whole(data)
    parsed = [_parsed_item(text) for text in split[1]]
    if any(item is None for item in parsed):  # an item that only parses with its neighbours (or not at all)
        return _whole(data)
    counts = tuple(n for _, n in parsed)
    if 1 + sum(counts) > MAX_NODES:
        return REFUSED
    return Version(tuple(item for item, _ in parsed), tuple(_starts(*split)), counts=counts)


def _whole(data: bytes) -> Version:
    try:
        found = gated(decode(data))
    except UnicodeDecodeError:
        return REFUSED
    if found is None:
        return REFUSED
    value = found[0]
    if value is None:
        return Version(())
    return Version(tuple(value)) if isinstance(value, list) else REFUSED


def common_prefix(a: bytes, b: bytes) -> int:
    """How many bytes a and b share at the start (memcmp per chunk, then a binary search)."""
    view, limit, at = memoryview(b), min(len(a), len(b)), 0
    while at + CHUNK <= limit and a.startswith(view[at:at + CHUNK], at):
        at += CHUNK
    low, high = at, min(at + CHUNK, limit)
    while low < high:
        mid = (low + high + 1) // 2
        if a.startswith(view[at:mid], at):
            low = mid
        else:
            high = mid - 1
    return low


def common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """How many bytes (at most `limit`) a and b share at the end."""
    view, end_a, end_b, at = memoryview(b), len(a), len(b), 0
    while at + CHUNK <= limit and a.endswith(view[end_b - at - CHUNK:end_b - at], 0, end_a - at):
        at += CHUNK
    low, high = at, min(at + CHUNK, limit)
    while low < high:
        mid = (low + high + 1) // 2
        if a.endswith(view[end_b - mid:end_b - at], 0, end_a - at):
            low = mid
        else:
            high = mid - 1
    return low


def parse_next(before: bytes, version: Version, after: bytes) -> Version:
    """`after` parsed, reusing the items of `before` (parsed as `version`) outside the changed bytes:
    a commit that changes one afspraak compares the bytes once and parses one item."""
    if len(after) > MAX_BYTES:
        return REFUSED
    starts = version.starts
    prefix = common_prefix(before, after)
    suffix = common_suffix(before, after, min(len(before), len(after)) - prefix)
    if version.items is None or not starts or prefix < starts[0]:
        return parse_version(after)
    # The items around the change, one more on each side so no separator is cut.
    first = max(0, bisect.bisect_right(starts, prefix) - 2)
    last = bisect.bisect_right(starts, len(before) - suffix) + 1  # items from here on are unchanged
    delta = len(after) - len(before)
    begin = starts[first]
    end = starts[last] - len(SEPARATOR) + delta if last < len(starts) else len(after)
    if end <= begin:
        return parse_version(after)
    texts = after[begin:end].split(SEPARATOR)
    middle = [_parsed_item(text) for text in texts]
    if any(item is None for item in middle):
        return parse_version(after)
    counts = version.counts[:first] + tuple(n for _, n in middle) + version.counts[last:]
    if len(counts) != len(version.items) - last + first + len(middle) or 1 + sum(counts) > MAX_NODES:
        return parse_version(after)  # no counts (a version parsed whole), or over the limit: decide on the whole
    return Version(version.items[:first] + tuple(item for item, _ in middle) + version.items[last:],
                   starts[:first] + tuple(_starts(begin, texts)) + tuple(s + delta for s in starts[last:]),
                   base=version, span=(first, last, first + len(middle)), counts=counts)
