"""Material's JavaScript, made lighter for a first visit (Lighthouse mobile).

What the site changes, and what must still hold:
- the bundle is loaded with `defer`, so it no longer holds back the first paint;
- the bundle starts with V8's compile hint and its source map is shifted by one line;
- <html> gets Material's `js` marks before the first paint, but only when JavaScript runs:
  without it the page keeps `no-js` and Material's no-script layout (no search button);
- no sitemap.xml is downloaded (Material asks for one per <link rel="alternate">);
- Material still runs: below, it sizes the sidebar; the search (tests/test_site.py) and
  the keyboard (tests/test_keyboard.py) are tested in Chromium with these changes in place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files

from macros.build import mkdocs_hooks as hooks, theme
from sitepages import example_page, open_page, page_paths, parse, url_of

MATERIAL_JS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"


def bundle_of(site_dir: Path) -> Path:
    [bundle] = (site_dir / "assets" / "javascripts").glob("bundle.*.min.js")
    return bundle


def test_the_built_bundle_starts_with_the_compile_hint_and_is_otherwise_materials(site_dir):
    bundle = bundle_of(site_dir)
    original = (MATERIAL_JS / bundle.name).read_text(encoding="utf-8")
    assert bundle.read_text(encoding="utf-8") == "//# allFunctionsCalledOnLoad\n" + original


def test_the_source_map_points_one_line_further_down(site_dir):
    bundle = bundle_of(site_dir)
    built = json.loads(Path(f"{bundle}.map").read_text(encoding="utf-8"))
    original = json.loads((MATERIAL_JS / f"{bundle.name}.map").read_text(encoding="utf-8"))
    assert built["mappings"] == ";" + original["mappings"]
    assert {k: v for k, v in built.items() if k != "mappings"} == \
        {k: v for k, v in original.items() if k != "mappings"}


def test_the_hint_is_added_once_and_the_map_shift_is_one_line():
    once = theme.with_compile_hint("var a;\n")
    assert theme.with_compile_hint(once) == once == "//# allFunctionsCalledOnLoad\nvar a;\n"
    assert json.loads(theme.source_map_after_hint('{"version":3,"mappings":"AAAA;AACA"}'))["mappings"] \
        == ";AAAA;AACA"


def test_a_material_without_the_expected_bundle_stops_the_build():
    with pytest.raises(Abort, match="macros/build/theme.py needs updating"):
        hooks._add_compile_hint(Files([]), config=None)


def test_every_page_defers_the_bundle(site_dir):
    pages = page_paths(site_dir)
    for rel in pages:
        scripts = [a for tag, a in parse(site_dir / rel).attrs_of if tag == "script" and "bundle." in a.get("src", "")]
        assert len(scripts) == 1, f"{rel}: {scripts}"
        assert "defer" in scripts[0], f"{rel}: the bundle blocks the first paint"


def test_html_starts_as_no_js_in_the_markup(site_dir):
    # The marks are set by a script, so a browser without JavaScript keeps `no-js`.
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="nl" class="no-js">', html)


@pytest.mark.browser
def test_without_javascript_the_page_keeps_materials_no_script_layout(browser, site_url, site_dir):
    with open_page(browser, site_url, site_dir, java_script_enabled=False) as page:
        page.goto(url_of(site_url, "afspraken/index.html"), wait_until="load")
        assert page.locator("html").get_attribute("class") == "no-js"
        assert not page.locator("label.md-header__button[for=__search]").is_visible()
        assert page.locator("h1").inner_text() == "Alle afspraken"


@pytest.mark.browser
def test_with_javascript_the_marks_are_set_and_material_runs(browser, site_url, site_dir):
    requested: list[str] = []
    with open_page(browser, site_url, site_dir, viewport={"width": 1280, "height": 800}) as page:
        page.on("request", lambda request: requested.append(request.url))
        page.goto(url_of(site_url, example_page("afspraak")), wait_until="load")
        classes = page.locator("html").get_attribute("class").split()
        assert {"js", "js-focus-visible"} <= set(classes) and "no-js" not in classes
        assert page.locator("html").get_attribute("data-js-focus-visible") == ""
        # Material's script has run: on wide screens it sizes the sidebar to the window.
        scrollwrap = page.locator(".md-sidebar--primary .md-sidebar__scrollwrap")
        page.wait_for_function("el => /height: *\\d+px/.test(el.getAttribute('style') || '')",
                               arg=scrollwrap.element_handle())
        # The page has two Atom feeds as <link rel="alternate">; Material would fetch a
        # sitemap.xml for each of them.
        assert page.locator('link[rel="alternate"]').count() == 2
        page.wait_for_timeout(500)
    assert [url for url in requested if "/bundle." in url], "the bundle was not loaded"
    assert not [url for url in requested if url.endswith("sitemap.xml")], "a sitemap.xml was requested"
