"""`zorgsaam-generate`: everything made from data/, as a docs folder any Markdown builder renders.

One step, two users. The MkDocs hook (macros/build/mkdocs_hooks.py) calls `generated_files()` on every build
(so `make serve` and `mkdocs build --strict` use this code), and the command (macros/build/command.py)
writes `site_files()` to a folder plus a builder config without hooks or the macros plugin, for
builders that only render Markdown (Zensical).

The data is loaded once per data folder and content (`load()`, cached), with the same Dutch
errors as the build; hand-written pages are rendered by the same sandboxed Jinja and the same
check as in the MkDocs build (macros/build/templates.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import posixpath
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils.meta import get_data

from ..output import blocks, feeds, meld, opendata, overviews, tables, text, woordenlijst
from ..history import diff, git
from . import cms, docsgate, templates
from ..data.loader import TIMEZONE, DataErrors, load_akkoord, peildatum_from_env
from ..data.schemas import list_fields, schema_bytes, with_values
from ..data.yamlsource import MAX_BYTES, read_limited
from ..model import Akkoord
from .site_pages import generated_pages, nav_with_generated

Content = str | bytes
# Left out of a builder config made with --config: they need MkDocs (hooks, the macros plugin)
# or git, and the generated folder already holds what they make.
MKDOCS_ONLY_PLUGINS = ("macros",)
# Zensical's look closest to Material for MkDocs (its default "modern" has a white header and
# another search field); MkDocs passes unknown theme keys to the templates, which ignore it.
THEME_FOR_OTHER_BUILDERS = {"variant": "classic"}


class GenerateError(Exception):
    """A Dutch report for the editor (a page that is more than text and macro calls, ...)."""


@dataclass(frozen=True)
class BuildInput:
    """What the generated files are made from. A new input (e.g. the git history) is a field here."""
    root: Path
    akkoord: Akkoord
    site_url: str = ""
    meld_route: meld.MeldRoute = meld.MeldRoute()
    docs_dir: Path | None = None
    geschiedenis: diff.Geschiedenis | None = None  # the changes from git
    site_name: str = ""  # mkdocs.yml's site_name: the only place the site's own name is written
    admin: Mapping[str, Content] | None = None  # the editors' form at /admin/ (build/cms.py)

    @property
    def docs(self) -> Path:
        return self.docs_dir or self.root / "docs"

    @property
    def schema_dir(self) -> Path:
        return self.root / "data" / "schema"


# --- loading, cached by data folder and content ---------------------------------------------

_loaded: dict[tuple, Akkoord] = {}


def _fingerprint(data_dir: Path) -> str:
    """The content of data/, read in chunks; a file over the gate's limit by its size and time only
    (the loader refuses it without reading it whole)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        status = path.stat()
        if status.st_size > MAX_BYTES:
            digest.update(f"{status.st_size} {status.st_mtime_ns}".encode())
        else:
            with path.open("rb") as file:
                for chunk in iter(lambda: file.read(1 << 16), b""):
                    digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def load(root: Path, environ: Mapping[str, str] = os.environ) -> Akkoord:
    """The Akkoord of root/data as of SOURCE_DATE_EPOCH; loaded again only when data/ changed.

    Raises loader.DataErrors (Dutch, with file, regel and veld). The build hook and the macros
    both call this, so neither depends on the other having run first.
    """
    root = Path(root).resolve()
    data_dir = root / "data"
    peildatum = peildatum_from_env(environ)
    # The date of the stand: when the data last changed (git), kept apart from the day of the build.
    # A commit after the build day (a clock set wrong) is not known, by the rule of /wijzigingen/.
    moment = diff.known_date(git.data_last_changed(root), peildatum)
    changed = moment.astimezone(TIMEZONE).date() if moment else None
    key = (data_dir, peildatum, _fingerprint(data_dir) if data_dir.is_dir() else None, changed)
    if key not in _loaded:
        akkoord = dataclasses.replace(load_akkoord(data_dir, peildatum, display_root=root), gegevens_gewijzigd=changed)
        _loaded.clear()  # one data folder at a time: `mkdocs serve` must not grow with every edit
        _loaded[key] = akkoord
    return _loaded[key]


