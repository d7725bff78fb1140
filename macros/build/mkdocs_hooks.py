"""MkDocs hook: the MkDocs adapter of the generator (macros/build/generate.py).

Listed under `hooks:` in mkdocs.yml. It loads the data (generate.load: cached, so the macros
plugin's define_env gets the same Akkoord without a second load) and adds generate.generated_files
to the build. What only MkDocs needs stays here: the Material bundle's compile hint, MkDocs'
silent loss of bad front matter, and `mkdocs serve`'s error page. Everything a page shows is
made by the generator: pages and files (generate.generated_files), the HTML after Markdown
(macros/build/markdown_extension.py, which every builder runs) and the page dates
(generate.last_changed; here set on hand-written pages, in the front matter of generated ones).
"""

from __future__ import annotations

import html
import sys
import traceback
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# MkDocs loads a hook by file path; make the package next to it importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from macros.build import generate, theme  # noqa: E402
from macros.data.loader import DataErrors  # noqa: E402
from macros.history import git  # noqa: E402
from macros.output import blocks  # noqa: E402

# The generator's input of the current build (set in on_config); only this hook reads it.
_build: dict[str, generate.BuildInput] = {}


@event_priority(100)  # before the macros plugin, so a data error stops the build with our report
def on_config(config):
    try:
        inp = generate.build_input(Path(config.config_file_path).parent, site_url=config.site_url or "",
                                   meld_adres=config.extra.get("meld_adres"),
                                   repo_adres=config.extra.get("repo_adres"), docs_dir=Path(config.docs_dir),
                                   site_name=config.site_name or "")
    except DataErrors as errors:
        raise Abort(errors.report()) from None
    except generate.GenerateError as error:  # e.g. a deploy without the full git history
        raise Abort(str(error)) from None
    _build["input"] = inp
    if config.nav:
        generate.nav(inp, config.nav)
    return config


def on_files(files, config):
    for path, content in generate.generated_files(_build["input"]).items():
        files.append(File.generated(config, path, content=content))
    _add_compile_hint(files, config)
    return files


def _add_compile_hint(files, config) -> None:
    bundles = [f for f in files if theme.BUNDLE.match(f.src_uri)]
    if len(bundles) != 1:
        raise Abort(f"Expected one Material bundle (assets/javascripts/bundle.<hash>.min.js), found "
                    f"{[f.src_uri for f in bundles]}: macros/build/theme.py needs updating for this Material version.")
    bundle = bundles[0]
    source_map = files.get_file_from_path(bundle.src_uri + ".map")
    changed = [(bundle, theme.with_compile_hint(bundle.content_string))]
    if source_map is not None:
        changed.append((source_map, theme.source_map_after_hint(source_map.content_string)))
    for original, content in changed:
        files.remove(original)
        files.append(File.generated(config, original.src_uri, content=content))


def on_page_markdown(markdown, page, config, files):
    # MkDocs silently drops front matter it cannot parse (and with it render_macros);
    # an unparsed block is still at the top of the page, so stop the build there.
    problem = generate.front_matter_problem(markdown) if page.file.abs_src_path else None
    if problem:
        raise Abort(generate.front_matter_report(f"docs/{page.file.src_uri}", problem))
    if not getattr(page.file, "generated_by", None):  # a generated page has its date in its front matter
        page.meta[blocks.LAST_CHANGED_META] = generate.last_changed(_build["input"], page.file.src_uri,
                                                                    generated=False)
    return markdown


def on_pre_build(config):
    git.forget_last_commits()  # `mkdocs serve` may rebuild after a commit


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
