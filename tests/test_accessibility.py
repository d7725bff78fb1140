"""WCAG 2.1/2.2 AA with axe-core (node_modules/axe-core, the pinned version) in Debian's Chromium.

Every built page at desktop width, the main page types at phone width, and the search
dialog open with results: zero violations for the tags wcag2a, wcag2aa, wcag21a,
wcag21aa and wcag22aa. Plus the reading defaults the theme promises older readers.
"""

from __future__ import annotations

import pytest

from sitepages import AXE_JS, AXE_TAGS, example_page, open_page, open_search, page_paths, url_of

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PHONE_PAGES = ["index.html", "afspraken/index.html", example_page("afspraak"), "akkoord/index.html",
               example_page("gemeente"), example_page("ondertekenaar"), "ondertekenaars/index.html", "404.html"]


# Header, navigation and footer are the same template on every page. They are checked in
# full on FULL_PAGES (and on phones, and with search open); elsewhere only the page
# itself is checked, which keeps axe within the time budget on two cores.
FULL_PAGES = {"index.html", "afspraken/index.html", example_page("afspraak"), example_page("gemeente"),
              example_page("verantwoordelijke"), "over/toegankelijkheid/index.html", "404.html"}
CHROME = [".md-header", ".md-sidebar", ".md-footer"]


def axe_violations(page, exclude: list[str] | None = None) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    context = {"include": ["html"], "exclude": [[selector] for selector in exclude or []]}
    result = page.evaluate("([context, tags]) => axe.run(context, {runOnly: {type: 'tag', values: tags}, "
                           "resultTypes: ['violations']})", [context, AXE_TAGS])
    return [f"{v['id']} ({v['impact']}): {v['help']}\n      at {n['target']}: {n['failureSummary'][:300]}"
            for v in result["violations"] for n in v["nodes"]]


def check_pages(browser, site_url, site_dir, pages, viewport, full=None) -> list[str]:
    problems = []
    with open_page(browser, site_url, site_dir, viewport=viewport) as page:
        for rel in pages:
            page.goto(url_of(site_url, rel))
            exclude = None if full is None or rel in full else CHROME
            problems += [f"{rel} @ {viewport['width']}px: {v}" for v in axe_violations(page, exclude)]
    return problems


@pytest.mark.browser
def test_axe_finds_no_violations_on_any_page(browser, gate_url, gate_site):
    """On every builder (conftest.BUILDERS), as the next two tests."""
    pages = page_paths(gate_site)
    assert FULL_PAGES <= set(pages)
    problems = check_pages(browser, gate_url, gate_site, pages, DESKTOP, full=FULL_PAGES)
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


@pytest.mark.browser
def test_axe_finds_no_violations_on_phones(browser, gate_url, gate_site):
    problems = check_pages(browser, gate_url, gate_site, PHONE_PAGES, PHONE)
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violations_with_search_open(browser, gate_url, gate_site, builder, viewport):
    with open_page(browser, gate_url, gate_site, viewport=viewport) as page:
        page.goto(url_of(gate_url, "afspraken/index.html"))
        if builder == "mkdocs" and viewport is PHONE:
            page.keyboard.press("Tab")  # skip link
            page.locator("label.md-header__button[for=__search]").focus()
            page.keyboard.press("Enter")  # the search button works from the keyboard
            assert page.get_by_role("dialog", name="Zoeken op deze site").count() == 1
            assert page.evaluate("document.getElementById('__search').checked"), "search did not open"
            page.locator(".md-search__input").focus()
            page.keyboard.type("wonen", delay=50)
            page.locator(".md-search-result__item").first.wait_for(timeout=90_000)  # slow when the CPU is busy
        else:
            open_search(page, builder, "wonen")
        problems = axe_violations(page)
    assert not problems, f"{len(problems)} axe violations with search open:\n" + "\n".join(problems)


@pytest.mark.browser
def test_axe_check_can_fail(browser, site_url, site_dir):
    """Grey-on-white text and an unlabeled button are reported: the check is live."""
    with open_page(browser, site_url, site_dir) as page:
        page.goto(url_of(site_url, "index.html"))
        page.evaluate("""() => { const p = document.createElement('p'); p.textContent = 'Te licht';
            p.style.color = '#bbb'; document.querySelector('article').prepend(p);
            document.querySelector('article').append(document.createElement('button')); }""")
        ids = {line.split(" ")[0] for line in axe_violations(page)}
    assert {"color-contrast", "button-name"} <= ids


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_readable_text_size_and_line_length(browser, site_url, site_dir, viewport):
    """Body text is at least 18px, line height at least 1.5, prose at most about 75 characters wide."""
    with open_page(browser, site_url, site_dir, viewport=viewport) as page:
        page.goto(url_of(site_url, example_page("afspraak")))
        style = page.evaluate("""() => {
            const p = document.querySelector('article p');
            const s = getComputedStyle(p), ch = document.createElement('span');
            ch.textContent = '0'.repeat(100); ch.style.whiteSpace = 'nowrap'; p.append(ch);
            const chWidth = ch.getBoundingClientRect().width / 100; ch.remove();
            return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
                    maxCh: parseFloat(s.maxWidth) / chWidth, width: p.getBoundingClientRect().width / chWidth};
        }""")
        page.goto(url_of(site_url, "afspraken/index.html"))
        table = page.evaluate("""() => { const t = document.querySelector('.zw-tabel');
            return t ? getComputedStyle(t).overflowX : null; }""")
    assert style["size"] >= 18, style
    assert style["line"] >= 1.5, style
    assert style["width"] <= 76, style
    assert table == "auto", "tables must scroll sideways inside .zw-tabel"
