"""Atom 1.0 feeds (RFC 4287) of the progress entries. Pure: returns bytes.

Built with xml.etree.ElementTree, so every text is escaped by the XML writer. The writer does
not refuse characters XML 1.0 forbids (a NUL, U+FFFE) and cannot write a lone surrogate, so every
text and attribute goes through safe.clean_text() in _sub(), and every link through
safe.safe_href() in _link().
One feed for the whole site, one per afspraak. Every entry links to its afspraak page.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from . import changes, urls
from ..history.diff import Geschiedenis
from ..model import Afspraak, Akkoord, Voortgang
from .safe import clean_text, safe_href
from .text import bron_tekst
from ..dates import datum

ATOM = "http://www.w3.org/2005/Atom"
# The feeds sit at the site root on purpose. Material for MkDocs treats every
# <link rel="alternate"> in <head> as a language version and fetches sitemap.xml from the
# folder of its href; a feed in a sub-folder would cause a 404 request on every page.
SITE_FEED = "voortgang.xml"
WIJZIGINGEN_FEED = "wijzigingen.xml"  # every change in the data
RIGHTS = "CC0 1.0: u mag deze tekst vrij hergebruiken."


def afspraak_feed_path(nummer: int) -> str:
    return f"voortgang-afspraak-{nummer}.xml"


def _site(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def _stamp(day: dt.date) -> str:
    """An RFC 3339 date-time for a date: midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    """The one way an element gets into a feed: its text and attributes cleaned (clean_text)."""
    element = ET.SubElement(parent, tag, {name: clean_text(value) for name, value in attrib.items()})
    if text is not None:
        element.text = clean_text(text)
    return element


def _link(parent: ET.Element, rel: str, type: str, href: str) -> None:
    """An atom:link; left out if safe_href refuses the URL (only http(s) or a path of this site)."""
    url = safe_href(href, relative=True)
    if url is not None:
        _sub(parent, "link", rel=rel, type=type, href=url)


def _fallback_day(akkoord: Akkoord) -> dt.date:
    """'updated' of a feed without entries: the day the akkoord was signed, else the build date."""
    bron = akkoord.bronnen.get(akkoord.akkoord_bron)
    return bron.datum if bron and bron.datum else akkoord.peildatum


def _entry(feed: ET.Element, akkoord: Akkoord, a: Afspraak, v: Voortgang, anchor: str, site: str) -> None:
    status = akkoord.statussen[v.status]
    page = site + urls.afspraak_url(a.nummer)
    bron = akkoord.bronnen[v.bron]
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"{page}#{anchor}")
    _sub(entry, "title", f"Afspraak {a.nummer}: {a.titel} \u2013 {status.label}")
    _sub(entry, "updated", _stamp(v.datum))
    _sub(entry, "published", _stamp(v.datum))
    _link(entry, "alternate", "text/html", f"{page}#{anchor}")
    _sub(entry, "category", term=status.naam, label=status.label)
    source = bron_tekst(bron)
    _sub(entry, "summary", f"Status: {status.label}. {v.notitie} (Bron: {source}.)", type="text")


def _named(site_name: str, text: str) -> str:
    """A feed's title: the site's name (mkdocs.yml site_name) first, when there is one."""
    return f"{site_name}: {text}" if site_name else text[:1].upper() + text[1:]


def _of_akkoord(site_name: str) -> str:
    return f"het woonzorgakkoord {site_name}" if site_name else "het woonzorgakkoord"


def _feed(akkoord: Akkoord, site_url: str, path: str, title: str, subtitle: str, alternate: str,
          items: list[tuple[Afspraak, Voortgang, str]], site_name: str = "") -> bytes:
    site = _site(site_url)
    items = sorted(items, key=lambda item: (item[1].datum, item[0].nummer, item[2]), reverse=True)
    feed = _root(site, path, title, subtitle, alternate,
                 _stamp(items[0][1].datum if items else _fallback_day(akkoord)), site_name)
    for a, v, anchor in items:
        _entry(feed, akkoord, a, v, anchor, site)
    return _bytes(feed)


