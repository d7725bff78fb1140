"""Pure functions that turn the Akkoord into HTML. No I/O here.

Data is text, never markup. HTML is built as `Html` (macros/safe.py): every data value put into
an `Html` template with format(), join() or + is escaped by the type itself, so there is no
escape call to forget. Data strings stay plain `str`; only literals in this file become `Html`.
Every href goes through safe.safe_href(). The output is always a complete block-level HTML
element, so Markdown leaves it alone.

`spaced_for_search()` runs over every page's HTML (macros/hooks.py): the search index
drops table tags and <br>, and without whitespace the words on both sides ran together in
the search results (tests/test_search_index.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
import re
import urllib.parse

from . import chart
from .model import Afspraak, Akkoord, Bron, Ondertekenaar, Proeftuin, Status
from .safe import Html, clean_text, safe_href
from .text import NOT_KNOWN, TITEL_ONBEKEND, bron_when, bron_zonder_titel, datum, status_woorden, verantwoordelijk_namen
from .urls import afspraak_url, gemeente_url, href, organisatie_url, proeftuin_url, status_url, thema_url, voortgang_ids


# The date of an afspraak's newest progress entry. Not the page's own date under every page
# ("Pagina voor het laatst aangepast", macros/hooks.py): two dates, two names.
NIEUWSTE_VOORTGANG = "Nieuwste voortgang"
EMPTY = Html("")


def e(text) -> Html:
    """Text as HTML. Rarely needed: Html templates escape what they are given."""
    return Html.escape(text)


# Right after a tag, before a table row or cell; or right after a <br> that has no newline yet.
_GLUED = re.compile(r"(?<=>)(?=<(?:tr|td|th)[\s>])|(?<=<br>)(?!\n)")


def spaced_for_search(page_html: str) -> str:
    """A newline where the search index would otherwise glue two words together."""
    return _GLUED.sub("\n", page_html)


def time_tag(day: dt.date | None) -> Html:
    if day is None:
        return Html('<span class="zw-onbekend">{}</span>').format(NOT_KNOWN)
    return Html('<time datetime="{}">{}</time>').format(day.isoformat(), datum(day))


def link(here: str, target: str, text: str) -> Html:
    """A link to one of the site's own pages; the text alone if the URL is refused (safe_href)."""
    url = safe_href(href(here, target), relative=True)
    if url is None:
        return e(text)
    return Html('<a href="{}">{}</a>').format(url, text)


def external_link(url: str | None, text: str) -> Html:
    """A link from the data (a bron's url): only https: and http: (safe_href), else the text alone."""
    url = safe_href(url)
    if url is None:
        return e(text)
    return Html('<a href="{}">{}</a>').format(url, text)


def status_label(slug: str, icoon: str, label: str) -> Html:
    """A status in words with its icon: the one markup for status everywhere."""
    return Html('<span class="zw-status zw-status--{}">'
                '<span class="zw-status__icoon" aria-hidden="true">{}</span> {}</span>').format(slug, icoon, label)


def status_badge(akkoord: Akkoord, afspraak: Afspraak) -> Html:
    stand = akkoord.stand(afspraak)
    status = stand.status
    badge = status_label(status.slug, status.icoon, status.label)
    if stand.over_tijd:
        late = status_label("over-tijd", "!", TERMIJN_VOORBIJ if status.naam == "onbekend" else OVER_TIJD)
        badge = Html("{} {}").format(badge, late)
    return badge


TERMIJN_VOORBIJ = "Termijn voorbij"
OVER_TIJD = "Over tijd"


def over_tijd_uitleg() -> Html:
    """The difference between the two marks, one short sentence each, wherever both can be seen."""
    return Html('<ul class="zw-over-tijd-uitleg"><li>\u2018{}\u2019: de termijn is voorbij. We weten niet hoe ver '
                "de afspraak is.</li><li>\u2018{}\u2019: de termijn is voorbij. Een bron meldt dat de afspraak nog "
                "niet klaar is.</li></ul>").format(TERMIJN_VOORBIJ, OVER_TIJD)


def deadline_text(afspraak: Afspraak) -> Html:
    if afspraak.herhaling:
        return Html("elk jaar")
    if afspraak.deadline is None:
        return Html("geen termijn in het akkoord")
    return e(afspraak.deadline.tekst)


def verantwoordelijk_text(akkoord: Akkoord, afspraak: Afspraak, here: str) -> Html:
    if not afspraak.verantwoordelijk:
        return Html('<span class="zw-onbekend">{}</span>').format(NOT_KNOWN)
    return Html(", ").join(link(here, organisatie_url(ref), akkoord.verantwoordelijke_naam(ref))
                           for ref in afspraak.verantwoordelijk)


def afspraken_tabel(akkoord: Akkoord, afspraken: list[Afspraak], here: str, caption: str) -> Html:
    if not afspraken:
        return Html('<p class="zw-leeg">Er zijn geen afspraken in deze groep.</p>')
    rows = EMPTY.join(
        Html("<tr>"
             '<td class="zw-nummer">{nummer}</td>'
             '<th scope="row">{titel}</th>'
             # data-label: on phones each row is shown as a card with these labels.
             '<td data-label="Status">{status}</td>'
             '<td data-label="Termijn">{termijn}</td>'
             '<td data-label="Wie is verantwoordelijk">{wie}</td>'
             '<td data-label="{nieuwste}">{bijgewerkt}</td>'
             "</tr>").format(nummer=a.nummer, titel=link(here, afspraak_url(a.nummer), a.titel),
                             status=status_badge(akkoord, a), termijn=termijn_cel(akkoord, a),
                             wie=verantwoordelijk_text(akkoord, a, here), bijgewerkt=bijgewerkt_cel(akkoord, a),
                             nieuwste=NIEUWSTE_VOORTGANG)
        for a in afspraken)
    return Html('<div class="zw-tabel"><table class="zw-afspraken">'
                "<caption>{}</caption>"
                '<thead><tr><th scope="col">Nr.</th><th scope="col">Afspraak</th><th scope="col">Status</th>'
                '<th scope="col">Termijn</th><th scope="col">Wie is verantwoordelijk</th>'
                '<th scope="col">{}</th></tr></thead>'
                "<tbody>{}</tbody></table></div>").format(caption, NIEUWSTE_VOORTGANG, rows)


