"""'Klopt dit niet?' on every afspraak page: by e-mail (MELD_ADRES) and/or GitHub's issue form
(REPO_ADRES), only what is known, never a made-up address; and the issue form itself.
Also macros/output/tables.py, which labels every table cell for the phone layout."""

from __future__ import annotations

import re
import urllib.parse

import pytest
import yaml

from conftest import FIXTURE_DAY, MELD_ADRES, ROOT, build_site, copy_project, fixture_data
from macros.output import meld, tables
from macros.data.loader import load_akkoord
from sitepages import example_page

REPO = "https://github.com/voorbeeld/zorgsaam-wonen"
PAGE = "https://example.org/zorgsaam-wonen/afspraken/7/"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "klopt-dit-niet.yml"
NOT_KNOWN = "Het e-mailadres van de redactie is nog niet bekend."


@pytest.fixture(scope="module")
def afspraak(tmp_path_factory):
    data = fixture_data(tmp_path_factory.mktemp("meld") / "data")
    return next(iter(load_akkoord(data, FIXTURE_DAY).afspraken.values()))


def links(html: str) -> dict[str, str]:
    """class -> href of every link in `html`."""
    return {c: h.replace("&amp;", "&") for h, c in [(m.group(2), m.group(1)) for m in
            re.finditer(r'<a class="([^"]+)" href="([^"]+)"', html)]}


def issue_fields(url: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REPO + "/issues/new"
    return dict(urllib.parse.parse_qsl(parts.query))


def test_with_email_and_repository_both_links(afspraak):
    html = meld.meld_blok(afspraak, meld.MeldRoute(email=MELD_ADRES, repo=REPO), PAGE)
    found = links(html)
    assert set(found) == {"zw-meld__link", "zw-meld__github"}
    assert found["zw-meld__link"].startswith(f"mailto:{MELD_ADRES}?")
    fields = issue_fields(found["zw-meld__github"])
    expected = f"Afspraak {afspraak.nummer}: {afspraak.titel}"
    assert fields == {"template": "klopt-dit-niet.yml", "title": expected, "afspraak": expected, "pagina": PAGE}
    assert "account bij GitHub" in html and "iedereen lezen" in html
    assert NOT_KNOWN not in html


def test_repository_only_github_link_and_no_mail(afspraak):
    html = meld.meld_blok(afspraak, meld.MeldRoute(repo=REPO + "/"), PAGE)
    found = links(html)
    assert set(found) == {"zw-meld__github"} and "mailto:" not in html
    assert issue_fields(found["zw-meld__github"])["template"] == "klopt-dit-niet.yml"
    assert NOT_KNOWN in html and "account bij GitHub" in html


@pytest.mark.parametrize("route", [MELD_ADRES, meld.MeldRoute(email=MELD_ADRES)], ids=["str", "route"])
def test_email_only_mail_link_and_no_github(afspraak, route):
    html = meld.meld_blok(afspraak, route, PAGE)
    assert set(links(html)) == {"zw-meld__link"}
    assert "github" not in html.lower()


@pytest.mark.parametrize("route", [None, "", meld.MeldRoute(), meld.MeldRoute(repo="javascript:alert(1)"),
                                   meld.MeldRoute(repo="github.com/zonder/schema")])
def test_nothing_known_says_so_honestly(afspraak, route):
    html = meld.meld_blok(afspraak, route, PAGE)
    assert "<a " not in html
    assert NOT_KNOWN in html and "nog geen andere manier" in html


def test_issue_form_is_dutch_with_the_fields_the_link_fills_in():
    form = yaml.safe_load(FORM.read_text("utf-8"))
    assert form["name"] == "Klopt dit niet?" and form["description"]
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    # The ids meld_blok fills in, and the questions of the e-mail form.
    assert {"afspraak", "pagina", "fout", "juist", "bron"} <= set(fields)
    labels = {key: field["attributes"]["label"] for key, field in fields.items()}
    assert labels["afspraak"].startswith("Over welke afspraak")
    assert labels["fout"] == "Wat klopt er niet, of wat mist er?"
    assert labels["juist"] == "Wat is volgens u juist?"
    assert labels["bron"] == "Waar staat dat?"
    assert fields["fout"]["validations"]["required"] is True
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    english = re.compile(r"\b(the|what|which|source|please|describe|page)\b", re.I)
    texts = [form["name"], form["description"]] + [v for item in form["body"] for v in item["attributes"].values()
                                                     if isinstance(v, str)]
    assert not [t for t in texts if english.search(t)], texts
    config = yaml.safe_load((FORM.parent / "config.yml").read_text("utf-8"))
    assert config["blank_issues_enabled"] is False


def test_workflows_pass_the_repository_address():
    expected = "${{ github.server_url }}/${{ github.repository }}"
    for name in ("deploy.yml", "check.yml"):
        workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))
        for job_name, job in workflow["jobs"].items():
            builds = [s for s in job.get("steps", []) if re.search(r"\bmake (build|test)\b", s.get("run", ""))]
            for step in builds:
                env = {**job.get("env", {}), **step.get("env", {})}
                assert env.get("REPO_ADRES") == expected, f"{name}/{job_name}: {step.get('name')}"
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert re.search(r"^\s+repo_adres: !ENV \[REPO_ADRES, \"\"\]$", config, re.M)
    # repo_url would make Material ask GitHub's API from every visitor's browser.
    assert not re.search(r"^repo_(url|name):", config, re.M)


