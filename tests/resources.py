"""What a built page or stylesheet makes a browser fetch, found with real parsers (html.parser,
tinycss2), not with a regular expression: an attribute written with spaces around '=', without
quotes, in capitals, over several lines or inside a closed <details> is found all the same.

`external_loads(html)` lists every URL in the markup that a browser can fetch from another host:
src, srcset, href of <link> (stylesheet, preload, modulepreload, icon, manifest, ...), poster,
data (object), background, ping, <meta http-equiv="refresh">, <base href>, <svg> image and use,
the style attribute and <style> elements (CSS url(), image-set(), @import).
`css_external_loads(css)` does the same for a stylesheet.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import tinycss2

# <link rel> values that fetch nothing (the page only names another address).
NOT_FETCHED_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help", "bookmark", "search",
                    "external", "nofollow", "noopener", "noreferrer", "me", "tag"}
SRC_ATTRIBUTES = {"src", "poster", "data", "background", "lowsrc", "dynsrc", "ping", "codebase", "archive",
                  "xlink:href", "formaction", "manifest", "icon", "profile"}
HREF_TAGS = {"image", "use", "feimage", "script", "base"}  # svg and <base>: their href is fetched (or moves all)
SAFE_SCHEMES = {"", "data", "blob", "about", "javascript", "mailto", "tel"}  # no request to any host
_INVISIBLE = re.compile("[\t\n\r]")


def is_external(url: str) -> bool:
    """Whether a browser would fetch `url` from another host (or leave the page's origin)."""
    url = _INVISIBLE.sub("", url).strip(" \x00-\x1f").replace("\\", "/")  # as browsers clean a URL
    try:
        parts = urlsplit(url)
    except ValueError:
        return True  # a URL Python cannot read: count it, a browser may still try
    return bool(parts.netloc) or parts.scheme.lower() not in SAFE_SCHEMES


def _srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def _css_urls(nodes) -> list[str]:
    found = []
    for node in nodes:
        if node.type == "url":
            found.append(node.value)
        elif node.type == "function":
            if node.lower_name in ("url", "src", "image", "image-set", "-webkit-image-set", "cross-fade"):
                found += [arg.value for arg in node.arguments if arg.type in ("string", "url")]
            found += _css_urls(node.arguments)
        elif node.type == "at-rule":
            if node.lower_at_keyword in ("import", "font-face", "namespace"):
                found += [arg.value for arg in node.prelude if arg.type in ("string", "url")]
            found += _css_urls(node.prelude)
            if node.content:
                found += _css_urls(tinycss2.parse_blocks_contents(node.content))
        elif node.type in ("qualified-rule", "declaration"):
            found += _css_urls(getattr(node, "prelude", []))
            content = node.content if node.type == "qualified-rule" else node.value
            found += _css_urls(tinycss2.parse_blocks_contents(content) if node.type == "qualified-rule" else content)
        elif hasattr(node, "content") and isinstance(node.content, list):  # () [] {} blocks
            found += _css_urls(node.content)
    return found


def css_urls(css: str, declarations: bool = False) -> list[str]:
    """Every URL a stylesheet (or a style attribute's declarations) can load."""
    nodes = (tinycss2.parse_blocks_contents(css) if declarations
             else tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return _css_urls(nodes)


def css_external_loads(css: str, declarations: bool = False) -> list[str]:
    return [url for url in css_urls(css, declarations) if is_external(url)]


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.in_style = False
        self.style_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = [(name.lower(), value or "") for name, value in attrs]
        attributes = dict(values)
        rels = set(attributes.get("rel", "").lower().split())
        for name, value in values:
            if name in SRC_ATTRIBUTES or (name == "href" and tag in HREF_TAGS):
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += _srcset_urls(value)
            elif name == "href" and tag == "link" and not rels <= NOT_FETCHED_RELS:
                self.urls.append(value)
            elif name == "style":
                self.urls += css_urls(value, declarations=True)
            elif name == "srcdoc":  # an iframe's own page, written in the attribute
                self.urls += loaded_urls(value)
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            found = re.search(r"url\s*=\s*['\"]?([^'\";]+)", attributes.get("content", ""), re.I)
            if found:
                self.urls.append(found.group(1))
        if tag == "style":
            self.in_style, self.style_text = True, []

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.in_style:
            self.style_text.append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self.in_style:
            self.in_style = False
            self.urls += css_urls("".join(self.style_text))


def loaded_urls(html: str) -> list[str]:
    """Every URL the markup can make a browser fetch (own and other hosts)."""
    parser = _Loads()
    parser.feed(html)
    parser.close()
    return parser.urls


def external_loads(html: str) -> list[str]:
    return [url for url in loaded_urls(html) if is_external(url)]
