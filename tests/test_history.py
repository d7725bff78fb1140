"""Every change on the record: 'Wijzigingen' on the afspraak pages, 'Wat is er veranderd?'
and its feed, made from git.

The kinds of change are tested on a temporary git repository with the fixture akkoord and a few
commits of its own; the real site only on what holds for any history (a clean clone may be shallow).
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_EPOCH, MKDOCS, ROOT, build_env, dutch, fixture_project
from macros.history import diff, git as history_git

ATOM = "{http://www.w3.org/2005/Atom}"
REPO = "https://github.com/voorbeeld/zorgsaam-proef"
NOT_AVAILABLE = "Geschiedenis niet beschikbaar."
# Variables of the shell that must not reach the builds or git of these tests.
FOREIGN = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "REPO_ADRES", history_git.REQUIRED_ENV)


def _env(**extra: str) -> dict:
    env = build_env(FIXTURE_EPOCH, **extra)
    for name in FOREIGN:
        if name not in extra:
            env.pop(name, None)
    return env


def git(repo: Path, *args: str, day: str | None = None) -> str:
    env = _env()
    if day:
        env.update(GIT_AUTHOR_DATE=f"{day}T12:00:00+01:00", GIT_COMMITTER_DATE=f"{day}T12:00:00+01:00")
    result = subprocess.run(["git", "-c", "user.name=Redactie", "-c", "user.email=redactie@example.org",
                             "-c", "commit.gpgsign=false", *args], cwd=repo, env=env,
                            capture_output=True, text=True, check=True, timeout=60)
    return result.stdout.strip()


def commit(repo: Path, day: str, message: str) -> str:
    """A commit as the site expects them: a subject for the people who keep the site (not shown)
    and the editor's explanation for residents on an 'Uitleg:' line."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{DEVELOPER_SUBJECT} ({day})", "-m", f"Uitleg: {message}", day=day)
    return git(repo, "rev-parse", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def build(project: Path, site: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site)], cwd=project, env=_env(**extra),
                          capture_output=True, text=True, timeout=300)


def text_of(fragment: str) -> str:
    """The text of a page's article (or of a fragment), tags as spaces."""
    article = re.search(r"<article.*?</article>", fragment, re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article.group(0) if article else fragment)).split())
    return text.replace(" :", ":")


