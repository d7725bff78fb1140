"""Screenshots of the editor (/admin/) for REDACTIE.md: `python tools/editor_screenshots.py`.

Builds the site, opens the editor in Chromium on a copy of data/ (as tests/test_cms.py does)
and writes the PNGs to redactie/. Nothing is saved: the steps stop before 'Opslaan'.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402

from conftest import TODAY, build_site  # noqa: E402
from support import launch_chromium, serve  # noqa: E402
from test_cms import add_item, choose, field, last_month, open_editor, open_file, reach  # noqa: E402

OUT = ROOT / "redactie"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = build_site(ROOT, site)
        if result.returncode:
            sys.exit(result.stderr)
        with serve(site) as url, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context, page = open_editor(browser, url, ROOT)
            page.set_viewport_size({"width": 1000, "height": 640})
            page.screenshot(path=str(OUT / "editor-2-gegevens.png"))
            open_file(page, "Voortgang van de afspraken")
            page.get_by_role("button", name="Uitvouwen").first.click()
            add_item(page, "Voortgang")
            page.locator("input[type=date]").last.fill(last_month().isoformat())
            choose(page, "Status", "In uitvoering")
            field(page, "Wat is er gebeurd?").fill("De kerngroep heeft een plan gemaakt.")
            choose(page, "Bron", "akkoord-2023")
            reach(page, page.get_by_role("button", name="Opslaan"))
            page.get_by_text("Wat is er gebeurd?").last.scroll_into_view_if_needed()
            page.screenshot(path=str(OUT / "editor-3-voortgang.png"))
            context.close()
            context = browser.new_context(locale="nl-NL", viewport={"width": 1000, "height": 640})
            page = context.new_page()
            page.goto(url + "admin/")
            page.get_by_role("button", name="Werken met een lokale repository").wait_for()
            page.wait_for_timeout(1500)  # the page fades in
            page.screenshot(path=str(OUT / "editor-1-aanmelden.png"))
            context.close()
            browser.close()
    print(f"screenshots in {OUT.relative_to(ROOT)}/ ({TODAY})")


if __name__ == "__main__":
    main()
