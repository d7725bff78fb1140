"""Another region can reuse the code with its own data: nothing about this region is in the code.

The fixture akkoord (tests/fixtures/data) is a fictional second region. Built with the same
code, docs and mkdocs.yml, no page, feed or open-data file made from data may mention a name of
the real region (its gemeenten, proeftuinen, ondertekenaars, verantwoordelijken): such a name
could only come from macros/ or overrides/. The names are read from data/, so a new real
gemeente or signatory is covered without editing this test. (The fixture shares the fixed lists
of gemeenten, groepen and thema's with the real data; those names are not checked.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_DATA, FIXTURE_DAY, ROOT, fixture_data
from macros.data.loader import load_akkoord
from macros.build.site_pages import generated_pages

REGION_WORDS = ["Drenthe", "BOCE"]  # the region itself, as the akkoord names it


def _names(data: Path) -> set[str]:
    names = set()
    for file, key in (("gemeenten", "naam"), ("proeftuinen", "naam"), ("ondertekenaars", "naam"),
                      ("verantwoordelijken", "naam"), ("groepen", "titel"), ("themas", "naam")):
        for record in yaml.safe_load((data / f"{file}.yml").read_text(encoding="utf-8")) or []:
            if isinstance(record, dict) and isinstance(record.get(key), str):
                names.add(record[key])
    return names


# The fixture shares the reference lists (gemeenten, groepen, thema's) with the real data, so a
# name that holds one of its own names ('Gemeente Emmen') may rightly appear in its pages.
FIXTURE_NAMES = _names(FIXTURE_DATA)
REAL_NAMES = sorted(n for n in _names(ROOT / "data") - FIXTURE_NAMES
                    if not any(re.search(rf"\b{re.escape(f)}\b", n) for f in FIXTURE_NAMES)) + REGION_WORDS


def _pattern(names) -> re.Pattern:
    return re.compile("|".join(rf"\b{re.escape(n)}\b" for n in sorted(names, key=len, reverse=True)))


def _article(html: str) -> str:
    match = re.search(r"<article\b.*?</article>", html, re.S)
    assert match, "no <article> on a generated page"
    return match.group(0)


def _built(src_uri: str) -> str:
    """Where MkDocs (use_directory_urls) writes a page: afspraken/7.md -> afspraken/7/index.html."""
    stem = src_uri.removesuffix(".md")
    return f"{stem.removesuffix('index')}index.html" if stem.endswith("index") else f"{stem}/index.html"


def test_the_real_names_are_known():
    assert len(REAL_NAMES) >= 3 + len(REGION_WORDS), REAL_NAMES


def test_pages_feeds_and_open_data_of_the_second_region_hold_none_of_this_regions_names(fixture_site, tmp_path):
    pattern = _pattern(REAL_NAMES)
    akkoord = load_akkoord(fixture_data(tmp_path / "data"), FIXTURE_DAY)
    pages = generated_pages(akkoord)
    assert len(pages) > 10
    found = []
    for page in pages:
        html = (fixture_site / _built(page.src_uri)).read_text(encoding="utf-8")
        found += [f"{page.src_uri}: {m.group(0)}" for m in pattern.finditer(_article(html))]
    downloads = [*fixture_site.glob("voortgang*.xml"), *(fixture_site / "open-data").glob("*.csv"),
                 *(fixture_site / "open-data").glob("*.json")]
    assert downloads
    for path in downloads:
        found += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert not found, "names of the real region in pages made from the fixture data:\n" + "\n".join(found)


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String literals of a module that can reach output: docstrings and comments are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


@pytest.mark.parametrize("folder", ["macros", "overrides"])
def test_the_code_names_no_place_or_organisation_of_this_region(folder):
    pattern = _pattern(REAL_NAMES)
    found = []
    for path in sorted((ROOT / folder).rglob("*")):
        if path.suffix == ".py":
            found += [f"{path.relative_to(ROOT)}:{line}: {m.group(0)}"
                      for line, text in _code_strings(path) for m in pattern.finditer(text)]
        elif path.is_file() and path.suffix in (".html", ".js", ".css", ".txt"):
            for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                found += [f"{path.relative_to(ROOT)}:{line}: {m.group(0)}" for m in pattern.finditer(text)]
    assert not found, "move these to data/, docs/ or mkdocs.yml:\n" + "\n".join(found)
