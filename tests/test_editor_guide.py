"""REDACTIE.md, the editors' guide, tells the truth; and every page says when it last changed.

Each example message in REDACTIE.md is a fenced ```text block. Its first lines are comments
that name the broken input:

    # invoer: data/afspraken.yml, afspraak 1, voortgang:
    #     - datum: 2024-06-30
    #       status: klaar
    # invoer: data/bronnen.yml, nieuw item bovenaan:
    #   - id: ...
    # invoer: data/groepen.yml is weggehaald
    # invoer: de gegevens zoals ze zijn

The other lines are exactly what `zorgsaam-check` prints for that input. The test makes a copy
of the tests' fictional akkoord (tests/fixtures/data, never data/: the examples must not break
when editors change the real data or use the example ids), keeps only the first comment line of
each file, puts the input in, runs the check and compares line by line. "de gegevens zoals ze
zijn" checks the real data/ as of today.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FIXTURE_EPOCH, MONTHS, NOW_EPOCH, ROOT, build_site, copy_project, fixture_data

GUIDE = ROOT / "REDACTIE.md"


@dataclass
class Input:
    file: str  # e.g. afspraken
    action: str  # "voortgang", "bovenaan", "onderaan", "weg", "zoals"
    nummer: int | None = None
    lines: list[str] = field(default_factory=list)


@dataclass
class Example:
    line: int  # where the block starts in REDACTIE.md
    inputs: list[Input]
    expected: list[str]


INPUT = re.compile(r"^# invoer: (?:data/(?P<file>[a-z]+)\.yml(?:, (?:afspraak (?P<nummer>\d+), (?P<voortgang>voortgang):"
                   r"|(?P<bovenaan>nieuw item bovenaan):|(?P<onderaan>nieuw item onderaan):)| (?P<weg>is weggehaald))"
                   r"|(?P<zoals>de gegevens zoals ze zijn))$")


def examples() -> list[Example]:
    text = GUIDE.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"^```text\n(.*?)^```$", text, re.S | re.M):
        block_line = text[:match.start()].count("\n") + 1
        inputs: list[Input] = []
        expected: list[str] = []
        for line in match.group(1).rstrip("\n").split("\n"):
            head = INPUT.match(line)
            if head:
                action = next(k for k in ("voortgang", "bovenaan", "onderaan", "weg", "zoals") if head.group(k))
                inputs.append(Input(head.group("file") or "", action,
                                    int(head.group("nummer")) if head.group("nummer") else None))
            elif line.startswith("#"):
                assert inputs and not expected, f"REDACTIE.md:{block_line}: a comment line after the output: {line}"
                assert line.startswith("# ") or line == "#", f"REDACTIE.md:{block_line}: {line}"
                inputs[-1].lines.append(line[2:])
            else:
                expected.append(line)
        found.append(Example(block_line, inputs, expected))
    return found


def _keep_first_comment_only(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    rest = lines[1:]
    while rest and rest[0].startswith("#"):
        rest.pop(0)
    path.write_text("\n".join([lines[0], *rest]), encoding="utf-8")


def apply(data: Path, item: Input) -> None:
    path = data / f"{item.file}.yml"
    if item.action == "weg":
        path.unlink()
        return
    text = path.read_text(encoding="utf-8")
    block = "".join(line + "\n" for line in item.lines)
    if item.action == "bovenaan":
        start = re.search(r"(?m)^- ", text).start()
        text = text[:start] + block + text[start:]
    elif item.action == "onderaan":
        text = text + ("" if text.endswith("\n") else "\n") + block
    elif item.action == "voortgang":
        start = text.index(f"- nummer: {item.nummer}\n")
        following = re.search(r"(?m)^- nummer: ", text[start + 1:])
        end = start + 1 + following.start() if following else len(text)
        record = text[start:end]
        record = record[:record.index("  voortgang:")] + "  voortgang:\n" + block
        text = text[:start] + record + text[end:]
    path.write_text(text, encoding="utf-8")


def run_check(data: Path, epoch: str = FIXTURE_EPOCH) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "macros.data.check", "--data-dir", str(data)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def output_for(example: Example, tmp_path: Path) -> list[str]:
    if any(item.action == "zoals" for item in example.inputs):
        result = run_check(ROOT / "data", NOW_EPOCH)
    else:
        data = fixture_data(tmp_path / "data")
        for path in data.glob("*.yml"):
            _keep_first_comment_only(path)
        for item in example.inputs:
            apply(data, item)
        result = run_check(data)
    return (result.stdout + result.stderr).rstrip("\n").split("\n")


EXAMPLES = examples()


def test_the_guide_has_examples_of_the_check():
    assert len(EXAMPLES) >= 8
    for example in EXAMPLES:
        assert example.inputs, f"REDACTIE.md:{example.line}: a ```text block without '# invoer:' line"
        assert example.expected, f"REDACTIE.md:{example.line}: a ```text block without output"


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"regel-{e.line}" for e in EXAMPLES])
def test_each_example_message_is_what_the_check_prints(example, tmp_path):
    actual = output_for(example, tmp_path)
    if any(item.action == "zoals" for item in example.inputs):
        # The counts change when editors add data; the wording must not.
        assert len(actual) == len(example.expected) == 1, actual
        assert re.sub(r"\d+", "N", actual[0]) == re.sub(r"\d+", "N", example.expected[0]), actual
        return
    assert actual == example.expected, (
        f"REDACTIE.md:{example.line}: the check prints something else. Paste this:\n" + "\n".join(actual))


def test_every_data_file_starts_with_its_schema_line():
    # Editors' tools (VS Code with the YAML extension) check as they type; the examples above
    # also rely on it being the only fixed first line.
    for path in sorted((ROOT / "data").glob("*.yml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema=schema/{path.stem}.schema.json", path.name
        assert (ROOT / "data" / "schema" / f"{path.stem}.schema.json").is_file()


def test_the_guide_says_no_field_accepts_markdown():
    text = GUIDE.read_text(encoding="utf-8")
    assert "## Geen opmaak in de gegevens" in text
    assert "Geen enkel veld" in text and "Markdown" in text
    assert "https://" in text


def test_the_pull_request_template_is_a_dutch_checklist():
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] .+$", template, re.M)
    assert len(boxes) >= 5
    for phrase in ("bron", "datum", "controle", "B1", "verzonnen"):
        assert phrase in template, phrase


def test_codeowners_names_a_review_team_for_data_and_docs():
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = {line.split()[0]: line.split()[1:] for line in owners.splitlines() if line.strip() and
             not line.startswith("#")}
    assert rules.get("/data/") and rules.get("/docs/"), rules
    assert "vervang" in owners.lower()


# --- "Pagina voor het laatst aangepast" ---------------------------------------------------------

DATE = r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})"
LAST_CHANGED = re.compile(r"Pagina voor het laatst aangepast: "
                          r"<span class=\"git-revision-date-localized-plugin[^\"]*\"[^>]*>"
                          + DATE + "</span>")


def _git_date(*paths: str) -> str | None:
    from babel.dates import format_date
    import datetime as dt
    from zoneinfo import ZoneInfo

    result = subprocess.run(["git", "log", "-1", "--format=%at", "--", *paths], cwd=ROOT, capture_output=True,
                            text=True)
    stamp = result.stdout.strip()
    if result.returncode != 0 or not stamp:
        return None
    day = dt.datetime.fromtimestamp(int(stamp), tz=ZoneInfo("Europe/Amsterdam")).date()
    return format_date(day, format="long", locale="nl")


def _shown_date(page: Path) -> str:
    match = LAST_CHANGED.search(page.read_text(encoding="utf-8"))
    assert match, f"no 'Pagina voor het laatst aangepast' on {page}"
    return " ".join(match.groups())


def test_a_page_shows_when_its_file_last_changed_in_git(site_dir):
    expected = _git_date("docs/index.md")
    shown = _shown_date(site_dir / "index.html")
    if expected is None:
        pytest.skip("not a git checkout: the date is the build date")
    assert shown == expected


def test_a_generated_page_shows_when_its_data_last_changed_in_git(site_dir):
    expected = _git_date("data/afspraken.yml", "data/statussen.yml", "data/bronnen.yml")
    shown = _shown_date(site_dir / "afspraken" / "7" / "index.html")
    if expected is None:
        pytest.skip("not a git checkout: the date is the build date")
    assert shown == expected


def test_a_copy_outside_git_still_builds_with_a_date(tmp_path):
    project = copy_project(tmp_path / "project")
    outside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=project, capture_output=True,
                             text=True)
    assert outside.returncode != 0, "the copy should not be inside a git checkout"
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("index.html", "afspraken/7/index.html"):
        _, month, year = _shown_date(tmp_path / "site" / page).split()
        assert month in MONTHS and 2025 <= int(year)
