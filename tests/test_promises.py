"""A sentence about the site keeps its promise in every build configuration.

A sentence that promises a way to report, an address, a link, a reason or a list is made from
the same setting or data as the thing it promises (SITE_URL, MELD_ADRES, REPO_ADRES, the
commits' 'Uitleg:' lines, data/), or says plainly that the thing is not there yet. These tests
build the real site with none and with all of the three settings, and the fictional akkoord with
a history without and with 'Uitleg:' lines, and check each promise against what the pages hold.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_EPOCH, MKDOCS, NOW_EPOCH, ROOT, build_env, copy_project, fixture_project, html_pages
from macros.output import meld, urls
from macros.history.diff import CommitWijzigingen

PUBLIC_URL = "https://zorgsaam.voorbeeld.nl/wonen/"  # not a reserved domain: as a real deploy
MAIL = "redactie@zorgsaam.voorbeeld.nl"
REPO = "https://github.com/voorbeeld/zorgsaam-wonen"
CONFIGS = {"niets": {}, "alles": {"SITE_URL": PUBLIC_URL, "MELD_ADRES": MAIL, "REPO_ADRES": REPO}}
SETTINGS = ("SITE_URL", "MELD_ADRES", "REPO_ADRES", "ZORGSAAM_GESCHIEDENIS")


def _build(project: Path, site: Path, epoch: str, **settings: str) -> None:
    env = build_env(epoch, **settings)
    for name in SETTINGS:
        if name not in settings:
            env.pop(name, None)
    result = subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site)], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The real site, built with none and with all of SITE_URL, MELD_ADRES and REPO_ADRES."""
    project = copy_project(tmp_path_factory.mktemp("promises") / "project")
    built = {}
    for name, settings in CONFIGS.items():
        built[name] = tmp_path_factory.mktemp(f"site-{name}")
        _build(project, built[name], NOW_EPOCH, **settings)
    return built


def article(path: Path) -> str:
    found = re.search(r"<article.*?</article>", path.read_text(encoding="utf-8"), re.S)
    return found.group(0) if found else ""


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()).replace(" .", ".")


def afspraak_pages(site: Path) -> list[Path]:
    numbers = [a["nummer"] for a in yaml.safe_load((ROOT / "data" / "afspraken.yml").read_text(encoding="utf-8"))]
    return [site / "afspraken" / str(n) / "index.html" for n in numbers]


# --- an address or a link: shown when set, else "nog niet bekend" -------------------------------

@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_no_page_shows_a_stand_in_address(sites, config):
    """mkdocs.yml's stand-in site_url (example.org) is no address a reader can visit."""
    shown = [p.relative_to(sites[config]).as_posix() for p in html_pages(sites[config])
             if re.search(r"example\.(org|com|net)", text(article(p)))]
    assert not shown, f"pages show a stand-in address ({config}): {shown}"


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_the_print_page_gives_the_site_address_only_when_it_is_known(sites, config):
    page = text(article(sites[config] / "afspraken" / "print" / "index.html"))
    site_url = CONFIGS[config].get("SITE_URL")
    if site_url:
        assert f"De nieuwste versie staat op {site_url}afspraken/." in page
    else:
        assert "De nieuwste versie staat op" not in page


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_a_way_to_report_is_promised_only_where_the_afspraak_pages_offer_one(sites, config):
    site = sites[config]
    offered = ["zw-meld__link" in article(p) or "zw-meld__github" in article(p) for p in afspraak_pages(site)]
    assert len(set(offered)) == 1, "every afspraak page offers the same ways"
    open_data = text(article(site / "open-data" / "index.html"))
    promised = "Onderaan de pagina van elke afspraak staat het deel ‘Klopt dit niet?’" in open_data
    assert promised == offered[0], (config, open_data[-400:])
    if not offered[0]:
        assert "Er is nog geen manier om een fout te melden" in open_data


