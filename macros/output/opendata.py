"""Open data: the same Akkoord the pages are made from, as CSV and JSON. Pure: returns text.

CSV: UTF-8 without byte-order mark, comma as separator, a header row, quotes where
needed (RFC 4180; see _csv_field). A list inside one cell is joined with " | ". Every cell goes
through _csv(), which neutralises formulas (safe.csv_cell, OWASP "CSV Injection").
JSON: UTF-8, with a top-level 'licentie'; values as the editors wrote them (JSON is not a
spreadsheet). Column and field explanations live here too, so the page 'Open data' and the files
cannot drift apart.
"""

from __future__ import annotations

import json
import re

from . import urls
from ..model import STALE_AFTER_MONTHS, Afspraak, Akkoord
from .safe import Html, csv_cell, utf8_text

LICENTIE = {
    "naam": "CC0 1.0 Universeel",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    "uitleg": "U mag deze gegevens vrij gebruiken, ook zonder naamsvermelding.",
}
LIST_SEPARATOR = " | "
FOLDER = "open-data"

# (column, explanation in plain Dutch). The order is the order in the CSV file. What depends on
# the data ({nummers}, {statussen}, {maanden}) is filled in from it (_uit_data).
AFSPRAKEN_KOLOMMEN = [
    ("nummer", "Het nummer van de afspraak in het akkoord{nummers}. Dit nummer verandert niet."),
    ("titel", "De korte titel van de afspraak."),
    ("groep", "Het deel van het akkoord waar de afspraak in staat, als korte naam (id)."),
    ("status", "De status van nu, uit de vaste lijst: {statussen}."),
    ("status_label", "De status zoals hij op de site staat."),
    ("termijn_voorbij", "ja als de termijn voorbij is en geen bron meldt dat de afspraak klaar of gestopt is, "
                        "anders nee. Op de site: \u2018Termijn voorbij\u2019 of \u2018Over tijd\u2019. Berekend op de "
                        "peildatum."),
    ("over_tijd", "ja als de termijn voorbij is en een bron meldt hoe ver de afspraak is, maar niet dat die klaar "
                  "is. Op de site: \u2018Over tijd\u2019. Is de termijn voorbij en weten we niet hoe ver de "
                  "afspraak is? Dan staat hier nee en bij termijn_voorbij ja."),
    ("termijn_datum", "De laatste dag van de termijn (JJJJ-MM-DD). Noemt het akkoord geen dag maar een periode, "
                      "zoals \u2018in 2024\u2019? Dan is dit de laatste dag van die periode: dat is onze lezing. "
                      "Leeg als er geen dag te bepalen is."),
    ("termijn_tekst", "De termijn in de woorden van het akkoord. Leeg als er geen termijn is."),
    ("termijn_geldt_voor", "Voor welk deel van de afspraak de termijn geldt. Leeg: voor de hele afspraak."),
    ("herhaling", "jaarlijks als de afspraak elk jaar terugkomt, anders leeg."),
    ("laatste_keer", "Bij een jaarlijkse afspraak: de datum waarop die voor het laatst gebeurde, volgens een "
                     "bron. Anders leeg."),
    ("verantwoordelijk", "Wie verantwoordelijk is, als id's (zie ondertekenaars.csv en de pagina's onder "
                         "organisaties/)."),
    ("verantwoordelijk_namen", "Dezelfde partijen, met hun naam."),
    ("verantwoordelijk_genoemd", "De partijen die het akkoord bij deze afspraak zelf noemt, als id's."),
    ("verantwoordelijk_lezing", "De partijen die het akkoord hier niet zelf noemt, maar die wij verantwoordelijk "
                                "rekenen: onze lezing. Waarom, staat in afspraken.json en op de pagina van de "
                                "afspraak."),
    ("themas", "De thema's van de afspraak, als id's."),
    ("gemeenten", "De gemeenten waar de afspraak voor geldt, als id's."),
    ("proeftuinen", "De proeftuinen die de afspraak noemt, als id's."),
    ("laatst_bijgewerkt", "De datum van de nieuwste regel in de voortgang (JJJJ-MM-DD), op de site "
                          "\u2018Nieuwste voortgang\u2019. Leeg als er nog geen voortgang is."),
    ("niet_herzien_sinds", "Gevuld als de afspraak nog niet klaar is en de nieuwste voortgang ouder is dan "
                           "{maanden} maanden. Anders leeg."),
    ("aantal_voortgang", "Hoeveel regels voortgang er zijn. De regels zelf staan in afspraken.json."),
    ("peildatum", "De dag waarop de site is gemaakt. Daarmee zijn termijn_voorbij en over_tijd berekend."),
    ("gegevens_gewijzigd", "De dag waarop de gegevens voor het laatst zijn gewijzigd, volgens git. Leeg als dat "
                           "niet bekend is."),
    ("url", "Het webadres van de pagina over deze afspraak."),
]