def build_input(root: Path, *, site_url: str = "", meld_adres: str | None = None, repo_adres: str | None = None,
                docs_dir: Path | None = None, environ: Mapping[str, str] = os.environ,
                site_name: str = "") -> BuildInput:
    """Raises DataErrors, or GenerateError when the history is required but missing."""
    akkoord = load(root, environ)
    try:
        admin = cms.admin_files(akkoord, Path(root).resolve(), repo_adres=repo_adres or "", site_url=site_url or "",
                                site_name=site_name, auth_url=environ.get(cms.AUTH_URL_ENV, ""))
    except cms.CmsError as error:
        raise GenerateError(str(error)) from None
    return BuildInput(Path(root).resolve(), akkoord, site_url or "",
                      meld.MeldRoute.of(meld_adres, repo_adres), docs_dir,
                      geschiedenis(Path(root).resolve(), akkoord, environ), site_name, admin)


_compared: dict = {}


def geschiedenis(root: Path, akkoord: Akkoord, environ: Mapping[str, str] = os.environ) -> diff.Geschiedenis:
    """The changes from git. Without full history a deploy (ZORGSAAM_GESCHIEDENIS=verplicht)
    stops; a local build says 'geschiedenis niet beschikbaar' on the pages."""
    found = git.read_history(root)
    if found.unavailable and git.required(environ):
        raise GenerateError(f"Niet gebouwd: de geschiedenis van de gegevens ontbreekt. {found.unavailable}\n"
                            f"Deze build moet de hele geschiedenis tonen ({git.REQUIRED_ENV}=verplicht). Haal "
                            "die op met 'git fetch --unshallow', of zet 'fetch-depth: 0' bij de checkout in de "
                            "workflow. Er is niets gepubliceerd.")
    labels = {naam: s.label for naam, s in akkoord.statussen.items()}
    key = (id(found), tuple(labels.items()), akkoord.peildatum)
    if _compared.get("key") != key or _compared.get("history") is not found:  # `make serve`: same history
        _compared.update(key=key, history=found, result=diff.changes(found, labels, akkoord.peildatum))
    return _compared["result"]


def meld_route(extra: Mapping) -> meld.MeldRoute:
    """The ways to report and the addresses, from mkdocs.yml's `extra` (MELD_ADRES, REPO_ADRES)."""
    return meld.MeldRoute.of(extra.get("meld_adres"), extra.get("repo_adres"))


# --- the macros a hand-written page may call --------------------------------------------------

def site_macros(akkoord: Akkoord, here: Callable[[], str],
                meld_route: meld.MeldRoute = meld.MeldRoute()) -> dict[str, Callable]:
    """The only names a page's Jinja sees: small functions returning HTML, never the model.
    A sentence about reporting or addresses comes from `meld_route`, as on the afspraak pages."""
    return {
        "status_telling": lambda: overviews.status_telling(akkoord, here()),
        "afspraken_tabel": lambda: overviews.afspraken_overzicht(akkoord, here()),
        "stand_samenvatting": lambda: overviews.stand_samenvatting(akkoord, here()),
        "stand_grafiek": lambda soort: overviews.stand_grafiek(akkoord, soort, here()),
        "over_tijd_tabel": lambda: overviews.over_tijd_tabel(akkoord, here()),
        "open_data_kolommen": lambda bestand: opendata.kolommen_uitleg(akkoord, bestand),
        "afspraken_per_groep": lambda: overviews.afspraken_per_groep(akkoord, here()),
        "ondertekenaars_tabel": lambda: blocks.ondertekenaars_tabel(akkoord, here()),
        "aantal_ondertekenaars": lambda: len(akkoord.ondertekenaars),
        "proeftuinen_lijst": lambda: blocks.proeftuinen_lijst(akkoord, here()),
        "thema_afspraken": lambda thema: overviews.thema_afspraken(akkoord, thema, here()),
        "thema_proeftuinen": lambda thema: overviews.thema_proeftuinen(akkoord, thema, here()),
        "bronnen_lijst": lambda: overviews.bronnen_lijst(akkoord),
        "statussen_uitleg": lambda: overviews.statussen_uitleg(akkoord),
        "organisaties_lijst": lambda: overviews.organisaties_lijst(akkoord, here()),
        "gemeenten_lijst": lambda: overviews.gemeenten_lijst(akkoord, here()),
        "themas_afspraken": lambda: overviews.themas_afspraken(akkoord, here()),
        "redactie_adres": lambda: meld.redactie_adres(meld_route),
        "fout_melden": lambda: meld.fout_melden(meld_route),
        "bestanden_adres": lambda: meld.bestanden_adres(meld_route),
        "datum": text.datum,
    }