@pytest.mark.parametrize("config", sorted(CONFIGS))
@pytest.mark.parametrize("page", ["over", "over/privacy", "over/toegankelijkheid"])
def test_the_editors_address_is_given_or_said_to_be_unknown(sites, config, page):
    body = article(sites[config] / page / "index.html")
    mail = CONFIGS[config].get("MELD_ADRES")
    if mail:
        assert f'href="mailto:{mail}"' in body and "nog niet bekend. Zodra het er is" not in text(body)
    else:
        assert "mailto:" not in body and "Het e-mailadres van de redactie is nog niet bekend" in text(body)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_the_files_on_github_are_linked_or_said_to_be_unknown(sites, config):
    body = article(sites[config] / "over" / "index.html")
    repo = CONFIGS[config].get("REPO_ADRES")
    if repo:
        assert f'href="{repo}"' in body and f'href="{repo}/blob/HEAD/REDACTIE.md"' in body
    else:
        assert "github.com" not in body and "Het webadres van die bestanden is nog niet bekend" in text(body)


# --- a list: what the themes page says the theme pages hold, they hold --------------------------

def test_the_themes_page_promises_only_what_the_theme_pages_hold(site_dir):
    themas = [t["id"] for t in yaml.safe_load((ROOT / "data" / "themas.yml").read_text(encoding="utf-8"))]
    afspraken = yaml.safe_load((ROOT / "data" / "afspraken.yml").read_text(encoding="utf-8"))
    proeftuinen = yaml.safe_load((ROOT / "data" / "proeftuinen.yml").read_text(encoding="utf-8"))
    index = text(article(site_dir / "themas" / "index.html"))
    for thema in themas:
        body = article(site_dir / "themas" / thema / "index.html")
        links = set(re.findall(r'href="\.\./\.\./afspraken/(\d+)/"', body))
        if "staan op elke themapagina alle afspraken" in index:
            assert links == {str(a["nummer"]) for a in afspraken}, f"{thema}: not every afspraak is on the page"
        if "U vindt ze op de pagina Alle afspraken" in index:
            assert 'href="../../afspraken/"' in body, thema
        if "staan ook de proeftuinen die bij dat thema horen" in index or "alle proeftuinen" in index:
            expected = {p["id"] for p in proeftuinen if thema in p.get("themas", [])}
            if "alle proeftuinen" in index:
                expected = {p["id"] for p in proeftuinen}
            found = set(re.findall(r'href="\.\./\.\./proeftuinen/([^/"]+)/"', body))
            assert expected <= found, f"{thema}: proeftuinen {expected - found} are not on the page"


# --- a reason: the changes page claims reasons only as far as commits give them -----------------

