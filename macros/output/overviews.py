"""The blocks the hand-written pages call as macros (macros/__init__.py): counts, charts,
the overview of all afspraken, lists of groepen, bronnen, statussen, organisaties and gemeenten.

Pure: no I/O. HTML as in macros/output/blocks.py. The output is always a complete block-level HTML
element, so Markdown leaves it alone.
"""

from __future__ import annotations

from . import chart
from .blocks import (
    EMPTY, afspraken_tabel, bron_item, eigen_afspraken, link, over_tijd_uitleg, proeftuinen_lijst, status_keuze,
    stand_datums, status_label, voor_alle_zin,
)
from .text import LEZING_KORT
from ..model import Akkoord
from .safe import Html
from .urls import afspraak_url, gemeente_url, href, organisatie_url, status_url, thema_url


def status_telling(akkoord: Akkoord, here: str) -> Html:
    """Counts per status, in words; zero counts included so nothing looks hidden."""
    telling = akkoord.telling()
    items = EMPTY.join(
        Html('<li><span class="zw-telling__getal">{}</span> {}</li>').format(
            telling.per_status[naam], status_label(status.slug, status.icoon, status.label))
        for naam, status in akkoord.statussen.items())
    return Html('<div class="zw-telling"><p>Stand van de {total} afspraken:</p>'
                "<ul>{items}</ul>"
                "<p>Bij {voorbij} van de {total} afspraken is de termijn uit het akkoord voorbij. "
                "Geen bron meldt dat die afspraken klaar zijn.</p>{datums}</div>").format(
        total=telling.totaal, items=items, voorbij=len(telling.termijn_voorbij), datums=stand_datums(akkoord))


def afspraken_overzicht(akkoord: Akkoord, here: str) -> Html:
    """The overview table, with links to the same afspraken grouped in other ways."""
    keuze = Html('<nav class="zw-facetten" aria-label="Afspraken per status"><p>Kies een status: '
                 "{}.</p>"
                 "<p>Afspraken per thema, gemeente of partij staan op de pagina "
                 "{}. Er is ook een {}.</p></nav>").format(
        status_keuze(akkoord, here), link(here, "afspraken/stand/", "Stand van zaken"),
        link(here, "afspraken/print/", "overzicht om te printen"))
    if akkoord.telling().termijn_voorbij:
        keuze += Html("\n\n") + over_tijd_uitleg()
    return Html("{}\n\n{}").format(keuze, afspraken_tabel(akkoord, list(akkoord.afspraken.values()), here,
                                                          "Alle afspraken uit het akkoord"))


def _afspraken(n: int) -> str:
    return "afspraak" if n == 1 else "afspraken"


def stand_samenvatting(akkoord: Akkoord, here: str) -> Html:
    """The counts of model.Telling in sentences: every afspraak in exactly one of the first four lines."""
    telling = akkoord.telling()
    onbekend, lopend, doorlopend, klaar = (len(telling.onbekend), len(telling.lopend), len(telling.doorlopend),
                                           len(telling.klaar))
    voorbij = len(telling.termijn_voorbij)
    lines = []
    if onbekend:
        lines.append(Html("Van {} {} we nog niet hoe ver {}.").format(
            onbekend, "afspraak weten" if onbekend == 1 else "afspraken weten", "die is" if onbekend == 1 else "ze zijn"))
    if lopend:
        lines.append(Html("Van {} {} meldt een bron hoe ver {}, maar {} nog niet klaar.").format(
            lopend, _afspraken(lopend), "die is" if lopend == 1 else "ze zijn", "die is" if lopend == 1 else "ze zijn"))
    if doorlopend:
        lines.append(Html("{} {} niet in één keer klaar, maar {} door. Een bron meldt dat {} begonnen of "
                          "gebeurt zoals afgesproken.").format(
            doorlopend, "afspraak is" if doorlopend == 1 else "afspraken zijn", "loopt" if doorlopend == 1 else "lopen",
            "die is" if doorlopend == 1 else "elk ervan is"))
    lines.append(Html("{} {} klaar of gestopt.").format(klaar, "afspraak is" if klaar == 1 else "afspraken zijn")
                 if klaar else Html("Nog geen afspraak is klaar of gestopt."))
    lines.append(Html("Bij {} {} is de termijn uit het akkoord voorbij. Geen bron meldt dat {} klaar {}.").format(
        voorbij, _afspraken(voorbij), "die" if voorbij == 1 else "ze", "is" if voorbij == 1 else "zijn"))
    return Html('<div class="zw-samenvatting"><p>Het akkoord heeft {} afspraken.</p><ul>{}</ul>{}</div>').format(
        telling.totaal, EMPTY.join(Html("<li>{}</li>").format(line) for line in lines), stand_datums(akkoord))