ONDERTEKENAARS_KOLOMMEN = [
    ("id", "Een vaste korte naam van de organisatie. Verandert niet."),
    ("naam", "De naam van de organisatie."),
    ("soort", "De soort organisatie, als id (bijvoorbeeld gemeente of woningcorporatie)."),
    ("soort_naam", "De soort organisatie in woorden."),
    ("gemeenten", "De gemeenten waar de organisatie werkt, als een bron dat meldt. Anders leeg."),
    ("bronnen", "De bronnen die bevestigen dat de organisatie heeft getekend, als id's. De bronnen staan in "
                "ondertekenaars.json."),
    ("toelichting", "Een korte toelichting, als die er is."),
    ("url", "Het webadres van de pagina over deze organisatie."),
]

JSON_VELDEN = [
    ("licentie", "De licentie: CC0. U mag alles vrij gebruiken."),
    ("peildatum", "De dag waarop de site en dit bestand zijn gemaakt (JJJJ-MM-DD)."),
    ("gegevens_gewijzigd", "De dag waarop de gegevens voor het laatst zijn gewijzigd (JJJJ-MM-DD), volgens git. "
                           "null als dat niet bekend is."),
    ("bron_site", "Het webadres van deze site."),
    ("afspraken", "In afspraken.json: alle afspraken, met dezelfde gegevens als in afspraken.csv. "
                  "Daarnaast de volledige tekst (afgesproken, uitleg) en de voortgang. De voortgang is een lijst. "
                  "Elke regel heeft de datum, de status, wat er gebeurd is (notitie) en het id van de bron. En "
                  "verantwoordelijk_grond: per partij het id, de grond (akkoord of lezing) en de woorden uit het "
                  "akkoord of onze lezing."),
    ("statussen", "In afspraken.json: de vaste lijst van statussen met hun uitleg."),
    ("verantwoordelijken", "In afspraken.json: de naam en soort van elke verantwoordelijke partij, per id. "
                           "alle_ondertekenaars is true als de partij alle ondertekenaars samen betekent."),
    ("ondertekenaars", "In ondertekenaars.json: alle ondertekenaars, met dezelfde gegevens als in "
                       "ondertekenaars.csv."),
    ("proeftuinen", "In proeftuinen.json: de proeftuinen en lokale voorbeelden, met wat we weten, wat we nog niet "
                    "weten, de partners en het nieuws. Bij elk feit staan de id's van de bronnen."),
    ("bronnen", "De bronnen waar de id's naar verwijzen: titel (leeg als de echte titel niet bekend is), "
                "uitgever, datum en webadres."),
]


def _site(site_url: str) -> str:
    return site_url.rstrip("/") + "/" if site_url else ""


def _iso(day) -> str | None:
    return day.isoformat() if day else None


# Quoted: what RFC 4180 asks (comma, quote, line breaks), and also ; and tab. Excel with Dutch
# settings opens a .csv with ; as separator: unquoted, "a;=HYPERLINK(...)" would become two cells,
# the second a formula that csv_cell never saw at the start of a cell.
_NEEDS_QUOTES = re.compile('[,";\t\r\n]')


def _csv_field(value) -> str:
    text = utf8_text(str(csv_cell("" if value is None else value)))
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


def _csv(header: list[str], rows: list[list]) -> str:
    """The one place a CSV file is written: every cell of every file goes through _csv_field."""
    return "".join(",".join(_csv_field(value) for value in row) + "\r\n" for row in [header, *rows])


def _json(data: dict) -> str:
    # Only lone surrogates change (to U+FFFD): UTF-8 cannot write them, the build would stop.
    return utf8_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def _header(akkoord: Akkoord, site_url: str) -> dict:
    return {"licentie": LICENTIE, "peildatum": akkoord.peildatum.isoformat(),
            "gegevens_gewijzigd": _iso(akkoord.gegevens_gewijzigd), "bron_site": _site(site_url)}


def _bronnen(akkoord: Akkoord, ids) -> dict:
    used = sorted(set(ids))
    return {b: {"titel": akkoord.bronnen[b].titel, "soort": akkoord.bronnen[b].soort,
                "uitgever": akkoord.bronnen[b].uitgever, "datum": _iso(akkoord.bronnen[b].datum),
                "periode": akkoord.bronnen[b].periode, "url": akkoord.bronnen[b].url}
            for b in used}