def status_telling(akkoord: Akkoord, here: str) -> Html:
    """Counts per status, in words; zero counts included so nothing looks hidden."""
    counts = {naam: 0 for naam in akkoord.statussen}
    for a in akkoord.afspraken.values():
        counts[a.status] += 1
    overdue = sum(1 for a in akkoord.afspraken.values() if akkoord.stand(a).over_tijd)
    items = EMPTY.join(
        Html('<li><span class="zw-telling__getal">{}</span> {}</li>').format(
            counts[naam], status_label(status.slug, status.icoon, status.label))
        for naam, status in akkoord.statussen.items())
    total = len(akkoord.afspraken)
    return Html('<div class="zw-telling"><p>Stand van de {total} afspraken op {peildatum}:</p>'
                "<ul>{items}</ul>"
                "<p>Bij {overdue} van de {total} afspraken is de termijn uit het akkoord voorbij. "
                "Geen bron meldt dat die afspraken klaar zijn.</p></div>").format(
        total=total, peildatum=time_tag(akkoord.peildatum), items=items, overdue=overdue)


def bron_inline(akkoord: Akkoord, bron_id: str, here: str) -> Html:
    bron = akkoord.bronnen[bron_id]
    parts: list[str | Html] = [external_link(bron.url, bron.titel or bron_zonder_titel(bron))]
    if bron.uitgever and (bron.titel or bron.website):
        parts.append(bron.uitgever)
    if bron_when(bron):
        parts.append(bron_when(bron))
    text = Html(", ").join(parts)
    return text if bron.titel else Html("{} ({})").format(text, TITEL_ONBEKEND)


def bronnen_inline(akkoord: Akkoord, bron_ids, here: str) -> Html:
    return Html("; ").join(bron_inline(akkoord, b, here) for b in bron_ids)


def afspraak_page(akkoord: Akkoord, a: Afspraak, here: str, *, site_url: str = "",
                  meld_adres: MeldRoute | str | None = None, feed: str | None = None) -> Html:
    stand = akkoord.stand(a)
    groep = akkoord.groepen[a.groep]
    themas = Html(", ").join(link(here, thema_url(t), akkoord.themas[t].naam) for t in a.themas)
    proeftuinen = (Html(", ").join(link(here, proeftuin_url(p), akkoord.proeftuinen[p].naam) for p in a.proeftuinen)
                   or Html("geen"))
    gemeenten = Html(", ").join(link(here, gemeente_url(g), akkoord.gemeenten[g].naam) for g in a.gemeenten)
    facts = [
        ("Status", status_badge(akkoord, a)),
        ("Termijn", deadline_text(a)),
        ("Wie is verantwoordelijk", verantwoordelijk_text(akkoord, a, here)),
        (NIEUWSTE_VOORTGANG, time_tag(a.laatst_bijgewerkt)),
        # Html: written as is before, apostrophe included.
        (Html("Thema's"), themas),
        ("Gemeenten", gemeenten),
        ("Proeftuinen", proeftuinen),
        ("Deel van het akkoord", groep.titel),
    ]
    notes: list[str | Html] = []
    if stand.over_tijd:
        notes.append(Html("De termijn ({}) is voorbij. Geen bron meldt dat deze afspraak "
                          "klaar is.").format(deadline_text(a)))
    if stand.niet_herzien_sinds:
        notes.append(f"Niet herzien sinds {datum(stand.niet_herzien_sinds)}. Deze informatie kan verouderd zijn.")
    if a.herhaling:
        last = (f"De laatste keer was op {datum(stand.laatste_keer)}." if stand.laatste_keer
                else "Wanneer dit voor het laatst is gebeurd, is nog niet bekend.")
        due = f" Voor {akkoord.peildatum.year} is nog niet gemeld dat het is gebeurd." if stand.dit_jaar_nog_te_doen else ""
        notes.append(f"Deze afspraak komt elk jaar terug. {last}{due}")
    note_html = EMPTY.join(Html('<p class="zw-let-op">{}</p>').format(n) for n in notes)
    if stand.over_tijd:
        note_html += over_tijd_uitleg()
    dl = Html("\n").join(Html("<dt>{}</dt>\n<dd>{}</dd>").format(label, value) for label, value in facts)
    verantwoordelijken = EMPTY.join(
        Html("<li>{}{}</li>").format(
            link(here, organisatie_url(ref), akkoord.verantwoordelijke_naam(ref)),
            Html(": {}").format(akkoord.verantwoordelijken[ref].uitleg) if ref in akkoord.verantwoordelijken
            else EMPTY)
        for ref in a.verantwoordelijk) or Html("<li>{}</li>").format(NOT_KNOWN)
    feed_html = ([Html('<p class="zw-feed">Wilt u bericht als er nieuws is over deze afspraak? Zet dan het {} in '
                       "een nieuwslezer. Dat is een app die nieuwe berichten voor u verzamelt. (Voor kenners: het "
                       "is een Atom-feed.)</p>").format(link(here, feed, f"nieuwsbestand van afspraak {a.nummer}"))]
                 if feed else [])
    return Html("\n\n").join([
        Html('<h1 id="afspraak-{}">Afspraak {}: {}</h1>').format(a.nummer, a.nummer, a.titel),
        # Kept out of the search index: as one run-on snippet ("Status ? Onbekend Termijn …")
        # it hid the page's text in the results; every fact is also in the sections below or
        # on the linked pages.
        Html('<div class="zw-kenmerken" data-search-exclude><dl>{}</dl>{}</div>').format(dl, note_html),
        Html("## Wat is afgesproken?"),
        Html('<p class="zw-afgesproken">{}</p>').format(a.afgesproken),
        Html("## Wat betekent dit?"),
        Html("<p>{}</p>").format(a.uitleg),
        Html("## Wie is verantwoordelijk?"),
        Html("<ul>{}</ul>").format(verantwoordelijken),
        Html("## Voortgang"),
        voortgang_tabel(akkoord, a, here),
        *feed_html,
        Html("## Bron"),
        # A part without a heading in the akkoord must not be quoted as if it had one.
        (Html("<p>Deze afspraak staat in een deel van het akkoord zonder eigen kop. Op deze site heet dat deel "
              "\u2018{}\u2019.</p>") if groep.zonder_kop else
         Html("<p>Deze afspraak staat in het deel \u2018{}\u2019 van het akkoord.</p>")).format(groep.titel),
        bronnen_blok(akkoord, ["akkoord-2023"], here),
        meld_blok(a, meld_adres, site_url + afspraak_url(a.nummer)),
    ]) + Html("\n")


