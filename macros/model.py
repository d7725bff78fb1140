"""Typed, read-only objects for the akkoord's data. Built only by the loader."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from .constants import AKKOORD_SOORT, UNKNOWN_STATUS

STALE_AFTER_MONTHS = 6


@dataclass(frozen=True)
class Status:
    naam: str
    label: str
    icoon: str
    soort: str
    klaar: bool
    uitleg: str

    @property
    def slug(self) -> str:
        return self.naam.replace(" ", "-")


@dataclass(frozen=True)
class Thema:
    id: str
    naam: str
    kort: str


@dataclass(frozen=True)
class Gemeente:
    id: str
    naam: str
    website: str | None = None  # the gemeente's own site: a URL from the data, linked via safe_href


@dataclass(frozen=True)
class Soort:
    id: str
    naam: str
    groep: str


@dataclass(frozen=True)
class Groep:
    id: str
    titel: str
    uitleg: str
    zonder_kop: bool = False  # the akkoord has no heading here: the titel is the site's own name


@dataclass(frozen=True)
class Bron:
    id: str
    soort: str
    titel: str | None = None  # None: the real title is not known (never a made-up headline)
    uitgever: str | None = None
    datum: dt.date | None = None
    periode: str | None = None
    website: str | None = None
    url: str | None = None
    toelichting: str | None = None


@dataclass(frozen=True)
class Verantwoordelijke:
    id: str
    naam: str
    soort: str
    uitleg: str
    bronnen: tuple[str, ...]
    alle_ondertekenaars: bool = False  # stands for every ondertekenaar: each of them shares its afspraken


@dataclass(frozen=True)
class Ondertekenaar:
    id: str
    naam: str
    soort: str
    gemeenten: tuple[str, ...]
    bronnen: tuple[str, ...]
    toelichting: str | None = None


@dataclass(frozen=True)
class Feit:
    tekst: str
    bronnen: tuple[str, ...]


@dataclass(frozen=True)
class Partner:
    naam: str
    bronnen: tuple[str, ...]


@dataclass(frozen=True)
class Melding:
    datum: dt.date
    notitie: str
    bron: str


@dataclass(frozen=True)
class Proeftuin:
    id: str
    naam: str
    plaats: str
    gemeente: str
    soort: str
    samenvatting: str
    partners: tuple[Partner, ...]
    bekend: tuple[Feit, ...]
    nog_niet_bekend: tuple[str, ...]
    afspraken: tuple[int, ...]
    themas: tuple[str, ...]
    voortgang: tuple[Melding, ...]

    @property
    def is_proeftuin(self) -> bool:
        return self.soort == "proeftuin"


@dataclass(frozen=True)
class Woord:
    """A word the site uses, explained in the woordenlijst (data/woordenlijst.yml)."""

    id: str
    term: str
    uitleg: str
    ook: tuple[str, ...] = ()  # other forms and words residents search for; linked like the term
    bronnen: tuple[str, ...] = ()  # only where the uitleg states a fact about this akkoord

    @property
    def vormen(self) -> tuple[str, ...]:
        return (self.term, *self.ook)


@dataclass(frozen=True)
class Deadline:
    tekst: str  # the akkoord's words
    datum: dt.date | None = None  # the last day those words allow; the akkoord itself may name no day
    geldt_voor: str | None = None  # the part of the afspraak the termijn is for; None: the whole afspraak


@dataclass(frozen=True)
class Toewijzing:
    """One responsible party of an afspraak, with the ground: the akkoord's own words naming it
    (woorden), or the site's reading with its rule in plain Dutch (lezing). Exactly one is set."""

    wie: str
    woorden: str | None = None
    lezing: str | None = None

    @property
    def genoemd(self) -> bool:
        """Does the akkoord itself name this party for this afspraak?"""
        return self.woorden is not None


@dataclass(frozen=True)
class Voortgang:
    datum: dt.date
    status: str
    notitie: str
    bron: str


