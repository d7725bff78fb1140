"""Dutch explanations of what is wrong in a YAML file: its syntax, and what the YAML reader refuses."""

from __future__ import annotations

import re

import yaml

from ..constants import FILES
from .yamlsource import (
    LINE_SEPARATORS, MAX_BYTES, MAX_DEPTH, MAX_NODES, Position, Problem, is_noncharacter, is_surrogate,
)

# --- YAML syntax -----------------------------------------------------------------------------

_VALUE_START = re.compile(r"^(\s*(?:-\s+)*(?:[^\s#'\"\[\]{}:-][^:#]*?:\s+)?)")
_KEY_ON_LINE = re.compile(r"^[\s-]*([A-Za-z_][\w-]*)\s*:")
_RECORD_START = re.compile(r"^-\s+(nummer|id|naam)\s*:\s*(.*?)\s*$")
_LIST_START = re.compile(r"^  (voortgang|partners|bekend):\s*$")
_LIST_ITEM = re.compile(r"^[ \t]+-[ \t]")

MSG_TAB = "er staat een tab. Gebruik spaties om in te springen, geen tabs."
MSG_QUOTE_OPEN = ("een tekst tussen aanhalingstekens wordt niet afgesloten. Zet aan het eind van de tekst "
                  "hetzelfde aanhalingsteken als aan het begin.")
MSG_QUOTE_REST = ("na het afsluitende aanhalingsteken staat nog tekst. Staat er een aanhalingsteken of apostrof "
                  "in de tekst zelf, zoals in z'n? Zet de hele tekst dan tussen dubbele aanhalingstekens (\"), "
                  "of schrijf een enkel aanhalingsteken binnen enkele aanhalingstekens dubbel ('').")
MSG_COLON_IN_TEXT = ("in deze tekst staat een dubbele punt met een spatie erna (': '). Zet de hele tekst tussen "
                     "aanhalingstekens, zo: {example}")
MSG_BRACKET = ("deze tekst begint met [ of {. Dan leest de computer de tekst als een lijst. Zet de hele tekst "
               "tussen aanhalingstekens.")
MSG_LIST_OPEN = "een lijst die begint met [ wordt niet afgesloten. Zet ] aan het eind van de lijst."
MSG_DASH = "na het streepje (-) aan het begin van een item moet een spatie staan, bijvoorbeeld: - id: ..."
MSG_NO_COLON = ("op deze regel mist de dubbele punt (:) na de naam van het veld. Of loopt hier een tekst door "
                "van de regel erboven? Spring die regel dan verder in dan de naam van het veld.")
MSG_SPECIAL_START = "een tekst mag niet beginnen met {char}. Zet de hele tekst tussen aanhalingstekens, zo: {example}"


def _quoted_example(line: str) -> str:
    """The line as it should be: its text between double quotes."""
    match = re.match(r"^[\s-]*([A-Za-z_][\w-]*):\s+(.*?)\s*$", line)
    if not match or '"' in match.group(2):
        return 'titel: "Let op: dit is een voorbeeld"'
    return f'{match.group(1)}: "{match.group(2)}"'


