"""Another region builds this site with its own data and pages: nothing about this region is in the code.

The second region (tests/fixtures/tweede-regio) is a fictional akkoord with four other gemeenten,
two other thema's, other groepen, soorten, ids, proeftuinen and its own docs/. The test follows
the README's steps "A site for another region" literally in a copy of the repository, with the
code, data/schema/ and overrides/ as they are; `make check` and `make build` must pass. Then no
page, feed or open-data file may name this region: such a name could only come from macros/,
overrides/ or the schemas. The names are read from data/ and mkdocs.yml, so a new real gemeente
or signatory is covered without editing this test.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_DAY, FIXTURE_EPOCH, ROOT, build_env, fixture_data, serve
from sitepages import open_page, url_of

from macros.data.loader import load_akkoord
from macros.output.pages import gemeente_page

REGION = ROOT / "tests" / "fixtures" / "tweede-regio"
SETTINGS = ("site_name", "site_description", "site_url", "nav")  # what step 3 sets in mkdocs.yml
GIT = ["git", "-c", "user.name=Redactie", "-c", "user.email=redactie@example.org", "-c", "commit.gpgsign=false"]


def _records(data: Path, name: str) -> list[dict]:
    return [r for r in yaml.safe_load((data / f"{name}.yml").read_text(encoding="utf-8")) or [] if isinstance(r, dict)]


def _site_name(config: Path) -> str:
    return re.search(r"^site_name: *(.+)$", config.read_text(encoding="utf-8"), re.M).group(1).strip()


def _names_in(data: Path, config: Path) -> set[str]:
    """The names a region's data and settings give: places, organisations, its akkoord, its site."""
    fields = {"gemeenten": ("naam",), "themas": ("naam",), "groepen": ("titel",), "proeftuinen": ("naam", "plaats"),
              "ondertekenaars": ("naam",), "verantwoordelijken": ("naam",), "bronnen": ("uitgever",)}
    names = {record[field] for name, keys in fields.items() for record in _records(data, name) for field in keys
             if isinstance(record.get(field), str)}
    for bron in _records(data, "bronnen"):
        if bron.get("soort") == "akkoordtekst" and isinstance(bron.get("titel"), str):
            names |= {bron["titel"], *(part.strip() for part in bron["titel"].split(","))}
    names.add(_site_name(config))
    # A word that several of the region's names share is the region itself ('Drenthe', 'BOCE').
    words: dict[str, int] = {}
    for name in names:
        for word in set(re.findall(r"\b[A-Z][\w-]{2,}\b", name)):
            words[word] = words.get(word, 0) + 1
    return names | {word for word, count in words.items() if count >= 2}


