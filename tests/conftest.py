"""Shared fixtures: a real strict build of the site, a local server and Debian's Chromium."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from macros.data.loader import peildatum_from_env
# Tests import these from conftest as well; they live in support.py so benchmarks/ can share them.
from support import CHROMIUM, MKDOCS, ROOT, build_env, copy_project, launch_chromium, serve  # noqa: F401

# The real data is built as of the moment the suite starts: an editor's entry dated today is
# valid, and the tests compute what "today" means from this one value (no midnight race).
NOW_EPOCH = str(int(time.time()))
TODAY = peildatum_from_env({"SOURCE_DATE_EPOCH": NOW_EPOCH})
# Behaviour on fixed days is tested on a fictional akkoord of the tests' own (tests/fixtures/data),
# never on data/, so editors' changes cannot break it and the calendar cannot overtake it.
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
FIXTURE_EPOCH = "1764892800"  # 5 December 2025, 00:00 UTC
FIXTURE_DAY = peildatum_from_env({"SOURCE_DATE_EPOCH": FIXTURE_EPOCH})
MELD_ADRES = "redactie@zorgsaam-wonen.example"  # the real address is set in CI as MELD_ADRES
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]


def dutch(day: dt.date | str) -> str:
    """A date as the site writes it ('6 december 2023'); also from YAML text ('2023-12-06')."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def build_site(project: Path, site_dir: Path, epoch: str = NOW_EPOCH,
               meld_adres: str = MELD_ADRES) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build --strict` of `project` into `site_dir`."""
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)], cwd=project,
                          env=build_env(epoch, MELD_ADRES=meld_adres), capture_output=True, text=True, timeout=300)


def fixture_data(target: Path) -> Path:
    """A data folder at `target` with the fixture akkoord and the project's JSON Schemas."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "data" / "schema", target / "schema")
    for path in sorted(FIXTURE_DATA.glob("*.yml")):
        shutil.copy2(path, target / path.name)
    return target


def fixture_project(target: Path) -> Path:
    """A copy of the project whose data/ is the fixture akkoord; build it with FIXTURE_EPOCH."""
    project = copy_project(target)
    shutil.rmtree(project / "data")
    fixture_data(project / "data")
    return project


def epoch_of(day) -> str:
    """SOURCE_DATE_EPOCH for noon UTC on `day`: the same date in every time zone of Europe."""
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc).timestamp()))


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, target)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return target


@pytest.fixture(scope="session")
def build_log(site_dir) -> str:
    return (site_dir / ".build-log").read_text() if (site_dir / ".build-log").exists() else ""


@pytest.fixture(scope="session")
def site_url(site_dir):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: installeer Debian's chromium (make test doet dat)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html"))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fictional akkoord built --strict as of FIXTURE_EPOCH: for tests that need known content."""
    project = fixture_project(tmp_path_factory.mktemp("fixture-project"))
    target = tmp_path_factory.mktemp("fixture-site")
    result = build_site(project, target, FIXTURE_EPOCH)
    assert result.returncode == 0, f"strict build of the fixture failed:\n{result.stdout}\n{result.stderr}"
    return target


# --- The same gates on every builder ---------------------------------------------------------
# MkDocs builds the site; Zensical builds the folder zorgsaam-generate writes (tools/compare_builders.py).
# Gate tests (axe, Nu, links, privacy, search) take `gate_site`/`gate_url` and run once per builder.
BUILDERS = ("mkdocs", "zensical")
ZENSICAL = ROOT / ".cache" / "zensical-venv" / "bin" / "zensical"


def _compare_builders():
    import importlib.util

    spec = importlib.util.spec_from_file_location("compare_builders", ROOT / "tools" / "compare_builders.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compare_builders = _compare_builders()


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The real site built by Zensical 0.0.73 from the generated folder, as of NOW_EPOCH."""
    if not ZENSICAL.exists():
        pytest.fail(f"{ZENSICAL} ontbreekt: `make test` en `make zensical` installeren Zensical "
                    "(requirements-zensical.txt) in .cache/zensical-venv")
    work = ROOT / ".cache" / "zensical-tests"  # Zensical wants site_dir inside the project
    code, error = compare_builders.zensical_build(str(ZENSICAL), work / "site", work / "generated",
                                                  env=build_env(NOW_EPOCH, MELD_ADRES=MELD_ADRES))
    assert code == 0, f"zensical build --strict failed: {error}"
    target = tmp_path_factory.mktemp("zensical") / "site"
    shutil.move(work / "site", target)
    return target


@pytest.fixture(scope="session", params=BUILDERS)
def builder(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def gate_site(builder, request) -> Path:
    return request.getfixturevalue("site_dir" if builder == "mkdocs" else "zensical_site")


@pytest.fixture(scope="session")
def gate_url(gate_site):
    with serve(gate_site) as url:
        yield url
