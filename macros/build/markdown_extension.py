"""The Markdown extension every builder loads: the last step of each page's HTML.

Listed under `markdown_extensions:` in mkdocs.yml, so MkDocs, ProperDocs and Zensical all run it
(Zensical ignores `hooks:`, but renders Markdown with Python-Markdown and these extensions).
It takes the page's HTML as Markdown's convert() returns it and hands it to
`generate.finished_html` (woordenlijst links, column names on table cells, whitespace for the
search index). The only builder-specific part is finding the URL of the page being rendered.

    markdown_extensions:
      - macros.build.markdown_extension:
          project: !relative $config_dir    # the folder with data/
"""

from __future__ import annotations

import os
from pathlib import Path

from markdown import Extension, Markdown

from . import generate

NAME = "macros.build.markdown_extension"


def page_url(md: Markdown) -> str:
    """The site-relative URL of the page this Markdown instance renders ('afspraken/7/')."""
    if "relpath" in md.treeprocessors:  # MkDocs and ProperDocs: their link rewriter knows the file
        file = getattr(md.treeprocessors["relpath"], "file", None)
        if file is not None:
            return file.url
    for processor in md.preprocessors:  # Zensical: its rendering context holds the page
        page = getattr(processor, "page", None)
        if type(processor).__name__ == "ContextPreprocessor" and page is not None:
            return page.url.lstrip("/")
    raise RuntimeError(f"{NAME}: this builder does not say which page it renders; "
                       "macros/build/markdown_extension.py needs a way to find its URL.")


_loaded: dict = {}


def _akkoord(project: Path):
    """generate.load, asked again only when a data file's size or time changed: it hashes all of
    data/, and this runs for every page (`mkdocs serve` still sees every edit)."""
    stamp = tuple((p.as_posix(), s.st_size, s.st_mtime_ns) for p in sorted((project / "data").rglob("*"))
                  if p.is_file() for s in [p.stat()])
    key = (project.resolve(), stamp, os.environ.get("SOURCE_DATE_EPOCH"))
    if _loaded.get("key") != key:
        _loaded.update(key=key, akkoord=generate.load(project))
    return _loaded["akkoord"]


class FinishedHtmlExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"project": ["", "the folder with data/ (in mkdocs.yml: !relative $config_dir); "
                                       "default: the current folder"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Around convert(), not a postprocessor: the toc extension and MkDocs also run the
        # postprocessors over single headings and titles; this step is for the whole page.
        convert, project = md.convert, self.getConfig("project")

        def finished_convert(source: str) -> str:
            # MkDocs' `!relative $config_dir` is known only once the config is read; '' is the
            # current folder (a config file named without a folder). Data is loaded on the first
            # page, after the build's own check has reported any data error.
            root = Path(str(project) or ".")
            return generate.finished_html(convert(source), _akkoord(root), page_url(md))

        md.convert = finished_convert


def makeExtension(**kwargs) -> FinishedHtmlExtension:  # noqa: N802 - Python-Markdown's name
    return FinishedHtmlExtension(**kwargs)
