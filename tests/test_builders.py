"""ProperDocs (a maintained fork of MkDocs 1.6) builds the same site as MkDocs.

ProperDocs is its own package (`properdocs`, CLI `properdocs`) and lives in the same venv as
mkdocs without replacing it: only inside a properdocs process are `mkdocs.*` imports
redirected to `properdocs.*`. So MkDocs stays the builder and ProperDocs is a tested way out.
The comparison (every HTML page, and the text of each page's <article>) is
tools/compare_builders.py, which `make zensical` uses for Zensical too.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version

import pytest

from conftest import MELD_ADRES, NOW_EPOCH, ROOT

spec = importlib.util.spec_from_file_location("compare_builders", ROOT / "tools" / "compare_builders.py")
compare_builders = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_builders)


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory):
    try:
        assert version("properdocs") == "1.6.7", f"properdocs {version('properdocs')}, expected 1.6.7"
    except PackageNotFoundError:
        pytest.fail("properdocs ontbreekt in deze venv: `make setup` installeert requirements.txt")
    target = tmp_path_factory.mktemp("properdocs-site")
    env = dict(os.environ, SOURCE_DATE_EPOCH=NOW_EPOCH, NO_MKDOCS_2_WARNING="1", MELD_ADRES=MELD_ADRES)
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml",
                             "--site-dir", str(target)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return target


def test_properdocs_is_not_mkdocs():
    """Both are installed side by side: `import mkdocs` is still MkDocs itself."""
    import mkdocs

    assert version("mkdocs") == "1.6.1"
    assert os.path.basename(os.path.dirname(mkdocs.__file__)) == "mkdocs"


def test_properdocs_builds_the_same_pages(site_dir, properdocs_site):
    ours, theirs = compare_builders.page_paths(site_dir), compare_builders.page_paths(properdocs_site)
    assert len(ours) > 40, f"only {len(ours)} pages in the MkDocs build"
    assert ours == theirs, f"missing with ProperDocs: {sorted(ours - theirs)}; extra: {sorted(theirs - ours)}"


def test_properdocs_builds_the_same_main_content(site_dir, properdocs_site):
    pages = compare_builders.page_paths(site_dir) & compare_builders.page_paths(properdocs_site)
    assert all(compare_builders.article_text((site_dir / p).read_text("utf-8")) for p in pages if p != "404.html")
    assert compare_builders.different_articles(site_dir, properdocs_site, pages) == []


def test_the_comparison_notices_a_missing_page_and_a_changed_article(site_dir, tmp_path):
    other = shutil.copytree(site_dir, tmp_path / "other")
    gone = "afspraken/index.html"
    (other / gone).unlink()
    changed = "index.html"
    html = (other / changed).read_text("utf-8")
    (other / changed).write_text(html.replace("</article>", "<p>Een zin erbij.</p></article>", 1), "utf-8")
    assert compare_builders.page_paths(site_dir) - compare_builders.page_paths(other) == {gone}
    both = compare_builders.page_paths(other)
    assert compare_builders.different_articles(site_dir, other, both) == [changed]
    report = "\n".join(compare_builders.report(site_dir, other, "test"))
    assert f"Ontbrekende pagina's (1): {gone}" in report


def test_zensical_builds_the_same_pages_and_articles(site_dir, zensical_site):
    """Zensical 0.0.73 builds the generated folder: the same pages, and the same <article> HTML
    but for the differences compare_builders names with their cause."""
    ours, theirs = compare_builders.page_paths(site_dir), compare_builders.page_paths(zensical_site)
    assert ours == theirs, f"missing with Zensical: {sorted(ours - theirs)}; extra: {sorted(theirs - ours)}"
    assert compare_builders.different_article_html(site_dir, zensical_site, ours) == []
    for pattern in (compare_builders.WOORD_LINK, compare_builders.LAST_CHANGED):
        assert compare_builders._count(zensical_site, ours, pattern) == compare_builders._count(site_dir, ours, pattern) > 0


def test_the_article_comparison_sees_a_changed_href(site_dir, tmp_path):
    other = shutil.copytree(site_dir, tmp_path / "other")
    page = other / "afspraken" / "index.html"
    html = page.read_text("utf-8")
    start = html.index("<article")
    page.write_text(html[:start] + html[start:].replace('href="../', 'href="../../', 1), "utf-8")
    assert compare_builders.different_articles(site_dir, other, {"afspraken/index.html"}) == []  # same text
    assert compare_builders.different_article_html(site_dir, other, {"afspraken/index.html"}) == ["afspraken/index.html"]
