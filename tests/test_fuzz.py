"""Property-based tests: any mutation of valid data is either refused in Dutch or shown safely.

Hypothesis mutates the tests' fictional akkoord (tests/fixtures/data): characters inserted,
deleted and replaced in the YAML text, and values, types, keys, list items, ids and
references changed in its structure. For every example:

- the check (`load_akkoord`, the same function the build calls) ends in DataErrors or in an
  Akkoord, never in any other exception;
- a refusal names a data file, and a line when the file could be read, in Dutch;
- an accepted set generates what the build publishes (pages, feeds, open data) without an
  exception; the feeds parse as XML, the JSON and CSV parse back to the model's values, and
  no data text reaches the Markdown or HTML as markup.

A few examples per run also go through a real `mkdocs build --strict`, which must agree with
the check. CI runs a bounded number of examples (FUZZ_EXAMPLES, default 150, about a minute);
`make fuzz` runs a long search. Every failure found becomes a named test in
tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from defusedxml import ElementTree as SafeET
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_DATA, FIXTURE_DAY, FIXTURE_EPOCH, build_site, fixture_data, fixture_project
from macros.output import feeds, opendata
from macros.data.loader import DataErrors, load_akkoord
from macros.build.site_pages import generated_pages

SITE_URL = "https://example.org/zorgsaam-wonen/"
FILES = sorted(p.stem for p in FIXTURE_DATA.glob("*.yml"))
TEXTS = {name: (FIXTURE_DATA / f"{name}.yml").read_text(encoding="utf-8") for name in FILES}
DOCUMENTS = {name: yaml.safe_load(text) for name, text in TEXTS.items()}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
BUILDS = int(os.environ.get("FUZZ_BUILDS", "4"))
# English words a Python error message would bring along; none belongs in a Dutch message.
PYTHON_WORDS = re.compile(r"\b(NoneType|Traceback|dict|list|str|int|float|bool|bytes|tuple|datetime|object|"
                          r"Error|Exception)\b")

settings.register_profile("ci", max_examples=EXAMPLES, deadline=None, derandomize=False, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
settings.load_profile("ci")

# Characters that matter to YAML, to HTML, to CSV and to XML, and some that editors' tools produce.
NASTY = list(":-# \n\t\"'[]{}&*!|>%@`,?=+<\\/\x00\x01\x0b\x1b\x7f\x85\xa0\u2028\u2029\ufeff\ufffe\ud800é€😀")
chars = st.one_of(st.sampled_from(NASTY), st.characters(codec="utf-8"), st.characters(blacklist_categories=()))


# ---------- mutations ----------

@st.composite
def text_mutation(draw) -> tuple[str, str]:
    """One file's text with a few characters inserted, deleted or replaced."""
    name = draw(st.sampled_from(FILES))
    text = TEXTS[name]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(0, len(text) - 1)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.text(chars, min_size=1, max_size=4))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 6)):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return name, text


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


