"""Print HTML → parts that WeasyPrint can lay out one by one, with page numbers written in.

Pure string work, no I/O and no WeasyPrint. The print template puts :data:`PART_MARK` before
every top-level block that starts on a right-hand page (contents, chapters, back matter,
acknowledgement): a book cut there and laid out part by part has the same pages as the whole
book, provided every part starts on an odd page and knows its first page number. Parts are
laid out twice (see :mod:`build_tools.parallel_pdf`): a *draft* with placeholder page numbers
to learn where every anchor lands, then the *final* part with the real numbers as text
(``attr(data-page)``) instead of ``target-counter()``, which only sees anchors of its own part.

Every internal link ``href="#ID"`` becomes ``href="xref:ID"`` (an external link to WeasyPrint,
so it is kept even when its anchor is in another part); :mod:`build_tools.pdfmerge` turns these
back into links to named destinations of the merged book.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

PART_MARK = "<!-- handbook:part -->"
LINK_SCHEME = "xref:"
#: In the head of a book printed on one side (a draft, for review): no blank pages.
ONE_SIDED = '<meta name="handbook-sides" content="one">'
#: Placeholder page number of a draft: three figures, as wide as the numbers of a long book.
DRAFT_NUMBER = "000"
#: Parts grow to this many characters of HTML at least (blocks are never cut), and to a 24th
#: of the book in a long one: enough parts to share the layout between processes, few enough to
#: keep WeasyPrint's per-document set-up and each part's own font subsets rare.
PART_SIZE = 32_000
PARTS = 24

_LINK = re.compile(r'href="#([^"]*)"')
#: In the head of a translated book: its footer's CSS ``content``, with ``counter(pages)``,
#: which each part replaces by the whole book's number of pages.
FOOTER = re.compile(r'<meta name="handbook-footer" content="([^"]*)">')


@dataclass(frozen=True)
class PartedBook:
    """The print HTML cut into parts; ``head`` and ``tail`` wrap every part's body."""

    head: str
    parts: tuple[str, ...]
    tail: str

    @property
    def one_sided(self) -> bool:
        """Printed on one side (a draft): parts start on the next page, never after a blank."""
        return ONE_SIDED in self.head


@dataclass(frozen=True)
class PartLayout:
    """What laying out one part tells: its page count and the page (from 0) of each anchor."""

    pages: int
    anchors: Mapping[str, int]


@dataclass(frozen=True)
class Pagination:
    """Where every part starts in the whole book, every anchor's page number, and the total."""

    starts: tuple[int, ...]
    anchors: Mapping[str, int]
    total: int


def split_book(html: str, part_size: int | None = None) -> PartedBook:
    """Cut ``html`` at the template's part marks; neighbouring blocks share a part up to
    ``part_size`` characters (0: every block is a part; default: see :data:`PART_SIZE`).

    The cut depends on the HTML only, never on the machine, so the PDF does not either."""
    if part_size is None:
        part_size = max(PART_SIZE, len(html) // PARTS)
    head, opening, rest = html.partition("<body>")
    body, closing, tail = rest.rpartition("</body>")
    if not opening or not closing:
        raise ValueError("print HTML without <body> … </body>")
    parts: list[str] = []
    for block in body.split(PART_MARK):
        if parts and len(parts[-1]) + len(block) <= part_size and parts[-1].strip():
            parts[-1] += PART_MARK + block
        else:
            parts.append(block)
    parts = [part for part in parts if part.strip()]
    return PartedBook(head + opening, tuple(parts), closing + tail)


def paginate(layouts: Sequence[PartLayout], *, one_sided: bool = False) -> Pagination:
    """Page numbers of the whole book: each part starts on the next odd (right-hand) page,
    or on the next page at all when the book is ``one_sided``."""
    starts: list[int] = []
    anchors: dict[str, int] = {}
    page = 1
    for layout in layouts:
        if page % 2 == 0 and not one_sided:  # a blank left-hand page before a part
            page += 1
        starts.append(page)
        for name, index in layout.anchors.items():
            anchors.setdefault(name, page + index)
        page += layout.pages
    return Pagination(tuple(starts), anchors, page - 1)


def blank_page_html(book: PartedBook) -> str:
    """Three pages in the book's page style; the second is the blank left-hand page that a
    whole layout puts before a part that must start on the right (print.css ``@page :blank``:
    it says it is left blank). The merge copies it wherever a part needs one."""
    return book.head + _BLANK_BODY + book.tail


_BLANK_BODY = '<p></p><p style="break-before: right"></p>'


def draft_html(book: PartedBook, index: int) -> str:
    """Part ``index`` with placeholder page numbers: laid out only to learn where anchors land."""
    return _part_html(book, index, start=1, total=DRAFT_NUMBER, number=lambda _: DRAFT_NUMBER)


def final_html(book: PartedBook, index: int, pagination: Pagination) -> str:
    """Part ``index`` with the real page numbers of ``pagination`` written in."""
    return _part_html(
        book,
        index,
        start=pagination.starts[index],
        total=str(pagination.total),
        number=lambda name: str(pagination.anchors[name]) if name in pagination.anchors else None,
    )


def _part_html(
    book: PartedBook, index: int, *, start: int, total: str, number: Callable[[str], str | None]
) -> str:
    def link(match: re.Match[str]) -> str:
        page = number(match.group(1))
        if page is None:  # no such anchor: left to WeasyPrint, as in a whole layout
            return match.group(0)
        return f'href="{LINK_SCHEME}{match.group(1)}" data-page="{page}"'

    footer = _footer(book.head, total)
    style = (
        f"<style>\n{_parts_css()}\n"
        f"@page {{ @bottom-center {{ content: {footer}; }} }}\n"
        f"@page :first {{ counter-reset: page {start}; }}\n</style>\n"
    )
    head = book.head.replace("</head>", style + "</head>", 1)
    return head + _LINK.sub(link, book.parts[index]) + book.tail


def _footer(head: str, total: str) -> str:
    """The footer's CSS ``content`` with ``total`` pages: in English, or in the words a
    translated book's head gives (:data:`FOOTER`; its words are escaped CSS strings, in which
    no parenthesis is left unescaped)."""
    found = FOOTER.search(head)
    if found is None:
        return f'"Page " counter(page) " of {total}"'
    return html.unescape(found.group(1)).replace("counter(pages)", f'"{total}"')


@cache
def _parts_css() -> str:
    return files("build_tools").joinpath("templates", "print-parts.css").read_text("utf-8")
