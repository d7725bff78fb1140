"""`zorgsaam-generate` (macros/build/generate.py): a complete docs folder that any Markdown builder renders.

Checked against the real MkDocs build of the same project: every page has a Markdown file, no
macro is left unexpanded, and the open data, feeds and schemas are the very same bytes. A
builder without hooks or the macros plugin (MkDocs itself, with the config the script writes)
builds the same pages from it. Bad data or a bad page: a Dutch report, exit code 1, nothing written.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_EPOCH, MELD_ADRES, MKDOCS, NOW_EPOCH, ROOT, build_env, fixture_project, html_pages

spec = importlib.util.spec_from_file_location("compare_builders", ROOT / "tools" / "compare_builders.py")
compare_builders = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_builders)
GENERATE = [sys.executable, "-c", "import sys; from macros.build.command import main; sys.exit(main())"]


def generate(project: Path, out: Path, epoch: str, *args: str) -> subprocess.CompletedProcess:
    env = build_env(epoch, MELD_ADRES=MELD_ADRES, PYTHONPATH=str(project))
    return subprocess.run([*GENERATE, "--out", str(out), *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def data_files(site: Path) -> dict[str, bytes]:
    """Open data, schemas and feeds of a built site (or a generated folder), by path."""
    found = [*site.glob("open-data/**/*"), *site.glob("voortgang*.xml"), *site.glob("wijzigingen.xml")]
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in found if p.is_file() and p.suffix not in (".html", ".md")}


def markdown_of(html_page: str) -> tuple[str, str]:
    """The two Markdown files that can make a page: 'x/index.html' <- 'x.md' or 'x/index.md'."""
    folder = html_page.removesuffix("index.html").rstrip("/")
    return (f"{folder}.md" if folder else "index.md", f"{folder}/index.md" if folder else "index.md")


def assert_complete(site: Path, out: Path):
    pages = sorted(p.relative_to(site).as_posix() for p in html_pages(site))
    assert len(pages) > 10
    missing = [p for p in pages if p != "404.html" and not any((out / m).is_file() for m in markdown_of(p))]
    assert missing == [], f"pages of the MkDocs build without a Markdown file: {missing}"
    markdown = sorted(out.rglob("*.md"))
    assert len(markdown) == len(pages) - 1  # 404.html is the theme's own page
    left = [p.relative_to(out).as_posix() for p in markdown if re.search(r"\{\{|\{%", p.read_text("utf-8"))]
    assert left == [], f"unexpanded macros in {left}"
    ours, built = data_files(out), data_files(site)
    assert len(built) > 5 and any(p.startswith("open-data/schema/") for p in built)
    assert sorted(ours) == sorted(built)
    assert [p for p in ours if ours[p] != built[p]] == [], "open data, schemas or feeds differ from the MkDocs build"
    # The editors' form (/admin/, a real checkout only): the same files, byte for byte.
    admin = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.glob("admin/**/*") if p.is_file()}
    assert admin == {p.relative_to(out).as_posix(): p.read_bytes() for p in out.glob("admin/**/*") if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "docs"
    config = tmp_path_factory.mktemp("config") / "builder.yml"
    result = generate(ROOT, out, NOW_EPOCH, "--config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_generated_folder_holds_the_whole_site(site_dir, generated):
    assert_complete(site_dir, generated)
    # Hand-written pages keep what they say: the home page's first heading is in its Markdown.
    heading = re.search(r"^# (.+)$", (ROOT / "docs" / "index.md").read_text("utf-8"), re.M).group(1)
    assert f"# {heading}" in (generated / "index.md").read_text("utf-8")


def test_the_fixture_region_generates_its_whole_site(tmp_path, fixture_site):
    project = fixture_project(tmp_path / "project")
    result = generate(project, tmp_path / "out", FIXTURE_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_complete(fixture_site, tmp_path / "out")


def test_a_builder_without_hooks_and_macros_builds_the_same_pages(site_dir, tmp_path):
    out, config, site = tmp_path / "docs", tmp_path / "builder.yml", tmp_path / "site"
    result = generate(ROOT, out, NOW_EPOCH, "--config", str(config), "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    written = yaml.safe_load(config.read_text("utf-8"))
    assert "hooks" not in written
    assert {next(iter(p)) if isinstance(p, dict) else p for p in written["plugins"]} == {"search"}
    built = subprocess.run([*MKDOCS, "build", "--strict", "-f", str(config)], cwd=tmp_path,
                           env=build_env(NOW_EPOCH, MELD_ADRES=MELD_ADRES), capture_output=True, text=True,
                           timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    ours = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    assert {p.relative_to(site).as_posix() for p in site.rglob("*.html")} == ours
    assert data_files(site) == data_files(site_dir)
    # Every byte of every page's content comes from the generator: the same <article> HTML
    # without the hook, woordenlijst links, column names on table cells and page dates included.
    assert compare_builders.different_article_html(site_dir, site, ours) == []
    for pattern in (compare_builders.WOORD_LINK, 'data-label="', compare_builders.LAST_CHANGED):
        assert compare_builders._count(site, ours, pattern) == compare_builders._count(site_dir, ours, pattern) > 0
    assert compare_builders._count(site, ours, compare_builders.UNLABELLED_CELL) == 0


def test_bad_data_is_reported_in_dutch_and_nothing_is_written(tmp_path):
    project = fixture_project(tmp_path / "project")
    path = project / "data" / "afspraken.yml"
    lines = path.read_text("utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("  groep: "))
    lines[number - 1] = "  groep: bestaat-niet"
    path.write_text("\n".join(lines), "utf-8")
    result = generate(project, tmp_path / "out", FIXTURE_EPOCH)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"data/afspraken.yml, regel {number}" in result.stderr
    assert "veld 'groep'" in result.stderr
    assert "Niet gebouwd" in result.stderr or "fout" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_page_that_does_more_than_call_macros_is_refused_and_nothing_is_written(tmp_path):
    project = fixture_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text("utf-8") + "\n{{ config }}\n", "utf-8")
    result = generate(project, tmp_path / "out", FIXTURE_EPOCH)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "docs/index.md, regel" in result.stderr and "'{{ config }}' mag niet in een pagina." in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_the_script_did_not_make_is_not_replaced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "eigen.txt").write_text("van iemand anders", "utf-8")
    result = generate(ROOT, out, NOW_EPOCH)
    assert result.returncode == 1
    assert "niet door zorgsaam-generate gemaakt" in result.stderr
    assert [p.name for p in out.iterdir()] == ["eigen.txt"]


def test_the_macros_load_the_data_themselves(tmp_path):
    """define_env needs no hook: it loads (cached) from the project of the config it is given."""
    import macros

    class Recorder:
        conf = {"config_file_path": str(ROOT / "mkdocs.yml")}

        def __init__(self):
            self.found = {}

        def macro(self, function, name):
            self.found[name] = function

    recorder = Recorder()
    macros.define_env(recorder)
    from macros.build.generate import load

    assert recorder.found["aantal_ondertekenaars"]() == len(load(ROOT).ondertekenaars)


def test_the_console_script_is_the_generator_and_follows_the_macros_settings(tmp_path):
    import tomllib

    from macros.build import command, generate

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["zorgsaam-generate"] == "macros.build.command:main"
    project = fixture_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("render_by_default: false", "render_by_default: true"),
                      "utf-8")
    with pytest.raises(generate.GenerateError, match="render_by_default"):
        command.input_from_project(project)


def test_the_date_line_is_in_dutch_time_with_the_markup_the_theme_shows():
    """generate.last_changed's line: the same span the git-revision-date plugin wrote, so the real
    site stayed byte-identical when the generator took the dates over."""
    from macros.output import blocks

    assert blocks.laatst_aangepast(1764892800) == (
        'Pagina voor het laatst aangepast: <span class="git-revision-date-localized-plugin '
        'git-revision-date-localized-plugin-date" title="5 december 2025 01:00:00 CET">5 december 2025</span>')
    assert 'title="1 juli 2025 02:00:00 CEST">1 juli 2025</span>' in blocks.laatst_aangepast(1751328000)


def test_moved_pages_keep_their_markdown_links():
    from macros.build.generate import folder_path, moved_down

    assert folder_path("akkoord.md") == "akkoord/index.md" and folder_path("over/index.md") == "over/index.md"
    assert folder_path("stylesheets/zorgsaam.css") == "stylesheets/zorgsaam.css"
    page = "[a](afspraken/hoe-werkt-dit.md#x) [b](open-data/afspraken.csv) `[c](d.md)` [e](https://x.org) [f](#g)\n[r]: visie.md"
    assert moved_down(page, "open-data.md") == (
        "[a](../afspraken/hoe-werkt-dit/index.md#x) [b](afspraken.csv) `[c](d.md)` [e](https://x.org) [f](#g)\n"
        "[r]: ../visie/index.md")
    assert moved_down("```\n[c](d.md)\n```", "x.md") == "```\n[c](d.md)\n```"
    assert moved_down("[s](stand.md) [i](index.md)", "afspraken/index.md") == "[s](stand/index.md) [i](index.md)"
