"""Plain-text pieces shared by the HTML, the feeds and the open data: dates, bronnen, status words.

Plain `str`: whoever puts them in HTML or XML escapes them (safe.Html, the XML writer).
"""

from __future__ import annotations

from ..constants import UNKNOWN_STATUS
from ..dates import NOT_KNOWN, datum
from ..model import Afspraak, Akkoord, Bron

TITEL_ONBEKEND = "titel onbekend"


def bron_zonder_titel(bron: Bron) -> str:
    """What a bron without a known title is called: 'Nieuwsbericht op rvo.nl'. Never a made-up headline."""
    where = f" op {bron.website}" if bron.website else f" van {bron.uitgever}" if bron.uitgever else ""
    return bron.soort.capitalize() + where


def bron_when(bron: Bron) -> str | None:
    return datum(bron.datum) if bron.datum else bron.periode


def bron_tekst(bron: Bron) -> str:
    """A bron in one line of plain text (feeds): title, publisher and date, or '… (titel onbekend)'."""
    parts = [bron.titel or bron_zonder_titel(bron), bron.uitgever, bron_when(bron)]
    text = ", ".join(dict.fromkeys(p for p in parts if p))
    return text if bron.titel else f"{text} ({TITEL_ONBEKEND})"


def status_woorden(akkoord: Akkoord, a: Afspraak) -> str:
    """The status in plain words, for print and open data: 'Onbekend, termijn voorbij'."""
    stand = akkoord.stand(a)
    words = stand.status.label
    if stand.over_tijd:
        words += ", termijn voorbij" if stand.status.naam == UNKNOWN_STATUS else ", over tijd"
    return words


def verantwoordelijk_namen(akkoord: Akkoord, a: Afspraak) -> str:
    """Plain text."""
    return ", ".join(akkoord.verantwoordelijke_naam(ref) for ref in a.verantwoordelijk) or NOT_KNOWN
