"""Macros for the hand-written pages. Only wiring: data comes from the hook, HTML from overviews and blocks.

A page may call these macros and nothing else (macros/templates.py checks every page before it
is rendered and renders it in a sandbox that holds only these macros).
"""

from __future__ import annotations

from . import blocks, opendata, overviews, templates, text

# The Akkoord of the current build, set by the build hook (macros/hooks.py, on_config). It is
# kept here, not in config.extra, so that no template can reach the data model itself.
_build: dict = {}
# The site's macros of the current build: the only names a page may use.
_site_macros: dict = {}


def use_akkoord(akkoord) -> None:
    _build["akkoord"] = akkoord


def loaded_akkoord():
    try:
        return _build["akkoord"]
    except KeyError:
        raise RuntimeError("No Akkoord loaded: macros/hooks.py must be listed under `hooks:` in mkdocs.yml") from None


def define_env(env):
    akkoord = loaded_akkoord()

    def here() -> str:
        return env.page.url

    macros = {
        "status_telling": lambda: overviews.status_telling(akkoord, here()),
        "afspraken_tabel": lambda: overviews.afspraken_overzicht(akkoord, here()),
        "stand_samenvatting": lambda: overviews.stand_samenvatting(akkoord, here()),
        "stand_grafiek": lambda soort: overviews.stand_grafiek(akkoord, soort, here()),
        "over_tijd_tabel": lambda: overviews.over_tijd_tabel(akkoord, here()),
        "open_data_kolommen": lambda bestand: opendata.kolommen_uitleg(akkoord, bestand),
        "afspraken_per_groep": lambda: overviews.afspraken_per_groep(akkoord, here()),
        "ondertekenaars_tabel": lambda: blocks.ondertekenaars_tabel(akkoord, here()),
        "aantal_ondertekenaars": lambda: len(akkoord.ondertekenaars),
        "proeftuinen_lijst": lambda: blocks.proeftuinen_lijst(akkoord, here()),
        "thema_afspraken": lambda thema: overviews.thema_afspraken(akkoord, thema, here()),
        "thema_proeftuinen": lambda thema: overviews.thema_proeftuinen(akkoord, thema, here()),
        "bronnen_lijst": lambda: overviews.bronnen_lijst(akkoord),
        "statussen_uitleg": lambda: overviews.statussen_uitleg(akkoord),
        "organisaties_lijst": lambda: overviews.organisaties_lijst(akkoord, here()),
        "gemeenten_lijst": lambda: overviews.gemeenten_lijst(akkoord, here()),
        "datum": text.datum,
    }
    for name, function in macros.items():
        env.macro(function, name)
    _site_macros.clear()
    _site_macros.update(macros)


def on_pre_page_macros(env):
    """Called by the plugin before it renders a page: refuse anything but the macros above."""
    templates.check_page(env, dict(_site_macros))
