"""The bytes a first visit loads, ours against the same docs built with unmodified Material."""

from __future__ import annotations

import contextlib
import gzip
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from build_time import log_tail, run_build
from common import PAGES, kb, say
from support import launch_chromium, serve

# Nothing may leave the machine: every host except the local server fails to resolve.
OFFLINE_ARG = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
KINDS = ("html", "css", "js", "fonts", "images", "data", "other")
TEXT_KINDS = {"html", "css", "js", "data"}
TARGET_FIRST_VISIT_RATIO = 0.75


# --------------------------------------------------------------------------- unmodified Material

class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; resolves !ENV like MkDocs does (last item of a list is the default)."""


def _env_tag(loader, node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)


def write_default_material_config(project: Path) -> str:
    """mkdocs.yml with the theme reset to plain Material: default palette, default font, no overrides."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    theme = config.get("theme") or {}
    config["theme"] = {"name": "material", **({"language": theme["language"]} if "language" in theme else {})}
    for key in ("extra_css", "extra_javascript", "extra_templates"):
        config.pop(key, None)
    name = "mkdocs.material-default.yml"
    (project / name).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return name


def build_material_default(project: Path, work: Path, env: dict) -> Path | None:
    """The same docs built with unmodified Material; None if even a non-strict build fails."""
    say("\n== Build: the same docs with unmodified Material (default palette and font)")
    config = write_default_material_config(project)
    site = work / "served-material-default"
    result = run_build(project, site, env, config=config)
    note = ""
    if not result.ok:
        say(f"  strict build failed; building without --strict:\n{log_tail(result.log, 8)}")
        result = run_build(project, site, env, config=config, strict=False)
        note = " (built without --strict)"
    if not result.ok:
        say(f"  FAILED:\n{log_tail(result.log)}")
        return None
    say(f"  built in {result.seconds:.2f} s{note}")
    return site


# --------------------------------------------------------------------------- first visit in Chromium

def classify(resource_type: str, url: str) -> str:
    path = urlsplit(url).path.lower()
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith(".js"):
        return "js"
    if resource_type == "font" or path.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "fonts"
    if resource_type == "image" or path.endswith((".png", ".svg", ".ico", ".jpg", ".jpeg", ".webp", ".avif")):
        return "images"
    if resource_type in ("xhr", "fetch") or path.endswith(".json"):
        return "data"
    return "other"


@dataclass
class PageWeight:
    site: str
    page: str
    bytes: dict
    gzip_bytes: int
    requests: int
    blocked: list
    files: list

    @property
    def total(self) -> int:
        return sum(self.bytes.values())


def measure_pages(browser, base_url: str, site: str) -> list[PageWeight]:
    results = []
    for page_name, path in PAGES.items():
        context = browser.new_context()  # empty cache: a first visit
        rows, blocked = [], []

        def on_response(response, rows=rows):
            try:
                body = response.body() if response.status < 300 else b""
            except Exception:  # redirects and aborted requests have no body
                body = b""
            rows.append((response.request.resource_type, response.url, body))

        def on_failed(request, blocked=blocked):
            blocked.append(f"{request.resource_type} {request.url} ({request.failure})")

        context.on("response", on_response)
        context.on("requestfailed", on_failed)
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle", timeout=60_000)
        page.wait_for_timeout(750)  # late requests of the search worker
        context.close()
        sizes = dict.fromkeys(KINDS, 0)
        gz = 0
        files = []
        for resource_type, url, body in rows:
            kind = classify(resource_type, url)
            sizes[kind] += len(body)
            gz += len(gzip.compress(body, 6)) if kind in TEXT_KINDS and body else len(body)
            files.append({"kind": kind, "url": url.removeprefix(base_url.rstrip("/")), "bytes": len(body)})
        results.append(PageWeight(site, page_name, sizes, gz, len(rows), blocked, files))
    return results


