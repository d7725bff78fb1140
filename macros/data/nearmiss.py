"""Values from a fixed list: how they are called, and the hint for a value that is almost right."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ..constants import KEYS
from .dataerrors import records_in

# How one value of a field is called: "'klaar' is geen bekende status".
FIELD_NOUNS = {
    "status": "status", "themas": "thema", "gemeenten": "gemeente", "gemeente": "gemeente",
    "soort": "soort", "proeftuinen": "proeftuin", "bron": "bron", "bronnen": "bron", "groep": "groep",
    "verantwoordelijk": "verantwoordelijke", "wie": "verantwoordelijke", "afspraken": "afspraak",
}
HET_WORDS = {"thema"}  # "geen bekend thema", but "geen bekende status"


def geen_bekende(noun: str) -> str:
    return f"geen bekend {noun}" if noun in HET_WORDS else f"geen bekende {noun}"


# --- Values from a fixed list ---------------------------------------------------------------
#
# A field whose value must come from a fixed list (a schema `enum`, or an id in another file)
# is checked in one way everywhere: a value that is almost right is refused with a hint
# "Bedoelt u 'in uitvoering'?". The data stays exactly as the lists spell it, because the
# site, the open data and the feeds compare values exactly.

# Where the values of a field come from, when they are the ids (or, for statussen, the names)
# of records in another file. That file also gives each value its label, the text the site
# shows ("In uitvoering", "De gezonde wijk"), so a label written instead gets the id as hint.
REFERENCES = {
    ("afspraken", "status"): ("statussen",),
    ("afspraken", "themas"): ("themas",),
    ("afspraken", "gemeenten"): ("gemeenten",),
    ("afspraken", "groep"): ("groepen",),
    ("afspraken", "proeftuinen"): ("proeftuinen",),
    ("afspraken", "verantwoordelijk"): ("verantwoordelijken", "ondertekenaars"),
    ("afspraken", "wie"): ("verantwoordelijken", "ondertekenaars"),
    ("afspraken", "bron"): ("bronnen",),
    ("proeftuinen", "gemeente"): ("gemeenten",),
    ("proeftuinen", "themas"): ("themas",),
    ("proeftuinen", "bronnen"): ("bronnen",),
    ("proeftuinen", "bron"): ("bronnen",),
    ("ondertekenaars", "soort"): ("soorten",),
    ("ondertekenaars", "gemeenten"): ("gemeenten",),
    ("ondertekenaars", "bronnen"): ("bronnen",),
    ("verantwoordelijken", "bronnen"): ("bronnen",),
    ("woordenlijst", "bronnen"): ("bronnen",),
}
LABEL_FIELDS = ("label", "naam", "titel")  # the text the site shows for a record

# How close a misspelling must be (difflib's ratio) to get a hint. The words of a schema enum
# are few and can look alike with another meaning ('gestart' is not 'gestopt'), so only a
# near-identical spelling gets one. Ids in the other files are longer names the editors made;
# for those a looser match helps (a typo, or an id that was renamed) and the message also says
# where the ids are, so a wrong guess does no harm.
WORD_CUTOFF = 0.8
ID_CUTOFF = 0.6

# Labels the site shows by itself, which are no value an editor can choose.
SHOWN_BY_THE_SITE = {
    "status": {
        "over tijd": "De site zet 'Over tijd' er zelf bij als de termijn voorbij is en de afspraak nog niet "
                     "klaar is.",
        "termijn voorbij": "De site zet 'Termijn voorbij' er zelf bij als de termijn voorbij is en de status "
                           "onbekend is.",
    },
}


def reading_key(text: str) -> str:
    """A text as people read it, for values that must be unique: compatibility characters folded
    (NFKC: 'ﬁ' is 'fi', a full-width 'Ａ' is 'A'), composed and decomposed accents the same, capitals
    and runs of spaces not counted."""
    folded = " ".join(unicodedata.normalize("NFKC", text).split()).casefold()
    return unicodedata.normalize("NFKC", folded)


def _spelling(text: str) -> str:
    """A value without what editors easily get wrong: capitals, accents, spaces and hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[-_\s]+", " ", text).split()).casefold()


@dataclass(frozen=True)
class NearMiss:
    value: str  # the allowed value the editor probably meant
    certain: bool  # the same value written differently, or its label; not merely similar

    def hint(self) -> str:
        return f"Bedoelt u '{self.value}'?"


