"""Shared fixtures: a real strict build of the site, a local server and Debian's Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from macros.project import copy_build_inputs

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
# A fixed build date, so statuses like "over tijd" are the same on every run.
FIXED_EPOCH = "1764892800"  # 5 December 2025, 00:00 UTC
MELD_ADRES = "redactie@zorgsaam-wonen.example"  # the real address is set in CI as MELD_ADRES
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_site(project: Path, site_dir: Path, epoch: str = FIXED_EPOCH,
               meld_adres: str = MELD_ADRES) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build --strict` of `project` into `site_dir`."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1", MELD_ADRES=meld_adres)
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


def copy_project(target: Path) -> Path:
    """A throw-away copy of the project, so a test can change its data."""
    return copy_build_inputs(ROOT, target)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, target)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return target


@pytest.fixture(scope="session")
def build_log(site_dir) -> str:
    return (site_dir / ".build-log").read_text() if (site_dir / ".build-log").exists() else ""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve a built site on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
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
