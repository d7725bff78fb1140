"""The Markdown extension every builder loads: the last step of each page's HTML.

Listed under `markdown_extensions:` in mkdocs.yml, so MkDocs, ProperDocs and Zensical all run it
(Zensical ignores `hooks:`, but renders Markdown with Python-Markdown and these extensions).
It runs after everything else Markdown does and hands the page's HTML to
`generate.finished_html` (woordenlijst links, column names on table cells, whitespace for the
search index). The only builder-specific part is finding the URL of the page being rendered.

    markdown_extensions:
      - macros.build.markdown_extension:
          project: !relative $config_dir    # the folder with data/
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from . import generate

NAME = "macros.build.markdown_extension"
# After Python-Markdown's own postprocessors (raw HTML 30, & 20): the HTML as the builder gets it.
PRIORITY = 1


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


class FinishedHtml(Postprocessor):
    def __init__(self, md: Markdown, project):
        super().__init__(md)
        self.project = project  # MkDocs' `!relative $config_dir` is known only once the config is read

    def run(self, text: str) -> str:
        project = str(self.project) or "."  # '': the config file was named without a folder (cwd)
        # Loaded on the first page, not when the config is read: a data error is reported by
        # the build's own check first (cached, so this is the same Akkoord).
        return generate.finished_html(text, generate.load(Path(project)), page_url(self.md))


class FinishedHtmlExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"project": ["", "the folder with data/ (in mkdocs.yml: !relative $config_dir); "
                                       "default: the current folder"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(FinishedHtml(md, self.getConfig("project")), "zorgsaam_finished_html", PRIORITY)


def makeExtension(**kwargs) -> FinishedHtmlExtension:  # noqa: N802 - Python-Markdown's name
    return FinishedHtmlExtension(**kwargs)
