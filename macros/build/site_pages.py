"""The pages generated from data: one list, used by the build hook and the tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..output import blocks, changes, feeds, meld, pages, urls, woordenlijst
from ..history.diff import Geschiedenis
from ..constants import WINDOWS_NAMES as WINDOWS_ID_NAMES
from ..model import Akkoord

# libyaml's dumper where PyYAML has it: the same YAML, written many times faster (one per page).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # e.g. afspraken/7.md
    title: str  # plain text; escaped when written
    description: str
    body: Callable[[str], str]  # url of the page -> Markdown/HTML body (output.pages builds it as safe.Html)
    in_nav: bool = False  # a long nav on every page makes builds grow with pages squared
    in_search: bool = True  # False for views that only repeat other pages
    wide: bool = False  # hide the table of contents so a wide afspraken table fits
    feed: str | None = None  # site-relative path of an Atom feed for <link rel="alternate">

    @property
    def url(self) -> str:
        return self.src_uri.removesuffix(".md") + "/"

    def markdown(self, last_changed: str | None = None) -> str:
        """`last_changed`: the date line (blocks.laatst_aangepast), as page meta for the theme."""
        # Theme templates print title and description without escaping: escape them here
        # (blocks.e also cleans them: safe.clean_text). str(): YAML only writes plain strings.
        meta = {"title": str(blocks.e(self.title)), "description": str(blocks.e(self.description))}
        if last_changed:
            meta[blocks.LAST_CHANGED_META] = last_changed
        if self.feed:
            meta["feed"] = self.feed
        if not self.in_search:
            meta["search"] = {"exclude": True}
        if self.wide:
            meta["hide"] = ["toc"]
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{str(self.body(self.url))}"


def _short(text: str, limit: int = 155) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def generated_pages(akkoord: Akkoord, *, site_url: str = "", meld_adres: meld.MeldRoute | str | None = None,
                    check_paths: bool = True, geschiedenis: Geschiedenis | None = None,
                    site_name: str = "") -> list[GeneratedPage]:
    made: list[GeneratedPage] = []
    site_url = urls.public_site_url(site_url)  # only an address readers can visit is shown on a page
    for a in akkoord.afspraken.values():
        feed = feeds.afspraak_feed_path(a.nummer)
        made.append(GeneratedPage(
            f"afspraken/{a.nummer}.md", f"Afspraak {a.nummer}: {a.titel}", _short(a.uitleg),
            lambda here, a=a, feed=feed: pages.afspraak_page(
                akkoord, a, here, site_url=site_url, meld_adres=meld_adres, feed=feed,
                wijzigingen=changes.afspraak_sectie(akkoord, geschiedenis, a, here, meld_adres)),
            feed=feed))
    for s in akkoord.statussen.values():
        made.append(GeneratedPage(
            f"afspraken/status/{s.slug}.md", f"Afspraken met status: {s.label}",
            f"De afspraken uit het woonzorgakkoord met de status \u2018{s.label}\u2019.",
            lambda here, s=s: pages.status_page(akkoord, s, here), in_search=False, wide=True))
    made.append(GeneratedPage(
        "afspraken/print.md", "Overzicht om te printen",
        "Alle afspraken van het woonzorgakkoord met hun status, op één pagina om te printen.",
        lambda here: pages.print_page(akkoord, here, site_url, site_name), in_search=False))
    for p in akkoord.proeftuinen.values():
        made.append(GeneratedPage(
            f"proeftuinen/{p.id}.md", p.naam, _short(p.samenvatting),
            lambda here, p=p: pages.proeftuin_page(akkoord, p, here)))
    for g in akkoord.gemeenten.values():
        made.append(GeneratedPage(
            f"gemeenten/{g.id}.md", f"Gemeente {g.naam}",
            f"Wat het woonzorgakkoord betekent voor {g.naam}: proeftuin, ondertekenaars en afspraken.",
            lambda here, g=g: pages.gemeente_page(akkoord, g.id, here), in_nav=True, wide=True))
    for ref, v in akkoord.verantwoordelijken.items():
        made.append(GeneratedPage(
            f"organisaties/{ref}.md", v.naam, f"Waar {v.naam} verantwoordelijk voor is, en hoe ver dat is.",
            lambda here, ref=ref: pages.organisatie_page(akkoord, ref, here), in_nav=True, wide=True))
    for ref, o in akkoord.ondertekenaars.items():
        made.append(GeneratedPage(
            f"organisaties/{ref}.md", o.naam, f"{o.naam} en het woonzorgakkoord{f' {site_name}' if site_name else ''}.",
            lambda here, ref=ref: pages.organisatie_page(akkoord, ref, here), wide=True))
    made.append(GeneratedPage(
        woordenlijst.PAGE, "Woordenlijst",
        woordenlijst.description(akkoord),
        lambda here: woordenlijst.page(akkoord, here)))
    made.append(GeneratedPage(
        changes.PAGE, changes.TITLE,
        "Wat er onlangs is veranderd in de afspraken, ondertekenaars, proeftuinen en bronnen van deze site.",
        lambda here: changes.page(akkoord, geschiedenis, here, meld_adres, feeds.WIJZIGINGEN_FEED),
        in_search=False, feed=feeds.WIJZIGINGEN_FEED))
    return checked_paths(made) if check_paths else made


# --- A final guard on the paths of generated pages --------------------------------------------
# Defence in depth: the loader refuses a bad id first, with a Dutch message for the editor
# (constants.ID_PATTERN, RESERVED_IDS, crosschecks.PAGE_FOLDERS). This only stops the build if that ever fails.

SAFE_SRC_URI = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*\.md")
WINDOWS_NAMES = frozenset(WINDOWS_ID_NAMES)
DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"


class UnsafePagePath(ValueError):
    pass


def checked_paths(pages: list[GeneratedPage], docs_dir: Path = DOCS_DIR) -> list[GeneratedPage]:
    """The pages, if every src_uri is made of [a-z0-9-] segments, unique, and no hand-written page or folder."""
    seen = set()
    for page in pages:
        uri, stem = page.src_uri, page.src_uri.removesuffix(".md")
        problem = ("er staan andere tekens in dan kleine letters, cijfers, streepjes en /"
                   if not SAFE_SRC_URI.fullmatch(uri) or len(uri) > 200
                   else "die naam kan op Windows niet" if set(stem.split("/")) & WINDOWS_NAMES
                   else "die pagina wordt al gemaakt" if uri in seen
                   else "er is al een pagina of map met die naam in docs/"
                   if (docs_dir / uri).exists() or (docs_dir / stem).exists() else None)
        if problem:
            raise UnsafePagePath(f"De pagina {uri!r} kan niet gemaakt worden: {problem}. De controle van de gegevens "
                                 "had dit moeten melden; meld het aan de beheerders van de site.")
        seen.add(uri)
    return pages


def nav_with_generated(nav: list, pages: list[GeneratedPage]) -> list:
    """Append generated pages to the nav section whose first entry is their folder's index.md."""
    def walk(items):
        for item in items:
            if isinstance(item, dict):
                for children in item.values():
                    if isinstance(children, list):
                        walk(children)
                        first = children[0] if children else None
                        index = first if isinstance(first, str) else None
                        if index and index.endswith("/index.md"):
                            folder = index.removesuffix("index.md")
                            children.extend(p.src_uri for p in pages
                                            if p.in_nav and p.src_uri.startswith(folder)
                                            and "/" not in p.src_uri.removeprefix(folder))
    walk(nav)
    return nav