def voortgang_tabel(akkoord: Akkoord, a: Afspraak, here: str) -> Html:
    if not a.voortgang:
        return Html("<p>Er is nog geen voortgang bekend. Geen openbare bron meldt iets over de uitvoering "
                    "van deze afspraak. Zodra er nieuws is, zetten de redacteuren het hier, met de datum en de "
                    "bron.</p>")
    rows = EMPTY.join(
        Html('<tr id="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>').format(
            anchor, time_tag(v.datum),
            status_label(akkoord.statussen[v.status].slug, akkoord.statussen[v.status].icoon,
                         akkoord.statussen[v.status].label),
            v.notitie, bron_inline(akkoord, v.bron, here))
        for v, anchor in reversed(list(zip(a.voortgang, voortgang_ids(a), strict=True))))
    return Html('<div class="zw-tabel"><table class="zw-voortgang"><caption>Voortgang van afspraak {}, '
                'nieuwste bovenaan</caption><thead><tr><th scope="col">Datum</th><th scope="col">Status</th>'
                '<th scope="col">Wat is er gebeurd?</th><th scope="col">Bron</th></tr></thead>'
                "<tbody>{}</tbody></table></div>").format(a.nummer, rows)


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


def ondertekenaars_tabel(akkoord: Akkoord, here: str, ondertekenaars: list[Ondertekenaar] | None = None) -> Html:
    chosen = list(akkoord.ondertekenaars.values()) if ondertekenaars is None else ondertekenaars
    rows = []
    for soort in akkoord.soorten.values():
        group = [o for o in chosen if o.soort == soort.id]
        if not group:
            continue
        rows.append(Html('<tr class="zw-soort"><th scope="rowgroup" colspan="3">{} ({})</th></tr>').format(
            soort.groep, len(group)))
        for o in group:
            gemeenten = Html(", ").join(link(here, gemeente_url(g), akkoord.gemeenten[g].naam) for g in o.gemeenten)
            name = link(here, organisatie_url(o.id), o.naam)
            if o.toelichting:
                name += Html('<br><span class="zw-toelichting">{}</span>').format(o.toelichting)
            rows.append(Html('<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>').format(
                name, gemeenten or Html("<span class=zw-onbekend>{}</span>").format(NOT_KNOWN),
                bronnen_inline(akkoord, o.bronnen, here)))
    if not rows:
        return Html('<p class="zw-leeg">Er zijn nog geen bevestigde ondertekenaars bekend.</p>')
    return Html('<div class="zw-tabel"><table class="zw-ondertekenaars">'
                "<caption>Ondertekenaars die een bron bevestigt ({}), per soort organisatie</caption>"
                '<thead><tr><th scope="col">Organisatie</th><th scope="col">Werkt in gemeente</th>'
                '<th scope="col">Bron</th></tr></thead>'
                "<tbody>{}</tbody></table></div>").format(len(chosen), EMPTY.join(rows))


def proeftuinen_lijst(akkoord: Akkoord, here: str, proeftuinen: list[Proeftuin] | None = None) -> Html:
    chosen = list(akkoord.proeftuinen.values()) if proeftuinen is None else proeftuinen
    if not chosen:
        return Html('<p class="zw-leeg">Er zijn geen proeftuinen in deze groep.</p>')
    items = EMPTY.join(
        Html("<li>{} ({}, gemeente {}): {}</li>").format(
            link(here, proeftuin_url(p.id), p.naam), p.soort, akkoord.gemeenten[p.gemeente].naam, p.samenvatting)
        for p in chosen)
    return Html('<ul class="zw-proeftuinen">{}</ul>').format(items)


