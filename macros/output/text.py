"""Plain-text pieces shared by the HTML, the feeds and the open data: dates, bronnen, status words.

Plain `str`: whoever puts them in HTML or XML escapes them (safe.Html, the XML writer).
"""

from __future__ import annotations

from ..dates import NOT_KNOWN, datum
from ..model import Afspraak, Akkoord, Bron, Deadline

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
        words += ", over tijd"
    elif stand.termijn_voorbij:
        words += ", termijn voorbij"
    return words


def termijn_woorden(deadline: Deadline) -> str:
    """The termijn in the akkoord's words, with the part it is for when that is not the whole afspraak."""
    return f"{deadline.tekst}, voor {deadline.geldt_voor}" if deadline.geldt_voor else deadline.tekst


def termijn_dag_gelezen(deadline: Deadline) -> bool:
    """Is the last day the site's reading of the akkoord's words ('in 2024'), not a day it names?"""
    return deadline.datum is not None and datum(deadline.datum) not in deadline.tekst


LEZING_KORT = "onze lezing"  # after a party the akkoord does not name itself (model.Toewijzing)


def verantwoordelijk_namen(akkoord: Akkoord, a: Afspraak) -> str:
    """Plain text; a party the akkoord does not name itself gets '(onze lezing)'."""
    return ", ".join(akkoord.verantwoordelijke_naam(t.wie) + ("" if t.genoemd else f" ({LEZING_KORT})")
                     for t in a.toewijzingen) or NOT_KNOWN


def gegevens_datum_zin(akkoord: Akkoord) -> str:
    """When the data last changed (git), said apart from the day the site was made."""
    if akkoord.gegevens_gewijzigd is None:
        return "Wanneer de gegevens voor het laatst zijn gewijzigd, is hier niet bekend."
    return f"De gegevens zijn voor het laatst gewijzigd op {datum(akkoord.gegevens_gewijzigd)}."
