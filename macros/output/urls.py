"""The site's URL scheme: where each generated page lives, and relative links between pages.

One place, so pages, links, feeds, open data and tests agree. Plain strings, no HTML.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import urllib.parse

from ..model import Afspraak


def href(here: str, target: str) -> str:
    """A relative link from the page at URL `here` to the URL `target` (both site-relative)."""
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    relative = posixpath.relpath("/" + target, "/" + base) if target else posixpath.relpath("/", "/" + base)
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return "./" if relative in (".", "./") else relative


# Domains that name no real site (RFC 2606, RFC 6761): mkdocs.yml's stand-in when SITE_URL is not set.
RESERVED_DOMAINS = ("example", "example.com", "example.net", "example.org", "test", "invalid", "localhost")


def public_site_url(site_url: str) -> str:
    """`site_url` (ending in '/') if readers can visit it; '' for an address on a reserved domain.
    Feeds and open data need an absolute URL anyway; a sentence to a reader never shows a stand-in."""
    host = urllib.parse.urlsplit(site_url).hostname or ""
    if not host or any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS) or host.startswith("127."):
        return ""
    return site_url.rstrip("/") + "/"


# URLs of generated pages: one place, so pages, links and tests agree.
def afspraak_url(nummer: int) -> str:
    return f"afspraken/{nummer}/"


def proeftuin_url(proeftuin_id: str) -> str:
    return f"proeftuinen/{proeftuin_id}/"


def gemeente_url(gemeente_id: str) -> str:
    return f"gemeenten/{gemeente_id}/"


def thema_url(thema_id: str) -> str:
    return f"themas/{thema_id}/"


def status_url(slug: str) -> str:
    return f"afspraken/status/{slug}/"


def organisatie_url(ref: str) -> str:
    return f"organisaties/{ref}/"


def voortgang_ids(a: Afspraak) -> list[str]:
    """A stable anchor per progress entry: its date and its place among entries of that day."""
    seen: dict[dt.date, int] = {}
    ids = []
    for v in a.voortgang:
        seen[v.datum] = seen.get(v.datum, 0) + 1
        ids.append(f"voortgang-{v.datum.isoformat()}-{seen[v.datum]}")
    return ids
