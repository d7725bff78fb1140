"""Layout on a phone (390 x 844), a tablet (800 x 1100) and a desktop (1280 x 800), in Chromium, on the
built real site.

- Phone and tablet: no table and no part of the content is wider than the screen or cut off in a
  sideways scrolling box, and every table cell shows its column name (the card layout of
  zorgsaam.css, labels from macros/output/tables.py).
- Phone and desktop: every visible text in the content, the search results and the footer
  is at least 16px, as drawn (chart labels: their size times the SVG's scale). No exemptions.
- Desktop: the grey search suggestion lies exactly on the typed text; every menu link can be
  reached by scrolling the page (no scroll box inside the menu) and none is under a sticky
  element or another link.
- Every page: the footer has no English (Material's "Made with Material for MkDocs").

Pages: index, 404, one generated page of every kind, and every page with a table (found in
the built HTML), so new tables are checked without changing this file.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from sitepages import example_page, open_page, page_paths, url_of
from test_keyboard import goto

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 800, "height": 1100}  # content 768px: the afspraken table scrolled here before
DESKTOP = {"width": 1280, "height": 800}
KINDS = ("afspraak", "gemeente", "proeftuin", "ondertekenaar", "verantwoordelijke")
MIN_FONT_PX = 16
ENGLISH = ["made with", "material for mkdocs", "feed", "repository", "source", "previous", "next", "search",
           "copyright", "powered", "generator", "last update", "back to top"]


def layout_pages(site_dir) -> list[str]:
    tables = [rel for rel in page_paths(site_dir) if "<table" in (site_dir / rel).read_text("utf-8")]
    assert len(tables) >= 3, "too few pages with tables: is the check still looking at the site?"
    return sorted({"index.html", "404.html", *(example_page(kind) for kind in KINDS), *tables})


# Hidden the screen-reader way (clip) or not drawn: not what a reader sees.
HELPERS = """
window.zwHidden = el => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.clip !== 'auto' || s.clipPath !== 'none') return true;
    }
    return !el.checkVisibility({visibilityProperty: true, opacityProperty: true});
};
"""

OVERFLOW = HELPERS + """
(() => {
    const vw = document.documentElement.clientWidth, out = [];
    if (document.documentElement.scrollWidth > vw) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
    for (const el of document.querySelectorAll('main, article, article *')) {
        if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg' || zwHidden(el)) continue;
        const r = el.getBoundingClientRect(), s = getComputedStyle(el), name = el.outerHTML.slice(0, 90);
        if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) out.push(`outside the screen (${r.left}..${r.right}): ${name}`);
        if (s.overflowX !== 'visible' && el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1)
            out.push(`cut off, scrolls sideways (${el.scrollWidth} > ${el.clientWidth}): ${name}`);
    }
    return out;
})()
"""

LABELS = HELPERS + """
(() => {
    const out = []; let cells = 0;
    for (const table of document.querySelectorAll('article table')) {
        const heads = [...table.querySelectorAll('thead tr:first-child > th')].flatMap(
            th => Array(th.colSpan).fill(th.textContent.trim().replace(/\\s+/g, ' ')));
        for (const td of table.querySelectorAll('td')) {
            if (zwHidden(td)) continue;
            cells++;
            let column = 0;
            for (let c = td.previousElementSibling; c; c = c.previousElementSibling) column += c.colSpan;
            const label = td.dataset.label || '', before = getComputedStyle(td, '::before');
            const shown = before.content.includes('attr(data-label)') || before.content.includes(label);
            if (!label || (heads.length && label !== heads[column]) || !shown || before.display === 'none')
                out.push(`label '${label}' (column '${heads[column]}', shown ${before.content}): ${td.outerHTML.slice(0, 80)}`);
        }
    }
    return {cells, out};
})()
"""

# Every text node that is drawn, with its size as drawn (SVG text is scaled with its picture).
SMALL_TEXT = HELPERS + """
(selector => {
    const out = []; let texts = 0;
    for (const root of document.querySelectorAll(selector)) {
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            const el = node.parentElement;
            if (!node.textContent.trim() || !el || zwHidden(el)) continue;
            const range = document.createRange(); range.selectNodeContents(node);
            if (![...range.getClientRects()].some(r => r.width > 0 && r.height > 0)) continue;
            texts++;
            let size = parseFloat(getComputedStyle(el).fontSize);
            if (el.closest('svg')) size *= el.getScreenCTM().a;
            if (size < %d - 0.01) out.push(`${size.toFixed(1)}px: "${node.textContent.trim().slice(0, 40)}" in ${el.outerHTML.slice(0, 70)}`);
        }
    }
    return {texts, out};
})
""" % MIN_FONT_PX


def search_word() -> str:
    """A word that is on the site for any data: the longest word of the first afspraak's title."""
    afspraak = yaml.safe_load((ROOT / "data" / "afspraken.yml").read_text("utf-8"))[0]
    return max(re.findall(r"\w+", afspraak["titel"]), key=len)