def section(site: Path, nummer: int) -> str:
    page = (site / "afspraken" / str(nummer) / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<section class="zw-wijzigingen".*?</section>', page, re.S)
    assert found, f"afspraak {nummer}: no section 'Wijzigingen'"
    return found.group(0)


def commit_items(fragment: str) -> list[str]:
    """The text of each commit in a 'Wijzigingen' list, newest first."""
    return [text_of(item) for item in re.findall(r'<li(?: id="[^"]*")?><p class="zw-wijziging__datum">.*?'
                                                  r'(?=<li(?: id="[^"]*")?><p class="zw-wijziging__datum">|</ol>)',
                                                  fragment, re.S)]


DEVELOPER_SUBJECT = "Data: refactor loader schema"  # never on the site
# Each commit of the test history: (day, the editor's 'Uitleg:') and what it does.
SCRIPT = "Termijn van afspraak 3 <script>alert(1)</script> bijgewerkt"
HISTORY = {
    "oud": ("2025-01-10", "Eerste opzet van de gegevens"),
    "alles": ("2025-02-01", "Alle afspraken op de site"),
    "status": ("2025-03-15", "Afspraak 1 is begonnen"),
    "termijn": ("2025-04-01", SCRIPT),
    "titel": ("2025-05-01", "Titel van afspraak 4 duidelijker"),
    "inspringen": ("2025-06-01", "Alleen anders ingesprongen"),
    "rest": ("2025-07-01", "Bron, ondertekenaar en proeftuin bijgewerkt"),
}
NEW_ENTRY = ("    - datum: 2025-03-12\n      status: in uitvoering\n      notitie: Het werk aan afspraak 1 is begonnen.\n"
             "      bron: proef-nieuws-2024-01\n")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A git repository with the fixture akkoord and the commits of HISTORY; their shas by name."""
    project = fixture_project(tmp_path_factory.mktemp("history") / "project")
    data = project / "data"
    afspraken = data / "afspraken.yml"
    today = afspraken.read_text(encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    shas = {}
    afspraken.write_text("# Eerste opzet, nog zonder nummers\nafspraken:\n  - titel: Iets\n", encoding="utf-8")
    shas["oud"] = commit(project, *HISTORY["oud"])
    afspraken.write_text(today, encoding="utf-8")
    shas["alles"] = commit(project, *HISTORY["alles"])
    first = today.split("\n- nummer: 2\n")[0]
    assert first.endswith("  voortgang: []")
    edit(afspraken, first, first.removesuffix(" []") + "\n" + NEW_ENTRY.rstrip("\n"))
    shas["status"] = commit(project, *HISTORY["status"])
    # Afspraak 6 has the same termijn: only the one of 3, the afspraak above 4, changes.
    edit(afspraken, "tekst: voor de zomer van 2024\n  voortgang: []\n- nummer: 4\n",
         "tekst: voor de herfst van 2024\n  voortgang: []\n- nummer: 4\n")
    shas["termijn"] = commit(project, *HISTORY["termijn"])
    edit(afspraken, "titel: Een termijn zonder datum", "titel: Een termijn zonder vaste datum")
    shas["titel"] = commit(project, *HISTORY["titel"])
    header = "".join(line + "\n" for line in afspraken.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    items = yaml.safe_load(afspraken.read_text(encoding="utf-8"))
    afspraken.write_text(header + yaml.safe_dump(items, allow_unicode=True, sort_keys=False, indent=4, width=60),
                         encoding="utf-8")
    shas["inspringen"] = commit(project, *HISTORY["inspringen"])
    edit(data / "bronnen.yml", '"Verzonnen bericht: de proefkerngroep begint"', '"Verzonnen bericht: kerngroep begint"')
    edit(data / "ondertekenaars.yml", "naam: Gemeente Proefstad", "naam: Gemeente Proefstad-Oost")
    edit(data / "proeftuinen.yml", "samenvatting: Proefdorp is een verzonnen dorp voor de tests.",
         "samenvatting: Proefdorp is een verzonnen dorp.")
    shas["rest"] = commit(project, *HISTORY["rest"])
    return project, shas


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("history-site")
    result = build(repo[0], target, REPO_ADRES=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def _unrelated(project: Path) -> int:
    """An afspraak no commit of HISTORY touches: not 1, 3, 4, and citing only the akkoord."""
    items = yaml.safe_load((project / "data" / "afspraken.yml").read_text(encoding="utf-8"))
    return next(a["nummer"] for a in items if a["nummer"] not in (1, 3, 4) and not a["voortgang"])


def test_each_kind_of_change_is_on_the_right_afspraak_page(repo, site):
    one, three, four = (commit_items(section(site, n)) for n in (1, 3, 4))
    assert "status van onbekend naar in uitvoering" in one[1]
    assert f"nieuwe voortgangsregel van {dutch('2025-03-12')}" in one[1]
    assert "Afspraak 1 is begonnen" in one[1] and dutch("2025-03-15") in one[1]
    assert "termijn veranderd van ‘voor de zomer van 2024’ naar ‘voor de herfst van 2024’" in three[0]
    assert "titel verduidelijkt" in four[0]
    # A source the afspraak cites: afspraak 1 cites proef-nieuws-2024-01 since its new voortgang.
    assert "Bron Verzonnen bericht: kerngroep begint: titel aangepast" in one[0]
    # Newest first; the first version of today's shape is 'eerste versie'; the oldest item is
    # the first version of the bronnen (commit 'oud').
    for items in (one, three, four):
        assert HISTORY["alles"][1] in items[-2] and "eerste versie" in items[-2]
        assert HISTORY["oud"][1] in items[-1]
    assert (len(one), len(three), len(four)) == (4, 3, 3)
    assert not any("status van" in item for item in three + four)


def test_unrelated_afspraken_and_reindenting_show_no_change(repo, site):
    project, shas = repo
    items = commit_items(section(site, _unrelated(project)))
    # Only first versions: of itself (commit 'alles') and of the akkoord it cites (bronnen.yml, commit 'oud').
    assert [HISTORY[name][1] in item for item, name in zip(items, ("alles", "oud"))] == [True, True], items
    for item in items:
        assert "eerste versie" in item
        assert not re.search("aangepast|verduidelijkt|status van|termijn|nieuwe|weggehaald", item), item
    everywhere = [text_of(section(site, n)) for n in (1, 3, 4, _unrelated(project))]
    everywhere.append(text_of((site / "wijzigingen" / "index.html").read_text(encoding="utf-8")))
    everywhere.append((site / "wijzigingen.xml").read_text(encoding="utf-8"))
    for text in everywhere:
        assert HISTORY["inspringen"][1] not in text and shas["inspringen"] not in text


def test_an_early_version_is_summarised_as_first_version(repo, site):
    """The first afspraken.yml had another shape: the first version of today's shape is 'eerste versie'."""
    page = text_of((site / "wijzigingen" / "index.html").read_text(encoding="utf-8"))
    assert HISTORY["oud"][1] in page  # the other files of that commit are there, as first versions
    assert "Afspraak 1: Partijen doen mee aan het proefakkoord: eerste versie" in page
    assert "Iets" not in page  # the item of the old shape is not compared, nor shown


def test_the_site_wide_page_and_its_feed_show_every_change(repo, site):
    project, shas = repo
    page = (site / "wijzigingen" / "index.html").read_text(encoding="utf-8")
    text = text_of(page)
    expected = ["Afspraak 1: Partijen doen mee aan het proefakkoord: status van onbekend naar in uitvoering",
                "Afspraak 3: Een proefcommissie instellen: termijn veranderd van ‘voor de zomer van 2024’",
                "Afspraak 4: Een termijn zonder vaste datum: titel verduidelijkt",
                "Gemeente Proefstad-Oost: naam aangepast", "Proeftuin Proefdorp: samenvatting aangepast",
                "Bron Verzonnen bericht: kerngroep begint: titel aangepast"]
    for line in expected:
        assert line in text, line
    assert 'href="../afspraken/1/"' in page and 'href="../proeftuinen/proefdorp/"' in page
    root = ET.fromstring((site / "wijzigingen.xml").read_bytes())
    entries = root.findall(f"{ATOM}entry")
    names = [name for name in HISTORY if name != "inspringen"]
    assert [e.find(f"{ATOM}id").text.rsplit("#wijziging-", 1)[1] for e in entries] == [
        shas[name][:12] for name in reversed(names)]
    summaries = " ".join(e.find(f"{ATOM}summary").text for e in entries)
    for line in expected:
        assert line.replace("Bron ", "") in summaries, line
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0] == f"Wijziging van {dutch('2025-07-01')}: {HISTORY['rest'][1]}"
    assert any(SCRIPT in title for title in titles)  # text in the XML, escaped by the writer
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated[0] == "2025-07-01T11:00:00Z" and root.find(f"{ATOM}updated").text == updated[0]
    head = page.split("</head>", 1)[0]
    assert 'type="application/atom+xml"' in head and "wijzigingen.xml" in head


