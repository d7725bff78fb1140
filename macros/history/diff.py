"""What changed in each commit, in plain Dutch: the parsed versions of history.py compared.

Pure: no I/O. Items are matched by their key (an afspraak by `nummer`, the others by `id`),
so moving or re-indenting an item is no change. A version that is not a list of mappings with
that key (the project's first commits, a broken file) cannot be compared: the next good version
is then summarised as "eerste versie". The lines are plain text; the renderers escape them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..constants import UNKNOWN_STATUS
from ..data.loader import TIMEZONE
from .git import History, Version
from ..dates import datum

EERSTE_VERSIE = "eerste versie"
NIET_BESCHIKBAAR = "Geschiedenis niet beschikbaar."
DATUM_ONBEKEND = "datum onbekend"


@dataclass(frozen=True)
class Wijziging:
    """The changes of one afspraak, ondertekenaar, proeftuin or bron in one commit."""
    soort: str  # afspraak, ondertekenaar, proeftuin, bron
    sleutel: int | str  # nummer or id
    naam: str  # as in that version: "Afspraak 3: Titel", a name, a bron's title
    regels: tuple[str, ...]
    bestaat: bool = True  # False: removed in this commit


@dataclass(frozen=True)
class CommitWijzigingen:
    sha: str
    when: dt.datetime | None  # None: not known (unreadable, or after the build day: a clock set wrong)
    bericht: str  # the editor's explanation for residents (uitleg()), or ""
    wijzigingen: tuple[Wijziging, ...]

    @property
    def datum(self) -> dt.date | None:
        return self.when.date() if self.when else None


@dataclass(frozen=True)
class Geschiedenis:
    """Every commit with a change, newest first; or why there is no history."""
    commits: tuple[CommitWijzigingen, ...] = ()
    niet_beschikbaar: str | None = NIET_BESCHIKBAAR
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        for commit in self.commits:
            for w in commit.wijzigingen:
                self._index.setdefault((w.soort, w.sleutel), []).append((commit, w))

    def van(self, soort: str, sleutel: int | str) -> list[tuple[CommitWijzigingen, Wijziging]]:
        return self._index.get((soort, sleutel), [])

    def voor_afspraak(self, nummer: int, bronnen) -> list[tuple[CommitWijzigingen, list[Wijziging]]]:
        """The commits that changed afspraak `nummer` or one of the `bronnen` it cites, newest first."""
        found: dict[str, tuple[CommitWijzigingen, list[Wijziging]]] = {}
        for commit, w in [*self.van("afspraak", nummer), *(x for b in bronnen for x in self.van("bron", b))]:
            found.setdefault(commit.sha, (commit, []))[1].append(w)
        order = {c.sha: i for i, c in enumerate(self.commits)}
        return sorted(found.values(), key=lambda item: order[item[0].sha])


# --- Comparing two versions of one item -------------------------------------------------------

def _day(value) -> str:
    """A date of an old version in Dutch. The gate (versions.py) keeps dates as text and refuses
    a version with a date that does not exist, so a text here is a real date or other text."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value) if len(value) == 10 else value
        except ValueError:
            pass
    return datum(value) if isinstance(value, dt.date) else str(value)


def _quoted(value) -> str:
    return f"\u2018{value}\u2019"


def _entries(value) -> list[Mapping]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _entry_lines(old, new, wat: str) -> list[str]:
    """New, changed and removed entries of a dated list (voortgang), matched by their content."""
    before, after = _entries(old), _entries(new)
    added = [v for v in after if v not in before]
    removed = [v for v in before if v not in after]
    lines = []
    for v in added:
        same_day = next((r for r in removed if r.get("datum") == v.get("datum")), None)
        if same_day is not None:
            removed.remove(same_day)
            lines.append(f"{wat} van {_day(v.get('datum'))} aangepast")
        else:
            lines.append(f"nieuwe {wat} van {_day(v.get('datum'))}")
    lines += [f"{wat} van {_day(v.get('datum'))} weggehaald" for v in removed]
    return lines


def _status(item: Mapping) -> str:
    entries = _entries(item.get("voortgang"))
    return str(entries[-1].get("status", UNKNOWN_STATUS)) if entries else UNKNOWN_STATUS


def _termijn(item: Mapping) -> str | None:
    deadline = item.get("deadline")
    if isinstance(deadline, Mapping):
        return str(deadline.get("tekst") or _day(deadline.get("datum")))
    return None if deadline is None else str(deadline)


def _verantwoordelijk_line(old, new) -> str | None:
    """Other parties, or only why they are there (the ground): older versions list bare ids."""
    def parties(value) -> list:
        return [p.get("wie") if isinstance(p, dict) else p for p in value] if isinstance(value, list) else [value]
    if parties(old) != parties(new):
        return "verantwoordelijken aangepast"
    return "uitleg bij wie het doet aangepast" if old != new else None


def _small(label: str) -> str:
    return label[:1].lower() + label[1:]


