"""`make serve` keeps answering after a mistake in the data, shows the mistake, and recovers.

A real `mkdocs serve --livereload` runs on a copy of the project (the tests' fictional akkoord)
on a free port. The test breaks data/afspraken.yml the way an editor might, and expects every
page to answer at once (MkDocs 1.6 alone would hold each request until the data is fixed) with
the Dutch message, which the terminal shows too. After the repair the site comes back by itself.
Every wait polls with a generous deadline; no fixed sleep decides anything.
"""

from __future__ import annotations

import html
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import FIXTURE_EPOCH, MKDOCS, fixture_project
from test_validation import NEXT, afspraak, append

MOUNT = "/zorgsaam-wonen/"
ANSWER_WITHIN = 10  # seconds: a page that takes longer counts as hanging
START_DEADLINE = 240  # the first build of the whole site
REBUILD_DEADLINE = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a page. A page that does not come within ANSWER_WITHIN fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=ANSWER_WITHIN) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (TimeoutError, urllib.error.URLError) as error:
        if isinstance(error, TimeoutError) or isinstance(getattr(error, "reason", None), TimeoutError):
            raise AssertionError(f"{url} gave no answer within {ANSWER_WITHIN} s: the server hangs") from error
        raise


def wait_until(check, deadline: float, what: str, process: subprocess.Popen, log: Path, *, nudge=None):
    """Poll check() until it returns something true; fail if the server stops or time runs out.

    nudge() runs every few seconds while waiting: saving the file again, in case the watcher
    started just after the first save and so missed it.
    """
    end = time.monotonic() + deadline
    next_nudge = time.monotonic() + 5
    last = None
    while time.monotonic() < end:
        assert process.poll() is None, f"mkdocs serve stopped ({process.returncode}):\n{log.read_text()}"
        last = check()
        if last:
            return last
        if nudge and time.monotonic() > next_nudge:
            nudge()
            next_nudge = time.monotonic() + 5
        time.sleep(0.2)
    raise AssertionError(f"no {what} within {deadline} s (last: {last!r}):\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """Ctrl+C for the whole process group, as in a terminal; kill it if it does not stop."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def test_serve_keeps_answering_after_a_mistake_and_recovers(tmp_path):
    project = fixture_project(tmp_path / "project")
    afspraken = project / "data" / "afspraken.yml"
    good = afspraken.read_text(encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}{MOUNT}"
    log = tmp_path / "serve.log"
    env = dict(os.environ, SOURCE_DATE_EPOCH=FIXTURE_EPOCH, NO_MKDOCS_2_WARNING="1",
               SITE_URL=f"https://example.org{MOUNT}")
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen([*MKDOCS, "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
                                   cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        def started():
            try:
                status, text = fetch(base)
            except urllib.error.URLError:
                return None  # not listening yet: the first build is running
            return status == 200 and text

        assert "Zorgsaam wonen" in wait_until(started, START_DEADLINE, "first answer", process, log)

        # The mistake: a status as the site shows it, with a capital.
        broken = afspraak(NEXT, ("status: in uitvoering", "status: In uitvoering"))
        start = append(project / "data", "afspraken", broken)
        expected = (f"data/afspraken.yml, regel {start + 11}, kolom 15 (afspraak {NEXT}, voortgang 1, veld 'status'): "
                    "'In uitvoering' is geen bekende status. Bedoelt u 'in uitvoering'?")

        def shows_the_error(path=""):
            status, text = fetch(base + path)  # a timeout here means: the server hangs
            return status == 200 and expected in html.unescape(text) and (status, text)

        status, text = wait_until(shows_the_error, REBUILD_DEADLINE, "error page", process, log,
                                  nudge=lambda: os.utime(afspraken))
        assert "De site is niet bijgewerkt" in text
        assert "Niet gebouwd: 1 fout in de gegevens." in text
        assert 'http-equiv="refresh"' in text, "the page must reload by itself"
        assert shows_the_error("afspraken/"), "every page answers with the error"
        status, _ = fetch(base + "stylesheets/zorgsaam.css")
        assert status == 200, "files other than pages are still served"
        wait_until(lambda: expected in log.read_text(encoding="utf-8"), REBUILD_DEADLINE, "message in the terminal",
                   process, log)
        assert "De site in de browser toont nu deze fout." in log.read_text(encoding="utf-8")

        # The repair: the site comes back, with no restart.
        afspraken.write_text(good, encoding="utf-8")

        def recovered():
            status, text = fetch(base)
            return status == 200 and "De site is niet bijgewerkt" not in text and "Zorgsaam wonen" in text

        wait_until(recovered, REBUILD_DEADLINE, "recovery", process, log, nudge=lambda: os.utime(afspraken))
        assert fetch(base + "afspraken/")[0] == 200
    finally:
        stop(process)
