"""Where `zorgsaam-generate` may write: only files it wrote itself, whatever the arguments.

The command line is input from outside: a path mistyped or swapped (`--config mkdocs.yml`,
`--out docs`) must never overwrite or delete a file the generator did not write. The folder it
makes holds a marker with the list of files it wrote; the next run replaces exactly those and
refuses a folder with anything else in it. A builder config it wrote starts with HEAD; any other
existing file is refused, the project's own mkdocs.yml always. Every refusal is a Dutch message
(OutputRefused); nothing is written before every path has been checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

MARKER = ".zorgsaam-generate"  # marks a folder this script wrote, and lists what it wrote
MARKER_HEAD = "Gemaakt door zorgsaam-generate; wordt bij de volgende keer vervangen. Geschreven bestanden:\n"
LEGACY_MARKER = "Gemaakt door zorgsaam-generate; wordt bij de volgende keer vervangen.\n"
HEAD = "# Made by zorgsaam-generate from mkdocs.yml: edit mkdocs.yml, not this file.\n"
MAX_MARKER_BYTES = 10_000_000
NOTHING_WRITTEN = "Er is niets geschreven."


class OutputRefused(Exception):
    """Why the generator will not write there, in Dutch."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _written_before(out: Path) -> set[str] | None:
    """The files an earlier run wrote into `out` (its marker), or None without a readable marker."""
    marker = out / MARKER
    if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > MAX_MARKER_BYTES:
        return None
    text = marker.read_text(encoding="utf-8", errors="replace")
    if text == LEGACY_MARKER:  # written before the marker listed its files: the whole folder was its own
        return {path.relative_to(out).as_posix() for path in _present(out) if path.is_file()}
    if not text.startswith(MARKER_HEAD):
        return None
    return {line for line in text[len(MARKER_HEAD):].split("\n") if line}


def _present(out: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(out, followlinks=False):
        for name in dirnames + filenames:
            yield Path(dirpath) / name


def check_out_folder(out: Path, project: Path, protected: Iterable[Path]) -> set[str]:
    """Raise OutputRefused unless the generator may write `out`; the files an earlier run wrote."""
    resolved = out.resolve()
    if out.is_symlink():
        raise OutputRefused(f"De map {out} is een snelkoppeling (symbolische link). Kies een gewone map. "
                            + NOTHING_WRITTEN)
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} is een bestand, geen map. Kies met --out-dir een nieuwe of lege map. "
                            + NOTHING_WRITTEN)
    if _inside(project.resolve(), resolved) or any(_inside(resolved, folder.resolve()) for folder in protected):
        raise OutputRefused(f"De map {out} is de projectmap, ligt erboven of ligt in een map van het project "
                            "(docs/, data/, macros/, overrides/). Kies een eigen map, bijvoorbeeld "
                            ".cache/generated. " + NOTHING_WRITTEN)
    if not out.exists():
        return set()
    written = _written_before(out)
    present = list(_present(out))
    if written is None:
        if present:
            raise OutputRefused(f"De map {out} bestaat al en is niet door zorgsaam-generate gemaakt. Kies een lege of "
                                "nieuwe map. " + NOTHING_WRITTEN)
        return set()
    for path in present:
        rel = path.relative_to(out).as_posix()
        if path.is_symlink():
            raise OutputRefused(f"In de map {out} staat een snelkoppeling: {rel}. zorgsaam-generate heeft die niet "
                                "gemaakt. Haal haar weg of kies een andere map. " + NOTHING_WRITTEN)
        if path.is_file() and rel != MARKER and rel not in written:
            raise OutputRefused(f"In de map {out} staat een bestand dat zorgsaam-generate niet heeft geschreven: "
                                f"{rel}. Haal het weg of kies een andere map. " + NOTHING_WRITTEN)
    return written


def check_config_file(config: Path, project: Path) -> None:
    """Raise OutputRefused unless `config` is new or a builder config this script wrote earlier."""
    if config.resolve() == (project / "mkdocs.yml").resolve() or config.name == "mkdocs.yml" and \
            config.resolve().parent == project.resolve():
        raise OutputRefused(f"{config} is de eigen configuratie van de site (mkdocs.yml). zorgsaam-generate "
                            "overschrijft die nooit. Kies met --builder-config een andere naam, bijvoorbeeld "
                            "zensical.yml. " + NOTHING_WRITTEN)
    if config.is_symlink():
        raise OutputRefused(f"{config} is een snelkoppeling (symbolische link). Kies een gewoon bestand. "
                            + NOTHING_WRITTEN)
    if config.exists() and not config.is_file():
        raise OutputRefused(f"{config} is een map, geen bestand. Kies een bestandsnaam. " + NOTHING_WRITTEN)
    if config.is_file() and config.stat().st_size > 0:  # an empty file (a placeholder) holds nothing to lose
        with config.open("rb") as file:
            start = file.read(len(HEAD.encode()))
        if start != HEAD.encode():
            raise OutputRefused(f"{config} bestaat al en is niet door zorgsaam-generate geschreven. Kies een nieuwe "
                                "naam, of haal het bestand zelf weg. " + NOTHING_WRITTEN)
    if not config.resolve().parent.is_dir():
        raise OutputRefused(f"De map van {config} bestaat niet. " + NOTHING_WRITTEN)


def write_folder(out: Path, files: Mapping[str, str | bytes], written_before: set[str]) -> None:
    """Replace what an earlier run wrote (checked by check_out_folder) with `files`."""
    for rel in sorted(written_before):
        path = out / rel
        if path.is_file() and not path.is_symlink() and _inside(path.resolve(), out.resolve()):
            path.unlink()
    for dirpath, _, _ in list(os.walk(out, topdown=False)) if out.exists() else []:
        folder = Path(dirpath)
        if folder != out and not any(folder.iterdir()):
            folder.rmdir()  # a folder left empty by the files removed above
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (out / MARKER).write_text(MARKER_HEAD + "".join(f"{rel}\n" for rel in files), encoding="utf-8")