def test_commit_message_is_text_and_commit_link_only_with_repo_address(repo, site, tmp_path):
    project, shas = repo
    three = section(site, 3)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in three and "<script>alert" not in three
    assert "<script>alert" not in (site / "wijzigingen" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO}/commit/{shas["termijn"]}"' in three
    plain = tmp_path / "site"
    result = build(project, plain)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "/commit/" not in section(plain, 3)
    assert "/commit/" not in (plain / "wijzigingen" / "index.html").read_text(encoding="utf-8")
    assert "Afspraak 1 is begonnen" in text_of(section(plain, 1))


def test_outside_git_the_pages_say_history_is_not_available(fixture_site):
    assert NOT_AVAILABLE in text_of(section(fixture_site, 1))
    page = text_of((fixture_site / "wijzigingen" / "index.html").read_text(encoding="utf-8"))
    assert NOT_AVAILABLE in page and "eerste versie" not in page


def test_shallow_clone_fails_when_history_is_required_and_shows_nothing_otherwise(repo, tmp_path):
    project, _ = repo
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    failed = build(clone, tmp_path / "required", **{history_git.REQUIRED_ENV: "verplicht"})
    assert failed.returncode != 0
    assert "Niet gebouwd: de geschiedenis van de gegevens ontbreekt" in failed.stdout + failed.stderr
    assert "ondiepe kopie" in failed.stdout + failed.stderr
    local = build(clone, tmp_path / "local")
    assert local.returncode == 0, local.stdout + local.stderr
    text = text_of(section(tmp_path / "local", 1))
    assert NOT_AVAILABLE in text and "eerste versie" not in text


def test_outside_git_fails_when_history_is_required(tmp_path):
    project = fixture_project(tmp_path / "project")
    failed = build(project, tmp_path / "site", **{history_git.REQUIRED_ENV: "verplicht"})
    assert failed.returncode != 0
    assert "geen git-repository" in failed.stdout + failed.stderr


def test_the_deploy_build_requires_the_history():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    assert next(s for s in steps if "checkout" in s.get("uses", ""))["with"]["fetch-depth"] == 0
    build_step = next(s for s in steps if s.get("run") == "make build")
    assert build_step["env"][history_git.REQUIRED_ENV] == "verplicht"


