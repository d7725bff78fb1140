"""The git history is input from outside: old versions pass the data gate, commit messages and
dates are text from outside, and nothing in the past stops the site from publishing.

One temporary repository with the fixture akkoord: a good version, an editor's typo that the
check refuses (an impossible date), its fix, a commit whose message holds what no message
should (control characters, the old log parser's separators, bytes that are no UTF-8, a NUL)
and a last commit whose author date lies years after the build day (a clock set wrong).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURE_DAY, fixture_project
from test_history import ATOM, build, commit, edit, git, section, text_of
from macros.data.yamlsource import MAX_BYTES, MAX_DEPTH
from macros.history import diff as changes
from macros.history import git as history
from macros.history import versions

GOOD_DAY = "    - datum: 2024-05-01"
TYPO_DAY = "    - datum: 2024-02-30"
FUTURE = "2031-03-01T12:00:00+01:00"


def raw_commit(repo: Path, message: bytes, when: str = "1735732800 +0100") -> str:
    """A commit of the work tree with a message of raw bytes (NUL included): written as a git object
    directly, as a tool or an import could have made it; HEAD moves to it."""
    git(repo, "add", "-A")
    tree = git(repo, "write-tree")
    parent = git(repo, "rev-parse", "HEAD")
    body = (f"tree {tree}\nparent {parent}\nauthor Redactie <redactie@example.org> {when}\n"
            f"committer Redactie <redactie@example.org> {when}\n\n").encode() + message
    sha = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"], cwd=repo,
                         input=body, capture_output=True, check=True).stdout.decode().strip()
    git(repo, "update-ref", "HEAD", sha)
    return sha


ODD_MESSAGE = (b"Fix\x01\x02 separators\n\nUitleg: Titel van afspraak 4 \x1b[31mkorter\x07 gemaakt \xe9\xff"
               b"\x00 na de NUL\xe2\x80\xae omgekeerd")


@pytest.fixture(scope="module")
def typo_repo(tmp_path_factory) -> Path:
    project = fixture_project(tmp_path_factory.mktemp("untrusted") / "project")
    afspraken = project / "data" / "afspraken.yml"
    git(project, "init", "-q", "-b", "main")
    commit(project, "2025-01-10", "Alle afspraken op de site")
    edit(afspraken, GOOD_DAY, TYPO_DAY)
    edit(afspraken, "titel: Elk jaar een proefoverleg", "titel: Elk jaar een proefoverleg met typfout")
    commit(project, "2025-02-01", "Een datum met een typfout")
    edit(afspraken, TYPO_DAY, GOOD_DAY)
    commit(project, "2025-02-02", "De typfout hersteld")
    text = afspraken.read_text(encoding="utf-8")
    afspraken.write_text(text.replace("titel: Een termijn zonder datum", "titel: Een termijn, nog zonder datum"),
                         encoding="utf-8")
    raw_commit(project, ODD_MESSAGE)
    edit(afspraken, "titel: Elk jaar een proefoverleg met typfout", "titel: Elk jaar een proefoverleg (2)")
    page = project / "docs" / "over" / "privacy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Future\n\nUitleg: Met een klok die verkeerd staat",
        "--date", FUTURE)
    return project


@pytest.fixture(scope="module")
def typo_site(typo_repo, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("untrusted-site")
    result = build(typo_repo, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return site


# ---------- 1. old versions through the gate ----------

def test_a_typo_fixed_in_the_next_commit_builds_and_publishes(typo_repo, typo_site):
    """The check refused the typo once; its fix must publish, and the typo is compared as nothing."""
    assert (typo_site / "wijzigingen" / "index.html").is_file()
    found = changes.changes(history.read_history(typo_repo), {})
    bad = [c for c in found.commits if c.bericht == "Een datum met een typfout"]
    assert not bad, "a version the gate refuses cannot be compared, so it shows no change"
    fix = next(c for c in found.commits if c.bericht == "De typfout hersteld")
    # The fix is compared with the last good version: the title changed in the refused version.
    assert [(w.sleutel, w.regels) for w in fix.wijzigingen] == [(2, ("titel verduidelijkt",))]


HOSTILE_VERSIONS = {
    "impossible date": "- nummer: 1\n  voortgang:\n    - datum: 2024-02-30\n",
    "alias bomb": "- nummer: 1\n  a: &a [x, x, x, x]\n  b: &b [*a, *a, *a, *a]\n  c: [*b, *b, *b, *b]\n",
    "deep nesting": "- nummer: 1\n  titel: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
    "very deep nesting": "- nummer: 1\n  titel: " + "[" * 5000 + "]" * 5000 + "\n",
    "control character": "- nummer: 1\n  titel: bel\x07\n",
    "escaped control character": '- nummer: 1\n  titel: "bel\\x07"\n',
    "python tag": "- nummer: 1\n  titel: !!python/object:os.system echo\n",
    "duplicate key": "- nummer: 1\n  titel: a\n  titel: b\n",
    "line separator": "- nummer: 1\n  titel: a\u2028b\n",
    "control character in the head": "# kop\x1b\n- nummer: 1\n  titel: a\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_VERSIONS))
def test_an_old_version_the_gate_refuses_cannot_be_compared(name):
    assert history.parse_version(HOSTILE_VERSIONS[name].encode("utf-8")).items is None


@pytest.mark.parametrize("raw", [b"- nummer: 1\n  titel: caf\xe9\n", b"- nummer: 1\n" + b"  x: y\n" * 10,
                                 b"\xff\xfe- nummer: 1\n"])
def test_bytes_that_are_no_utf8_or_too_large_cannot_be_compared(raw, monkeypatch):
    monkeypatch.setattr(versions, "MAX_BYTES", 40)
    assert history.parse_version(raw).items is None


def test_a_version_over_the_size_limit_is_not_read_whole(tmp_path):
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "afspraken.yml"
    git(tmp_path, "init", "-q", "-b", "main")
    path.write_bytes(b"- nummer: 1\n  titel: " + b"x" * (MAX_BYTES + 10) + b"\n")
    commit(tmp_path, "2025-01-01", "Te groot")
    path.write_text("- nummer: 1\n  titel: klein\n", encoding="utf-8")
    commit(tmp_path, "2025-01-02", "Klein")
    found = history.read_history(tmp_path)
    assert found.commits[0].changes[0].after.items is None
    assert found.commits[1].changes[0].after.items == ({"nummer": 1, "titel": "klein"},)


def test_the_whole_file_counts_against_the_values_limit(monkeypatch):
    """Items pass one by one; together they are over the gate's limit, as the whole file would be."""
    monkeypatch.setattr(versions, "MAX_NODES", 30)
    versions._items.clear()
    text = "".join(f"- nummer: {n}\n  titel: t\n" for n in range(1, 12)).encode()
    assert history.parse_version(text).items is None
    fewer = "".join(f"- nummer: {n}\n  titel: t\n" for n in range(1, 4)).encode()
    first = history.parse_version(fewer)
    assert first.items is not None
    grown = history.parse_next(fewer, first, text)
    assert grown.items is None