def proeftuin_page(akkoord: Akkoord, p: Proeftuin, here: str) -> Html:
    gemeente = akkoord.gemeenten[p.gemeente]
    # Sources by number ("bron 1"), listed under the text: a title inside every line made it hard to read.
    nummers: dict[str, int] = {}

    def noot(bron_ids) -> Html:
        for b in bron_ids:
            nummers.setdefault(b, len(nummers) + 1)
        refs = [Html("{}").format(nummers[b]) for b in bron_ids]
        return Html(' <span class="zw-bron">({} {})</span>').format(
            "bron" if len(refs) == 1 else "bronnen", opsomming(refs)) if refs else EMPTY

    partners = (EMPTY.join(Html("<li>{}{}</li>").format(x.naam, noot(x.bronnen)) for x in p.partners)
                or Html("<li>{}</li>").format(NOT_KNOWN))
    known = (EMPTY.join(Html("<li>{}{}</li>").format(f.tekst, noot(f.bronnen)) for f in p.bekend)
             or Html("<li>Er is nog niets bekend uit een bron.</li>"))
    unknown = EMPTY.join(Html("<li>{}</li>").format(text) for text in p.nog_niet_bekend) or Html("<li>Niets meer.</li>")
    afspraken = [akkoord.afspraken[n] for n in p.afspraken]
    log = EMPTY.join(Html("<li>{}: {}{}</li>").format(time_tag(m.datum), m.notitie, noot([m.bron]))
                     for m in reversed(p.voortgang))
    intro = Html("<p>{}</p><p>Gemeente: {}. Soort: {}.</p>").format(
        p.samenvatting, link(here, gemeente_url(gemeente.id), gemeente.naam), p.soort)
    blocks = [
        Html('<h1 id="{}">{}</h1>').format(p.id, p.naam), intro,
        Html("## Wie doen er mee?"), Html("<ul>{}</ul>").format(partners),
        Html("## Wat weten we?"), Html("<ul>{}</ul>").format(known),
        Html("## Wat weten we nog niet?"), Html("<ul>{}</ul>").format(unknown),
    ]
    if log:
        blocks += [Html("## Nieuws en voortgang"), Html("<ul>{}</ul>").format(log)]
    blocks += [Html("## Afspraken over de proeftuinen"),
               afspraken_tabel(akkoord, afspraken, here, f"Afspraken die gaan over {p.naam}")
               if afspraken else Html("<p>Het akkoord noemt dit voorbeeld niet in een afspraak.</p>")]
    if nummers:
        blocks += [Html("## Bronnen"), Html('<ol class="zw-bronnenlijst">{}</ol>').format(
            EMPTY.join(Html("<li>{}</li>").format(bron_inline(akkoord, b, here)) for b in nummers))]
    return Html("\n\n").join(blocks) + Html("\n")


TELWOORDEN = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes"}


def opsomming(items: list[Html]) -> Html:
    """'a, b en c'."""
    if len(items) < 2:
        return EMPTY.join(items)
    return Html(", ").join(items[:-1]) + Html(" en ") + items[-1]


def voor_alle_zin(akkoord: Akkoord, facet: str, here: str, *, verwijzing: bool = True) -> Html:
    """Said once, instead of the same cards on every thema or gemeente page: which afspraken serve
    every thema (facet 'thema') or every gemeente ('gemeente'). EMPTY when no afspraak does."""
    alle = [a for a in akkoord.afspraken.values() if akkoord.voor_alle(facet, a)]
    if not alle:
        return EMPTY
    total = len(akkoord.afspraken)
    wie = f"Alle {total} afspraken" if len(alle) == total else f"{len(alle)} van de {total} afspraken"
    if facet == "thema":
        groep, werkwoord = "thema\u2019s", "horen bij"
        namen = [link(here, thema_url(t.id), t.naam.lower()) for t in akkoord.themas.values()]
    else:
        groep, werkwoord = "gemeenten", "gelden voor"
        namen = [link(here, gemeente_url(g.id), g.naam) for g in akkoord.gemeenten.values()]
    if len(alle) == 1:
        wie = f"1 van de {total} afspraken" if total > 1 else "De enige afspraak"
        werkwoord = werkwoord.replace("horen", "hoort").replace("gelden", "geldt")
    aantal = TELWOORDEN.get(len(namen), str(len(namen)))
    zin = Html('<p class="zw-voor-alle">{} {} alle {} de {}: {}.</p>').format(
        wie, werkwoord, aantal, groep, opsomming(namen))
    if verwijzing:
        zin += Html("<p>U vindt ze op de pagina {}.</p>").format(link(here, "afspraken/", "Alle afspraken"))
    return zin


def eigen_afspraken(akkoord: Akkoord, soort: str, afspraken: list[Afspraak], here: str, intro: str,
                     caption: str) -> Html:
    """The afspraken of one thema or gemeente that do not serve all: what is specific to the page."""
    eigen = [a for a in afspraken if not akkoord.voor_alle(soort, a)]
    gedeeld = voor_alle_zin(akkoord, soort, here)
    if not eigen:
        return gedeeld or afspraken_tabel(akkoord, [], here, caption)
    return Html("\n\n").join(b for b in [gedeeld, Html("<p>{}</p>").format(intro) if gedeeld else EMPTY,
                                         afspraken_tabel(akkoord, eigen, here, caption)] if b)