def test_the_real_site_has_the_changes_page_and_a_section_on_every_afspraak(site_dir):
    page = site_dir / "wijzigingen" / "index.html"
    assert page.is_file() and (site_dir / "wijzigingen.xml").is_file()
    nav = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "wijzigingen/" in nav and "Wat is er veranderd?" in nav
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True,
                             text=True, env=_env()).stdout.strip()
    in_head = subprocess.run(["git", "show", "HEAD:data/afspraken.yml"], cwd=ROOT, capture_output=True, text=True,
                             env=_env())
    committed = ({a["nummer"] for a in yaml.safe_load(in_head.stdout)}
                 if in_head.returncode == 0 and shallow == "false" else set())
    for a in yaml.safe_load((ROOT / "data" / "afspraken.yml").read_text(encoding="utf-8")):
        text = text_of(section(site_dir, a["nummer"]))
        if shallow != "false":
            assert NOT_AVAILABLE in text
        elif a["nummer"] in committed:  # a full history has its first version
            assert "eerste versie" in text or "nieuwe afspraak" in text


# ---------- the pure comparison ----------

def version(text: str) -> history_git.Version:
    return history_git.parse_version(text.encode("utf-8"))


AFSPRAAK = """- nummer: 1
  titel: Een titel
  voortgang: []
- nummer: 2
  titel: Twee
  deadline:
    tekst: in 2024
  voortgang:
    - datum: 2024-03-12
      status: in uitvoering
      notitie: Begonnen.
      bron: b
"""


def _changes(*texts: str) -> diff.Geschiedenis:
    commits = []
    before = None
    for i, text in enumerate(texts):
        after = version(text) if text is not None else None
        commits.append(history_git.Commit(f"{i:040x}", dt.datetime(2025, 1, 1 + i, tzinfo=dt.timezone.utc), f"Uitleg: Stap {i}",
                                      (history_git.FileChange("data/afspraken.yml", before, after),)))
        before = after
    return diff.changes(history_git.History(tuple(commits)), {"in uitvoering": "In uitvoering", "onbekend": "Onbekend"})


def test_moving_and_reindenting_items_is_no_change():
    items = yaml.safe_load(AFSPRAAK)
    moved = yaml.safe_dump(list(reversed(items)), indent=4, default_flow_style=True, width=40)
    found = _changes(AFSPRAAK, "# kop\n" + moved)
    assert [c.bericht for c in found.commits] == ["Stap 0"]


def test_each_kind_of_change_in_plain_dutch():
    changed = (AFSPRAAK.replace("titel: Een titel", "titel: Een betere titel")
               .replace("tekst: in 2024", "tekst: in 2025")
               .replace("  voortgang: []", "  voortgang:\n    - {datum: 2025-01-02, status: in uitvoering, "
                                         "notitie: Nieuw., bron: b}"))
    newest = _changes(AFSPRAAK, changed).commits[0]
    lines = {w.sleutel: w.regels for w in newest.wijzigingen}
    assert lines[1] == ("status van onbekend naar in uitvoering", "titel verduidelijkt",
                        f"nieuwe voortgangsregel van {dutch('2025-01-02')}")
    assert lines[2] == ("termijn veranderd van ‘in 2024’ naar ‘in 2025’",)


@pytest.mark.parametrize("early", ["afspraken:\n  - titel: x\n", "- [niet, een, mapping]\n", "- nummer: [\n",
                                   "- titel: zonder nummer\n"])
def test_early_or_broken_versions_give_first_version(early):
    found = _changes(early, AFSPRAAK)
    assert [(w.sleutel, w.regels) for w in found.commits[0].wijzigingen] == [(1, ("eerste versie",)),
                                                                             (2, ("eerste versie",))]


def test_a_broken_version_in_between_is_skipped():
    found = _changes(AFSPRAAK, "- nummer: [\n", AFSPRAAK.replace("Twee", "Drie"))
    assert [(w.sleutel, w.regels) for w in found.commits[0].wijzigingen] == [(2, ("titel verduidelijkt",))]


def test_items_are_parsed_once_by_their_text():
    history_git._items.clear()
    version(AFSPRAAK)
    version(AFSPRAAK.replace("Twee", "Drie"))
    assert len(history_git._items) == 3


def _random_file(rng: random.Random, items: list[str]) -> str:
    head = rng.choice(["", "# kop\n", "# kop\n\n# nog een\n", "---\n"])
    return head + "".join(items)


