"""The history of the data files, read from git: the only module that runs git (issue 13).

One `git log --raw` pass gives every commit that changed a data file, with the blob ids of the
file before and after; the blobs are then read in one `git cat-file --batch` process. A version
of a file is kept as its top-level list items ("- " at column 0), each item parsed once and
looked up by its text: a commit that changes one afspraak parses one item, not the whole file.
Everything is cached per process, so `mkdocs serve` rebuilds only read what is new.

No rendering here: changes.py compares the versions, the render modules show them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
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
_items: dict[str, object] = {}
_last: dict[tuple, History] = {}

_NOT_PARSED = object()


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=TIMEOUT)


def _parse(text: str):
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - CSafeLoader/SafeLoader only


def split_items(text: str) -> tuple[str, list[str]] | None:
    """(head, items): the text before the first top-level item, and each item's text.

    None if the head holds more than comments, blank lines and '---' (not a top-level list).
    """
    if text.startswith("- "):
        head, rest = "", text
    else:
        head, sep, rest = text.partition("\n- ")
        if not sep:
            return None if any(_content(line) for line in text.splitlines()) else (text, [])
        rest = "- " + rest
    if any(_content(line) for line in head.splitlines()):
        return None
    return head, ["- " + item if i else item for i, item in enumerate(rest.split("\n- "))]


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#") and stripped != "---"


def parse_version(text: str) -> Version:
    """The items of one version; each item's text is parsed at most once per process."""
    split = split_items(text)
    if split is None:
        return _whole(text)
    items = []
    for item_text in split[1]:
        parsed = _items.get(item_text, _NOT_PARSED)
        if parsed is _NOT_PARSED:
            try:
                value = _parse(item_text)
                parsed = value[0] if isinstance(value, list) and len(value) == 1 else None
            except yaml.YAMLError:
                parsed = None
            _items[item_text] = parsed
        if parsed is None:  # an item that only parses with its neighbours (or not at all)
            return _whole(text)
        items.append(parsed)
    return Version(tuple(items))


def _whole(text: str) -> Version:
    try:
        value = _parse(text)
    except yaml.YAMLError:
        return Version(None)
    if value is None:
        return Version(())
    return Version(tuple(value)) if isinstance(value, list) else Version(None)


class _BlobReader:
    """One `git cat-file --batch` process for every blob of the build."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def read(self, blob: str) -> str:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(blob.encode("ascii") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode("ascii", "replace").split()
        if len(header) != 3 or header[1] != "blob":
            raise HistoryUnavailable(f"git kan versie {blob} van een gegevensbestand niet lezen.")
        data = self.process.stdout.read(int(header[2]))
        self.process.stdout.read(1)  # the newline after each object
        return data.decode("utf-8", "replace")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=TIMEOUT)


def _version(blob: str, reader: _BlobReader) -> Version | None:
    if blob == NULL_BLOB:
        return None
    if blob not in _versions:
        _versions[blob] = parse_version(reader.read(blob))
    return _versions[blob]


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
        reader = _BlobReader(root)
        try:
            commits = tuple(
                Commit(sha, when, message, tuple(FileChange(path, _version(before, reader), _version(after, reader))
                                                 for path, before, after in files))
                for sha, when, message, files in log)
        finally:
            reader.close()
    except HistoryUnavailable as error:
        return History(unavailable=str(error))
    _last.clear()
    _last[key] = History(commits)
    return _last[key]


def required(environ) -> bool:
    return environ.get(REQUIRED_ENV, "").strip().lower() == "verplicht"
