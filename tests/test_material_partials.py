"""Our copies of Material's partials stay close to the theme they were copied from.

overrides/partials/header.html and search.html are whole copies of Material's files with a few
small changes. tests/fixtures/material-partials/<version>/ keeps Material's original of each, as
it was when we copied it. Two checks:

- the installed Material still ships exactly that original: when an upgrade changes it, the test
  fails and says to copy the new file and re-apply our small changes;
- our copy differs from that original only in a few lines (the changes we mean to make).
"""

from __future__ import annotations

import difflib
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import pytest

from conftest import ROOT

BASES = ROOT / "tests" / "fixtures" / "material-partials"
OVERRIDES = ROOT / "overrides" / "partials"
# At most this many lines of our copy differ from Material's (the comment on top included).
# search.html: 7 of them are the markup Zensical needs instead (its own search dialog, and the
# include of overrides/zensical-search.html, which makes that dialog pass axe).
MAX_CHANGED = {"header.html": 20, "language.html": 24, "search.html": 17}


def installed_partial(name: str) -> Path:
    material = Path(find_spec("material").origin).parent
    return material / "templates" / "partials" / name


def stored_base(name: str) -> tuple[str, Path]:
    [base_dir] = sorted(BASES.iterdir())  # one stored version: the one our copies are made from
    return base_dir.name, base_dir / name


def changed_lines(ours: str, base: str) -> list[str]:
    diff = difflib.unified_diff(base.splitlines(), ours.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_every_override_partial_has_a_stored_base():
    ours = sorted(p.name for p in OVERRIDES.glob("*.html"))
    _, base = stored_base("x")
    assert ours == sorted(MAX_CHANGED), f"new partial copy? add it to MAX_CHANGED: {ours}"
    assert ours == sorted(p.name for p in base.parent.glob("*.html")), base.parent


@pytest.mark.parametrize("name", sorted(MAX_CHANGED))
def test_installed_material_still_has_the_partial_we_copied(name):
    base_version, base = stored_base(name)
    installed = installed_partial(name)
    message = (
        f"Material {version('mkdocs-material')} heeft een andere partials/{name} dan Material "
        f"{base_version}, waar overrides/partials/{name} een kopie van is. Kopieer het nieuwe "
        f"bestand naar overrides/partials/{name}, breng onze kleine wijzigingen opnieuw aan "
        f"(zie de diff met {base.relative_to(ROOT)}) en bewaar het nieuwe origineel in "
        f"tests/fixtures/material-partials/<versie>/. "
        f"/ Material changed partials/{name}: copy it again, re-apply our small changes and "
        f"store the new original as the base."
    )
    assert installed.read_text(encoding="utf-8") == base.read_text(encoding="utf-8"), message


@pytest.mark.parametrize("name", sorted(MAX_CHANGED))
def test_our_copy_differs_from_materials_only_in_a_few_lines(name):
    _, base = stored_base(name)
    ours = (OVERRIDES / name).read_text(encoding="utf-8")
    changed = changed_lines(ours, base.read_text(encoding="utf-8"))
    assert changed, f"overrides/partials/{name} equals Material's: remove the copy"
    assert len(changed) <= MAX_CHANGED[name], (
        f"overrides/partials/{name} differs from Material's in {len(changed)} lines (at most "
        f"{MAX_CHANGED[name]}): keep the copy a copy, with small changes.\n" + "\n".join(changed))


def test_the_header_finds_search_under_both_plugin_names():
    """MkDocs calls Material's search plugin 'material/search', Zensical calls it 'search'."""
    from jinja2 import DictLoader, Environment

    source = (OVERRIDES / "header.html").read_text(encoding="utf-8")
    start = source.index("{% set search_plugin")
    block = source[start:source.index("{% endif %}\n    {% endif %}", start) + len("{% endif %}\n    {% endif %}")]
    block = block.replace('{% include ".icons/" ~ icon ~ ".svg" %}', "").replace(
        '{% include "partials/search.html" %}', "SEARCH-DIALOG")
    env = Environment(loader=DictLoader({"block": block}))

    class Plugin:
        def __init__(self, enabled):
            self.config = type("Config", (), {"enabled": enabled})()

    def render(plugins):
        config = {"plugins": plugins, "theme": {"icon": {}}}
        return env.get_template("block").render(config=config)

    assert "SEARCH-DIALOG" in render({"material/search": Plugin(True)})
    assert "SEARCH-DIALOG" in render({"search": Plugin(True)})
    assert "SEARCH-DIALOG" not in render({"search": Plugin(False)})
    assert "SEARCH-DIALOG" not in render({})
