"""The woordenlijst: its page, and links from every other page to the words it explains.

`linked()` gets the HTML of one page's content (hook on_page_content) and links the first
place of each word of data/woordenlijst.yml to its explanation, woordenlijst/#<id>. The link
itself is the way to the explanation (a title attribute alone reaches neither keyboard nor
touch users), its text stays the word, and the class lets the CSS give it a dotted underline.

Only text is touched: an <a> goes around a word, and every other byte stays as it was
(the offsets come from html.parser; tests/test_woordenlijst.py checks this with Hypothesis).
Never linked: text in headings, links, code, buttons, forms, SVG (charts), scripts, hidden
elements and table headers. Pure: no I/O.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from . import blocks, urls
from ..model import Akkoord, Woord
from .safe import Html, safe_href

PAGE = "woordenlijst.md"
URL = "woordenlijst/"
CSS_CLASS = "zw-woord"

# Text inside these elements gets no link. A link inside a link, button, label or summary is
# invalid or unusable; headings, table headers and code keep their exact words; SVG and the
# raw-text elements hold no reading text.
SKIPPED = frozenset({
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "th", "code", "pre", "kbd", "samp", "var", "button", "label",
    "select", "option", "optgroup", "textarea", "summary", "svg", "math", "script", "style", "template",
    "noscript", "iframe", "object", "title", "dfn", "abbr",
})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})


# --- The page -----------------------------------------------------------------------------------

def sorted_woorden(akkoord: Akkoord) -> list[Woord]:
    return sorted(akkoord.woorden.values(), key=lambda w: (w.term.casefold(), w.term))


# Words residents look up, named in the page's description when this site's woordenlijst has them.
EXAMPLES = ("Wmo", "proeftuin", "kerngroep", "mantelzorg")


def description(akkoord: Akkoord) -> str:
    """The page's description: its examples are words of this woordenlijst, else none are named."""
    known = {form.casefold() for w in akkoord.woorden.values() for form in (w.term, *w.ook)}
    shown = [word for word in EXAMPLES if word.casefold() in known]
    said = "Moeilijke woorden van deze site uitgelegd in gewone taal"
    if not shown:
        return f"{said}."
    return f"{said}, zoals {' en '.join(filter(None, [', '.join(shown[:-1]), shown[-1]]))}."


def page(akkoord: Akkoord, here: str) -> Html:
    """The woordenlijst page: every word, in alphabetical order, as a heading with its explanation."""
    entries = []
    for woord in sorted_woorden(akkoord):
        parts = [Html('<h2 id="{}">{}</h2>').format(woord.id, woord.term), Html("<p>{}</p>").format(woord.uitleg)]
        if woord.ook:
            parts.append(Html('<p class="zw-woord-ook">Ook: {}.</p>').format(", ".join(woord.ook)))
        if woord.bronnen:
            parts.append(Html('<p class="zw-bron">Bron: {}.</p>').format(
                blocks.bronnen_inline(akkoord, woord.bronnen, here)))
        entries.append(Html('<div class="zw-woordenlijst__woord">{}</div>').format(Html("").join(parts)))
    intro = Html(
        "<p>Op deze site staan soms moeilijke woorden. Hier leggen wij ze uit, in gewone taal. "
        "De woorden staan op volgorde van het alfabet.</p>"
        "<p>Staat een woord op een andere pagina met een stippellijn eronder? Dan is het een link. "
        "Die link brengt u naar de uitleg op deze pagina.</p>"
        "<p>Vertelt de uitleg iets over dit akkoord? Dan staat de bron erbij.</p>")
    index = Html('<nav class="zw-woordenlijst__index" aria-label="Alle woorden"><p>Naar het woord:</p><ul>{}</ul>'
                 "</nav>").format(Html("").join(Html('<li><a href="#{}">{}</a></li>').format(w.id, w.term)
                                                for w in sorted_woorden(akkoord)))
    # The h1 has no id: a word may have the id 'woordenlijst'.
    return Html("\n\n").join([Html('<h1>Woordenlijst</h1>'), intro, index,
                              Html('<div class="zw-woordenlijst">{}</div>').format(Html("\n").join(entries))]) + Html("\n")


