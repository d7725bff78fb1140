"""Macros for the hand-written pages. Only wiring: data comes from the hook, HTML from render."""

from __future__ import annotations

from . import opendata, render


def define_env(env):
    akkoord = env.conf["extra"]["akkoord"]

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
        "proeftuinen_lijst": lambda: render.proeftuinen_lijst(akkoord, here()),
        "thema_afspraken": lambda thema: render.thema_afspraken(akkoord, thema, here()),
        "thema_proeftuinen": lambda thema: render.thema_proeftuinen(akkoord, thema, here()),
        "bronnen_lijst": lambda: render.bronnen_lijst(akkoord),
        "statussen_uitleg": lambda: render.statussen_uitleg(akkoord),
        "organisaties_lijst": lambda: render.organisaties_lijst(akkoord, here()),
        "gemeenten_lijst": lambda: render.gemeenten_lijst(akkoord, here()),
        "datum": render.datum,
    }
    for name, function in macros.items():
        env.macro(function, name)