def stand_rijen(akkoord: Akkoord, soort: str, here: str) -> list[chart.Row]:
    """Counts for one chart, each with a link to the page that lists those afspraken."""
    if soort == "status":
        counts = akkoord.telling().per_status
        return [chart.Row(s.label, counts[naam], href(here, status_url(s.slug)))
                for naam, s in akkoord.statussen.items()]
    if soort == "thema":
        return [chart.Row(t.naam, len(akkoord.afspraken_met(thema=t.id)), href(here, thema_url(t.id)))
                for t in akkoord.themas.values()]
    if soort == "gemeente":
        return [chart.Row(g.naam, len(akkoord.afspraken_met(gemeente=g.id)), href(here, gemeente_url(g.id)))
                for g in akkoord.gemeenten.values()]
    if soort == "verantwoordelijke":
        # What the akkoord names and what the site reads are two rows, never one sum.
        rows = []
        for ref in dict.fromkeys(ref for a in akkoord.afspraken.values() for ref in a.verantwoordelijk):
            url = href(here, organisatie_url(ref))
            for genoemd, label in ((True, "{}"), (False, "{} (" + LEZING_KORT + ")")):
                count = len(akkoord.afspraken_met(verantwoordelijke=ref, genoemd=genoemd))
                if count:
                    rows.append(chart.Row(label.format(akkoord.verantwoordelijke_naam(ref)), count, url))
        return rows
    raise ValueError(f"onbekende soort telling: {soort}")


STAND_SOORTEN = {
    # soort: (title, first column, note)
    "status": ("Aantal afspraken per status", "Status", None),
    "thema": ("Aantal afspraken per thema", "Thema",
              "Een afspraak kan bij meer dan één thema horen. Daarom is het totaal hoger dan het aantal afspraken."),
    "gemeente": ("Aantal afspraken per gemeente", "Gemeente",
                 "Een afspraak kan voor meer dan één gemeente gelden. Daarom is het totaal hoger dan het aantal "
                 "afspraken."),
    "verantwoordelijke": ("Aantal afspraken per verantwoordelijke partij", "Verantwoordelijke partij",
                          "Een afspraak kan meer dan één verantwoordelijke partij hebben. Een naam zonder meer: het "
                          "akkoord noemt die partij zelf. Met \u2018(" + LEZING_KORT + ")\u2019 erachter: het "
                          "akkoord noemt die partij niet zelf, maar wij rekenen de afspraak tot haar."),
}


def stand_grafiek(akkoord: Akkoord, soort: str, here: str) -> Html:
    title, column, note = STAND_SOORTEN[soort]
    if soort in ("thema", "gemeente") and all(akkoord.voor_alle(soort, a) for a in akkoord.afspraken.values()):
        # Every bar would be the same number: say it in a sentence instead of drawing it.
        return voor_alle_zin(akkoord, soort, here, verwijzing=False) + Html("<p>Daarom staat hier geen grafiek. Alle balken zouden "
                                                          "even lang zijn.</p>")
    return chart.chart_with_table(f"grafiek-{soort}", title, stand_rijen(akkoord, soort, here),
                                  column=column, note=note)


def over_tijd_tabel(akkoord: Akkoord, here: str) -> Html:
    overdue = [akkoord.afspraken[n] for n in akkoord.telling().termijn_voorbij]
    if not overdue:
        return Html('<p class="zw-leeg">Er zijn geen afspraken waarvan de termijn voorbij is.</p>')
    return afspraken_tabel(akkoord, overdue, here, "Afspraken waarvan de termijn voorbij is")