@pytest.mark.parametrize("error", [MemoryError, RecursionError, ValueError, OverflowError, KeyError])
def test_no_exception_type_escapes_the_history_reader(error, monkeypatch, tmp_path):
    def explode(text):
        raise error("from a hostile version")

    (tmp_path / "data").mkdir()
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "data" / "afspraken.yml").write_text("- nummer: 1\n  titel: Een titel die alleen hier staat\n",
                                                    encoding="utf-8")
    commit(tmp_path, "2025-01-01", "Eerste")
    monkeypatch.setattr(versions, "parse_text", explode)
    versions._items.clear()
    history._versions.clear()
    history._last.clear()
    found = history.read_history(tmp_path)
    assert found.unavailable is None
    assert found.commits[0].changes[0].after.items is None
    history._versions.clear()
    history._last.clear()


def test_dates_of_old_versions_are_shown_in_dutch():
    before = history.parse_version(b"- nummer: 1\n  voortgang: []\n")
    after = history.parse_version(b"- nummer: 1\n  voortgang:\n    - {datum: 2025-01-02, status: klaar}\n")
    lines = changes.item_lines("afspraak", before.items[0], after.items[0], {})
    assert "nieuwe voortgangsregel van 2 januari 2025" in lines


# ---------- 2. commit metadata ----------

