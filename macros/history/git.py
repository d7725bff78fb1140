"""The history of the data files, read from git, and the date of the last change of a file
(`last_commit`, for "Pagina voor het laatst aangepast" and the date of the stand).

One `git log --raw` pass gives every commit that changed a data file, with the blob ids of the
file before and after; the blobs are then read in one `git cat-file --batch` process. A version
of a file is kept as its top-level list items ("- " at column 0), each item parsed once and
looked up by its text: a commit that changes one afspraak parses one item, not the whole file.
Everything is cached per process, so `mkdocs serve` rebuilds only read what is new.

No rendering here: changes.py compares the versions, the render modules show them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # libyaml when installed: the same results, many times faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

# The data files whose history the site shows, and the key of their items (changes.py).
FILES = ("data/afspraken.yml", "data/ondertekenaars.yml", "data/proeftuinen.yml", "data/bronnen.yml")
REQUIRED_ENV = "ZORGSAAM_GESCHIEDENIS"  # "verplicht": a build without full history stops (deploy)
NULL_BLOB = "0" * 40
TIMEOUT = 120


class HistoryUnavailable(Exception):
    """No full git history here; the message says why, in Dutch."""


@dataclass(frozen=True)
class Version:
    """One version of a data file: its items parsed, or None if it is not a list of mappings."""
    items: tuple[object, ...] | None
    starts: tuple[int, ...] = ()  # byte offset of each item's text (after its "- "): for the next version
    # Made from `base` by replacing base.items[first:last] with items[first:end] (span): the
    # comparison (changes.py) then looks at those items only, not at all of them.
    base: Version | None = field(default=None, repr=False, compare=False)
    span: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class FileChange:
    path: str  # e.g. data/afspraken.yml
    before: Version | None  # None: the file did not exist
    after: Version | None


@dataclass(frozen=True)
class Commit:
    sha: str
    when: dt.datetime  # author date, with the author's UTC offset
    message: str
    changes: tuple[FileChange, ...]


@dataclass(frozen=True)
class History:
    """Commits oldest first; `unavailable` says in Dutch why there is no history (then no commits)."""
    commits: tuple[Commit, ...] = ()
    unavailable: str | None = None


# --- Cache: blob id -> Version, item text -> parsed item; and the last whole result -------------

_versions: dict[str, Version] = {}
_items: dict[bytes, object] = {}
_last: dict[tuple, History] = {}

_NOT_PARSED = object()
SEPARATOR = b"\n- "  # the start of a top-level list item
CHUNK = 1 << 16


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=TIMEOUT)


def _parse(text: str):
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - CSafeLoader/SafeLoader only


def _content(line: bytes) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(b"#") and stripped != b"---"


def split_items(data: bytes) -> tuple[int, list[bytes]] | None:
    """(offset of the first item's text, each item's text without its "- "); None if the part before
    the first item holds more than comments, blank lines and '---' (not a top-level list)."""
    if data.startswith(b"- "):
        return 2, data[2:].split(SEPARATOR)
    head, sep, rest = data.partition(SEPARATOR)
    if any(_content(line) for line in head.splitlines()):
        return None
    return (len(head) + 3, rest.split(SEPARATOR)) if sep else (len(data), [])


def _parsed_item(text: bytes):
    parsed = _items.get(text, _NOT_PARSED)
    if parsed is _NOT_PARSED:
        try:
            value = _parse("- " + text.decode("utf-8", "replace"))
            parsed = value[0] if isinstance(value, list) and len(value) == 1 else None
        except yaml.YAMLError:
            parsed = None
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
    split = split_items(data)
    if split is None:
        return _whole(data)
    items = [_parsed_item(text) for text in split[1]]
    if any(item is None for item in items):  # an item that only parses with its neighbours (or not at all)
        return _whole(data)
    return Version(tuple(items), tuple(_starts(*split)))


def _whole(data: bytes) -> Version:
    try:
        value = _parse(data.decode("utf-8", "replace"))
    except yaml.YAMLError:
        return Version(None)
    if value is None:
        return Version(())
    return Version(tuple(value)) if isinstance(value, list) else Version(None)


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
    return Version(version.items[:first] + tuple(middle) + version.items[last:],
                   starts[:first] + tuple(_starts(begin, texts)) + tuple(s + delta for s in starts[last:]),
                   base=version, span=(first, last, first + len(middle)))


class _BlobReader:
    """One `git cat-file --batch` process for every blob of the build."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def read(self, blob: str) -> bytes:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(blob.encode("ascii") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode("ascii", "replace").split()
        if len(header) != 3 or header[1] != "blob":
            raise HistoryUnavailable(f"git kan versie {blob} van een gegevensbestand niet lezen.")
        data = self.process.stdout.read(int(header[2]))
        self.process.stdout.read(1)  # the newline after each object
        return data

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=TIMEOUT)


