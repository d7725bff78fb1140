"""Keyboard use, on every built page, with real Tab presses in Chromium.

- The first Tab on a fresh page lands on the skip link, which is then visible and
  points at the content (#inhoud, just before the page content).
- Every visible interactive element looks different when focused: a focus outline of at
  least 2px that is not there without focus (all pages; focus moved by script after a
  real Tab, so :focus-visible applies as for keyboard users).
- On TAB_PAGES (one of each page type; the header, nav and footer are the same template
  everywhere) real Tab presses go through the whole page and must reach every visible
  interactive element. Doing that on all ~60 pages would take minutes.
- Status is never colour alone: every .zw-status has an icon (hidden from screen
  readers), a word, and a visible border.
- On phones the closed menu and, on every width, the closed search results are not in the
  Tab order (zorgsaam.css); the open menu is.

Timing: Tab presses come much faster than a person's, and Material reacts to focus a moment
later (it opens the search when its field gets focus, on a 1 ms debounce). So each test waits
until Material has started (its `document$` has emitted) and, after a Tab onto the search
field, until Material has opened the search: the page is then in the state a person sees.
The checks themselves do not depend on transitions finishing: focus in the search results
while the search is closed counts as hidden, however far the closing animation is.
"""

from __future__ import annotations

import pytest

from sitepages import example_page, open_page, page_paths, url_of

MAX_TABS = 400
TAB_PAGES = {"index.html", "afspraken/index.html", example_page("afspraak"), example_page("gemeente"),
             example_page("proeftuin"), example_page("ondertekenaar"), "404.html"}

# Material's bundle (deferred) sets window.document$ and emits it on DOMContentLoaded, when it
# mounts its components (search, drawer, keyboard handlers). A ReplaySubject: subscribing
# after it emitted calls back at once.
MATERIAL_STARTED = """() => { let started = false;
    if (window.document$ && window.component$) window.document$.subscribe(() => { started = true; }).unsubscribe();
    return started; }"""
IN_SEARCH_FIELD = "document.activeElement && document.activeElement.matches('.md-search__input')"
SEARCH_OPEN = "document.getElementById('__search').checked"


def goto(page, url: str) -> None:
    """Open `url` and wait until Material's JavaScript has started."""
    page.goto(url, wait_until="load")
    page.wait_for_function(MATERIAL_STARTED)


def settle(page) -> None:
    """After a Tab: when it landed on the search field, wait until Material has opened the
    search, as it does for a person (Material opens it on focus, after a 1 ms debounce)."""
    if page.evaluate(IN_SEARCH_FIELD):
        page.wait_for_function(SEARCH_OPEN)


# Focuses each reachable element by script and compares its style with and without focus.
FOCUS_STYLES = """() => {
    const style = el => { const s = getComputedStyle(el);
        return {outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0, shadow: s.boxShadow}; };
    const out = [];
    document.activeElement.blur();
    for (const el of document.querySelectorAll('[data-zw-reach]')) {
        const plain = style(el); el.focus(); const focused = style(el);
        out.push({html: el.outerHTML.slice(0, 100), plain, focused, active: document.activeElement === el});
        el.blur();
    }
    return out;
}"""