def _own_text() -> str:
    """Everything the second region writes itself: a name found there is its own, not this region's."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(REGION.rglob("*")) if p.is_file())


OWN_TEXT = _own_text()
REAL_NAMES = sorted(n for n in _names_in(ROOT / "data", ROOT / "mkdocs.yml")
                    if not re.search(rf"\b{re.escape(n)}\b", OWN_TEXT))


def _pattern(names) -> re.Pattern:
    return re.compile("|".join(rf"\b{re.escape(n)}\b" for n in sorted(names, key=len, reverse=True)))


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environ = build_env(FIXTURE_EPOCH, **env)
    environ.pop("ZORGSAAM_GESCHIEDENIS", None)
    environ.pop("SITE_URL", None)
    result = subprocess.run(command, cwd=cwd, env=environ, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result


def _with_settings(config: str, settings: str) -> str:
    """mkdocs.yml with the top-level keys of `settings` in place of its own (text: keeps !ENV and comments)."""
    def blocks(text: str) -> dict[str, str]:
        parts = re.split(r"^(?=[a-z_]+:)", text, flags=re.M)
        return {re.match(r"[a-z_]+", part).group(0): part for part in parts if re.match(r"[a-z_]+:", part)}

    new = blocks(settings)
    assert set(new) == set(SETTINGS), new.keys()
    old = blocks(config)
    assert set(SETTINGS) <= set(old)
    for key in SETTINGS:
        config = config.replace(old[key], new[key].rstrip("\n") + "\n" + ("\n" if old[key].endswith("\n\n") else ""))
    return config


@pytest.fixture(scope="module")
def second_region(tmp_path_factory) -> Path:
    """A new repository made by the README's steps; returns its folder, built into site/."""
    repo = tmp_path_factory.mktemp("tweede-regio")
    # 1. A copy of this repository's files, without their history; macros/, overrides/, tests/ and
    #    data/schema/ as they are.
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, files):
        source, target = ROOT / name, repo / name
        if source.is_file() and not source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    (repo / ".venv").symlink_to(Path(sys.prefix))  # `make setup` has been done: the same virtualenv
    # 2. Our own akkoord in data/.
    for path in (repo / "data").glob("*.yml"):
        path.unlink()
    for path in sorted((REGION / "data").glob("*.yml")):
        (repo / "data" / path.name).write_bytes(path.read_bytes())
    checked = _run(["make", "-o", ".venv/bin/.installed", "check"], repo)
    assert "Gegevens in orde" in checked.stdout, checked.stdout
    # 3. Our own pages in docs/, and our name, address and nav in mkdocs.yml.
    for path in (repo / "docs").rglob("*.md"):
        path.unlink()
    for path in sorted((REGION / "docs").rglob("*.md")):
        target = repo / "docs" / path.relative_to(REGION / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    config = repo / "mkdocs.yml"
    config.write_text(_with_settings(config.read_text(encoding="utf-8"),
                                     (REGION / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    # 4. The first commit, then the build (check, then mkdocs build --strict into site/).
    _run(["git", "init", "-q", "-b", "main"], repo)
    _run([*GIT, "add", "-A"], repo)
    _run([*GIT, "commit", "-q", "-m", "Thuis in Lindeland: first version"], repo)
    _run(["make", "-o", ".venv/bin/.installed", "build"], repo)
    return repo


def test_the_second_region_differs_from_this_one():
    # Other gemeenten (another number), thema's, groepen, soorten, proeftuinen and ids.
    ours, theirs = ROOT / "data", REGION / "data"
    for name in ("gemeenten", "themas", "groepen", "proeftuinen", "ondertekenaars", "bronnen", "verantwoordelijken"):
        assert not {r["id"] for r in _records(ours, name)} & {r["id"] for r in _records(theirs, name)}, name
    # Kinds of organisation are partly the same everywhere (gemeente, zorg); the list is its own.
    assert {r["id"] for r in _records(ours, "soorten")} != {r["id"] for r in _records(theirs, "soorten")}
    assert len(_records(ours, "gemeenten")) != len(_records(theirs, "gemeenten"))
    assert len(_records(ours, "themas")) != len(_records(theirs, "themas"))
    assert not any(r["id"] == "akkoord-2023" for r in _records(theirs, "bronnen"))


def test_the_real_names_are_known():
    # Gemeenten, proeftuinen and their places, ondertekenaars, the akkoord and the site itself.
    real = _names_in(ROOT / "data", ROOT / "mkdocs.yml")
    for record in _records(ROOT / "data", "gemeenten") + _records(ROOT / "data", "proeftuinen"):
        assert record["naam"] in REAL_NAMES
    assert _site_name(ROOT / "mkdocs.yml") in REAL_NAMES
    assert len(REAL_NAMES) >= len(real) - 5, sorted(real - set(REAL_NAMES))


def _built_files(site: Path) -> list[Path]:
    files = [*site.rglob("*.html"), *site.glob("*.xml"), *(site / "open-data").rglob("*.csv"),
             *(site / "open-data").rglob("*.json")]
    return sorted(p for p in files if p.name != "sitemap.xml")


def test_every_page_feed_and_open_data_file_holds_none_of_this_regions_names(second_region):
    site = second_region / "site"
    files = _built_files(site)
    assert len([p for p in files if p.suffix == ".html"]) > 25
    for expected in ("afspraken/5/index.html", "gemeenten/kortewaard/index.html", "proeftuinen/molenerf/index.html",
                     "organisaties/leerpunt-halmstede/index.html", "voortgang.xml", "open-data/afspraken.csv",
                     "open-data/schema/gemeenten.schema.json"):
        assert (site / expected).is_file(), expected
    pattern = _pattern(REAL_NAMES)
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(site)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert not found, "names of the real region in the second region's site:\n" + "\n".join(sorted(set(found)))


def test_the_second_region_shows_its_own_akkoord(second_region):
    site = second_region / "site"
    page = (site / "afspraken" / "3" / "index.html").read_text(encoding="utf-8")
    assert "Thuis in Lindeland, woonzorgakkoord" in page  # its akkoordtekst, found by its soort
    assert "Proeftuin Molenerf" in page and "Ravensdel" in page
    schema = (site / "open-data" / "schema" / "afspraken.schema.json").read_text(encoding="utf-8")
    assert '"kortewaard"' in schema and '"zorg-om-de-hoek"' in schema and "x-lijst" not in schema
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Thuis in Lindeland</title>" in home
    # The site's own name comes from mkdocs.yml: in the feeds, their link in <head> and the print page.
    feed = (site / "voortgang.xml").read_text(encoding="utf-8")
    assert "<title>Thuis in Lindeland: voortgang van de afspraken</title>" in feed
    assert "<name>Redactie Thuis in Lindeland</name>" in feed
    assert 'title="Thuis in Lindeland: voortgang van alle afspraken"' in home
    printed = (site / "afspraken" / "print" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"afspraken van het (<a [^>]*>)?woonzorgakkoord(</a>)? Thuis in Lindeland\.[^<]*</p>\s*<p class=\"zw-stand-datums\">", printed)
    # Sentences the code writes about the data hold for this data too.
    gemeente = (site / "gemeenten" / "kortewaard" / "index.html").read_text(encoding="utf-8")
    assert "Van één ondertekenaar weten we nog niet in welke gemeente die werkt." in gemeente
    woorden = (site / "woordenlijst" / "index.html").read_text(encoding="utf-8")
    assert 'content="Moeilijke woorden van deze site uitgelegd in gewone taal."' in woorden


def test_every_link_of_the_second_region_resolves(second_region):
    # The generated pages link to hand-written ones (afspraken/hoe-werkt-dit/, over/bronnen/, themas/<id>/):
    # the README names them, and the second region's docs/ has each.
    site = second_region / "site"
    broken = []
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]  # 404.html links from the site root
    for path in pages:
        for href in re.findall(r'href="([^"]*)"', path.read_text(encoding="utf-8")):
            href = href.split("#")[0].split("?")[0]
            if not href or ":" in href:
                continue  # an anchor on the page itself, or another site (mailto:, https:)
            target = (path.parent / href).resolve()
            if href.startswith("/") or not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{path.relative_to(site)} -> {href}")
    assert len(pages) > 25
    assert not broken, "\n".join(sorted(set(broken))[:40])


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String literals of a module that can reach output: docstrings and comments are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


@pytest.mark.parametrize("folder", ["macros", "overrides", "data/schema"])
def test_the_code_and_schemas_name_no_place_or_organisation_of_this_region(folder):
    # Also the ids of its gemeenten, thema's, proeftuinen and its akkoord's text (found by its soort).
    data = ROOT / "data"
    real_ids = {r["id"] for name in ("gemeenten", "themas", "proeftuinen") for r in _records(data, name)} | {
        r["id"] for r in _records(data, "bronnen") if r.get("soort") == "akkoordtekst"}
    pattern = _pattern([*REAL_NAMES, *real_ids])
    found = []
    for path in sorted((ROOT / folder).rglob("*")):
        if path.suffix == ".py":
            found += [f"{path.relative_to(ROOT)}:{line}: {m.group(0)}"
                      for line, text in _code_strings(path) for m in pattern.finditer(text)]
        elif path.is_file() and path.suffix in (".html", ".js", ".css", ".txt", ".json"):
            for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                found += [f"{path.relative_to(ROOT)}:{line}: {m.group(0)}" for m in pattern.finditer(text)]
    assert not found, "move these to data/, docs/ or mkdocs.yml:\n" + "\n".join(found)


@pytest.mark.parametrize("unknown, said", [
    (0, None), (1, "Van één ondertekenaar weten we nog niet"), (3, "Van 3 ondertekenaars weten we nog niet"),
    (5, "Van de meeste ondertekenaars weten we nog niet")])
def test_what_a_gemeente_page_says_of_ondertekenaars_without_gemeente(tmp_path, unknown, said):
    akkoord = load_akkoord(fixture_data(tmp_path / "data"), FIXTURE_DAY)
    base = next(iter(akkoord.ondertekenaars.values()))
    ondertekenaars = {f"o{i}": dataclasses.replace(base, id=f"o{i}", gemeenten=() if i < unknown else ("emmen",))
                      for i in range(8)}
    text = str(gemeente_page(dataclasses.replace(akkoord, ondertekenaars=ondertekenaars), "emmen", "gemeenten/emmen/"))
    if said:
        assert said in text
    else:
        assert "weten we nog niet in welke gemeente" not in text


@pytest.mark.browser
def test_axe_finds_no_violations_on_the_second_regions_pages(browser, second_region):
    # The same WCAG gate as for this site, on pages made from other data and other docs.
    from test_accessibility import CHROME, DESKTOP, axe_violations

    site = second_region / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    problems = []
    with serve(site) as url, open_page(browser, url, site, viewport=DESKTOP) as page:
        for rel in pages:
            page.goto(url_of(url, rel))
            problems += [f"{rel}: {v}" for v in axe_violations(page, None if rel == "index.html" else CHROME)]
    assert len(pages) > 25
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)
