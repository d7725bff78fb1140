"""The history of the data files, read from git, and the date of the last change of a file
(`last_commit`, for "Pagina voor het laatst aangepast" and the date of the stand).

One `git log -z --raw` pass gives every commit that changed a data file, with the blob ids of
the file before and after (NUL-separated: nothing in a commit can break it, and it holds no
message). One `git cat-file --batch` process then reads each commit object (author date and
message, as bytes) and the versions it needs. Old versions pass the same gate as today's data
(versions.py). Commit messages are text from outside: decoded without failing, with control
characters removed. Everything is cached per process, so `mkdocs serve` rebuilds only read what
is new. Nothing from git ends in a traceback: whatever cannot be read is "cannot be compared",
an unknown date or "Geschiedenis niet beschikbaar".

No rendering here: diff.py compares the versions, the render modules show them.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .versions import (_items, common_prefix, common_suffix, parse_next, parse_version,  # noqa: F401 - re-exported
                       split_items, Version)
from ..data.yamlsource import FORBIDDEN, MAX_BYTES

# The data files whose history the site shows, and the key of their items (diff.py).
FILES = ("data/afspraken.yml", "data/ondertekenaars.yml", "data/proeftuinen.yml", "data/bronnen.yml")
REQUIRED_ENV = "ZORGSAAM_GESCHIEDENIS"  # "verplicht": a build without full history stops (deploy)
NULL_BLOB = "0" * 40
TIMEOUT = 120


class HistoryUnavailable(Exception):
    """No full git history here; the message says why, in Dutch."""


@dataclass(frozen=True)
class FileChange:
    path: str  # e.g. data/afspraken.yml
    before: Version | None  # None: the file did not exist
    after: Version | None


@dataclass(frozen=True)
class Commit:
    sha: str
    when: dt.datetime | None  # author date, with the author's UTC offset; None if it cannot be read
    message: str
    changes: tuple[FileChange, ...]


@dataclass(frozen=True)
class History:
    """Commits oldest first; `unavailable` says in Dutch why there is no history (then no commits)."""
    commits: tuple[Commit, ...] = ()
    unavailable: str | None = None


# --- Cache: blob id -> Version (item text -> parsed item in versions.py); the last whole result ---

_versions: dict[str, Version] = {}
_last: dict[tuple, History] = {}


class _BlobReader:
    """One `git cat-file --batch` process for every object of the build."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def read(self, sha: str, kind: str = "blob", limit: int = MAX_BYTES) -> bytes | None:
        """The object's bytes; None if it is larger than `limit` (then it is skipped, not read whole)."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(sha.encode("ascii") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode("ascii", "replace").split()
        if len(header) != 3 or header[1] != kind or not header[2].isdigit():
            raise HistoryUnavailable(f"git kan versie {sha} van een gegevensbestand niet lezen.")
        size = int(header[2])
        if size > limit:
            left = size
            while left > 0:  # skipped in chunks: the object is never held in memory
                chunk = self.process.stdout.read(min(left, CHUNK))
                if not chunk:
                    break
                left -= len(chunk)
            self.process.stdout.read(1)
            return None
        data = self.process.stdout.read(size)
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
            if data is None:  # over the gate's size limit: not read, cannot be compared
                _versions[blob] = Version(None)
                return _versions[blob]
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
            data = self.reader.read(before)  # cached from an earlier build: its bytes to compare
            if data is not None:
                self.raw[before] = data
        return FileChange(path, self.version(before), self.version(after, before))

    def commit(self, sha: str, files: list[tuple[str, str, str]]) -> Commit:
        when, message = commit_metadata(self.reader.read(sha, "commit", MAX_COMMIT_BYTES))
        return Commit(sha, when, message, tuple(self.change(*file) for file in files))


# --- Commits: text from outside ---------------------------------------------------------------

MAX_COMMIT_BYTES = 1_000_000  # a commit object larger than this is no editor's message: its text is left out
CHUNK = 1 << 16
SHA = re.compile(r"^[0-9a-f]{40}$")
_AUTHOR = re.compile(rb"^author [^\n]*> (-?[0-9]{1,20}) ([+-])([0-9]{2})([0-9]{2})$", re.M)


def clean_text(text: str) -> str:
    """Text from git as the site may show it: the characters the data gate refuses removed
    (control characters, line and paragraph separators, bidirectional overrides, ...)."""
    return FORBIDDEN.sub("", text)


def _decode(raw: bytes, encoding: str | None) -> str:
    for codec in (encoding, "utf-8"):
        if codec:
            try:
                return raw.decode(codec)
            except (LookupError, UnicodeDecodeError, ValueError):
                continue
    return raw.decode("utf-8", "replace")


def commit_metadata(raw: bytes | None) -> tuple[dt.datetime | None, str]:
    """(author date, message) of a raw commit object; the date None if it cannot be read, the
    message cleaned (clean_text). Never raises."""
    if not raw:
        return None, ""
    header, _, body = raw.partition(b"\n\n")
    when = None
    found = _AUTHOR.search(header)
    if found:
        seconds, sign, hours, minutes = found.groups()
        try:
            offset = dt.timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == b"-" else 1)
            when = dt.datetime.fromtimestamp(int(seconds), dt.timezone(offset))
            when.astimezone(dt.timezone.utc) + dt.timedelta(days=2)  # and every zone the site converts it to
        except (OverflowError, OSError, ValueError):
            when = None
    encoding = re.search(rb"^encoding ([A-Za-z0-9._-]{1,40})$", header, re.M)
    message = _decode(body, encoding.group(1).decode("ascii") if encoding else None)
    return when, clean_text(message).strip()


def _log(root: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(sha, [(path, blob before, blob after)]) per commit, oldest first. NUL-separated, without
    messages: `-z` writes paths as they are and the format holds only the commit id."""
    result = subprocess.run(["git", "log", "-z", "--reverse", "--topo-order", "--no-renames", "--raw", "--no-abbrev",
                             "--relative", "--format=%H", "--", *FILES], cwd=root, capture_output=True, timeout=TIMEOUT)
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip().splitlines() or ["onbekende fout"]
        raise HistoryUnavailable("git kan de geschiedenis van de gegevens niet lezen: " + clean_text(error[-1]))
    commits: list[tuple[str, list[tuple[str, str, str]]]] = []
    fields = result.stdout.decode("utf-8", "replace").split("\0")
    i = 0
    while i < len(fields):
        token = fields[i].strip("\n")
        i += 1
        if token.startswith(":") and commits and i < len(fields):
            meta = token.split()
            path = fields[i]
            i += 1
            if len(meta) >= 4 and SHA.match(meta[2]) and SHA.match(meta[3]) and path in FILES:
                commits[-1][1].append((path, meta[2], meta[3]))
        elif SHA.match(token):
            commits.append((token, []))
    return commits


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, errors="replace", timeout=TIMEOUT)


