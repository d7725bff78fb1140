"""Macros for the hand-written pages. Only wiring: data comes from the hook, HTML from render.

A page may call these macros and nothing else (macros/templates.py checks every page before it
is rendered and renders it in a sandbox that holds only these macros).
"""

from __future__ import annotations

from . import opendata, render, templates, text

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
        "status_telling": lambda: render.status_telling(akkoord, here()),
        "afspraken_tabel": lambda: render.afspraken_overzicht(akkoord, here()),
        "stand_samenvatting": lambda: render.stand_samenvatting(akkoord, here()),
        "stand_grafiek": lambda soort: render.stand_grafiek(akkoord, soort, here()),
        "over_tijd_tabel": lambda: render.over_tijd_tabel(akkoord, here()),
        "open_data_kolommen": opendata.kolommen_uitleg,
        "afspraken_per_groep": lambda: render.afspraken_per_groep(akkoord, here()),
        "ondertekenaars_tabel": lambda: render.ondertekenaars_tabel(akkoord, here()),
        "aantal_ondertekenaars": lambda: len(akkoord.ondertekenaars),
        "proeftuinen_lijst": lambda: render.proeftuinen_lijst(akkoord, here()),
        "thema_afspraken": lambda thema: render.thema_afspraken(akkoord, thema, here()),
        "thema_proeftuinen": lambda thema: render.thema_proeftuinen(akkoord, thema, here()),
        "bronnen_lijst": lambda: render.bronnen_lijst(akkoord),
        "statussen_uitleg": lambda: render.statussen_uitleg(akkoord),
        "organisaties_lijst": lambda: render.organisaties_lijst(akkoord, here()),
        "gemeenten_lijst": lambda: render.gemeenten_lijst(akkoord, here()),
        "datum": text.datum,
    }
    for name, function in macros.items():
        env.macro(function, name)
    _site_macros.clear()
    _site_macros.update(macros)


def on_pre_page_macros(env):
    """Called by the plugin before it renders a page: refuse anything but the macros above."""
    templates.check_page(env, dict(_site_macros))