def afspraak_record(akkoord: Akkoord, a: Afspraak, site_url: str) -> dict:
    """One afspraak as a flat record: the CSV columns, in order."""
    stand = akkoord.stand(a)
    return {
        "nummer": a.nummer,
        "titel": a.titel,
        "groep": a.groep,
        "status": a.status,
        "status_label": stand.status.label,
        "termijn_voorbij": stand.termijn_voorbij,
        "over_tijd": stand.over_tijd,
        "termijn_datum": _iso(a.deadline.datum) if a.deadline else None,
        "termijn_tekst": a.deadline.tekst if a.deadline else None,
        "termijn_geldt_voor": a.deadline.geldt_voor if a.deadline else None,
        "herhaling": a.herhaling,
        "laatste_keer": _iso(stand.laatste_keer),
        "verantwoordelijk": list(a.verantwoordelijk),
        "verantwoordelijk_namen": [akkoord.verantwoordelijke_naam(r) for r in a.verantwoordelijk],
        "verantwoordelijk_genoemd": [t.wie for t in a.toewijzingen if t.genoemd],
        "verantwoordelijk_lezing": [t.wie for t in a.toewijzingen if not t.genoemd],
        "themas": list(a.themas),
        "gemeenten": list(a.gemeenten),
        "proeftuinen": list(a.proeftuinen),
        "laatst_bijgewerkt": _iso(a.laatst_bijgewerkt),
        "niet_herzien_sinds": _iso(stand.niet_herzien_sinds),
        "aantal_voortgang": len(a.voortgang),
        "peildatum": akkoord.peildatum.isoformat(),
        "gegevens_gewijzigd": _iso(akkoord.gegevens_gewijzigd),
        "url": _site(site_url) + urls.afspraak_url(a.nummer),
    }


