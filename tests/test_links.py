"""No broken internal links or anchors anywhere in the built site.

Every <a href>, <link href>, <script src>, <img src> (and iframe/source) on every page that
points into the site (relative, root-relative or the site's own absolute URL) must name a
file that was built, and a #fragment must be an id (or <a name>) on the target page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from sitepages import page_paths, parse, site_prefix

SKIP_SCHEMES = ("mailto:", "tel:", "data:")


def canonical_base(site_dir: Path) -> str:
    """site_url as built (e.g. https://example.org/zorgsaam-wonen/), from the home page."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (site_dir / "index.html").read_text("utf-8"))
    assert match, "the home page has no canonical link, so site_url is unknown"
    return match.group(1)


def target_file(site_dir: Path, path: str) -> Path | None:
    """The file the server would send for a site path like 'afspraken/7/'."""
    candidate = site_dir / unquote(path)
    if path.endswith("/") or path == "":
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    if candidate.is_dir() and (candidate / "index.html").is_file():
        return candidate / "index.html"
    return None


def test_no_broken_internal_links_or_anchors(gate_site):
    """On every builder (conftest.BUILDERS)."""
    site_dir = gate_site
    pages = page_paths(site_dir)
    home = canonical_base(site_dir)
    home_url = urlparse(home)
    prefix = site_prefix(site_dir)
    parsed = {rel: parse(site_dir / rel) for rel in pages}
    ids_cache: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for rel, parser in parsed.items():
        # The address a browser has for this page, on the built site.
        here = urljoin(home, rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for tag, attr, value in parser.urls:
            value = value.strip()
            if not value or value.lower().startswith(SKIP_SCHEMES):
                continue
            if value.lower().startswith("javascript:"):
                broken.append(f"{rel}: <{tag} {attr}={value!r}> uses a javascript: URL")
                continue
            url = urlparse(urljoin(here, value))
            if url.scheme not in ("http", "https") or url.netloc != home_url.netloc:
                continue  # outside the site: not ours to check here
            if not url.path.startswith(home_url.path):
                broken.append(f"{rel}: <{tag} {attr}={value!r}> leaves the site path {home_url.path}")
                continue
            path = url.path[len(home_url.path):]
            target = target_file(site_dir, path)
            checked += 1
            if target is None:
                broken.append(f"{rel}: <{tag} {attr}={value!r}> -> {path or '/'} does not exist")
                continue
            if url.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    key = target.relative_to(site_dir).as_posix()
                    ids_cache[target] = parsed[key].ids if key in parsed else parse(target).ids
                if unquote(url.fragment) not in ids_cache[target]:
                    broken.append(f"{rel}: <{tag} {attr}={value!r}> -> no id {url.fragment!r} on {path or '/'}")
    assert prefix == home_url.path, f"404.html uses {prefix}, site_url path is {home_url.path}"
    assert checked > 1000, f"only {checked} internal URLs checked: the parser is missing links"
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


def test_link_checker_finds_a_broken_anchor(tmp_path):
    """The checker itself can fail: a page with a missing file and a missing anchor."""
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://example.org/s/"><h1 id="top">x</h1>'
        '<a href="#top">ok</a><a href="#nope">bad anchor</a><a href="missing/">bad file</a>', "utf-8")
    parser = parse(tmp_path / "index.html")
    assert ("a", "href", "#nope") in parser.urls and "top" in parser.ids
    assert target_file(tmp_path, "missing/") is None
    assert target_file(tmp_path, "") == tmp_path / "index.html"
