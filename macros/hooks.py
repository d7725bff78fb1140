"""MkDocs hook: load and validate the data once, then add the pages made from it.

Listed under `hooks:` in mkdocs.yml. It runs before the macros plugin, which reads the
loaded Akkoord from `config.extra.akkoord`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# MkDocs loads a hook by file path; make the package next to it importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.loader import DataErrors, load_akkoord, peildatum_from_env  # noqa: E402
from macros import feeds, opendata, render, theme  # noqa: E402
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
    _add_compile_hint(files, config)
    return files


def _add_compile_hint(files, config) -> None:
    bundles = [f for f in files if theme.BUNDLE.match(f.src_uri)]
    if len(bundles) != 1:
        raise Abort(f"Expected one Material bundle (assets/javascripts/bundle.<hash>.min.js), found "
                    f"{[f.src_uri for f in bundles]}: macros/theme.py needs updating for this Material version.")
    bundle = bundles[0]
    source_map = files.get_file_from_path(bundle.src_uri + ".map")
    changed = [(bundle, theme.with_compile_hint(bundle.content_string))]
    if source_map is not None:
        changed.append((source_map, theme.source_map_after_hint(source_map.content_string)))
    for original, content in changed:
        files.remove(original)
        files.append(File.generated(config, original.src_uri, content=content))


def on_page_content(html, page, config, files):
    # Before the search plugin indexes the page (it reads page.content in on_page_context).
    return render.spaced_for_search(html)


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


# "Laatst gewijzigd" (issue 3). The git-revision-date-localized plugin dates each Markdown
# file from git. A page made from data/ has no file in git: it gets the last commit of the
# data files it is made from. Outside a git checkout the plugin's build date stays.
DATA_FILES_OF = {
    "afspraken/": ("afspraken.yml", "statussen.yml", "bronnen.yml"),
    "proeftuinen/": ("proeftuinen.yml", "afspraken.yml", "bronnen.yml"),
    "gemeenten/": ("gemeenten.yml", "proeftuinen.yml", "ondertekenaars.yml", "afspraken.yml"),
    "organisaties/": ("verantwoordelijken.yml", "ondertekenaars.yml", "afspraken.yml", "bronnen.yml"),
}
LAST_CHANGED = "Laatst gewijzigd:"
_git_dates: dict[tuple, int | None] = {}


def _last_commit(root: Path, paths: tuple[str, ...]) -> int | None:
    if (root, paths) not in _git_dates:
        try:
            result = subprocess.run(["git", "log", "-1", "--format=%at", "--", *paths], cwd=root,
                                    capture_output=True, text=True, timeout=30)
            stamp = result.stdout.strip()
            _git_dates[(root, paths)] = int(stamp) if result.returncode == 0 and stamp.isdigit() else None
        except (OSError, subprocess.SubprocessError):
            _git_dates[(root, paths)] = None
    return _git_dates[(root, paths)]


def on_pre_build(config):
    _git_dates.clear()  # `mkdocs serve` may rebuild after a commit


@event_priority(-50)  # after the plugin has put the date in page.meta
def on_page_context(context, page, config, nav):
    plugin = config.plugins.get("git-revision-date-localized")
    if plugin is None or not plugin.config.get("enabled") or not hasattr(plugin, "util"):
        return context
    if getattr(page.file, "generated_by", None):
        section = next((s for s in DATA_FILES_OF if page.file.src_uri.startswith(s)), None)
        paths = tuple(f"data/{name}" for name in DATA_FILES_OF[section]) if section else ("data",)
        stamp = _last_commit(Path(config.config_file_path).parent, paths)
        if stamp is not None:
            dates = plugin.util.get_date_formats_for_timestamp(stamp, locale=plugin.config.get("locale") or "nl",
                                                               add_spans=True)
            page.meta["git_revision_date_localized"] = dates[plugin.config["type"]]
    date = page.meta.get("git_revision_date_localized")
    if date and not date.startswith(LAST_CHANGED):
        page.meta["git_revision_date_localized"] = f"{LAST_CHANGED} {date}"
    return context
