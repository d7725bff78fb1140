"""A page with `render_macros: true` can call the site's macros and nothing else.

Jinja would otherwise let a page reach Python (and run a shell command at build time, with its
output published), the build configuration and the data model. macros/build/templates.py refuses such
a page with a Dutch message naming the file and the line, and the build stops before anything is
written. Also here: who must review which folders (.github/CODEOWNERS).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import jinja2
import pytest
import yaml
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment
from mkdocs.utils.meta import get_data

from conftest import build_site, copy_project

ROOT = Path(__file__).resolve().parent.parent
PROEF = "docs/proef.md"
HEADER = "---\nrender_macros: true\ntitle: Proef\n---\n\n# Proef\n\nGewone tekst.\n\n"
ATTACK_LINE = HEADER.count("\n") + 1  # the line of the attack in docs/proef.md: 10

# Each with a piece of what the attack prints when it runs (None: nothing recognisable); after the
# fix none of it may be in the build's output or in the site.
ATTACKS = {
    "{{ lipsum.__globals__.os.popen('id').read() }}": "uid=",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}": "uid=",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}": "subprocess.Popen",
    "{{ config }}": "config_file_path",
    "{{ self }}": "TemplateReference",
    "{{ environment }}": "'system'",
    "{{ plugin }}": "MacrosPlugin object",
    "{{ akkoord.ondertekenaars }}": "Ondertekenaar(",
    "{{ macros_info() }}": "macros-tb",
    "{{ page.file.abs_src_path }}": "/docs/proef.md",
    "{{ blok.afspraken_tabel() | safe }}": None,
    "{{ blok.stand_grafiek(config.site_name) }}": None,
    "{{ afspraken_tabel() }}": None,  # a macro without `blok.`: not a name a page can reach
    "{{ blok._macros }}": "<function",
    "{{ blok.__class__.__init__.__globals__ }}": "'__builtins__'",
    "{{ blok }}": "Blokken object",
    "{% for x in range(3) %}rij{{ x }}{% endfor %}": "rij0rij1",
    "{% set x = 'gezet' ~ 'teken' %}{{ x }}": "gezetteken",
    "{% include 'index.md' %}": None,
}

# Every macro of the site, each called once with a value it accepts.
ALL_MACROS = {
    "status_telling": "blok.status_telling()",
    "afspraken_tabel": "blok.afspraken_tabel()",
    "stand_samenvatting": "blok.stand_samenvatting()",
    "stand_grafiek": "blok.stand_grafiek('status')",
    "over_tijd_tabel": "blok.over_tijd_tabel()",
    "open_data_kolommen": "blok.open_data_kolommen('afspraken')",
    "afspraken_per_groep": "blok.afspraken_per_groep()",
    "ondertekenaars_tabel": "blok.ondertekenaars_tabel()",
    "aantal_ondertekenaars": "blok.aantal_ondertekenaars()",
    "proeftuinen_lijst": "blok.proeftuinen_lijst()",
    "thema_afspraken": "blok.thema_afspraken('gezonde-wijk')",
    "thema_proeftuinen": "blok.thema_proeftuinen(thema='gezonde-wijk')",
    "bronnen_lijst": "blok.bronnen_lijst()",
    "statussen_uitleg": "blok.statussen_uitleg()",
    "organisaties_lijst": "blok.organisaties_lijst()",
    "gemeenten_lijst": "blok.gemeenten_lijst()",
    "themas_afspraken": "blok.themas_afspraken()",
    "redactie_adres": "blok.redactie_adres()",
    "fout_melden": "blok.fout_melden()",
    "bestanden_adres": "blok.bestanden_adres()",
    "datum": "blok.datum(None)",
}


def build_with_page(tmp_path: Path, text: str):
    project = copy_project(tmp_path / "p")
    (project / PROEF).write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site)
    return result, result.stdout + result.stderr, site


def site_text(site: Path) -> str:
    if not site.exists():
        return ""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file())


def assert_refused(result, output: str, site: Path, message: str, leak: str | None) -> None:
    assert result.returncode != 0, output
    assert message in output, output
    assert re.search(r"Niet gebouwd: \d+ fout(en)? in een pagina\. Verbeter de fout(en)? hierboven; "
                     r"er is niets gepubliceerd\.", output), output
    assert "uid=" not in output
    assert not (site / "index.html").exists() and not list(site.rglob("*.html"))
    if leak:
        assert leak not in site_text(site)
        assert leak not in output.replace(message, ""), output


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_page_cannot_reach_python_config_or_data(tmp_path, attack):
    result, output, site = build_with_page(tmp_path, HEADER + attack + "\n\nMeer tekst.\n")
    first_tag = re.match(r"\{\{.*?\}\}|\{%.*?%\}", attack).group(0)
    message = f"{PROEF}, regel {ATTACK_LINE}: '{first_tag}' mag niet in een pagina."
    assert_refused(result, output, site, message, ATTACKS[attack])


def test_a_page_title_cannot_run_code_either(tmp_path):
    attack = "{{ lipsum.__globals__.os.popen('id').read() }}"
    text = f"---\nrender_macros: true\ntitle: \"{attack}\"\n---\n\nGewone tekst.\n"
    result, output, site = build_with_page(tmp_path, text)
    assert_refused(result, output, site, f"{PROEF}, regel 3: '{attack}' mag niet in de titel van een pagina.", "uid=")


def test_the_message_names_every_macro_an_editor_may_use(tmp_path):
    result, output, _ = build_with_page(tmp_path, HEADER + "{{ config }}\n")
    hint = next(line for line in output.splitlines() if line.startswith("Gebruik alleen de macro's van de site"))
    assert set(re.findall(r"(\w+)\(", hint)) == set(ALL_MACROS)
    assert "{% raw %}" in hint


def test_a_page_calling_every_macro_builds(tmp_path):
    calls = "\n\n".join("{{ " + call + " }}" for call in ALL_MACROS.values())
    text = (HEADER + calls + "\n\n{# een opmerking voor de redactie #}\n\n"
            "Zo schrijft u een macro: {% raw %}{{ config }} en {% for %}{% endraw %}.\n")
    result, output, site = build_with_page(tmp_path, text)
    assert result.returncode == 0, output
    page = (site / "proef" / "index.html").read_text(encoding="utf-8")
    assert "Zo schrijft u een macro: {{ config }} en {% for %}." in page
    assert "een opmerking voor de redactie" not in page
    signatories = yaml.safe_load((ROOT / "data" / "ondertekenaars.yml").read_text(encoding="utf-8"))
    count = (site / "ondertekenaars" / "index.html").read_text(encoding="utf-8")
    assert f"bevestigt een bron <strong>{len(signatories)}</strong> ondertekenaars" in count


def test_text_from_the_data_is_never_a_template(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "data" / "ondertekenaars.yml"
    attack = "{{ lipsum.__globals__.os.popen('id').read() }} {% raw %}"
    text = path.read_text(encoding="utf-8")
    first = yaml.safe_load(text)[0]["naam"]
    path.write_text(text.replace(f"naam: {first}\n", f"naam: \"{first} {attack}\"\n", 1), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "ondertekenaars" / "index.html").read_text(encoding="utf-8")
    assert "{{ lipsum.__globals__.os.popen(&#x27;id&#x27;).read() }} {% raw %}" in page
    assert "uid=" not in site_text(tmp_path / "site")


# --- the check itself, on the real pages and on its own -----------------------------------------

def site_macros() -> dict:
    from macros.build import generate
    from macros.data.loader import load_akkoord, peildatum_from_env

    day = peildatum_from_env({"SOURCE_DATE_EPOCH": str(int(time.time()))})
    return generate.site_macros(load_akkoord(ROOT / "data", day, display_root=ROOT), lambda: "")


def test_the_real_pages_pass_the_check():
    from macros.build import templates

    found = site_macros()
    assert set(found) == set(ALL_MACROS)
    env = templates.MacroOnlyEnvironment(found, like=jinja2.Environment())
    checked = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        source = path.read_text(encoding="utf-8-sig")
        markdown, meta = get_data(source)
        if meta.get("render_macros") is not True:
            continue
        first_line = source[: len(source) - len(markdown)].count("\n") + 1
        assert templates.problems(env, markdown, env.allowed, first_line) == [], path
        if "{{" in markdown:
            env.from_string(markdown)  # lock 2 agrees
            checked += 1
    assert checked >= 10


def test_the_environment_holds_only_the_macros_and_ignores_passed_variables():
    from macros.build import templates

    env = templates.MacroOnlyEnvironment({"groet": lambda naam="": f"dag {naam}"}, like=jinja2.Environment())
    assert isinstance(env, ImmutableSandboxedEnvironment)
    assert set(env.globals) == {"blok"} and not env.filters
    assert env.from_string("{{ blok.groet('Anna') }}").render(blok=lambda *a: "overschreven") == "dag Anna"
    for text in ("{{ lipsum }}", "{{ config }}", "{{ blok.groet.__globals__ }}", "{{ blok.groet() | upper }}",
                 "{% for x in y %}{% endfor %}", "{{ blok.groet(x) }}", "{{ blok.groet(*x) }}", "{{ groet() }}",
                 "{{ blok }}", "{{ blok.groet }}", "{{ blok['groet']() }}", "{{ blok.onbekend() }}",
                 "{{ x.groet() }}", "{{ blok._macros }}"):
        with pytest.raises(TemplateSyntaxError):
            env.from_string(text)
    # Behind the allow-list is a sandbox: a tree compiled without the check still cannot reach Python.
    like = jinja2.Environment(undefined=jinja2.StrictUndefined)
    strict = templates.MacroOnlyEnvironment({"groet": lambda: ""}, like=like)
    for text in ("{{ blok.groet.__globals__.os }}", "{{ blok._macros }}", "{{ blok.__class__.__init__ }}"):
        unchecked = Parser(strict, text).parse()
        with pytest.raises(SecurityError):
            strict.from_string(unchecked).render()


def test_the_check_names_the_line_of_each_problem():
    from macros.build import templates

    env = templates.MacroOnlyEnvironment({"a": lambda: ""}, like=jinja2.Environment())
    source = ("tekst\n{{ blok.a() }} en {{ b }}\n{% raw %}{{ c }}{% endraw %}\n{{ blok.a(\n  x) }}\n{% if 1 %}\nja\n"
              "{% endif %}\n")
    found = [(p.line, p.text) for p in templates.problems(env, source, env.allowed, first_line=5)]
    assert found == [(6, "{{ b }}"), (8, "{{ blok.a( x) }}"), (10, "{% if 1 %}"), (12, "{% endif %}")]


# --- review: .github/CODEOWNERS -----------------------------------------------------------------

def codeowners() -> list[tuple[str, list[str]]]:
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    return [(line.split()[0], line.split()[1:]) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def owners_of(path: str) -> list[str]:
    """GitHub's rule: the last matching pattern wins (only the pattern forms this file uses)."""
    owners: list[str] = []
    for pattern, names in codeowners():
        if pattern == "*" or (pattern.endswith("/") and f"/{path}".startswith(pattern)) or pattern == f"/{path}":
            owners = names
    return owners


def test_codeowners_asks_a_maintainer_for_the_technical_folders():
    rules = [pattern for pattern, _ in codeowners()]
    editors = owners_of("data/afspraken.yml")
    assert editors and owners_of("docs/index.md") == editors
    maintainers = owners_of("macros/build/templates.py")
    assert maintainers and maintainers != editors
    for folder in ("/data/schema/", "/macros/", "/overrides/", "/.github/"):
        assert folder in rules, folder
    assert rules.index("/data/schema/") > rules.index("/data/")
    for path in ("data/schema/afspraken.schema.json", "macros/build/mkdocs_hooks.py", "overrides/main.html",
                 ".github/CODEOWNERS", ".github/workflows/site.yml"):
        assert owners_of(path) == maintainers, path
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").lower()
    assert "vervang" in text and "voorbeeld" in text  # placeholders, said to be placeholders
    guide = (ROOT / "REDACTIE.md").read_text(encoding="utf-8")
    assert ".github/CODEOWNERS" in guide and "beheerder" in guide
