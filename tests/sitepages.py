"""Helpers shared by the accessibility, privacy, keyboard, link and HTML tests.

Not a test file: it lists the built pages, turns them into URLs on the local server and
makes a browser context that can open every page, including 404.html (which uses
absolute /<site path>/ URLs, because the server shows it for any missing address).
"""

from __future__ import annotations

import contextlib

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

from conftest import ROOT, html_pages

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MIN_PAGES = 40  # the site has about 50 pages; fewer means the loop is not testing the site


def page_paths(site_dir: Path) -> list[str]:
    """Every built HTML page, relative to site_dir, e.g. 'afspraken/7/index.html'."""
    paths = [p.relative_to(site_dir).as_posix() for p in html_pages(site_dir)]
    assert len(paths) >= MIN_PAGES, f"only {len(paths)} HTML pages in {site_dir}"
    return paths


def url_of(site_url: str, rel: str) -> str:
    return site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def site_prefix(site_dir: Path) -> str:
    """The path of site_url ('/zorgsaam-wonen/'), read from the absolute URLs in 404.html."""
    match = re.search(r'href="(/[^"]*?)assets/stylesheets/(?:classic/|modern/)?main\.', (site_dir / "404.html").read_text("utf-8"))
    return match.group(1) if match else "/"


def new_context(browser, site_url: str, site_dir: Path, outside: list[str] | None = None, **options):
    """A browser context that serves /<site path>/… from the local root and blocks (and
    records in `outside`) every request that is not for the local server."""
    context = browser.new_context(locale="nl-NL", **options)
    local = urlparse(site_url).netloc
    prefix = site_prefix(site_dir)

    def handle(route):
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob"):
            return route.continue_()
        if url.netloc != local:
            if outside is not None:
                outside.append(route.request.url)
            return route.abort()
        if prefix != "/" and url.path.startswith(prefix):
            return route.continue_(url=route.request.url.replace(prefix, "/", 1))
        return route.continue_()

    context.route("**/*", handle)
    return context


class PageParser(HTMLParser):
    """Collects ids, URLs in a/link/script/img/iframe/source and the .zw-status spans."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.attrs_of: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.attrs_of.append((tag, a))
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for attr in ("href", "src"):
            if attr in a and tag in ("a", "link", "script", "img", "iframe", "source", "area", "embed"):
                self.urls.append((tag, attr, a[attr] or ""))
        if a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.urls.append((tag, "srcset", part.strip().split()[0]))


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@contextlib.contextmanager
def open_page(browser, site_url: str, site_dir: Path, outside: list[str] | None = None, **options):
    """One page in a fresh context from new_context(), closed again afterwards."""
    context = new_context(browser, site_url, site_dir, outside, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def _first_id(name: str, key: str = "id") -> str:
    import yaml

    return str(yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))[0][key])


def example_page(kind: str) -> str:
    """One built page of a generated kind, chosen from data/ (so editors' changes keep it valid):
    'afspraak', 'gemeente', 'proeftuin', 'ondertekenaar' or 'verantwoordelijke'."""
    folder, name, key = {
        "afspraak": ("afspraken", "afspraken", "nummer"),
        "gemeente": ("gemeenten", "gemeenten", "id"),
        "proeftuin": ("proeftuinen", "proeftuinen", "id"),
        "ondertekenaar": ("organisaties", "ondertekenaars", "id"),
        "verantwoordelijke": ("organisaties", "verantwoordelijken", "id"),
    }[kind]
    return f"{folder}/{_first_id(name, key)}/index.html"


# Search differs per builder: Material's field in the header, Zensical's own dialog (in a shadow
# root, which Playwright's CSS locators enter). What a test opens, types in and gets back.
SEARCH = {
    "mkdocs": {"open": ".md-search__input", "input": ".md-search__input", "result": ".md-search-result__item",
               "link": "a.md-search-result__link", "index": "search/search_index.json", "worker": "lunr"},
    "zensical": {"open": ".md-search__button:visible, label.md-header__button[for=__search]:visible",  # phone: label
                 "input": "input[role=combobox]", "result": "[role=option]",
                 "link": "[role=option]", "index": "search.json", "worker": "workers/search"},
}


def open_search(page, builder: str, word: str, timeout: float = 90_000):
    """Open search, type `word`, wait for the first result; returns the result locator."""
    search = SEARCH[builder]
    page.locator(search["open"]).first.click()
    page.locator(search["input"]).first.press_sequentially(word, delay=30)
    results = page.locator(search["result"])
    results.first.wait_for(timeout=timeout)  # slow when the CPU is busy
    return results
