"""Valid HTML: the Nu HTML checker (vnu.jar) over the whole built site, once.

Zero errors, except the few below that Material for MkDocs writes in templates we do not
copy. Each is matched on the exact message and a pattern of the exact markup, so any
new error, or the same error somewhere else, fails the test.
Also: every page says lang="nl", has a title and a meta description.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from sitepages import page_paths, parse

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Per builder: (exact message, regex on vnu's "extract", why we accept it)
MATERIAL_ERRORS = [
    (
        "Attribute \u201cautocomplete\u201d is only allowed when the input type is \u201ccolor\u201d, \u201cdate\u201d, "
        "\u201cdatetime-local\u201d, \u201cemail\u201d, \u201chidden\u201d, \u201cmonth\u201d, \u201cnumber\u201d, "
        "\u201cpassword\u201d, \u201crange\u201d, \u201csearch\u201d, \u201ctel\u201d, \u201ctext\u201d, "
        "\u201ctime\u201d, \u201curl\u201d, or \u201cweek\u201d.",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplet',
        "Material's base.html writes the menu/search toggles outside any template block; fixing it means "
        "copying all of base.html. Browsers ignore the attribute; no effect on users.",
    ),
    (
        "Bad value \u201c\u201d for attribute \u201ctabindex\u201d on element \u201clabel\u201d: "
        "The empty string is not a valid integer.",
        r'<label class="md-nav__link" for="__nav_\d+" id="__nav_\d+_label" tabindex="">',
        "Material's partials/nav-item.html (170 lines, macros) writes tabindex=\"\" on section titles with "
        "navigation.sections. Browsers treat it as no tabindex, which is what is meant (titles are not "
        "buttons). Copying the whole partial for this is not worth the upkeep.",
    ),
    (
        "The value of the \u201cfor\u201d attribute of the \u201clabel\u201d element must be the ID of a "
        "non-hidden form control.",
        r'<label class="md-nav__title" for="__toc">',
        "Material's partials/toc.html labels the mobile table-of-contents toggle, which nav-item.html only "
        "writes for pages that are in the nav; generated organisation pages are not. The label is the "
        "heading of the table of contents; it has no control to be wrong about.",
    ),
]
# Zensical's theme is a fork of Material's and writes the same markup, plus one error of its own.
ZENSICAL_ERRORS = MATERIAL_ERRORS + [
    (
        "The \u201caria-hidden\u201d attribute must not be used on any \u201clabel\u201d element that is "
        "associated with a labelable element.",
        r'<label class="md-overlay" for="__drawer" aria-hidden="true"></labe',
        "Zensical 0.0.73's base.html hides the menu's click-away overlay from screen readers, outside any "
        "template block; fixing it means copying all of base.html. The overlay has no text; no effect on users.",
    ),
]
THEME_ERRORS = {"mkdocs": MATERIAL_ERRORS, "zensical": ZENSICAL_ERRORS}


@pytest.fixture(scope="module")
def vnu_messages(gate_site) -> list[dict]:
    site_dir = gate_site
    java = shutil.which("java")
    assert java, "java is not installed (needed for the Nu HTML checker)"
    assert VNU.is_file(), f"{VNU} missing: run npm ci --ignore-scripts"
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--stdout", "--skip-non-html", str(site_dir)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return json.loads(result.stdout)["messages"]


def theme_reason(message: dict, builder: str = "mkdocs") -> str | None:
    for text, pattern, reason in THEME_ERRORS[builder]:
        if message.get("message") == text and re.search(pattern, message.get("extract", "")):
            return reason
    return None


def test_nu_html_checker_finds_no_errors(vnu_messages, gate_site, builder):
    site_dir = gate_site
    errors = [m for m in vnu_messages if m.get("type") in ("error", "non-document-error")
              or m.get("subType") == "fatal"]
    unexpected = [m for m in errors if theme_reason(m, builder) is None]
    report = "\n".join(f"{Path(m.get('url', '')).as_posix().split(str(site_dir.name))[-1]}:{m.get('lastLine')}: "
                       f"{m.get('message')}\n    {m.get('extract', '').strip()[:160]!r}" for m in unexpected)
    assert not unexpected, f"{len(unexpected)} HTML errors:\n{report}"


def test_theme_allowlist_is_still_needed(vnu_messages, builder):
    """An accepted theme error that no longer happens must be removed from THEME_ERRORS."""
    seen = {text for text, _, _ in THEME_ERRORS[builder]
            for m in vnu_messages if m.get("message") == text and theme_reason(m, builder)}
    stale = [text for text, _, _ in THEME_ERRORS[builder] if text not in seen]
    assert not stale, f"remove from THEME_ERRORS[{builder!r}], no longer reported: {stale}"


def test_allowlist_does_not_hide_other_errors():
    """The allowlist is precise: the same message on other markup is not accepted."""
    text, _, _ = MATERIAL_ERRORS[1]
    assert theme_reason({"message": text, "extract": '<label class="md-nav__link" for="__nav_2" '
                                                     'id="__nav_2_label" tabindex="">'})
    assert not theme_reason({"message": text, "extract": '<label class="zw-filter" tabindex="">'})
    assert not theme_reason({"message": "Duplicate ID \u201cx\u201d.", "extract": "<label class=\"md-nav__title\" "
                                                                               "for=\"__toc\">"})


def test_every_page_is_dutch_with_title_and_description(gate_site):
    site_dir = gate_site
    problems = []
    for rel in page_paths(site_dir):
        markup = (site_dir / rel).read_text("utf-8")
        if not re.search(r'<html lang="nl"[\s>]', markup):
            problems.append(f"{rel}: no <html lang=\"nl\">")
        title = re.search(r"<title>([^<]*)</title>", markup)
        if not title or not title.group(1).strip():
            problems.append(f"{rel}: no <title>")
        description = [a for tag, a in parse(site_dir / rel).attrs_of
                       if tag == "meta" and a.get("name") == "description"]
        if len(description) != 1 or len((description[0].get("content") or "").strip()) < 30:
            problems.append(f"{rel}: needs exactly one meta description of some length, has {description}")
    assert not problems, "\n".join(problems)
