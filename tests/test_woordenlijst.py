"""The woordenlijst: the page, the links to it, the check of its data, the search.

The expectations about the real site come from data/woordenlijst.yml: whatever the editors
add, every page that uses a word in its own text links it once, to the right explanation.
The link function itself is tested with Hypothesis on generated HTML: it only adds <a>
elements around text and leaves every other byte as it was.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, build_site, fixture_data, fixture_project, FIXTURE_EPOCH
from sitepages import open_page, url_of
from macros.data.loader import DataErrors, load_akkoord
from macros.model import Woord
from macros.output.woordenlijst import linked
from test_keyboard import MATERIAL_STARTED
from test_validation import PEILDATUM, append, check, line_of

WOORDEN_YML = ROOT / "data" / "woordenlijst.yml"
NOT_LINKED = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "th", "code", "pre", "kbd", "button", "svg", "script",
              "style", "summary", "label", "textarea", "select", "option"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
WORD_LINK = re.compile(r'<a class="zw-woord" href="([^"]*)">([^<]*)</a>')


def real_woorden() -> list[dict]:
    return yaml.safe_load(WOORDEN_YML.read_text(encoding="utf-8"))


def forms_of(entry: dict) -> list[str]:
    return [entry["term"], *entry.get("ook", [])]


def occurs(form: str, text: str) -> bool:
    """A form as a whole word: with a capital only exactly so, in lowercase in any case."""
    words = r"\s+".join(re.escape(w) for w in form.split())
    flags = 0 if form != form.lower() else re.IGNORECASE
    return re.search(rf"(?<![^\W_]){words}(?![^\W_])", text, flags) is not None


class Content(HTMLParser):
    """The page's own content (Material's article, without the 'last changed' line): the text
    that may get a link, per text node, and every word link with the elements around it."""

    def __init__(self, root_selector: str | None = "article"):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.inside = root_selector is None
        self.depth = 0
        self.texts: list[tuple[str, str | None]] = []  # (text, href of the word link it is in)
        self.links: list[tuple[str, str, list[str]]] = []  # (href, text, open tags around it)
        self.root = root_selector

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in VOID:
            return
        self.stack.append((tag, a))
        if tag == "a" and a.get("class") == "zw-woord":
            self.links.append((a.get("href", ""), "", [t for t, _ in self.stack[:-1]]))

    def handle_endtag(self, tag):
        if any(t == tag for t, _ in self.stack):
            while self.stack.pop()[0] != tag:
                pass

    def _in_article(self) -> bool:
        return self.root is None or any(t == "article" for t, _ in self.stack)

    def _skipped(self) -> bool:
        for tag, a in self.stack:
            if tag == "a" and a.get("class") == "zw-woord":
                continue
            if tag in NOT_LINKED or "hidden" in a or a.get("aria-hidden") == "true":
                return True
            if tag == "aside" and "md-source-file" in (a.get("class") or ""):
                return True
        return False

    def handle_data(self, data):
        if not self._in_article():
            return
        tag, a = self.stack[-1] if self.stack else ("", {})
        in_link = a.get("href") if tag == "a" and a.get("class") == "zw-woord" else None
        if in_link is not None and self.links:
            href, text, around = self.links[-1]
            self.links[-1] = (href, text + data, around)
        if not self._skipped():
            self.texts.append((data, in_link))


def parse(text: str, root: str | None = "article") -> Content:
    parser = Content(root)
    parser.feed(text)
    parser.close()
    return parser


def target(page_rel: str, href: str) -> str:
    """Where a relative href from a built page leads, as a site path ('woordenlijst/#wmo')."""
    base = Path("/" + page_rel).parent
    path, _, anchor = href.partition("#")
    import posixpath
    resolved = posixpath.normpath(posixpath.join(str(base), path)).lstrip("/")
    return f"{resolved}/#{anchor}"


# --- The page ------------------------------------------------------------------------------------

def test_the_page_lists_every_word_with_its_explanation(site_dir):
    page = (site_dir / "woordenlijst" / "index.html").read_text(encoding="utf-8")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    for entry in real_woorden():
        heading = re.search(rf'<h2 id="{entry["id"]}">(.*?)</h2>', page)
        assert heading, entry["id"]
        assert html.unescape(heading.group(1)) == entry["term"]
        assert " ".join(entry["uitleg"].split()) in text, entry["id"]
        for form in entry.get("ook", []):
            assert form in text, (entry["id"], form)
        # The index at the top links to it too.
        assert f'<a href="#{entry["id"]}">' in page, entry["id"]
    assert "zw-woord" not in re.sub(r"zw-woord(enlijst|-ook)", "", page), "the woordenlijst links to itself"


def test_the_woordenlijst_is_in_the_navigation(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="woordenlijst/"[^>]*>\s*(<span[^>]*>\s*)?Woordenlijst', home), "not in the nav"


def test_informele_zorg_is_explained_with_the_words_residents_use(site_dir):
    [entry] = [e for e in real_woorden() if e["term"] == "informele zorg"]
    assert {"mantelzorg", "mantelzorger"} <= set(entry.get("ook", []))
    for word in ("mantelzorgers", "buren", "vrijwilligers"):
        assert word in entry["uitleg"]


# --- The links on every page ---------------------------------------------------------------------

def built_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html")
                  if p.relative_to(site_dir).as_posix() != "woordenlijst/index.html")


def test_every_page_links_each_word_it_uses_once_to_its_explanation(site_dir):
    woorden = real_woorden()
    checked = linked_pages = 0
    for rel in built_pages(site_dir):
        content = parse((site_dir / rel).read_text(encoding="utf-8"))
        links = [(target(rel, href), text) for href, text, _ in content.links]
        linked_pages += bool(links)
        for entry in woorden:
            anchor = f"woordenlijst/#{entry['id']}"
            mine = [text for where, text in links if where == anchor]
            # The text the word may stand in: outside links to other words.
            text = [t for t, in_link in content.texts if in_link is None or target(rel, in_link) == anchor]
            used = any(occurs(form, t) for form in forms_of(entry) for t in text)
            assert len(mine) == (1 if used else 0), (rel, entry["id"], mine)
            if mine:
                assert any(occurs(form, mine[0]) and len(mine[0]) >= len(form) for form in forms_of(entry)), \
                    (rel, entry["id"], mine[0])
            checked += 1
    assert linked_pages >= 10, linked_pages
    assert checked >= len(woorden) * 10


def test_no_word_link_in_headings_links_code_buttons_or_charts(site_dir):
    for path in sorted(site_dir.rglob("*.html")):
        content = parse(path.read_text(encoding="utf-8"), root=None)
        for href, text, around in content.links:
            assert not set(around) & NOT_LINKED, (path, text, around)
            assert href.endswith(tuple(f"#{e['id']}" for e in real_woorden())), (path, href)


def test_the_skip_link_header_and_footer_are_untouched(site_dir):
    page = (site_dir / "akkoord" / "index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<article.*?</article>", "", page, flags=re.S)
    assert 'class="zw-woord"' not in outside


def test_the_word_links_in_the_fixture_akkoord(fixture_site):
    # The fictional akkoord: 'proefakkoord' (lowercase: any case) and 'Proefkerngroep' (a capital: exactly so).
    found = {}
    for path in sorted(fixture_site.rglob("index.html")):
        rel = path.relative_to(fixture_site).as_posix()
        for href, text, _ in parse(path.read_text(encoding="utf-8")).links:
            found.setdefault(target(rel, href), set()).add(text)
    assert "woordenlijst/#proefakkoord" in found, found
    assert found["woordenlijst/#proefakkoord"] <= {"proefakkoord", "Proefakkoord", "proefakkoorden"}
    assert found.get("woordenlijst/#proefkerngroep", {"Proefkerngroep"}) == {"Proefkerngroep"}
    page = (fixture_site / "woordenlijst" / "index.html").read_text(encoding="utf-8")
    for anchor in found:
        assert f'id="{anchor.split("#")[1]}"' in page, anchor


# --- The link function on generated HTML ---------------------------------------------------------

WOORDEN = [
    Woord("wmo", "Wmo", "x", ("Wet maatschappelijke ondersteuning",)),
    Woord("kerngroep", "kerngroep", "x", ("regionale kerngroep", "kerngroepen")),
    Woord("eha", "Expertteam Huisvesting Aandachtsgroepen", "x", ("EHA",)),
    Woord("aandachtsgroepen", "aandachtsgroepen", "x", ("aandachtsgroep",)),
    Woord("mfa", "MFA", "x"),
]
PIECES = ["Wmo", "wmo", "WMO", "kerngroep", "Kerngroep", "regionale kerngroep", "Regionale\nkerngroep",
          "kerngroepen", "Expertteam Huisvesting Aandachtsgroepen", "aandachtsgroepen", "EHA", "MFA", "mfa",
          "Wet maatschappelijke ondersteuning", " ", " ", ", ", ". ", "-", "x", "de", "&amp;", "&eacute;", "&#39;",
          "&lt;", "é", "’", "\n", "Wmo-zorg", "kerngroep2", "_kerngroep"]
text_st = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
TAGS = ["p", "div", "span", "em", "strong", "li", "td", "h2", "h3", "a", "code", "pre", "button", "th", "svg",
        "summary", "script"]


@st.composite
def fragment(draw, depth=0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "element", "element", "void", "comment"]))
        if kind == "text" or depth >= 3:
            parts.append(draw(text_st))
        elif kind == "void":
            parts.append(draw(st.sampled_from(["<br>", "<br/>", '<img alt="Wmo" src="x.png">', "<wbr>"])))
        elif kind == "comment":
            parts.append("<!-- Wmo kerngroep -->")
        else:
            tag = draw(st.sampled_from(TAGS))
            attrs = draw(st.sampled_from(["", ' class="x"', ' aria-hidden="true"', " hidden", ' title="Wmo"',
                                          ' href="../x/"' if tag == "a" else ""]))
            inner = draw(fragment(depth + 1)) if tag != "script" else "var wmo = 'Wmo kerngroep';"
            parts.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(parts)


def unlinked(output: str) -> str:
    return WORD_LINK.sub(lambda m: m.group(2), output)


@settings(max_examples=300, deadline=None)
@given(fragment(), st.sampled_from(["", "afspraken/7/", "over/bronnen/"]))
def test_only_links_around_text_are_added_and_every_other_byte_stays(source, url):
    output = linked(source, WOORDEN, url)
    # Take the added links away again: exactly the input, byte for byte.
    assert unlinked(output) == source
    content = parse(output, root=None)
    hrefs = [href for href, _, _ in content.links]
    assert len(hrefs) == len(WORD_LINK.findall(output))
    assert len(hrefs) == len(set(hrefs)), "a word linked twice"
    for href, text, around in content.links:
        assert not set(around) & NOT_LINKED, (text, around)
        [woord] = [w for w in WOORDEN if href.endswith("#" + w.id)]
        assert any(occurs(form, text) for form in woord.vormen), (text, woord)
    # Every word that is still in the text (outside the other words' links) has its link.
    for woord in WOORDEN:
        mine = [h for h in hrefs if h.endswith("#" + woord.id)]
        free = [t for t, in_link in content.texts if in_link is None or in_link.endswith("#" + woord.id)]
        used = any(occurs(form, t) for form in woord.vormen for t in free)
        assert len(mine) == (1 if used else 0), (woord.id, output)


# Words whose forms start at the same place as another word's longer form ('regionale' inside
# 'regionale kerngroep'), and forms that start outside ASCII.
OVERLAPPING = [*WOORDEN, Woord("regionaal", "regionale", "x"), Woord("eengezins", "éénpersoons", "x", ("Éénpersoons",)),
               Woord("expert", "Expertteam", "x")]
OVERLAP_PIECES = [*PIECES, "regionale", "Regionale", "éénpersoons", "Éénpersoons", "ÉÉNPERSOONS", "Expertteam",
                  "\u212aerngroep"]


def reference_linked(page_html: str, woorden, page_url: str) -> str:
    """The plain algorithm: a new pattern for the words still to link after every link."""
    from macros.output import woordenlijst as w
    parser = w._TextRuns(page_html)
    parser.feed(page_html)
    base = w.urls.href(page_url, w.URL)
    pending = tuple(w.vormen(woorden))
    pieces, done_until = [], 0
    for start, end in parser.finish():
        position, text = start, w._masked(page_html[start:end])
        while pending:
            pattern = re.compile(w._bounded("|".join(f"(?P<w{i}>{v.pattern()})" for i, v in enumerate(pending))))
            match = pattern.search(text, position - start)
            if match is None:
                break
            form = pending[int(match.lastgroup[1:])]
            at, until = start + match.start(), start + match.end()
            pieces += [page_html[done_until:at], f'<a class="zw-woord" href="{base}#{form.woord}">',
                       page_html[at:until], "</a>"]
            done_until = position = until
            pending = tuple(v for v in pending if v.woord != form.woord)
    pieces.append(page_html[done_until:])
    return "".join(pieces)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(OVERLAP_PIECES), max_size=14).map("".join), st.booleans())
def test_one_pattern_for_all_words_links_the_same_places_as_a_pattern_per_remaining_word(text, split):
    source = f"<p>{text}</p>" if not split else "<p>" + text.replace(" ", "</p><p>", 1) + "</p>"
    assert linked(source, OVERLAPPING, "afspraken/7/") == reference_linked(source, OVERLAPPING, "afspraken/7/")


def test_a_shorter_word_at_the_place_of_a_linked_longer_one():
    out = linked("<p>regionale kerngroep, regionale kerngroep</p>", OVERLAPPING, "")
    assert out == ('<p><a class="zw-woord" href="woordenlijst/#kerngroep">regionale kerngroep</a>, '
                   '<a class="zw-woord" href="woordenlijst/#regionaal">regionale</a> kerngroep</p>')


def test_the_first_place_whole_words_and_capitals():
    out = linked("<p>De wmo, de WMO, de Wmo-zorg en de Wmo.</p><p>Kerngroep en kerngroep2.</p>", WOORDEN,
                 "afspraken/7/")
    assert out == ('<p>De wmo, de WMO, de <a class="zw-woord" href="../../woordenlijst/#wmo">Wmo</a>-zorg en de '
                   'Wmo.</p><p><a class="zw-woord" href="../../woordenlijst/#kerngroep">Kerngroep</a> en '
                   'kerngroep2.</p>')


def test_the_longest_word_wins_and_nothing_is_linked_inside_it():
    out = linked("<p>Het Expertteam Huisvesting Aandachtsgroepen helpt aandachtsgroepen.</p>", WOORDEN, "")
    assert out == ('<p>Het <a class="zw-woord" href="woordenlijst/#eha">Expertteam Huisvesting Aandachtsgroepen</a> '
                   'helpt <a class="zw-woord" href="woordenlijst/#aandachtsgroepen">aandachtsgroepen</a>.</p>')


@pytest.mark.parametrize("source", [
    "<h2>Wmo</h2>", '<a href="x/">Wmo</a>', "<code>Wmo</code>", "<button>Wmo</button>",
    "<svg><text>Wmo</text></svg>", '<span aria-hidden="true">Wmo</span>', "<th>Wmo</th>",
    '<a class="md-skip" href="#__main">Wmo</a>', "<!-- Wmo -->", "<script>Wmo</script>",
])
def test_never_inside_headings_links_code_buttons_charts_or_hidden_text(source):
    assert linked(source + "<p>x</p>", WOORDEN, "") == source + "<p>x</p>"


def test_the_woordenlijst_itself_gets_no_links():
    assert linked("<p>Wmo</p>", WOORDEN, "woordenlijst/") == "<p>Wmo</p>"


# --- A bad woordenlijst.yml ----------------------------------------------------------------------

@pytest.fixture
def data(tmp_path) -> Path:
    return fixture_data(tmp_path / "data")


def errors_of(data: Path) -> DataErrors:
    with pytest.raises(DataErrors) as info:
        load_akkoord(data, PEILDATUM)
    return info.value


def the_error(data: Path):
    errors = errors_of(data).errors
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_a_word_at_two_explanations(data):
    start = append(data, "woordenlijst", "- id: burenhulp\n  term: Mantelproef\n  uitleg: Hulp.\n")
    check(the_error(data), file="woordenlijst", line=start + 1, field="term", record="woord 'burenhulp'",
          phrase="'Mantelproef' staat al bij het woord 'burenproef' (regel "
                 f"{line_of(data, 'woordenlijst', 'mantelproef')}).")


def test_an_unknown_bron(data):
    start = append(data, "woordenlijst", "- id: burenhulp\n  term: burenhulp\n  uitleg: Hulp.\n"
                                         "  bronnen: [akoord-2023]\n")
    check(the_error(data), file="woordenlijst", line=start + 3, field="bronnen", index=1,
          phrase="'akoord-2023' is geen bekende bron.")


def test_a_missing_explanation(data):
    start = append(data, "woordenlijst", "- id: burenhulp\n  term: burenhulp\n")
    check(the_error(data), file="woordenlijst", line=start, field="uitleg",
          phrase="het veld 'uitleg' ontbreekt. Dit veld is verplicht.")


def test_a_word_with_two_spaces(data):
    start = append(data, "woordenlijst", "- id: burenhulp\n  term: buren  hulp\n  uitleg: Hulp.\n")
    check(the_error(data), file="woordenlijst", line=start + 1, field="term",
          phrase="'buren  hulp' heeft een spatie aan het begin of eind, of twee spaties achter elkaar.")


def test_a_bad_id_follows_the_one_id_rule(data):
    start = append(data, "woordenlijst", "- id: Buren Hulp\n  term: burenhulp\n  uitleg: Hulp.\n")
    check(the_error(data), file="woordenlijst", line=start, field="id", phrase="'Buren Hulp' is geen geldige id.")


def test_the_build_stops_with_the_dutch_message(tmp_path):
    project = fixture_project(tmp_path / "project")
    start = append(project / "data", "woordenlijst", "- id: burenhulp\n  term: burenhulp\n  uitleg: Hulp.\n"
                                                     "  ook: [proefakkoord]\n")
    result = build_site(project, tmp_path / "site", FIXTURE_EPOCH)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"data/woordenlijst.yml, regel {start + 3}" in output, output[-2000:]
    assert "'proefakkoord' staat al bij het woord 'proefakkoord'" in output
    assert "Niet gebouwd: 1 fout in de gegevens." in output


# --- Search --------------------------------------------------------------------------------------

def test_the_search_index_finds_mantelzorg_on_the_woordenlijst(site_dir):
    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    hits = [d["location"] for d in docs if re.search(r"\bmantelzorg", d["text"] + " " + d["title"], re.I)]
    assert any(location.startswith("woordenlijst/") for location in hits), hits


@pytest.mark.browser
def test_a_search_for_mantelzorg_finds_the_woordenlijst(browser, site_url, site_dir):
    with open_page(browser, site_url, site_dir, viewport={"width": 1280, "height": 900}) as page:
        page.goto(url_of(site_url, "index.html"))
        page.wait_for_function(MATERIAL_STARTED)
        page.locator(".md-search__input").click()
        page.keyboard.type("mantelzorg", delay=50)
        # Results are redrawn after every key: wait for the one that must come, not for the first.
        found = page.locator('.md-search-result__link[href*="woordenlijst/"]')
        try:
            found.first.wait_for(timeout=90_000)
        except PlaywrightTimeout:
            hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
            pytest.fail(f"'mantelzorg' did not find the woordenlijst: {hrefs}")
