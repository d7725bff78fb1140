"""Two passes over every page's HTML: column names on table cells (so a narrow screen can show each
row as a card), and whitespace where the search index would glue words together.

`label_cells()` runs over every page's HTML (macros/build/mkdocs_hooks.py): tables made by macros/ and
Markdown tables alike. Every <td> without a data-label gets the text of its column header;
zorgsaam.css shows that text in front of the value when the column is narrow. Nothing else in
the HTML changes, byte for byte: the parser only finds where each <td ...> tag ends.

`spaced_for_search()` runs over every page's HTML too (macros/build/mkdocs_hooks.py): the search index
drops table tags and <br>, and without whitespace the words on both sides ran together in
the search results (tests/test_search_index.py).
Pure: no I/O.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class _Table:
    headers: list[str] = field(default_factory=list)  # one text per column (colspan repeats it)
    in_head: bool = False
    row_is_header: bool = False
    column: int = 0  # column of the next cell in the current row
    header_text: list[str] | None = None  # text of the header cell being read
    header_span: int = 1


def _span(attrs: dict) -> int:
    value = (attrs.get("colspan") or "1").strip()
    return max(int(value), 1) if value.isdigit() else 1


class _Labeller(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.tables: list[_Table] = []
        self.inserts: list[tuple[int, str]] = []  # (offset of the tag's closing '>', attribute)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _tag_end(self) -> int:
        text = self.get_starttag_text() or ""
        return self._offset() + len(text) - (2 if text.endswith("/>") else 1)

    def _row_has_no_td(self) -> bool:
        row = self.source[self._offset():].split("</tr", 1)[0]
        return "<td" not in row.lower()

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(_Table())
            return
        if not self.tables:
            return
        table, a = self.tables[-1], dict(attrs)
        if tag == "thead":
            table.in_head = True
        elif tag == "tr":
            table.column = 0
            # The first row of <thead>, or without <thead> a first row of header cells only.
            table.row_is_header = not table.headers and (table.in_head or self._row_has_no_td())
        elif tag in ("th", "td"):
            span = _span(a)
            if table.row_is_header and tag == "th":
                table.header_text, table.header_span = [], span
            elif tag == "td" and not table.in_head and "data-label" not in a:
                label = table.headers[table.column] if table.column < len(table.headers) else ""
                if label:
                    self.inserts.append((self._tag_end(), f' data-label="{html.escape(label, quote=True)}"'))
            table.column += span

    def handle_endtag(self, tag):
        if not self.tables:
            return
        table = self.tables[-1]
        if tag == "table":
            self.tables.pop()
        elif tag == "thead":
            table.in_head = False
        elif tag == "th" and table.header_text is not None:
            text = " ".join("".join(table.header_text).split())
            table.headers.extend([text] * table.header_span)
            table.header_text = None
        elif tag == "tr":
            table.row_is_header = False

    def handle_data(self, data):
        if self.tables and self.tables[-1].header_text is not None:
            self.tables[-1].header_text.append(data)


def label_cells(page_html: str) -> str:
    """`page_html` with data-label="<column header>" on every <td> that has none."""
    if "<td" not in page_html.lower():
        return page_html
    parser = _Labeller(page_html)
    parser.feed(page_html)
    parser.close()
    parts, last = [], 0
    for offset, attribute in parser.inserts:
        parts += [page_html[last:offset], attribute]
        last = offset
    return "".join(parts) + page_html[last:]


# Right after a tag, before a table row or cell; or right after a <br> that has no newline yet.
_GLUED = re.compile(r"(?<=>)(?=<(?:tr|td|th)[\s>])|(?<=<br>)(?!\n)")


def spaced_for_search(page_html: str) -> str:
    """A newline where the search index would otherwise glue two words together."""
    return _GLUED.sub("\n", page_html)
