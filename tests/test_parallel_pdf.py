"""The part-by-part layout (parallel processes, merged) gives the same book as a whole layout.

Both sides are real WeasyPrint layouts of the same print HTML: the whole book in one document
(for the small book with WeasyPrint's own ``target-counter()`` page numbers; for the shipped
one with the page numbers written in, as one part, because WeasyPrint's are stale for a box
pushed to the next page), and the parallel one. Two books: the shipped handbook as
the session's site build published it (cut as every build cuts it), and the small fixture book
cut at every part mark, so that every merge step (blank pages, outline, named destinations,
links, tags) is used at every boundary.
They are read back with PDFium (text) and pikepdf (structure), never compared as bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from build_tools.printbook import parallel as parallel_pdf
from build_tools.printbook.book import handbook_pdf
from build_tools.printbook.html import css_string, render_print_html
from build_tools.printbook.parts import (
    PART_MARK,
    PartLayout,
    draft_html,
    final_html,
    paginate,
    split_book,
)
from build_tools.printbook.pdf import HANDBOOK_OPTIONS, write_pdf
from build_tools.publish.pipeline import load_edition, load_handbook, print_html
from build_tools.review.version import DRAFT
from build_tools.source.model import Cycle
from tests.conftest import EPOCH, MINI, SHIPPED

# Real tools (MkDocs, WeasyPrint, Chromium or the CLI); one pytest-xdist worker runs the whole
# module, so that its module fixtures are made once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("parallel_pdf")]

BLANK_NOTICE = "This page is intentionally left blank"


@dataclass(frozen=True)
class Read:
    texts: list[str]
    outline: list[tuple[int, str, int]]  # depth, title, page index
    dests: dict[str, int]  # name → page index
    links: list[tuple[int, str, tuple[float, ...]]]  # page index, destination name, rectangle
    elements: Counter[str]  # structure elements by type


def read(data: bytes) -> Read:
    document = pypdfium2.PdfDocument(data)
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        dests = {
            name: index[dest[0].objgen]
            for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items()
        }
        links = [
            (i, str(annot.Dest), tuple(round(float(v), 2) for v in annot.Rect))
            for i, page in enumerate(pdf.pages)
            for annot in page.obj.get("/Annots", [])
        ]
        outline: list[tuple[int, str, int]] = []
        with pdf.open_outline() as tree:

            def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
                for item in items:
                    outline.append((depth, item.title, index[item.destination[0].objgen]))
                    walk(item.children, depth + 1)

            walk(tree.root, 0)
        elements = Counter(str(e.S) for e in _elements(pdf))
    return Read(texts, outline, dests, links, elements)


def _elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    stack = list(pdf.Root.StructTreeRoot.K)
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])


@dataclass(frozen=True)
class Pair:
    """One book laid out whole and in parts, and the least it must hold (so that a book that
    lost its outline or links cannot pass by matching an equally empty one)."""

    title: str
    whole: bytes
    in_parts: bytes
    pages: int
    outline: int
    dests: int
    links: int
    two_sided: bool = True  # a published book; a draft is printed on one side


@pytest.fixture(scope="module")
def shipped_html() -> str:
    """The print HTML of the session's public build (the same SOURCE_DATE_EPOCH)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        return print_html(load_edition(SHIPPED, "public"))


def _approved_html(source: Path) -> str:
    """The book as approved text: printed on both sides, with blank pages."""
    cycle = Cycle(id="2026-H1", closed=dt.date(2026, 1, 1), approved_by="Board")
    approved = dataclasses.replace(load_handbook(source, "public"), cycles=(cycle,), draft=False)
    return render_print_html(approved)


@pytest.fixture(scope="module")
def mini_html() -> str:
    return _approved_html(MINI)


def _in_parts(html: str, cache: Path | None = None) -> bytes:
    """The book cut at every part mark, so that every merge step is used."""
    data = parallel_pdf.layout_in_parts(html, HANDBOOK_OPTIONS, workers=2, part_size=0, cache=cache)
    assert data is not None, "the parts' page numbers did not settle"
    return data


