"""docs/ under the same rules as data/: the gate for the hand-written pages and files.

No symbolic links (a link to a file outside the repository would be published), no file over
MAX_DOCS_BYTES (checked before anything reads it), and no hand-written page or file where the
generator puts one of its own (the list of those comes from the generator itself:
generate.generated_paths). The check (`zorgsaam-check`, sitecheck.py) and the build (the MkDocs
hook) both run it, so they agree; every problem is a Dutch line naming the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MAX_DOCS_BYTES = 5_000_000  # as a data file (yamlsource.MAX_BYTES); the largest file in docs/ is 18 KB


def page_url(src_uri: str) -> str:
    """The page's URL as MkDocs gives it with use_directory_urls ('' for the home page)."""
    stem = src_uri.removesuffix(".md")
    stem = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
    return stem


def _published_at(rel: str) -> str:
    """Where a file of the docs folder ends up on the site: a page at its URL, another file as itself."""
    if rel.endswith(".md"):
        return page_url(rel.removesuffix("README.md") + "index.md" if rel.endswith("README.md") else rel)
    return rel


def docs_problems(docs: Path, generated: Iterable[str]) -> list[str]:
    """Every problem of the docs folder as a Dutch line that names the file; [] if none."""
    problems: list[str] = []
    shown = docs.name
    if docs.is_symlink():
        return [f"{shown}/: de map is een snelkoppeling (symbolische link). Zet de pagina's zelf in de map {shown}."]
    generated = list(generated)
    made = {_published_at(path): path for path in generated}
    folders = {path.removesuffix(".md"): path for path in generated if path.endswith(".md")}
    for dirpath, dirnames, filenames in os.walk(docs, followlinks=False):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(docs).as_posix()
            if path.is_symlink():
                problems.append(f"{shown}/{rel}: dit is een snelkoppeling (symbolische link). De site publiceert "
                                f"alleen bestanden die echt in {shown}/ staan. Zet het bestand zelf hier neer, of "
                                "haal de link weg.")
                continue
            if rel in folders and name in dirnames:
                problems.append(f"{shown}/{rel}/: met deze map zou de pagina die de site zelf maakt uit de gegevens "
                                f"({folders[rel]}) niet meer te maken zijn. Geef de map een andere naam.")
                continue
            if name not in filenames or any(part.startswith(".") for part in rel.split("/")):
                continue  # folders, and hidden files of tools, which the builders skip
            if path.stat().st_size > MAX_DOCS_BYTES:
                problems.append(f"{shown}/{rel}: het bestand is groter dan {MAX_DOCS_BYTES / 1_000_000:g} MB. Maak het "
                                "kleiner of haal het weg.")
            where = _published_at(rel)
            if where in made:
                address = where or "de voorpagina"
                problems.append(f"{shown}/{rel}: op deze plek ({address}) zet de site zelf een pagina of bestand "
                                f"dat uit de gegevens wordt gemaakt ({made[where]}). Geef uw bestand een andere naam "
                                "of zet het in een andere map.")
    return problems


def report(problems: list[str]) -> str:
    count = f"{len(problems)} fout" + ("en" if len(problems) != 1 else "")
    return "\n".join(problems) + f"\nNiet gebouwd: {count} in de map met pagina's. Verbeter de fout" + \
        ("en" if len(problems) != 1 else "") + " hierboven; er is niets gepubliceerd."
