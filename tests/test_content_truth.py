"""What a resident reads is true: claims no source makes stay off the site.

Built-site tests read the real site (the session's `site_dir`) and take their expectations from
data/; the rendering of a bron without a known title is tested on the fictional akkoord, so that
it holds whatever the editors write.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import yaml

from conftest import FIXTURE_DAY, ROOT, fixture_data
from macros.output import blocks, feeds, pages
from macros.output.text import TITEL_ONBEKEND
from macros.dates import datum
from macros.data.loader import load_akkoord
from macros.model import Voortgang
from test_own_words import main_blocks


def load_yaml(name: str):
    return yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))


def main_text(site_dir: Path, page: str) -> str:
    return " ".join(" ".join(block.split()) for block in main_blocks(site_dir / page))


def all_pages(site_dir: Path) -> dict[str, str]:
    return {p.relative_to(site_dir).as_posix(): main_text(site_dir, p.relative_to(site_dir).as_posix())
            for p in sorted(site_dir.rglob("*.html"))}


STATUSSEN = {s["naam"]: s for s in load_yaml("statussen")}
AFSPRAKEN = load_yaml("afspraken")
GROEPEN = {g["id"]: g for g in load_yaml("groepen")}
BRONNEN = load_yaml("bronnen")

# Claims that no source makes (each was once on the site), in the words they were written in.
NOT_SAID = {
    "redacteuren van de drie gemeenten": "no source says who keeps the site",
    "kleine groep": "the akkoord does not say how large the regionale kerngroep is",
    "hebben vaak zorg nodig": "the interview of June 2023 does not say it",
    "op de hoogte houden": "afspraak 13 says 'betrokken houden'",
    "feedlezer": "jargon: a resident says 'nieuwslezer'",
    "repository": "jargon",
}


def test_claims_no_source_makes_are_not_on_the_site(site_dir):
    found = [f"{page}: '{phrase}' ({why})" for page, text in all_pages(site_dir).items()
             for phrase, why in NOT_SAID.items() if phrase in text.lower()]
    assert not found, "\n".join(found)


def test_the_word_feed_is_only_explained(site_dir):
    """'feed' alone means nothing to most residents: only as '(… Atom-feed)' after a plain explanation."""
    found = [f"{page}: {m.group(0)!r}" for page, text in all_pages(site_dir).items()
             for m in re.finditer(r"\S*\bfeeds?\b\S*", text, re.I) if "atom-feed" not in m.group(0).lower()]
    assert not found, "\n".join(found)


def test_lasting_commitment_is_not_shown_as_done(site_dir):
    """The signing afspraak (groep 'ondertekening') is a commitment that lasts: never 'afgerond' with a
    termijn on the day of signing. The signing itself is in its voortgang."""
    chosen = [a for a in AFSPRAKEN if a["groep"] == "ondertekening"]
    assert chosen, "no afspraak in groep 'ondertekening'"
    for a in chosen:
        status = a["voortgang"][-1]["status"] if a["voortgang"] else "onbekend"
        assert not STATUSSEN[status]["klaar"], f"afspraak {a['nummer']}: status {status!r} says it is finished"
        assert "datum" not in (a.get("deadline") or {}), f"afspraak {a['nummer']}: a commitment has no end date"
        text = main_text(site_dir, f"afspraken/{a['nummer']}/index.html")
        assert STATUSSEN["afgerond"]["label"] not in text
        assert STATUSSEN[status]["label"] in text
        first = a["voortgang"][0]
        assert " ".join(first["notitie"].split()) in text, "the signing is not in the voortgang"


def test_a_part_without_heading_is_not_quoted_as_a_heading(site_dir):
    # In the akkoord text, afspraak 1 stands before the first heading of the afspraken.
    first = min(AFSPRAKEN, key=lambda a: a["nummer"])
    assert GROEPEN[first["groep"]].get("zonder_kop"), "the part of afspraak 1 has no heading in the akkoord"
    for groep in (g for g in GROEPEN.values() if g.get("zonder_kop")):
        for a in (a for a in AFSPRAKEN if a["groep"] == groep["id"]):
            text = main_text(site_dir, f"afspraken/{a['nummer']}/index.html")
            assert f"in het deel \u2018{groep['titel']}\u2019 van het akkoord" not in text
            assert "zonder eigen kop" in text


def test_rvo_is_not_credited_with_the_place_of_signing():
    """The RVO news item names no place: what cites it must not say 'in Emmen'."""
    cited = [v["notitie"] for a in AFSPRAKEN for v in a["voortgang"] if v["bron"] == "rvo-2023-12-08"]
    for p in load_yaml("proeftuinen"):
        cited += [f["tekst"] for f in p["bekend"] if "rvo-2023-12-08" in f["bronnen"]]
    assert cited
    assert not [t for t in cited if "in Emmen" in t]


def test_an_example_in_the_village_is_not_the_proeftuin(site_dir):
    """A huisartsenpraktijk is an example of the new approach in Klazienaveen; whether it is part of the
    proeftuin is not known, and the page says so."""
    for p in (p for p in load_yaml("proeftuinen") if p["soort"] == "proeftuin"):
        if any("huisartsenpraktijk" in f["tekst"] for f in p["bekend"]):
            assert any("huisartsenpraktijk" in t and "proeftuin" in t for t in p["nog_niet_bekend"]), p["id"]
            text = main_text(site_dir, f"proeftuinen/{p['id']}/index.html")
            assert "Wat weten we nog niet?" in text and "deel is van de proeftuin" in text


def test_every_bron_without_title_says_so(site_dir):
    html = (site_dir / "over" / "bronnen" / "index.html").read_text(encoding="utf-8")
    for bron in BRONNEN:
        item = re.search(rf'<li id="bron-{re.escape(bron["id"])}">(.*?)</li>', html, re.S)
        assert item, bron["id"]
        if "titel" in bron:
            assert TITEL_ONBEKEND not in item.group(1)
        else:
            assert f"({TITEL_ONBEKEND})" in item.group(1), bron["id"]


def test_bron_without_title_in_every_output(tmp_path):
    """Loads and renders: 'Nieuwsbericht op rvo.nl, 8 december 2023 (titel onbekend)', never a made-up
    headline; in the feed and the open data too."""
    data = fixture_data(tmp_path / "data")
    text = (data / "bronnen.yml").read_text(encoding="utf-8")
    first = yaml.safe_load(text)[1]
    assert "titel" in first and "website" in first and "datum" in first, "fixture bron changed: update this test"
    (data / "bronnen.yml").write_text(text.replace(f'  titel: "{first["titel"]}"\n', ""), encoding="utf-8")
    akkoord = load_akkoord(data, FIXTURE_DAY)
    bron = akkoord.bronnen[first["id"]]
    assert bron.titel is None
    when = datum(bron.datum)
    expected = f"{bron.soort.capitalize()} op {bron.website}, {when} ({TITEL_ONBEKEND})"
    assert expected in str(blocks.bron_item(bron))
    assert TITEL_ONBEKEND in str(blocks.bronnen_inline(akkoord, [bron.id], "over/bronnen/"))
    # A progress entry citing it: the afspraak page, the feed.
    a = next(iter(akkoord.afspraken.values()))
    v = Voortgang(FIXTURE_DAY, "in uitvoering", "Een verzonnen stap.", bron.id)
    afspraken = {**akkoord.afspraken, a.nummer: dataclasses.replace(a, voortgang=(v,))}
    changed = dataclasses.replace(akkoord, afspraken=afspraken)
    assert TITEL_ONBEKEND in str(pages.afspraak_page(changed, changed.afspraken[a.nummer], "afspraken/1/"))
    assert TITEL_ONBEKEND in feeds.site_feed(changed, "https://x.example/").decode("utf-8")


def test_open_data_page_promises_e_mail_only_as_the_afspraak_pages_offer_it(site_dir):
    """tests/test_promises.py checks this in builds with and without the addresses."""
    text = main_text(site_dir, "open-data/index.html")
    afspraak = (site_dir / "afspraken" / str(AFSPRAKEN[0]["nummer"]) / "index.html").read_text(encoding="utf-8")
    assert ("e-mail" in text.lower()) == ('class="zw-meld__link"' in afspraak)
    assert ("Klopt dit niet?" in text) == ("zw-meld__link" in afspraak or "zw-meld__github" in afspraak)


def test_ondertekenaars_page_has_no_editor_instructions(site_dir):
    for page in ("ondertekenaars/index.html", "over/bronnen/index.html"):
        text = main_text(site_dir, page)
        assert ".yml" not in text and "data/" not in text, page


def test_search_finds_mantelzorg(site_dir):
    """Residents say 'mantelzorg'; the page on de informele wijk uses their word."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"] if "mantelzorg" in doc["text"].lower()}
    assert "themas/informele-wijk/" in locations, sorted(locations)


def test_status_explanation_fits_a_lasting_commitment():
    """'Doorlopend' is also for a commitment that goes on, not only for a yearly event."""
    assert "loopt door" in STATUSSEN["doorlopend"]["uitleg"]


def test_stand_summary_counts_add_up(site_dir):
    """Unknown + known but not finished + finished = all afspraken, also with a 'doorlopend' one."""
    html = (site_dir / "afspraken" / "stand" / "index.html").read_text(encoding="utf-8")
    summary = re.search(r'<div class="zw-samenvatting">(.*?)</div>', html, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    numbers = [int(m.group(1)) if (m := re.match(r"(?:Van |Bij )?(\d+)", li)) else 0 for li in items[:-1]]
    assert sum(numbers) == len(AFSPRAKEN), items
    klaar = sum(1 for a in AFSPRAKEN if a["voortgang"] and STATUSSEN[a["voortgang"][-1]["status"]]["klaar"])
    if not klaar:
        assert "Nog geen afspraak is klaar of gestopt." in summary
