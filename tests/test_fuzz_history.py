"""Property-based tests of the history: any sequence of commits is read, compared and shown safely.

Hypothesis writes a temporary git repository (one `git fast-import` per example) with a
sequence of commits to the data files: valid versions of the fictional akkoord, versions with
an editor's mistake (the mutations of tests/test_fuzz.py), hostile versions (impossible dates,
alias bombs, deep nesting, control characters, bytes that are no UTF-8, empty or deleted
files), with odd messages (any bytes: control characters, NUL, no UTF-8) and odd author dates
(the year 1970, far in the future, odd time zones). For every example:

- reading the history (history.read_history) never raises and always gives a history;
- comparing (changes.changes) never raises; no date after the build day is published;
- the page 'Wat is er veranderd?', each afspraak's section and the feed render; the feed is
  well-formed XML; no control character reaches them.

A few examples (FUZZ_HISTORY_BUILDS) end with the valid akkoord and go through a real
`mkdocs build --strict`, which must publish. CI runs a bounded number (FUZZ_HISTORY_EXAMPLES,
default 25); `make fuzz` runs a long search. Every failure found becomes a named test in
tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
from pathlib import Path

from defusedxml import ElementTree as SafeET
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_DATA, FIXTURE_DAY, FIXTURE_EPOCH, build_site, fixture_project
from test_fuzz import structure_mutation, text_mutation
from test_untrusted_history import HOSTILE_VERSIONS
from macros.build.generate import load
from macros.data.loader import TIMEZONE
from macros.history import diff as changes
from macros.history import git as history
from macros.output import changes as wijzigingen
from macros.output import feeds

EXAMPLES = int(os.environ.get("FUZZ_HISTORY_EXAMPLES", "25"))
BUILDS = max(1, int(os.environ.get("FUZZ_HISTORY_BUILDS", "2")))
SITE_URL = "https://example.org/zorgsaam-wonen/"
FILES = ("afspraken", "bronnen", "ondertekenaars", "proeftuinen")
VALID = {name: (FIXTURE_DATA / f"{name}.yml").read_bytes() for name in FILES}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
AKKOORD = None  # the fixture akkoord, loaded once


def _akkoord():
    global AKKOORD
    if AKKOORD is None:
        AKKOORD = load(fixture_project(Path(tempfile.mkdtemp()) / "project"), {"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
    return AKKOORD


# ---------- strategies ----------

def _valid_edit(draw, name: str) -> bytes:
    text = VALID[name].decode("utf-8")
    kind = draw(st.sampled_from(["same", "title", "drop-last", "swap"]))
    items = text.split("\n- ")
    if kind == "title":
        text = re.sub(r"(titel|naam): [^\n]+", lambda m: f"{m.group(1)}: {draw(st.sampled_from(['Nieuw', 'Ander']))} "
                      f"{m.group(0).split(': ', 1)[1]}", text, count=1)
    elif kind == "drop-last" and len(items) > 2:
        text = "\n- ".join(items[:-1]) + "\n"
    elif kind == "swap" and len(items) > 2:
        text = "\n- ".join([items[0], items[2].rstrip("\n"), items[1]]) + "\n"
    return text.encode("utf-8")


@st.composite
def version(draw) -> tuple[str, bytes | None]:
    """(file, its new bytes or None for a deleted file)."""
    kind = draw(st.sampled_from(["valid", "valid", "text", "structure", "hostile", "bytes", "delete"]))
    if kind in ("text", "structure"):
        name, text = draw(text_mutation() if kind == "text" else structure_mutation())
        if name in FILES:
            return name, text.encode("utf-8", "surrogatepass")
    name = draw(st.sampled_from(FILES))
    if kind == "hostile":
        return name, VALID[name] + draw(st.sampled_from(sorted(HOSTILE_VERSIONS.values()))).encode("utf-8")
    if kind == "bytes":
        return name, draw(st.binary(max_size=200))
    if kind == "delete":
        return name, None
    return name, _valid_edit(draw, name)


messages = st.one_of(st.binary(max_size=300), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.sampled_from([b"Uitleg: \x1b[31mrood\x07", b"\x01\x02Uitleg: x\x00y", b"Uitleg: caf\xe9",
                                      b"Uitleg: \xe2\x80\xaeomgekeerd", b"", b"Uitleg:"]).map(bytes))
timestamps = st.one_of(st.integers(0, 2**33), st.sampled_from([0, 1, 1735732800, 4102444800, 253402300799]))
# Zones git itself writes; a zone git cannot store (+9959) is tested on a commit object made by hand
# (tests/test_untrusted_history.py, test_an_author_date_git_cannot_give_is_not_known).
zones = st.sampled_from(["+0000", "+0100", "-1200", "+1400", "+0545", "-0930", "-0000"])


@st.composite
def histories(draw, fixed_at_end: bool = False) -> list[tuple[dict, bytes, int, str]]:
    """Commits, oldest first: ({file: bytes or None}, message, author time, zone). The first adds the
    valid files; with fixed_at_end the last restores them (a bad commit followed by its fix)."""
    commits = [({name: VALID[name] for name in FILES}, draw(messages), draw(timestamps), draw(zones))]
    for _ in range(draw(st.integers(1, 6))):
        changed = dict(draw(st.lists(version(), min_size=1, max_size=3)))
        commits.append((changed, draw(messages), draw(timestamps), draw(zones)))
    if fixed_at_end:
        commits.append(({name: VALID[name] for name in FILES}, b"Fix\n\nUitleg: hersteld", 1764000000, "+0100"))
    return commits


# ---------- the repository ----------

def _data(content: bytes) -> bytes:
    return b"data %d\n" % len(content) + content + b"\n"


def write_repository(root: Path, commits) -> bool:
    """The commits as a git repository at root (branch main); False if git refuses the stream
    (an author date git itself cannot store: then there is nothing to read)."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, capture_output=True)
    stream = bytearray()
    for number, (files, message, when, zone) in enumerate(commits, start=1):
        stream += b"commit refs/heads/main\nmark :%d\n" % number
        stream += b"author Fuzz <fuzz@example.org> %d %s\n" % (when, zone.encode())
        stream += b"committer Fuzz <fuzz@example.org> %d %s\n" % (when, zone.encode())
        stream += _data(message)
        if number > 1:
            stream += b"from :%d\n" % (number - 1)
        for name, content in files.items():
            path = f"data/{name}.yml".encode()
            stream += b"D %s\n" % path if content is None else b"M 100644 inline %s\n" % path + _data(content)
    result = subprocess.run(["git", "fast-import", "--quiet", "--done"], cwd=root, input=bytes(stream) + b"done\n",
                            capture_output=True, env={**os.environ, "GIT_DIR": str(root / ".git")})
    return result.returncode == 0


