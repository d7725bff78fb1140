#!/usr/bin/env python3
"""Benchmark of the Zorgsaam wonen site: prints figures, asserts nothing that is timed.

Run with `make benchmark` (or `.venv/bin/python benchmarks/run.py` from the project root).
It measures, on a snapshot of the project copied to a temporary folder:

1. build time (median of several `mkdocs build --strict` runs, wall clock, including Python start-up)
   and peak memory (max RSS of the mkdocs process, from the rusage that os.wait4 returns for it,
   i.e. the same struct_rusage that resource.getrusage(RUSAGE_CHILDREN) aggregates); build_time.py;
2. the same for generated data sets of 10x and 100x the real size (afspraken, ondertekenaars and
   proeftuinen copied with new numbers, ids and names; the reference lists stay as they are); scale.py;
3. the bytes a first visit loads (HTML, CSS, JS, fonts, images, data) for the home page,
   /afspraken/ and /afspraken/7/, measured in Chromium with Playwright, and the search index size;
4. the same pages built with an unmodified Material theme (default palette, default font) for
   comparison; requests to other hosts (Google Fonts) are blocked and counted, not measured
   (3 and 4: page_weight.py);
5. Lighthouse (mobile and desktop) for the same three pages, five runs each; the median run counts
   (lighthouse.py);
6. the 100x data set with 1000 generated commits of git history, against the same data outside git
   (git_history.py).

The summary (report.py) is printed as Markdown and written to benchmarks/results/latest.md (git-ignored),
raw figures to benchmarks/results/latest.json and the Lighthouse reports to benchmarks/results/lighthouse/.
The local server, Chromium and the project copy are the tests' own helpers (tests/support.py).

Options: --quick (fewer runs, mobile Lighthouse only), --skip-scale, --skip-history, --skip-lighthouse,
--lighthouse-runs N (default 5; the run with the median performance score counts), --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import build_time
import git_history
import lighthouse
import page_weight
import report
import scale
from common import RESULTS, ROOT, say


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, mobile Lighthouse only")
    parser.add_argument("--skip-scale", action="store_true", help="skip the 10x and 100x data sets")
    parser.add_argument("--skip-history", action="store_true", help="skip the 100x data with 1000 commits of history")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=None,
                        help="Lighthouse runs per page and preset (default 5, with --quick 3); the median run counts")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--max-build-seconds", type=float, default=240,
                        help="stop a build of a generated data set after this long (default 240)")
    return parser.parse_args()


def measure(args: argparse.Namespace, work: Path, env: dict, info: dict) -> bool:
    """Every measurement, in order; False if the real site does not build."""
    say("\n== Build: real data")
    real, project = build_time.bench_real(work, 3 if args.quick else 5, env)
    info["builds"].append(asdict(real))
    if real.error:
        say("The real site does not build; stopping.")
        return False
    served_site = work / "served-real"
    shutil.copytree(work / "site-real", served_site)
    if not args.skip_scale:
        scale.bench_scaled(project, work, env, args.quick, args.max_build_seconds, info)
    if not args.skip_history:
        git_history.bench_history(project, work, env, 1 if args.quick else 2, args.max_build_seconds, info)
    sites = {"ours": served_site}
    default_site = page_weight.build_material_default(project, work, env)
    if default_site:
        sites["Material default"] = default_site
    page_weight.measure(sites, info)
    if not args.skip_lighthouse:
        lighthouse.measure(served_site, ("mobile",) if args.quick else ("mobile", "desktop"),
                           args.lighthouse_runs or (3 if args.quick else 5), info)
    info["targets"] = report.targets(info)
    return True


def main() -> int:
    args = parse_args()
    started = time.perf_counter()
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    env = build_time.build_env(int(today.timestamp()))  # one build date for every build of this run
    work = Path(tempfile.mkdtemp(prefix="zorgsaam-bench-"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    info: dict = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  "machine": report.machine(), "versions": report.versions(), "builds": [], "targets": []}
    say(f"Benchmark of {ROOT} in {work}")
    say(f"Machine: {info['machine']['nproc']} CPUs, {info['machine']['cpu']}, {info['machine']['memory']} RAM; "
        f"build date (SOURCE_DATE_EPOCH) {today.date()}")
    try:
        if not measure(args, work, env, info):
            return 1
    finally:
        info["runtime_s"] = time.perf_counter() - started
        info["load_end"] = report.machine()["load"]
        if args.keep:
            say(f"\nKept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    summary = report.markdown_summary(info)
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
