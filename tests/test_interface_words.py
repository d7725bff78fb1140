"""The interface speaks Dutch: no English word in the menus, header, footer or the spoken labels.

Material's Dutch translation leaves some strings in English ("Header", "Footer") or in
half-English ("Laatst geüpdatet"), and our own configuration can add more (a nav title "Home",
"tracking" in the footer). A resident who reads or hears them stumbles. This test reads every
built page: the visible text outside the page's own content (<article>: there a word like
"Atom-feed" may be explained on purpose), every aria-label, title, alt and placeholder, and the
words Material's JavaScript shows (the translations in `__config`), and fails on any word
of ENGLISH. Inside the page's own text it fails on ALWAYS_ENGLISH, words that are never Dutch.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from conftest import html_pages

# English words a Material site shows in its interface, and Dutch-English hybrids.
ENGLISH = {
    "home", "header", "footer", "tracking", "cookie", "repository", "tabs", "metadata", "feed", "rss", "skip",
    "search", "navigation", "contents", "previous", "next", "back", "copy", "copied", "share", "edit", "view",
    "source", "updated", "created", "contributors", "initializing", "results", "result", "documents", "clear",
    "close", "toggle", "dark", "light", "page", "geüpdatet", "gecreëerd",
}  # not words that are Dutch too: open, data, menu, document, top, type, link, thema
# English words that are never this site's own Dutch, wherever they stand (the page's own text too).
ALWAYS_ENGLISH = {"home", "homepage", "header", "footer", "tracking", "click", "update", "updates", "geüpdatet",
                  "gecreëerd"}
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class InterfaceText(HTMLParser):
    """Visible text outside <article>, the labels of every element and Material's translations."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.article = 0
        self.skip = 0
        self.config = False
        self.found: list[tuple[str, str]] = []  # (where, text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.article += 1
        if tag in ("script", "style", "svg", "template"):
            self.skip += 1
            self.config = tag == "script" and attrs.get("id") == "__config"
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.found.append((f'{tag} {name}="…"', attrs[name]))

    def handle_endtag(self, tag):
        if tag == "article":
            self.article -= 1
        if tag in ("script", "style", "svg", "template"):
            self.skip -= 1
            self.config = False

    def handle_data(self, data):
        if self.config:
            for key, text in json.loads(data).get("translations", {}).items():
                self.found.append((f"Material: {key}", text))
        elif not self.skip and data.strip():
            self.found.append(("tekst" if not self.article else "tekst van de pagina", data.strip()))


def english_words(page_html: str) -> list[str]:
    parser = InterfaceText()
    parser.feed(page_html)
    parser.close()
    return [f"{where}: '{text}' ({word})" for where, text in parser.found
            for word in _WORD.findall(text)
            if word.lower() in (ALWAYS_ENGLISH if where == "tekst van de pagina" else ENGLISH)]


def test_the_check_finds_english_in_the_interface():
    page = ('<html><body><header><nav aria-label="Header"><a href="/">Home</a></nav></header>'
            '<article><p>Voor kenners: het is een Atom-feed. Lees het source document.</p>'
            '<p>De datum staat op de homepage.</p></article>'
            '<span title="Laatst geüpdatet">1 mei</span><img alt="Zorgsaam wonen logo" src="x.png">'
            '<script id="__config" type="application/json">{"translations": {"search.result.none": "No results"}}'
            '</script><footer>Geen cookies, geen tracking.</footer></body></html>')
    found = " ".join(english_words(page))
    for word in ("(Header)", "(Home)", "(geüpdatet)", "(results)", "(tracking)", "(homepage)"):
        assert word in found, (word, found)
    assert "Atom" not in found and "(source)" not in found, "inside <article> only words that are never Dutch"
    assert not english_words('<nav aria-label="Bovenbalk"><a href="/">Startpagina</a></nav>'
                             '<footer>Geen cookies.</footer>')


def test_no_english_in_the_interface(site_dir):
    found = [f"{page.relative_to(site_dir).as_posix()}: {hit}"
             for page in html_pages(site_dir) for hit in english_words(page.read_text(encoding="utf-8"))]
    unique = sorted(set(hit.split(": ", 1)[1] for hit in found))
    assert not found, (f"{len(found)} keer Engels in de interface ({len(unique)} verschillende). Zet het in "
                       "het Nederlands (mkdocs.yml nav en copyright, overrides/partials/language.html):\n"
                       + "\n".join(unique))