def _git(repo: Path, *args: str, day: str | None = None) -> None:
    env = build_env(FIXTURE_EPOCH)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    if day:
        env.update(GIT_AUTHOR_DATE=f"{day}T12:00:00+01:00", GIT_COMMITTER_DATE=f"{day}T12:00:00+01:00")
    subprocess.run(["git", "-c", "user.name=Redactie", "-c", "user.email=redactie@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True, capture_output=True,
                   timeout=60)


def _commit(repo: Path, day: str, *message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", *[part for line in message for part in ("-m", line)], day=day)


def _retitle(project: Path, old: str, new: str) -> None:
    path = project / "data" / "afspraken.yml"
    source = path.read_text(encoding="utf-8")
    assert source.count(f"titel: {old}\n") == 1, old
    path.write_text(source.replace(f"titel: {old}\n", f"titel: {new}\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def history_sites(tmp_path_factory) -> dict[str, Path]:
    """The fictional akkoord with a history of commits without 'Uitleg:' lines ('zonder'), and
    after one more commit with one ('gemengd')."""
    project = fixture_project(tmp_path_factory.mktemp("promises-history") / "project")
    titles = [a["titel"] for a in yaml.safe_load((project / "data" / "afspraken.yml").read_text(encoding="utf-8"))]
    _git(project, "init", "-q", "-b", "main")
    _commit(project, "2025-01-10", "Add the data")
    _retitle(project, titles[0], titles[0] + " (nieuw)")
    _commit(project, "2025-02-01", "Retitle the first afspraak", "No explanation for residents here.")
    built = {"zonder": tmp_path_factory.mktemp("history-zonder")}
    _build(project, built["zonder"], FIXTURE_EPOCH)
    _retitle(project, titles[1], titles[1] + " (nieuw)")
    _commit(project, "2025-03-01", "Retitle the second afspraak", "Uitleg: De titel is duidelijker gemaakt.")
    built["gemengd"] = tmp_path_factory.mktemp("history-gemengd")
    _build(project, built["gemengd"], FIXTURE_EPOCH)
    return built


def _commits_and_reasons(page: str) -> tuple[int, int]:
    items = re.findall(r'<li id="wijziging-[0-9a-f]+">', page)
    return len(items), page.count('class="zw-wijziging__bericht"')


@pytest.mark.parametrize("history", ["zonder", "gemengd"])
def test_the_changes_page_claims_a_reason_only_where_there_is_one(history_sites, history):
    page = article(history_sites[history] / "wijzigingen" / "index.html")
    commits, reasons = _commits_and_reasons(page)
    assert commits >= 2 and reasons == {"zonder": 0, "gemengd": 1}[history]
    said = text(page)
    if "De redactie schrijft er ook kort bij waarom" in said:
        assert reasons == commits, "the page says every change has a reason"
    if reasons == 0:
        assert "Waarom het is veranderd, staat er nog niet bij" in said
    else:
        assert "Uitleg van de redactie" in said


def test_the_changes_page_with_a_reason_on_every_commit_says_so(site_dir):
    """The real history: whatever its commits hold, the sentence matches them."""
    page = article(site_dir / "wijzigingen" / "index.html")
    commits, reasons = _commits_and_reasons(page)
    said = text(page)
    if commits:
        expected = ("De redactie schrijft er ook kort bij waarom" if reasons == commits else
                    "Soms schrijft de redactie er ook bij waarom" if reasons else "staat er nog niet bij")
        assert expected in said


# --- the same rules, on the renderers alone -----------------------------------------------------

@pytest.mark.parametrize("email,repo", [(None, None), (MAIL, None), (None, REPO), (MAIL, REPO)])
def test_each_route_sentence_offers_exactly_the_routes_that_exist(email, repo):
    route = meld.MeldRoute.of(email, repo)
    fout, adres, bestanden = meld.fout_melden(route), meld.redactie_adres(route), meld.bestanden_adres(route)
    assert ("mailto:" in fout) == ("mailto:" in adres) == bool(email)
    assert ("GitHub" in fout) == ("github.com" in bestanden) == bool(repo)
    assert ("nog geen manier" in fout) == (not email and not repo)
    assert ("nog niet bekend" in adres) == (not email)


def test_a_refused_repository_address_counts_as_no_address():
    route = meld.MeldRoute.of(None, "javascript:alert(1)")
    assert "nog niet bekend" in meld.bestanden_adres(route) and "nog geen manier" in meld.fout_melden(route)
    assert "javascript" not in meld.bestanden_adres(route) + meld.fout_melden(route)


@pytest.mark.parametrize("address,public", [
    ("https://example.org/zorgsaam-wonen/", ""), ("https://www.example.com/", ""), ("http://localhost:8000/", ""),
    ("http://127.0.0.1:8000/x/", ""), ("https://site.test/", ""), ("", ""),
    ("https://zorgsaam.voorbeeld.nl/wonen", "https://zorgsaam.voorbeeld.nl/wonen/"),
    ("https://voorbeeld.github.io/zorgsaam-wonen/", "https://voorbeeld.github.io/zorgsaam-wonen/"),
    ("https://notexample.org/", "https://notexample.org/")])
def test_only_an_address_readers_can_visit_is_public(address, public):
    assert urls.public_site_url(address) == public


def test_the_reason_sentence_follows_the_commits():
    from macros.output.changes import waarom_zin

    def commit(bericht):
        return CommitWijzigingen(sha="0" * 40, when=None, bericht=bericht, wijzigingen=())
    assert "kort bij waarom" in waarom_zin([commit("Uitleg"), commit("Nog een")])
    assert "Soms" in waarom_zin([commit("Uitleg"), commit("")])
    assert "nog niet bij" in waarom_zin([commit(""), commit("")])
    assert waarom_zin([]) == ""
