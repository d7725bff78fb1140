"""MkDocs hook: load and validate the data once, then add the pages made from it.

Listed under `hooks:` in mkdocs.yml. It runs before the macros plugin, which reads the
loaded Akkoord from `config.extra.akkoord`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# MkDocs loads a hook by file path; make the package next to it importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.loader import DataErrors, load_akkoord, peildatum_from_env  # noqa: E402
from macros import feeds, opendata  # noqa: E402
from macros.pages import generated_pages, nav_with_generated  # noqa: E402


@event_priority(100)  # before the macros plugin, which needs the data
def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        akkoord = load_akkoord(root / "data", peildatum_from_env(os.environ), display_root=root)
    except DataErrors as errors:
        raise Abort(errors.report()) from None
    config.extra["akkoord"] = akkoord
    if config.nav:
        nav_with_generated(config.nav, generated_pages(akkoord))
    return config


def on_files(files, config):
    akkoord = config.extra["akkoord"]
    site_url = config.site_url or ""
    for page in generated_pages(akkoord, site_url=site_url, meld_adres=config.extra.get("meld_adres")):
        files.append(File.generated(config, page.src_uri, content=page.markdown()))
    # Open data and feeds: made from the same Akkoord, next to the pages (issue 5).
    for path, content in {**opendata.files(akkoord, site_url), **feeds.files(akkoord, site_url)}.items():
        files.append(File.generated(config, path, content=content))
    schema_dir = Path(config.config_file_path).parent / "data" / "schema"
    for schema in sorted(schema_dir.glob("*.schema.json")):
        files.append(File.generated(config, opendata.schema_path(schema.name), content=schema.read_bytes()))
    return files


def on_page_markdown(markdown, page, config, files):
    # MkDocs silently drops front matter it cannot parse (and with it render_macros);
    # an unparsed block is still at the top of the page, so stop the build there.
    if markdown.startswith("---\n") and page.file.abs_src_path:
        block = markdown.split("\n---", 1)[0].removeprefix("---\n")
        try:
            yaml.safe_load(block)
            problem = "het blok wordt niet afgesloten met een regel '---'."
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f", regel {mark.line + 2}" if mark else ""
            problem = (f"de gegevens bovenaan (front matter) zijn geen geldige YAML{line}. "
                       "Zet een tekst met een dubbele punt tussen aanhalingstekens.")
        raise Abort(f"docs/{page.file.src_uri}: {problem}\nNiet gebouwd: 1 fout in een pagina. "
                    "Verbeter de fout hierboven; er is niets gepubliceerd.")
    return markdown