def _cell(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def afspraken_csv(akkoord: Akkoord, site_url: str) -> str:
    columns = [name for name, _ in AFSPRAKEN_KOLOMMEN]
    records = [afspraak_record(akkoord, a, site_url) for a in akkoord.afspraken.values()]
    return _csv(columns, [[_cell(r[c]) for c in columns] for r in records])


def afspraken_json(akkoord: Akkoord, site_url: str) -> str:
    afspraken = []
    for a in akkoord.afspraken.values():
        record = afspraak_record(akkoord, a, site_url)
        del record["peildatum"], record["gegevens_gewijzigd"]  # once at the top
        record["verantwoordelijk_grond"] = [
            {"id": t.wie, "grond": "akkoord", "woorden": t.woorden} if t.genoemd
            else {"id": t.wie, "grond": "lezing", "lezing": t.lezing} for t in a.toewijzingen]
        record["afgesproken"] = a.afgesproken
        record["uitleg"] = a.uitleg
        record["voortgang"] = [
            {"id": anchor, "datum": v.datum.isoformat(), "status": v.status, "notitie": v.notitie, "bron": v.bron}
            for v, anchor in zip(a.voortgang, urls.voortgang_ids(a), strict=True)]
        afspraken.append(record)
    refs = dict.fromkeys(r for a in akkoord.afspraken.values() for r in a.verantwoordelijk)
    verantwoordelijken = {}
    for ref in refs:
        if ref in akkoord.verantwoordelijken:
            v = akkoord.verantwoordelijken[ref]
            verantwoordelijken[ref] = {"naam": v.naam, "soort": v.soort, "uitleg": v.uitleg,
                                       "alle_ondertekenaars": v.alle_ondertekenaars}
        else:
            o = akkoord.ondertekenaars[ref]
            verantwoordelijken[ref] = {"naam": o.naam, "soort": o.soort, "uitleg": None, "alle_ondertekenaars": False}
        verantwoordelijken[ref]["url"] = _site(site_url) + urls.organisatie_url(ref)
    statussen = [{"naam": s.naam, "label": s.label, "klaar": s.klaar, "uitleg": s.uitleg}
                 for s in akkoord.statussen.values()]
    bron_ids = [akkoord.akkoord_bron, *(v.bron for a in akkoord.afspraken.values() for v in a.voortgang)]
    return _json({**_header(akkoord, site_url), "afspraken": afspraken, "statussen": statussen,
                  "verantwoordelijken": verantwoordelijken,
                  "bronnen": _bronnen(akkoord, [b for b in bron_ids if b in akkoord.bronnen])})


def ondertekenaar_record(akkoord: Akkoord, ref: str, site_url: str) -> dict:
    o = akkoord.ondertekenaars[ref]
    return {
        "id": o.id,
        "naam": o.naam,
        "soort": o.soort,
        "soort_naam": akkoord.soorten[o.soort].naam,
        "gemeenten": list(o.gemeenten),
        "bronnen": list(o.bronnen),
        "toelichting": o.toelichting,
        "url": _site(site_url) + urls.organisatie_url(o.id),
    }


def ondertekenaars_csv(akkoord: Akkoord, site_url: str) -> str:
    columns = [name for name, _ in ONDERTEKENAARS_KOLOMMEN]
    records = [ondertekenaar_record(akkoord, ref, site_url) for ref in akkoord.ondertekenaars]
    return _csv(columns, [[_cell(r[c]) for c in columns] for r in records])


def ondertekenaars_json(akkoord: Akkoord, site_url: str) -> str:
    records = [ondertekenaar_record(akkoord, ref, site_url) for ref in akkoord.ondertekenaars]
    return _json({**_header(akkoord, site_url), "ondertekenaars": records,
                  "bronnen": _bronnen(akkoord, [b for r in records for b in r["bronnen"]])})


def proeftuinen_json(akkoord: Akkoord, site_url: str) -> str:
    records, bron_ids = [], []
    for p in akkoord.proeftuinen.values():
        records.append({
            "id": p.id,
            "naam": p.naam,
            "plaats": p.plaats,
            "gemeente": p.gemeente,
            "soort": p.soort,
            "samenvatting": p.samenvatting,
            "partners": [{"naam": x.naam, "bronnen": list(x.bronnen)} for x in p.partners],
            "bekend": [{"tekst": f.tekst, "bronnen": list(f.bronnen)} for f in p.bekend],
            "nog_niet_bekend": list(p.nog_niet_bekend),
            "afspraken": list(p.afspraken),
            "themas": list(p.themas),
            "voortgang": [{"datum": m.datum.isoformat(), "notitie": m.notitie, "bron": m.bron} for m in p.voortgang],
            "url": _site(site_url) + urls.proeftuin_url(p.id),
        })
        bron_ids += [b for x in (*p.partners, *p.bekend) for b in x.bronnen] + [m.bron for m in p.voortgang]
    return _json({**_header(akkoord, site_url), "proeftuinen": records, "bronnen": _bronnen(akkoord, bron_ids)})


# The JSON type of every column of afspraken.csv, as afspraken.json writes it: with the column
# explanations above, the JSON Schema of that file (afspraken_bestand_schema) is made from them.
_DATE = {"type": ["string", "null"], "format": "date"}
_IDS = {"type": "array", "items": {"type": "string"}}
AFSPRAKEN_TYPEN = {
    "nummer": {"type": "integer"}, "titel": {"type": "string"}, "groep": {"type": "string"},
    "status": {"type": "string"}, "status_label": {"type": "string"}, "termijn_voorbij": {"type": "boolean"},
    "over_tijd": {"type": "boolean"}, "termijn_datum": _DATE, "termijn_tekst": {"type": ["string", "null"]},
    "termijn_geldt_voor": {"type": ["string", "null"]}, "herhaling": {"type": ["string", "null"]},
    "laatste_keer": _DATE, "verantwoordelijk": _IDS, "verantwoordelijk_namen": _IDS,
    "verantwoordelijk_genoemd": _IDS, "verantwoordelijk_lezing": _IDS, "themas": _IDS, "gemeenten": _IDS,
    "proeftuinen": _IDS, "laatst_bijgewerkt": _DATE, "niet_herzien_sinds": _DATE,
    "aantal_voortgang": {"type": "integer"}, "peildatum": _DATE, "gegevens_gewijzigd": _DATE,
    "url": {"type": "string"},
}
SCHEMA_BESTAND = "afspraken-bestand.schema.json"


def afspraken_bestand_schema(akkoord: Akkoord) -> str:
    """The JSON Schema of afspraken.json, from the same explanations as the page 'Open data'."""
    values = _uit_data(akkoord)
    at_top = {"peildatum", "gegevens_gewijzigd"}  # said once, at the top of the file
    velden = {name: {**AFSPRAKEN_TYPEN[name], "description": text.format_map(values)}
              for name, text in AFSPRAKEN_KOLOMMEN if name not in at_top}
    grond = {"type": "array", "description": "Per verantwoordelijke partij: het id en de grond. grond is akkoord "
                                             "(het akkoord noemt de partij zelf, met de woorden) of lezing (onze "
                                             "lezing, met de reden in gewone woorden).",
             "items": {"type": "object", "required": ["id", "grond"],
                       "properties": {"id": {"type": "string"}, "grond": {"enum": ["akkoord", "lezing"]},
                                      "woorden": {"type": "string"}, "lezing": {"type": "string"}},
                       "oneOf": [{"properties": {"grond": {"const": "akkoord"}}, "required": ["woorden"]},
                                 {"properties": {"grond": {"const": "lezing"}}, "required": ["lezing"]}]}}
    afspraak = {"type": "object", "required": [*velden, "verantwoordelijk_grond", "afgesproken", "uitleg", "voortgang"],
                "properties": {**velden, "verantwoordelijk_grond": grond, "afgesproken": {"type": "string"},
                               "uitleg": {"type": "string"}, "voortgang": {"type": "array"}}}
    top = dict(JSON_VELDEN)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_BESTAND,
        "title": "afspraken.json", "type": "object",
        "required": ["licentie", "peildatum", "gegevens_gewijzigd", "bron_site", "afspraken", "statussen",
                     "verantwoordelijken", "bronnen"],
        "properties": {
            "licentie": {"type": "object", "description": top["licentie"]},
            "peildatum": {**_DATE, "description": top["peildatum"]},
            "gegevens_gewijzigd": {**_DATE, "description": top["gegevens_gewijzigd"]},
            "bron_site": {"type": "string", "description": top["bron_site"]},
            "afspraken": {"type": "array", "description": top["afspraken"], "items": afspraak},
            "statussen": {"type": "array", "description": top["statussen"]},
            "verantwoordelijken": {"type": "object", "description": top["verantwoordelijken"]},
            "bronnen": {"type": "object", "description": top["bronnen"]},
        },
    }
    return _json(schema)


