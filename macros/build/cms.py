"""The editors' form at /admin/ (Sveltia CMS): its configuration and its files.

The configuration is made from data/schema/ (fields, required, patterns) and the reference
lists in data/ (statussen, thema's, gemeenten, soorten, groepen), never written by hand beside
them. The Dutch label of each field is the one thing written here: a schema field without a
label stops the build (CmsError), so a new field cannot silently go missing from the form.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from ..data.schemas import LIST_KEYWORD
from ..model import Akkoord

ADMIN = "admin/"
CMS_BUNDLE = Path("node_modules/@sveltia/cms/dist/sveltia-cms.js")
YAML_LIB = Path("node_modules/yaml/browser/dist")
CMS_LOCALES = Path("node_modules/@sveltia/cms/locales")
# The CMS fetches its Dutch words and its fonts from CDNs (unpkg, jsdelivr). The editor serves
# them itself: the bundle's addresses are rewritten to files copied from node_modules. Each
# address must be found, so a new CMS version that moves one stops the build here.
FONTS = {
    "https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2":
        "node_modules/@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2":
        "node_modules/@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2":
        "node_modules/@fontsource-variable/material-symbols-outlined/files/"
        "material-symbols-outlined-latin-wght-normal.woff2",
}
BUNDLE_REWRITES = {
    "`${iP}@${rP}/locales`": "`locales`",  # locales/<taal>.json next to the page
    "`${iP}/package.json`": "`sveltia-cms-package.json`",  # the update check: this version is the newest
    **{url: "fonts/" + Path(local).name for url, local in FONTS.items()},
    # GitHub's status page, asked at every start: answered by a file here ("no incident").
    "`https://www.githubstatus.com/api/v2/status.json`": "`github-status.json`",
    # The CMS forbids zooming on phones (axe: meta-viewport, WCAG 1.4.4); editors may zoom.
    "`initial-scale=1`,`maximum-scale=1`,": "`initial-scale=1`,",
}
SOURCES = Path("cms")  # the page and the file format, hand-written
AUTH_URL_ENV = "CMS_AUTH_URL"  # the sign-in service the repository owner runs (REDACTIE.md)


class CmsError(Exception):
    """The editor cannot be built; the message is Dutch and says what to do."""


# The editor's files, in the order of the menu: data file, title, the key that names a record,
# what the editor does there, and whether records may be added.
SINGULAR = {"afspraken": "afspraak", "bronnen": "bron", "ondertekenaars": "ondertekenaar", "proeftuinen": "proeftuin",
            "woordenlijst": "woord"}
FILES = [
    ("afspraken", "Voortgang van de afspraken", "nummer",
     "Zet bij een afspraak een nieuwe regel onder Voortgang: datum, status, wat er is gebeurd en de bron. "
     "De tekst van het akkoord kunt u hier niet veranderen.", False),
    ("bronnen", "Bronnen", "id",
     "Zet hier eerst de bron (een bericht, verslag of besluit). Daarna kunt u haar kiezen bij een voortgangsregel.",
     True),
    ("ondertekenaars", "Ondertekenaars", "id",
     "Een organisatie die het akkoord heeft ondertekend. Noem de bron die dat laat zien.", True),
    ("proeftuinen", "Proeftuinen", "id",
     "Zet bij een proeftuin een nieuwe regel onder Voortgang: datum, wat er is gebeurd en de bron.", True),
    ("woordenlijst", "Woordenlijst", "id",
     "Een moeilijk woord en de uitleg in eenvoudige taal.", True),
]

# The label of each schema field, in the site's words (the same name may occur in several files).
LABELS = {
    "nummer": "Nummer", "titel": "Titel", "groep": "Deel van het akkoord", "afgesproken": "Wat is afgesproken",
    "uitleg": "Uitleg in gewone woorden", "herhaling": "Komt elk jaar terug", "themas": "Thema's",
    "gemeenten": "Gemeenten", "gemeente": "Gemeente", "proeftuinen": "Proeftuinen",
    "verantwoordelijk": "Wie is verantwoordelijk", "deadline": "Termijn", "tekst": "Tekst",
    "voortgang": "Voortgang", "datum": "Datum", "status": "Status", "notitie": "Wat is er gebeurd?",
    "bron": "Bron", "bronnen": "Bronnen", "id": "Korte naam (id)", "uitgever": "Uitgever", "soort": "Soort",
    "periode": "Periode", "website": "Website", "url": "Webadres (link)", "toelichting": "Toelichting",
    "naam": "Naam", "plaats": "Plaats", "samenvatting": "Samenvatting", "partners": "Partners",
    "bekend": "Wat bekend is", "nog_niet_bekend": "Wat nog niet bekend is", "afspraken": "Afspraken",
    "term": "Woord", "ook": "Andere vormen van het woord",
    "wie": "Wie", "akkoord": "Woorden uit het akkoord", "lezing": "Onze lezing",
    "geldt_voor": "Waarvoor de termijn geldt",
}
HINTS = {  # where the schema has no description, or the form needs other words
    "notitie": "Schrijf in gewone, korte zinnen wat de bron meldt. Neem geen zinnen over uit de bron.",
    "bron": "Kies de bron. Staat ze er nog niet bij? Zet haar dan eerst bij Bronnen en sla op.",
    "bronnen": "Kies een of meer bronnen. Staat een bron er nog niet bij? Zet haar dan eerst bij Bronnen.",
    "datum": "De datum uit de bron. Niet later dan vandaag.",
    "status": "De status vanaf deze datum.",
    "id": "Kleine letters, cijfers en streepjes, zonder spaties, zoals nieuwsbericht-2026-11-20 of stichting-welzijn. "
          "Elke korte naam mag maar één keer voorkomen. U kunt hem later niet meer veranderen.",
}
# Fields the editor must not change: the akkoord's own words and facts.
READONLY = {"afspraken": {"nummer", "titel", "groep", "afgesproken", "herhaling", "themas", "gemeenten",
                          "proeftuinen", "verantwoordelijk", "deadline"}}
TEXT_FIELDS = {"afgesproken", "uitleg", "samenvatting", "notitie", "toelichting", "tekst"}
# Fields whose options are a reference list in data/ (label shown, value stored): the list the
# schema names (x-lijst), and these, which the schemas check by pattern and the cross-checks.
REFERENCE_LISTS = {"groep": "groepen"}
# Fields that name records of an editable file: chosen from the records as they are now.
RELATIONS = {"bron": ("bronnen", "id", ("id", "titel")), "bronnen": ("bronnen", "id", ("id", "titel")),
             "proeftuinen": ("proeftuinen", "id", ("naam",)), "afspraken": ("afspraken", "nummer", ("titel",))}
SUMMARIES = {"afspraken": "{{nummer}}. {{titel}}", "bronnen": "{{id}}: {{titel}}", "ondertekenaars": "{{naam}}",
             "proeftuinen": "{{naam}}", "woordenlijst": "{{term}}", "voortgang": "{{datum}}: {{status}}",
             "bekend": "{{tekst}}", "partners": "{{naam}}"}


def format_name(data_file: str) -> str:
    return f"zorgsaam-{data_file}"


def _options(akkoord: Akkoord, lijst: str) -> list[dict]:
    if lijst == "statussen":
        return [{"label": s.label, "value": s.naam} for s in akkoord.statussen.values()]
    return [{"label": getattr(r, "naam", None) or r.titel, "value": r.id} for r in getattr(akkoord, lijst).values()]


def _field(akkoord: Akkoord, data_file: str, name: str, spec: dict, required: bool, top: bool) -> dict:
    if name not in LABELS:
        raise CmsError(f"data/schema/{data_file}.schema.json: het veld '{name}' heeft geen naam in de editor. "
                       f"Zet het in macros/build/cms.py bij LABELS.")
    field: dict = {"name": name, "label": LABELS[name]}
    hint = HINTS.get(name) or spec.get("description")
    if hint:
        field["hint"] = hint
    # A list the schema requires may still be empty ('nog niet bekend'): the form asks for an
    # entry only where the schema does (minItems); the file keeps the empty key (shapes.json).
    field["required"] = required and (spec.get("type") != "array" or bool(spec.get("minItems")))
    if top and name in READONLY.get(data_file, ()):
        field["readonly"] = True
    items = spec.get("items") if isinstance(spec.get("items"), dict) else None
    reference = spec.get(LIST_KEYWORD) or (items or {}).get(LIST_KEYWORD) or REFERENCE_LISTS.get(name)
    if reference:
        field.update(widget="select", options=_options(akkoord, reference))
        if spec.get("type") == "array":
            field["multiple"] = True
    elif name in RELATIONS and (spec.get("type") == "array" or name == "bron"):
        target, value, shown = RELATIONS[name]
        field.update(widget="relation", collection="gegevens", file=target, value_field=f"{target}.*.{value}",
                     display_fields=[f"{target}.*.{f}" for f in shown],
                     search_fields=[f"{target}.*.{f}" for f in dict.fromkeys((value, *shown))])
        if spec.get("type") == "array":
            field["multiple"] = True
    elif "enum" in spec or (items and "enum" in items):
        values = spec.get("enum") or items["enum"]
        field.update(widget="select", options=[{"label": str(v), "value": v} for v in values])
        if spec.get("type") == "array":
            field["multiple"] = True
    elif spec.get("type") == "integer":
        field.update(widget="number", value_type="int")
    elif spec.get("format") == "date":
        field.update(widget="datetime", type="date", format="YYYY-MM-DD", picker_utc=True)
    elif spec.get("type") == "object":
        field.update(widget="object", fields=_fields(akkoord, data_file, spec, top=False))
    elif spec.get("type") == "array" and items and items.get("type") == "object":
        field.update(widget="list", fields=_fields(akkoord, data_file, items, top=False), collapsed=True)
        if name in SUMMARIES:
            field["summary"] = SUMMARIES[name]
    elif spec.get("type") == "array":
        field.update(widget="list", field={"name": "tekst", "label": LABELS[name], "widget": "string"})
    else:
        field["widget"] = "text" if name in TEXT_FIELDS else "string"
        if spec.get("pattern"):
            field["pattern"] = [spec["pattern"], HINTS.get(name) or spec.get("description") or "Dit klopt niet."]
    if spec.get("type") == "array" and spec.get("minItems") and field.get("widget") != "select":
        field["min"] = spec["minItems"]
    return field


def _fields(akkoord: Akkoord, data_file: str, spec: dict, top: bool) -> list[dict]:
    required = set(spec.get("required", ()))
    return [_field(akkoord, data_file, name, sub, name in required, top)
            for name, sub in spec.get("properties", {}).items()]


def file_shape(schema_dir: Path, data_file: str, key: str) -> dict:
    """What the file format (cms/zorgsaam-yaml.mjs) needs: the record key, the field order, the
    required fields."""
    items = json.loads((schema_dir / f"{data_file}.schema.json").read_text("utf-8"))["items"]
    return {"key": key, "order": list(items.get("properties", {})), "required": list(items.get("required", ()))}


def repository(repo_adres: str) -> str:
    """owner/name of a GitHub address, or '' (then only the local repository can be edited)."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)/?", repo_adres or "")
    return match.group(1) if match else ""


