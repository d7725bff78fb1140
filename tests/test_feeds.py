"""Atom feeds: parsed back with xml.etree and checked against RFC 4287 and the YAML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import posixpath
import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import FIXTURE_DAY, ROOT, fixture_data
from macros.output import feeds
from macros.data.loader import load_akkoord
from macros.model import Voortgang

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = os.environ.get("SITE_URL", "https://example.org/zorgsaam-wonen/")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
AFSPRAKEN = yaml.safe_load((ROOT / "data" / "afspraken.yml").read_text(encoding="utf-8"))


def parse(path) -> ET.Element:
    raw = path.read_bytes()
    assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed", "root must be atom:feed in the Atom namespace"
    return root


def one(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.findall(f"{ATOM}{tag}")
    assert len(found) == 1, f"expected exactly one atom:{tag}, found {len(found)}"
    return found[0]


def check_feed(root: ET.Element, path: str) -> None:
    """RFC 4287 4.1.1: id, title, updated exactly once; author; link rel=self."""
    assert one(root, "id").text == SITE_URL + path
    assert one(root, "title").text.strip()
    assert RFC3339.match(one(root, "updated").text)
    assert one(one(root, "author"), "name").text.strip()
    links = {link.get("rel", "alternate"): link for link in root.findall(f"{ATOM}link")}
    assert links["self"].get("href") == SITE_URL + path
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href").startswith(SITE_URL)
    ids = [one(entry, "id").text for entry in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    for entry in root.findall(f"{ATOM}entry"):
        assert one(entry, "title").text.strip()
        assert RFC3339.match(one(entry, "updated").text)
        assert entry.findall(f"{ATOM}link[@rel='alternate']")
    updated = [one(e, "updated").text for e in root.findall(f"{ATOM}entry")]
    if updated:
        assert one(root, "updated").text == max(updated)
        assert updated == sorted(updated, reverse=True), "newest first"


def entry_target(site_dir, href: str) -> tuple[str, str]:
    """The built page an entry links to, and the fragment; both must exist."""
    assert href.startswith(SITE_URL), href
    path, _, fragment = href.removeprefix(SITE_URL).partition("#")
    page = site_dir / path / "index.html"
    assert page.is_file(), f"{href} points at a page that was not built"
    if fragment:
        assert f'id="{fragment}"' in page.read_text(encoding="utf-8"), f"{href}: anchor missing"
    return path, fragment


def test_site_feed_is_valid_atom_with_every_progress_entry(site_dir):
    root = parse(site_dir / "voortgang.xml")
    check_feed(root, "voortgang.xml")
    entries = root.findall(f"{ATOM}entry")
    expected = [(item["nummer"], v) for item in AFSPRAKEN for v in item["voortgang"]]
    assert len(entries) == len(expected)
    seen = set()
    for entry in entries:
        path, _ = entry_target(site_dir, one(entry, "link").get("href"))
        nummer = int(re.fullmatch(r"afspraken/(\d+)/", path).group(1))
        title = one(entry, "title").text
        item = next(i for i in AFSPRAKEN if i["nummer"] == nummer)
        assert title.startswith(f"Afspraak {nummer}: {item['titel']}")
        day = one(entry, "updated").text[:10]
        match = [v for n, v in expected if n == nummer and v["datum"].isoformat() == day]
        assert match, (nummer, day)
        assert match[0]["notitie"] in one(entry, "summary").text
        seen.add((nummer, day))
    assert seen == {(n, v["datum"].isoformat()) for n, v in expected}


def test_there_is_a_feed_per_afspraak_with_its_own_entries(site_dir):
    for item in AFSPRAKEN:
        path = f"voortgang-afspraak-{item['nummer']}.xml"
        root = parse(site_dir / path)
        check_feed(root, path)
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == len(item["voortgang"])
        alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert alternate == f"{SITE_URL}afspraken/{item['nummer']}/"
        for entry in entries:
            assert entry_target(site_dir, one(entry, "link").get("href"))[0] == f"afspraken/{item['nummer']}/"
        if not entries:  # a feed without entries is still valid and has a fixed date: the signing
            signed = next(b for b in yaml.safe_load((ROOT / "data" / "bronnen.yml").read_text(encoding="utf-8"))
                          if b["id"] == "akkoord-2023")["datum"]
            assert one(root, "updated").text == f"{signed.isoformat()}T00:00:00Z"


def test_each_feed_entry_has_the_date_status_and_a_stable_id(site_dir):
    labels = {s["naam"]: s["label"] for s in yaml.safe_load((ROOT / "data" / "statussen.yml").read_text("utf-8"))}
    for item in AFSPRAKEN:
        root = parse(site_dir / f"voortgang-afspraak-{item['nummer']}.xml")
        entries = {one(e, "id").text: e for e in root.findall(f"{ATOM}entry")}
        for index, entry in enumerate(item["voortgang"]):
            day = entry["datum"].isoformat()
            same_day = sum(1 for v in item["voortgang"][:index + 1] if v["datum"] == entry["datum"])
            found = entries[f"{SITE_URL}afspraken/{item['nummer']}/#voortgang-{day}-{same_day}"]
            assert one(found, "updated").text == f"{day}T00:00:00Z"
            assert labels[entry["status"]] in one(found, "title").text


def _head(html_text: str) -> str:
    return html_text.split("</head>", 1)[0]


def test_pages_announce_their_feeds_in_head(site_dir):
    for item in AFSPRAKEN:
        url = f"afspraken/{item['nummer']}/"
        head = _head((site_dir / url / "index.html").read_text(encoding="utf-8"))
        hrefs = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head)
        resolved = {posixpath.normpath(posixpath.join("/" + url, h)).lstrip("/") for h in hrefs}
        assert resolved == {"voortgang.xml", f"voortgang-afspraak-{item['nummer']}.xml"}
        for target in resolved:
            assert (site_dir / target).is_file()
    home = _head((site_dir / "index.html").read_text(encoding="utf-8"))
    assert 'type="application/atom+xml"' in home and 'href="voortgang.xml"' in home


# ---------- the pure functions ----------

@pytest.fixture(scope="module")
def akkoord(tmp_path_factory):
    return load_akkoord(fixture_data(tmp_path_factory.mktemp("fixture") / "data"), FIXTURE_DAY)


def test_titles_with_markup_characters_are_escaped(akkoord):
    a = dataclasses.replace(akkoord.afspraken[3], titel='<b>Regels & "wetten"</b>',
                            voortgang=(Voortgang(dt.date(2024, 3, 1), "in uitvoering", "A < B & C", "akkoord-2023"),
                                       Voortgang(dt.date(2024, 3, 1), "in uitvoering", "Tweede", "akkoord-2023")))
    root = ET.fromstring(feeds.afspraak_feed(akkoord, a, SITE_URL))
    assert one(root, "title").text.endswith('<b>Regels & "wetten"</b>')
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert {one(e, "id").text.rsplit("#", 1)[1] for e in entries} == {"voortgang-2024-03-01-1",
                                                                      "voortgang-2024-03-01-2"}
    assert any("A < B & C" in one(e, "summary").text for e in entries)


def test_empty_feed_without_signing_date_uses_the_build_date(akkoord):
    bronnen = {k: v for k, v in akkoord.bronnen.items() if k != "akkoord-2023"}
    changed = dataclasses.replace(akkoord, bronnen=bronnen)
    root = ET.fromstring(feeds.afspraak_feed(changed, changed.afspraken[3], SITE_URL))
    assert one(root, "updated").text == "2025-12-05T00:00:00Z"
    assert root.findall(f"{ATOM}entry") == []


@pytest.mark.browser
def test_feed_links_cause_no_failed_requests(site_url, page):
    """Material fetches sitemap.xml next to every rel=alternate link: that must not 404."""
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    for url in (f"afspraken/{AFSPRAKEN[-1]['nummer']}/", "afspraken/stand/"):
        page.goto(site_url + url)
        page.wait_for_load_state("networkidle")
    assert failed == []