# File name -> function. The build adds each as a file under open-data/.
BESTANDEN = {
    "afspraken.csv": afspraken_csv,
    "afspraken.json": afspraken_json,
    "ondertekenaars.csv": ondertekenaars_csv,
    "ondertekenaars.json": ondertekenaars_json,
    "proeftuinen.json": proeftuinen_json,
}


def files(akkoord: Akkoord, site_url: str) -> dict[str, str]:
    """Every open-data file, keyed by its site-relative path, and the JSON Schema of afspraken.json."""
    return {**{f"{FOLDER}/{name}": make(akkoord, site_url) for name, make in BESTANDEN.items()},
            schema_path(SCHEMA_BESTAND): afspraken_bestand_schema(akkoord)}


def schema_path(file_name: str) -> str:
    return f"{FOLDER}/schema/{file_name}"


def kolommen_tabel(kolommen: list[tuple[str, str]], caption: str) -> Html:
    rows = Html("").join(Html('<tr><th scope="row"><code>{}</code></th><td>{}</td></tr>').format(name, text)
                         for name, text in kolommen)
    return Html('<div class="zw-tabel"><table class="zw-kolommen"><caption>{}</caption>'
                '<thead><tr><th scope="col">Kolom</th><th scope="col">Wat staat erin?</th></tr></thead>'
                "<tbody>{}</tbody></table></div>").format(caption, rows)


UITLEG_TABELLEN = {
    "afspraken": (AFSPRAKEN_KOLOMMEN, "De kolommen van afspraken.csv"),
    "ondertekenaars": (ONDERTEKENAARS_KOLOMMEN, "De kolommen van ondertekenaars.csv"),
    "json": (JSON_VELDEN, "De velden in de JSON-bestanden"),
}


def _uit_data(akkoord: Akkoord) -> dict[str, str]:
    """The parts of the explanations that come from the data, so they cannot go out of date."""
    nummers = sorted(akkoord.afspraken)
    if len(nummers) > 1 and nummers == list(range(nummers[0], nummers[-1] + 1)):
        reeks = f" ({nummers[0]} tot en met {nummers[-1]})"
    else:
        reeks = f" ({_of_lijst([str(n) for n in nummers])})" if nummers else ""
    return {"nummers": reeks, "statussen": _of_lijst([s.naam for s in akkoord.statussen.values()]),
            "maanden": str(STALE_AFTER_MONTHS)}


def _of_lijst(items: list[str]) -> str:
    """'a, b of c'."""
    return " of ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def kolommen_uitleg(akkoord: Akkoord, bestand: str) -> Html:
    kolommen, caption = UITLEG_TABELLEN[bestand]
    values = _uit_data(akkoord)
    return kolommen_tabel([(name, text.format_map(values)) for name, text in kolommen], caption)