# Per kind: field -> the line when it changed. Fields not listed: "andere gegevens aangepast".
FIELDS = {
    "afspraak": {"titel": "titel verduidelijkt", "afgesproken": "tekst van de afspraak aangepast",
                 "uitleg": "uitleg aangepast", "groep": "deel van het akkoord aangepast",
                 "themas": "thema\u2019s aangepast", "gemeenten": "gemeenten aangepast",
                 "proeftuinen": "proeftuinen aangepast", "verantwoordelijk": "verantwoordelijken aangepast"},
    "ondertekenaar": {"naam": "naam aangepast", "soort": "soort organisatie aangepast",
                      "gemeenten": "gemeenten aangepast", "bronnen": "bronnen aangepast",
                      "toelichting": "toelichting aangepast"},
    "proeftuin": {"naam": "naam aangepast", "plaats": "plaats aangepast", "gemeente": "gemeente aangepast",
                  "soort": "soort aangepast", "samenvatting": "samenvatting aangepast",
                  "partners": "partners aangepast", "bekend": "lijst \u2018Wat weten we?\u2019 aangepast",
                  "nog_niet_bekend": "lijst \u2018Wat weten we nog niet?\u2019 aangepast", "afspraken": "afspraken aangepast",
                  "themas": "thema\u2019s aangepast"},
    "bron": {"titel": "titel aangepast", "uitgever": "uitgever aangepast", "soort": "soort bron aangepast",
             "datum": "datum aangepast", "periode": "datum aangepast", "website": "website aangepast",
             "url": "link aangepast", "toelichting": "toelichting aangepast"},
}
# Fields with their own lines (below), and the key.
SPECIAL = {"afspraak": {"nummer", "voortgang", "deadline", "herhaling"}, "ondertekenaar": {"id"},
           "proeftuin": {"id", "voortgang"}, "bron": {"id"}}
NIEUW = {"afspraak": "nieuwe afspraak", "ondertekenaar": "nieuwe ondertekenaar", "proeftuin": "nieuw op de site",
         "bron": "nieuwe bron"}
WEG = {"afspraak": "afspraak weggehaald", "ondertekenaar": "van de lijst gehaald", "proeftuin": "van de site gehaald",
       "bron": "bron weggehaald"}


def item_lines(soort: str, old: Mapping, new: Mapping, labels: Mapping[str, str]) -> list[str]:
    """What changed between two versions of one item, in plain Dutch; [] if nothing did."""
    lines: list[str] = []
    if soort == "afspraak":
        was, wordt = _status(old), _status(new)
        if was != wordt:
            lines.append(f"status van {_small(labels.get(was, was))} naar {_small(labels.get(wordt, wordt))}")
    for name, line in FIELDS[soort].items():
        if soort == "afspraak" and name == "verantwoordelijk":
            line = _verantwoordelijk_line(old.get(name), new.get(name))
        if line and old.get(name) != new.get(name) and line not in lines:
            lines.append(line)
    if soort == "afspraak":
        was, wordt = _termijn(old), _termijn(new)
        if was != wordt:
            lines.append(f"termijn toegevoegd: {_quoted(wordt)}" if was is None
                         else f"termijn weggehaald (was {_quoted(was)})" if wordt is None
                         else f"termijn veranderd van {_quoted(was)} naar {_quoted(wordt)}")
        if bool(old.get("herhaling")) != bool(new.get("herhaling")):
            lines.append("komt nu elk jaar terug" if new.get("herhaling") else "komt niet meer elk jaar terug")
        lines += _entry_lines(old.get("voortgang"), new.get("voortgang"), "voortgangsregel")
    if soort == "proeftuin":
        lines += _entry_lines(old.get("voortgang"), new.get("voortgang"), "nieuwsregel")
    known = set(FIELDS[soort]) | SPECIAL[soort]
    if any(old.get(k) != new.get(k) for k in (set(old) | set(new)) - known):
        lines.append("andere gegevens aangepast")
    return lines


# --- Whole files ------------------------------------------------------------------------------

KIND_OF = {"data/afspraken.yml": "afspraak", "data/ondertekenaars.yml": "ondertekenaar",
           "data/proeftuinen.yml": "proeftuin", "data/bronnen.yml": "bron"}


def keyed(soort: str, version: Version | None) -> dict | None:
    """The items of a version by key (nummer, id); None if the version does not have today's shape.

    Cached per version: a long history asks for each version twice, as the new and the old one.
    """
    if version is None or version.items is None:
        return None
    cached = _keyed.get((soort, id(version)))
    if cached is not None and cached[0] is version:
        return cached[1]
    out = _keyed_from_base(soort, version)
    if out is None:
        keys = _keys(soort, version.items)
        if keys is None:
            return None
        out = dict(zip(keys, version.items))
    _keyed[(soort, id(version))] = (version, out)  # the version is kept with it: its id stays its own
    return out


def _keys(soort: str, items) -> list | None:
    field, kind = ("nummer", int) if soort == "afspraak" else ("id", str)
    # type() rather than isinstance: YAML gives plain dicts, ints and strs, and a long history
    # has a million items to check (bool, an int subclass, is no nummer).
    keys = [item.get(field) if type(item) is dict else None for item in items]
    return keys if all(type(key) is kind and key != "" for key in keys) else None