def test_built_site_links_the_issue_form_only_with_a_repository(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    rel = example_page("afspraak")
    pages = {}
    for repo in (REPO, ""):
        monkeypatch.setenv("REPO_ADRES", repo)
        site = tmp_path / f"site{bool(repo)}"
        result = build_site(project, site, meld_adres="")
        assert result.returncode == 0, result.stderr
        pages[repo] = (site / rel).read_text("utf-8")
    assert f'href="{REPO}/issues/new?template=klopt-dit-niet.yml&amp;title=' in pages[REPO]
    assert "issues/new" not in pages[""] and "nog geen andere manier" in pages[""]
    for html in pages.values():
        assert "api.github.com" not in html and 'class="md-source"' not in html


def test_label_cells_adds_column_names_and_changes_nothing_else():
    page = ('<p>x</p>\n<table class="a"><thead><tr><th>Naam &amp; plaats</th><th colspan="2">Wat "staat" er?</th>'
            '</tr></thead>\n<tbody><tr><th scope="row">Een</th><td>1</td>\n<td data-label="Eigen">2</td></tr>'
            '<tr><th colspan="3">Groep</th></tr><tr><td>a</td><td\nclass="b">b</td><td>c</td></tr></tbody></table>'
            '<table><tr><th>K</th></tr><tr><td>v</td></tr></table><td>los</td>')
    out = tables.label_cells(page)
    assert re.sub(r' data-label="[^"]*"', "", out) == re.sub(r' data-label="[^"]*"', "", page)
    assert re.findall(r'data-label="([^"]*)"', out) == [
        "Wat &quot;staat&quot; er?", "Eigen", "Naam &amp; plaats", "Wat &quot;staat&quot; er?",
        "Wat &quot;staat&quot; er?", "K"]
    assert '<td\nclass="b" data-label=' in out
    assert tables.label_cells("<p>geen tabel</p>") == "<p>geen tabel</p>"


def test_every_built_table_cell_has_a_label(site_dir):
    seen = 0
    for path in site_dir.rglob("*.html"):
        html = path.read_text("utf-8")
        cells = re.findall(r"<td\b[^>]*>", html)
        seen += len(cells)
        assert all("data-label=" in cell for cell in cells), (path, [c for c in cells if "data-label" not in c][:3])
    assert seen > 0
