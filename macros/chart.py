"""Horizontal bar charts as inline SVG, made at build time. Pure: no I/O, no JavaScript.

Every chart comes with a table that holds the same numbers, so nobody depends on the
picture: screen readers read the table, and the SVG carries a <title> and <desc>.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

WIDTH = 420  # SVG user units; the theme scales the picture down on small screens
FONT_SIZE = 18
LINE_HEIGHT = 22  # one line of a label
BAR_HEIGHT = 16
GAP = 16  # space below each bar
NUMBER_ROOM = 44  # room to the right of the longest bar for its number
CHARS_PER_LINE = 36  # a safe estimate for FONT_SIZE in a system sans-serif font
BAR_COLOUR = "#2b5f7f"  # contrast 6.9:1 on white


@dataclass(frozen=True)
class Row:
    label: str  # plain text
    value: int
    href: str | None = None  # relative link for the table; the picture has no links


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def wrap(text: str, width: int = CHARS_PER_LINE) -> list[str]:
    """Split a label over lines of at most `width` characters, at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart_svg(chart_id: str, title: str, desc: str, rows: list[Row]) -> str:
    """One bar per row, label above its bar, the number right after the bar."""
    top = max((r.value for r in rows), default=0)
    room = WIDTH - NUMBER_ROOM
    body, y = [], 0
    for row in rows:
        lines = wrap(row.label)
        label = "".join(f'<tspan x="0" y="{y + LINE_HEIGHT * (i + 1) - 5}">{_e(line)}</tspan>'
                        for i, line in enumerate(lines))
        bar_y = y + LINE_HEIGHT * len(lines)
        width = max(round(room * row.value / top) if top else 0, 2)  # a hairline shows a zero
        body.append(
            f'<g class="zw-grafiek__rij" data-label="{_e(row.label)}" data-waarde="{row.value}">'
            f'<text class="zw-grafiek__label" fill="currentColor">{label}</text>'
            f'<rect class="zw-grafiek__balk" x="0" y="{bar_y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text class="zw-grafiek__getal" x="{width + 6}" y="{bar_y + BAR_HEIGHT - 2}" fill="currentColor" '
            f'font-weight="bold">{row.value}</text></g>')
        y = bar_y + BAR_HEIGHT + GAP
    height = max(y, 1)
    return "".join([
        # data-search-exclude: the table below has the same numbers; the SVG's labels only
        # cluttered the search results.
        f'<svg class="zw-grafiek__beeld" id="{_e(chart_id)}" role="img" data-search-exclude="" '
        f'aria-labelledby="{_e(chart_id)}-titel {_e(chart_id)}-uitleg" xmlns="http://www.w3.org/2000/svg" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-size="{FONT_SIZE}">',
        f'<title id="{_e(chart_id)}-titel">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-uitleg">{_e(desc)}</desc>',
        *body,
        "</svg>",
    ])


def describe(rows: list[Row], unit: tuple[str, str]) -> str:
    """The numbers of the chart in one sentence, for the SVG's <desc>."""
    one, many = unit
    return "; ".join(f"{r.label}: {r.value} {one if r.value == 1 else many}" for r in rows) + "."


def chart_with_table(chart_id: str, title: str, rows: list[Row], *, column: str,
                     unit: tuple[str, str] = ("afspraak", "afspraken"), note: str | None = None) -> str:
    """The SVG and a table with exactly the same numbers, in one block of HTML."""
    svg = bar_chart_svg(chart_id, title, describe(rows, unit), rows)
    def label(r: Row) -> str:
        return f'<a href="{_e(r.href)}">{_e(r.label)}</a>' if r.href else _e(r.label)

    body = "".join(f'<tr><th scope="row">{label(r)}</th><td class="zw-getal">{r.value}</td></tr>' for r in rows)
    table = (f'<div class="zw-tabel"><table class="zw-grafiek__tabel" id="{_e(chart_id)}-tabel">'
             f"<caption>{_e(title)}</caption>"
             f'<thead><tr><th scope="col">{_e(column)}</th><th scope="col">Aantal {_e(unit[1])}</th></tr></thead>'
             f"<tbody>{body}</tbody></table></div>")
    extra = f'<p class="zw-grafiek__noot">{_e(note)}</p>' if note else ""
    return f'<div class="zw-grafiek">{svg}{table}{extra}</div>'