def test_reading_only_the_changed_bytes_gives_the_same_items_as_reading_all():
    """history_git.parse_next (the fast path) against parse_version, on random edits of random files."""
    rng = random.Random(13)
    for _ in range(400):
        items = [f"- nummer: {n}\n  titel: T{rng.randrange(5)}\n  lijst: [{rng.randrange(3)}]\n"
                 for n in range(rng.randrange(0, 8))]
        before = _random_file(rng, items)
        edited = list(items)
        for _ in range(rng.randrange(1, 4)):
            what, at = rng.randrange(5), rng.randrange(len(edited) + 1)
            new = f"- nummer: {rng.randrange(20)}\n  titel: N{rng.randrange(5)}\n"
            if what == 0 or not edited:
                edited.insert(at, new)
            elif what == 1:
                del edited[at % len(edited)]
            elif what == 2:
                edited[at % len(edited)] = new
            elif what == 3:
                edited[at % len(edited)] = edited[at % len(edited)].replace("  ", "    ")
            else:
                edited[at % len(edited)] = edited[at % len(edited)].replace("titel: ", "titel: x", 1)
        after = _random_file(rng, edited) if rng.random() < 0.2 else before[:len(before) - len("".join(items))] + \
            "".join(edited)
        a, b = before.encode(), after.encode()
        first = history_git.parse_version(a)
        fast, slow = history_git.parse_next(a, first, b), history_git.parse_version(b)
        assert fast.items == slow.items, (before, after)
        assert fast.starts == slow.starts, (before, after)
        # The comparison gives the same lines whether it may use the span of the fast path or not.
        assert _lines(first, fast) == _lines(first, slow), (before, after)


def _lines(before: history_git.Version, after: history_git.Version) -> list:
    commits = (history_git.Commit("1" * 40, dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), "Een",
                              (history_git.FileChange("data/afspraken.yml", None, before),)),
               history_git.Commit("2" * 40, dt.datetime(2025, 1, 2, tzinfo=dt.timezone.utc), "Twee",
                              (history_git.FileChange("data/afspraken.yml", before, after),)))
    found = diff.changes(history_git.History(commits), {})
    return sorted((c.sha, w.sleutel, w.regels, w.bestaat) for c in found.commits for w in c.wijzigingen)


def test_common_prefix_and_suffix():
    a, b = b"x" * 200_000 + b"abc" + b"y" * 70_000, b"x" * 200_000 + b"aXc" + b"y" * 70_000
    assert history_git.common_prefix(a, b) == 200_001
    assert history_git.common_suffix(a, b, len(a) - 200_001) == 70_001
    assert history_git.common_prefix(b"", b"abc") == 0 and history_git.common_suffix(b"ab", b"ab", 2) == 2


def test_history_is_read_once_and_cached_between_builds(tmp_path):
    """`make serve` rebuilds: the same HEAD gives the same History; a new commit reads only itself."""
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "afspraken.yml"
    git(tmp_path, "init", "-q", "-b", "main")
    path.write_text(AFSPRAAK, encoding="utf-8")
    commit(tmp_path, "2025-01-01", "Eerste")
    first = history_git.read_history(tmp_path)
    assert history_git.read_history(tmp_path) is first
    parsed = len(history_git._items)
    path.write_text(AFSPRAAK.replace("Twee", "Alleen in deze test"), encoding="utf-8")
    commit(tmp_path, "2025-01-02", "Tweede")
    second = history_git.read_history(tmp_path)
    assert [diff.uitleg(c.message) for c in second.commits] == ["Eerste", "Tweede"]
    assert second.commits[0].changes[0].after is first.commits[0].changes[0].after  # not read again
    assert len(history_git._items) == parsed + 1  # only the changed afspraak was parsed


def test_history_outside_git(tmp_path):
    assert history_git.read_history(tmp_path).unavailable


def test_required_setting():
    assert history_git.required({history_git.REQUIRED_ENV: "verplicht"})
    assert not history_git.required({}) and not history_git.required({history_git.REQUIRED_ENV: ""})


@pytest.mark.parametrize("message, shown", [
    ("Data: afspraak 4 status", ""),  # a subject for the people who keep the site: not on the site
    ("Afspraak 4 bijgewerkt\n\nUitleg: De kerngroep is begonnen.", "De kerngroep is begonnen."),
    ("uitleg:   Nieuwe bron over Geesbrug  ", "Nieuwe bron over Geesbrug"),
    ("Fix typo\n\nSee the review.\nUitleg: Titel verduidelijkt.\nUitleg: tweede", "Titel verduidelijkt."),
    ("Geen uitleg: hier niet aan het begin van de regel", ""),
])
def test_only_the_editors_uitleg_line_of_a_commit_message_is_shown(message, shown):
    assert diff.uitleg(message) == shown


def test_no_developer_subject_on_any_page_or_feed(site):
    assert any(HISTORY["status"][1] in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    for path in list(site.rglob("*.html")) + list(site.glob("*.xml")):
        assert DEVELOPER_SUBJECT not in path.read_text(encoding="utf-8"), path