def _root(site: str, path: str, title: str, subtitle: str, alternate: str, updated: str,
          site_name: str = "") -> ET.Element:
    # Unprefixed tags with the Atom namespace declared as the default on the root element:
    # the same XML as a namespaced tree, without ns0: prefixes and without global registration.
    feed = ET.Element("feed", {"xmlns": ATOM, "{http://www.w3.org/XML/1998/namespace}lang": "nl"})
    _sub(feed, "id", site + path)
    _sub(feed, "title", title)
    _sub(feed, "subtitle", subtitle)
    _sub(feed, "updated", updated)
    author = _sub(feed, "author")
    _sub(author, "name", f"Redactie {site_name}".strip())
    if safe_href(site, relative=True):
        _sub(author, "uri", site)
    _link(feed, "self", "application/atom+xml", site + path)
    _link(feed, "alternate", "text/html", site + alternate)
    _sub(feed, "rights", RIGHTS)
    return feed


def _bytes(feed: ET.Element) -> bytes:
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _items(a: Afspraak) -> list[tuple[Afspraak, Voortgang, str]]:
    return [(a, v, anchor) for v, anchor in zip(a.voortgang, urls.voortgang_ids(a), strict=True)]


def site_feed(akkoord: Akkoord, site_url: str, site_name: str = "") -> bytes:
    items = [item for a in akkoord.afspraken.values() for item in _items(a)]
    return _feed(akkoord, site_url, SITE_FEED, _named(site_name, "voortgang van de afspraken"),
                 f"Nieuws over de uitvoering van de afspraken uit {_of_akkoord(site_name)}, met datum en bron.",
                 "afspraken/", items, site_name)


def afspraak_feed(akkoord: Akkoord, a: Afspraak, site_url: str, site_name: str = "") -> bytes:
    return _feed(akkoord, site_url, afspraak_feed_path(a.nummer),
                 _named(site_name, f"afspraak {a.nummer}: {a.titel}"),
                 f"Nieuws over de uitvoering van afspraak {a.nummer}, met datum en bron.",
                 urls.afspraak_url(a.nummer), _items(a), site_name)


def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def wijzigingen_feed(akkoord: Akkoord, geschiedenis: Geschiedenis | None, site_url: str, site_name: str = "") -> bytes:
    """The latest changes in all data (changes.page): one entry per commit, newest first."""
    site = _site(site_url)
    commits = list(geschiedenis.commits[:changes.LATEST]) if geschiedenis else []
    feed = _root(site, WIJZIGINGEN_FEED, _named(site_name, "wat is er veranderd?"),
                 "Elke wijziging in de gegevens van de site: afspraken, ondertekenaars, proeftuinen en bronnen.",
                 changes.URL, _utc(commits[0].when) if commits else _stamp(_fallback_day(akkoord)), site_name)
    for commit in commits:
        page = f"{site}{changes.URL}#{changes.anchor(commit)}"
        entry = _sub(feed, "entry")
        _sub(entry, "id", page)
        _sub(entry, "title", f"Wijziging van {datum(commit.datum)}" + (f": {commit.bericht}" if commit.bericht else ""))
        _sub(entry, "updated", _utc(commit.when))
        _link(entry, "alternate", "text/html", page)
        lines = [f"{changes.current_name(akkoord, w)}: {', '.join(w.regels)}."
                 for w in commit.wijzigingen[:changes.PER_COMMIT]]
        rest = len(commit.wijzigingen) - changes.PER_COMMIT
        if rest > 0:
            lines.append(f"En nog {rest} andere.")
        _sub(entry, "summary", " ".join(lines), type="text")
    return _bytes(feed)


def files(akkoord: Akkoord, site_url: str, geschiedenis: Geschiedenis | None = None,
          site_name: str = "") -> dict[str, bytes]:
    """Every feed, keyed by its site-relative path; site_name is mkdocs.yml's."""
    out = {SITE_FEED: site_feed(akkoord, site_url, site_name),
           WIJZIGINGEN_FEED: wijzigingen_feed(akkoord, geschiedenis, site_url, site_name)}
    for a in akkoord.afspraken.values():
        out[afspraak_feed_path(a.nummer)] = afspraak_feed(akkoord, a, site_url, site_name)
    return out
