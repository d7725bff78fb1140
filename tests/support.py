"""Plain helpers that the tests and benchmarks/ share: a project copy, the build environment,
a local static server and Debian's Chromium. No pytest here, so the benchmark can import it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading
from pathlib import Path

from macros.build.project import copy_build_inputs

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_env(epoch: str, **extra: str) -> dict:
    """The environment of a build dated `epoch` (SOURCE_DATE_EPOCH), plus `extra` variables."""
    return dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1", **extra)


def copy_project(target: Path) -> Path:
    """A throw-away copy of the parts of the project a build reads, so its data can change."""
    return copy_build_inputs(ROOT, target)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test and benchmark output readable
        pass


@contextlib.contextmanager
def serve(directory: Path, handler_class: type = QuietHandler):
    """Serve a built site on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch_chromium(playwright, *extra_args: str):
    """Debian's Chromium, headless, started by Playwright with the project's flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args])


def verantwoordelijk_ids(afspraak: dict, grond: str | None = None) -> list[str]:
    """The ids under 'verantwoordelijk' of an afspraak as the YAML writes it; grond 'akkoord' or
    'lezing' keeps only the parties with that ground."""
    return [t["wie"] for t in afspraak["verantwoordelijk"] if grond is None or grond in t]