# --- The links ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Vorm:
    """One way a word is written, and how to find it in a text."""

    tekst: str
    woord: str  # the id of its Woord

    @property
    def exact(self) -> bool:
        # A capital in the word (Wmo, MFA, Plaatselijk Belang): only that spelling. All lowercase
        # (kerngroep): also with a capital, at the start of a sentence or in a name.
        return self.tekst != self.tekst.lower()

    def pattern(self) -> str:
        words = r"\s+".join(re.escape(part) for part in self.tekst.split())
        return words if self.exact else f"(?i:{words})"


def vormen(woorden) -> list[Vorm]:
    """Every form of every word, longest first: at one place the longest word wins."""
    return list(_sorted_forms(tuple(woorden)))


@functools.lru_cache(maxsize=16)  # every page of a build has the same words
def _sorted_forms(woorden: tuple) -> tuple[Vorm, ...]:
    found = [Vorm(tekst, w.id) for w in woorden for tekst in w.vormen]
    return tuple(sorted(found, key=lambda v: (-len(v.tekst), v.tekst)))


def _initial(text: str) -> str | None:
    """The key of a first letter, for case-insensitive matching; None where case rules are
    not that simple (outside ASCII): such a form is tried everywhere."""
    return text[0].lower() if text[:1].isascii() else None


@functools.lru_cache(maxsize=64)
def _by_initial(forms: tuple[Vorm, ...]) -> dict[str | None, tuple[int, ...]]:
    """Per first letter, the positions in `forms` of the forms that may start with it."""
    keys = {_initial(v.tekst) for v in forms}
    return {key: tuple(i for i, v in enumerate(forms) if _initial(v.tekst) in (key, None)) for key in keys | {None}}


def _bounded(pattern: str) -> str:
    # Whole words: no letter or digit right before or after. A hyphen is a boundary, so
    # 'MFA-gebouw' links MFA; an entity for a letter counts as a letter (see _masked).
    return rf"(?<![^\W_])(?:{pattern})(?![^\W_])"


@functools.lru_cache(maxsize=64)  # one per build: every page has the same words
def _matcher(forms: tuple[Vorm, ...]) -> re.Pattern | None:
    if not forms:
        return None
    return re.compile(_bounded("|".join(f"(?P<w{i}>{v.pattern()})" for i, v in enumerate(forms))))


@functools.lru_cache(maxsize=4096)
def _form_matcher(form: Vorm) -> re.Pattern:
    return re.compile(_bounded(form.pattern()))


_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: what the word boundaries above separate
# Text whose letters all lie here matches a form case-insensitively only where the lowercase
# letters are equal (beyond it, re also pairs letters like K and the Kelvin sign).
_PLAIN_CASE = re.compile("[\x00-\xff\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac]*")


def _first_token(form: Vorm) -> str | None:
    token = _TOKEN.match(form.tekst.lower())
    return token.group() if token and _PLAIN_CASE.fullmatch(token.group()) else None


@functools.lru_cache(maxsize=64)  # the same for every page of a build
def _first_tokens(forms: tuple[Vorm, ...]) -> tuple[str | None, ...]:
    return tuple(_first_token(v) for v in forms)


def _could_match(text: str, first_tokens: frozenset) -> bool:
    """False only where no form whose first word is in `first_tokens` can be in `text`: a form
    starts at a word boundary, so its first word is a whole word of the text. Saves the search
    of most table cells and short texts."""
    if not _PLAIN_CASE.fullmatch(text):
        return True
    return not first_tokens.isdisjoint(_TOKEN.findall(text.lower()))


_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _masked(raw: str) -> str:
    """The raw text with every character reference replaced by as many 'x' (a letter) or
    spaces as it is long, so that offsets stay those of the raw text and no word is found
    inside '&amp;' or across '&eacute;'."""
    def mask(match: re.Match) -> str:
        char = html.unescape(match.group(0))
        return ("x" if len(char) == 1 and char.isalnum() else " ") * len(match.group(0))
    return _ENTITY.sub(mask, raw)


