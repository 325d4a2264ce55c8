"""The one HTML boundary: an allowlist sanitizer for every fragment made from source text.

Every piece of HTML that Markdown from the sources turns into passes :func:`clean` (nh3, the
Rust ``ammonia`` sanitizer, which parses as browsers do and decodes entities before judging)
before it reaches a site page, the print HTML or a feed: allowed elements, attributes and URL
schemes, nothing else. :func:`removals` tells what :func:`clean` would take out of a fragment,
so that ``handbook check`` reports it at its line instead of letting text vanish.

Plain fields (titles, labels, names) are never markup: :func:`markdown_text` makes one safe to
put into generated Markdown, and :func:`html_text` into HTML.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

#: Elements that Markdown, its extensions (tables, admonitions, attribute lists, permalinks)
#: and the generated pages produce.
TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl",
        "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
        "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
#: Elements removed together with their content (the rest keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "textarea"})
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "download"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
}
#: ``data-*`` attributes carry the clause metadata that the page scripts read as text.
ATTRIBUTE_PREFIXES = frozenset({"data-"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "xlink:href"})
#: The only style property kept (table column alignment, written by the tables extension).
STYLE_PROPERTIES = frozenset({"text-align"})


def clean(fragment: str, *, images: bool = True) -> str:
    """``fragment`` with everything outside the allowlist removed.

    ``images=False`` (the print handbook, which fetches nothing named in the sources) also
    drops every image's address, so that its description is printed instead, and every link
    address that is not a web or mail address or a place in the book (a relative path means
    nothing on paper; a PDF viewer would open it as a file of the reader's machine)."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=None if images else _for_print,
    )


def _for_print(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return None
    if name == "href" and not value.startswith("#"):
        return value if urlsplit(value.strip()).scheme.lower() in URL_SCHEMES else None
    return value


@dataclass(frozen=True)
class Removal:
    """Something :func:`clean` takes out: ``needle`` is what to look for in the source."""

    message: str
    needle: str


def removals(fragment: str) -> list[Removal]:
    """What :func:`clean` would remove from ``fragment``, one entry per element or attribute."""
    if "<" not in fragment:
        return []
    before, after = _Inventory.of(fragment), _Inventory.of(clean(fragment))
    removed = (before.items - after.items).elements()
    # An element that goes takes its attributes with it: one message for it, not one for each.
    found = [_explain(*item) for item in removed if not item[1] or item[0] in TAGS]
    if not found and _words(before.text) != _words(after.text):
        found.append(Removal("markup here would be removed with the text inside it", "<"))
    return found


def _explain(tag: str, name: str, value: str) -> Removal:
    if tag == "!--":
        return Removal("HTML comments are not allowed in Markdown: they would be removed", "<!--")
    if not name:
        if tag in DROPPED_WITH_CONTENT:
            return Removal(f"raw HTML <{tag}> is not allowed in Markdown", f"<{tag}")
        return Removal(f"HTML element <{tag}> is not allowed in Markdown", f"<{tag}")
    if name.startswith("on"):
        return Removal(f"HTML event-handler attribute '{name}' is not allowed in Markdown", name)
    if name in URL_ATTRIBUTES:
        scheme = urlsplit(value.strip()).scheme.lower() or value.strip()[:20]
        message = (
            f"address '{_short(value)}' in '{name}' is not allowed: use http, https, mailto or "
            f"a relative link (found scheme '{scheme}')"
        )
        return Removal(message, value.strip() or name)
    if name == "style":
        return Removal(f"style '{_short(value)}' is not allowed; only text-align is kept", name)
    return Removal(f"attribute '{name}' on <{tag}> is not allowed in Markdown", name)


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "..."


def _words(text: str) -> list[str]:
    return text.split()


class _Inventory(HTMLParser):
    """Elements, attributes and text of a fragment, as a multiset to compare."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: Counter[tuple[str, str, str]] = Counter()
        self.parts: list[str] = []

    @classmethod
    def of(cls, fragment: str) -> _Inventory:
        inventory = cls()
        inventory.feed(fragment)
        inventory.close()
        return inventory

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items[(tag, "", "")] += 1
        for name, value in attrs:
            self.items[(tag, name, _normal(name, value or ""))] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.items[("!--", "", "")] += 1


def _normal(name: str, value: str) -> str:
    """Attribute values as :func:`clean` writes them back (styles without spaces)."""
    if name == "style":
        return ";".join("".join(part.split()).lower() for part in value.split(";") if part.strip())
    return value


def images(fragment: str) -> Iterator[str]:
    """The ``src`` of every image in ``fragment``."""
    for tag, name, value in _Inventory.of(fragment).items:
        if tag == "img" and name == "src":
            yield value


def markdown_text(text: str) -> str:
    """A plain field as literal text inside generated Markdown: no markup, one line.

    ``<``, ``>`` and ``&`` become entities, every character Markdown or its extensions give a
    meaning to is backslash-escaped (``{`` and ``}`` too, so an attribute list cannot be
    smuggled in), and line breaks and control characters become spaces.
    """
    flat = "".join(" " if ord(c) < 0x20 or c in "\x7f\u2028\u2029" else c for c in text)
    return "".join(_MARKDOWN_ESCAPES.get(c, c) for c in flat)


_MARKDOWN_ESCAPES = {c: "\\" + c for c in "\\`*_{}[]()#+-.!|"} | {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}


def html_text(text: str) -> str:
    """A plain field as text inside HTML (navigation titles, attributes)."""
    return html.escape(text, quote=True)
