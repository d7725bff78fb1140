"""MkDocs hook: load and validate the data once, then add the pages made from it.

Listed under `hooks:` in mkdocs.yml. It runs before the macros plugin, which gets the
loaded Akkoord from `macros.loaded_akkoord()` (not from config.extra: templates must not reach it).
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
import traceback
from pathlib import Path

import yaml
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# MkDocs loads a hook by file path; make the package next to it importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.loader import DataErrors, load_akkoord, peildatum_from_env  # noqa: E402
from macros import changes, feeds, history, meld, opendata, tables, theme, woordenlijst  # noqa: E402
from macros import loaded_akkoord, use_akkoord  # noqa: E402
from macros.pages import generated_pages, nav_with_generated  # noqa: E402


@event_priority(100)  # before the macros plugin, which needs the data
def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        akkoord = load_akkoord(root / "data", peildatum_from_env(os.environ), display_root=root)
    except DataErrors as errors:
        raise Abort(errors.report()) from None
    use_akkoord(akkoord)
    if config.nav:
        nav_with_generated(config.nav, generated_pages(akkoord))
    return config


def on_files(files, config):
    akkoord = loaded_akkoord()
    site_url = config.site_url or ""
    route = meld.MeldRoute(email=config.extra.get("meld_adres") or None, repo=config.extra.get("repo_adres") or None)
    geschiedenis = _geschiedenis(Path(config.config_file_path).parent, akkoord)
    for page in generated_pages(akkoord, site_url=site_url, meld_adres=route, geschiedenis=geschiedenis):
        files.append(File.generated(config, page.src_uri, content=page.markdown()))
    # Open data and feeds: made from the same Akkoord, next to the pages (issue 5).
    for path, content in {**opendata.files(akkoord, site_url), **feeds.files(akkoord, site_url, geschiedenis)}.items():
        files.append(File.generated(config, path, content=content))
    schema_dir = Path(config.config_file_path).parent / "data" / "schema"
    for schema in sorted(schema_dir.glob("*.schema.json")):
        files.append(File.generated(config, opendata.schema_path(schema.name), content=schema.read_bytes()))
    _add_compile_hint(files, config)
    return files


def _geschiedenis(root: Path, akkoord) -> changes.Geschiedenis:
    """The changes from git (issue 13). Without full history a deploy (ZORGSAAM_GESCHIEDENIS=verplicht)
    stops; a local build says 'geschiedenis niet beschikbaar' on the pages."""
    found = history.read_history(root)
    if found.unavailable and history.required(os.environ):
        raise Abort(f"Niet gebouwd: de geschiedenis van de gegevens ontbreekt. {found.unavailable}\n"
                    f"Deze build moet de hele geschiedenis tonen ({history.REQUIRED_ENV}=verplicht). Haal die op "
                    "met 'git fetch --unshallow', of zet 'fetch-depth: 0' bij de checkout in de workflow. "
                    "Er is niets gepubliceerd.")
    labels = {naam: s.label for naam, s in akkoord.statussen.items()}
    key = (id(found), tuple(labels.items()))
    if _compared.get("key") != key or _compared.get("history") is not found:  # `make serve`: same history
        _compared.update(key=key, history=found, result=changes.changes(found, labels))
    return _compared["result"]


_compared: dict = {}


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
    html = woordenlijst.linked(html, loaded_akkoord().woorden.values(), page.url)
    # Column names on every table cell: narrow screens show each row as a card (zorgsaam.css).
    return tables.spaced_for_search(tables.label_cells(html))


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


# "Pagina voor het laatst aangepast" (issue 3; not "Laatst gewijzigd", which residents mixed up with
# an afspraak's "Nieuwste voortgang", blocks.NIEUWSTE_VOORTGANG). The git-revision-date-localized plugin dates each Markdown
# file from git. A page made from data/ has no file in git: it gets the last commit of the
# data files it is made from. Outside a git checkout the plugin's build date stays.
DATA_FILES_OF = {
    "afspraken/": ("afspraken.yml", "statussen.yml", "bronnen.yml"),
    "proeftuinen/": ("proeftuinen.yml", "afspraken.yml", "bronnen.yml"),
    "gemeenten/": ("gemeenten.yml", "proeftuinen.yml", "ondertekenaars.yml", "afspraken.yml"),
    "organisaties/": ("verantwoordelijken.yml", "ondertekenaars.yml", "afspraken.yml", "bronnen.yml"),
    woordenlijst.PAGE: ("woordenlijst.yml", "bronnen.yml"),
}
LAST_CHANGED = "Pagina voor het laatst aangepast:"
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


# `make serve` (mkdocs serve). After a rebuild fails, MkDocs 1.6 holds every request until a
# rebuild succeeds, so the browser seems to hang. Instead, the server answers each page with
# the Dutch report (and the terminal shows it) until the error is fixed; then the pages come
# back by themselves. Only `serve` runs this event: `mkdocs build` still stops on an error.
ERROR_PAGE = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="2">
<title>Fout in de gegevens: de site is niet bijgewerkt</title>
<style>body{{font:1.1rem/1.5 sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
pre{{white-space:pre-wrap;background:#fdecea;border-left:.3rem solid #b71c1c;padding:1rem}}</style>
</head>
<body>
<h1>De site is niet bijgewerkt</h1>
<p>Er is een fout in de gegevens. Verbeter de fout en sla het bestand op.
Deze pagina laadt dan vanzelf de nieuwe site.</p>
<pre>{report}</pre>
</body>
</html>
"""


def on_serve(server, config, builder):
    failed: list[str] = []  # the report of the last rebuild, while it fails
    build = server.builder

    def rebuild():
        try:
            build()
        except Exception as error:  # noqa: BLE001 - every failed rebuild is shown, none stops the server
            report = str(error) if isinstance(error, Abort) else traceback.format_exc()
            print(report, file=sys.stderr)
            print("De site in de browser toont nu deze fout. Verbeter de fout en sla het bestand op; "
                  "de site bouwt zich dan vanzelf opnieuw.", file=sys.stderr, flush=True)
            failed[:] = [report]
        else:
            failed.clear()

    app = server.get_app()

    def answer(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if failed and path.startswith(server.mount_path) and path.endswith(("/", ".html")):
            body = ERROR_PAGE.format(report=html.escape(failed[0])).encode("utf-8")
            # Status 200: MkDocs logs any other status as a warning, every time the page reloads
            # (pushing the report out of view), and counts such warnings against a strict rebuild.
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
            return [body]
        return app(environ, start_response)

    server.builder = rebuild
    server.set_app(answer)
    return server