# --- what is made from data -------------------------------------------------------------------

def _makers(inp: BuildInput, check_paths: bool = True) -> dict[str, Callable[[], Content]]:
    """Every file made from data: its path in the docs folder -> how to make it, in build order."""
    akkoord, site_url = inp.akkoord, inp.site_url
    out: dict[str, Callable[[], Content]] = {}
    for page in generated_pages(akkoord, site_url=site_url, meld_adres=inp.meld_route, geschiedenis=inp.geschiedenis,
                                site_name=inp.site_name, check_paths=check_paths):
        out[page.src_uri] = lambda page=page: page.markdown(last_changed(inp, page.src_uri, generated=True))
    made = {**opendata.files(akkoord, site_url),  # open data and feeds
            **feeds.files(akkoord, site_url, inp.geschiedenis, inp.site_name)}
    out.update({path: (lambda content=content: content) for path, content in made.items()})
    for path in sorted(inp.schema_dir.glob("*.schema.json")):
        out[opendata.schema_path(path.name)] = lambda path=path: published_schema(akkoord, path)
    out.update({path: (lambda content=content: content) for path, content in (inp.admin or {}).items()})
    return out


def generated_files(inp: BuildInput) -> dict[str, Content]:
    """Every file made from data, keyed by its path in the docs folder, in build order.

    The one list: the MkDocs hook adds exactly these, `zorgsaam-generate` writes exactly these.
    """
    return {path: make() for path, make in _makers(inp).items()}


def generated_paths(inp: BuildInput) -> list[str]:
    """The paths of generated_files, without making the pages: for the check of docs/ (docsgate.py)."""
    return list(_makers(inp, check_paths=False))  # docsgate reports what pages.checked_paths would stop on


def check_docs(inp: BuildInput) -> None:
    """Raise GenerateError (Dutch) if docs/ breaks a rule of docsgate.py; the build and the check call this."""
    problems = docsgate.docs_problems(inp.docs, generated_paths(inp))
    if problems:
        raise GenerateError(docsgate.report(problems))


def published_schema(akkoord: Akkoord, path: Path) -> bytes:
    """A schema of data/schema/ as the open data gives it: with this akkoord's values of each list."""
    schema = json.loads(read_limited(path).decode("utf-8"))
    values = {target: list(getattr(akkoord, target)) for _, target in list_fields(schema)}
    return schema_bytes(with_values(schema, values))


# --- what every builder does to a page after Markdown, and the page's date ---------------------

def finished_html(page_html: str, akkoord: Akkoord, page_url: str) -> str:
    """The last step of every page's HTML on every builder (macros/build/markdown_extension.py): the
    first place of each woordenlijst word linked to its explanation, the column name on every
    table cell (zorgsaam.css shows a table as cards on a phone), and whitespace where the search
    index would glue words together."""
    page_html = woordenlijst.linked(page_html, akkoord.woorden.values(), page_url)
    return tables.spaced_for_search(tables.label_cells(page_html))


