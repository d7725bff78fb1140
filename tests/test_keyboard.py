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
"""

from __future__ import annotations

import pytest

from sitepages import open_page, page_paths, url_of

MAX_TABS = 400
TAB_PAGES = {"index.html", "afspraken/index.html", "afspraken/7/index.html", "gemeenten/emmen/index.html",
             "proeftuinen/geesbrug/index.html", "organisaties/domesta/index.html", "404.html"}

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
            page.goto(url_of(site_url, rel))
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
        page.goto(url_of(site_url, "afspraken/index.html"))
        names = []
        for _ in range(4):
            page.keyboard.press("Tab")
            names.append(page.evaluate("document.activeElement.textContent.trim() || "
                                       "document.activeElement.getAttribute('aria-label')"))
        assert names[0] == "Naar inhoud springen", names
        assert "Menu" in names and "Zoeken" in names, names
        page.locator("label.md-header__button[for=__search]").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.getElementById('__search').checked"), "Enter does not open search"


WHERE_FOCUS_IS = """(() => { const a = document.activeElement, r = a.getBoundingClientRect();
    return {name: (a.textContent || a.getAttribute('aria-label') || a.tagName).trim().slice(0, 40),
            onScreen: r.width > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0,
            inMenu: !!a.closest('.md-sidebar--primary')}; })()"""


@pytest.mark.browser
def test_the_closed_menu_is_not_in_the_tab_order_on_phones_and_the_open_one_is(browser, site_url, site_dir):
    with open_page(browser, site_url, site_dir, viewport={"width": 390, "height": 844}) as page:
        page.goto(url_of(site_url, "afspraken/index.html"), wait_until="load")
        stops = []
        for _ in range(12):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(WHERE_FOCUS_IS))
        hidden = [s["name"] for s in stops if not s["onScreen"] or s["inMenu"]]
        assert not hidden, f"Tab lands on links of the closed menu: {hidden}"
        page.locator("label.md-header__button[for=__drawer]").focus()
        page.keyboard.press("Enter")
        page.locator(".md-sidebar--primary a[href]").first.wait_for(state="visible")
        stops = []
        for _ in range(8):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(WHERE_FOCUS_IS))
        assert [s for s in stops if s["inMenu"] and s["onScreen"]], f"the open menu has no Tab stops: {stops}"


@pytest.mark.browser
def test_focus_check_can_fail(browser, site_url, site_dir):
    """A link whose focus style is switched off is reported by the same measurement."""
    with open_page(browser, site_url, site_dir) as page:
        page.goto(url_of(site_url, "index.html"))
        page.evaluate("""() => document.querySelectorAll('a').forEach(a => {
            a.style.setProperty('outline', 'none', 'important'); a.style.setProperty('box-shadow', 'none', 'important'); })""")
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "a" and focused["outline"] == 0
