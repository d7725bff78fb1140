"""'Klopt dit niet?': how a reader reports a mistake on an afspraak page, by e-mail or on GitHub.

Pure: no I/O. The only place a mailto: link is made (safe.safe_href(mailto=True)).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from ..model import Afspraak
from .safe import Html, clean_text, safe_href


def meld_mailto(a: Afspraak, adres: str, page_url: str) -> str:
    """A mailto: link (RFC 6068) with a subject and a short form to fill in. A URL: plain str."""
    subject = f"Afspraak {a.nummer}: {a.titel}"
    body = "\r\n".join([
        "Beste redactie,", "",
        f"Ik heb een opmerking over afspraak {a.nummer}: {a.titel}.",
        *([f"Pagina: {page_url}"] if page_url else []), "",
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

    @classmethod
    def of(cls, email: str | None, repo: str | None) -> MeldRoute:
        """From the settings as MkDocs reads them: an empty setting is no route."""
        return cls(email=email or None, repo=repo or None)


ISSUE_FORM = "klopt-dit-niet.yml"  # .github/ISSUE_TEMPLATE/


def _meld_issue_url(a: Afspraak, repo: str, page_url: str) -> str:
    """The GitHub issue form, with the afspraak and the page filled in. A URL: plain str."""
    fields = {"template": ISSUE_FORM, "title": f"Afspraak {a.nummer}: {clean_text(a.titel)}",
              "afspraak": f"Afspraak {a.nummer}: {clean_text(a.titel)}"}
    if page_url:  # only an address readers can visit (urls.public_site_url)
        fields["pagina"] = clean_text(page_url)
    query = urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)
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


# --- the same routes, for the hand-written pages: a sentence about reporting is made with the route

def _mail_link(route: MeldRoute) -> Html | None:
    href = safe_href(f"mailto:{urllib.parse.quote(clean_text(route.email), safe='@')}", mailto=True) \
        if route.email else None
    return Html('<a class="zw-meld__adres" href="{}">{}</a>').format(href, route.email) if href else None


def redactie_adres(route: MeldRoute) -> Html:
    """The editors' e-mail address as a link; or, while it is not known, a sentence that says so."""
    mail = _mail_link(route)
    if mail:
        return Html('<p class="zw-redactie-adres">Het e-mailadres van de redactie is {}.</p>').format(mail)
    return Html('<p class="zw-redactie-adres">Het e-mailadres van de redactie is nog niet bekend. Zodra het er is, '
                "staat het hier.</p>")


def fout_melden(route: MeldRoute) -> Html:
    """Where to report a mistake, as the afspraak pages offer it (meld_blok): only ways that exist."""
    mail = _mail_link(route)
    repo = safe_href(route.repo) if route.repo else None
    if not mail and not repo:
        return Html("<p>Er is nog geen manier om een fout te melden. Het e-mailadres van de redactie is nog niet "
                    "bekend. Zodra er een manier is, staat die onderaan de pagina van elke afspraak.</p>")
    if mail and repo:
        ways = Html("Daar kunt u een fout melden, per e-mail of met een formulier op GitHub. U kunt de redactie "
                    "ook direct mailen: {}.").format(mail)
    elif mail:
        ways = Html("Daar kunt u een fout melden per e-mail. U kunt de redactie ook direct mailen: {}.").format(mail)
    else:
        ways = Html("Daar kunt u een fout melden met een formulier op GitHub. Daarvoor hebt u een account bij "
                    "GitHub nodig.")
    return Html("<p>Onderaan de pagina van elke afspraak staat het deel \u2018Klopt dit niet?\u2019. {}</p>").format(
        ways)


def bestanden_adres(route: MeldRoute) -> Html:
    """Where the data files and the editors' guide are: a link when the repository is known."""
    repo = safe_href(route.repo) if route.repo else None
    if not repo:
        return Html("<p>Het webadres van die bestanden is nog niet bekend. Zodra het er is, staat het hier.</p>")
    guide = safe_href(f"{repo.rstrip('/')}/blob/HEAD/REDACTIE.md")
    return Html('<p>U vindt de bestanden op <a href="{}">GitHub</a>. Daar staat ook de '
                '<a href="{}">handleiding voor de redactie</a>.</p>').format(repo, guide)
