# Over 300 lines: both policies, their value filters and the report of what they remove share
# one allowlist, and stay in one module so that they cannot drift apart.
"""The one HTML boundary: an allowlist sanitizer for every fragment made from source text.

Every piece of HTML that Markdown from the sources turns into passes :func:`clean` (nh3, the
Rust ``ammonia`` sanitizer, which parses as browsers do and decodes entities before judging)
before it reaches a site page or the print HTML: allowed elements, attributes, attribute values
and URL schemes, nothing else. Values matter as much as names: an ``id`` such as ``__config``,
a ``class`` such as ``mermaid`` or a ``data-md-*`` attribute would hand the theme's JavaScript
to the author of the text, so ids, classes and data attributes are kept only when they are the
handbook's own.

Two policies, one nested in the other:

- :data:`PAGE`, applied to every page and to the print HTML: what the generated pages need
  (headings, the handbook's own classes and data attributes, generated ids).
- :data:`EDITOR`, what an editor may write in a Markdown field: plain formatting, lists,
  tables, links, listed images, admonitions; no headings (the handbook makes them), ids,
  classes of the page, data attributes or download links.

:func:`removals` tells what the editor policy would take out of a field's HTML, so that
``handbook check`` refuses it at its line: whatever the page policy would remove, the editor
policy removes too, so nothing an editor wrote vanishes silently.

Plain fields (titles, labels, names) are never markup: :func:`markdown_text` makes one safe to
put into generated Markdown, and :func:`html_text` into HTML.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import nh3

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements that Markdown and its extensions (tables, admonitions, permalinks) produce.
TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl",
        "dt", "em", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s",
        "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul",
    }
) | HEADINGS  # fmt: skip
#: Elements of the generated pages only: a quiz's answer, which the reader opens (no script).
PAGE_ONLY_TAGS = frozenset({"details", "summary"})
#: Elements removed together with their content (the rest keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "textarea"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "xlink:href"})
#: The only style property kept (table column alignment, written by the tables extension).
STYLE_PROPERTIES = frozenset({"text-align"})
#: Classes of the admonition extension (``!!! note``), which editors may use: on the admonition
#: and on its title.
ADMONITION_CLASSES = frozenset(
    {
        "admonition", "note", "abstract", "info", "tip", "success", "question", "warning",
        "failure", "danger", "bug", "example", "quote",
    }
)  # fmt: skip
Classes = dict[str, frozenset[str]]
EDITOR_CLASSES: Classes = {
    "div": ADMONITION_CLASSES,
    "p": frozenset({"admonition-title"}),
}
#: Classes the generated pages give their elements (styled by handbook.css, read by the
#: audience filter), and the permalink of every heading: each on its own element only, so that
#: an admonition called "clause" is not a clause.
PAGE_CLASSES: Classes = {
    **EDITOR_CLASSES,
    "h2": frozenset({"clause", "example", "term", "quiz-question"}),
    "details": frozenset({"quiz-answer", "question"}),
    "h3": frozenset({"change-item", "role-clause"}),
    "a": frozenset({"headerlink", "term-ref", "xref", "changed-in", "suggest-change", "ask-about"}),
    "strong": frozenset(
        {"level", "level-must", "level-should", "level-may", "outcome", "outcome-good",
         "outcome-poor", "outcome-mixed"}
    ),
    "p": frozenset(
        {"admonition-title", "clause-meta", "clause-tags", "example-meta", "cycle-meta", "version",
         "change", "change-item", "word-diff", "impact-audiences", "impact-examples",
         "change-added", "change-removed", "change-reworded", "change-moved",
         "change-level-changed", "change-audience-changed", "change-visibility-changed",
         "superseded-note", "withdrawn", "as-of", "quiz-right", "clause-feedback", "downloads",
         "role-downloads", "latest-change", "translation-notice"}
    ),
}  # fmt: skip
_CODE_CLASS = re.compile(r"language-[a-z0-9+#-]{1,20}")
#: Generated ids: clause and example ids, glossary and changelog anchors (letters of any
#: script), heading slugs. Never one that starts with "_" (the theme's own, such as __config)
#: or holds anything else.
_ID = re.compile(r"[^\W_][\w-]{0,254}")
_DATA_VALUE = re.compile(r"[A-Za-z0-9 _-]{0,200}")
_DOWNLOAD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.pdf")
_MAILTO_KEYS = frozenset({"subject", "body"})


@dataclass(frozen=True)
class Policy:
    """What one sanitizer keeps: elements, attributes per element, and a filter of values."""

    name: str
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    classes: Classes
    #: Images by a relative address (the site's own pictures): pages yes, editors no.
    relative_images: bool = True

    def keep(self, tag: str, name: str, value: str) -> str | None:
        """The value of an allowed attribute as this policy keeps it, or None to drop it."""
        if name in URL_ATTRIBUTES:
            return _url(value)
        if name == "class":
            allowed = self.classes.get(tag, frozenset())
            kept = [
                c
                for c in value.split()
                if c in allowed or (tag == "code" and _CODE_CLASS.fullmatch(c))
            ]
            return " ".join(kept) or None
        if name == "id":
            return value if _ID.fullmatch(value) else None
        if name.startswith("data-"):
            return value if _DATA_VALUE.fullmatch(value) else None
        if name == "download":
            return value if _DOWNLOAD.fullmatch(value) else None
        return value


def _url(value: str) -> str | None:
    """A link or image address, or None: web, mail (subject and body only) or relative,
    never protocol-relative (``//host``, which leaves the site).

    Browsers read some addresses otherwise than Python does: ``https:\\\\host/x`` and
    ``http:/host/x`` go to ``host``, where ``urlsplit`` sees no host at all. So an address with
    a backslash anywhere, or a web address without ``//`` after its scheme, is refused."""
    squeezed = "".join(c for c in value if c > " ")
    if squeezed.startswith("//") or "\\" in squeezed:
        return None
    parts = urlsplit(squeezed)
    if parts.scheme.lower() in ("http", "https") and not squeezed[len(parts.scheme) :].startswith(
        "://"
    ):
        return None
    if parts.scheme.lower() == "mailto":
        keys = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
        if not keys <= _MAILTO_KEYS or "?" in parts.path:
            return None
    return value


_TABLE_CELL = frozenset({"style", "colspan", "rowspan"})
EDITOR = Policy(
    "editor",
    TAGS - HEADINGS,
    {
        "*": frozenset({"title", "lang", "dir"}),
        "a": frozenset({"href"}),
        "img": frozenset({"src", "alt", "width", "height"}),
        "ol": frozenset({"start"}),
        "div": frozenset({"class"}),
        "p": frozenset({"class"}),
        "code": frozenset({"class"}),
        "td": _TABLE_CELL,
        "th": _TABLE_CELL,
    },
    EDITOR_CLASSES,
    relative_images=False,
)
PAGE = Policy(
    "page",
    TAGS | PAGE_ONLY_TAGS,
    {
        "*": frozenset(
            {"id", "class", "title", "lang", "dir", "data-audiences", "data-kind", "data-id"}
        ),
        "a": frozenset({"href", "download"}),
        "img": frozenset({"src", "alt", "width", "height"}),
        "ol": frozenset({"start"}),
        "td": _TABLE_CELL,
        "th": _TABLE_CELL,
    },
    PAGE_CLASSES,
)


def clean(
    fragment: str,
    *,
    policy: Policy = PAGE,
    images: bool = True,
    image_hosts: frozenset[str] = frozenset(),
) -> str:
    """``fragment`` with everything outside ``policy`` removed.

    An image from another site keeps its address only when its host is one of
    ``image_hosts`` (``image_hosts`` in handbook.yml). ``images=False`` (the print handbook,
    which fetches nothing named in the sources) drops every image's address, so that its
    description is printed instead, and every link address that is not a web or mail address
    or a place in the book (a relative path means nothing on paper; a PDF viewer would open it
    as a file of the reader's machine)."""
    keep = policy.keep
    # The filter is pure: a page repeats most of its attribute values (classes, titles,
    # audiences), so each is judged once per policy and setting, up to a bound.
    judged = _JUDGED.setdefault((policy.name, images, image_hosts), {})

    def remembered(tag: str, name: str, value: str) -> str | None:
        key = (tag, name, value)
        if key in judged:
            return judged[key]
        kept = filtered(tag, name, value)
        if len(judged) < _JUDGED_LIMIT:
            judged[key] = kept
        return kept

    def filtered(tag: str, name: str, value: str) -> str | None:
        if tag == "img" and name == "src":
            host = urlsplit(value.strip()).hostname
            if host is None and not policy.relative_images:
                return None
            if not images or (host is not None and host.casefold() not in image_hosts):
                return None
        off_paper = name == "href" and not value.startswith("#")
        if not images and off_paper and urlsplit(value.strip()).scheme not in URL_SCHEMES:
            return None  # urlsplit gives schemes in lower case
        return keep(tag, name, value)

    return nh3.clean(
        fragment,
        tags=set(policy.tags),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in policy.attributes.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=remembered,
    )


#: (policy, images, image hosts) → (element, attribute, value) → what :func:`clean` keeps.
_JUDGED: dict[tuple[str, bool, frozenset[str]], dict[tuple[str, str, str], str | None]] = {}
_JUDGED_LIMIT = 100_000


@dataclass(frozen=True)
class Removal:
    """Something :func:`clean` takes out: ``needle`` is what to look for in the source."""

    message: str
    needle: str


def removals(fragment: str, image_hosts: frozenset[str] = frozenset()) -> list[Removal]:
    """What the editor policy would remove from ``fragment``, one entry per element or
    attribute (images are kept only from ``image_hosts``)."""
    if "<" not in fragment:
        return []
    before = _Inventory.of(fragment)
    after = _Inventory.of(clean(fragment, policy=EDITOR, image_hosts=image_hosts))
    removed = (before.items - after.items).elements()
    # An element that goes takes its attributes with it: one message for it, not one for each.
    found = [_explain(*item) for item in removed if not item[1] or item[0] in EDITOR.tags]
    if not found and _words(before.text) != _words(after.text):
        found.append(Removal("markup here would be removed with the text inside it", "<"))
    return found


def _explain(tag: str, name: str, value: str) -> Removal:
    if tag == "!--":
        return Removal("HTML comments are not allowed in Markdown: they would be removed", "<!--")
    if not name and tag in HEADINGS:
        message = (
            "headings are not allowed in the text of an item: the handbook makes its own "
            "headings; use **bold** words to start a paragraph instead"
        )
        return Removal(message, "#")
    if not name:
        if tag in DROPPED_WITH_CONTENT:
            return Removal(f"raw HTML <{tag}> is not allowed in Markdown", f"<{tag}")
        return Removal(f"HTML element <{tag}> is not allowed in Markdown", f"<{tag}")
    if name.startswith("on"):
        return Removal(f"HTML event-handler attribute '{name}' is not allowed in Markdown", name)
    if tag == "img" and name == "src":
        return Removal(_image_message(value), value.strip() or name)
    if name in URL_ATTRIBUTES:
        message = (
            f"address '{_short(value)}' in '{name}' is not allowed: use an https:// or "
            "http:// address, mailto: (with subject and body only) or a link within the handbook"
        )
        return Removal(message, value.strip() or name)
    if name == "class":
        allowed = EDITOR.classes.get(tag, frozenset())
        foreign = [c for c in value.split() if c not in allowed] or [value]
        return Removal(f"class '{foreign[0]}' on <{tag}> is not allowed in Markdown", foreign[0])
    if name == "style":
        return Removal(f"style '{_short(value)}' is not allowed; only text-align is kept", name)
    return Removal(f"attribute '{name}' on <{tag}> is not allowed in Markdown", name)


def _image_message(src: str) -> str:
    host = urlsplit(src.strip()).hostname
    if host is not None:
        return (
            f"image from '{host}': the handbook shows images only from the hosts listed under "
            "image_hosts in handbook.yml"
        )
    return (
        f"image '{_short(src)}': use the full https address of an image on a host listed "
        "under image_hosts in handbook.yml"
    )


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


def markdown_text(text: str) -> str:
    """A plain field as literal text inside generated Markdown: no markup, one line.

    ``<``, ``>`` and ``&`` become entities, every character Markdown or its extensions give a
    meaning to is backslash-escaped (``{`` and ``}`` too, so an attribute list cannot be
    smuggled in), and line breaks and control characters become spaces.
    """
    flat = "".join(
        " " if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" else c for c in text
    )
    return "".join(_MARKDOWN_ESCAPES.get(c, c) for c in flat)


def _control(c: str) -> bool:
    return ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029"


_MARKDOWN_ESCAPES = {c: "\\" + c for c in "\\`*_{}[]()#+-.!|"} | {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}


def html_text(text: str) -> str:
    """A plain field as text inside HTML (navigation titles, attributes)."""
    return html.escape(text, quote=True)
