"""The static privacy check (tests/resources.py) finds every way markup or CSS can load something
from another host, and nothing on the site's own pages; a page that hides an outside image from
the browser test (lazy, inside a closed <details>, spaces around '=') fails the built-site check."""

from __future__ import annotations

import subprocess

import pytest

from conftest import FIXTURE_EPOCH, MKDOCS, build_env, fixture_project
from resources import css_external_loads, external_loads, is_external
from sitepages import page_paths

OUT = "https://tracker.example/p.gif"
HOSTILE_HTML = {
    "img with spaces, lazy, in closed details": f'<details><summary>Meer</summary><img loading="lazy" src = "{OUT}"></details>',
    "unquoted, capitals": f"<IMG SRC={OUT}>",
    "over lines": f'<img\n  alt="x"\n  src\n=\n"{OUT}">',
    "protocol-relative": '<img src="//tracker.example/p.gif">',
    "backslashes": '<img src="\\\\tracker.example\\p.gif">',
    "tab in the scheme": '<img src="ht\ttps://tracker.example/p.gif">',
    "entity in the scheme": '<img src="https&#58;//tracker.example/p.gif">',
    "srcset": f'<img src="a.png" srcset="a.png 1x, {OUT} 2x">',
    "picture source": f'<picture><source srcset="{OUT}"><img src="a.png"></picture>',
    "preload": f'<link rel="preload" as="image" href="{OUT}">',
    "stylesheet": '<link href="https://cdn.example/x.css" rel="stylesheet">',
    "icon": '<link rel="icon" href="https://cdn.example/favicon.ico">',
    "modulepreload": '<link rel="modulepreload" href="https://cdn.example/m.js">',
    "imagesrcset": f'<link rel="preload" as="image" imagesrcset="{OUT} 2x">',
    "script": '<script src="https://cdn.example/x.js"></script>',
    "video poster": f'<video poster="{OUT}"></video>',
    "video track": '<video><track src="https://cdn.example/t.vtt"></video>',
    "audio source": '<audio><source src="https://cdn.example/a.mp3"></audio>',
    "object": '<object data="https://cdn.example/x.svg"></object>',
    "embed": '<embed src="https://cdn.example/x.swf">',
    "iframe": '<iframe src="https://video.example/embed/1"></iframe>',
    "iframe srcdoc": f'<iframe srcdoc="&lt;img src=&quot;{OUT}&quot;&gt;"></iframe>',
    "input image": f'<input type="image" src="{OUT}" alt="x">',
    "style attribute": f'<div style="background: url({OUT})"></div>',
    "style attribute, quoted url": f"<p style=\"background-image:url( '{OUT}' )\">x</p>",
    "style element": f"<style>.x{{background:url(\"{OUT}\")}}</style>",
    "style element import": '<style>@import "https://cdn.example/x.css";</style>',
    "meta refresh": '<meta http-equiv="Refresh" content="0; URL=https://elders.example/">',
    "base": '<base href="https://cdn.example/">',
    "svg image": f'<svg><image href="{OUT}"/></svg>',
    "svg use": '<svg><use xlink:href="https://cdn.example/s.svg#i"/></svg>',
    "body background": f'<body background="{OUT}">',
    "ping": '<a href="/" ping="https://tracker.example/ping">x</a>',
}
HOSTILE_CSS = {
    "url": f".a{{background:url({OUT})}}",
    "url in quotes": f".a{{background:url('{OUT}')}}",
    "import string": '@import "https://cdn.example/x.css";',
    "import url": "@import url(//cdn.example/x.css);",
    "font-face": "@font-face{font-family:x;src:url(https://fonts.example/x.woff2) format('woff2')}",
    "image-set": f".a{{background:image-set('{OUT}' 1x)}}",
    "in media": f"@media print{{.a{{background:url({OUT})}}}}",
    "in supports": f"@supports (display:grid){{.a{{list-style:url({OUT})}}}}",
    "escaped": ".a{background:url(https\\3a //tracker.example/p.gif)}",
}
OWN_HTML = ('<link rel="canonical" href="https://example.org/x/"><link rel="alternate" type="application/atom+xml" '
            'href="https://example.org/voortgang.xml"><a href="https://elders.example/">link</a>'
            '<img src="../assets/logo.svg" srcset="a.png 1x, b.png 2x"><img src="data:image/png;base64,AAAA">'
            '<div style="background:url(img/x.png)"></div><script src="assets/x.js"></script>'
            '<a href="mailto:a@b.example">mail</a>')


@pytest.mark.parametrize("name", sorted(HOSTILE_HTML))
def test_every_way_markup_loads_from_another_host_is_found(name):
    assert external_loads(HOSTILE_HTML[name]), name


@pytest.mark.parametrize("name", sorted(HOSTILE_CSS))
def test_every_way_a_stylesheet_loads_from_another_host_is_found(name):
    assert css_external_loads(HOSTILE_CSS[name]), name


def test_own_files_links_and_data_urls_are_no_outside_loads():
    assert external_loads(OWN_HTML) == []
    assert css_external_loads(".a{background:url(../img/x.png)}@import 'own.css';") == []
    assert not is_external("data:image/png;base64,AAAA") and is_external("ftp://x.example/a")


def test_a_hidden_outside_image_on_a_hand_written_page_fails_the_built_site_check(tmp_path):
    project = fixture_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    page.write_text(page.read_text("utf-8") + "\n\n" + HOSTILE_HTML["img with spaces, lazy, in closed details"]
                    + "\n", "utf-8")
    site = tmp_path / "site"
    result = subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site)], cwd=project,
                            env=build_env(FIXTURE_EPOCH), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    found = {rel: external_loads((site / rel).read_text("utf-8")) for rel in page_paths(site)}
    assert found["index.html"] == [OUT]
    assert [rel for rel, urls in found.items() if urls] == ["index.html"]