def _quote_problem(line: str) -> tuple[str, int] | None:
    """For a line whose value starts with a quote: 'open' or 'rest' and the column of the quote."""
    start = len(_VALUE_START.match(line).group(1))
    if start >= len(line) or line[start] not in "'\"":
        return None
    quote, i = line[start], start + 1
    while i < len(line):
        char = line[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            rest = line[i + 1:].strip()
            return ("rest", start) if rest and not rest.startswith("#") else None
        i += 1
    return "open", start


def _text_column(line: str) -> int:
    """Where the text of a line starts, after its spaces and a leading '- ' (0-based)."""
    match = re.match(r"^[ ]*(?:-[ ]+)*", line)
    return match.end()


def _indentation_message(lines: list[str], index: int) -> tuple[str, int]:
    line = lines[index] if index < len(lines) else ""
    previous = next((lines[i] for i in range(index - 1, -1, -1)
                     if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    if line.lstrip(" ").startswith("- "):
        sibling = next((i for i in range(index - 1, -1, -1) if lines[i].lstrip(" ").startswith("- ")), None)
        if sibling is not None:
            here, there = line.index("-") + 1, lines[sibling].index("-") + 1
            where = "de regel erboven" if sibling == index - 1 else f"regel {sibling + 1}"
            return (f"het inspringen klopt niet. Het streepje (-) op deze regel staat in kolom {here}, op "
                    f"{where} in kolom {there}. Zet de streepjes van dezelfde lijst precies onder elkaar."), here
    column = _text_column(line) + 1
    message = "het inspringen klopt niet."
    if previous is not None:
        own_key, other_key = _KEY_ON_LINE.match(line), _KEY_ON_LINE.match(previous)
        own = f"'{own_key.group(1)}'" if own_key else "de tekst"
        other = f"'{other_key.group(1)}' op de regel erboven" if other_key else "de tekst op de regel erboven"
        message += f" Hier begint {own} in kolom {column}, maar {other} in kolom {_text_column(previous) + 1}."
    message += " Zet velden van hetzelfde item precies onder elkaar. Gebruik spaties, geen tabs."
    return message, column


def explain_yaml_error(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, Position | None]:
    """A Dutch explanation of a YAML syntax error, and the place to look."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return "dit is geen geldige YAML. Controleer het inspringen, de dubbele punten en de aanhalingstekens.", None
    index = mark.line
    line = lines[index] if index < len(lines) else ""

    def at(line_index: int, column: int) -> Position:
        return Position(line_index + 1, column)

    if "\\t" in problem or "tab" in problem or "\t" in line[:mark.column + 1]:
        return MSG_TAB, at(index, (line.index("\t") if "\t" in line else mark.column) + 1)
    if "quoted scalar" in context and error.context_mark is not None:
        return MSG_QUOTE_OPEN, Position.from_mark(error.context_mark)
    for i in range(min(index, len(lines) - 1), -1, -1):
        found = _quote_problem(lines[i])
        if found:
            return (MSG_QUOTE_OPEN if found[0] == "open" else MSG_QUOTE_REST), at(i, found[1] + 1)
    if "unhashable key" in problem or "undefined alias" in problem or "cannot start any token" in problem:
        start = len(_VALUE_START.match(line).group(1))
        char = line[start] if start < len(line) else "?"
        if char in "[{":
            return MSG_BRACKET, at(index, start + 1)
        return MSG_SPECIAL_START.format(char=char, example=_quoted_example(line)), at(index, start + 1)
    if "flow sequence" in context or "flow mapping" in context:
        opened = error.context_mark
        open_line = lines[opened.line] if opened and opened.line < len(lines) else line
        start = len(_VALUE_START.match(open_line).group(1))
        if open_line[start:start + 1] == "[" and "]" not in open_line[start:]:
            return MSG_LIST_OPEN, Position.from_mark(opened)
        return MSG_BRACKET, at(opened.line if opened else index, start + 1)
    stripped = line.lstrip(" ")
    if stripped.startswith("-") and len(stripped) > 1 and stripped[1] not in " -":
        return MSG_DASH, at(index, len(line) - len(stripped) + 1)
    if problem.startswith("mapping values are not allowed"):
        before = line[:mark.column]
        if re.fullmatch(r"\s*(-\s+)?[\w-]+\s*", before):
            message, column = _indentation_message(lines, index)
            return message, at(index, column)
        return MSG_COLON_IN_TEXT.format(example=_quoted_example(line)), at(index, mark.column + 1)
    if problem.startswith("could not find expected ':'") and error.context_mark is not None:
        return MSG_NO_COLON, Position.from_mark(error.context_mark)
    if problem.startswith("expected <block end>") or "expected key" in problem:
        start = len(_VALUE_START.match(line).group(1))
        if line[start:start + 1] in ("[", "{") and mark.column > start:  # text after a [list]
            return MSG_BRACKET, at(index, start + 1)
        message, column = _indentation_message(lines, index)
        return message, at(index, column)
    return ("dit is geen geldige YAML. Controleer op deze regel en de regel erboven het inspringen, de dubbele "
            "punten en de aanhalingstekens."), Position.from_mark(mark)


def context_from_text(name: str, lines: list[str], line: int | None) -> tuple[str | None, str | None]:
    """Record and field around a line, read from the text itself (for files that do not parse)."""
    if not line:
        return None, None
    index = min(line, len(lines)) - 1
    record, start = None, 0
    for i in range(index, -1, -1):
        match = _RECORD_START.match(lines[i])
        if match:
            key, value = match.group(1), match.group(2).strip("'\"")
            value = value if len(value) <= 60 else value[:60] + "…"
            record = f"afspraak {value}" if name == "afspraken" and key == "nummer" else f"{FILES[name]} '{value}'"
            start = i
            break
    if record:
        # Inside a list such as voortgang: name the item too, "afspraak 1, voortgang 2".
        for i in range(index, start, -1):
            header = _LIST_START.match(lines[i])
            if header and i < index:
                items = [j for j in range(i + 1, index + 1) if _LIST_ITEM.match(lines[j])]
                if items:
                    record += f", {header.group(1)} {len(items)}"
                break
    match = _KEY_ON_LINE.match(lines[index]) if 0 <= index < len(lines) else None
    return record, (match.group(1) if match else None)


# --- The gate: what the YAML reader refuses before any value is made (macros/data/yamlsource.py) ---

MSG_CONTROL = "hier staat een onzichtbaar stuurteken ({code}). Haal het weg; typ de tekst opnieuw als u het niet ziet."
MSG_LINE_SEPARATOR = ("hier staat een onzichtbaar regeleinde ({code}): de computer ziet hier een nieuwe regel die u "
                      "niet ziet. Haal het weg; typ de tekst opnieuw als u het niet ziet.")
MSG_NONCHARACTER = ("hier staat een teken dat geen letter, cijfer of leesteken is ({code}). Haal het weg; typ de tekst "
                    "opnieuw als u het niet ziet.")
MSG_ESCAPE = "in deze tekst staat de code {written} voor {what} ({code}). Haal de code weg."
MSG_ESCAPED_SURROGATE = ("in deze tekst staat de code {written} ({code}). Dat is maar de helft van de code voor een "
                         "bijzonder teken, zoals een emoji. Typ het teken zelf in plaats van de code, of haal de code "
                         "weg.")
MSG_ANCHOR = ("hier staat {written}: een anker (&) of verwijzing (*) van YAML. Die zijn in deze bestanden niet "
              "toegestaan; schrijf elke waarde helemaal uit. Begint uw tekst met {char}? Zet de hele tekst dan tussen "
              "aanhalingstekens, zo: {example}")
MSG_TAG = ("hier staat {written}: een YAML-tag, die zegt wat voor waarde er volgt. Die zijn in deze bestanden niet "
           "toegestaan; haal {written} weg. Begint uw tekst met !? Zet de hele tekst dan tussen aanhalingstekens, "
           "zo: {example}")
MSG_DEPTH = ("hier staan meer dan {limit} lijsten of groepen in elkaar. Zo diep gaan de gegevens nooit. Controleer "
             "de blokhaken [ ], de accolades {{ }} en het inspringen.")
MSG_NODES = ("dit bestand heeft meer dan {limit} waarden; hier gaat het over die grens. Zoveel gegevens horen niet "
             "in één bestand. Staat er per ongeluk iets heel vaak in?")
MSG_DIGITS = ("hier staat een getal van {digits} cijfers. Zo'n getal kan niet kloppen. Is het tekst? Zet de hele "
              "tekst dan tussen aanhalingstekens.")
MSG_SIZE = ("het bestand is te groot ({size}). Een gegevensbestand mag hoogstens {limit} zijn. Staat er per ongeluk "
            "iets anders in, zoals een plaatje of een kopie van een ander bestand?")
MSG_SYMLINK = ("dit is een snelkoppeling (symbolische link) naar een ander bestand of een andere map. De site leest "
               "alleen echte bestanden in de map data. Zet het bestand zelf hier neer.")
MSG_FOLDER = ("deze map wordt niet gelezen. In de map data horen alleen de gegevensbestanden en de map schema. Haal "
              "de map weg.")
MSG_UNKNOWN_FILE = ("dit bestand wordt niet gelezen. De site leest alleen deze bestanden: {files}. Haal het weg, of "
                    "geef het de naam van een van die bestanden.")
MSG_MISNAMED_FILE = ("dit bestand wordt niet gelezen; bedoelt u {meant}? Geef het bestand dan precies die naam, met "
                     "kleine letters en .yml aan het eind.")
MSG_SECOND_FILE = ("dit bestand wordt niet gelezen; bedoelt u {meant}? Dat bestand is er al. Zet wat u hier schreef in "
                   "{meant} en haal dit bestand weg.")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",").replace(",0 MB", " MB")


def _dutch_number(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def problem_message(problem: Problem, lines: list[str]) -> str:
    """The Dutch message for one thing the gate refused."""
    kind, char = problem.kind, problem.char
    if kind == "character":
        if char in LINE_SEPARATORS:
            return MSG_LINE_SEPARATOR.format(code=_code(char))
        if is_noncharacter(char):
            return MSG_NONCHARACTER.format(code=_code(char))
        return MSG_CONTROL.format(code=_code(char))
    if kind == "escape":
        written = problem.detail or "met een \\ ervoor"
        if is_surrogate(char):
            return MSG_ESCAPED_SURROGATE.format(written=written, code=_code(char))
        what = ("een onzichtbaar regeleinde" if char in LINE_SEPARATORS
                else "een teken dat geen letter, cijfer of leesteken is" if is_noncharacter(char)
                else "een onzichtbaar stuurteken")
        return MSG_ESCAPE.format(written=written, what=what, code=_code(char))
    line = lines[problem.position.line - 1] if problem.position and problem.position.line <= len(lines) else ""
    if kind in ("anchor", "alias"):
        message = MSG_ANCHOR.format(written=problem.detail, char=problem.detail[:1], example=_quoted_example(line))
        return message if problem.on_text else message.split(" Begint uw tekst")[0]
    if kind == "tag":
        message = MSG_TAG.format(written=problem.detail, example=_quoted_example(line))
        return message if problem.on_text else message.split(" Begint uw tekst")[0]
    if kind == "depth":
        return MSG_DEPTH.format(limit=MAX_DEPTH)
    if kind == "nodes":
        return MSG_NODES.format(limit=_dutch_number(MAX_NODES))
    if kind == "digits":
        return MSG_DIGITS.format(digits=problem.detail)
    if kind == "size":
        return MSG_SIZE.format(size=megabytes(int(problem.detail)), limit=megabytes(MAX_BYTES))
    return "dit is geen geldige YAML. Controleer op deze regel het inspringen, de dubbele punten en de aanhalingstekens."