ALL_IDS = sorted({str(r.get("id")) for docs in DOCUMENTS.values() for r in docs if isinstance(r, dict) and "id" in r})
values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True), st.text(chars, max_size=30),
    st.sampled_from(ALL_IDS), st.sampled_from(["onbekend", "In uitvoering", "in-uitvoering", "2024-02-30",
                                               "2999-01-01", "1900-01-01", "javascript:alert(1)", "=1+1", "-",
                                               "index", "CON", "a" * 200, " emmen", "emmen\n", "ja", "yes"]),
    st.lists(st.sampled_from(ALL_IDS), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@st.composite
def structure_mutation(draw) -> tuple[str, str]:
    """One file's parsed data with a value, type, key or list item changed, written back as YAML."""
    name = draw(st.sampled_from(FILES))
    document = copy.deepcopy(DOCUMENTS[name])
    path = draw(st.sampled_from(list(_paths(document))[1:]))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    kind = draw(st.sampled_from(["value", "delete", "add-key", "duplicate", "rename-key"]))
    if kind == "value":
        parent[last] = draw(values)
    elif kind == "delete":
        del parent[last]
    elif kind == "add-key" and isinstance(parent, dict):
        parent[draw(st.text(chars, min_size=1, max_size=10))] = draw(values)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif kind == "rename-key" and isinstance(parent, dict):
        parent[draw(st.text(chars, min_size=1, max_size=10))] = parent.pop(last)
    else:
        parent[last] = draw(values)
    header = TEXTS[name].split("\n", 1)[0]
    body = yaml.safe_dump(document, allow_unicode=draw(st.booleans()), sort_keys=False, width=draw(st.sampled_from([80, 10**6])))
    return name, header + "\n" + body


mutations = st.one_of(text_mutation(), structure_mutation())


# ---------- the property ----------

def write_data(target: Path, name: str, text: str) -> Path:
    data = fixture_data(target)
    (data / f"{name}.yml").write_bytes(text.encode("utf-8", "surrogatepass"))
    return data


def check_refusal(errors: DataErrors, data: Path) -> None:
    assert errors.errors, "DataErrors without an error"
    report = errors.report()
    assert report.splitlines()[-1].startswith("Niet gebouwd: ")
    for error in errors.errors:
        assert re.fullmatch(r"data/[a-z]+\.yml", error.file), str(error)
        assert error.message.strip(), str(error)
        assert not PYTHON_WORDS.search(error.message), f"an English/Python word in a message: {error}"
        readable = (data / error.file.removeprefix("data/")).is_file()
        file_level = error.line is None and ("bestand" in error.message or "ontbreekt" in error.message
                                             or "geen lijst" in error.message)
        assert error.line or file_level or not readable, f"no line: {error}"


def check_outputs(akkoord) -> None:
    pages = generated_pages(akkoord, site_url=SITE_URL, meld_adres="redactie@example.org")
    for page in pages:
        markdown = page.markdown()
        assert "<script" not in markdown.lower(), page.src_uri
        assert "{{" not in markdown and "{%" not in markdown, page.src_uri
    files = {**opendata.files(akkoord, SITE_URL), **feeds.files(akkoord, SITE_URL)}
    for path, content in files.items():
        raw = content if isinstance(content, bytes) else content.encode("utf-8")
        if path.endswith(".xml"):
            SafeET.fromstring(raw)
        elif path.endswith(".json"):
            json.loads(raw)
        elif path.endswith(".csv"):
            list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    records = json.loads(next(c for p, c in files.items() if p.endswith("afspraken.json")))["afspraken"]
    assert [r["titel"] for r in records] == [a.titel for a in akkoord.afspraken.values()]
    rows = list(csv.DictReader(io.StringIO(
        next(c for p, c in files.items() if p.endswith("afspraken.csv")), newline="")))
    for row, afspraak in zip(rows, akkoord.afspraken.values(), strict=True):
        assert row["titel"] in (afspraak.titel, "'" + afspraak.titel), (row["titel"], afspraak.titel)


def judge(name: str, text: str) -> str:
    """Run the check on the mutated data; returns 'refused' or 'accepted'."""
    with tempfile.TemporaryDirectory() as tmp:
        data = write_data(Path(tmp) / "data", name, text)
        try:
            akkoord = load_akkoord(data, FIXTURE_DAY)
        except DataErrors as errors:
            check_refusal(errors, data)
            return "refused"
        check_outputs(akkoord)
        return "accepted"


@given(mutations)
def test_every_mutation_is_refused_in_dutch_or_published_safely(mutation):
    judge(*mutation)


@settings(max_examples=BUILDS)
@given(mutations)
def test_the_check_and_the_build_agree(mutation):
    name, text = mutation
    with tempfile.TemporaryDirectory() as tmp:
        project = fixture_project(Path(tmp) / "project")
        (project / "data" / f"{name}.yml").write_bytes(text.encode("utf-8", "surrogatepass"))
        verdict = judge(name, text)
        result = build_site(project, Path(tmp) / "site", FIXTURE_EPOCH)
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output[-3000:]
        if verdict == "refused":
            assert result.returncode != 0, output[-2000:]
            assert output.rstrip().splitlines()[-1].startswith("Niet gebouwd: "), output[-2000:]
            assert not (Path(tmp) / "site" / "index.html").exists()
        else:
            assert result.returncode == 0, output[-3000:]
            for feed in (Path(tmp) / "site").glob("*.xml"):
                SafeET.fromstring(feed.read_bytes())
