"""'Wijzigingen' on an afspraak page and the page 'Wat is er veranderd?'.

Pure: no I/O. The changes come from macros/history/diff.py; every text is escaped (safe.Html).
A commit is linked only when the repository address is known (MeldRoute.repo, from REPO_ADRES).
"""

from __future__ import annotations

from .blocks import EMPTY, link, time_tag
from ..history.diff import NIET_BESCHIKBAAR, CommitWijzigingen, Geschiedenis, Wijziging
from .meld import MeldRoute
from ..model import Afspraak, Akkoord
from .safe import Html, safe_href
from .text import bron_zonder_titel
from .urls import afspraak_url, organisatie_url, proeftuin_url

PAGE = "wijzigingen.md"
URL = "wijzigingen/"
TITLE = "Wat is er veranderd?"
LATEST = 50  # commits on the page and in its feed
PER_COMMIT = 20  # items listed per commit; the first version of a big file names the rest in a count


def anchor(commit: CommitWijzigingen) -> str:
    return f"wijziging-{commit.sha[:12]}"


def commit_url(repo: MeldRoute | str | None, sha: str) -> str | None:
    """The commit on GitHub, only when the repository address is known; never a made-up one."""
    address = repo.repo if isinstance(repo, MeldRoute) else repo
    base = safe_href(address) if address else None
    return safe_href(f"{base.rstrip('/')}/commit/{sha}") if base else None


def cited_bronnen(akkoord: Akkoord, a: Afspraak) -> list[str]:
    return [b for b in dict.fromkeys([akkoord.akkoord_bron, *(v.bron for v in a.voortgang)]) if b is not None]


def target_url(akkoord: Akkoord, w: Wijziging) -> str | None:
    """The page of the changed item, if it is still on the site."""
    if not w.bestaat:
        return None
    if w.soort == "afspraak" and w.sleutel in akkoord.afspraken:
        return afspraak_url(w.sleutel)
    if w.soort == "proeftuin" and w.sleutel in akkoord.proeftuinen:
        return proeftuin_url(w.sleutel)
    if w.soort == "ondertekenaar" and w.sleutel in akkoord.ondertekenaars:
        return organisatie_url(w.sleutel)
    if w.soort == "bron" and w.sleutel in akkoord.bronnen:
        return "over/bronnen/"
    return None


def current_name(akkoord: Akkoord, w: Wijziging) -> str:
    """The name on the site now, for an item that is still there (a corrected title is not repeated);
    else the name it had in that version. Plain text."""
    if target_url(akkoord, w) is None:
        return w.naam
    if w.soort == "afspraak":
        a = akkoord.afspraken[w.sleutel]
        return f"Afspraak {a.nummer}: {a.titel}"
    if w.soort == "bron":
        bron = akkoord.bronnen[w.sleutel]
        return bron.titel or bron_zonder_titel(bron)
    return (akkoord.proeftuinen if w.soort == "proeftuin" else akkoord.ondertekenaars)[w.sleutel].naam


INLINE_WORDS = 20  # a name and its changes on one line up to this many words; longer, the changes as a list


def _regels(name: str, w: Wijziging) -> Html:
    """The changes after the name: inline when short, else as a list, so it never reads as one long sentence."""
    if len(w.regels) == 1 or len(" ".join([name, *w.regels]).split()) <= INLINE_WORDS:
        return Html(" {}").format(", ".join(w.regels))
    return Html("<ul>{}</ul>").format(EMPTY.join(Html("<li>{}</li>").format(regel) for regel in w.regels))


def _bericht(commit: CommitWijzigingen) -> Html:
    if not commit.bericht:
        return EMPTY
    return Html('<p class="zw-wijziging__bericht">Uitleg van de redactie: {}</p>').format(commit.bericht)


def _commit_link(commit: CommitWijzigingen, repo) -> Html:
    url = commit_url(repo, commit.sha)
    return Html('<p class="zw-wijziging__commit"><a href="{}">Bekijk deze wijziging op GitHub</a></p>').format(
        url) if url else EMPTY


def _line(akkoord: Akkoord, w: Wijziging, here: str, naam: bool) -> Html:
    if not naam:  # the afspraak's own page: one short line per change
        return EMPTY.join(Html("<li>{}</li>").format(regel) for regel in w.regels)
    target = target_url(akkoord, w)
    naam = current_name(akkoord, w) if target else w.naam
    name = link(here, target, naam) if target else Html("{}").format(naam)
    return Html("<li>{}{}:{}</li>").format("Bron " if w.soort == "bron" else "", name, _regels(naam, w))