def afspraken_per_groep(akkoord: Akkoord, here: str) -> Html:
    parts = []
    for groep in akkoord.groepen.values():
        items = EMPTY.join(
            Html("<li>{}<br>{}</li>").format(link(here, afspraak_url(a.nummer), f"Afspraak {a.nummer}: {a.titel}"),
                                            a.afgesproken)
            for a in akkoord.afspraken.values() if a.groep == groep.id)
        parts.append(Html('<section class="zw-groep" aria-labelledby="groep-{id}">'
                          '<h3 id="groep-{id}">{titel}</h3><p>{uitleg}</p>'
                          "<ul>{items}</ul></section>").format(id=groep.id, titel=groep.titel,
                                                                uitleg=groep.uitleg, items=items))
    return Html('<div class="zw-groepen">{}</div>').format(EMPTY.join(parts))


def thema_afspraken(akkoord: Akkoord, thema_id: str, here: str) -> Html:
    thema = akkoord.themas[thema_id]
    return eigen_afspraken(akkoord, "thema", akkoord.afspraken_met(thema=thema_id), here,
                            f"Deze afspraken horen wel bij {thema.naam.lower()}, maar niet bij alle thema\u2019s:",
                            f"Afspraken die bijdragen aan {thema.naam.lower()}")


def themas_afspraken(akkoord: Akkoord, here: str) -> Html:
    """What the thema pages show of the afspraken and proeftuinen, from the same data they use."""
    parts = [voor_alle_zin(akkoord, "thema", here)]
    if any(a.themas and not akkoord.voor_alle("thema", a) for a in akkoord.afspraken.values()):
        parts.append(Html("<p>Op de pagina van elk thema staan de afspraken die bij dat thema horen, maar niet bij "
                          "alle thema\u2019s.</p>"))
    if any(p.themas for p in akkoord.proeftuinen.values()):
        parts.append(Html("<p>Op de pagina van elk thema staan ook de proeftuinen die bij dat thema horen.</p>"))
    return Html("\n").join(p for p in parts if p) or Html("<p>Geen afspraak hoort bij een thema.</p>")


def thema_proeftuinen(akkoord: Akkoord, thema_id: str, here: str) -> Html:
    return proeftuinen_lijst(akkoord, here, [p for p in akkoord.proeftuinen.values() if thema_id in p.themas])


def bronnen_lijst(akkoord: Akkoord) -> Html:
    return Html('<ul class="zw-bronnen">{}</ul>').format(EMPTY.join(bron_item(b) for b in akkoord.bronnen.values()))


def statussen_uitleg(akkoord: Akkoord) -> Html:
    rows = EMPTY.join(
        Html('<tr><th scope="row">{}</th><td>{}</td></tr>').format(status_label(s.slug, s.icoon, s.label), s.uitleg)
        for s in akkoord.statussen.values())
    return Html('<div class="zw-tabel"><table class="zw-statussen"><caption>De statussen en wat ze betekenen'
                '</caption><thead><tr><th scope="col">Status</th><th scope="col">Betekenis</th></tr></thead>'
                "<tbody>{}</tbody></table></div>").format(rows)


def organisaties_lijst(akkoord: Akkoord, here: str) -> Html:
    items = []
    for ref, v in akkoord.verantwoordelijken.items():
        genoemd = len(akkoord.afspraken_met(verantwoordelijke=ref, genoemd=True))
        gelezen = len(akkoord.afspraken_met(verantwoordelijke=ref, genoemd=False))
        parts = [f"het akkoord noemt deze partij bij {genoemd} {_afspraken(genoemd)}" if genoemd
                 else "het akkoord noemt deze partij bij geen afspraak"]
        if gelezen:
            parts.append(f"volgens onze lezing nog {gelezen} {_afspraken(gelezen)}")
        items.append(Html("<li>{}: {}.</li>").format(link(here, organisatie_url(ref), v.naam), "; ".join(parts)))
    return Html('<ul class="zw-organisaties">{}</ul>').format(EMPTY.join(items))


def gemeenten_lijst(akkoord: Akkoord, here: str) -> Html:
    items = []
    for g in akkoord.gemeenten.values():
        proeftuinen = [p.naam for p in akkoord.proeftuinen.values() if p.gemeente == g.id and p.is_proeftuin]
        extra = Html(" (proeftuin: {})").format(", ".join(proeftuinen)) if proeftuinen else EMPTY
        items.append(Html("<li>{}{}</li>").format(link(here, gemeente_url(g.id), g.naam), extra))
    return Html('<ul class="zw-gemeenten">{}</ul>').format(EMPTY.join(items))