def config(akkoord: Akkoord, schema_dir: Path, repo_adres: str = "", site_url: str = "",
           auth_url: str = "", site_name: str = "", folder: str = "site") -> dict:
    """The CMS configuration, as a dict (config_yaml writes it)."""
    files = []
    for data_file, title, key, description, allow_add in FILES:
        items = json.loads((schema_dir / f"{data_file}.schema.json").read_text("utf-8"))["items"]
        root = {"name": data_file, "label": title, "hint": description, "widget": "list", "root": True,
                "collapsed": True,
                "summary": SUMMARIES[data_file], "allow_add": allow_add, "allow_remove": False,
                "allow_reorder": False, "allow_duplicate": False, "add_to_top": False,
                "label_singular": SINGULAR[data_file].capitalize(), "fields": _fields(akkoord, data_file, items, top=True)}
        files.append({"name": data_file, "label": title,
                      "file": f"data/{data_file}.yml", "format": format_name(data_file), "fields": [root]})
    backend = {"name": "github", "repo": repository(repo_adres) or f"lokaal/{folder}", "branch": "main",
               "commit_messages": {"update": "{{path}} bijgewerkt in de editor"}}
    if auth_url:
        backend["base_url"] = auth_url
    result = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "app_title": f"{site_name}: gegevens bijwerken" if site_name else "Gegevens bijwerken",
        "media_folder": "docs/assets/editor",
        "output": {"omit_empty_optional_fields": True},
        "editor": {"preview": False},
        "collections": [{"name": "gegevens", "label": "Gegevens", "files": files}],
    }
    if site_url:
        result["site_url"] = site_url.rstrip("/")
    return result