class _Reading:
    """The versions of one build: each blob read once; the newest raw bytes kept to compare the next."""

    def __init__(self, root: Path):
        self.reader = _BlobReader(root)
        self.raw: dict[str, bytes] = {}

    def version(self, blob: str, before: str | None = None) -> Version | None:
        if blob == NULL_BLOB:
            return None
        if blob not in _versions:
            data = self.reader.read(blob)
            if before in self.raw and _versions.get(before) is not None:
                _versions[blob] = parse_next(self.raw[before], _versions[before], data)
            else:
                _versions[blob] = parse_version(data)
            if len(self.raw) > 8:  # a few megabytes, not every version
                self.raw.pop(next(iter(self.raw)))
            self.raw[blob] = data
        return _versions[blob]

    def change(self, path: str, before: str, after: str) -> FileChange:
        if before != NULL_BLOB and before not in _versions:
            self.version(before)
        elif before in _versions and before not in self.raw and after not in _versions:
            self.raw[before] = self.reader.read(before)  # cached from an earlier build: its bytes to compare
        return FileChange(path, self.version(before), self.version(after, before))


COMMIT_MARK = "\x01"
MESSAGE_END = "\x02"


def _log(root: Path) -> list[tuple[str, dt.datetime, str, list[tuple[str, str, str]]]]:
    """(sha, author date, message, [(path, blob before, blob after)]) per commit, oldest first."""
    result = _git(root, "log", "--reverse", "--topo-order", "--no-renames", "--raw", "--no-abbrev", "--relative",
                  f"--format={COMMIT_MARK}%H %aI%n%B{MESSAGE_END}", "--", *FILES)
    if result.returncode != 0:
        raise HistoryUnavailable("git kan de geschiedenis van de gegevens niet lezen: "
                                 + (result.stderr.strip().splitlines() or ["onbekende fout"])[-1])
    commits = []
    for chunk in result.stdout.split(COMMIT_MARK)[1:]:
        head, _, rest = chunk.partition("\n")
        message, _, raw = rest.partition(MESSAGE_END)
        sha, when = head.split(" ", 1)
        files = []
        for line in raw.splitlines():
            if line.startswith(":"):
                meta, path = line.split("\t", 1)
                fields = meta.split()
                files.append((path, fields[2], fields[3]))
        commits.append((sha, dt.datetime.fromisoformat(when), message.strip(), files))
    return commits


def read_history(root: Path) -> History:
    """The history of FILES in the git repository around `root`; History(unavailable=...) if
    there is none (no git, not a repository, a shallow clone)."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "HEAD")
    except (OSError, subprocess.SubprocessError):
        return History(unavailable="Git is niet geïnstalleerd, of werkt hier niet.")
    lines = inside.stdout.split()
    if inside.returncode != 0 or len(lines) != 3 or lines[0] != "true":
        return History(unavailable="De map van de site is geen git-repository (of heeft nog geen commit).")
    if lines[1] == "true":
        return History(unavailable="Dit is een ondiepe kopie (shallow clone) zonder de hele geschiedenis.")
    try:
        log = _log(root)
        key = (str(root), lines[2], tuple((sha, tuple(files)) for sha, _, _, files in log))
        if key in _last:
            return _last[key]
        reading = _Reading(root)
        try:
            commits = tuple(Commit(sha, when, message, tuple(reading.change(path, before, after)
                                                             for path, before, after in files))
                            for sha, when, message, files in log)
        finally:
            reading.reader.close()
    except HistoryUnavailable as error:
        return History(unavailable=str(error))
    _last.clear()
    _last[key] = History(commits)
    return _last[key]


def data_last_changed(root: Path, timezone: dt.tzinfo) -> dt.date | None:
    """The day data/ last changed, from git. None when that is not known: no git, no commit, or
    changes in data/ that are not committed yet (then the last commit is not the last change)."""
    try:
        pending = _git(root, "status", "--porcelain", "--", "data")
    except (OSError, subprocess.SubprocessError):
        return None
    if pending.returncode != 0 or pending.stdout.strip():
        return None
    stamp = last_commit(root, ("data",))
    return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).astimezone(timezone).date() if stamp else None


def required(environ) -> bool:
    return environ.get(REQUIRED_ENV, "").strip().lower() == "verplicht"


_last_commits: dict[tuple, int | None] = {}


def last_commit(root: Path, paths: tuple[str, ...], *, follow: bool = False) -> int | None:
    """The time (unix seconds) of the last commit that changed `paths`, or None (no git, or not
    committed). `follow`: one file, through renames, and a commit that changes only whitespace
    does not count (how the git-revision-date plugin dated pages; the dates stay the same)."""
    key = (Path(root), paths, follow)
    if key not in _last_commits:
        options = (["--follow", "--diff-filter=r", "--ignore-all-space", "--ignore-blank-lines"] if follow else [])
        try:
            result = _git(Path(root), "log", "-1", "--format=%at", *options, "--", *paths)
            stamp = result.stdout.strip()
            _last_commits[key] = int(stamp) if result.returncode == 0 and stamp.isdigit() else None
        except (OSError, subprocess.SubprocessError):
            _last_commits[key] = None
    return _last_commits[key]


def forget_last_commits() -> None:
    """`mkdocs serve` may rebuild after a commit."""
    _last_commits.clear()