def measure(sites: dict[str, Path], info: dict) -> None:
    """Weigh PAGES of each site ({name: folder}; 'ours' and maybe 'Material default');
    sets info['chromium'], info['weights'] and, with both sites, info['ratios'] and info['font_note']."""
    say("\n== First visit in Chromium (Playwright), empty cache, external hosts blocked")
    from playwright.sync_api import sync_playwright

    weights: list[PageWeight] = []
    with contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(serve(folder)) for name, folder in sites.items()}
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright, OFFLINE_ARG)
            info["chromium"] = f"Chromium {browser.version}"
            for name, url in urls.items():
                weights += measure_pages(browser, url, name)
            browser.close()
    for w in weights:
        say(f"  {w.page:11} {w.site:17} " + "  ".join(f"{k} {kb(w.bytes[k])}" for k in KINDS if w.bytes[k])
            + f"  = {kb(w.total)} in {w.requests} requests (gzip est. {kb(w.gzip_bytes)})")
        for blocked in w.blocked:
            say(f"      blocked: {blocked}")
    info["weights"] = [asdict(w) for w in weights]
    ours = {w.page: w for w in weights if w.site == "ours"}
    theirs = {w.page: w for w in weights if w.site == "Material default"}
    if theirs:
        ratios = {p: ours[p].total / theirs[p].total for p in ours if p in theirs}
        ratio_all = sum(ours[p].total for p in ratios) / sum(theirs[p].total for p in ratios)
        ratio_gz = sum(ours[p].gzip_bytes for p in ratios) / sum(theirs[p].gzip_bytes for p in ratios)
        info["ratio_all"] = ratio_all
        info["ratios"] = [
            "First-visit bytes, ours / unmodified Material: "
            + ", ".join(f"{p} {r:.0%}" for p, r in ratios.items())
            + f"; three pages together **{ratio_all:.0%}** (gzip estimate {ratio_gz:.0%}); "
            f"target ≤ {TARGET_FIRST_VISIT_RATIO:.0%}."]
        blocked = sorted({b.split(" (")[0] for w in theirs.values() for b in w.blocked})
        info["font_note"] = (
            "Unmodified Material asks for Google Fonts (Roboto, Roboto Mono); this benchmark runs offline "
            f"and blocks every external host, so those {len(blocked)} request(s) "
            f"({', '.join(b.split(' ', 1)[1] for b in blocked) or 'none'}) are counted as 'blocked external' "
            "and their bytes are NOT included. The unmodified figures are therefore a lower bound and the "
            "ratio favours the unmodified site. Our site asks for "
            f"{sum(len(w.blocked) for w in ours.values())} external request(s)."
        )
        say("  " + info["ratios"][0])
        say("  " + info["font_note"])
    search_index = (sites["ours"] / "search" / "search_index.json").stat().st_size
    say(f"  search index: {kb(search_index)} (site/search/search_index.json)")


def markdown(info: dict) -> list[str]:
    weights = info.get("weights") or []
    if not weights:
        return []
    lines = ["", "### First visit (empty cache, Chromium via Playwright, uncompressed bytes as served)", "",
             "| Page | Site | HTML | CSS | JS | Fonts | Images | Data | Other | Total | gzip est. "
             "| Requests | Blocked external |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for w in weights:
        b = w["bytes"]
        lines.append(f"| {w['page']} | {w['site']} | " + " | ".join(kb(b[k]) for k in KINDS)
                     + f" | **{kb(sum(b.values()))}** | {kb(w['gzip_bytes'])} | {w['requests']} "
                     f"| {len(w['blocked'])} |")
    for row in info.get("ratios", []):
        lines += ["", row]
    return lines + ["", info.get("font_note", "")]


def target(info: dict) -> tuple:
    ratio = info.get("ratio_all")
    return (f"First visit ≤ {TARGET_FIRST_VISIT_RATIO:.0%} of unmodified Material (3 pages together)",
            f"{ratio:.0%} (Google Fonts not counted)" if ratio else "not measured",
            None if ratio is None else ratio <= TARGET_FIRST_VISIT_RATIO)