# ---------- the property ----------

def check_history(root: Path) -> changes.Geschiedenis:
    found = history.read_history(root)
    assert found.unavailable is None, found.unavailable
    for commit in found.commits:
        assert not CONTROL.search(commit.message), repr(commit.message)
    geschiedenis = changes.changes(found, {"in uitvoering": "In uitvoering", "onbekend": "Onbekend"}, FIXTURE_DAY)
    for commit in geschiedenis.commits:
        if commit.when is not None:
            assert commit.when.astimezone(TIMEZONE).date() <= FIXTURE_DAY, commit.when
    akkoord = _akkoord()
    shown = [str(wijzigingen.page(akkoord, geschiedenis, wijzigingen.URL, None, feeds.WIJZIGINGEN_FEED))]
    shown += [str(wijzigingen.afspraak_sectie(akkoord, geschiedenis, a, f"afspraken/{a.nummer}/", None))
              for a in akkoord.afspraken.values()]
    feed = feeds.wijzigingen_feed(akkoord, geschiedenis, SITE_URL)
    SafeET.fromstring(feed)
    for text in [*shown, feed.decode("utf-8")]:
        assert not CONTROL.search(text.replace("\n", "").replace("\t", "")), repr(CONTROL.search(text))
        for year in re.findall(r"\b(2[0-9]{3})-[0-9]{2}-[0-9]{2}T", text):
            assert int(year) <= FIXTURE_DAY.year, year
    return geschiedenis


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(histories())
def test_any_history_is_read_compared_and_shown_safely(commits):
    with tempfile.TemporaryDirectory() as tmp:
        if write_repository(Path(tmp), commits):
            event("repository written")
            check_history(Path(tmp))
        else:
            event("git refused the stream")


@settings(FUZZ, max_examples=BUILDS)
@given(histories(fixed_at_end=True))
def test_a_history_that_ends_with_valid_data_builds_and_publishes(commits):
    with tempfile.TemporaryDirectory() as tmp:
        project = fixture_project(Path(tmp) / "project")
        if not write_repository(project, commits):
            return
        subprocess.run(["git", "reset", "-q"], cwd=project, check=True, capture_output=True)
        result = build_site(project, Path(tmp) / "site", FIXTURE_EPOCH)
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "Traceback" not in output, output[-3000:]
        assert (Path(tmp) / "site" / "wijzigingen" / "index.html").is_file()
        SafeET.fromstring((Path(tmp) / "site" / "wijzigingen.xml").read_bytes())


def test_the_repository_writer_keeps_odd_messages_and_dates(tmp_path):
    """The fuzzer's repositories hold what it draws: a NUL in a message, a date in 2100."""
    commits = [({name: VALID[name] for name in FILES}, b"Uitleg: een\x00twee", 4102444800, "+0100")]
    assert write_repository(tmp_path, commits)
    raw = subprocess.run(["git", "cat-file", "commit", "HEAD"], cwd=tmp_path, capture_output=True).stdout
    assert b"een\x00twee" in raw and b"4102444800 +0100" in raw
    found = history.read_history(tmp_path)
    assert found.commits[0].message == "Uitleg: eentwee"
    assert found.commits[0].when == dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)