class _TextRuns(HTMLParser):
    """Finds the runs of text that may get a link, as (start, end) offsets in the source.

    A run ends where the next tag, comment or declaration starts: no offset is computed
    from the length of what the parser hands over, so nothing can shift.
    """

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", source)]
        self.length = len(source)
        self.open: list[tuple[str, bool]] = []  # open elements: (tag, whether text in it is skipped)
        self.runs: list[tuple[int, int]] = []
        self.run_start: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _boundary(self) -> None:
        if self.run_start is not None:
            self.runs.append((self.run_start, self._offset()))
            self.run_start = None

    def _text(self) -> None:
        if self.run_start is None and not any(skipped for _, skipped in self.open):
            self.run_start = self._offset()

    def handle_starttag(self, tag, attrs):
        self._boundary()
        if tag in VOID:
            return
        attributes = dict(attrs)
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true"
        self.open.append((tag, tag in SKIPPED or hidden))

    def handle_startendtag(self, tag, attrs):
        self._boundary()  # <br/>, <rect/>: nothing stays open

    def handle_endtag(self, tag):
        self._boundary()
        if any(name == tag for name, _ in self.open):  # close it and whatever was left open inside it
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        self._text()

    def handle_entityref(self, name):
        self._text()

    def handle_charref(self, name):
        self._text()

    def handle_comment(self, data):
        self._boundary()

    def handle_decl(self, decl):
        self._boundary()

    def handle_pi(self, data):
        self._boundary()

    def unknown_decl(self, data):
        self._boundary()

    def finish(self) -> list[tuple[int, int]]:
        self.close()
        if self.run_start is not None:
            self.runs.append((self.run_start, self.length))
            self.run_start = None
        return self.runs


def linked(page_html: str, woorden, page_url: str) -> str:
    """The page's HTML with the first place of each word linked to its explanation.

    `woorden`: the Woord objects; `page_url`: the site-relative URL of the page (for the
    relative href). The woordenlijst itself gets no links to itself.
    """
    woorden = list(woorden)
    if page_url == URL or not woorden:
        return page_html
    parser = _TextRuns(page_html)
    parser.feed(page_html)
    to_list = urls.href(page_url, URL)
    href = {w.id: safe_href(to_list + "#" + w.id, relative=True) for w in woorden}
    forms = tuple(v for v in _sorted_forms(tuple(woorden)) if href[v.woord])  # an id is a slug: always allowed
    by_initial = _by_initial(forms)
    # One pattern for all forms, compiled once: where the form it finds belongs to a word that
    # is already linked, a shorter form of a word still to link may start at the same place.
    matcher, wanted, done = _matcher(forms), len({v.woord for v in forms}), set()
    first_tokens = _first_tokens(forms)
    prefilter = None not in first_tokens  # a form that does not start with a plain word: always search

    def pending_tokens() -> frozenset:
        return frozenset(t for t, v in zip(first_tokens, forms) if v.woord not in done)
    tokens = pending_tokens()
    pieces, done_until = [], 0
    for start, end in parser.finish():
        if matcher is None or len(done) == wanted:
            break
        text = _masked(page_html[start:end])
        if prefilter and not _could_match(text, tokens):
            continue
        position = 0
        while len(done) < wanted:
            match = matcher.search(text, position)
            if match is None:
                break
            at = match.start()
            index = int(match.lastgroup[1:])
            form = forms[index]
            if form.woord in done:
                key = _initial(text[at:])
                candidates = range(len(forms)) if key is None else by_initial.get(key, by_initial[None])
                later = (forms[i] for i in candidates if i > index and forms[i].woord not in done)
                found = next(((v, m) for v in later if (m := _form_matcher(v).match(text, at))), None)
                if found is None:
                    position = at + 1
                    continue
                form, match = found
            pieces += [page_html[done_until:start + at],
                       str(Html('<a class="{}" href="{}">').format(CSS_CLASS, href[form.woord])),
                       page_html[start + at:start + match.end()], "</a>"]
            done_until, position = start + match.end(), match.end()
            done.add(form.woord)
            tokens = pending_tokens()
    pieces.append(page_html[done_until:])
    return "".join(pieces)
