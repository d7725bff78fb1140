"""Dates and "not known" in Dutch words: shared by the history and the output.

Plain `str`: whoever puts them in HTML or XML escapes them.
"""

from __future__ import annotations

import datetime as dt

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
NOT_KNOWN = "nog niet bekend"


def datum(day: dt.date | None) -> str:
    """A date in Dutch, as residents write it: 6 december 2023. Plain text."""
    if day is None:
        return NOT_KNOWN
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