def gemeente_page(akkoord: Akkoord, gemeente_id: str, here: str) -> Html:
    gemeente = akkoord.gemeenten[gemeente_id]
    proeftuinen = [p for p in akkoord.proeftuinen.values() if p.gemeente == gemeente_id]
    ondertekenaars = [o for o in akkoord.ondertekenaars.values() if gemeente_id in o.gemeenten]
    afspraken = akkoord.afspraken_met(gemeente=gemeente_id)
    aantal = TELWOORDEN.get(len(akkoord.gemeenten), str(len(akkoord.gemeenten)))
    blocks = [
        Html('<h1 id="{}">Gemeente {}</h1>').format(gemeente.id, gemeente.naam),
        Html("<p>{naam} is een van de {aantal} gemeenten van het akkoord. Hier leest u wat er in {naam} "
             "gebeurt.</p>").format(naam=gemeente.naam, aantal=aantal),
        Html("## Proeftuinen en voorbeelden"), proeftuinen_lijst(akkoord, here, proeftuinen),
        Html("## Ondertekenaars in deze gemeente"),
        ondertekenaars_tabel(akkoord, here, ondertekenaars),
        Html("<p>Van de meeste ondertekenaars weten we nog niet in welke gemeente zij werken. Zij staan hier "
             "dus niet. Zie ook de {}.</p>").format(link(here, "ondertekenaars/", "lijst van ondertekenaars")),
        Html("## Afspraken"),
        eigen_afspraken(akkoord, "gemeente", afspraken, here,
                         f"Deze afspraken gelden wel voor {gemeente.naam}, maar niet voor alle gemeenten:",
                         f"Afspraken die gelden voor {gemeente.naam}"),
    ]
    website = safe_href(gemeente.website)
    if website:
        blocks += [Html("## Vragen?"),
                   Html('<p class="zw-gemeente-website">Hebt u vragen over wonen en zorg in uw gemeente? '
                        'Kijk dan op de <a href="{}">website van de gemeente {}</a>.</p>').format(
                       website, gemeente.naam)]
    return Html("\n\n").join(blocks) + Html("\n")


def thema_afspraken(akkoord: Akkoord, thema_id: str, here: str) -> Html:
    thema = akkoord.themas[thema_id]
    return eigen_afspraken(akkoord, "thema", akkoord.afspraken_met(thema=thema_id), here,
                            f"Deze afspraken horen wel bij {thema.naam.lower()}, maar niet bij alle thema\u2019s:",
                            f"Afspraken die bijdragen aan {thema.naam.lower()}")


def thema_proeftuinen(akkoord: Akkoord, thema_id: str, here: str) -> Html:
    return proeftuinen_lijst(akkoord, here, [p for p in akkoord.proeftuinen.values() if thema_id in p.themas])


def bron_item(bron: Bron) -> Html:
    # Plain text, joined by Html: each part is escaped once.
    details = [f"uitgever: {bron.uitgever if bron.uitgever else NOT_KNOWN}",
               f"datum: {datum(bron.datum) if bron.datum else bron.periode if bron.periode else NOT_KNOWN}",
               f"soort: {bron.soort}"]
    if bron.website and not bron.url:
        details.append(f"website: {bron.website}")
    note = Html("<br>{}").format(bron.toelichting) if bron.toelichting else EMPTY
    untitled = ", ".join(p for p in (bron_zonder_titel(bron), bron_when(bron)) if p)
    name = bron.titel or f"{untitled} ({TITEL_ONBEKEND})"
    return Html('<li id="bron-{}"><strong>{}</strong><br>{}{}</li>').format(
        bron.id, external_link(bron.url, name), Html("; ").join(details), note)


def bronnen_lijst(akkoord: Akkoord) -> Html:
    return Html('<ul class="zw-bronnen">{}</ul>').format(EMPTY.join(bron_item(b) for b in akkoord.bronnen.values()))


def statussen_uitleg(akkoord: Akkoord) -> Html:
    rows = EMPTY.join(
        Html('<tr><th scope="row">{}</th><td>{}</td></tr>').format(status_label(s.slug, s.icoon, s.label), s.uitleg)
        for s in akkoord.statussen.values())
    return Html('<div class="zw-tabel"><table class="zw-statussen"><caption>De statussen en wat ze betekenen'
                '</caption><thead><tr><th scope="col">Status</th><th scope="col">Betekenis</th></tr></thead>'
                "<tbody>{}</tbody></table></div>").format(rows)


def _aantal(n: int) -> str:
    return f"{n} afspraak" if n == 1 else f"{n} afspraken"


def stand_in_woorden(akkoord: Akkoord, afspraken: list[Afspraak]) -> Html:
    """'Stand: 2 onbekend, 1 afgerond.' The status labels are data: escaped by Html."""
    counts: dict[str, int] = {}
    for a in afspraken:
        label = akkoord.statussen[a.status].label.lower()
        counts[label] = counts.get(label, 0) + 1
    return Html("<p>Stand: {}.</p>").format(Html(", ").join(Html("{} {}").format(n, label)
                                                             for label, n in counts.items()))


def bronnen_blok(akkoord: Akkoord, bron_ids, here: str) -> Html:
    """The sources as a list under the text, not inside its sentences: one source per item."""
    items = EMPTY.join(Html("<li>{}</li>").format(bron_inline(akkoord, b, here)) for b in bron_ids)
    if not items:
        return Html("<p>Er is nog geen bron bekend.</p>")
    return Html('<ul class="zw-bronnenlijst">{}</ul>').format(items)