def read_history(root: Path) -> History:
    """The history of FILES in the git repository around `root`; History(unavailable=...) if
    there is none (no git, not a repository, a shallow clone). Never raises."""
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
        key = (str(root), lines[2], tuple((sha, tuple(files)) for sha, files in log))
        if key in _last:
            return _last[key]
        reading = _Reading(root)
        try:
            commits = tuple(reading.commit(sha, files) for sha, files in log)
        finally:
            reading.reader.close()
    except HistoryUnavailable as error:
        return History(unavailable=str(error))
    except (OSError, subprocess.SubprocessError, ValueError):
        return History(unavailable="Git gaf de geschiedenis niet in een vorm die de site kan lezen.")
    except Exception:  # noqa: BLE001 - a history that cannot be read never stops the build
        _versions.clear()
        return History(unavailable="De geschiedenis kon niet worden gelezen.")
    _last.clear()
    _last[key] = History(commits)
    return _last[key]


def data_last_changed(root: Path) -> dt.datetime | None:
    """The moment data/ last changed, from git. None when that is not known: no git, no commit, or
    changes in data/ that are not committed yet (then the last commit is not the last change)."""
    try:
        pending = _git(root, "status", "--porcelain", "--", "data")
    except (OSError, subprocess.SubprocessError):
        return None
    if pending.returncode != 0 or pending.stdout.strip():
        return None
    stamp = last_commit(root, ("data",))
    try:
        return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc) if stamp else None
    except (OverflowError, OSError, ValueError):  # a date git can store but Python cannot show
        return None


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
