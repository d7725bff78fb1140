"""The parts of the project a site build reads.

Tests and the benchmark build changed copies of the project; both copy exactly these.
"""

from __future__ import annotations

import shutil
from pathlib import Path

BUILD_INPUTS = ("docs", "data", "macros", "overrides", "mkdocs.yml")


def copy_build_inputs(root: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in BUILD_INPUTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target