def config_yaml(cfg: dict) -> str:
    header = "# Gemaakt door macros/build/cms.py uit data/schema/ en de lijsten in data/. Niet met de hand aanpassen.\n"
    return header + yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False, width=1000)


def local_bundle(bundle: str) -> str:
    """The CMS bundle with its CDN addresses pointing at the files /admin/ serves itself."""
    for old, new in BUNDLE_REWRITES.items():
        if old not in bundle:
            raise CmsError(f"De editor kan niet worden gebouwd: '{old}' staat niet meer in {CMS_BUNDLE}. "
                           "Een nieuwe versie van de CMS? Pas BUNDLE_REWRITES in macros/build/cms.py aan.")
        bundle = bundle.replace(old, new)
    return bundle


def node_modules(root: Path) -> Path | None:
    """The npm packages of a checkout; None for a build copy without package.json (tests)."""
    return root / "node_modules" if (root / "package.json").exists() else None


def admin_files(akkoord: Akkoord, root: Path, repo_adres: str = "", site_url: str = "", site_name: str = "",
                auth_url: str = "") -> dict[str, bytes | str]:
    """Every file under /admin/, keyed by its path in the site. Empty for a build copy."""
    modules = node_modules(root)
    if modules is None or not (root / SOURCES).is_dir():
        return {}
    bundle = root / CMS_BUNDLE
    lib = root / YAML_LIB
    if not bundle.exists() or not lib.is_dir():
        raise CmsError("De editor (/admin/) kan niet worden gebouwd: de npm-pakketten ontbreken "
                       f"({CMS_BUNDLE.parent.parent}, {YAML_LIB.parent.parent}). Voer 'make setup' uit, of "
                       "'npm ci --ignore-scripts' in de map van de site.")
    if auth_url and not re.fullmatch(r"https://[\w.-]+(:\d+)?/?", auth_url):
        raise CmsError(f"{AUTH_URL_ENV} moet het adres van de inlogdienst zijn, alleen https://naam.domein "
                       f"(zonder pad), maar is {auth_url!r}.")
    schema_dir = root / "data" / "schema"
    shapes = {data_file: file_shape(schema_dir, data_file, key) for data_file, _, key, _, _ in FILES}
    out: dict[str, bytes | str] = {
        ADMIN + "config.yml": config_yaml(config(akkoord, schema_dir, repo_adres, site_url, auth_url,
                                                     site_name, root.name)),
        ADMIN + "shapes.json": json.dumps(shapes, ensure_ascii=False, indent=1),
        ADMIN + "sveltia-cms.js": local_bundle(bundle.read_text("utf-8")),
        ADMIN + "github-status.json": '{"status": {"indicator": "none"}}\n',
        ADMIN + "sveltia-cms-package.json": (root / CMS_BUNDLE.parent.parent / "package.json").read_bytes(),
    }
    for language in ("nl", "en-US"):
        out[f"{ADMIN}locales/{language}.json"] = (root / CMS_LOCALES / f"{language}.json").read_bytes()
    for local in FONTS.values():
        out[ADMIN + "fonts/" + Path(local).name] = (root / local).read_bytes()
    for path in sorted((root / SOURCES).iterdir()):
        out[ADMIN + path.name] = path.read_bytes()
    for path in sorted(lib.rglob("*.js")):
        out[ADMIN + "yaml/" + path.relative_to(lib).as_posix()] = path.read_bytes()
    return out
