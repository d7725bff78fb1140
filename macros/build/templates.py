"""Pages with `render_macros: true` may call the site's macros, and nothing else.

mkdocs-macros-plugin renders such a page as a Jinja template, with the whole build in reach:
`{{ config }}`, `{{ plugin }}`, `{{ environment }}`, the data model, and through Jinja's own
globals Python itself (`{{ lipsum.__globals__.os.popen('id').read() }}` runs a shell command
at build time and publishes its output). A page is text written by the redactie; it must not
be a program. Two locks, both made here:

1. `check_page()` runs before the plugin renders a page (macros.on_pre_page_macros). Every
   `{{ ... }}` on the page must be exactly one call of a site macro, under the one name
   `blok`, with fixed texts or numbers between the brackets: `{{ blok.afspraken_tabel() }}`,
   `{{ blok.stand_grafiek('thema') }}`. Plain text,
   `{% raw %}...{% endraw %}` and `{# comments #}` are fine. Anything else (a variable, an
   attribute, a filter, `{% for %}`, `{% set %}`, `{% include %}`, ...) stops the build with a
   Dutch message naming the file and the line. It is an allow-list of the syntax tree
   (jinja2.nodes), so what Jinja could do tomorrow is refused today.
2. `MacroOnlyEnvironment` replaces the plugin's Jinja environment: a sandbox whose only global
   is `blok`, holding the site's macros (no lipsum, cycler, range, no filters), whose templates ignore the
   variables the plugin passes (config, page, plugin, environment, git, extra, the front matter),
   and which runs the same allow-list on every template it compiles, so a template that somehow
   skipped lock 1 still cannot run.

Data from data/ is never a template: the macros return HTML, and Jinja does not render the
output of a call again; pages made from data (macros/build/site_pages.py) have no `render_macros`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, StrictUndefined, Template, nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment
from mkdocs.exceptions import Abort

# The values a macro may get between its brackets: written out on the page, never looked up.
CONSTANT_TYPES = (str, int, float, bool, type(None))
QUOTE_LIMIT = 120
# The one name a page sees: the site's macros are its attributes ({{ blok.afspraken_tabel() }}).
NAMESPACE = "blok"


@dataclass(frozen=True)
class Problem:
    line: int  # in the page's file, counting the front matter
    text: str  # the tag as the editor wrote it
    reason: str = "mag niet in een pagina."


def _constant(node: nodes.Node) -> bool:
    return type(node) is nodes.Const and type(node.value) in CONSTANT_TYPES


def allowed_call(node: nodes.Node, allowed: frozenset[str]) -> bool:
    """`blok.name(...)` with `name` a site macro and only constants as arguments."""
    target = node.node if type(node) is nodes.Call else None
    return (type(target) is nodes.Getattr and target.ctx == "load" and target.attr in allowed
            and type(target.node) is nodes.Name and target.node.ctx == "load" and target.node.name == NAMESPACE
            and all(_constant(arg) for arg in node.args)
            and all(type(kw) is nodes.Keyword and _constant(kw.value) for kw in node.kwargs)
            and node.dyn_args is None and node.dyn_kwargs is None)


def refused_nodes(tree: nodes.Template, allowed: frozenset[str]) -> list[nodes.Node]:
    """Every node of the template that is neither text nor an allowed macro call.

    A template that is only text and `{{ macro('...') }}` parses to Output nodes holding
    TemplateData and Call nodes; anything else (a statement, or any other expression) is refused
    as a whole, without looking inside.
    """
    refused: list[nodes.Node] = []
    for node in tree.body:
        if type(node) is not nodes.Output:
            refused.append(node)
            continue
        for child in node.nodes:
            if type(child) is not nodes.TemplateData and not allowed_call(child, allowed):
                refused.append(child)
    return refused


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def _tags(env: Environment, source: str):
    """(line, kind, text) of each `{{ }}`, `{% %}` and `{# #}` tag, as written."""
    tag: list[str] = []
    start, kind = 0, ""
    for line, token, value in env.lexer.tokeniter(source, None):
        if token in ("variable_begin", "block_begin", "comment_begin", "linestatement_begin",
                     "linecomment_begin"):
            tag, start, kind = [value], line, token.removesuffix("_begin")
        elif tag:
            tag.append(value)
            if token.endswith("_end"):
                yield start, kind, "".join(tag)
                tag = []


def _parse(env: Environment, source: str) -> nodes.Template:
    """The syntax tree as Jinja builds it to compile (Environment._parse, without lock 2)."""
    return Parser(env, source).parse()


def problems(env: Environment, source: str, allowed: frozenset[str], first_line: int = 1) -> list[Problem]:
    """What is not allowed in `source`; empty when it is only text and site macro calls."""
    shift = first_line - 1
    lines = source.split("\n")

    def source_line(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    try:
        found = []
        for line, kind, text in _tags(env, source):
            if kind in ("comment", "linecomment"):
                continue
            if kind == "variable":
                try:
                    if not refused_nodes(_parse(env, text), allowed):
                        continue
                except TemplateSyntaxError:
                    pass
            found.append(Problem(line + shift, _quote(text)))
        tree = _parse(env, source)
    except TemplateSyntaxError as error:
        line = error.lineno or 1
        return [Problem(line + shift, _quote(source_line(line)),
                        f"kan niet worden gelezen: {{{{ of {{% wordt niet goed afgesloten ({error.message}).")]
    # The whole tree decides; the tags above only say where. (They agree: this is a safety net.)
    seen = {p.line for p in found}
    for node in refused_nodes(tree, allowed):
        if node.lineno + shift not in seen:
            found.append(Problem(node.lineno + shift, _quote(source_line(node.lineno))))
            seen.add(node.lineno + shift)
    return found


def macro_hint(macros: Mapping[str, Callable]) -> str:
    def signature(name: str, function: Callable) -> str:
        try:
            names = list(inspect.signature(function).parameters)
        except (TypeError, ValueError):
            names = []
        return f"{NAMESPACE}.{name}({', '.join(names)})"

    return ", ".join(signature(name, function) for name, function in macros.items())


def report(display: str, found: list[Problem], macros: Mapping[str, Callable]) -> str:
    lines = [f"{display}, regel {p.line}: '{p.text}' {p.reason}" for p in found]
    count = f"{len(found)} fout" if len(found) == 1 else f"{len(found)} fouten"
    lines.append("Gebruik alleen de macro's van de site, met vaste waarden tussen de haakjes: "
                 f"{macro_hint(macros)}. Wilt u {{{{ of {{% als gewone tekst laten zien? "
                 "Zet het tussen {% raw %} en {% endraw %}.")
    fix = "de fout" if len(found) == 1 else "de fouten"
    lines.append(f"Niet gebouwd: {count} in een pagina. Verbeter {fix} hierboven; er is niets gepubliceerd.")
    return "\n".join(lines)


# --- lock 2: the environment the plugin renders with ----------------------------------------

class Blokken:
    """What `blok` is in a page: the site's macros as attributes, and nothing else."""
    __slots__ = ("_macros",)

    def __init__(self, macros: Mapping[str, Callable]):
        object.__setattr__(self, "_macros", dict(macros))

    def __getattr__(self, name: str) -> Callable:
        try:
            return self._macros[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        raise AttributeError("read-only")


class MacroOnlyTemplate(Template):
    """A template that sees the environment's globals (the macros) and no passed-in variables."""

    def new_context(self, vars=None, shared=False, locals=None):  # noqa: A002 (Jinja's names)
        return super().new_context(None, False, locals)


class MacroOnlyEnvironment(ImmutableSandboxedEnvironment):
    template_class = MacroOnlyTemplate
    # The plugin's settings that change how a page is read or written; the rest stays Jinja's.
    COPIED = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
              "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
              "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "undefined",
              "finalize", "autoescape", "optimized")

    def __init__(self, macros: Mapping[str, Callable], like: Environment):
        super().__init__(**{name: getattr(like, name) for name in self.COPIED}, loader=None, cache_size=0)
        self.allowed = frozenset(macros)
        self.globals.clear()
        self.globals[NAMESPACE] = Blokken(macros)
        self.filters.clear()
        self.tests.clear()

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        refused = refused_nodes(tree, self.allowed)
        if refused:
            raise TemplateSyntaxError("only calls of the site's macros with constant arguments are allowed",
                                      refused[0].lineno, name, filename)
        return tree


