"""The loop this site lives on: an editor changes data/ as REDACTIE.md says, and CI is green.

Each test takes a copy of the repository's real data, makes the change an editor makes (as
text, the way an editor edits a YAML file), and runs what CI runs: `zorgsaam-check` and a
strict build. Dates are relative to the build day, never fixed, so the calendar cannot
overtake these tests; ids are fresh, so an editor's earlier use of an id cannot clash.
The second half applies the guide's own examples literally and shows what an editor sees.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import NOW_EPOCH, ROOT, TODAY, build_site, copy_project, dutch, epoch_of

GUIDE = ROOT / "REDACTIE.md"
A_YEAR_ON = TODAY + dt.timedelta(days=365)



def page_text(site: Path, url: str) -> str:
    markup = (site / url / "index.html").read_text(encoding="utf-8")
    markup = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>[^<]*</span>', " ", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def records(data: Path, name: str) -> list[dict]:
    return yaml.safe_load((data / f"{name}.yml").read_text(encoding="utf-8")) or []


def fresh_id(data: Path, stem: str) -> str:
    taken = {str(r.get("id")) for name in ("bronnen", "ondertekenaars", "verantwoordelijken", "proeftuinen")
             for r in records(data, name)}
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def append_item(data: Path, name: str, block: str) -> None:
    """Put a new item at the bottom of a list file, as the guide says."""
    path = data / f"{name}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + block, encoding="utf-8")


def add_voortgang(data: Path, nummer: int, block: str) -> None:
    """Put entries at the bottom of one afspraak's `voortgang`, as the guide says; `voortgang: []`
    loses its []."""
    path = data / "afspraken.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"- nummer: {nummer}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")), len(lines))
    at = next(i for i in range(start, end) if re.match(r"  voortgang:", lines[i]))
    if lines[at].strip() == "voortgang: []":
        lines[at] = "  voortgang:"
        insert = at + 1
    else:
        insert = at + 1
        while insert < end and lines[insert].startswith("    "):
            insert += 1
    lines[insert:insert] = block.rstrip("\n").split("\n")
    path.write_text("\n".join(lines), encoding="utf-8")


def run_check(data: Path, epoch: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "macros.data.check", "--data-dir", str(data)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


# ---------- a realistic editor change ----------

@pytest.mark.parametrize("today", [TODAY, A_YEAR_ON], ids=["vandaag", "over-een-jaar"])
def test_an_editors_change_passes_the_check_and_the_build_and_shows_on_the_site(tmp_path, today):
    project = copy_project(tmp_path / "project")
    data = project / "data"
    afspraken = records(data, "afspraken")
    first, second = afspraken[0], afspraken[-1]
    # Within the last month, and never before what the afspraak already has.
    latest = max([v["datum"] for a in (first, second) for v in a["voortgang"]], default=today)
    newest = min(today, max(today - dt.timedelta(days=10), latest))
    older = min(newest, max(today - dt.timedelta(days=25), latest))
    bron = fresh_id(data, f"nieuwsbericht-{older.isoformat()}")
    organisatie = fresh_id(data, "stichting-proef-welzijn")
    gemeente = records(data, "gemeenten")[0]
    soort = records(data, "soorten")[0]["id"]

    append_item(data, "bronnen", (
        f"- id: {bron}\n"
        f"  titel: \"Nieuws over het woonzorgakkoord ({older.isoformat()})\"\n"
        f"  uitgever: Gemeente {gemeente['naam']}\n"
        "  soort: nieuwsbericht\n"
        f"  datum: {older.isoformat()}\n"
        "  url: https://www.voorbeeld.nl/nieuws/woonzorgakkoord\n"))
    add_voortgang(data, first["nummer"], (
        f"    - datum: {newest.isoformat()}\n"
        "      status: in uitvoering\n"
        "      notitie: \"Nieuw: de eerste bijeenkomst is gehouden.\"\n"
        f"      bron: {bron}\n"))
    add_voortgang(data, second["nummer"], (
        f"    - datum: {older.isoformat()}\n"
        "      status: nog niet gestart\n"
        "      notitie: Het werk begint volgend jaar.\n"
        f"      bron: {bron}\n"))
    append_item(data, "ondertekenaars", (
        f"- id: {organisatie}\n"
        "  naam: Stichting Proef Welzijn\n"
        f"  soort: {soort}\n"
        f"  gemeenten: [{gemeente['id']}]\n"
        f"  bronnen: [{bron}]\n"))

    epoch = NOW_EPOCH if today == TODAY else epoch_of(today)
    check = run_check(data, epoch)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith(f"Gegevens in orde: {len(afspraken)} afspraken, ")
    site = tmp_path / "site"
    built = build_site(project, site, epoch)
    assert built.returncode == 0, built.stdout + built.stderr

    one = page_text(site, f"afspraken/{first['nummer']}")
    assert "Nieuw: de eerste bijeenkomst is gehouden." in one
    assert dutch(newest) in one and "In uitvoering" in one
    assert f"Nieuws over het woonzorgakkoord ({older.isoformat()})" in one
    two = page_text(site, f"afspraken/{second['nummer']}")
    assert "Het werk begint volgend jaar." in two and "Nog niet gestart" in two
    row = re.search(rf'<td class="zw-nummer"[^>]*>{first["nummer"]}</td>.*?</tr>',
                    (site / "afspraken" / "index.html").read_text(encoding="utf-8"), re.S).group(0)
    assert "In uitvoering" in row
    assert "Stichting Proef Welzijn" in page_text(site, "ondertekenaars")
    assert "Stichting Proef Welzijn" in page_text(site, f"organisaties/{organisatie}")
    assert f"Nieuws over het woonzorgakkoord ({older.isoformat()})" in page_text(site, "over/bronnen")
    feed = (site / "voortgang.xml").read_text(encoding="utf-8")
    assert "Nieuw: de eerste bijeenkomst is gehouden." in feed


def test_an_entry_dated_today_is_accepted_and_tomorrow_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "data"
    nummer = records(data, "afspraken")[0]["nummer"]
    latest = max([v["datum"] for v in records(data, "afspraken")[0]["voortgang"]], default=TODAY)
    assert latest <= TODAY
    entry = ("    - datum: {day}\n      status: in uitvoering\n      notitie: Vandaag gemeld.\n"
             "      bron: akkoord-2023\n")
    add_voortgang(data, nummer, entry.format(day=TODAY.isoformat()))
    assert run_check(data, NOW_EPOCH).returncode == 0
    add_voortgang(data, nummer, entry.format(day=(TODAY + dt.timedelta(days=1)).isoformat()))
    refused = run_check(data, NOW_EPOCH)
    assert refused.returncode == 1
    assert f"ligt na vandaag ({TODAY.isoformat()})" in refused.stderr


# ---------- the guide's own examples, applied literally ----------

def guide_block(after_heading: str, index: int = 0) -> str:
    """The index-th ```yaml block under a heading of REDACTIE.md."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(after_heading):]
    section = section[:section.find("\n## ", 1)] if "\n## " in section[1:] else section
    blocks = re.findall(r"^```yaml\n(.*?)^```$", section, re.S | re.M)
    assert len(blocks) > index, f"REDACTIE.md: no yaml block {index} under {after_heading!r}"
    return blocks[index]


STATUS = "## De status van een afspraak veranderen"
SIGNATORY = "## Een ondertekenaar toevoegen"


def apply_guide_examples(data: Path) -> int:
    """Do what the guide's status and ondertekenaar sections say, with their example text; returns
    the afspraak that got the new entry (one with no progress yet, as in the guide's example)."""
    append_item(data, "bronnen", guide_block(STATUS, 0))
    afspraken = records(data, "afspraken")
    nummer = next((a["nummer"] for a in afspraken if not a["voortgang"]), afspraken[0]["nummer"])
    entry = guide_block(STATUS, 1).split("\n", 1)[1]  # the block starts with its `voortgang:` line
    add_voortgang(data, nummer, entry)
    append_item(data, "ondertekenaars", guide_block(SIGNATORY, 0))
    return nummer


def test_the_guides_examples_applied_once_give_what_the_guide_promises(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "data"
    bron = yaml.safe_load(guide_block(STATUS, 0))[0]
    organisatie = yaml.safe_load(guide_block(SIGNATORY, 0))[0]
    before = {r["id"] for r in records(data, "bronnen") + records(data, "ondertekenaars")}
    afspraken = records(data, "afspraken")
    target = next((a for a in afspraken if not a["voortgang"]), afspraken[0])
    nummer = apply_guide_examples(data)
    result = run_check(data, NOW_EPOCH)
    output = result.stdout + result.stderr
    clash = {bron["id"], organisatie["id"]} & before
    late = bool(target["voortgang"]) and target["voortgang"][-1]["datum"] > \
        yaml.safe_load(guide_block(STATUS, 1))["voortgang"][0]["datum"]
    if clash or late:
        # The real data already uses an example id, or has newer progress: the editor is told so.
        assert result.returncode == 1, output
        for ref in clash:
            assert f"'{ref}' staat al eerder in dit bestand (regel " in output
        return
    assert result.returncode == 0, output
    site = tmp_path / "site"
    built = build_site(project, site)
    assert built.returncode == 0, built.stdout + built.stderr
    entry = yaml.safe_load(guide_block(STATUS, 1))["voortgang"][0]
    text = page_text(site, f"afspraken/{nummer}")
    assert entry["notitie"] in text and dutch(entry["datum"]) in text and bron["titel"] in text
    assert organisatie["naam"] in page_text(site, "ondertekenaars")


def test_the_guides_examples_applied_twice_name_the_duplicate_ids_with_file_and_line(tmp_path):
    data = copy_project(tmp_path / "project") / "data"
    apply_guide_examples(data)
    apply_guide_examples(data)
    result = run_check(data, NOW_EPOCH)
    assert result.returncode == 1
    lines = result.stderr.rstrip("\n").split("\n")
    for name, block in (("bronnen", guide_block(STATUS, 0)), ("ondertekenaars", guide_block(SIGNATORY, 0))):
        ref = yaml.safe_load(block)[0]["id"]
        text = (data / f"{name}.yml").read_text(encoding="utf-8").split("\n")
        second = [i + 1 for i, line in enumerate(text) if line == f"- id: {ref}"][-1]
        expected = re.compile(rf"^data/{name}\.yml, regel {second}, kolom \d+ \([a-z]+ '{re.escape(ref)}', veld 'id'\): "
                              rf"'{re.escape(ref)}' staat al eerder in dit bestand \(regel \d+\)\.")
        assert any(expected.match(line) for line in lines), "\n".join(lines)
    assert lines[-1].startswith("Niet gebouwd: ") and lines[-1].endswith("er is niets gepubliceerd.")