def organisatie_page(akkoord: Akkoord, ref: str, here: str) -> Html:
    """A verantwoordelijke or an ondertekenaar. An ondertekenaar also gets the afspraken it shares
    with all others: those of every verantwoordelijke with alle_ondertekenaars (data)."""
    eigen = akkoord.afspraken_met(verantwoordelijke=ref)
    gedeeld = akkoord.gedeeld_met_alle_ondertekenaars(ref)
    if ref in akkoord.verantwoordelijken:
        v = akkoord.verantwoordelijken[ref]
        name, about, bronnen = v.naam, Html("<p>{}</p>").format(v.uitleg), v.bronnen
        if v.alle_ondertekenaars:
            about += Html("<p>Welke organisaties dat zijn, ziet u op de pagina {}.</p>").format(
                link(here, "ondertekenaars/", "Ondertekenaars"))
    else:
        o = akkoord.ondertekenaars[ref]
        about = Html("<p>Deze partij heeft het akkoord getekend. Het is een {}.</p>").format(
            akkoord.soorten[o.soort].naam.lower())
        if o.toelichting:
            about += Html("<p>{}</p>").format(o.toelichting)
        name, bronnen = o.naam, o.bronnen
    blocks = [Html('<h1 id="{}">{}</h1>').format(ref, name), about,
              Html("## Welke afspraken horen bij deze partij?")]
    if eigen or gedeeld:
        blocks.append(Html("<p>Klik op een afspraak. Dan leest u wat er is afgesproken en hoe ver het is.</p>"))
    if eigen:
        blocks += [Html("<p>Het akkoord noemt deze partij bij {}.</p>").format(_aantal(len(eigen))),
                   stand_in_woorden(akkoord, eigen),
                   afspraken_tabel(akkoord, eigen, here, f"Afspraken waarvoor {name} verantwoordelijk is")]
    if gedeeld:
        samen = [akkoord.verantwoordelijken[r] for r in dict.fromkeys(r for a in gedeeld for r in a.verantwoordelijk)
                 if r in akkoord.verantwoordelijken and akkoord.verantwoordelijken[r].alle_ondertekenaars]
        blocks += [Html("## Samen met alle andere ondertekenaars") if eigen else EMPTY,
                   Html("<p>Het akkoord geeft {} aan alle ondertekenaars samen. Deze partij deelt die dus met "
                        "alle andere ondertekenaars.</p><p>In de tabel heet dat: {}.</p>").format(
                       _aantal(len(gedeeld)),
                       Html(", ").join(link(here, organisatie_url(v.id), v.naam) for v in samen)),
                   stand_in_woorden(akkoord, gedeeld),
                   afspraken_tabel(akkoord, gedeeld, here, "Afspraken van alle ondertekenaars samen")]
    if not eigen and not gedeeld:
        blocks.append(Html('<p class="zw-leeg">Het akkoord noemt deze partij nog bij geen enkele afspraak.</p>'))
    blocks += [Html("## Bronnen"), bronnen_blok(akkoord, bronnen, here)]
    return Html("\n\n").join(b for b in blocks if b) + Html("\n")


def organisaties_lijst(akkoord: Akkoord, here: str) -> Html:
    items = []
    for ref, v in akkoord.verantwoordelijken.items():
        count = len(akkoord.afspraken_met(verantwoordelijke=ref))
        items.append(Html("<li>{}: {} {}</li>").format(
            link(here, organisatie_url(ref), v.naam), count, "afspraak" if count == 1 else "afspraken"))
    return Html('<ul class="zw-organisaties">{}</ul>').format(EMPTY.join(items))


def gemeenten_lijst(akkoord: Akkoord, here: str) -> Html:
    items = []
    for g in akkoord.gemeenten.values():
        proeftuinen = [p.naam for p in akkoord.proeftuinen.values() if p.gemeente == g.id and p.is_proeftuin]
        extra = Html(" (proeftuin: {})").format(", ".join(proeftuinen)) if proeftuinen else EMPTY
        items.append(Html("<li>{}{}</li>").format(link(here, gemeente_url(g.id), g.naam), extra))
    return Html('<ul class="zw-gemeenten">{}</ul>').format(EMPTY.join(items))


def termijn_cel(akkoord: Akkoord, a: Afspraak) -> Html:
    """The deadline; for a yearly afspraak also when it last took place."""
    if not a.herhaling:
        return deadline_text(a)
    stand = akkoord.stand(a)
    text = Html("elk jaar<br>laatste keer: {}").format(time_tag(stand.laatste_keer))
    if stand.dit_jaar_nog_te_doen:
        text += Html("<br>{}: nog niet gemeld").format(akkoord.peildatum.year)
    return text


def bijgewerkt_cel(akkoord: Akkoord, a: Afspraak) -> Html:
    stand = akkoord.stand(a)
    if stand.niet_herzien_sinds:
        return Html('<span class="zw-verouderd">Niet herzien sinds {}</span>').format(
            time_tag(stand.niet_herzien_sinds))
    return time_tag(a.laatst_bijgewerkt)


def meld_mailto(a: Afspraak, adres: str, page_url: str) -> str:
    """A mailto: link (RFC 6068) with a subject and a short form to fill in. A URL: plain str."""
    subject = f"Afspraak {a.nummer}: {a.titel}"
    body = "\r\n".join([
        "Beste redactie,", "",
        f"Ik heb een opmerking over afspraak {a.nummer}: {a.titel}.",
        f"Pagina: {page_url}", "",
        "Wat klopt er niet, of wat mist er?", "", "",
        "Wat is volgens u juist?", "", "",
        "Waar staat dat? Bijvoorbeeld een link, een verslag of een krantenbericht.", "", "",
        "Met vriendelijke groet,", "", ""])
    # clean_text: the text that reaches the e-mail is the text on the page (and a lone surrogate
    # could not be percent-encoded as UTF-8 at all).
    return (f"mailto:{urllib.parse.quote(clean_text(adres), safe='@')}"
            f"?subject={urllib.parse.quote(clean_text(subject), safe='')}"
            f"&body={urllib.parse.quote(clean_text(body), safe='')}")


@dataclass(frozen=True)
class MeldRoute:
    """Where a reader can report a mistake: the editors' e-mail address and this repository on
    GitHub (its issue form), each only when known (mkdocs.yml extra: meld_adres, repo_adres)."""
    email: str | None = None
    repo: str | None = None


