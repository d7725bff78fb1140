"""The folders of macros/ are floors: every import points down, and no module imports itself in a circle.

Read from the source with `ast`, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MACROS = Path(__file__).resolve().parent.parent / "macros"
BASE = {"macros.model", "macros.constants", "macros.dates"}
# What each floor may import, besides its own modules. The same order as the folders' own notes.
ALLOWED = {
    "macros": {"build"},
    "build": {"output", "history", "data", "base"},
    "output": {"history", "base"},
    "history": {"data", "base"},
    "data": {"base"},
    "base": {"base"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(MACROS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def floor(module: str) -> str:
    if module == "macros":
        return "macros"
    if module in BASE:
        return "base"
    return module.split(".")[1]


def imports_of(path: Path) -> set[str]:
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def imports_in(source: str, own: str, is_package: bool) -> set[str]:
    """Every module of the package that `source` imports, resolved to a module (not a name in it)."""
    package = own if is_package else own.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("macros")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if not base.startswith("macros"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if modules().get(candidate) else base)
    return found - {own}


_modules: dict[str, Path] = {}


def modules() -> dict[str, Path]:
    if not _modules:
        _modules.update({module_name(p): p for p in MACROS.rglob("*.py")})
    return _modules


def graph() -> dict[str, set[str]]:
    return {name: imports_of(path) for name, path in modules().items()}


def test_every_module_lives_on_a_known_floor():
    for name in modules():
        assert floor(name) in ALLOWED, f"{name}: a module outside the floors of macros/ (see ALLOWED)"


def test_every_import_points_down():
    wrong = [f"{src} imports {dst}" for src, targets in graph().items() for dst in sorted(targets)
             if floor(dst) != floor(src) and floor(dst) not in ALLOWED[floor(src)]]
    assert not wrong, "imports against the order of the folders:\n" + "\n".join(wrong)


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str):
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join(path[path.index(nxt):] + [nxt]))
            if nxt in edges and not state.get(nxt):
                visit(nxt)
        path.pop()
        state[node] = 2

    for name in sorted(edges):
        if not state.get(name):
            visit(name)


def test_each_folder_says_what_lives_there_and_what_it_may_import():
    for folder in sorted(p for p in MACROS.iterdir() if p.is_dir() and p.name != "__pycache__"):
        note = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "May import" in note, f"macros/{folder.name}/__init__.py: say what lives here and what it may import"


def test_the_checker_sees_a_wrong_import():
    """The floor test can fail: a renderer that reads the data itself is caught, relative or absolute."""
    source = (MACROS / "output" / "blocks.py").read_text(encoding="utf-8")
    for line in ("from ..data import loader", "from macros.data.loader import load_akkoord", "import macros.build.generate"):
        targets = imports_in(source + "\n" + line + "\n", "macros.output.blocks", False)
        wrong = [t for t in targets if floor(t) not in ALLOWED["output"] | {"output"}]
        assert wrong, line


def test_no_issue_numbers_in_the_project():
    """The project explains itself: a ticket number means nothing to a reader without the tracker."""
    import re
    import subprocess

    root = MACROS.parent
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    files = listed.stdout.split() if listed.returncode == 0 else [str(p.relative_to(root)) for p in root.rglob("*.py")]
    pattern = re.compile(r"\b(issue|task)s? #?\d+", re.I)
    found = []
    for name in files:
        path = root / name
        if path.suffix not in {".py", ".md", ".yml", ".yaml", ".toml", ".txt", ".json", ".html", ".css", ".js"}:
            continue
        if not path.is_file() or path.name == "package-lock.json":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{name}:{number}: {line.strip()[:80]}")
    assert not found, "issue numbers in the project:\n" + "\n".join(found)
