"""The bodies of the pages generated from data (macros/build/site_pages.py): one afspraak, proeftuin,
gemeente, organisatie or status, and the overview to print. The woordenlijst page is in
macros/output/woordenlijst.py.

Pure: no I/O. HTML as in macros/output/blocks.py; a body is Markdown headings ("## ...") between
complete block-level HTML elements, so Markdown leaves the HTML alone.
"""

from __future__ import annotations

from .blocks import (
    EMPTY, NIEUWSTE_VOORTGANG, TELWOORDEN, afspraken_tabel, bron_inline, bronnen_blok, deadline_text,
    eigen_afspraken, link, ondertekenaars_tabel, opsomming, over_tijd_uitleg, proeftuinen_lijst, stand_in_woorden,
    stand_datums, status_badge, status_keuze, status_label, time_tag, verantwoordelijk_text,
)
from .meld import MeldRoute, meld_blok
from ..model import Afspraak, Akkoord, Proeftuin, Status, Toewijzing
from .safe import Html, safe_href
from ..dates import NOT_KNOWN, datum
from .text import status_woorden, termijn_dag_gelezen, termijn_woorden, verantwoordelijk_namen
from .urls import afspraak_url, gemeente_url, organisatie_url, proeftuin_url, thema_url, voortgang_ids


def afspraak_page(akkoord: Akkoord, a: Afspraak, here: str, *, site_url: str = "",
                  meld_adres: MeldRoute | str | None = None, feed: str | None = None,
                  wijzigingen: Html = EMPTY) -> Html:
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
    if a.deadline and termijn_dag_gelezen(a.deadline) and not a.herhaling:
        notes.append(f"Het akkoord noemt hier geen dag. Wij rekenen de termijn tot en met {datum(a.deadline.datum)}.")
    if stand.termijn_voorbij and a.deadline and a.deadline.geldt_voor:
        notes.append(f"De termijn is voorbij. Die gold voor {a.deadline.geldt_voor}. Geen bron meldt dat dat klaar is.")
    elif stand.termijn_voorbij:
        notes.append(Html("De termijn ({}) is voorbij. Geen bron meldt dat deze afspraak klaar is.").format(
            deadline_text(a)))
    if stand.niet_herzien_sinds:
        notes.append(f"Niet herzien sinds {datum(stand.niet_herzien_sinds)}. Deze informatie kan verouderd zijn.")
    if a.herhaling:
        last = (f"De laatste keer was op {datum(stand.laatste_keer)}." if stand.laatste_keer
                else "Wanneer dit voor het laatst is gebeurd, is nog niet bekend.")
        due = f" Voor {akkoord.peildatum.year} is nog niet gemeld dat het is gebeurd." if stand.dit_jaar_nog_te_doen else ""
        notes.append(f"Deze afspraak komt elk jaar terug. {last}{due}")
    note_html = EMPTY.join(Html('<p class="zw-let-op">{}</p>').format(n) for n in notes)
    if stand.termijn_voorbij:
        note_html += over_tijd_uitleg()
    dl = Html("\n").join(Html("<dt>{}</dt>\n<dd>{}</dd>").format(label, value) for label, value in facts)
    verantwoordelijken = EMPTY.join(
        Html("<li>{}{}<br>{}</li>").format(
            link(here, organisatie_url(t.wie), akkoord.verantwoordelijke_naam(t.wie)),
            Html(": {}").format(akkoord.verantwoordelijken[t.wie].uitleg) if t.wie in akkoord.verantwoordelijken
            else EMPTY, grond_zin(t))
        for t in a.toewijzingen) or Html("<li>{}</li>").format(NOT_KNOWN)
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
        bronnen_blok(akkoord, [akkoord.akkoord_bron] if akkoord.akkoord_bron else [], here),
        *([wijzigingen] if wijzigingen else []),
        meld_blok(a, meld_adres, site_url + afspraak_url(a.nummer) if site_url else ""),
    ]) + Html("\n")


def grond_zin(t: Toewijzing) -> Html:
    """On what ground a party stands at an afspraak: the akkoord's words, or the site's reading."""
    if t.genoemd:
        return Html('<span class="zw-grond">Het akkoord noemt deze partij hier zelf: ‘{}’.</span>').format(
            t.woorden)
    return Html('<span class="zw-grond zw-lezing">Onze lezing: {}</span>').format(t.lezing)


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