def near_miss(value, allowed, labels=(), *, cutoff: float) -> NearMiss | None:
    """The allowed value that `value` is probably meant to be, if any.

    Certain: the same after ignoring capitals, accents, spaces and hyphens ('In uitvoering',
    'in-uitvoering', 'nog niet-gestart'), or the label of an allowed value ('De gezonde wijk');
    labels are (label, value) pairs. Else a typo: the closest spelling with a difflib ratio of
    at least `cutoff`, if no other value is as close.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    allowed = [a for a in allowed if isinstance(a, str)]
    spellings: dict[str, str | None] = {}
    for label, meant in labels:
        if meant in allowed:
            key = _spelling(label)
            spellings[key] = meant if spellings.get(key, meant) == meant else None  # None: two values share it
    spellings.update({_spelling(a): a for a in allowed})  # a value wins over a label
    spellings = {key: meant for key, meant in spellings.items() if meant is not None}
    key = _spelling(value)
    if key in spellings:
        return NearMiss(spellings[key], True) if spellings[key] != value else None
    scores = {spelling: difflib.SequenceMatcher(None, key, spelling).ratio() for spelling in spellings}
    best = max(scores.values(), default=0)
    meant = {spellings[spelling] for spelling, score in scores.items() if score == best}
    return NearMiss(meant.pop(), False) if best >= cutoff and len(meant) == 1 else None  # a tie: no guess


class Lists:
    """The fixed lists of values, read from the files themselves: ids and labels per file."""

    def __init__(self, parsed: dict):
        self.parsed = parsed
        self.ids: dict[str, list[str]] = {}
        self.labels: dict[str, list[tuple[str, str]]] = {}
        for name, document in parsed.items():
            key = KEYS[name]
            records = [item for _, item in records_in(document) if isinstance(item.get(key), str)]
            self.ids[name] = [item[key] for item in records]
            self.labels[name] = [(item[field], item[key]) for item in records for field in LABEL_FIELDS
                                 if field != key and isinstance(item.get(field), str)]
        self._known: dict[tuple[str, str], set[str]] = {}

    def targets(self, name: str, field: str) -> tuple[str, ...]:
        return REFERENCES.get((name, field), ())

    def readable(self, name: str, field: str) -> bool:
        """Whether every file the field refers to could be read (else that is reported already)."""
        targets = self.targets(name, field)
        return bool(targets) and all(target in self.parsed for target in targets)

    def allowed(self, name: str, field: str) -> list[str]:
        return [value for target in self.targets(name, field) for value in self.ids.get(target, ())]

    def known(self, name: str, field: str, value) -> bool:
        if (name, field) not in self._known:
            self._known[(name, field)] = set(self.allowed(name, field))
        return value in self._known[(name, field)]

    def labels_of(self, name: str, field: str) -> list[tuple[str, str]]:
        return [pair for target in self.targets(name, field) for pair in self.labels.get(target, ())]

    def where(self, name: str, field: str) -> str:
        return " en ook niet in ".join(f"data/{target}.yml" for target in self.targets(name, field))


def unknown_value_message(value, noun: str | None, options, miss: NearMiss | None) -> str:
    """The message for a value that is not in a schema enum."""
    said = f"'{value}' is {geen_bekende(noun)}." if noun else f"'{value}' is hier niet toegestaan."
    if miss:
        return f"{said} {miss.hint()}"
    shown = SHOWN_BY_THE_SITE.get(noun or "", {}).get(_spelling(value)) if isinstance(value, str) else None
    if shown:
        said = f"'{value}' is geen {noun} die u kunt kiezen. {shown}"
    return f"{said} Kies uit: {', '.join(str(o) for o in options)}."


def unknown_id_message(value, noun: str, where: str, miss: NearMiss | None) -> str:
    """The message for a value that is not an id in the file it refers to."""
    said = f"'{value}' is {geen_bekende(noun)}."
    if miss and miss.certain:
        return f"{said} {miss.hint()}"
    message = f"{said} Die id staat niet in {where}."
    if miss:
        message += f" {miss.hint()}"
    if noun == "bron":
        message += " Is het een nieuwe bron? Zet haar dan eerst in data/bronnen.yml."
    return message