# A page made from data/ has no file in git: it is as new as the last commit of the data files
# it is made from (the first section whose folder holds the page; otherwise all of data/).
DATA_FILES_OF = {
    "afspraken/": ("afspraken.yml", "statussen.yml", "bronnen.yml"),
    "proeftuinen/": ("proeftuinen.yml", "afspraken.yml", "bronnen.yml"),
    "gemeenten/": ("gemeenten.yml", "proeftuinen.yml", "ondertekenaars.yml", "afspraken.yml"),
    "organisaties/": ("verantwoordelijken.yml", "ondertekenaars.yml", "afspraken.yml", "bronnen.yml"),
    woordenlijst.PAGE: ("woordenlijst.yml", "bronnen.yml"),
}


def last_changed(inp: BuildInput, src_uri: str, *, generated: bool,
                 environ: Mapping[str, str] = os.environ) -> str:
    """'Pagina voor het laatst aangepast: <date>' of a page: a hand-written page from the last
    commit of its file, a generated one from its data files. Outside git, or for a file not
    committed yet: the moment of the build (SOURCE_DATE_EPOCH when set)."""
    if generated:
        section = next((s for s in DATA_FILES_OF if src_uri.startswith(s)), None)
        paths = tuple(f"data/{name}" for name in DATA_FILES_OF[section]) if section else ("data",)
        stamp = git.last_commit(inp.root, paths)
    else:
        stamp = git.last_commit(inp.root, (str((inp.docs / src_uri).resolve()),), follow=True)
    if stamp is None:
        epoch = environ.get("SOURCE_DATE_EPOCH", "")
        stamp = int(epoch) if epoch.isdigit() else int(time.time())
    elif diff.known_date(_moment(stamp), inp.akkoord.peildatum) is None:
        # A commit dated after the build day (a clock set wrong) is not shown as a past date.
        return f"{blocks.LAST_CHANGED} {diff.DATUM_ONBEKEND}"
    return blocks.laatst_aangepast(stamp)


def _moment(stamp: int) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(stamp, dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def nav(inp: BuildInput, configured: list) -> list:
    """The configured nav with the generated pages that belong in it."""
    return nav_with_generated(configured, generated_pages(inp.akkoord))


# --- hand-written pages, with their macros expanded ------------------------------------------

def front_matter_problem(markdown: str) -> str | None:
    """Why the front matter of a page cannot be read, or None. `markdown` is the page as MkDocs
    leaves it (mkdocs.utils.meta.get_data): MkDocs silently drops front matter it cannot parse
    (and with it render_macros), so an unparsed block is still at the top."""
    if not markdown.startswith("---\n"):
        return None
    block = markdown.split("\n---", 1)[0].removeprefix("---\n")
    try:
        yaml.safe_load(block)
        return "het blok wordt niet afgesloten met een regel '---'."
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", regel {mark.line + 2}" if mark else ""
        return (f"de gegevens bovenaan (front matter) zijn geen geldige YAML{line}. "
                "Zet een tekst met een dubbele punt tussen aanhalingstekens.")


def front_matter_report(display: str, problem: str) -> str:
    return f"{display}: {problem}\nNiet gebouwd: 1 fout in een pagina. Verbeter de fout hierboven; er is niets gepubliceerd."


def expanded_page(inp: BuildInput, src_uri: str, source: str) -> str:
    """A hand-written page as a builder without macros must get it: `render_macros` pages rendered."""
    display = f"{inp.docs.name}/{src_uri}"
    markdown, meta = get_data(source)  # MkDocs' own reading of the front matter
    problem = front_matter_problem(markdown)
    if problem:
        raise GenerateError(front_matter_report(display, problem))
    date = last_changed(inp, src_uri, generated=False)
    if not templates.will_render_meta(meta):
        return _front(dict(meta, **{blocks.LAST_CHANGED_META: date})) + markdown
    url = docsgate.page_url(src_uri)
    macros = site_macros(inp.akkoord, lambda: url, inp.meld_route)
    env = templates.page_environment(macros)
    title = meta.get("title")
    found = templates.page_problems(env, source, markdown, title if isinstance(title, str) else None)
    if found:
        raise GenerateError(templates.report(display, found, macros))
    if isinstance(title, str) and templates.has_j2(title):
        meta["title"] = env.from_string(title).render()
    meta.pop("render_macros")
    meta[blocks.LAST_CHANGED_META] = date
    return _front(meta) + env.from_string(markdown).render()


def _front(meta: dict) -> str:
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n" if meta else ""


def docs_files(inp: BuildInput) -> dict[str, Content]:
    """docs/ as a builder without macros needs it: pages expanded, other files as they are."""
    out: dict[str, Content] = {}
    for path in sorted(p for p in inp.docs.rglob("*") if p.is_file()):
        rel = path.relative_to(inp.docs).as_posix()
        if any(part.startswith(".") or part == "__pycache__" for part in rel.split("/")):
            continue
        raw = read_limited(path, docsgate.MAX_DOCS_BYTES)
        out[rel] = expanded_page(inp, rel, raw.decode("utf-8-sig")) if path.suffix == ".md" else raw
    return out


def site_files(inp: BuildInput) -> dict[str, Content]:
    """The complete docs folder: hand-written pages (expanded) and everything made from data,
    each page as <its URL>/index.md (folder_path)."""
    files = {**docs_files(inp), **generated_files(inp)}
    return {folder_path(rel): moved_down(content, rel) for rel, content in files.items()}


# Zensical resolves every relative URL in a page against the folder of its Markdown file;
# MkDocs does so only for Markdown links, and leaves the URLs in HTML (ours: macros, generated
# pages, woordenlijst links) relative to the page's URL. So in the generated folder every page is
# <URL>/index.md: the folder of the file is the folder of the URL, and every builder reads each
# href alike. A page moved one folder down gets '../' before the relative URLs of its Markdown links.

def folder_path(rel: str) -> str:
    """'akkoord.md' -> 'akkoord/index.md'; an index page or another file stays where it is."""
    if not rel.endswith(".md") or rel == "index.md" or rel.endswith("/index.md"):
        return rel
    return rel.removesuffix(".md") + "/index.md"


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_INLINE_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:\s*<?)(\S+?)(?=>?(\s|$))")
_NOT_RELATIVE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|/|#)")


