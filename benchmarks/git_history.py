"""Build time with a long git history (issue 13): the 100x data set with 1000 generated commits,
against the same data outside git (where the pages say 'geschiedenis niet beschikbaar').

The commits change one afspraak each, in turn: a new voortgang entry (so the status changes),
another termijn, another titel; one commit re-indents the whole file. They are written with
`git fast-import`, so making the history takes seconds, not the time of 1000 `git commit` runs.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
from dataclasses import asdict
from pathlib import Path

import yaml

from build_time import bench_builds
from common import say
from scale import scale_data

COMMITS = 1000
BUDGET_S = 10.0  # issue 13: the build may grow by at most this much
FILE = "data/afspraken.yml"


def _dump_item(item: dict, indent: int) -> str:
    # The same settings as scale._dump, so an unchanged item keeps its text.
    return yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=100, indent=indent)


def _versions(text: str, statuses: list[str], last_day: dt.date, commits: int):
    """(message, text of afspraken.yml) for each generated commit."""
    head, _, _ = text.partition("\n- ")
    head += "\n"
    items = yaml.safe_load(text)
    days = [dt.date.fromisoformat(str(v["datum"])) for a in items for v in a.get("voortgang") or []]
    start = max(days, default=dt.date(2024, 1, 1)) + dt.timedelta(days=1)
    step = max(0, (last_day - start).days) / commits
    indent = 2
    texts = [_dump_item(a, indent) for a in items]
    for n in range(commits):
        a = items[(n * 7) % len(items)]
        kind = n % 3
        if n == commits // 2:
            indent = 4
            texts = [_dump_item(a, indent) for a in items]
            yield "Alles anders ingesprongen", head + "".join(texts)
            continue
        if kind == 0:
            day = start + dt.timedelta(days=int(n * step))
            a.setdefault("voortgang", []).append({"datum": day, "status": statuses[n % len(statuses)],
                                                  "notitie": f"Gegenereerde voortgang {n}.", "bron": "akkoord-2023"})
            message = f"Afspraak {a['nummer']}: nieuwe voortgang"
        elif kind == 1:
            a["deadline"] = {"tekst": f"in ronde {n}"}
            message = f"Afspraak {a['nummer']}: andere termijn"
        else:
            a["titel"] = f"{a['titel'].split(' [')[0][:80]} [{n}]"
            message = f"Afspraak {a['nummer']}: titel duidelijker"
        texts[items.index(a)] = _dump_item(a, indent)
        yield message, head + "".join(texts)


def make_history(project: Path, day: dt.date, commits: int = COMMITS) -> None:
    """A git repository in `project`: everything in a first commit, then `commits` changes of FILE."""
    env = {"GIT_AUTHOR_NAME": "Benchmark", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Benchmark", "GIT_COMMITTER_EMAIL": "bench@example.org", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "Begin", "--date", "2024-01-01T12:00:00Z"], cwd=project,
                   check=True, env=env)
    statuses = [s["naam"] for s in yaml.safe_load((project / "data" / "statussen.yml").read_text("utf-8"))
                if s["naam"] in ("nog niet gestart", "in uitvoering")]
    path = project / FILE
    stamp = int(dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc).timestamp())
    process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=project, stdin=subprocess.PIPE, env=env)
    assert process.stdin
    versions = _versions(path.read_text(encoding="utf-8"), statuses, day, commits)
    for n, (message, text) in enumerate(versions):
        data, note = text.encode("utf-8"), message.encode("utf-8")
        who = f"Benchmark <bench@example.org> {stamp + n * 3600} +0000".encode()
        process.stdin.write(b"commit refs/heads/main\nauthor " + who + b"\ncommitter " + who
                            + b"\ndata %d\n" % len(note) + note + b"\n"
                            + (b"from refs/heads/main^0\n" if n == 0 else b"")
                            + b"M 100644 inline " + FILE.encode() + b"\ndata %d\n" % len(data) + data + b"\n")
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError("git fast-import failed")
    subprocess.run(["git", "reset", "-q", "--hard"], cwd=project, check=True, env=env)  # the tree of the last commit


def bench_history(project: Path, work: Path, env: dict, runs: int, max_seconds: float, info: dict) -> None:
    """100x data built with and without 1000 commits of history; adds info['history']."""
    say(f"\n== Build: 100x data with {COMMITS} commits of history")
    day = dt.datetime.fromtimestamp(int(env["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    with_git = work / "x100-git"
    shutil.copytree(project, with_git, ignore=shutil.ignore_patterns("__pycache__", ".git"))
    scale_data(with_git / "data", 100)
    make_history(with_git, day)
    without = work / "x100-no-git"
    shutil.copytree(with_git, without, ignore=shutil.ignore_patterns(".git"))
    env = {k: v for k, v in env.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "ZORGSAAM_GESCHIEDENIS")}
    series = {}
    for label, folder in (("100x, no history", without), (f"100x, {COMMITS} commits", with_git)):
        series[label] = bench_builds(label, folder, work, runs, env, warmup=False, timeout=max_seconds)
        info["builds"].append(asdict(series[label]))
        shutil.rmtree(work / f"site-{label}", ignore_errors=True)
    a, b = (s.median for s in series.values())
    if a is None or b is None:
        info["history"] = "History: a build failed, no figure."
    else:
        info["history"] = (f"History: 100x data built in {a:.1f} s without history and {b:.1f} s with {COMMITS} "
                           f"commits (+{b - a:.1f} s; budget +{BUDGET_S:.0f} s).")
    say("  " + info["history"])


def markdown(info: dict) -> list[str]:
    return ["", info["history"]] if info.get("history") else []


def target(info: dict) -> tuple:
    name = f"{COMMITS} commits of history add < {BUDGET_S:.0f} s to the 100x build"
    runs = {s["label"]: s["runs"] for s in info["builds"] if s["label"].startswith("100x, ")}
    if len(runs) != 2 or not all(runs.values()):
        return name, "not run" if not runs else "build failed", None
    a, b = (statistics.median(r) for r in runs.values())
    return name, f"+{b - a:.1f} s", b - a < BUDGET_S
