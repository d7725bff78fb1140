"""Macros for the hand-written pages. Only wiring: the macros are generate.site_macros.

A page may call these macros and nothing else (macros/build/templates.py checks every page before it
is rendered and renders it in a sandbox that holds only these macros). The data is loaded here,
through the same cached load as the build hook (generate.load), not taken from the hook.
"""

from __future__ import annotations

from pathlib import Path

from .build import generate, templates

# The site's macros of the current build: the only names a page may use.
_site_macros: dict = {}


def define_env(env):
    akkoord = generate.load(Path(env.conf["config_file_path"]).parent)

    def here() -> str:
        return env.page.url

    macros = generate.site_macros(akkoord, here, generate.meld_route(env.conf.get("extra") or {}))
    for name, function in macros.items():
        env.macro(function, name)
    _site_macros.clear()
    _site_macros.update(macros)


def on_pre_page_macros(env):
    """Called by the plugin before it renders a page: refuse anything but the macros above."""
    templates.check_page(env, dict(_site_macros))