def _keyed_from_base(soort: str, version: Version) -> dict | None:
    """keyed() of a version made from its base (history.parse_next): the base's dict with the
    replaced items swapped; None when that is not exactly what the whole computation gives."""
    cached = _keyed.get((soort, id(version.base))) if version.base is not None and version.span else None
    if cached is None or cached[0] is not version.base:
        return None
    first, last, end = version.span
    old_keys, new_keys = _keys(soort, version.base.items[first:last]), _keys(soort, version.items[first:end])
    if old_keys is None or new_keys is None or len(set(old_keys)) < len(old_keys):
        return None
    out = dict(cached[1])
    for key in old_keys:
        out.pop(key, None)
    if any(key in out for key in new_keys) or len(set(new_keys)) < len(new_keys):
        return None  # a key twice: let the whole computation decide which item counts
    out.update(zip(new_keys, version.items[first:end]))
    return out if len(out) == len(version.items) else None


_keyed: dict[tuple[str, int], tuple[Version, dict]] = {}


def naam(soort: str, key, item: Mapping) -> str:
    if soort == "afspraak":
        return f"Afspraak {key}: {item.get('titel', '')}".rstrip(": ")
    text = item.get("titel" if soort == "bron" else "naam") or item.get("uitgever") or key
    return str(text)


def file_changes(soort: str, old: dict | None, new: dict, labels: Mapping[str, str],
                 touched: list | None = None) -> list[Wijziging]:
    """The changes from `old` (None: nothing to compare with) to `new`, in the order of `new`.
    `touched`: the items that can differ, when known (history.Version.span)."""
    out = []
    if old is None:
        candidates = list(new.items())
    elif touched is not None:
        candidates = [(key, new[key]) for key in touched]
    else:  # an item with the same text is the same object (history.py): only the others can differ
        unchanged = {id(item) for item in old.values()}
        candidates = [(key, item) for key, item in new.items() if id(item) not in unchanged]
    for key, item in candidates:
        if old is None:
            lines = [EERSTE_VERSIE]
        elif key not in old:
            lines = [NIEUW[soort]]
        else:
            lines = item_lines(soort, old[key], item, labels)
        if lines:
            out.append(Wijziging(soort, key, naam(soort, key, item), tuple(lines)))
    gone = old.keys() - new.keys() if old else ()
    out += [Wijziging(soort, key, naam(soort, key, item), (WEG[soort],), bestaat=False)
            for key, item in old.items() if key in gone] if gone else []
    return out


def _touched(soort: str, before: Version | None, after: Version | None) -> list | None:
    """The keys of the new items when `after` was made from `before` by replacing a few; else None."""
    if after is None or after.base is not before or after.span is None:
        return None
    first, _, end = after.span
    keys = _keys(soort, after.items[first:end])
    return list(dict.fromkeys(keys)) if keys is not None else None


def known_date(when: dt.datetime | None, today: dt.date | None) -> dt.datetime | None:
    """A commit's date as the site may publish it: None (shown as 'datum onbekend') when it lies
    after the build day in the editors' time zone; a wrong clock must not make a change look past."""
    if when is None or today is None:
        return when
    try:
        return None if when.astimezone(TIMEZONE).date() > today else when
    except (OverflowError, ValueError):  # the year 9999 in another time zone: not a date to show
        return None


def changes(history: History, labels: Mapping[str, str], today: dt.date | None = None) -> Geschiedenis:
    """Every commit's changes, newest first. `labels`: status naam -> label (data/statussen.yml);
    `today`: the build day (loader.peildatum_from_env); a commit dated after it has no date."""
    if history.unavailable is not None:
        return Geschiedenis(niet_beschikbaar=f"{NIET_BESCHIKBAAR} {history.unavailable}")
    last_good: dict[str, dict] = {}  # per file: the newest version that had today's shape
    commits = []
    for commit in history.commits:
        found: list[Wijziging] = []
        for change in commit.changes:
            soort = KIND_OF.get(change.path)
            new = keyed(soort, change.after) if soort else None
            if soort is None or (new is None and change.after is not None):
                continue  # a version that cannot be read: wait for the next good one
            old = keyed(soort, change.before)
            touched = _touched(soort, change.before, change.after) if old is not None and new else None
            if old is None:
                old = last_good.get(change.path)
            new = new or {}
            found += file_changes(soort, old, new, labels, touched)
            last_good[change.path] = new
        if found:
            commits.append(CommitWijzigingen(commit.sha, known_date(commit.when, today), uitleg(commit.message),
                                             tuple(found)))
    return Geschiedenis(tuple(reversed(commits)), niet_beschikbaar=None)


UITLEG = re.compile(r"^\s*uitleg\s*:\s*(.+?)\s*$", re.I | re.M)


def uitleg(message: str) -> str:
    """The line of a commit message that starts with 'Uitleg:', without that word: what the
    editor wrote for residents (REDACTIE.md). The rest of a commit message is for the people who
    keep the site (often English, with code words); it stays on GitHub, behind the commit link."""
    found = UITLEG.search(message)
    return found.group(1) if found else ""
