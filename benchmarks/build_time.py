"""Build time and peak memory of `mkdocs build --strict` (wall clock incl. Python start-up)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from common import kb, say
from support import MKDOCS, copy_project, build_env as support_build_env

BUILD_TIMEOUT = 600
TARGET_REAL_BUILD_S = 5.0


def build_env(epoch: int) -> dict:
    """One build date for every build of a run; SITE_URL unset, so no build depends on the shell."""
    env = support_build_env(str(epoch))
    env.pop("SITE_URL", None)
    return env


@dataclass
class Build:
    ok: bool
    seconds: float
    cpu_seconds: float
    maxrss_mb: float
    reported_seconds: float | None
    log: str


def run_build(project: Path, site_dir: Path, env: dict, config: str | None = None,
              strict: bool = True, timeout: float = BUILD_TIMEOUT) -> Build:
    """One `mkdocs build` in a child process; wall time and that child's own peak RSS."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    cmd = [*MKDOCS, "build", "--site-dir", str(site_dir)]
    if strict:
        cmd.append("--strict")
    if config:
        cmd += ["--config-file", config]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            # wait4 returns the resource usage (a resource.struct_rusage) of exactly this child.
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        log = out.read().decode("utf-8", "replace")
    match = re.search(r"Documentation built in ([\d.]+) seconds", log)
    timed_out = seconds >= timeout
    return Build(proc.returncode == 0 and not timed_out, seconds, usage.ru_utime + usage.ru_stime,
                 usage.ru_maxrss / 1024, float(match.group(1)) if match else None,
                 log + (f"\nKilled: no result after {timeout:.0f} s." if timed_out else ""))


def log_tail(log: str, lines: int = 15) -> str:
    """The lines of a build log that say what went wrong (not the long INFO lists)."""
    all_lines = log.strip().splitlines()
    keep = [line for line in all_lines
            if re.match(r"(ERROR|WARNING|Aborted|Error|Traceback|Killed|\S+Error)", line.strip())
            or line.startswith("  File ")]
    return "\n".join("    " + line for line in (keep or all_lines)[-lines:])


@dataclass
class BuildSeries:
    label: str
    afspraken: int
    ondertekenaars: int
    proeftuinen: int
    runs: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    reported: list[float] = field(default_factory=list)
    maxrss_mb: float = 0.0
    html_pages: int = 0
    site_bytes: int = 0
    search_index_bytes: int = 0
    error: str | None = None
    stopped_after: float | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None


def site_stats(site: Path) -> tuple[int, int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    index = site / "search" / "search_index.json"
    return (sum(1 for p in files if p.suffix == ".html"), sum(p.stat().st_size for p in files),
            index.stat().st_size if index.exists() else 0)


def count_records(project: Path) -> tuple[int, int, int]:
    return tuple(len(yaml.safe_load((project / "data" / f"{name}.yml").read_text(encoding="utf-8")) or [])
                 for name in ("afspraken", "ondertekenaars", "proeftuinen"))


def bench_builds(label: str, project: Path, work: Path, runs: int, env: dict, warmup: bool,
                 timeout: float = BUILD_TIMEOUT) -> BuildSeries:
    series = BuildSeries(label, *count_records(project))
    site = work / f"site-{label}"
    say(f"  {label}: {series.afspraken} afspraken, {series.ondertekenaars} ondertekenaars, "
        f"{series.proeftuinen} proeftuinen; {runs} timed run(s){' after a warm-up' if warmup else ''}")
    for i in range(runs + (1 if warmup else 0)):
        result = run_build(project, site, env, timeout=timeout)
        if result.seconds >= timeout:
            series.stopped_after = timeout
            series.maxrss_mb = max(series.maxrss_mb, result.maxrss_mb)
            series.error = f"stopped: no result after {timeout:.0f} s"
            say(f"    stopped after {timeout:.0f} s (CPU {result.cpu_seconds:.0f} s, peak RSS so far "
                f"{result.maxrss_mb:.0f} MB); use --max-build-seconds to wait longer")
            return series
        if not result.ok:
            series.error = f"build failed after {result.seconds:.1f} s:\n{log_tail(result.log)}"
            say(f"    FAILED:\n{log_tail(result.log)}")
            return series
        timed = not (warmup and i == 0)
        say(f"    {'run ' + str(len(series.runs) + 1) if timed else 'warm-up'}: {result.seconds:.2f} s "
            f"(CPU {result.cpu_seconds:.2f} s; mkdocs says {result.reported_seconds} s), "
            f"peak RSS {result.maxrss_mb:.0f} MB")
        series.maxrss_mb = max(series.maxrss_mb, result.maxrss_mb)
        if timed:
            series.runs.append(result.seconds)
            series.cpu.append(result.cpu_seconds)
            if result.reported_seconds is not None:
                series.reported.append(result.reported_seconds)
    series.html_pages, series.site_bytes, series.search_index_bytes = site_stats(site)
    return series


def bench_real(work: Path, runs: int, env: dict) -> tuple[BuildSeries, Path]:
    """The real site, from a snapshot; other people may be editing the project, so a failing
    snapshot is retried. Returns the series and the snapshot (the scaled data sets start from it)."""
    for attempt in range(1, 4):
        project = copy_project(work / f"real-{attempt}")
        real = bench_builds("real", project, work, runs, env, warmup=True)
        if not real.error:
            break
        if attempt < 3:
            say("  the build of the current project fails; waiting 60 s and taking a new snapshot")
            time.sleep(60)
    return real, project


def markdown(info: dict) -> list[str]:
    """The build table: one row per data set in info['builds'] (real first, then the scaled ones)."""
    lines = [
        "### Build (`mkdocs build --strict`, wall clock incl. Python start-up)",
        "",
        "| Data set | Afspraken / ondertekenaars / proeftuinen | Runs | Median | Min–max | CPU (median) "
        "| Peak RSS | HTML pages | Site size | Search index |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = None
    for s in info["builds"]:
        records = f"| {s['label']} | {s['afspraken']} / {s['ondertekenaars']} / {s['proeftuinen']} "
        if s["runs"]:
            median = statistics.median(s["runs"])
            base = base or median
            growth = f" ({median / base:.1f}x)" if base and s is not info["builds"][0] else ""
            lines.append(records + f"| {len(s['runs'])} | {median:.2f} s{growth} "
                         f"| {min(s['runs']):.2f}–{max(s['runs']):.2f} s "
                         f"| {statistics.median(s['cpu']):.2f} s | {s['maxrss_mb']:.0f} MB | {s['html_pages']} "
                         f"| {kb(s['site_bytes'])} | {kb(s['search_index_bytes'])} |")
        elif s.get("stopped_after"):
            lines.append(records + f"| 0 | > {s['stopped_after']:.0f} s (stopped) | | "
                         f"| ≥ {s['maxrss_mb']:.0f} MB | | | |")
        else:
            lines.append(records + "| 0 | failed | | | | | | |")
    return lines


def target(info: dict) -> tuple:
    real = next(s for s in info["builds"] if s["label"] == "real")
    median = statistics.median(real["runs"])
    return (f"Real site builds in < {TARGET_REAL_BUILD_S:.0f} s",
            f"{median:.2f} s wall (CPU {statistics.median(real['cpu']):.2f} s)", median < TARGET_REAL_BUILD_S)