def install(plugin, macros: Mapping[str, Callable]) -> MacroOnlyEnvironment:
    """Put a MacroOnlyEnvironment in place of the plugin's Jinja environment (once per build)."""
    current = getattr(plugin, "_env", None)
    if isinstance(current, MacroOnlyEnvironment):
        return current
    if not isinstance(current, Environment):
        raise Abort("mkdocs-macros-plugin has no Jinja environment in `_env`: macros/build/templates.py needs "
                    "updating for this plugin version. Not built.")
    plugin._env = MacroOnlyEnvironment(macros, like=current)
    return plugin._env


def will_render_meta(meta, render_by_default: bool = False, forced: bool = False) -> bool:
    """The plugin's own rule (MacrosPlugin.render): render_macros false wins; else opt-in or forced."""
    wanted = meta.get("render_macros") if meta else None
    if wanted == False:  # noqa: E712 (the plugin compares with ==, so do we)
        return False
    if render_by_default:
        return True
    return bool(wanted == True or forced)  # noqa: E712


def will_render(plugin, page) -> bool:
    return will_render_meta(page.meta, plugin.config["render_by_default"],
                            plugin.force_page_rendering(page.file.src_path))


def page_environment(macros: Mapping[str, Callable]) -> MacroOnlyEnvironment:
    """The environment a page is rendered in outside MkDocs (zorgsaam-generate): the one the
    plugin would install, made from the plugin's Jinja settings in mkdocs.yml (on_undefined: strict)."""
    return MacroOnlyEnvironment(macros, like=Environment(undefined=StrictUndefined))