# Marks the focused element and returns what Tab reached, with its focused style.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    if (!el.dataset.zwTab) el.dataset.zwTab = String(document.querySelectorAll('[data-zw-tab]').length + 1);
    const s = getComputedStyle(el);
    return {id: el.dataset.zwTab, tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute('aria-label')
            || el.className || '').trim().slice(0, 40), outline: s.outlineStyle !== 'none'
            ? parseFloat(s.outlineWidth) : 0, outlineColor: s.outlineColor, shadow: s.boxShadow};
}"""

# Every element a keyboard user must be able to reach (visible, enabled, not tabindex=-1).
REACHABLE = """() => [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
    .filter(el => !el.disabled && el.tabIndex >= 0 && !el.closest('[inert]')
            && el.checkVisibility({visibilityProperty: true, opacityProperty: false})
            && !(el.tagName === 'INPUT' && el.type === 'checkbox' && getComputedStyle(el).display === 'none'))
    .map(el => { el.dataset.zwReach = '1'; return {id: el.dataset.zwTab || null, tag: el.tagName.toLowerCase(),
                 html: el.outerHTML.slice(0, 120)}; })"""

STATUSES = """() => [...document.querySelectorAll('.zw-status')].map(el => {
    const icon = el.querySelector('.zw-status__icoon');
    const word = [...el.childNodes].filter(n => n !== icon).map(n => n.textContent).join('').trim();
    const s = getComputedStyle(el);
    return {html: el.outerHTML.slice(0, 160), icon: icon ? icon.textContent.trim() : '',
            iconHidden: icon ? icon.getAttribute('aria-hidden') === 'true' : false, word,
            border: s.borderTopStyle !== 'none' && parseFloat(s.borderTopWidth) >= 1};
})"""


def walk(page) -> list[dict]:
    """Press Tab until focus comes back to the first element; returns what was focused."""
    seen: list[dict] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        settle(page)
        info = page.evaluate(FOCUSED)
        if info is None:
            continue
        if seen and info["id"] == seen[0]["id"]:
            break
        if all(info["id"] != s["id"] for s in seen):
            seen.append(info)
    return seen


@pytest.mark.browser
def test_keyboard_on_every_page(browser, site_url, site_dir):
    problems = []
    with open_page(browser, site_url, site_dir, viewport={"width": 1280, "height": 900}) as page:
        for rel in page_paths(site_dir):
            goto(page, url_of(site_url, rel))
            page.keyboard.press("Tab")
            first = page.evaluate("""() => { const el = document.activeElement, r = el.getBoundingClientRect();
                return {cls: el.className, href: el.getAttribute('href'), text: el.textContent.trim(),
                        onScreen: r.width > 0 && r.bottom > 0 && r.top < innerHeight,
                        opacity: getComputedStyle(el).opacity,
                        target: !!document.getElementById('inhoud')}; }""")
            if not ("md-skip" in first["cls"].split() and first["href"] == "#inhoud" and first["target"]):
                problems.append(f"{rel}: first Tab reaches {first}, not the skip link to #inhoud")
            elif not first["onScreen"] or float(first["opacity"]) < 1:
                problems.append(f"{rel}: skip link is not visible when focused: {first}")
            if rel in TAB_PAGES:
                page.keyboard.press("Shift+Tab")
                reached_ids = {r["id"] for r in walk(page)}
                for element in page.evaluate(REACHABLE):
                    if element["id"] not in reached_ids:
                        problems.append(f"{rel}: Tab never reaches {element['html']}")
            else:
                page.evaluate(REACHABLE)
            for element in page.evaluate(FOCUS_STYLES):
                focused, plain = element["focused"], element["plain"]
                if not element["active"] or focused["outline"] < 2 or (
                        plain["outline"] >= focused["outline"] and plain["shadow"] == focused["shadow"]):
                    problems.append(f"{rel}: no visible focus on {element['html']!r}: {focused} vs {plain}")
            for status in page.evaluate(STATUSES):
                if not (status["icon"] and status["iconHidden"] and status["word"] and status["border"]):
                    problems.append(f"{rel}: status without icon, word or border: {status}")
            if len(problems) > 60:
                break
    assert not problems, f"{len(problems)} keyboard problems:\n" + "\n".join(problems)


@pytest.mark.browser
def test_search_and_menu_buttons_are_tab_stops_on_phones(browser, site_url, site_dir):
    with open_page(browser, site_url, site_dir, viewport={"width": 390, "height": 844}) as page:
        goto(page, url_of(site_url, "afspraken/index.html"))
        names = []
        for _ in range(4):
            page.keyboard.press("Tab")
            settle(page)
            names.append(page.evaluate("document.activeElement.textContent.trim() || "
                                       "document.activeElement.getAttribute('aria-label')"))
        assert names[0] == "Naar inhoud springen", names
        assert "Menu" in names and "Zoeken" in names, names
        if page.evaluate(SEARCH_OPEN):  # Tab reached the search field, which opened the search
            page.keyboard.press("Escape")
        assert not page.evaluate(SEARCH_OPEN), "Escape does not close search"
        page.locator("label.md-header__button[for=__search]").focus()
        page.keyboard.press("Enter")
        assert page.evaluate(SEARCH_OPEN), "Enter does not open search"


WHERE_FOCUS_IS = """(() => { const a = document.activeElement, r = a.getBoundingClientRect();
    return {name: (a.textContent || a.getAttribute('aria-label') || a.tagName).trim().slice(0, 40),
            onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0,
            inMenu: !!a.closest('.md-sidebar--primary'),
            inClosedSearch: !!a.closest('.md-search__output') && !document.getElementById('__search').checked}; })()"""


def tab(page) -> dict:
    page.keyboard.press("Tab")
    settle(page)
    return page.evaluate(WHERE_FOCUS_IS)


@pytest.mark.browser
def test_the_closed_menu_is_not_in_the_tab_order_on_phones_and_the_open_one_is(browser, site_url, site_dir):
    with open_page(browser, site_url, site_dir, viewport={"width": 390, "height": 844}) as page:
        goto(page, url_of(site_url, "afspraken/index.html"))
        stops = [tab(page) for _ in range(12)]
        hidden = [s["name"] for s in stops if not s["onScreen"] or s["inMenu"] or s["inClosedSearch"]]
        assert not hidden, f"Tab lands on links of the closed menu or the closed search: {hidden}"
        page.locator("label.md-header__button[for=__drawer]").focus()
        page.keyboard.press("Enter")
        page.locator(".md-sidebar--primary a[href]").first.wait_for(state="visible")
        stops = [tab(page) for _ in range(8)]
        assert [s for s in stops if s["inMenu"] and s["onScreen"]], f"the open menu has no Tab stops: {stops}"


@pytest.mark.browser
def test_tab_from_the_search_field_does_not_land_in_the_closed_results(browser, site_url, site_dir):
    """Material closes the search on Tab; the next stop must be a visible one, on every width.
    (The result list has tabindex=0 and the closed search only shrinks it: zorgsaam.css.)"""
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        with open_page(browser, site_url, site_dir, viewport=viewport) as page:
            goto(page, url_of(site_url, "afspraken/index.html"))
            page.locator(".md-search__input").focus()
            page.wait_for_function(SEARCH_OPEN)
            stop = tab(page)
            assert not page.evaluate(SEARCH_OPEN), f"{viewport}: Tab does not close the search"
            assert not stop["inClosedSearch"], f"{viewport}: Tab lands in the closed search: {stop}"
            # Once the closing animation is over, focus is still on something visible.
            page.wait_for_function("""() => { const i = document.querySelector('.md-search__inner');
                return !i.getAnimations({subtree: true}).length; }""")
            stop = page.evaluate(WHERE_FOCUS_IS)
            assert stop["onScreen"] and not stop["inClosedSearch"], f"{viewport}: focus is hidden: {stop}"


@pytest.mark.browser
def test_focus_check_can_fail(browser, site_url, site_dir):
    """A link whose focus style is switched off is reported by the same measurement."""
    with open_page(browser, site_url, site_dir) as page:
        goto(page, url_of(site_url, "index.html"))
        page.evaluate("""() => document.querySelectorAll('a').forEach(a => {
            a.style.setProperty('outline', 'none', 'important'); a.style.setProperty('box-shadow', 'none', 'important'); })""")
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "a" and focused["outline"] == 0