@dataclass(frozen=True)
class Afspraak:
    nummer: int
    titel: str
    groep: str
    afgesproken: str
    uitleg: str
    themas: tuple[str, ...]
    gemeenten: tuple[str, ...]
    proeftuinen: tuple[str, ...]
    toewijzingen: tuple[Toewijzing, ...]
    voortgang: tuple[Voortgang, ...]
    deadline: Deadline | None = None
    herhaling: str | None = None

    @property
    def verantwoordelijk(self) -> tuple[str, ...]:
        """Every responsible party's id, named or read: use `toewijzingen` where the ground matters."""
        return tuple(t.wie for t in self.toewijzingen)

    def toewijzing(self, ref: str) -> Toewijzing | None:
        return next((t for t in self.toewijzingen if t.wie == ref), None)

    @property
    def status(self) -> str:
        """The current status is the newest progress entry; there is no second field."""
        return self.voortgang[-1].status if self.voortgang else UNKNOWN_STATUS

    @property
    def laatst_bijgewerkt(self) -> dt.date | None:
        return self.voortgang[-1].datum if self.voortgang else None


@dataclass(frozen=True)
class Stand:
    """How far an afspraak is on a given day: derived, never stored. Every page, chart, open-data
    file and feed reads these fields; none derives them again."""

    status: Status
    # The termijn is over on the peildatum and no source reports the afspraak finished or stopped.
    termijn_voorbij: bool
    # termijn_voorbij, and a source reports how far it is (so not 'onbekend'): late, not unknown.
    over_tijd: bool
    niet_herzien_sinds: dt.date | None
    laatste_keer: dt.date | None  # recurring afspraken: when it last took place
    dit_jaar_nog_te_doen: bool