def test_a_message_no_log_format_can_split_is_read_whole_and_cleaned(typo_repo, typo_site):
    found = history.read_history(typo_repo)
    assert found.unavailable is None
    odd = [c for c in found.commits if "Fix" in c.message]
    assert len(odd) == 1
    message = odd[0].message
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", message), repr(message)
    assert "na de NUL" in message and "\ufffd" in message  # the bytes that are no UTF-8, replaced
    shown = changes.uitleg(message)
    assert shown.startswith("Titel van afspraak 4") and "korter" in shown
    page = (typo_site / "wijzigingen" / "index.html").read_text(encoding="utf-8")
    assert "korter" in page and "\x1b" not in page and "\x07" not in page


def test_every_commit_that_changed_the_data_is_read(typo_repo):
    found = history.read_history(typo_repo)
    assert len(found.commits) == 5
    assert [len(c.changes) for c in found.commits] == [len(history.FILES), 1, 1, 1, 1]


@pytest.mark.parametrize("raw, when", [
    (b"tree x\nauthor A <a@b> 99999999999999999999 +0100\n\nm", None),
    (b"tree x\nauthor A <a@b> 1735732800 +9999\n\nm", None),
    (b"tree x\nauthor A <a@b>\n\nm", None),
    (b"tree x\nauthor A <a@b> 1735732800 +0100\n\nm", dt.datetime(2025, 1, 1, 12, tzinfo=dt.timezone.utc)),
])
def test_an_author_date_git_cannot_give_is_not_known(raw, when):
    assert history.commit_metadata(raw)[0] == when


def test_a_message_in_another_encoding_is_decoded():
    raw = b"tree x\nauthor A <a@b> 1735732800 +0100\nencoding ISO-8859-1\n\nUitleg: caf\xe9"
    assert history.commit_metadata(raw)[1] == "Uitleg: café"
    assert history.commit_metadata(b"tree x\nencoding nonsense-codec\n\ncaf\xe9")[1] == "caf\ufffd"


def test_a_date_after_the_build_day_is_not_published_as_past(typo_site):
    """A clock set wrong: the change is listed, its date is 'datum onbekend' on the page, in the
    feed and as the date the generated pages were last changed."""
    page = text_of((typo_site / "wijzigingen" / "index.html").read_text(encoding="utf-8"))
    assert "2031" not in page
    newest = page.split("Met een klok die verkeerd staat")[0]
    assert "datum onbekend" in newest[-400:]
    root = ET.parse(typo_site / "wijzigingen.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    first = entries[0]
    assert "datum onbekend" in first.findtext(f"{ATOM}title")
    assert first.findtext(f"{ATOM}updated").startswith(FIXTURE_DAY.isoformat())
    assert all("2031" not in (e.findtext(f"{ATOM}updated") or "") for e in entries)
    assert "2031" not in root.findtext(f"{ATOM}updated")
    afspraak = (typo_site / "afspraken" / "2" / "index.html").read_text(encoding="utf-8")
    assert "Pagina voor het laatst aangepast: datum onbekend" in " ".join(re.sub("<[^>]+>", " ", afspraak).split())
    assert "2031" not in afspraak
    # A hand-written page changed in that commit: the git-revision-date plugin's date is not shown either.
    written = (typo_site / "over" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "Pagina voor het laatst aangepast: datum onbekend" in " ".join(re.sub("<[^>]+>", " ", written).split())
    assert "2031" not in written
    assert "datum onbekend" in text_of(section(typo_site, 2))
