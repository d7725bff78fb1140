"""Output safety in one place, independent of the JSON Schema: the renderers' last line of defence.

- `Html`: HTML as a type. Whatever is put into it (format, join, +) that is not `Html` itself
  is escaped, so forgetting to escape a data string is impossible rather than unlikely.
  Plain `str` is text; `Html(...)` is only ever called on literals written in this code.
- `clean_text()`: only characters XML 1.0 allows, for every text that reaches HTML or Atom.
- `safe_href()`: the one gate for every URL that becomes an href, in HTML and in the feeds.
- `csv_cell()`: OWASP's advice against formulas in CSV cells.

Pure: no I/O.
"""

from __future__ import annotations

import html
import re
import urllib.parse

from markupsafe import Markup

# --- Characters -------------------------------------------------------------------------------

# XML 1.0 (5th ed.) section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD]
# | [#x10000-#x10FFFF]. Everything else (C0 controls, lone surrogates, U+FFFE, U+FFFF) makes a
# feed unparsable, and a lone surrogate cannot even be written as UTF-8. Also replaced: DEL and
# the C1 controls and the Unicode noncharacters, which XML 1.0 discourages and which are parse
# errors in HTML ("control-character-in-input-stream", "noncharacter-in-input-stream").
_NOT_TEXT = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010ffff]"
    "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]")
# U+2028/U+2029 are allowed in XML and HTML, but they are invisible line breaks that only some
# programs honour (and they end a string literal in JavaScript before ES2019): a space keeps the
# words apart without a break the editor never saw.
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """`text` with every character XML 1.0 does not allow replaced by U+FFFD.

    Replaced, not removed: removing can join what was apart ("java\\x00script:" would become
    "javascript:"), and the replacement character shows a reader that something was there.
    """
    return _LINE_SEPARATORS.sub(" ", _NOT_TEXT.sub(REPLACEMENT, text))


def utf8_text(text: str) -> str:
    """`text` that can be written as UTF-8: lone surrogates become U+FFFD, nothing else changes.

    For the open data, which keeps the editors' characters (JSON escapes the controls itself)."""
    return re.sub("[\ud800-\udfff]", REPLACEMENT, text)


# --- HTML -------------------------------------------------------------------------------------

class Html(Markup):
    """A fragment of HTML. `Html("<p>{}</p>").format(text)` escapes `text`; so do join and +.

    The escaping is html.escape(quote=True) (&amp; &lt; &gt; &quot; &#x27;), the one the site used
    before this type, so the built HTML stays byte for byte the same; it also cleans the text
    (clean_text), so no character XML forbids reaches a page.
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s) -> Html:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(html.escape(clean_text(str(s)), quote=True))


def escape(text) -> Html:
    """Text (anything but Html) as HTML."""
    return Html.escape(text)


# --- Links ------------------------------------------------------------------------------------

# Not allowed anywhere in a URL we write: ASCII controls, space and the characters RFC 3986
# does not allow unencoded. Browsers remove tabs and newlines from a URL and strip leading
# controls and spaces (WHATWG URL), so "java\tscript:" or " javascript:" would become a
# javascript: link; rather than copy the browser's rules, such a URL is refused altogether.
_NOT_IN_URL = re.compile(r'[\x00-\x20\x7f-\x9f"<>\\^`{|}\s\u2028\u2029\ufffd]|[\ud800-\udfff]')
WEB_SCHEMES = ("https", "http")


def safe_href(url: str | None, *, relative: bool = False, mailto: bool = False) -> str | None:
    """`url` unchanged if it may become an href, else None. Every href the site writes comes here.

    Allowed: an absolute https: or http: URL with a host (and no user@ before it). With `relative=True` also a link the
    site made to one of its own pages ("../afspraken/7/", "/voortgang.xml"), but never one that
    starts with "//" (another host) or whose first segment has a ":" (a scheme: "javascript:x").
    With `mailto=True` also a mailto: URL: only the report link asks for that.

    Anything else (javascript:, data:, vbscript:, file:, a URL without a host, relative URLs
    from the data, whitespace or control characters anywhere) gives None, and the caller shows
    the text without a link: the reader loses a link, never gets one that runs code or leaves
    for somewhere the editor did not mean. The refused URL itself is not shown either: printed
    as text it would only invite copying it into the address bar.
    """
    if not isinstance(url, str) or not url or _NOT_IN_URL.search(url):
        return None
    head = re.split(r"[/?#]", url, maxsplit=1)[0]
    if ":" not in head:  # no scheme: a relative reference
        return url if relative and not url.startswith("//") else None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # e.g. an unbalanced [ in the host
        return None
    scheme = head.split(":", 1)[0].lower()
    if scheme != parts.scheme:  # urlsplit did not read the same scheme: do not guess
        return None
    if scheme in WEB_SCHEMES:
        # A host, and no user name in front of it: "https://rvo.nl@evil.example/" goes to evil.example.
        has_host = bool(parts.hostname) and "@" not in parts.netloc and url[len(scheme) + 1:].startswith("//")
        return url if has_host else None
    if scheme == "mailto" and mailto:
        return url if parts.path and not parts.netloc else None
    return None


# --- CSV --------------------------------------------------------------------------------------

# OWASP, "CSV Injection": a spreadsheet reads a cell that starts with one of these as a formula
# (=HYPERLINK(...), +1, -1+2, @SUM(...)), and tab and carriage return can hide such a start.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell that no spreadsheet runs: text starting like a formula gets a leading '.

    Only text: our numbers are counts and afspraak numbers (never negative) and dates are
    YYYY-MM-DD, so the real CSV files do not change; a number is written by us, not typed.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