ISSUE_FORM = "klopt-dit-niet.yml"  # .github/ISSUE_TEMPLATE/


def _meld_issue_url(a: Afspraak, repo: str, page_url: str) -> str:
    """The GitHub issue form, with the afspraak and the page filled in. A URL: plain str."""
    query = urllib.parse.urlencode({"template": ISSUE_FORM, "title": f"Afspraak {a.nummer}: {clean_text(a.titel)}",
                                    "afspraak": f"Afspraak {a.nummer}: {clean_text(a.titel)}",
                                    "pagina": clean_text(page_url)}, quote_via=urllib.parse.quote)
    return f"{repo.rstrip('/')}/issues/new?{query}"


def meld_blok(a: Afspraak, adres: MeldRoute | str | None, page_url: str) -> Html:
    """'Klopt dit niet?': by e-mail and/or GitHub's issue form, only what is known; else it says so.
    `adres` is a MeldRoute, or (as before) just the e-mail address."""
    route = adres if isinstance(adres, MeldRoute) else MeldRoute(email=adres)
    heading = Html('<section class="zw-meld" aria-labelledby="meld-{0}"><h2 id="meld-{0}">Klopt dit niet?</h2>').format(
        a.nummer)
    # The one place a mailto: link is meant; refused (safe_href), it is as if there were no address.
    mail = safe_href(meld_mailto(a, route.email, page_url), mailto=True) if route.email else None
    repo = safe_href(route.repo) if route.repo else None
    issue = safe_href(_meld_issue_url(a, repo, page_url)) if repo else None
    if not mail and not issue:  # never a made-up address: say that no way is known yet
        return heading + Html("<p>Ziet u een fout op deze pagina? Het e-mailadres van de redactie is nog niet "
                              "bekend. Er is ook nog geen andere manier om een fout te melden. Zodra die er is, "
                              "staat hier een link waarmee u een fout kunt melden.</p></section>")
    parts = [heading, Html("<p>Ziet u een fout op deze pagina? Of weet u meer over deze afspraak? "
                           "Laat het de redactie weten.</p>")]
    if mail:
        parts.append(Html(
            "<p>De link hieronder opent een e-mail aan de redactie van deze site. Het onderwerp en een "
            "korte vragenlijst staan er al in.</p>"
            '<p><a class="zw-meld__link" href="{}">Klopt dit niet? Meld het</a></p>').format(mail))
    else:
        parts.append(Html("<p>Het e-mailadres van de redactie is nog niet bekend. Zodra het er is, staat hier "
                          "ook een link voor een e-mail.</p>"))
    if issue:
        parts.append(Html(
            "<p>Hebt u een account bij GitHub? Dan kunt u de fout{} melden met een formulier op GitHub. "
            "Daarvoor moet u inloggen. Let op: wat u daar schrijft, kan iedereen lezen.</p>"
            '<p><a class="zw-meld__github" href="{}">Meld het op GitHub</a></p>').format(" ook" if mail else "", issue))
    parts.append(Html("<p>De redactie leest elke melding. Zij past de pagina alleen aan als een openbare "
                      "bron het bevestigt. Noem daarom zo mogelijk waar u het gelezen of gehoord hebt.</p>"))
    return Html("").join(parts) + Html("</section>")


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


def stand_grafiek(akkoord: Akkoord, soort: str, here: str) -> Html:
    title, column, note = STAND_SOORTEN[soort]
    if soort in ("thema", "gemeente") and all(akkoord.voor_alle(soort, a) for a in akkoord.afspraken.values()):
        # Every bar would be the same number: say it in a sentence instead of drawing it.
        return voor_alle_zin(akkoord, soort, here, verwijzing=False) + Html("<p>Daarom staat hier geen grafiek. Alle balken zouden "
                                                          "even lang zijn.</p>")
    return chart.chart_with_table(f"grafiek-{soort}", title, stand_rijen(akkoord, soort, here),
                                  column=column, note=note)


def stand_samenvatting(akkoord: Akkoord, here: str) -> Html:
    total = len(akkoord.afspraken)
    standen = {n: akkoord.stand(a) for n, a in akkoord.afspraken.items()}
    overdue = sum(1 for s in standen.values() if s.over_tijd)
    klaar = sum(1 for s in standen.values() if s.status.klaar)
    onbekend = sum(1 for a in akkoord.afspraken.values() if a.status == "onbekend")
    # Known but not finished (nog niet gestart, in uitvoering, doorlopend): without this line the
    # counts did not add up once an afspraak was 'doorlopend'.
    lopend = total - onbekend - klaar
    lopend_html = (Html("<li>Van {} {} meldt een bron hoe ver {}, maar {} nog niet klaar.</li>").format(
        lopend, "afspraak" if lopend == 1 else "afspraken", "die is" if lopend == 1 else "ze zijn",
        "die is" if lopend == 1 else "ze zijn") if lopend else EMPTY)
    klaar_html = (Html("<li>{} {} klaar of gestopt.</li>").format(
        klaar, "afspraak is" if klaar == 1 else "afspraken zijn") if klaar
        else Html("<li>Nog geen afspraak is klaar of gestopt.</li>"))
    return Html('<div class="zw-samenvatting"><p>Stand op {peildatum}. Het akkoord heeft '
                "{total} afspraken.</p><ul>"
                "<li>Van {onbekend} {onbekend_woord} we nog niet hoe ver {onbekend_ze}.</li>"
                "{lopend}{klaar}"
                "<li>Bij {overdue} {overdue_woord} is de termijn uit het akkoord "
                "voorbij. Geen bron meldt dat {overdue_ze} klaar {overdue_zijn}.</li></ul></div>").format(
        peildatum=time_tag(akkoord.peildatum), total=total, onbekend=onbekend,
        onbekend_woord="afspraak weten" if onbekend == 1 else "afspraken weten",
        onbekend_ze="die is" if onbekend == 1 else "ze zijn", lopend=lopend_html, klaar=klaar_html,
        overdue=overdue, overdue_woord="afspraak" if overdue == 1 else "afspraken",
        overdue_ze="die" if overdue == 1 else "ze", overdue_zijn="is" if overdue == 1 else "zijn")