def _zonder_gemeente(akkoord: Akkoord, here: str) -> Html:
    """Why an ondertekenaar may be missing from a gemeente's page: as many as the data says."""
    unknown = sum(1 for o in akkoord.ondertekenaars.values() if not o.gemeenten)
    if not unknown:
        return EMPTY
    if unknown * 2 > len(akkoord.ondertekenaars):
        said = "Van de meeste ondertekenaars weten we nog niet in welke gemeente zij werken. Zij staan hier dus niet."
    elif unknown == 1:
        said = "Van één ondertekenaar weten we nog niet in welke gemeente die werkt. Die staat hier dus niet."
    else:
        said = (f"Van {unknown} ondertekenaars weten we nog niet in welke gemeente zij werken. Zij staan hier "
                "dus niet.")
    return Html("<p>{} Zie ook de {}.</p>").format(said, link(here, "ondertekenaars/", "lijst van ondertekenaars"))


def gemeente_page(akkoord: Akkoord, gemeente_id: str, here: str) -> Html:
    gemeente = akkoord.gemeenten[gemeente_id]
    proeftuinen = [p for p in akkoord.proeftuinen.values() if p.gemeente == gemeente_id]
    ondertekenaars = [o for o in akkoord.ondertekenaars.values() if gemeente_id in o.gemeenten]
    afspraken = akkoord.afspraken_met(gemeente=gemeente_id)
    aantal = TELWOORDEN.get(len(akkoord.gemeenten), str(len(akkoord.gemeenten)))
    blocks = [
        Html('<h1 id="{}">Gemeente {}</h1>').format(gemeente.id, gemeente.naam),
        Html("<p>{naam} is een van de {aantal} gemeenten van het akkoord. Hier leest u wat het akkoord voor "
             "{naam} betekent.</p>").format(naam=gemeente.naam, aantal=aantal),
        Html("## Proeftuinen en voorbeelden"), proeftuinen_lijst(akkoord, here, proeftuinen),
        Html("## Ondertekenaars in deze gemeente"),
        ondertekenaars_tabel(akkoord, here, ondertekenaars),
        _zonder_gemeente(akkoord, here),
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


def status_page(akkoord: Akkoord, status: Status, here: str) -> Html:
    afspraken = akkoord.afspraken_met(status=status.naam)
    count = len(afspraken)
    intro = Html("<p>{} {} {} met de status \u2018{}\u2019.</p>{}").format(
        "Er is" if count == 1 else "Er zijn", count, "afspraak" if count == 1 else "afspraken", status.label,
        stand_datums(akkoord))
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


# Up to this many shared afspraken are listed on every ondertekenaar's page. More would repeat one
# long table on every such page (and make the build grow with ondertekenaars times afspraken);
# then the page links to the one page that lists them.
SHARED_LISTED_MAX = 25


def _aantal(n: int) -> str:
    return f"{n} afspraak" if n == 1 else f"{n} afspraken"


def organisatie_page(akkoord: Akkoord, ref: str, here: str) -> Html:
    """A verantwoordelijke or an ondertekenaar. What the akkoord names comes first and is counted
    apart from the site's readings (model.Toewijzing). An ondertekenaar also gets the afspraken it
    shares with all others: those of every verantwoordelijke with alle_ondertekenaars (data)."""
    genoemd = akkoord.afspraken_met(verantwoordelijke=ref, genoemd=True)
    gelezen = akkoord.afspraken_met(verantwoordelijke=ref, genoemd=False)
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
    listed = len(gedeeld) <= SHARED_LISTED_MAX
    if genoemd or gelezen or (gedeeld and listed):  # a table follows
        blocks.append(Html("<p>Klik op een afspraak. Dan leest u wat er is afgesproken en hoe ver het is.</p>"))
    if genoemd:
        blocks += [Html("<p>Het akkoord noemt deze partij bij {}.</p>").format(_aantal(len(genoemd))),
                   stand_in_woorden(akkoord, genoemd),
                   afspraken_tabel(akkoord, genoemd, here, f"Afspraken waarbij het akkoord {name} noemt")]
    elif gelezen or gedeeld:
        blocks.append(Html("<p>Het akkoord noemt deze partij niet zelf bij een afspraak.</p>"))
    if gelezen:
        blocks += [Html("## Volgens onze lezing") if genoemd else EMPTY,
                   Html("<p>Bij {} noemt het akkoord deze partij niet zelf. Wij rekenen {} toch tot deze "
                        "partij. Dat is onze lezing van het akkoord, niet wat er letterlijk staat. Op de pagina "
                        "van elke afspraak leest u waarom.</p>").format(
                       _aantal(len(gelezen)), "die afspraak" if len(gelezen) == 1 else "die afspraken"),
                   stand_in_woorden(akkoord, gelezen),
                   afspraken_tabel(akkoord, gelezen, here, f"Afspraken die wij tot {name} rekenen")]
    if gedeeld:
        blocks += _gedeeld_blokken(akkoord, gedeeld, here, listed, eigen=bool(genoemd or gelezen))
    if not genoemd and not gelezen and not gedeeld:
        blocks.append(Html('<p class="zw-leeg">Het akkoord maakt deze partij bij geen enkele afspraak '
                           'verantwoordelijk.</p>'))
    blocks += [Html("## Bronnen"), bronnen_blok(akkoord, bronnen, here)]
    return Html("\n\n").join(b for b in blocks if b) + Html("\n")


def _gedeeld_blokken(akkoord: Akkoord, gedeeld: list[Afspraak], here: str, listed: bool, *, eigen: bool) -> list[Html]:
    """An ondertekenaar's share of the afspraken of all ondertekenaars: what the akkoord gives all of
    them, and apart from it what the site reads as theirs."""
    alle = {r for r, v in akkoord.verantwoordelijken.items() if v.alle_ondertekenaars}
    samen = [akkoord.verantwoordelijken[r] for r in dict.fromkeys(r for a in gedeeld for r in a.verantwoordelijk)
             if r in alle]
    namen = Html(", ").join(link(here, organisatie_url(v.id), v.naam) for v in samen)

    def named(a: Afspraak) -> bool:
        return any(t.genoemd for t in a.toewijzingen if t.wie in alle)

    genoemd = [a for a in gedeeld if named(a)]
    gelezen = [a for a in gedeeld if not named(a)]
    blocks = [Html("## Samen met alle andere ondertekenaars") if eigen else EMPTY]
    if genoemd:
        blocks += [Html("<p>Bij {} noemt het akkoord alle partijen die tekenden samen. Deze partij is er een van."
                        "</p>").format(_aantal(len(genoemd))),
                   stand_in_woorden(akkoord, genoemd)]
        if listed:
            blocks.append(afspraken_tabel(akkoord, genoemd, here, "Afspraken van alle ondertekenaars samen, "
                                                                  "genoemd in het akkoord"))
    if gelezen:
        blocks += [Html("<p>Bij {} noemt het akkoord de ondertekenaars niet zelf. Wij rekenen "
                        "{} toch tot alle ondertekenaars samen. Dat is onze lezing van het akkoord, niet wat er "
                        "letterlijk staat. Op de pagina van elke afspraak leest u waarom.</p>").format(
                       _aantal(len(gelezen)), "die afspraak" if len(gelezen) == 1 else "die afspraken"),
                   stand_in_woorden(akkoord, gelezen)]
        if listed:
            blocks.append(afspraken_tabel(akkoord, gelezen, here, "Afspraken die wij tot alle ondertekenaars "
                                                                  "samen rekenen"))
    if listed:
        blocks.append(Html("<p>In de tabellen heet dat: {}.</p>").format(namen))
    else:
        blocks.append(Html("<p>Dat zijn veel afspraken. Daarom staan ze niet hier. U vindt ze allemaal "
                           "op de pagina {}.</p>").format(namen))
    return blocks


def print_page(akkoord: Akkoord, here: str, site_url: str = "", site_name: str = "") -> Html:
    rows = []
    for a in akkoord.afspraken.values():
        if a.herhaling:
            termijn = "elk jaar"
        elif a.deadline:
            termijn = termijn_woorden(a.deadline)
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
        Html('<p class="zw-print-intro">Dit is de stand van de {} afspraken van het woonzorgakkoord{}.{}</p>{}').format(
            len(akkoord.afspraken), f" {site_name}" if site_name else "", online, stand_datums(akkoord)),
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