@dataclass(frozen=True)
class Telling:
    """The counts every page, chart and file shows, derived once from the standen."""

    totaal: int
    per_status: dict[str, int]  # status naam -> number of afspraken, zeros included
    onbekend: tuple[int, ...]  # nummers: no source says how far
    lopend: tuple[int, ...]  # a source reports progress; not finished, not a lasting afspraak
    doorlopend: tuple[int, ...]  # a source reports a lasting afspraak has begun or takes place
    klaar: tuple[int, ...]  # finished or stopped
    termijn_voorbij: tuple[int, ...]
    over_tijd: tuple[int, ...]


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last_day = [31, 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28,
                31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class Akkoord:
    statussen: dict[str, Status]
    themas: dict[str, Thema]
    gemeenten: dict[str, Gemeente]
    soorten: dict[str, Soort]
    groepen: dict[str, Groep]
    bronnen: dict[str, Bron]
    verantwoordelijken: dict[str, Verantwoordelijke]
    ondertekenaars: dict[str, Ondertekenaar]
    proeftuinen: dict[str, Proeftuin]
    afspraken: dict[int, Afspraak]
    woorden: dict[str, Woord] = field(default_factory=dict)
    peildatum: dt.date = field(default_factory=dt.date.today)  # the day the site is made
    # The day the data last changed, from git; None: not known (no git, or changes not committed).
    gegevens_gewijzigd: dt.date | None = None
    # Each afspraak's stand, derived once: the model is read-only and the peildatum fixed, and one
    # table row alone asks for it three times. Keyed by nummer, kept with the afspraak it was made
    # for; dataclasses.replace() gives the new Akkoord an empty cache.
    _standen: dict[int, tuple[Afspraak, Stand]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _telling: list[Telling] = field(default_factory=list, init=False, repr=False, compare=False)

    @functools.cached_property  # every afspraak page asks; dataclasses.replace() starts afresh
    def akkoord_bron(self) -> str | None:
        """The id of the bron that is the text of the akkoord itself (the check allows exactly one)."""
        return next((b.id for b in self.bronnen.values() if b.soort == AKKOORD_SOORT), None)

    def stand(self, afspraak: Afspraak) -> Stand:
        cached = self._standen.get(afspraak.nummer)
        if cached is None or cached[0] is not afspraak:
            cached = self._standen[afspraak.nummer] = (afspraak, self._derive_stand(afspraak))
        return cached[1]

    def _derive_stand(self, afspraak: Afspraak) -> Stand:
        status = self.statussen[afspraak.status]
        deadline = afspraak.deadline.datum if afspraak.deadline else None
        termijn_voorbij = bool(deadline and deadline < self.peildatum and not status.klaar
                               and afspraak.herhaling is None)
        over_tijd = termijn_voorbij and status.naam != UNKNOWN_STATUS
        last = afspraak.laatst_bijgewerkt
        # Only open afspraken go stale: a finished or stopped one does not need a new check.
        stale = (last if last and not status.klaar
                 and last < months_before(self.peildatum, STALE_AFTER_MONTHS) else None)
        held = [v.datum for v in afspraak.voortgang if v.status in ("doorlopend", "afgerond")]
        laatste_keer = held[-1] if afspraak.herhaling and held else None
        due = bool(afspraak.herhaling) and (laatste_keer is None or laatste_keer.year < self.peildatum.year)
        return Stand(status, termijn_voorbij, over_tijd, stale, laatste_keer, due)

    def telling(self) -> Telling:
        if not self._telling:
            self._telling.append(self._derive_telling())
        return self._telling[0]

    def _derive_telling(self) -> Telling:
        standen = {n: self.stand(a) for n, a in self.afspraken.items()}
        per_status = {naam: 0 for naam in self.statussen}
        for s in standen.values():
            per_status[s.status.naam] += 1

        def nummers(test) -> tuple[int, ...]:
            return tuple(n for n, s in standen.items() if test(s))

        return Telling(
            totaal=len(standen), per_status=per_status,
            onbekend=nummers(lambda s: not s.status.klaar and s.status.soort == "onbekend"),
            lopend=nummers(lambda s: not s.status.klaar and s.status.soort not in ("onbekend", "doorlopend")),
            doorlopend=nummers(lambda s: not s.status.klaar and s.status.soort == "doorlopend"),
            klaar=nummers(lambda s: s.status.klaar),
            termijn_voorbij=nummers(lambda s: s.termijn_voorbij),
            over_tijd=nummers(lambda s: s.over_tijd))

    def verantwoordelijke_naam(self, ref: str) -> str:
        if ref in self.verantwoordelijken:
            return self.verantwoordelijken[ref].naam
        return self.ondertekenaars[ref].naam

    def gedeeld_met_alle_ondertekenaars(self, ref: str) -> list[Afspraak]:
        """The afspraken an ondertekenaar shares with all others, through a verantwoordelijke that
        stands for all ondertekenaars; those it is named for itself are not repeated here."""
        if ref not in self.ondertekenaars:
            return []
        alle = {v.id for v in self.verantwoordelijken.values() if v.alle_ondertekenaars}
        return [a for a in self.afspraken.values() if alle & set(a.verantwoordelijk) and ref not in a.verantwoordelijk]

    def voor_alle(self, soort: str, afspraak: Afspraak) -> bool:
        """Does the afspraak serve every thema (soort 'thema') or every gemeente (soort 'gemeente')?"""
        if soort == "thema":
            return set(afspraak.themas) >= set(self.themas)
        if soort == "gemeente":
            return set(afspraak.gemeenten) >= set(self.gemeenten)
        raise ValueError(f"onbekende soort: {soort}")

    def afspraken_met(self, *, thema: str | None = None, gemeente: str | None = None,
                      proeftuin: str | None = None, verantwoordelijke: str | None = None,
                      status: str | None = None, genoemd: bool | None = None) -> list[Afspraak]:
        """genoemd (with verantwoordelijke): True, only where the akkoord names that party itself;
        False, only where it is the site's reading; None, both."""
        return [a for a in self.afspraken.values()
                if (thema is None or thema in a.themas)
                and (gemeente is None or gemeente in a.gemeenten)
                and (proeftuin is None or proeftuin in a.proeftuinen)
                and (verantwoordelijke is None or _assigned(a, verantwoordelijke, genoemd))
                and (status is None or a.status == status)]


def _assigned(afspraak: Afspraak, ref: str, genoemd: bool | None) -> bool:
    toewijzing = afspraak.toewijzing(ref)
    return toewijzing is not None and (genoemd is None or toewijzing.genoemd == genoemd)
