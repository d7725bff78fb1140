"""Horizontal bar charts as inline SVG, made at build time. Pure: no I/O, no JavaScript.

Every chart comes with a table that holds the same numbers, so nobody depends on the
picture: screen readers read the table, and the SVG carries a <title> and <desc>.
Built as Html (macros/output/safe.py): labels and titles are text, escaped by the type.
"""

from __future__ import annotations

from dataclasses import dataclass

from .safe import Html, safe_href

# SVG user units. The theme scales the picture down when its column is narrower than WIDTH,
# and the labels with it: WIDTH fits a 390px phone unscaled (content 358px), and FONT_SIZE
# stays at least 16px as drawn down to a 320px screen (288 / 340 * 19 = 16.1).
WIDTH = 340
FONT_SIZE = 19
LINE_HEIGHT = 23  # one line of a label
BAR_HEIGHT = 16
GAP = 16  # space below each bar
NUMBER_ROOM = 44  # room to the right of the longest bar for its number
CHARS_PER_LINE = 27  # a safe estimate for FONT_SIZE in a system sans-serif font
BAR_COLOUR = "#2b5f7f"  # contrast 6.9:1 on white


@dataclass(frozen=True)
class Row:
    label: str  # plain text
    value: int
    href: str | None = None  # relative link for the table; the picture has no links


def wrap(text: str, width: int = CHARS_PER_LINE) -> list[str]:
    """Split a label over lines of at most `width` characters, at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bar_chart_svg(chart_id: str, title: str, desc: str, rows: list[Row]) -> Html:
    """One bar per row, label above its bar, the number right after the bar."""
    top = max((r.value for r in rows), default=0)
    room = WIDTH - NUMBER_ROOM
    body, y = [], 0
    for row in rows:
        lines = wrap(row.label)
        label = Html("").join(Html('<tspan x="0" y="{}">{}</tspan>').format(y + LINE_HEIGHT * (i + 1) - 5, line)
                              for i, line in enumerate(lines))
        bar_y = y + LINE_HEIGHT * len(lines)
        width = max(round(room * row.value / top) if top else 0, 2)  # a hairline shows a zero
        body.append(Html(
            '<g class="zw-grafiek__rij" data-label="{label}" data-waarde="{value}">'
            '<text class="zw-grafiek__label" fill="currentColor">{tspans}</text>'
            '<rect class="zw-grafiek__balk" x="0" y="{bar_y}" width="{width}" height="{bar_height}" '
            'fill="{colour}"/>'
            '<text class="zw-grafiek__getal" x="{number_x}" y="{number_y}" fill="currentColor" '
            'font-weight="bold">{value}</text></g>').format(
            label=row.label, value=row.value, tspans=label, bar_y=bar_y, width=width, bar_height=BAR_HEIGHT,
            colour=BAR_COLOUR, number_x=width + 6, number_y=bar_y + BAR_HEIGHT - 2))
        y = bar_y + BAR_HEIGHT + GAP
    height = max(y, 1)
    return Html("").join([
        # data-search-exclude: the table below has the same numbers; the SVG's labels only
        # cluttered the search results.
        Html('<svg class="zw-grafiek__beeld" id="{id}" role="img" data-search-exclude="" '
             'aria-labelledby="{id}-titel {id}-uitleg" xmlns="http://www.w3.org/2000/svg" '
             'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-size="{font_size}">').format(
            id=chart_id, width=WIDTH, height=height, font_size=FONT_SIZE),
        Html('<title id="{}-titel">{}</title>').format(chart_id, title),
        Html('<desc id="{}-uitleg">{}</desc>').format(chart_id, desc),
        *body,
        Html("</svg>"),
    ])


def describe(rows: list[Row], unit: tuple[str, str]) -> str:
    """The numbers of the chart in one sentence, for the SVG's <desc>. Plain text."""
    one, many = unit
    return "; ".join(f"{r.label}: {r.value} {one if r.value == 1 else many}" for r in rows) + "."


def _label(r: Row) -> Html:
    """The row's label, a link to its page if it has one (and safe_href lets it through)."""
    url = safe_href(r.href, relative=True) if r.href else None
    return Html('<a href="{}">{}</a>').format(url, r.label) if url else Html.escape(r.label)


def chart_with_table(chart_id: str, title: str, rows: list[Row], *, column: str,
                     unit: tuple[str, str] = ("afspraak", "afspraken"), note: str | None = None) -> Html:
    """The SVG and a table with exactly the same numbers, in one block of HTML."""
    svg = bar_chart_svg(chart_id, title, describe(rows, unit), rows)
    body = Html("").join(Html('<tr><th scope="row">{}</th><td class="zw-getal">{}</td></tr>').format(_label(r), r.value)
                         for r in rows)
    table = Html('<div class="zw-tabel"><table class="zw-grafiek__tabel" id="{}-tabel">'
                 "<caption>{}</caption>"
                 '<thead><tr><th scope="col">{}</th><th scope="col">Aantal {}</th></tr></thead>'
                 "<tbody>{}</tbody></table></div>").format(chart_id, title, column, unit[1], body)
    extra = Html('<p class="zw-grafiek__noot">{}</p>').format(note) if note else Html("")
    return Html('<div class="zw-grafiek">{}{}{}</div>').format(svg, table, extra)
