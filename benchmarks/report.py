"""The machine and versions a run measured on, and the Markdown summary of all figures."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

import build_time
import git_history
import lighthouse
import page_weight
import scale
from common import ROOT, yes
from macros.build.project import BUILD_INPUTS


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


def targets(info: dict) -> list[tuple]:
    """(target, measured, met) for each target, in the order the summary lists them."""
    return [module.target(info) for module in (build_time, scale, git_history, page_weight, lighthouse)]


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
    ]
    for module in (build_time, scale, git_history, page_weight, lighthouse):
        lines += module.markdown(info)
    lines += ["", "### Targets", "", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {t} | {measured} | {yes(ok)} |" for t, measured, ok in info["targets"]]
    return "\n".join(lines) + "\n"
