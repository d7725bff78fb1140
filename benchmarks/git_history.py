"""Build time with a long git history: the 10x and 100x data sets with 1000 generated
commits, against the same data outside git (where the pages say 'geschiedenis niet beschikbaar').
The history step (git, compare, render) is also timed on its own in this process: it is the
whole difference, and it is measured even when a full 100x build takes longer than allowed.

The commits change one afspraak each, in turn: a new voortgang entry (so the status changes),
another termijn, another titel; one commit re-indents the whole file. They are written with
`git fast-import`, so making the history takes seconds, not the time of 1000 `git commit` runs.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
import time
from dataclasses import asdict
from pathlib import Path

import yaml

from build_time import bench_builds
from common import say
from scale import scale_data

COMMITS = 1000
BUDGET_S = 10.0  # the build may grow by at most this much
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


def history_step(project: Path, epoch: str) -> dict:
    """The work history adds to a build, timed in this process: read git, compare, render the
    'Wijzigingen' of every afspraak, the page and the feed (generate.geschiedenis and output/changes.py)."""
    from macros.build import generate
    from macros.output import changes, feeds
    from macros.data.loader import load_akkoord, peildatum_from_env

    akkoord = load_akkoord(project / "data", peildatum_from_env({"SOURCE_DATE_EPOCH": epoch}))
    times = {}
    start = time.perf_counter()
    geschiedenis = generate.geschiedenis(project, akkoord)
    times["read and compare"] = time.perf_counter() - start
    start = time.perf_counter()
    for a in akkoord.afspraken.values():
        changes.afspraak_sectie(akkoord, geschiedenis, a, f"afspraken/{a.nummer}/", None)
    changes.page(akkoord, geschiedenis, changes.URL, None, feeds.WIJZIGINGEN_FEED)
    feeds.wijzigingen_feed(akkoord, geschiedenis, "https://example.org/")
    times["render"] = time.perf_counter() - start
    start = time.perf_counter()
    generate.geschiedenis(project, akkoord)
    times["again (make serve)"] = time.perf_counter() - start
    times["commits with a change"] = len(geschiedenis.commits)
    return times


def bench_history(project: Path, work: Path, env: dict, runs: int, max_seconds: float, info: dict,
                  factors: tuple[int, ...] = (10, 100)) -> None:
    """Per factor: the data with COMMITS commits of history. The history step alone, timed in
    this process; and full builds with and without git when the build without git finishes."""
    info.setdefault("history", [])
    env = {k: v for k, v in env.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "ZORGSAAM_GESCHIEDENIS")}
    day = dt.datetime.fromtimestamp(int(env["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    for factor in factors:
        say(f"\n== History: {factor}x data with {COMMITS} commits")
        with_git = work / f"x{factor}-git"
        shutil.copytree(project, with_git, ignore=shutil.ignore_patterns("__pycache__", ".git"))
        scale_data(with_git / "data", factor)
        start = time.perf_counter()
        make_history(with_git, day)
        say(f"  history made in {time.perf_counter() - start:.0f} s")
        step = history_step(with_git, env["SOURCE_DATE_EPOCH"])
        say("  history step in the build process: " + ", ".join(
            f"{k} {v:.2f} s" if isinstance(v, float) else f"{k} {v}" for k, v in step.items()))
        line = {"factor": factor, "step": step}
        without = work / f"x{factor}-no-git"
        shutil.copytree(with_git, without, ignore=shutil.ignore_patterns(".git"))
        for label, folder in ((f"{factor}x, no history", without), (f"{factor}x, {COMMITS} commits", with_git)):
            series = bench_builds(label, folder, work, runs, env, warmup=False, timeout=max_seconds)
            info["builds"].append(asdict(series))
            line[label.split(", ")[1]] = series.median
            line[label.split(", ")[1] + " cpu"] = statistics.median(series.cpu) if series.cpu else None
            shutil.rmtree(work / f"site-{label}", ignore_errors=True)
            if series.median is None:
                break  # no figure to compare with; the step above still says what history costs
        info["history"].append(line)
        say("  " + _sentence(line))


def _sentence(line: dict) -> str:
    a, b = line.get("no history"), line.get(f"{COMMITS} commits")
    step = line["step"]
    text = (f"{line['factor']}x data, {COMMITS} commits: reading and comparing the history takes "
            f"{step['read and compare']:.1f} s, rendering it {step['render']:.1f} s "
            f"(a `make serve` rebuild {step['again (make serve)']:.2f} s)")
    if a is not None and b is not None:
        ca, cb = line.get("no history cpu"), line.get(f"{COMMITS} commits cpu")
        text += (f"; full build {a:.1f} s without history, {b:.1f} s with it ({b - a:+.1f} s wall; "
                 f"CPU {ca:.1f} s and {cb:.1f} s, {cb - ca:+.1f} s)")
    else:
        text += "; the full build without history did not finish in time, so no full-build difference"
    return text + f". Budget: +{BUDGET_S:.0f} s."


def markdown(info: dict) -> list[str]:
    return ["", *(_sentence(line) for line in info.get("history", []))]


def target(info: dict) -> tuple:
    name = f"{COMMITS} commits of history add < {BUDGET_S:.0f} s to the 100x build"
    line = next((x for x in info.get("history", []) if x["factor"] == 100), None)
    if line is None:
        return name, "not run", None
    a, b = line.get("no history"), line.get(f"{COMMITS} commits")
    if a is not None and b is not None:
        return name, f"{b - a:+.1f} s", b - a < BUDGET_S
    extra = line["step"]["read and compare"] + line["step"]["render"]
    return name, f"history step {extra:.1f} s (full build not finished)", extra < BUDGET_S