@pytest.fixture(scope="module")
def mini_parts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The laid-out parts that :func:`mini_in_parts` kept (tests copy it before they write)."""
    return tmp_path_factory.mktemp("mini-parts")


@pytest.fixture(scope="module")
def mini_in_parts(mini_html: str, mini_parts: Path) -> bytes:
    """The small book laid out cold, keeping its parts in :func:`mini_parts`."""
    assert not any(mini_parts.iterdir())
    return _in_parts(mini_html, mini_parts)


@pytest.fixture(scope="module", params=["shipped", "mini", "draft"])
def pair(
    request: pytest.FixtureRequest,
    public_site: Path,
    shipped_html: str,
    mini_html: str,
    mini_in_parts: bytes,
) -> Pair:
    """The shipped book as its site build published it (cut as every build cuts it), the
    small one cut at every mark, and the small one as a draft (printed on one side), each
    against its whole layout."""
    if request.param == "shipped":
        published = (public_site / "handbook.pdf").read_bytes()
        whole = _one_part(shipped_html)
        return Pair(_title(SHIPPED), whole, published, 40, 70, 100, 1000)
    if request.param == "draft":
        html = render_print_html(load_handbook(MINI, "public"))
        whole = write_pdf(html, **HANDBOOK_OPTIONS)
        return Pair(_title(MINI), whole, _in_parts(html), 8, 12, 12, 50, two_sided=False)
    whole = write_pdf(mini_html, **HANDBOOK_OPTIONS)
    return Pair(_title(MINI), whole, mini_in_parts, 12, 12, 12, 50)


def _one_part(html: str) -> bytes:
    """The book laid out whole, with its page numbers written in as the parts have them:
    WeasyPrint's own target-counter() is stale for an example box that keeping it on one page
    pushed to the next page (print.css), which the shipped book has."""
    data = parallel_pdf.layout_in_parts(html, HANDBOOK_OPTIONS, workers=1, part_size=len(html))
    assert data is not None, "the whole book's page numbers did not settle"
    return data


def _title(source: Path) -> str:
    return load_handbook(source, "public").meta.title


def test_the_book_is_cut_into_many_parts(shipped_html: str) -> None:
    assert len(split_book(shipped_html).parts) > 3
    book = split_book(shipped_html, part_size=0)
    assert len(book.parts) == shipped_html.count(PART_MARK) + 1 > 20


def test_parts_give_the_pages_of_the_whole_book(pair: Pair) -> None:
    plain, fast = read(pair.whole), read(pair.in_parts)
    assert len(fast.texts) == len(plain.texts) > pair.pages
    differing = [
        i + 1 for i, (a, b) in enumerate(zip(plain.texts, fast.texts, strict=True)) if a != b
    ]
    assert differing == []  # page by page: headers, footers, page numbers, cross-references


def test_parts_keep_outline_destinations_and_links(pair: Pair) -> None:
    plain, fast = read(pair.whole), read(pair.in_parts)
    assert fast.outline == plain.outline and len(fast.outline) > pair.outline
    assert fast.dests == plain.dests and len(fast.dests) > pair.dests
    assert fast.links == plain.links and len(fast.links) > pair.links
    assert all(name in fast.dests for _, name, _ in fast.links)


def test_blank_pages_between_parts_are_where_the_whole_book_has_them(pair: Pair) -> None:
    plain, fast = read(pair.whole), read(pair.in_parts)
    blank = [i for i, text in enumerate(plain.texts) if not text.strip()]
    if not pair.two_sided:  # a draft: no blank page, so no page without the draft mark
        assert blank == [] and [t for t in fast.texts if not t.strip()] == []
        assert all(DRAFT.upper() in text for text in fast.texts)
        return
    assert blank == [], "a page without text: blank pages say so"
    assert [i for i, text in enumerate(fast.texts) if not text.strip()] == []
    blank = [i for i, text in enumerate(plain.texts) if text.strip() == BLANK_NOTICE]
    assert blank, "the book has no blank page; the merge's blank pages are untested"
    assert [i for i, text in enumerate(fast.texts) if text.strip() == BLANK_NOTICE] == blank
    assert all(i % 2 == 1 for i in blank)  # left-hand pages (index 1 is page 2)
    assert sum(BLANK_NOTICE in text for text in fast.texts) == len(blank)  # nowhere else


def test_merged_blank_pages_are_artifacts(mini_in_parts: bytes) -> None:
    """The notice is no content of the book: marked as an artifact, outside the tag tree."""
    with pikepdf.open(io.BytesIO(mini_in_parts)) as pdf:
        blank = [
            page
            for page in pdf.pages
            if b"BDC" not in page.obj.Contents.read_bytes()
            and b"/Artifact" in page.obj.Contents.read_bytes()
            and "/StructParents" not in page.obj
        ]
        assert blank and all("/Font" in page.obj.Resources for page in blank)


def test_simplex_has_no_blank_page_and_keeps_the_signature(mini_in_parts: bytes) -> None:
    """An approved book laid out for one side: no blank page, no notice, fewer pages than on
    two sides, and the signature lines that only a draft leaves out."""
    source = load_handbook(MINI, "public")
    cycle = Cycle(id="2026-H1", closed=dt.date(2026, 1, 1), approved_by="Board")
    approved = dataclasses.replace(source, cycles=(cycle,), draft=False)
    simplex = read(_in_parts(render_print_html(approved, sides="simplex"))).texts
    assert [i for i, text in enumerate(simplex) if not text.strip()] == []
    assert not [text for text in simplex if BLANK_NOTICE in text]
    assert len(simplex) < len(read(mini_in_parts).texts)
    assert all(f"Page {i} of {len(simplex)}" in text for i, text in enumerate(simplex[1:], 2))
    assert "SIGNATURE" in simplex[-1] and DRAFT.upper() not in " ".join(simplex)


def test_tags_are_one_consistent_structure_tree(pair: Pair) -> None:
    assert read(pair.in_parts).elements == read(pair.whole).elements
    with pikepdf.open(io.BytesIO(pair.in_parts)) as pdf:
        pages = {page.objgen for page in pdf.pages}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(key): value for key, value in zip(nums[::2], nums[1::2], strict=True)}
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == max(parents) + 1
        for page in pdf.pages:
            if "/StructParents" in page.obj:
                assert isinstance(parents[int(page.obj.StructParents)], pikepdf.Array)
            for annot in page.obj.get("/Annots", []):
                owner = parents[int(annot.StructParent)]  # a Link (a Span for ::after text)
                assert owner.S in ("/Link", "/Span")
                kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
                assert any(
                    isinstance(kid, pikepdf.Dictionary) and kid.get("/Obj") == annot for kid in kids
                )
        ids = []
        for element in _elements(pdf):
            if "/Pg" in element:
                assert element.Pg.objgen in pages
            if "/ID" in element:
                ids.append(str(element.ID))
        assert len(ids) == len(set(ids))  # table headers from several parts


def test_table_headers_of_several_parts_keep_unique_ids(public_site: Path) -> None:
    with pikepdf.open(public_site / "handbook.pdf") as pdf:
        ids = [str(element.ID) for element in _elements(pdf) if "/ID" in element]
    assert len(ids) > 1 and len(ids) == len(set(ids))


def test_running_header_names_the_book_on_every_part(pair: Pair) -> None:
    texts = read(pair.in_parts).texts
    assert sum(pair.title in text for text in texts) > len(texts) // 2


def test_title_is_a_safe_css_string() -> None:
    assert css_string('A "B" </style> \\') == '"A \\22 B\\22  \\3c /style\\3e  \\5c "'


def test_the_number_of_processes_does_not_change_the_bytes(
    mini_html: str, mini_in_parts: bytes
) -> None:
    one = parallel_pdf.layout_in_parts(mini_html, HANDBOOK_OPTIONS, workers=1, part_size=0)
    assert one == mini_in_parts  # laid out by two processes


def test_parts_that_do_not_settle_fall_back_to_the_book_as_one_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = _HTML  # what falls back when is the same for any book: a small one is quick
    real = parallel_pdf.layout_in_parts
    calls: list[int | None] = []

    def unsettled_parts(html: str, options: dict[str, object], **kwargs: object) -> bytes | None:
        calls.append(kwargs.get("part_size"))  # type: ignore[arg-type]
        return None if kwargs.get("part_size") is None else real(html, options, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("build_tools.printbook.book.layout_in_parts", unsettled_parts)
    one_part = real(html, HANDBOOK_OPTIONS, workers=1, part_size=len(html))
    assert handbook_pdf(html) == one_part
    assert calls == [None, len(html)]


def test_unsettled_page_numbers_fall_back_to_the_whole_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = _HTML
    monkeypatch.setattr(parallel_pdf, "ROUNDS", 0)
    assert parallel_pdf.layout_in_parts(html, HANDBOOK_OPTIONS, workers=1) is None
    assert handbook_pdf(html) == write_pdf(html, **HANDBOOK_OPTIONS)


# --- cutting and numbering, without a layout -------------------------------------------------

_HTML = (
    "<html><head><title>T</title></head><body>"
    '<p id="a">cover</p>'
    + PART_MARK
    + '<p id="b"><a href="#c">c</a> <a href="#nowhere">x</a></p>'
    + PART_MARK
    + '<p id="c"><a class="xref" href="#a">a</a></p></body></html>'
)


def test_split_cuts_only_at_the_marks_and_keeps_everything() -> None:
    for size in (0, 40, 10_000):
        book = split_book(_HTML, size)
        assert book.head.endswith("<body>") and book.tail.startswith("</body>")
        assert book.head + PART_MARK.join(book.parts) + book.tail == _HTML
    assert len(split_book(_HTML, 0).parts) == 3
    assert len(split_book(_HTML, 10_000).parts) == 1


def test_paginate_starts_every_part_on_an_odd_page() -> None:
    pagination = paginate(
        [PartLayout(3, {"a": 0}), PartLayout(2, {"b": 1}), PartLayout(1, {"c": 0, "b": 0})]
    )
    assert pagination.starts == (1, 5, 7)  # page 4 is a blank left-hand page
    assert dict(pagination.anchors) == {"a": 1, "b": 6, "c": 7}  # the first "b" wins
    assert pagination.total == 7


def test_final_part_has_its_numbers_written_in() -> None:
    book = split_book(_HTML, 0)
    pagination = paginate([PartLayout(1, {name: 0}) for name in "abc"])
    part = final_html(book, 1, pagination)
    assert 'href="xref:c" data-page="5"' in part
    assert 'href="#nowhere"' in part  # no such anchor: left as it is
    assert "counter-reset: page 3;" in part and '" of 5"' in part
    assert 'data-page="000"' in draft_html(book, 1)


# --- re-laying only what changed --------------------------------------------------------------


def test_an_edit_lays_out_only_the_changed_part_again(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    mini_html: str,
    mini_in_parts: bytes,
    mini_parts: Path,
) -> None:
    """Two versions of the small book that differ in one clause: with the parts of one kept,
    the other lays out again only the changed part and the acknowledgement page (whose
    document reference names the text), and gives what a cold layout gives; then back."""
    source = tmp_path / "policy_src"
    shutil.copytree(MINI, source)
    chapter = source / "chapters" / "01-basics.yml"
    text = chapter.read_text(encoding="utf-8")
    edited = text.replace("when you post about", "when you write about", 1)
    assert edited != text
    chapter.write_text(edited, encoding="utf-8")
    edited_html = _approved_html(source)
    assert edited_html != mini_html
    parts = tmp_path / "parts"
    shutil.copytree(mini_parts, parts)  # the parts of the cold layout of the small book
    cold = sorted(path.name for path in parts.iterdir())
    count = len(split_book(mini_html, 0).parts)

    def relaid(html: str) -> tuple[bytes | None, list[str]]:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="handbook.pdf"):
            data = parallel_pdf.layout_in_parts(html, HANDBOOK_OPTIONS, part_size=0, cache=parts)
        return data, [record.getMessage() for record in caplog.records]

    for html in (edited_html, mini_html):
        data, messages = relaid(html)
        assert f"drafts: 2 of {count} parts laid out" in messages
        assert f"round 1: 2 of {count} parts laid out" in messages
        kept = sorted(path.name for path in parts.iterdir())
        assert len(kept) == len(cold)  # old entries pruned, not piled up
        assert (kept == cold) == (html == mini_html)
    assert data == mini_in_parts  # byte for byte what the cold layout gave


# --- one set of font subsets ------------------------------------------------------------------


def test_merged_book_embeds_each_font_once(mini_in_parts: bytes) -> None:
    """Every part has its own subset of each font; the merged book has one per font."""
    with pikepdf.open(io.BytesIO(mini_in_parts)) as pdf:
        used: dict[str, set[tuple[int, int]]] = {}
        for page in pdf.pages:
            for name, font in page.obj.Resources.Font.items():
                used.setdefault(name, set()).add(font.objgen)
        descriptors = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        ]
        programs = {descriptor.FontFile2.objgen for descriptor in descriptors}
    assert len(used) > 3  # several fonts (serif, sans, bold, italic, mono)
    assert [name for name, fonts in used.items() if len(fonts) > 1] == []
    assert len(descriptors) == len(used) and len(programs) <= len(used)


def test_merged_book_is_hardly_bigger_than_the_whole_layout(pair: Pair) -> None:
    assert len(pair.in_parts) <= 1.2 * len(pair.whole)


def test_joined_fonts_draw_every_page_as_the_parts_own_fonts_did(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mini_html: str,
    mini_in_parts: bytes,
    mini_parts: Path,
) -> None:
    """The same parts merged without joining their fonts (from the kept parts: no layout)
    render pixel for pixel as the merged book does: no glyph lost or changed."""
    parts = tmp_path / "parts"
    shutil.copytree(mini_parts, parts)
    monkeypatch.setattr("build_tools.printbook.merge.share_fonts", lambda pdf: None)
    own = parallel_pdf.layout_in_parts(mini_html, HANDBOOK_OPTIONS, part_size=0, cache=parts)
    assert own is not None and len(own) > 1.3 * len(mini_in_parts)
    theirs, ours = pypdfium2.PdfDocument(own), pypdfium2.PdfDocument(mini_in_parts)
    assert len(theirs) == len(ours)
    for index in range(len(ours)):
        drawn = ours[index].render(scale=1).to_pil().tobytes()
        assert drawn == theirs[index].render(scale=1).to_pil().tobytes(), f"page {index + 1}"
