"""Pages made from data say what is true and new.

Organisation pages of ondertekenaars list the afspraken they share with all others; gemeente
pages link to the gemeente's own website; thema and gemeente pages and the stand page say once
what every afspraak has in common instead of repeating the same cards or bars; the two dates and
the two marks for a passed deadline have names a resident can tell apart.

Expectations come from the YAML (real site, built today) or from the fictional akkoord on its
fixed day (tests/fixtures/data, FIXTURE_EPOCH).
"""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from conftest import FIXTURE_DATA, FIXTURE_DAY, ROOT, fixture_data, html_pages
from macros.data.loader import DataErrors, load_akkoord
from macros.output.pages import SHARED_LISTED_MAX, organisatie_page
from support import verantwoordelijk_ids
from test_site import visible_text, words
from test_tracker import afspraak_numbers, kenmerk, page_html

SITES = [("site_dir", ROOT / "data"), ("fixture_site", FIXTURE_DATA)]


def _yaml(folder, name: str):
    return yaml.safe_load((folder / f"{name}.yml").read_text(encoding="utf-8"))


def aantal(n: int) -> str:
    return f"{n} afspraak" if n == 1 else f"{n} afspraken"


def text(site, url: str) -> str:
    return words(visible_text(page_html(site, url)))


def for_all(afspraak: dict, field: str, data) -> bool:
    return set(afspraak[field]) >= {x["id"] for x in _yaml(data, field)}


@pytest.fixture(params=SITES, ids=[name for name, _ in SITES])
def built(request):
    name, data = request.param
    return request.getfixturevalue(name), data


# ---------- 1. Ondertekenaars share the afspraken of 'all ondertekenaars' ----------

def test_every_ondertekenaar_page_lists_what_it_shares_with_all_others(built):
    site, data = built
    alle = {v["id"] for v in _yaml(data, "verantwoordelijken") if v.get("alle_ondertekenaars")}
    afspraken = _yaml(data, "afspraken")
    shared = {a["nummer"] for a in afspraken if alle & set(verantwoordelijk_ids(a))}
    assert _yaml(data, "ondertekenaars")
    for o in _yaml(data, "ondertekenaars"):
        url = f"organisaties/{o['id']}"
        own = {a["nummer"] for a in afspraken if o["id"] in verantwoordelijk_ids(a)}
        listed = shared if len(shared - own) <= SHARED_LISTED_MAX else set()
        assert sorted(afspraak_numbers(page_html(site, url), url + "/")) == sorted(own | listed), url
        content = text(site, url)
        named = {a["nummer"] for a in afspraken if alle & set(verantwoordelijk_ids(a, "akkoord"))} - own
        read = shared - own - named
        assert "Het akkoord geeft" not in content, url  # a reading was said as the akkoord's words
        if named:
            assert f"Bij {aantal(len(named))} noemt het akkoord alle partijen die tekenden samen" in content, url
        if read:
            assert (f"Bij {aantal(len(read))} noemt het akkoord de ondertekenaars niet zelf" in content
                    and "onze lezing" in content), url
        if own | shared:
            assert not re.search(r"\b0 afspraken\b|geen afspraken|geen enkele afspraak", content), url


