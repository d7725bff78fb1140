"""Privacy: the site talks to nobody but its own server and sets no cookies.

Every built page is opened in Chromium; every request the browser makes (page, styles,
scripts, the search worker and its index) must go to the local test server. Requests
to any other host are blocked and reported. After each page: no cookies in the browser
context and document.cookie is empty.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pytest

from sitepages import SEARCH, example_page, new_context, open_page, page_paths, url_of

# Any URL in a page's markup that would make the browser fetch from elsewhere.
FETCHING = re.compile(r'<(?:link|script|img|iframe|source|video|audio|embed|object)\b[^>]*?'
                      r'\b(?:href|src|srcset|data)="(https?:)?//', re.I)
QUIET = 0.2  # seconds without open requests before a page counts as loaded
NOT_FETCHED = re.compile(r'<link\b[^>]*\brel="(?:canonical|alternate|prev|next)"', re.I)


@pytest.mark.browser
def test_every_page_requests_only_the_local_server_and_sets_no_cookies(browser, gate_url, gate_site, builder):
    """On every builder (conftest.BUILDERS)."""
    site_url, site_dir, search = gate_url, gate_site, SEARCH[builder]
    outside: list[str] = []
    requested: list[str] = []
    context = new_context(browser, site_url, site_dir, outside)
    context.on("request", lambda request: requested.append(request.url))
    # Four tabs load at once. A tab is done when the page has loaded and none of its
    # requests (the search worker's included) has been open for QUIET seconds; shorter
    # than Playwright's fixed 500 ms "networkidle", which would double the run time.
    tabs = [context.new_page() for _ in range(4)]
    inflight = {tab: set() for tab in tabs}
    for tab in tabs:
        tab.on("request", lambda request, tab=tab: inflight[tab].add(request))
        tab.on("requestfinished", lambda request, tab=tab: inflight[tab].discard(request))
        tab.on("requestfailed", lambda request, tab=tab: inflight[tab].discard(request))
    local = urlparse(site_url).netloc
    problems = []
    pages = page_paths(site_dir)
    try:
        for start in range(0, len(pages), len(tabs)):
            batch = list(zip(tabs, pages[start:start + len(tabs)]))
            before = len(outside)
            for tab, rel in batch:
                tab.goto(url_of(site_url, rel), wait_until="commit")
            for tab, rel in batch:
                tab.wait_for_load_state("load")
                tab.focus(search["open"])  # Material's search loads its index only when opened
                quiet_since = time.monotonic()
                while time.monotonic() - quiet_since < QUIET:
                    tab.wait_for_timeout(25)
                    if inflight[tab]:
                        quiet_since = time.monotonic()
                if document_cookie := tab.evaluate("document.cookie"):
                    problems.append(f"{rel}: document.cookie = {document_cookie!r}")
            names = [rel for _, rel in batch]
            if len(outside) > before:
                problems.append(f"one of {names}: requests to other hosts: {sorted(set(outside[before:]))}")
            if cookies := context.cookies():
                problems.append(f"one of {names}: cookies set: {cookies}")
    finally:
        context.close()
    worker = [url for url in requested if search["worker"] in url]
    assert len(worker) >= len(pages), f"the search worker did not finish loading on every page: {len(worker)}"
    assert any(url.endswith(search["index"]) for url in requested), "the search index was never loaded"
    assert all(urlparse(url).netloc == local for url in requested if url.startswith("http")
               and url not in outside), "a request went past the route that blocks outside hosts"
    assert not problems, "\n".join(problems)


def test_no_page_links_to_outside_styles_scripts_fonts_or_images(gate_site):
    """Static check over the markup, so a resource that only loads in some browsers is caught too."""
    site_dir = gate_site
    problems = []
    for rel in page_paths(site_dir):
        for line in (site_dir / rel).read_text("utf-8").splitlines():
            if FETCHING.search(line) and not NOT_FETCHED.search(line):
                problems.append(f"{rel}: {line.strip()[:200]}")
            if "fonts.googleapis" in line or "fonts.gstatic" in line:
                problems.append(f"{rel}: Google Fonts: {line.strip()[:200]}")
    for css in site_dir.rglob("*.css"):
        text = css.read_text("utf-8", errors="replace")
        for match in re.finditer(r'(?:@import\s+|url\()\s*["\']?(https?:)?//[^)"\']+', text):
            problems.append(f"{css.relative_to(site_dir)}: {match.group(0)[:200]}")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_privacy_check_can_fail(browser, site_url, site_dir):
    """A page that loads an outside font is caught (and blocked) by the same context."""
    outside: list[str] = []
    with open_page(browser, site_url, site_dir, outside) as page:
        page.goto(url_of(site_url, "index.html"))
        page.evaluate("""() => new Promise(done => {
            const link = document.createElement('link');
            link.rel = 'stylesheet'; link.href = 'https://fonts.googleapis.com/css?family=Roboto';
            link.onload = link.onerror = done; document.head.append(link); })""")
    assert outside == ["https://fonts.googleapis.com/css?family=Roboto"]


@pytest.mark.browser
def test_the_search_index_loads_only_when_search_is_opened(browser, site_url, site_dir):
    requested: list[str] = []
    with open_page(browser, site_url, site_dir) as page:
        page.on("request", lambda request: requested.append(request.url))
        page.goto(url_of(site_url, example_page("afspraak")), wait_until="load")
        page.wait_for_timeout(1500)
        assert not [url for url in requested if "search_index.json" in url], "index fetched on a first visit"
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially("kerngroep", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    assert [url for url in requested if "search_index.json" in url], "opening search did not fetch the index"
