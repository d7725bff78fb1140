"""Pure functions that turn the Akkoord into HTML. No I/O here.

Every value from the data goes through `e()`: data is text, never markup. The output
is always a complete block-level HTML element, so Markdown leaves it alone.

`spaced_for_search()` runs over every page's HTML (macros/hooks.py): the search index
drops table tags and <br>, and without whitespace the words on both sides ran together in
the search results (tests/test_search_index.py).
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import urllib.parse

from . import chart
from .model import Afspraak, Akkoord, Bron, Ondertekenaar, Proeftuin, Status

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
NOT_KNOWN = "nog niet bekend"


def e(text) -> str:
    return html.escape(str(text), quote=True)


# Right after a tag, before a table row or cell; or right after a <br> that has no newline yet.
_GLUED = re.compile(r"(?<=>)(?=<(?:tr|td|th)[\s>])|(?<=<br>)(?!\n)")


def spaced_for_search(page_html: str) -> str:
    """A newline where the search index would otherwise glue two words together."""
    return _GLUED.sub("\n", page_html)


def datum(day: dt.date | None) -> str:
    """A date in Dutch, as residents write it: 6 december 2023."""
    if day is None:
        return NOT_KNOWN
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def time_tag(day: dt.date | None) -> str:
    if day is None:
        return f'<span class="zw-onbekend">{NOT_KNOWN}</span>'
    return f'<time datetime="{day.isoformat()}">{datum(day)}</time>'


def href(here: str, target: str) -> str:
    """A relative link from the page at URL `here` to the URL `target` (both site-relative)."""
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    relative = posixpath.relpath("/" + target, "/" + base) if target else posixpath.relpath("/", "/" + base)
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return "./" if relative in (".", "./") else relative


# URLs of generated pages: one place, so pages, links and tests agree.
def afspraak_url(nummer: int) -> str:
    return f"afspraken/{nummer}/"


def proeftuin_url(proeftuin_id: str) -> str:
    return f"proeftuinen/{proeftuin_id}/"


def gemeente_url(gemeente_id: str) -> str:
    return f"gemeenten/{gemeente_id}/"


def thema_url(thema_id: str) -> str:
    return f"themas/{thema_id}/"


def status_url(slug: str) -> str:
    return f"afspraken/status/{slug}/"


def organisatie_url(ref: str) -> str:
    return f"organisaties/{ref}/"


def link(here: str, target: str, text: str) -> str:
    return f'<a href="{e(href(here, target))}">{e(text)}</a>'


def status_label(slug: str, icoon: str, label: str) -> str:
    """A status in words with its icon: the one markup for status everywhere."""
    return (f'<span class="zw-status zw-status--{e(slug)}">'
            f'<span class="zw-status__icoon" aria-hidden="true">{e(icoon)}</span> {e(label)}</span>')


def status_badge(akkoord: Akkoord, afspraak: Afspraak) -> str:
    stand = akkoord.stand(afspraak)
    status = stand.status
    badge = status_label(status.slug, status.icoon, status.label)
    if stand.over_tijd:
        badge += " " + status_label("over-tijd", "!", "Termijn voorbij" if status.naam == "onbekend" else "Over tijd")
    return badge


def deadline_text(afspraak: Afspraak) -> str:
    if afspraak.herhaling:
        return "elk jaar"
    if afspraak.deadline is None:
        return "geen termijn in het akkoord"
    return e(afspraak.deadline.tekst)


def verantwoordelijk_text(akkoord: Akkoord, afspraak: Afspraak, here: str) -> str:
    if not afspraak.verantwoordelijk:
        return f'<span class="zw-onbekend">{NOT_KNOWN}</span>'
    return ", ".join(link(here, organisatie_url(ref), akkoord.verantwoordelijke_naam(ref))
                     for ref in afspraak.verantwoordelijk)


def afspraken_tabel(akkoord: Akkoord, afspraken: list[Afspraak], here: str, caption: str) -> str:
    if not afspraken:
        return '<p class="zw-leeg">Er zijn geen afspraken in deze groep.</p>'
    rows = []
    for a in afspraken:
        rows.append(
            "<tr>"
            f'<td class="zw-nummer">{a.nummer}</td>'
            f"<th scope=\"row\">{link(here, afspraak_url(a.nummer), a.titel)}</th>"
            # data-label: on phones each row is shown as a card with these labels.
            f'<td data-label="Status">{status_badge(akkoord, a)}</td>'
            f'<td data-label="Termijn">{termijn_cel(akkoord, a)}</td>'
            f'<td data-label="Wie is verantwoordelijk">{verantwoordelijk_text(akkoord, a, here)}</td>'
            f'<td data-label="Laatst bijgewerkt">{bijgewerkt_cel(akkoord, a)}</td>'
            "</tr>")
    return ('<div class="zw-tabel"><table class="zw-afspraken">'
            f"<caption>{e(caption)}</caption>"
            '<thead><tr><th scope="col">Nr.</th><th scope="col">Afspraak</th><th scope="col">Status</th>'
            '<th scope="col">Termijn</th><th scope="col">Wie is verantwoordelijk</th>'
            '<th scope="col">Laatst bijgewerkt</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def status_telling(akkoord: Akkoord, here: str) -> str:
    """Counts per status, in words; zero counts included so nothing looks hidden."""
    counts = {naam: 0 for naam in akkoord.statussen}
    for a in akkoord.afspraken.values():
        counts[a.status] += 1
    overdue = sum(1 for a in akkoord.afspraken.values() if akkoord.stand(a).over_tijd)
    items = []
    for naam, status in akkoord.statussen.items():
        items.append(f'<li><span class="zw-telling__getal">{counts[naam]}</span> '
                     f'{status_label(status.slug, status.icoon, status.label)}</li>')
    total = len(akkoord.afspraken)
    return (f'<div class="zw-telling"><p>Stand van de {total} afspraken op {time_tag(akkoord.peildatum)}:</p>'
            f'<ul>{"".join(items)}</ul>'
            f'<p>Bij {overdue} van de {total} afspraken is de termijn uit het akkoord voorbij, '
            f'zonder dat een bron meldt dat de afspraak klaar is.</p></div>')


def _bron_inline(akkoord: Akkoord, bron_id: str, here: str) -> str:
    bron = akkoord.bronnen[bron_id]
    title = e(bron.titel)
    if bron.url:
        title = f'<a href="{e(bron.url)}">{title}</a>'
    parts = [title]
    if bron.uitgever:
        parts.append(e(bron.uitgever))
    if bron.datum:
        parts.append(datum(bron.datum))
    elif bron.periode:
        parts.append(e(bron.periode))
    return ", ".join(parts)


def bronnen_inline(akkoord: Akkoord, bron_ids, here: str) -> str:
    return "; ".join(_bron_inline(akkoord, b, here) for b in bron_ids)


def afspraak_page(akkoord: Akkoord, a: Afspraak, here: str, *, site_url: str = "",
                  meld_adres: str | None = None, feed: str | None = None) -> str:
    stand = akkoord.stand(a)
    groep = akkoord.groepen[a.groep]
    themas = ", ".join(link(here, thema_url(t), akkoord.themas[t].naam) for t in a.themas)
    proeftuinen = (", ".join(link(here, proeftuin_url(p), akkoord.proeftuinen[p].naam) for p in a.proeftuinen)
                   or "geen")
    gemeenten = ", ".join(link(here, gemeente_url(g), akkoord.gemeenten[g].naam) for g in a.gemeenten)
    facts = [
        ("Status", status_badge(akkoord, a)),
        ("Termijn", deadline_text(a)),
        ("Wie is verantwoordelijk", verantwoordelijk_text(akkoord, a, here)),
        ("Laatst bijgewerkt", time_tag(a.laatst_bijgewerkt)),
        ("Thema's", themas),
        ("Gemeenten", gemeenten),
        ("Proeftuinen", proeftuinen),
        ("Deel van het akkoord", e(groep.titel)),
    ]
    notes = []
    if stand.over_tijd:
        notes.append(f"De termijn ({deadline_text(a)}) is voorbij. Er is geen bron die meldt dat deze afspraak "
                     "klaar is.")
    if stand.niet_herzien_sinds:
        notes.append(f"Niet herzien sinds {datum(stand.niet_herzien_sinds)}. Deze informatie kan verouderd zijn.")
    if a.herhaling:
        last = (f"De laatste keer was op {datum(stand.laatste_keer)}." if stand.laatste_keer
                else "Wanneer dit voor het laatst is gebeurd, is nog niet bekend.")
        due = f" Voor {akkoord.peildatum.year} is nog niet gemeld dat het is gebeurd." if stand.dit_jaar_nog_te_doen else ""
        notes.append(f"Deze afspraak komt elk jaar terug. {last}{due}")
    note_html = "".join(f'<p class="zw-let-op">{n}</p>' for n in notes)
    dl = "\n".join(f"<dt>{label}</dt>\n<dd>{value}</dd>" for label, value in facts)
    verantwoordelijken = "".join(
        f"<li>{link(here, organisatie_url(ref), akkoord.verantwoordelijke_naam(ref))}"
        f"{': ' + e(akkoord.verantwoordelijken[ref].uitleg) if ref in akkoord.verantwoordelijken else ''}</li>"
        for ref in a.verantwoordelijk) or f"<li>{NOT_KNOWN}</li>"
    return "\n\n".join([
        f'<h1 id="afspraak-{a.nummer}">Afspraak {a.nummer}: {e(a.titel)}</h1>',
        # Kept out of the search index: as one run-on snippet ("Status ? Onbekend Termijn …")
        # it hid the page's text in the results; every fact is also in the sections below or
        # on the linked pages.
        f'<div class="zw-kenmerken" data-search-exclude><dl>{dl}</dl>{note_html}</div>',
        "## Wat is afgesproken?",
        f'<p class="zw-afgesproken">{e(a.afgesproken)}</p>',
        "## Wat betekent dit?",
        f"<p>{e(a.uitleg)}</p>",
        "## Wie is verantwoordelijk?",
        f"<ul>{verantwoordelijken}</ul>",
        "## Voortgang",
        voortgang_tabel(akkoord, a, here),
        *([f'<p class="zw-feed">Wilt u bericht als er nieuws is over deze afspraak? Volg dan de '
           f'{link(here, feed, "feed van afspraak " + str(a.nummer))} in een feedlezer (Atom).</p>']
          if feed else []),
        "## Bron",
        f'<p>Deze afspraak staat in het deel \u2018{e(groep.titel)}\u2019 van het akkoord: '
        f"{bronnen_inline(akkoord, ['akkoord-2023'], here)}.</p>",
        meld_blok(a, meld_adres, site_url + afspraak_url(a.nummer)),
    ]) + "\n"


def voortgang_tabel(akkoord: Akkoord, a: Afspraak, here: str) -> str:
    if not a.voortgang:
        return ('<p>Er is nog geen voortgang bekend. Geen openbare bron meldt iets over de uitvoering '
                'van deze afspraak. Zodra er nieuws is, zetten de redacteuren het hier, met de datum en de bron.</p>')
    rows = []
    for v, anchor in reversed(list(zip(a.voortgang, voortgang_ids(a), strict=True))):
        status = akkoord.statussen[v.status]
        rows.append(f'<tr id="{e(anchor)}"><td>{time_tag(v.datum)}</td>'
                    f"<td>{status_label(status.slug, status.icoon, status.label)}</td>"
                    f"<td>{e(v.notitie)}</td><td>{_bron_inline(akkoord, v.bron, here)}</td></tr>")
    return (f'<div class="zw-tabel"><table class="zw-voortgang"><caption>Voortgang van afspraak {a.nummer}, '
            'nieuwste bovenaan</caption><thead><tr><th scope="col">Datum</th><th scope="col">Status</th>'
            '<th scope="col">Wat is er gebeurd?</th><th scope="col">Bron</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def afspraken_per_groep(akkoord: Akkoord, here: str) -> str:
    parts = []
    for groep in akkoord.groepen.values():
        items = "".join(
            f"<li>{link(here, afspraak_url(a.nummer), f'Afspraak {a.nummer}: {a.titel}')}"
            f"<br>{e(a.afgesproken)}</li>"
            for a in akkoord.afspraken.values() if a.groep == groep.id)
        parts.append(f'<section class="zw-groep" aria-labelledby="groep-{e(groep.id)}">'
                     f'<h3 id="groep-{e(groep.id)}">{e(groep.titel)}</h3><p>{e(groep.uitleg)}</p>'
                     f"<ul>{items}</ul></section>")
    return f'<div class="zw-groepen">{"".join(parts)}</div>'


def ondertekenaars_tabel(akkoord: Akkoord, here: str, ondertekenaars: list[Ondertekenaar] | None = None) -> str:
    chosen = list(akkoord.ondertekenaars.values()) if ondertekenaars is None else ondertekenaars
    rows = []
    for soort in akkoord.soorten.values():
        group = [o for o in chosen if o.soort == soort.id]
        if not group:
            continue
        rows.append(f'<tr class="zw-soort"><th scope="rowgroup" colspan="3">{e(soort.groep)} ({len(group)})</th></tr>')
        for o in group:
            gemeenten = ", ".join(link(here, gemeente_url(g), akkoord.gemeenten[g].naam) for g in o.gemeenten)
            name = link(here, organisatie_url(o.id), o.naam)
            if o.toelichting:
                name += f'<br><span class="zw-toelichting">{e(o.toelichting)}</span>'
            rows.append(f'<tr><th scope="row">{name}</th>'
                        f'<td>{gemeenten or f"<span class=zw-onbekend>{NOT_KNOWN}</span>"}</td>'
                        f"<td>{bronnen_inline(akkoord, o.bronnen, here)}</td></tr>")
    if not rows:
        return '<p class="zw-leeg">Er zijn nog geen bevestigde ondertekenaars bekend.</p>'
    return ('<div class="zw-tabel"><table class="zw-ondertekenaars">'
            f"<caption>Ondertekenaars die een bron bevestigt ({len(chosen)}), per soort organisatie</caption>"
            '<thead><tr><th scope="col">Organisatie</th><th scope="col">Werkt in gemeente</th>'
            '<th scope="col">Bron</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def proeftuinen_lijst(akkoord: Akkoord, here: str, proeftuinen: list[Proeftuin] | None = None) -> str:
    chosen = list(akkoord.proeftuinen.values()) if proeftuinen is None else proeftuinen
    if not chosen:
        return '<p class="zw-leeg">Er zijn geen proeftuinen in deze groep.</p>'
    items = "".join(
        f"<li>{link(here, proeftuin_url(p.id), p.naam)} "
        f"({e(p.soort)}, gemeente {e(akkoord.gemeenten[p.gemeente].naam)}): {e(p.samenvatting)}</li>"
        for p in chosen)
    return f'<ul class="zw-proeftuinen">{items}</ul>'


def proeftuin_page(akkoord: Akkoord, p: Proeftuin, here: str) -> str:
    gemeente = akkoord.gemeenten[p.gemeente]
    partners = "".join(f"<li>{e(x.naam)} <span class=\"zw-bron\">(bron: {bronnen_inline(akkoord, x.bronnen, here)})</span></li>"
                       for x in p.partners) or f"<li>{NOT_KNOWN}</li>"
    known = "".join(f"<li>{e(f.tekst)} <span class=\"zw-bron\">(bron: {bronnen_inline(akkoord, f.bronnen, here)})</span></li>"
                    for f in p.bekend) or "<li>Er is nog niets bekend uit een bron.</li>"
    unknown = "".join(f"<li>{e(text)}</li>" for text in p.nog_niet_bekend) or "<li>Niets meer.</li>"
    afspraken = [akkoord.afspraken[n] for n in p.afspraken]
    log = "".join(f"<li>{time_tag(m.datum)}: {e(m.notitie)} <span class=\"zw-bron\">(bron: "
                  f"{_bron_inline(akkoord, m.bron, here)})</span></li>" for m in reversed(p.voortgang))
    intro = (f"<p>{e(p.samenvatting)}</p><p>Gemeente: {link(here, gemeente_url(gemeente.id), gemeente.naam)}. "
             f"Soort: {e(p.soort)}.</p>")
    blocks = [
        f'<h1 id="{e(p.id)}">{e(p.naam)}</h1>', intro,
        "## Wie doen er mee?", f"<ul>{partners}</ul>",
        "## Wat weten we?", f"<ul>{known}</ul>",
        "## Wat weten we nog niet?", f"<ul>{unknown}</ul>",
    ]
    if log:
        blocks += ["## Nieuws en voortgang", f"<ul>{log}</ul>"]
    blocks += ["## Afspraken over de proeftuinen",
               afspraken_tabel(akkoord, afspraken, here, f"Afspraken die gaan over {p.naam}")
               if afspraken else "<p>Het akkoord noemt dit voorbeeld niet in een afspraak.</p>"]
    return "\n\n".join(blocks) + "\n"


def gemeente_page(akkoord: Akkoord, gemeente_id: str, here: str) -> str:
    gemeente = akkoord.gemeenten[gemeente_id]
    proeftuinen = [p for p in akkoord.proeftuinen.values() if p.gemeente == gemeente_id]
    ondertekenaars = [o for o in akkoord.ondertekenaars.values() if gemeente_id in o.gemeenten]
    afspraken = akkoord.afspraken_met(gemeente=gemeente_id)
    return "\n\n".join([
        f'<h1 id="{e(gemeente.id)}">Gemeente {e(gemeente.naam)}</h1>',
        f"<p>{e(gemeente.naam)} is een van de drie gemeenten van het akkoord. Op deze pagina staat wat er "
        f"in {e(gemeente.naam)} gebeurt: de proeftuin, de ondertekenaars die hier werken en de afspraken.</p>",
        "## Proeftuinen en voorbeelden", proeftuinen_lijst(akkoord, here, proeftuinen),
        "## Ondertekenaars in deze gemeente",
        ondertekenaars_tabel(akkoord, here, ondertekenaars),
        '<p>Van de meeste ondertekenaars is nog niet bekend in welke gemeenten zij werken. Die staan hier '
        f'dus nog niet. Zie ook de {link(here, "ondertekenaars/", "volledige lijst van ondertekenaars")}.</p>',
        "## Afspraken",
        afspraken_tabel(akkoord, afspraken, here, f"Afspraken die gelden voor {gemeente.naam}"),
    ]) + "\n"


def thema_afspraken(akkoord: Akkoord, thema_id: str, here: str) -> str:
    thema = akkoord.themas[thema_id]
    return afspraken_tabel(akkoord, akkoord.afspraken_met(thema=thema_id), here,
                           f"Afspraken die bijdragen aan {thema.naam.lower()}")


def thema_proeftuinen(akkoord: Akkoord, thema_id: str, here: str) -> str:
    return proeftuinen_lijst(akkoord, here, [p for p in akkoord.proeftuinen.values() if thema_id in p.themas])


def bron_item(bron: Bron) -> str:
    title = e(bron.titel)
    if bron.url:
        title = f'<a href="{e(bron.url)}">{title}</a>'
    details = [f"uitgever: {e(bron.uitgever) if bron.uitgever else NOT_KNOWN}",
               f"datum: {datum(bron.datum) if bron.datum else e(bron.periode) if bron.periode else NOT_KNOWN}",
               f"soort: {e(bron.soort)}"]
    if bron.website and not bron.url:
        details.append(f"website: {e(bron.website)}")
    note = f"<br>{e(bron.toelichting)}" if bron.toelichting else ""
    return f'<li id="bron-{e(bron.id)}"><strong>{title}</strong><br>{"; ".join(details)}{note}</li>'


def bronnen_lijst(akkoord: Akkoord) -> str:
    return f'<ul class="zw-bronnen">{"".join(bron_item(b) for b in akkoord.bronnen.values())}</ul>'


def statussen_uitleg(akkoord: Akkoord) -> str:
    rows = "".join(
        f'<tr><th scope="row">{status_label(s.slug, s.icoon, s.label)}</th><td>{e(s.uitleg)}</td></tr>'
        for s in akkoord.statussen.values())
    return ('<div class="zw-tabel"><table class="zw-statussen"><caption>De statussen en wat ze betekenen</caption>'
            '<thead><tr><th scope="col">Status</th><th scope="col">Betekenis</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def organisatie_page(akkoord: Akkoord, ref: str, here: str) -> str:
    afspraken = akkoord.afspraken_met(verantwoordelijke=ref)
    if ref in akkoord.verantwoordelijken:
        v = akkoord.verantwoordelijken[ref]
        name, about, bronnen = v.naam, f"<p>{e(v.uitleg)}</p>", v.bronnen
    else:
        o = akkoord.ondertekenaars[ref]
        soort = akkoord.soorten[o.soort].naam
        about = f"<p>{e(o.naam)} heeft het akkoord ondertekend. Soort organisatie: {e(soort.lower())}.</p>"
        if o.toelichting:
            about += f"<p>{e(o.toelichting)}</p>"
        name, bronnen = o.naam, o.bronnen
    counts: dict[str, int] = {}
    for a in afspraken:
        label = akkoord.statussen[a.status].label.lower()
        counts[label] = counts.get(label, 0) + 1
    summary = (f"<p>{e(name)} is verantwoordelijk voor {len(afspraken)} "
               f"{'afspraak' if len(afspraken) == 1 else 'afspraken'}"
               + (": " + ", ".join(f"{n} {label}" for label, n in counts.items()) if counts else "")
               + ".</p>")
    return "\n\n".join([
        f'<h1 id="{e(ref)}">{e(name)}</h1>', about,
        "## Waar is deze partij verantwoordelijk voor?", summary,
        afspraken_tabel(akkoord, afspraken, here, f"Afspraken waarvoor {name} verantwoordelijk is"),
        "## Bron", f"<p>{bronnen_inline(akkoord, bronnen, here)}</p>",
    ]) + "\n"


def organisaties_lijst(akkoord: Akkoord, here: str) -> str:
    items = []
    for ref, v in akkoord.verantwoordelijken.items():
        count = len(akkoord.afspraken_met(verantwoordelijke=ref))
        items.append(f"<li>{link(here, organisatie_url(ref), v.naam)}: {count} "
                     f"{'afspraak' if count == 1 else 'afspraken'}</li>")
    return f'<ul class="zw-organisaties">{"".join(items)}</ul>'


def gemeenten_lijst(akkoord: Akkoord, here: str) -> str:
    items = []
    for g in akkoord.gemeenten.values():
        proeftuinen = [p.naam for p in akkoord.proeftuinen.values() if p.gemeente == g.id and p.is_proeftuin]
        extra = f" (proeftuin: {e(', '.join(proeftuinen))})" if proeftuinen else ""
        items.append(f"<li>{link(here, gemeente_url(g.id), g.naam)}{extra}</li>")
    return f'<ul class="zw-gemeenten">{"".join(items)}</ul>'


# --- The tracker: time, facets, charts, the print page and the report link (issue 5) ---

def voortgang_ids(a: Afspraak) -> list[str]:
    """A stable anchor per progress entry: its date and its place among entries of that day."""
    seen: dict[dt.date, int] = {}
    ids = []
    for v in a.voortgang:
        seen[v.datum] = seen.get(v.datum, 0) + 1
        ids.append(f"voortgang-{v.datum.isoformat()}-{seen[v.datum]}")
    return ids


def termijn_cel(akkoord: Akkoord, a: Afspraak) -> str:
    """The deadline; for a yearly afspraak also when it last took place."""
    if not a.herhaling:
        return deadline_text(a)
    stand = akkoord.stand(a)
    text = f"elk jaar<br>laatste keer: {time_tag(stand.laatste_keer)}"
    if stand.dit_jaar_nog_te_doen:
        text += f"<br>{akkoord.peildatum.year}: nog niet gemeld"
    return text


def bijgewerkt_cel(akkoord: Akkoord, a: Afspraak) -> str:
    stand = akkoord.stand(a)
    if stand.niet_herzien_sinds:
        return f'<span class="zw-verouderd">Niet herzien sinds {time_tag(stand.niet_herzien_sinds)}</span>'
    return time_tag(a.laatst_bijgewerkt)


def status_woorden(akkoord: Akkoord, a: Afspraak) -> str:
    """The status in plain words, for print and open data: 'Onbekend, termijn voorbij'."""
    stand = akkoord.stand(a)
    words = stand.status.label
    if stand.over_tijd:
        words += ", termijn voorbij" if stand.status.naam == "onbekend" else ", over tijd"
    return words


def meld_mailto(a: Afspraak, adres: str, page_url: str) -> str:
    """A mailto: link (RFC 6068) with a subject and a short form to fill in."""
    subject = f"Afspraak {a.nummer}: {a.titel}"
    body = "\r\n".join([
        "Beste redactie,", "",
        f"Ik heb een opmerking over afspraak {a.nummer}: {a.titel}.",
        f"Pagina: {page_url}", "",
        "Wat klopt er niet, of wat mist er?", "", "",
        "Wat is volgens u juist?", "", "",
        "Waar staat dat? Bijvoorbeeld een link, een verslag of een krantenbericht.", "", "",
        "Met vriendelijke groet,", "", ""])
    return (f"mailto:{urllib.parse.quote(adres, safe='@')}?subject={urllib.parse.quote(subject, safe='')}"
            f"&body={urllib.parse.quote(body, safe='')}")


def meld_blok(a: Afspraak, adres: str | None, page_url: str) -> str:
    heading = f'<section class="zw-meld" aria-labelledby="meld-{a.nummer}"><h2 id="meld-{a.nummer}">Klopt dit niet?</h2>'
    if not adres:  # never a made-up address: say that it is not known yet
        return (heading + "<p>Ziet u een fout op deze pagina? Het e-mailadres van de redactie is nog niet "
                "bekend. Zodra het er is, staat hier een link waarmee u een fout kunt melden.</p></section>")
    return (heading +
            "<p>Ziet u een fout op deze pagina? Of weet u meer over deze afspraak? Laat het de redactie "
            "weten. De link hieronder opent een e-mail aan de redactie van deze site. Het onderwerp en een "
            "korte vragenlijst staan er al in.</p>"
            f'<p><a class="zw-meld__link" href="{e(meld_mailto(a, adres, page_url))}">'
            f"Klopt dit niet? Meld het</a></p>"
            "<p>De redactie leest elke melding. Zij past de pagina alleen aan als een openbare bron het "
            "bevestigt. Noem daarom zo mogelijk waar u het gelezen of gehoord hebt.</p></section>")


def status_telling_per(akkoord: Akkoord) -> dict[str, int]:
    counts = {naam: 0 for naam in akkoord.statussen}
    for a in akkoord.afspraken.values():
        counts[a.status] += 1
    return counts


def stand_rijen(akkoord: Akkoord, soort: str, here: str) -> list[chart.Row]:
    """Counts for one chart, each with a link to the page that lists those afspraken."""
    if soort == "status":
        counts = status_telling_per(akkoord)
        return [chart.Row(s.label, counts[naam], href(here, status_url(s.slug)))
                for naam, s in akkoord.statussen.items()]
    if soort == "thema":
        return [chart.Row(t.naam, len(akkoord.afspraken_met(thema=t.id)), href(here, thema_url(t.id)))
                for t in akkoord.themas.values()]
    if soort == "gemeente":
        return [chart.Row(g.naam, len(akkoord.afspraken_met(gemeente=g.id)), href(here, gemeente_url(g.id)))
                for g in akkoord.gemeenten.values()]
    if soort == "verantwoordelijke":
        refs = list(dict.fromkeys(ref for a in akkoord.afspraken.values() for ref in a.verantwoordelijk))
        return [chart.Row(akkoord.verantwoordelijke_naam(ref), len(akkoord.afspraken_met(verantwoordelijke=ref)),
                          href(here, organisatie_url(ref))) for ref in refs]
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
                          "Een afspraak kan meer dan één verantwoordelijke partij hebben."),
}


def stand_grafiek(akkoord: Akkoord, soort: str, here: str) -> str:
    title, column, note = STAND_SOORTEN[soort]
    return chart.chart_with_table(f"grafiek-{soort}", title, stand_rijen(akkoord, soort, here),
                                  column=column, note=note)


def stand_samenvatting(akkoord: Akkoord, here: str) -> str:
    total = len(akkoord.afspraken)
    standen = {n: akkoord.stand(a) for n, a in akkoord.afspraken.items()}
    overdue = sum(1 for s in standen.values() if s.over_tijd)
    klaar = sum(1 for s in standen.values() if s.status.klaar)
    onbekend = sum(1 for a in akkoord.afspraken.values() if a.status == "onbekend")
    return (f'<div class="zw-samenvatting"><p>Stand op {time_tag(akkoord.peildatum)}. Het akkoord heeft '
            f"{total} afspraken.</p><ul>"
            f"<li>Van {onbekend} afspraken weten we nog niet hoe ver ze zijn.</li>"
            f"<li>{klaar} {'afspraak is' if klaar == 1 else 'afspraken zijn'} klaar of gestopt.</li>"
            f"<li>Bij {overdue} {'afspraak' if overdue == 1 else 'afspraken'} is de termijn uit het akkoord "
            "voorbij, zonder dat een bron meldt dat de afspraak klaar is.</li></ul></div>")


def over_tijd_tabel(akkoord: Akkoord, here: str) -> str:
    overdue = [a for a in akkoord.afspraken.values() if akkoord.stand(a).over_tijd]
    if not overdue:
        return '<p class="zw-leeg">Er zijn geen afspraken waarvan de termijn voorbij is.</p>'
    return afspraken_tabel(akkoord, overdue, here, "Afspraken waarvan de termijn voorbij is")


def status_keuze(akkoord: Akkoord, here: str, current: str | None = None) -> str:
    """Links to the page of every status, with counts: a filter that needs no JavaScript."""
    counts = status_telling_per(akkoord)
    items = []
    for naam, s in akkoord.statussen.items():
        text = f"{s.label} ({counts[naam]})"
        if naam == current:
            items.append(f'<strong aria-current="page">{e(text)}</strong>')
        else:
            items.append(link(here, status_url(s.slug), text))
    return ", ".join(items)


def afspraken_overzicht(akkoord: Akkoord, here: str) -> str:
    """The overview table, with links to the same afspraken grouped in other ways."""
    keuze = (f'<nav class="zw-facetten" aria-label="Afspraken per status"><p>Kies een status: '
             f"{status_keuze(akkoord, here)}.</p>"
             f"<p>Afspraken per thema, gemeente of verantwoordelijke partij staan op de pagina "
             f"{link(here, 'afspraken/stand/', 'Stand van zaken')}. Er is ook een "
             f"{link(here, 'afspraken/print/', 'overzicht om te printen')}.</p></nav>")
    return keuze + "\n\n" + afspraken_tabel(akkoord, list(akkoord.afspraken.values()), here,
                                            "Alle afspraken uit het akkoord")


def status_page(akkoord: Akkoord, status: Status, here: str) -> str:
    afspraken = akkoord.afspraken_met(status=status.naam)
    count = len(afspraken)
    intro = (f"<p>{'Er is' if count == 1 else 'Er zijn'} {count} {'afspraak' if count == 1 else 'afspraken'} "
             f"met de status \u2018{e(status.label)}\u2019, op {time_tag(akkoord.peildatum)}.</p>")
    return "\n\n".join([
        f'<h1 id="status-{e(status.slug)}">Afspraken met status: {e(status.label)}</h1>',
        intro,
        f'<p class="zw-statusuitleg">{status_label(status.slug, status.icoon, status.label)} '
        f"betekent: {e(status.uitleg)}</p>",
        afspraken_tabel(akkoord, afspraken, here, f"Afspraken met de status {status.label.lower()}")
        if afspraken else '<p class="zw-leeg">Er zijn nu geen afspraken met deze status.</p>',
        "## Andere statussen",
        f'<nav class="zw-facetten" aria-label="Andere statussen"><p>{status_keuze(akkoord, here, status.naam)}.'
        f"</p><p>Terug naar {link(here, 'afspraken/', 'alle afspraken')} of naar de "
        f"{link(here, 'afspraken/stand/', 'stand van zaken')}.</p></nav>",
    ]) + "\n"


def verantwoordelijk_namen(akkoord: Akkoord, a: Afspraak) -> str:
    return ", ".join(akkoord.verantwoordelijke_naam(ref) for ref in a.verantwoordelijk) or NOT_KNOWN


def print_page(akkoord: Akkoord, here: str, site_url: str = "") -> str:
    rows = []
    for a in akkoord.afspraken.values():
        if a.herhaling:
            termijn = "elk jaar"
        elif a.deadline:
            termijn = a.deadline.tekst
        else:
            termijn = "geen termijn"
        stand = akkoord.stand(a)
        bijgewerkt = datum(a.laatst_bijgewerkt)
        if stand.niet_herzien_sinds:
            bijgewerkt = f"niet herzien sinds {bijgewerkt}"
        rows.append(f'<tr><td class="zw-nummer">{a.nummer}</td><th scope="row">{e(a.titel)}</th>'
                    f"<td>{e(status_woorden(akkoord, a))}</td><td>{e(termijn)}</td>"
                    f"<td>{e(verantwoordelijk_namen(akkoord, a))}</td><td>{e(bijgewerkt)}</td></tr>")
    online = f" De nieuwste versie staat op {e(site_url)}afspraken/." if site_url else ""
    return "\n\n".join([
        '<h1 id="overzicht-om-te-printen">Overzicht om te printen</h1>',
        f'<p class="zw-print-intro">Stand van de {len(akkoord.afspraken)} afspraken van het woonzorgakkoord '
        f"Zorgsaam wonen op {time_tag(akkoord.peildatum)}.{online}</p>",
        # Plain text only, so the scrolling area on phones gets its own tab stop and name.
        '<div class="zw-tabel" role="region" aria-label="Alle afspraken met hun status" tabindex="0">'
        '<table class="zw-print-tabel"><caption>Alle afspraken met hun status</caption>'
        '<thead><tr><th scope="col">Nr.</th><th scope="col">Afspraak</th><th scope="col">Status</th>'
        '<th scope="col">Termijn</th><th scope="col">Verantwoordelijk</th>'
        '<th scope="col">Laatst bijgewerkt</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>",
        '<p class="zw-print-noot">\u2018Termijn voorbij\u2019: de termijn uit het akkoord is voorbij en we weten '
        "niet hoe ver de afspraak is. \u2018Over tijd\u2019: de termijn is voorbij en een bron meldt dat de "
        f"afspraak nog niet klaar is. Uitleg over alle statussen: "
        f"{link(here, 'afspraken/hoe-werkt-dit/', 'Hoe werkt dit overzicht?')}</p>",
    ]) + "\n"