@pytest.mark.parametrize("own_too", [True, False], ids=["with-own", "only-shared"])
@pytest.mark.parametrize("extra", [SHARED_LISTED_MAX, SHARED_LISTED_MAX + 1])
def test_many_shared_afspraken_are_listed_once_not_on_every_ondertekenaar_page(tmp_path, extra, own_too):
    # A long shared list on every ondertekenaar's page would grow with ondertekenaars x afspraken.
    data = fixture_data(tmp_path / "data")
    alle = next(v["id"] for v in _yaml(data, "verantwoordelijken") if v.get("alle_ondertekenaars"))
    afspraken = _yaml(data, "afspraken")
    template = next(a for a in afspraken if verantwoordelijk_ids(a) == [alle])
    before = load_akkoord(data, FIXTURE_DAY)
    ondertekenaar = next(iter(before.ondertekenaars))
    if not own_too:  # the ondertekenaar is named for no afspraak of its own
        for a in afspraken:
            a["verantwoordelijk"] = [t for t in a["verantwoordelijk"] if t["wie"] != ondertekenaar]
    first = max(a["nummer"] for a in afspraken) + 1
    for nummer in range(first, first + extra - len(before.gedeeld_met_alle_ondertekenaars(ondertekenaar))):
        afspraken.append({**copy.deepcopy(template), "nummer": nummer, "titel": f"Gedeelde afspraak {nummer}"})
    header = "# yaml-language-server: $schema=schema/afspraken.schema.json\n"
    (data / "afspraken.yml").write_text(header + yaml.safe_dump(afspraken, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    akkoord = load_akkoord(data, FIXTURE_DAY)
    gedeeld = akkoord.gedeeld_met_alle_ondertekenaars(ondertekenaar)
    assert len(gedeeld) == extra
    here = f"organisaties/{ondertekenaar}/"
    markup = str(organisatie_page(akkoord, ondertekenaar, here))
    numbers = set(afspraak_numbers(markup, here))
    said = words(visible_text(markup))
    named = [a for a in gedeeld if any(t.genoemd for t in a.toewijzingen if t.wie == alle)]
    read = [a for a in gedeeld if a not in named]
    assert named or read
    if named:
        assert f"Bij {aantal(len(named))} noemt het akkoord alle partijen die tekenden samen" in said
    if read:
        assert f"Bij {aantal(len(read))} noemt het akkoord de ondertekenaars niet zelf" in said
    own = {a.nummer for a in akkoord.afspraken_met(verantwoordelijke=ondertekenaar)}
    if len(gedeeld) <= SHARED_LISTED_MAX:
        assert numbers == own | {a.nummer for a in gedeeld}
    else:
        assert numbers == own, "the shared ones are listed on the shared page, not here"
        assert ("Klik op een afspraak" in said) == bool(own), "no 'click' without a table"
        assert f'href="../{alle}/"' in markup and "U vindt ze allemaal op de pagina" in said


def test_the_fixture_has_shared_afspraken():
    # Guard for the test above: on the fictional akkoord it really checks sharing.
    alle = [v for v in _yaml(FIXTURE_DATA, "verantwoordelijken") if v.get("alle_ondertekenaars")]
    assert alle and any(alle[0]["id"] in verantwoordelijk_ids(a) for a in _yaml(FIXTURE_DATA, "afspraken"))


def test_organisation_pages_list_their_sources_under_the_text(site_dir):
    for name in ("verantwoordelijken", "ondertekenaars"):
        for item in _yaml(ROOT / "data", name):
            markup = page_html(site_dir, f"organisaties/{item['id']}")
            sources = re.search(r'<h2 id="bronnen">Bronnen</h2>\s*<ul class="zw-bronnenlijst">(.*?)</ul>', markup, re.S)
            assert sources, item["id"]
            assert sources.group(1).count("<li>") == len(item["bronnen"]), item["id"]
            paragraphs = " ".join(re.findall(r"<p>(.*?)</p>", markup.split('<h2 id="bronnen">')[0], re.S))
            assert "<a href=\"http" not in paragraphs, item["id"]  # no citation inside a sentence


# ---------- 3. Each gemeente page links to the gemeente's own website ----------

def test_gemeente_pages_link_to_the_gemeente_website(built):
    site, data = built
    gemeenten = _yaml(data, "gemeenten")
    assert any(g.get("website") for g in gemeenten)
    for g in gemeenten:
        markup = page_html(site, f"gemeenten/{g['id']}")
        link = re.search(r'<p class="zw-gemeente-website">(.*?)</p>', markup, re.S)
        if not g.get("website"):
            assert link is None and "website van de gemeente" not in markup, g["id"]
            continue
        assert link, g["id"]
        assert f'<a href="{g["website"]}">website van de gemeente {g["naam"]}</a>' in link.group(1)
        said = visible_text(link.group(1))
        assert "Hebt u vragen over wonen en zorg in uw gemeente?" in said
        assert not re.search(r"\d", said), "geen telefoonnummer of adres"


@pytest.mark.parametrize("website", ["javascript:alert(1)", "gemeente.emmen.nl", "https://", "ftp://x.example.org"])
def test_a_gemeente_website_that_is_no_web_address_is_refused(tmp_path, website):
    data = fixture_data(tmp_path / "data")
    path = data / "gemeenten.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("https://emmen.example.org", website), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_akkoord(data, FIXTURE_DAY)
    assert any("gemeenten" in e.file and "webadres" in e.message for e in caught.value.errors), caught.value.report()


# ---------- 4. Say once what all afspraken share; show what is specific ----------

FACETS = [("themas", "themas", "horen bij alle", "de thema\u2019s"),
          ("gemeenten", "gemeenten", "gelden voor alle", "de gemeenten")]


@pytest.mark.parametrize(("folder", "field", "verb", "noun"), FACETS)
def test_thema_and_gemeente_pages_say_once_what_all_afspraken_share(built, folder, field, verb, noun):
    site, data = built
    afspraken = _yaml(data, "afspraken")
    common = [a["nummer"] for a in afspraken if for_all(a, field, data)]
    for item in _yaml(data, field):
        url = f"{folder}/{item['id']}"
        specific = sorted(a["nummer"] for a in afspraken if item["id"] in a[field] and not for_all(a, field, data))
        assert sorted(afspraak_numbers(page_html(site, url), url + "/")) == specific, url
        content = text(site, url)
        who = f"Alle {len(afspraken)} afspraken" if len(common) == len(afspraken) else \
            f"{len(common)} van de {len(afspraken)} afspraken"
        said = re.findall(rf"{who} {verb} \w+ {noun}:", content)
        assert len(said) == (1 if common else 0), (url, content)


def test_the_fixture_has_afspraken_for_one_thema_and_one_gemeente():
    afspraken = _yaml(FIXTURE_DATA, "afspraken")
    for field in ("themas", "gemeenten"):
        assert any(not for_all(a, field, FIXTURE_DATA) for a in afspraken)
        assert any(for_all(a, field, FIXTURE_DATA) for a in afspraken)


@pytest.mark.parametrize(("soort", "field", "verb", "noun"), [("thema", *FACETS[0][1:]), ("gemeente", *FACETS[1][1:])])
def test_stand_page_draws_no_chart_of_equal_bars(built, soort, field, verb, noun):
    site, data = built
    markup = page_html(site, "afspraken/stand")
    afspraken = _yaml(data, "afspraken")
    if all(for_all(a, field, data) for a in afspraken):
        assert f'id="grafiek-{soort}"' not in markup
        assert f"Alle {len(afspraken)} afspraken {verb}" in text(site, "afspraken/stand")
    else:  # the chart comes back, with the numbers from the data
        svg = re.search(rf'<svg class="zw-grafiek__beeld" id="grafiek-{soort}".*?</svg>', markup, re.S)
        assert svg, soort
        bars = dict(re.findall(r'data-label="([^"]*)" data-waarde="(\d+)"', svg.group(0)))
        expected = {x["naam"]: str(sum(1 for a in afspraken if x["id"] in a[field])) for x in _yaml(data, field)}
        assert bars == expected


# ---------- 5. Two dates, two marks: names a resident can tell apart ----------

def test_the_page_date_and_the_progress_date_have_different_names(fixture_site):
    for page in html_pages(fixture_site):
        markup = page.read_text(encoding="utf-8")
        assert "Laatst gewijzigd" not in markup and "Laatst bijgewerkt" not in markup, page
        if page.name == "index.html" and "404" not in page.as_posix():
            assert "Pagina voor het laatst aangepast: " in markup, page
    afspraak = page_html(fixture_site, "afspraken/5")
    assert "<dt>Nieuwste voortgang</dt>" in afspraak
    assert '<th scope="col">Nieuwste voortgang</th>' in page_html(fixture_site, "afspraken")


TERMIJN_VOORBIJ = "\u2018Termijn voorbij\u2019: de termijn is voorbij. We weten niet hoe ver de afspraak is."
OVER_TIJD = "\u2018Over tijd\u2019: de termijn is voorbij. Een bron meldt dat de afspraak nog niet klaar is."


def test_termijn_voorbij_and_over_tijd_are_explained_where_shown(fixture_site):
    overview = text(fixture_site, "afspraken")
    assert "Termijn voorbij" in overview and "Over tijd" in overview  # the fixture's day shows both
    assert TERMIJN_VOORBIJ in overview and OVER_TIJD in overview
    for afspraak in _yaml(FIXTURE_DATA, "afspraken"):
        markup = page_html(fixture_site, f"afspraken/{afspraak['nummer']}")
        status = kenmerk(markup, "Status")
        content = text(fixture_site, f"afspraken/{afspraak['nummer']}")
        shown = "Termijn voorbij" in status or "Over tijd" in status
        assert (TERMIJN_VOORBIJ in content and OVER_TIJD in content) is shown, afspraak["nummer"]


def test_fixture_websites_are_fictional():
    for g in _yaml(FIXTURE_DATA, "gemeenten"):
        assert not g.get("website") or g["website"].endswith(".example.org"), g
