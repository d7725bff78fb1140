"""What every part of the benchmark shares: paths, the pages it measures and how it prints.

Importing this module first also puts the project root (for macros/) and tests/ (for the
server, Chromium and project-copy helpers in tests/support.py) on the import path.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

RESULTS = ROOT / "benchmarks" / "results"
PAGES = {"home": "", "afspraken": "afspraken/", "afspraak 7": "afspraken/7/"}


def say(text: str = "") -> None:
    print(text, flush=True)


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def yes(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")
