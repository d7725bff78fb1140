"""Small HTML pieces used on many pages: links, dates, status labels, deadlines, bronnen, tables.

Pure: no I/O. Data is text, never markup. HTML is built as `Html` (macros/output/safe.py): every data
value put into an `Html` template with format(), join() or + is escaped by the type itself, so
there is no escape call to forget. Data strings stay plain `str`; only literals in the code become
`Html`. Every href goes through safe.safe_href(). The same holds for macros/output/overviews.py,
macros/output/pages.py and macros/output/meld.py, which build on these pieces.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..model import Afspraak, Akkoord, Bron, Ondertekenaar, Proeftuin
from .safe import Html, safe_href
from ..dates import NOT_KNOWN, datum
from .text import LEZING_KORT, TITEL_ONBEKEND, bron_when, bron_zonder_titel, gegevens_datum_zin, termijn_woorden
from .urls import afspraak_url, gemeente_url, href, organisatie_url, proeftuin_url, status_url, thema_url


# The date of an afspraak's newest progress entry. Not the page's own date under every page
# ("Pagina voor het laatst aangepast", macros/build/mkdocs_hooks.py): two dates, two names.
NIEUWSTE_VOORTGANG = "Nieuwste voortgang"
EMPTY = Html("")


def e(text) -> Html:
    """Text as HTML. Rarely needed: Html templates escape what they are given."""
    return Html.escape(text)


def time_tag(day: dt.date | None) -> Html:
    if day is None:
        return Html('<span class="zw-onbekend">{}</span>').format(NOT_KNOWN)
    return Html('<time datetime="{}">{}</time>').format(day.isoformat(), datum(day))


def stand_datums(akkoord: Akkoord) -> Html:
    """Two dates, never one for the other: when the data last changed, and the day the site was made
    (deadlines are judged on that day)."""
    gewijzigd = (Html("De gegevens zijn voor het laatst gewijzigd op {}.").format(time_tag(akkoord.gegevens_gewijzigd))
                 if akkoord.gegevens_gewijzigd else Html("{}").format(gegevens_datum_zin(akkoord)))
    return Html('<p class="zw-stand-datums">{} Deze site is gemaakt op {}. Of een termijn voorbij is, is op die '
                "dag bekeken.</p>").format(gewijzigd, time_tag(akkoord.peildatum))


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
    mark = termijn_mark(akkoord, afspraak)
    if mark:
        badge = Html("{} {}").format(badge, status_label("over-tijd", "!", mark))
    return badge


def termijn_mark(akkoord: Akkoord, afspraak: Afspraak) -> str | None:
    """'Over tijd' or 'Termijn voorbij' (model.Stand), or None: the one place the mark is chosen."""
    stand = akkoord.stand(afspraak)
    return OVER_TIJD if stand.over_tijd else TERMIJN_VOORBIJ if stand.termijn_voorbij else None


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
    return e(termijn_woorden(afspraak.deadline))


def verantwoordelijk_text(akkoord: Akkoord, afspraak: Afspraak, here: str) -> Html:
    """The responsible parties, a reading marked as such: '(onze lezing)' after the name."""
    if not afspraak.toewijzingen:
        return Html('<span class="zw-onbekend">{}</span>').format(NOT_KNOWN)
    return Html(", ").join(
        link(here, organisatie_url(t.wie), akkoord.verantwoordelijke_naam(t.wie))
        + (EMPTY if t.genoemd else Html(' <span class="zw-lezing">({})</span>').format(LEZING_KORT))
        for t in afspraak.toewijzingen)


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


def bronnen_blok(akkoord: Akkoord, bron_ids, here: str) -> Html:
    """The sources as a list under the text, not inside its sentences: one source per item."""
    items = EMPTY.join(Html("<li>{}</li>").format(bron_inline(akkoord, b, here)) for b in bron_ids)
    if not items:
        return Html("<p>Er is nog geen bron bekend.</p>")
    return Html('<ul class="zw-bronnenlijst">{}</ul>').format(items)


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


def stand_in_woorden(akkoord: Akkoord, afspraken: list[Afspraak]) -> Html:
    """'Stand: 2 onbekend, 1 afgerond.' The status labels are data: escaped by Html."""
    counts: dict[str, int] = {}
    for a in afspraken:
        label = akkoord.statussen[a.status].label.lower()
        counts[label] = counts.get(label, 0) + 1
    return Html("<p>Stand: {}.</p>").format(Html(", ").join(Html("{} {}").format(n, label)
                                                             for label, n in counts.items()))




def status_keuze(akkoord: Akkoord, here: str, current: str | None = None) -> Html:
    """Links to the page of every status, with counts: a filter that needs no JavaScript."""
    counts = akkoord.telling().per_status
    items = []
    for naam, s in akkoord.statussen.items():
        text = f"{s.label} ({counts[naam]})"
        if naam == current:
            items.append(Html('<strong aria-current="page">{}</strong>').format(text))
        else:
            items.append(link(here, status_url(s.slug), text))
    return Html(", ").join(items)


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


# "Pagina voor het laatst aangepast" under every page (the theme's source-file partial shows the
# page meta key below). Not "Laatst gewijzigd": residents mixed that up with an afspraak's
# "Nieuwste voortgang" (NIEUWSTE_VOORTGANG). The span and its classes are those the
# git-revision-date-localized plugin wrote, which made these lines before the generator did.
LAST_CHANGED = "Pagina voor het laatst aangepast:"
LAST_CHANGED_META = "git_revision_date_localized"
LAST_CHANGED_ZONE = ZoneInfo("Europe/Amsterdam")


def laatst_aangepast(timestamp: int) -> str:
    """The date line of a page last changed at `timestamp` (unix seconds), in Dutch time."""
    moment = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).astimezone(LAST_CHANGED_ZONE)
    day = datum(moment.date())
    title = f"{day} {moment.strftime('%H:%M:%S %Z')}"
    return str(Html('{} <span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date" '
                    'title="{}">{}</span>').format(LAST_CHANGED, title, day))