def over_tijd_tabel(akkoord: Akkoord, here: str) -> Html:
    overdue = [a for a in akkoord.afspraken.values() if akkoord.stand(a).over_tijd]
    if not overdue:
        return Html('<p class="zw-leeg">Er zijn geen afspraken waarvan de termijn voorbij is.</p>')
    return afspraken_tabel(akkoord, overdue, here, "Afspraken waarvan de termijn voorbij is")


def status_keuze(akkoord: Akkoord, here: str, current: str | None = None) -> Html:
    """Links to the page of every status, with counts: a filter that needs no JavaScript."""
    counts = status_telling_per(akkoord)
    items = []
    for naam, s in akkoord.statussen.items():
        text = f"{s.label} ({counts[naam]})"
        if naam == current:
            items.append(Html('<strong aria-current="page">{}</strong>').format(text))
        else:
            items.append(link(here, status_url(s.slug), text))
    return Html(", ").join(items)


def afspraken_overzicht(akkoord: Akkoord, here: str) -> Html:
    """The overview table, with links to the same afspraken grouped in other ways."""
    keuze = Html('<nav class="zw-facetten" aria-label="Afspraken per status"><p>Kies een status: '
                 "{}.</p>"
                 "<p>Afspraken per thema, gemeente of partij staan op de pagina "
                 "{}. Er is ook een {}.</p></nav>").format(
        status_keuze(akkoord, here), link(here, "afspraken/stand/", "Stand van zaken"),
        link(here, "afspraken/print/", "overzicht om te printen"))
    if any(akkoord.stand(a).over_tijd for a in akkoord.afspraken.values()):
        keuze += Html("\n\n") + over_tijd_uitleg()
    return Html("{}\n\n{}").format(keuze, afspraken_tabel(akkoord, list(akkoord.afspraken.values()), here,
                                                          "Alle afspraken uit het akkoord"))


def status_page(akkoord: Akkoord, status: Status, here: str) -> Html:
    afspraken = akkoord.afspraken_met(status=status.naam)
    count = len(afspraken)
    intro = Html("<p>{} {} {} met de status \u2018{}\u2019, op {}.</p>").format(
        "Er is" if count == 1 else "Er zijn", count, "afspraak" if count == 1 else "afspraken", status.label,
        time_tag(akkoord.peildatum))
    return Html("\n\n").join([
        Html('<h1 id="status-{}">Afspraken met status: {}</h1>').format(status.slug, status.label),
        intro,
        Html('<p class="zw-statusuitleg">{} betekent: {}</p>').format(
            status_label(status.slug, status.icoon, status.label), status.uitleg),
        afspraken_tabel(akkoord, afspraken, here, f"Afspraken met de status {status.label.lower()}")
        if afspraken else Html('<p class="zw-leeg">Er zijn nu geen afspraken met deze status.</p>'),
        Html("## Andere statussen"),
        Html('<nav class="zw-facetten" aria-label="Andere statussen"><p>{}.'
             "</p><p>Terug naar {} of naar de {}.</p></nav>").format(
            status_keuze(akkoord, here, status.naam), link(here, "afspraken/", "alle afspraken"),
            link(here, "afspraken/stand/", "stand van zaken")),
    ]) + Html("\n")


def print_page(akkoord: Akkoord, here: str, site_url: str = "") -> Html:
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
        rows.append(Html('<tr><td class="zw-nummer">{}</td><th scope="row">{}</th>'
                         "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>").format(
            a.nummer, a.titel, status_woorden(akkoord, a), termijn, verantwoordelijk_namen(akkoord, a), bijgewerkt))
    online = Html(" De nieuwste versie staat op {}afspraken/.").format(site_url) if site_url else EMPTY
    return Html("\n\n").join([
        Html('<h1 id="overzicht-om-te-printen">Overzicht om te printen</h1>'),
        Html('<p class="zw-print-intro">Dit is de stand van de {} afspraken van het woonzorgakkoord '
             "Zorgsaam wonen. Stand op {}.{}</p>").format(len(akkoord.afspraken), time_tag(akkoord.peildatum), online),
        # Plain text only, so the scrolling area on phones gets its own tab stop and name.
        Html('<div class="zw-tabel" role="region" aria-label="Alle afspraken met hun status" tabindex="0">'
             '<table class="zw-print-tabel"><caption>Alle afspraken met hun status</caption>'
             '<thead><tr><th scope="col">Nr.</th><th scope="col">Afspraak</th><th scope="col">Status</th>'
             '<th scope="col">Termijn</th><th scope="col">Verantwoordelijk</th>'
             '<th scope="col">{}</th></tr></thead>'
             "<tbody>{}</tbody></table></div>").format(NIEUWSTE_VOORTGANG, EMPTY.join(rows)),
        Html('<div class="zw-print-noot">{}<p>Uitleg over alle statussen: {}</p></div>').format(
            over_tijd_uitleg(), link(here, "afspraken/hoe-werkt-dit/", "Hoe werkt dit overzicht?")),
    ]) + Html("\n")