def has_j2(text: str, env: Environment | None = None) -> bool:
    """Whether the plugin would render `text` (it contains a start string, as MacrosPlugin.has_j2)."""
    env = env or Environment()
    return any(start in text for start in (env.variable_start_string, env.block_start_string,
                                           env.comment_start_string))


def page_problems(env: MacroOnlyEnvironment, source: str, markdown: str, title: str | None) -> list[Problem]:
    """What is not allowed in a page (`source` as in the file, `markdown` without front matter) and its title."""
    # The front matter is not in `markdown`; count its lines so a problem names the line in the file.
    first_line = source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1
    found = problems(env, markdown, env.allowed, first_line)
    if isinstance(title, str) and has_j2(title, env):  # the plugin renders the title too
        lines = source.split("\n")
        for problem in problems(env, title, env.allowed):
            line = next((n for n, text in enumerate(lines, 1) if problem.text in text), 1)
            reason = "mag niet in de titel van een pagina." if problem.reason == Problem.reason else problem.reason
            if all((p.line, p.text) != (line, problem.text) for p in found):
                found.append(Problem(line, problem.text, reason))
    return found


def _display_path(config, page) -> str:
    docs = Path(config["docs_dir"])
    try:
        docs = docs.relative_to(Path(config["config_file_path"]).resolve().parent)
    except ValueError:
        docs = Path(docs.name)
    return (docs / page.file.src_uri).as_posix()


def check_page(plugin, macros: Mapping[str, Callable]) -> None:
    """Stop the build before the plugin renders a page that does more than call the site's macros."""
    env = install(plugin, macros)
    page = plugin.page
    if not will_render(plugin, page):
        return
    markdown = plugin.markdown
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError, AssertionError):
        source = markdown
    title = page.title if isinstance(page.title, str) and plugin.has_j2(page.title) else None
    found = page_problems(env, source, markdown, title)
    if found:
        raise Abort(report(_display_path(plugin.conf, page), found, macros))
