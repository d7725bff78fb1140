"""Names and rules that several modules share: the data files, the akkoord's own bron, the id rule."""

# File name -> how one record is called in a message.
FILES = {
    "statussen": "status",
    "themas": "thema",
    "gemeenten": "gemeente",
    "soorten": "soort",
    "groepen": "groep",
    "bronnen": "bron",
    "verantwoordelijken": "verantwoordelijke",
    "ondertekenaars": "ondertekenaar",
    "proeftuinen": "proeftuin",
    "afspraken": "afspraak",
    "woordenlijst": "woord",
}

# The field that identifies a record in each file.
KEYS = {name: "nummer" if name == "afspraken" else "naam" if name == "statussen" else "id" for name in FILES}

# The soort of the one bron that is the text of the akkoord itself: every afspraak page cites it.
AKKOORD_SOORT = "akkoordtekst"

# The status of an afspraak without any voortgang yet.
UNKNOWN_STATUS = "onbekend"

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

# One rule for every id in every file (and every reference to one): a lowercase slug of at most
# ID_MAX_LENGTH characters that is no reserved name. The schemas say the same (pattern,
# maxLength, and for the ids themselves "not": {"enum": RESERVED_IDS}), so editors' tools warn as
# they type; tests/test_hostile_input.py checks that they agree. Ids become file names and web
# addresses (proeftuinen/<id>/, organisaties/<id>/): reserved are the names the site uses itself
# and the names Windows cannot give a file. An id may also not be the name of a hand-written page
# or folder in the docs folder its pages go to (crosschecks.PAGE_FOLDERS); that is checked in code.
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 60
WINDOWS_NAMES = ("con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)))
RESERVED_IDS = ("index", "status", "print", *WINDOWS_NAMES)