def moved_down(content: Content, rel: str) -> Content:
    """Page `rel`'s Markdown as it must read from folder_path(rel): every relative URL of a
    Markdown link or link reference (not in code) made relative to the new folder, and a link to
    a page pointed at the page's new file ('open-data/afspraken.csv' in open-data.md ->
    'afspraken.csv'; 'hoe-werkt-dit.md' in afspraken/index.md -> 'hoe-werkt-dit/index.md')."""
    if isinstance(content, bytes) or not rel.endswith(".md"):
        return content
    old, new = posixpath.dirname(rel), posixpath.dirname(folder_path(rel))

    def _down(match: re.Match) -> str:
        url = match.group(2)
        if _NOT_RELATIVE.match(url):
            return match.group(0)
        path, rest = re.match(r"([^?#]*)(.*)", url).groups()
        if not path:
            return match.group(0)
        target = folder_path(posixpath.normpath(posixpath.join(old, path)))
        moved = posixpath.relpath(target, new or ".")
        return match.group(1) + moved + ("/" if path.endswith("/") and not moved.endswith("/") else "") + rest

    lines, fence = [], None
    for line in content.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            fence = None if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) else fence
        elif opening:
            fence = opening.group(1)
        else:
            line, pieces, last = _REFERENCE.sub(_down, line), [], 0
            for code in _CODE_SPAN.finditer(line):
                pieces += [_INLINE_LINK.sub(_down, line[last:code.start()]), code.group(0)]
                last = code.end()
            line = "".join(pieces) + _INLINE_LINK.sub(_down, line[last:])
        lines.append(line)
    return "\n".join(lines)


def nav_in_folder(item):
    """The nav with the page paths of the generated folder (folder_path)."""
    if isinstance(item, list):
        return [nav_in_folder(i) for i in item]
    if isinstance(item, dict):
        return {key: nav_in_folder(value) for key, value in item.items()}
    return folder_path(item) if isinstance(item, str) else item