def niet_beschikbaar() -> Html:
    # The reason (no git, a shallow clone) is for the builder; the build log has it.
    return Html('<p class="zw-geschiedenis-onbekend">{} Deze versie van de site is gemaakt zonder de lijst '
                "van eerdere wijzigingen.</p>").format(NIET_BESCHIKBAAR)


def afspraak_sectie(akkoord: Akkoord, geschiedenis: Geschiedenis | None, a: Afspraak, here: str, repo) -> Html:
    """The section 'Wijzigingen' of an afspraak page: newest first. Kept out of search: it repeats the page."""
    geschiedenis = geschiedenis or Geschiedenis()
    head = Html('<section class="zw-wijzigingen" aria-labelledby="wijzigingen-{0}" data-search-exclude>'
                '<h2 id="wijzigingen-{0}">Wijzigingen</h2>').format(a.nummer)
    if geschiedenis.niet_beschikbaar:
        return head + niet_beschikbaar() + Html("</section>")
    found = geschiedenis.voor_afspraak(a.nummer, cited_bronnen(akkoord, a))
    if not found:
        return head + Html("<p>Er zijn nog geen wijzigingen van deze afspraak bekend.</p></section>")
    items = EMPTY.join(
        Html('<li><p class="zw-wijziging__datum">{}</p><ul>{}</ul>{}{}</li>').format(
            time_tag(commit.datum),
            EMPTY.join(_line(akkoord, w, here, naam=w.soort != "afspraak") for w in ws),
            _bericht(commit), _commit_link(commit, repo))
        for commit, ws in found)
    return head + Html("<p>Hier ziet u wanneer de gegevens van deze afspraak zijn veranderd. Het nieuwste staat "
                       'bovenaan.</p><ol class="zw-wijzigingen__lijst">{}</ol></section>').format(items)


def waarom_zin(commits: list[CommitWijzigingen]) -> Html:
    """What the list says about reasons, true of exactly the commits shown: the reason is the
    editor's 'Uitleg:' line, and a commit without one has no reason on the site."""
    with_reason = sum(1 for commit in commits if commit.bericht)
    if not commits:
        return EMPTY
    if with_reason == len(commits):
        return Html("<p>Bij elke wijziging staat wat er anders is. De redactie schrijft er ook kort bij waarom.</p>")
    if with_reason:
        return Html("<p>Bij elke wijziging staat wat er anders is. Soms schrijft de redactie er ook bij waarom. "
                    "Dat staat dan onder ‘Uitleg van de redactie’.</p>")
    return Html("<p>Bij elke wijziging staat wat er anders is. Waarom het is veranderd, staat er nog niet bij.</p>")


def page(akkoord: Akkoord, geschiedenis: Geschiedenis | None, here: str, repo, feed: str) -> Html:
    """'Wat is er veranderd?': the latest changes in all data, newest first."""
    geschiedenis = geschiedenis or Geschiedenis()
    blocks = [Html('<h1 id="wat-is-er-veranderd">{}</h1>').format(TITLE),
              Html("<p>Hier ziet u wat er onlangs is veranderd in de gegevens van deze site. Het gaat om de "
                   "afspraken, de ondertekenaars, de proeftuinen en de bronnen. Het nieuwste staat bovenaan.</p>"),
              waarom_zin(geschiedenis.commits[:LATEST])]
    if geschiedenis.niet_beschikbaar:
        blocks.append(niet_beschikbaar())
    else:
        blocks.append(Html('<p class="zw-feed">Wilt u bericht bij elke wijziging? Zet dan het {} in een '
                           "nieuwslezer. (Voor kenners: het is een Atom-feed.)</p>").format(
            link(here, feed, "nieuwsbestand met wijzigingen")))
        items = []
        for commit in geschiedenis.commits[:LATEST]:
            shown = commit.wijzigingen[:PER_COMMIT]
            rest = len(commit.wijzigingen) - len(shown)
            more = Html("<li>En nog {} andere.</li>").format(rest) if rest else EMPTY
            items.append(Html('<li id="{}"><p class="zw-wijziging__datum">{}</p><ul>{}{}</ul>{}{}</li>').format(
                anchor(commit), time_tag(commit.datum),
                EMPTY.join(_line(akkoord, w, here, naam=True) for w in shown), more,
                _bericht(commit), _commit_link(commit, repo)))
        blocks.append(Html('<ol class="zw-wijzigingen__lijst">{}</ol>').format(EMPTY.join(items))
                      if items else Html("<p>Er zijn nog geen wijzigingen bekend.</p>"))
    return Html("\n\n").join(blocks) + Html("\n")
