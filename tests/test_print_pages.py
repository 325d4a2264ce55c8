"""Every page of the shipped print handbook, read back as a reader sees it (PDFium's lines of
text with their positions and fonts): blank pages say so, no heading is left alone at the foot
of a page, no page but a chapter's last holds fewer than three lines, and every worked
example's box is on one page. The PDF is the session's site build (tests/conftest.py:
public_site)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from build_tools.publish.pipeline import load_edition
from tests.conftest import SHIPPED
from tests.pdf_text import Line, page_lines

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

NOTICE = "This page is intentionally left blank"
#: The page margins of print.css (24 mm, in points): the running header and footer lie outside.
MARGIN = 24 / 25.4 * 72
#: PDFium's size (pixels) of h1 and h2 headings (20 to 22 pt, 12 pt); body text is 10.5 pt (14).
HEADING_SIZE = 15.5
#: The line under a clause's title: its level and id.
CLAUSE_META = re.compile(r"^(MUST|SHOULD|MAY) [A-Z][A-Z0-9]*(-[A-Z0-9]+)+\b")
#: Where each top-level block starts (every chapter, front and back matter): named destinations.
STARTS = re.compile(
    r"^(chapter-.*|document-control|contents|about|examples|glossary|index|"
    r"changelog|acknowledgement)$"
)


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    height: float
    lines: list[Line]  # every line, running header and footer too
    body: list[Line]  # the lines between the page margins


@pytest.fixture(scope="module")
def data(public_site: Path) -> bytes:
    return (public_site / "handbook.pdf").read_bytes()


@pytest.fixture(scope="module")
def pages(data: bytes) -> list[Page]:
    document = pypdfium2.PdfDocument(data)
    heights = [page.get_height() for page in document]
    document.close()
    return [
        Page(
            i + 1,
            height,
            lines,
            [line for line in lines if line.top > MARGIN and line.bottom < height - MARGIN],
        )
        for i, (lines, height) in enumerate(zip(page_lines(data), heights, strict=True))
    ]


@pytest.fixture(scope="module")
def starts(data: bytes) -> dict[str, int]:
    """The page (from 1) on which each top-level block starts."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        index = {page.objgen: i + 1 for i, page in enumerate(pdf.pages)}
        return {
            name: index[dest[0].objgen]
            for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items()
            if STARTS.match(name)
        }


def _blank(page: Page) -> bool:
    return [line.text for line in page.lines] == [NOTICE]


def _last_pages(pages: list[Page], starts: dict[str, int]) -> set[int]:
    """The last page of every block: before a block's first page or a blank page, and the end."""
    firsts = set(starts.values()) | {p.number for p in pages if _blank(p)} | {len(pages) + 1}
    return {first - 1 for first in firsts}


def test_every_page_without_text_says_it_is_blank(pages: list[Page]) -> None:
    empty = [p.number for p in pages if not p.body]
    assert empty == []  # the notice sits half-way down, where body text goes
    blank = [p.number for p in pages if _blank(p)]
    assert len(blank) > 2 and all(n % 2 == 0 for n in blank)  # left-hand pages
    noticed = [p.number for p in pages if any(NOTICE in line.text for line in p.lines)]
    assert noticed == blank  # alone on its page: no running header or footer
    for number in blank:  # small, and half-way down the page
        (line,) = pages[number - 1].lines
        assert line.size < 12 and 0.45 < line.bottom / pages[number - 1].height < 0.55


def test_no_page_ends_with_a_heading(pages: list[Page], starts: dict[str, int]) -> None:
    """A heading (chapter, clause, example or glossary term, in a bold or large font) and the
    line under a clause's title stay with what follows, unless it is the last thing of its block
    (the contents end with a bold entry); a page made of headings alone fails here too."""
    last = _last_pages(pages, starts)
    lone = [
        (p.number, p.body[-1].text)
        for p in pages
        if p.body
        and not _blank(p)
        and p.number not in last
        and (_heading(p.body[-1]) or p.body[-1].bold or CLAUSE_META.match(p.body[-1].text))
    ]
    assert lone == []


def test_only_a_chapters_last_page_has_fewer_than_three_lines(
    pages: list[Page], starts: dict[str, int]
) -> None:
    last = _last_pages(pages, starts)
    assert len(last) > 20
    short = [(p.number, len(p.body)) for p in pages if len(p.body) < 3 and not _blank(p)]
    assert [number for number, _ in short if number not in last] == []


def test_every_example_box_is_on_one_page(pages: list[Page], starts: dict[str, int]) -> None:
    """Each box starts a page or follows another whole one: every page of the examples chapter
    opens with a box's title (or the chapter's), and each title's page holds the box's
    discussion before the next title."""
    examples = load_edition(SHIPPED, "public").handbook.examples
    first, end = starts["examples"], starts["glossary"]
    assert len(examples) > 10
    for page in pages[first - 1 : end - 1]:
        if _blank(page):
            continue
        assert _heading(page.body[0]), (page.number, page.body[0].text)
    titles = {ex.title for ex in examples}
    seen = 0
    for page in pages[first - 1 : end - 1]:
        if _blank(page):  # before the glossary, which starts on a right-hand page
            continue
        body = page.body
        heads = [i for i, line in enumerate(body) if _heading(line) and not _heading(body[i - 1])]
        for here, after in zip(heads, [*heads[1:], len(body)], strict=True):
            box = body[here:after]
            title = " ".join(line.text for line in box if _heading(line))
            if title in titles:
                assert "DISCUSSION" in [line.text for line in box], (page.number, title)
                seen += 1
    assert seen == len(examples)


def _heading(line: Line) -> bool:
    return line.size >= HEADING_SIZE