def open_search(page, viewport, text: str) -> None:
    if viewport is PHONE:
        page.locator("label.md-header__button[for=__search]").click()
    page.locator(".md-search__input").click()
    page.wait_for_function("document.getElementById('__search').checked")
    page.keyboard.type(text, delay=30)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_no_table_or_content_is_wider_than_a_phone_or_tablet(browser, site_url, site_dir, viewport):
    problems, cells = [], 0
    with open_page(browser, site_url, site_dir, viewport=viewport) as page:
        for rel in layout_pages(site_dir):
            goto(page, url_of(site_url, rel))
            problems += [f"{rel}: {p}" for p in page.evaluate(OVERFLOW)]
            labels = page.evaluate(LABELS)
            cells += labels["cells"]
            problems += [f"{rel}: {p}" for p in labels["out"]]
    assert cells > 0, "no table cells seen"
    assert not problems, f"{len(problems)} layout problems at {viewport['width']}px:\n" + "\n".join(problems[:40])


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_all_text_is_at_least_16px(browser, site_url, site_dir, viewport):
    problems, texts = [], 0
    with open_page(browser, site_url, site_dir, viewport=viewport) as page:
        for rel in layout_pages(site_dir):
            goto(page, url_of(site_url, rel))
            result = page.evaluate(SMALL_TEXT + "('article, .md-footer')")
            texts += result["texts"]
            problems += [f"{rel}: {p}" for p in result["out"]]
        goto(page, url_of(site_url, "index.html"))
        open_search(page, viewport, search_word())
        page.locator(".md-search-result__item").first.wait_for(timeout=90_000)
        result = page.evaluate(SMALL_TEXT + "('.md-search__output')")
        assert result["texts"] > 2, "no search results seen"
        problems += [f"search results: {p}" for p in result["out"]]
    assert texts > 100
    assert not problems, f"{len(problems)} texts under {MIN_FONT_PX}px at {viewport['width']}px:\n" + \
        "\n".join(problems[:40])


SEARCH_BOXES = """() => {
    const box = sel => { const el = document.querySelector(sel), s = getComputedStyle(el), r = el.getBoundingClientRect();
        return {top: r.top, left: r.left, height: r.height, font: s.fontSize, line: s.lineHeight,
                padLeft: s.paddingLeft, padTop: s.paddingTop, family: s.fontFamily, text: el.value ?? el.textContent}; };
    return {input: box('.md-search__input'), suggest: box('.md-search__suggest')};
}"""


@pytest.mark.browser
def test_search_suggestion_lies_on_the_typed_text(browser, site_url, site_dir):
    word = search_word().lower()
    with open_page(browser, site_url, site_dir, viewport=DESKTOP) as page:
        goto(page, url_of(site_url, "index.html"))
        open_search(page, DESKTOP, word[:-2])
        page.locator(".md-search-result__item").first.wait_for(timeout=90_000)
        page.wait_for_function("document.querySelector('.md-search__suggest').textContent.trim() !== ''")
        boxes = page.evaluate(SEARCH_BOXES)
    field, suggest = boxes["input"], boxes["suggest"]
    for key in ("font", "line", "padLeft", "padTop", "family"):
        assert field[key] == suggest[key], (key, boxes)
    for key in ("top", "left", "height"):
        assert abs(field[key] - suggest[key]) < 0.5, (key, boxes)


# Each menu link, after scrolling the page (never the menu itself) to it: on the screen, below
# the header, under no sticky element, over no other link; and no scroll box inside the menu.
NAV = """() => {
    const links = [...document.querySelectorAll('.md-sidebar--primary .md-nav__link')].filter(el => el.checkVisibility());
    const boxes = [...document.querySelectorAll('.md-sidebar--primary, .md-sidebar--primary *')].filter(el =>
        ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1);
    const top = document.querySelector('.md-header').getBoundingClientRect().bottom, out = [];
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const link of links) {
        window.scrollTo(0, 0);
        window.scrollTo(0, link.getBoundingClientRect().top - innerHeight / 2);
        const r = link.getBoundingClientRect(), name = link.textContent.trim().slice(0, 40);
        if (r.top < top - 0.5 || r.bottom > innerHeight + 0.5) out.push(`'${name}' not on the screen (${r.top}..${r.bottom})`);
        for (const el of document.querySelectorAll('.md-sidebar--primary *')) {
            if (el.contains(link) || link.contains(el) || !el.checkVisibility()) continue;
            const sticky = ['sticky', 'fixed'].includes(getComputedStyle(el).position);
            if ((sticky || links.includes(el)) && hit(el.getBoundingClientRect(), r))
                out.push(`'${name}' overlaps ${sticky ? 'sticky ' : ''}'${el.textContent.trim().slice(0, 30)}'`);
        }
    }
    window.scrollTo(0, 0);
    return {links: links.length, out, boxes: boxes.map(el => `${el.className}: ${el.scrollHeight} > ${el.clientHeight}`)};
}"""


@pytest.mark.browser
def test_whole_menu_is_reachable_on_a_desktop_screen(browser, site_url, site_dir):
    problems = []
    with open_page(browser, site_url, site_dir, viewport=DESKTOP) as page:
        for rel in ("index.html", example_page("afspraak"), "over/index.html"):
            goto(page, url_of(site_url, rel))
            nav = page.evaluate(NAV)
            assert nav["links"] >= 10, nav
            problems += [f"{rel}: the menu scrolls inside itself: {box}" for box in nav["boxes"]]
            problems += [f"{rel}: {p}" for p in nav["out"]]
    assert not problems, "\n".join(problems[:30])


def test_footer_has_no_english(site_dir):
    problems = []
    for rel in page_paths(site_dir):
        markup = (site_dir / rel).read_text("utf-8")
        footer = re.search(r'<footer class="md-footer">(.*?)</footer>', markup, re.S)
        assert footer, f"{rel}: no footer"
        text = re.sub(r"<[^>]+>", " ", footer.group(1))
        text = " ".join(re.sub(r"\s+", " ", text).split()).lower()
        problems += [f"{rel}: '{word}' in footer: {text[:200]}" for word in ENGLISH
                     if re.search(rf"\b{re.escape(word)}\b", text)]
    assert not problems, "\n".join(problems[:20])
