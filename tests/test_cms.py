"""The editors' form at /admin/ (Sveltia CMS, macros/build/cms.py, cms/).

The browser tests drive the real CMS in Debian's Chromium against a copy of the repository. The
CMS edits a local repository through the File System Access API; the test hands it a folder
in the browser's own private file system (OPFS) holding the copy's data/, and writes the files
back into the copy after saving. Then the check, the strict build and git diff judge the result.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import NOW_EPOCH, ROOT, TODAY, build_site, dutch
from macros.build import cms
from macros.data.loader import load_akkoord
from support import build_env, copy_project, serve

ADMIN_FILES = ("index.html", "config.yml", "sveltia-cms.js", "start.mjs", "zorgsaam-yaml.mjs", "locales/nl.json")
PICKER = ("window.showDirectoryPicker = async () => "
          "(await navigator.storage.getDirectory()).getDirectoryHandle('repo', { create: true });")
WRITE_OPFS = """async (files) => {
  const repo = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo', { create: true });
  await repo.getDirectoryHandle('.git', { create: true });
  for (const [path, text] of Object.entries(files)) {
    let dir = repo; const parts = path.split('/');
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
    const w = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
    await w.write(text); await w.close();
  }
}"""
READ_OPFS = """async (paths) => {
  const repo = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
  const out = {};
  for (const path of paths) {
    let dir = repo; const parts = path.split('/');
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
    out[path] = await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
  }
  return out;
}"""


def _akkoord():
    return load_akkoord(ROOT / "data", TODAY)


# --- the configuration: made from the schemas and the lists --------------------------------

def test_config_has_every_schema_field_and_the_lists_as_options():
    akkoord = _akkoord()
    config = cms.config(akkoord, ROOT / "data" / "schema")
    files = {f["name"]: f["fields"][0] for f in config["collections"][0]["files"]}
    assert set(files) == {name for name, *_ in cms.FILES}
    for name, root in files.items():
        schema = json.loads((ROOT / "data" / "schema" / f"{name}.schema.json").read_text("utf-8"))["items"]
        assert [f["name"] for f in root["fields"]] == list(schema["properties"]), name
        required = {f["name"] for f in root["fields"] if f["required"]}
        must_fill = {k for k in schema.get("required", ()) if schema["properties"][k].get("type") != "array"
                     or schema["properties"][k].get("minItems")}
        assert required == must_fill, name
    voortgang = next(f for f in files["afspraken"]["fields"] if f["name"] == "voortgang")
    status = next(f for f in voortgang["fields"] if f["name"] == "status")
    assert [(o["value"], o["label"]) for o in status["options"]] == [(s.naam, s.label) for s in akkoord.statussen.values()]
    soort = next(f for f in files["ondertekenaars"]["fields"] if f["name"] == "soort")
    assert [o["value"] for o in soort["options"]] == list(akkoord.soorten)
    gemeente = next(f for f in files["proeftuinen"]["fields"] if f["name"] == "gemeente")
    assert [o["value"] for o in gemeente["options"]] == list(akkoord.gemeenten)
    bron = next(f for f in voortgang["fields"] if f["name"] == "bron")
    assert (bron["widget"], bron["file"], bron["value_field"]) == ("relation", "bronnen", "bronnen.*.id")
    # The akkoord's own words cannot be changed in the form; records cannot be removed.
    afspraak = {f["name"]: f for f in files["afspraken"]["fields"]}
    assert afspraak["nummer"]["readonly"] and afspraak["afgesproken"]["readonly"]
    assert not files["afspraken"]["allow_add"] and not any(r["allow_remove"] for r in files.values())


def test_the_options_follow_the_lists_in_data(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    text = (data / "statussen.yml").read_text("utf-8")
    (data / "statussen.yml").write_text(text.replace("label: In uitvoering", "label: Wordt aan gewerkt"), "utf-8")
    config = cms.config_yaml(cms.config(load_akkoord(data, TODAY), data / "schema"))
    assert "label: Wordt aan gewerkt" in config and "label: In uitvoering" not in config


def test_a_schema_field_without_a_label_stops_the_build(tmp_path):
    schema_dir = shutil.copytree(ROOT / "data" / "schema", tmp_path / "schema")
    path = schema_dir / "bronnen.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["items"]["properties"]["paginanummer"] = {"type": "string"}
    path.write_text(json.dumps(schema), "utf-8")
    with pytest.raises(cms.CmsError, match="paginanummer"):
        cms.config(_akkoord(), schema_dir)


def test_the_built_admin_is_the_generated_config(site_dir):
    admin = site_dir / "admin"
    for name in ADMIN_FILES:
        assert (admin / name).is_file(), name
    expected = cms.config_yaml(cms.config(_akkoord(), ROOT / "data" / "schema",
                                          site_url="https://example.org/zorgsaam-wonen/"))
    built = (admin / "config.yml").read_text("utf-8")
    assert yaml.safe_load(built)["collections"] == yaml.safe_load(expected)["collections"]
    assert yaml.safe_load(built)["publish_mode"] == "editorial_workflow"
    bundle = (admin / "sveltia-cms.js").read_text("utf-8")
    assert "unpkg.com/@sveltia/cms@" not in bundle and "cdn.jsdelivr.net/fontsource" not in bundle
    assert "githubstatus.com/api" not in bundle and "maximum-scale=1" not in bundle
    assert 'name="robots" content="noindex' in (admin / "index.html").read_text("utf-8")


def test_no_public_page_loads_or_links_the_editor(site_dir):
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("admin/"):
            continue
        text = path.read_text("utf-8")
        assert "admin/" not in text and "sveltia" not in text.lower(), rel
    assert "admin" not in (site_dir / "sitemap.xml").read_text("utf-8")
    search = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))
    assert not [d["location"] for d in search["docs"] if d["location"].startswith("admin")]


# --- the file format: only changed records are written anew ---------------------------------

NODE_ROUNDTRIP = """
import { parse } from '%(yaml)s';
import { writeFile } from '%(format)s';
import fs from 'node:fs';
const [shapes, dir] = [JSON.parse(process.argv[2]), process.argv[3]];
const out = {};
for (const [name, shape] of Object.entries(shapes)) {
  const text = fs.readFileSync(`${dir}/${name}.yml`, 'utf8');
  const items = parse(text);
  const same = writeFile(text, parse, structuredClone(items), shape);
  if (name === 'afspraken') items[items.length - 1].voortgang.push(
    { datum: '2026-01-05', status: 'in uitvoering', notitie: 'Nieuw: een regel met een dubbele punt en een tekst die lang genoeg is om te worden gevouwen in het bestand.', bron: 'akkoord-2023' });
  else items.push(Object.fromEntries(shape.required.map((k) => [k, k === 'id' ? 'nieuw-item' : (k === 'gemeenten' || k === 'bronnen' ? ['akkoord-2023'] : 'yes')])));
  out[name] = { same, added: writeFile(text, parse, items, shape) };
}
console.log(JSON.stringify(out));
"""


def test_writing_back_keeps_every_byte_and_adds_only_the_new_record(tmp_path):
    shapes = {name: cms.file_shape(ROOT / "data" / "schema", name, key) for name, _, key, *_ in cms.FILES}
    script = tmp_path / "roundtrip.mjs"
    script.write_text(NODE_ROUNDTRIP % {"yaml": (ROOT / "node_modules/yaml/dist/index.js").as_posix(),
                                        "format": (ROOT / "cms/zorgsaam-yaml.mjs").as_posix()}, "utf-8")
    result = subprocess.run(["node", str(script), json.dumps(shapes), str(ROOT / "data")],
                            capture_output=True, text=True, timeout=60, check=True)
    for name, out in json.loads(result.stdout).items():
        original = (ROOT / "data" / f"{name}.yml").read_text("utf-8")
        assert out["same"] == original, name
        assert out["added"].startswith(original.rsplit("\n  voortgang:", 1)[0] if name == "afspraken" else original)
        parsed = yaml.safe_load(out["added"])
        assert len(parsed) == len(yaml.safe_load(original)) + (name != "afspraken"), name
        if name == "afspraken":
            assert parsed[-1]["voortgang"][-1]["notitie"].startswith("Nieuw: een regel")
        else:
            assert parsed[-1]["id"] == "nieuw-item" and parsed[-1]["id"] not in original
    # 'yes' stays a text, not a YAML 1.1 true
    assert "'yes'" in out["added"] or '"yes"' in out["added"]


# --- the real CMS in the browser --------------------------------------------------------------

@pytest.fixture
def editor_project(tmp_path):
    """A git copy of the project with node_modules, built once so /admin/ exists."""
    project = copy_project(tmp_path / "project")
    for name in ("cms", "package.json"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "data"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=project, check=True)
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


# The CMS is a large app: on a loaded machine (CI, or 2 cores shared) a step can take longer
# than Playwright's 30 s default; these waits are for the UI, not timed assertions.
STEP_TIMEOUT_MS = 90_000


def open_editor(browser, url: str, project: Path):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    context.add_init_script(PICKER)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    page = context.new_page()
    page.goto(url + "admin/")
    files = {f"data/{p.name}": p.read_text("utf-8") for p in sorted((project / "data").glob("*.yml"))}
    page.evaluate(WRITE_OPFS, files)
    page.get_by_role("button", name="Werken met een lokale repository").click()
    page.get_by_text("Bronnen", exact=True).first.wait_for()
    return context, page


def open_file(page, label: str):
    page.get_by_text(label, exact=True).first.click()
    page.get_by_role("button", name="Opslaan").wait_for()


def reach(page, locator):
    """The CMS draws long forms as they scroll into view: scroll until `locator` is there."""
    page.mouse.move(600, 500)
    for _ in range(80):
        if locator.count():
            break
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(100)
    return locator


def add_item(page, singular: str):
    # Sveltia wraps names in Unicode isolation marks (U+2068, U+2069).
    reach(page, page.get_by_role("button", name=re.compile(f"{singular}\\W? toevoegen"))).first.click()


def field(page, label: str):
    box = page.get_by_role("textbox", name=label).last
    box.scroll_into_view_if_needed()
    return box


def choose(page, label: str, option: str):
    group = page.get_by_role("combobox", name=label).last
    group.scroll_into_view_if_needed()
    group.click()
    page.get_by_role("option", name=option).first.click()


def save(page):
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text(re.compile("Item opgeslagen")).first.wait_for()  # the CMS's notice after writing


def last_month() -> dt.date:
    first = TODAY.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=min(TODAY.day, 28))


def back_to_list(page):
    """After saving, the CMS closes the form by itself (its default). Wait for that rather than
    click its cancel button: on a loaded machine the button was still there but already leaving,
    and the click waited for a button that would never be stable again."""
    form = page.get_by_role("button", name="Opslaan")
    try:
        form.wait_for(state="hidden", timeout=15_000)
    except PlaywrightTimeout:  # the CMS kept the form open: close it ourselves
        page.get_by_role("button", name="Bewerken annuleren").first.click()
        form.wait_for(state="hidden")
    page.get_by_text("Bronnen", exact=True).first.wait_for()


def git_changes(project: Path) -> list[str]:
    diff = subprocess.run(["git", "diff", "-U0", "--", "data"], cwd=project, capture_output=True, text=True).stdout
    return [line for line in diff.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]


@pytest.mark.browser
def test_an_editor_adds_a_bron_progress_and_an_ondertekenaar_through_the_forms(browser, editor_project, tmp_path):
    project, site = editor_project
    day = last_month()
    bron_id = f"editor-test-{day.isoformat()}"
    afspraak = min(_akkoord().afspraken)  # the first one: its form opens first
    with serve(site) as url:
        context, page = open_editor(browser, url, project)
        try:
            open_file(page, "Bronnen")
            add_item(page, "Bron")
            field(page, "Korte naam (id)").fill(bron_id)
            field(page, "Titel").fill("Verslag van de kerngroep")
            choose(page, "Soort", "verslag")
            page.locator("input[type=date]").last.fill(day.isoformat())
            save(page)
            back_to_list(page)

            open_file(page, "Voortgang van de afspraken")
            page.get_by_role("button", name="Uitvouwen").first.click()
            add_item(page, "Voortgang")
            page.locator("input[type=date]").last.fill(day.isoformat())
            choose(page, "Status", "In uitvoering")
            field(page, "Wat is er gebeurd?").fill("De kerngroep heeft een plan gemaakt.")
            choose(page, "Bron", bron_id)
            save(page)
            back_to_list(page)

            open_file(page, "Ondertekenaars")
            add_item(page, "Ondertekenaar")
            field(page, "Korte naam (id)").fill("stichting-editor-test")
            field(page, "Naam").fill("Stichting Editortest")
            choose(page, "Soort", "Welzijnsorganisatie")
            # a short list is a row of checkboxes
            reach(page, page.get_by_role("checkbox", name="Emmen")).last.check()
            choose(page, "Bronnen", bron_id)
            save(page)
        finally:
            page.screenshot(path=str(tmp_path / "last.png"))
            files = page.evaluate(READ_OPFS, ["data/bronnen.yml", "data/afspraken.yml", "data/ondertekenaars.yml"])
            context.close()
    for path, text in files.items():
        (project / path).write_text(text, "utf-8")
    changes = git_changes(project)
    # Only new lines; the one line that may go is an empty list that gets its first entry.
    removed = [line for line in changes if line.startswith("-")]
    assert all(re.fullmatch(r"-  voortgang: \[\]", line) for line in removed), changes
    assert len(removed) <= 1 and len(changes) < 20, changes
    assert f"+- id: {bron_id}" in changes and "+- id: stichting-editor-test" in changes, changes
    check = subprocess.run([str(ROOT / ".venv/bin/zorgsaam-check")], cwd=project, env=build_env(NOW_EPOCH),
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    built = tmp_path / "after"
    result = build_site(project, built)
    assert result.returncode == 0, result.stderr
    page_text = (built / "afspraken" / str(afspraak) / "index.html").read_text("utf-8")
    assert "De kerngroep heeft een plan gemaakt." in page_text and dutch(day) in page_text
    assert "Stichting Editortest" in (built / "ondertekenaars" / "index.html").read_text("utf-8")
    assert "De kerngroep heeft een plan gemaakt." in (built / "voortgang.xml").read_text("utf-8")


def opfs_text(page, path: str) -> str:
    return page.evaluate(READ_OPFS, [path])[path]


@pytest.mark.browser
def test_mistakes_are_refused_by_the_form_or_by_the_check(browser, editor_project, tmp_path):
    project, site = editor_project
    future = TODAY + dt.timedelta(days=40)
    with serve(site) as url:
        context, page = open_editor(browser, url, project)
        try:
            before = opfs_text(page, "data/bronnen.yml")
            open_file(page, "Bronnen")
            add_item(page, "Bron")  # an empty required field: no id
            field(page, "Korte naam (id)").fill("x")
            field(page, "Korte naam (id)").fill("")
            field(page, "Titel").fill("Bron zonder korte naam")
            choose(page, "Soort", "verslag")
            page.get_by_role("button", name="Opslaan").click()
            page.get_by_text(re.compile("veld bevat een fout|velden bevatten fouten")).first.wait_for()
            field(page, "Korte naam (id)").fill("Bron Met Spaties")  # not a short name
            page.get_by_role("button", name="Opslaan").click()
            page.get_by_text(re.compile("veld bevat een fout|velden bevatten fouten")).first.wait_for()
            page.screenshot(path=str(tmp_path / "refused.png"))
            assert opfs_text(page, "data/bronnen.yml") == before  # nothing was written
            page.get_by_role("button", name="Bewerken annuleren").click()
            discard = page.get_by_role("button", name="Verwerpen")  # asked when there are changes
            discard.or_(page.get_by_text("Voortgang van de afspraken", exact=True)).first.wait_for()
            if discard.count():
                discard.first.click()

            open_file(page, "Voortgang van de afspraken")  # a date in the future: the check refuses it
            page.get_by_role("button", name="Uitvouwen").first.click()
            add_item(page, "Voortgang")
            page.locator("input[type=date]").last.fill(future.isoformat())
            choose(page, "Status", "Afgerond")
            field(page, "Wat is er gebeurd?").fill("Dit kan nog niet gebeurd zijn.")
            choose(page, "Bron", "akkoord-2023")
            save(page)
            afspraken = opfs_text(page, "data/afspraken.yml")
        finally:
            context.close()
    (project / "data" / "afspraken.yml").write_text(afspraken, "utf-8")
    assert future.isoformat() in afspraken
    check = subprocess.run([str(ROOT / ".venv/bin/zorgsaam-check")], cwd=project, env=build_env(NOW_EPOCH),
                           capture_output=True, text=True)
    report = check.stdout + check.stderr
    assert check.returncode != 0, report
    assert "data/afspraken.yml, regel" in report and "veld 'datum'" in report and "Niet gebouwd" in report, report


# Rules axe-core reports on the CMS's own screens (vendor code, README: "The editor"). A new
# finding fails this test, so it is looked at; one that goes away is noticed too.
KNOWN_AXE_FINDINGS: dict[str, set[str]] = {}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    return page.evaluate("""async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }))
        .violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }))""")


@pytest.mark.browser
def test_axe_on_the_editor_screens(browser, editor_project):
    project, site = editor_project
    found: dict[str, list[dict]] = {}
    with serve(site) as url:
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.add_init_script(PICKER)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
        page = context.new_page()
        try:
            page.goto(url + "admin/")
            page.get_by_role("button", name="Werken met een lokale repository").wait_for()
            found["aanmelden"] = axe_violations(page)
            context.close()
            context, page = open_editor(browser, url, project)
            found["gegevens"] = axe_violations(page)
            open_file(page, "Bronnen")
            add_item(page, "Bron")
            found["formulier"] = axe_violations(page)
        finally:
            context.close()
    print(json.dumps(found, indent=1, ensure_ascii=False))
    assert {screen: {v["id"] for v in violations} for screen, violations in found.items()} == \
        {screen: KNOWN_AXE_FINDINGS.get(screen, set()) for screen in found}
