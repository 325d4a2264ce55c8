"""Separately laid-out PDF parts → one PDF with one outline, one set of links and one tag tree.

Each part comes from WeasyPrint with its internal links written as ``xref:ID`` URIs (see
:mod:`build_tools.printbook.parts`); ``unique_header_ids`` (:mod:`build_tools.printbook.names`,
run beside the layout, for parts with tables) makes the part's table-header ids unique in the
book. :func:`merge_parts` concatenates pages (with a blank page wherever a part must start on
the right), named destinations, outlines and structure trees (PDF/UA tags), renumbering the
parent-tree keys that tie marked content and link annotations to their structure elements,
and turns every ``xref:`` link into a link to the named destination ``ID``; the parts' subsets
of each font become one (:mod:`build_tools.printbook.fontmerge`).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from build_tools.printbook.fontmerge import share_fonts
from build_tools.printbook.names import prefix_ids, prefix_names, write_names
from build_tools.printbook.parts import LINK_SCHEME, PartLayout, paginate

_CATALOG_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/PageMode")


def merge_parts(
    parts: Sequence[bytes],
    starts: Sequence[int] | None,
    blank: bytes | None = None,
    prefixes: Sequence[str] = (),
) -> bytes:
    """Merge ``parts`` into one PDF, part ``i`` starting on page ``starts[i]`` (``None``: each
    part on the next right-hand page, as :func:`build_tools.printbook.parts.paginate` places
    them). The pages
    between parts are copies of page 2 of ``blank`` (see
    :func:`build_tools.printbook.parts.blank_page_html`), or empty pages without it. With
    ``prefixes``, part ``i``'s named destinations (and links and bookmarks to them) and
    table-header ids are renamed ``prefixes[i] + name``: for documents merged side by side
    (packs with the same handbook inside), whose names would otherwise clash."""
    sources = [Pdf.open(io.BytesIO(data)) for data in parts]
    notice = Pdf.open(io.BytesIO(blank)) if blank is not None else None
    try:
        for source, prefix in zip(sources, prefixes, strict=False):
            if not prefix:
                continue
            prefix_names(source, prefix)
            if "/StructTreeRoot" in source.Root:
                prefix_ids(source.Root.StructTreeRoot, prefix)
        if starts is None:
            starts = paginate([PartLayout(len(source.pages), {}) for source in sources]).starts
        return _merge(sources, starts, notice)
    finally:
        for source in sources:
            source.close()
        if notice is not None:
            notice.close()


def _merge(sources: Sequence[Pdf], starts: Sequence[int], notice: Pdf | None) -> bytes:
    out = Pdf.new()
    first = sources[0]
    out.trailer.Info = _copy(out, first, first.trailer.Info)
    for key in _CATALOG_KEYS:
        if key in first.Root:
            out.Root[key] = _copy(out, first, first.Root[key])
    tagged = "/StructTreeRoot" in first.Root
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    kids: list[pikepdf.Object] = []
    page_nums: list[tuple[int, pikepdf.Object]] = []
    annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    names: dict[bytes, pikepdf.Object] = {}
    outline: list[pikepdf.Object] = []
    outline_count = 0
    blank: pikepdf.Object | None = None  # the first blank page, shared by the others
    for source, start in zip(sources, starts, strict=True):
        while len(out.pages) + 1 < start:
            blank = _add_blank_page(out, source.pages[0], notice, blank)
        base = len(out.pages)
        with warnings.catch_warnings():  # named destinations and links are merged below
            warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
            out.pages.extend(source.pages)
        copied = out.pages[base:]
        by_key = _relink(copied)
        if tagged:
            for page in copied:
                if "/StructParents" in page.obj:  # not on a blank page the merge added
                    page.obj.StructParents = base + int(page.obj.StructParents)
            root = source.Root.StructTreeRoot
            for kid in _copy(out, source, root.K[0].K):
                kid.P = document
                kids.append(kid)
            nums = _copy(out, source, root.ParentTree).Nums
            for number, value in zip(nums[::2], nums[1::2], strict=True):
                if int(number) < len(copied):  # a page's marked content, then link annotations
                    page_nums.append((base + int(number), value))
                else:
                    annotations.append((by_key[int(number)], value))
        if "/Names" in source.Root and "/Dests" in source.Root.Names:
            for name, destination in pikepdf.NameTree(source.Root.Names.Dests).items():
                names.setdefault(name.encode("utf-8"), _copy(out, source, destination))
        if "/Outlines" in source.Root and "/First" in source.Root.Outlines:
            outline.extend(_siblings(_copy(out, source, source.Root.Outlines.First)))
            outline_count += int(source.Root.Outlines.get("/Count", 0))
    if tagged:
        document.K = Array(kids)
        _write_structure(out, document, page_nums, annotations)
    write_names(out, names)
    _write_outline(out, outline, outline_count)
    share_fonts(out)  # one subset of each font, not one per part
    buffer = io.BytesIO()
    out.save(
        buffer,
        deterministic_id=True,
        min_version=max(source.pdf_version for source in sources),
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        fix_metadata_version=False,  # keep WeasyPrint's XMP (PDF/UA identification) as written
    )
    return buffer.getvalue()


def _copy(out: Pdf, source: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of ``source`` copied into ``out``, page references mapped to the copied pages."""
    if not isinstance(obj, Dictionary | Array | pikepdf.Stream):
        return obj  # numbers, names and strings are copied by value
    if not obj.is_indirect:  # copy_foreign takes indirect objects only
        obj = source.make_indirect(obj)
    return out.copy_foreign(obj)


def _add_blank_page(
    out: Pdf, like: pikepdf.Page, notice: Pdf | None, blank: pikepdf.Object | None
) -> pikepdf.Object:
    """A blank left-hand page: page 2 of ``notice`` (the whole layout's blank page, which says
    it is blank), else an empty page the size of ``like``. Its text is no content of the book:
    marked as an artifact, outside the tag tree. Returns the page, to be passed in as
    ``blank`` next time: later blank pages share its contents and resources."""
    if blank is None and notice is not None:
        out.pages.append(notice.pages[1])
        blank = out.pages[-1].obj
        _mark_as_artifact(out, blank)
        return blank
    if blank is None:
        page = Dictionary(Type=Name.Page, Resources=Dictionary(), Contents=out.make_stream(b""))
        for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
            if key in like.obj:
                page[key] = Array(like.obj[key])
        out.pages.append(pikepdf.Page(out.make_indirect(page)))
        return out.pages[-1].obj
    copy = Dictionary({key: value for key, value in blank.items() if key != "/Parent"})
    out.pages.append(pikepdf.Page(out.make_indirect(copy)))
    return blank


def _mark_as_artifact(out: Pdf, page: pikepdf.Object) -> None:
    """Every marked-content sequence of ``page`` made an ``/Artifact`` (WeasyPrint tags the
    text of page-margin boxes with ids that no structure element of the book holds)."""
    instructions = [
        pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC"))
        if str(instruction.operator) == "BDC"
        else instruction
        for instruction in pikepdf.parse_content_stream(pikepdf.Page(page))
    ]
    page.Contents = out.make_stream(pikepdf.unparse_content_stream(instructions))
    for key in ("/StructParents", "/Annots"):
        if key in page:
            del page[key]


def _relink(pages: Sequence[pikepdf.Page]) -> dict[int, pikepdf.Object]:
    """``xref:ID`` links → links to the destination ``ID``; the annotations by parent-tree key."""
    by_key: dict[int, pikepdf.Object] = {}
    for page in pages:
        for annot in page.obj.get("/Annots", Array()):
            uri = str(annot.get("/A", Dictionary()).get("/URI", ""))
            if uri.startswith(LINK_SCHEME):
                name = String(uri[len(LINK_SCHEME) :])
                del annot["/A"]
                annot.Dest = name
                if "/Contents" in annot:  # what a whole layout writes: the anchor's name
                    annot.Contents = name
            if "/StructParent" in annot:
                by_key[int(annot.StructParent)] = annot
    return by_key


def _write_structure(
    out: Pdf,
    document: pikepdf.Object,
    page_nums: list[tuple[int, pikepdf.Object]],
    annotations: list[tuple[pikepdf.Object, pikepdf.Object]],
) -> None:
    nums: list[int | pikepdf.Object] = []  # one Array at the end: growing a pikepdf Array is O(n)
    for key, value in page_nums:
        nums += [key, value]
    next_key = len(out.pages)
    for annot, element in annotations:
        annot.StructParent = next_key
        nums += [next_key, element]
        next_key += 1
    root = out.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=out.make_indirect(Dictionary(Nums=Array(nums))),
            ParentTreeNextKey=next_key,
        )
    )
    document.P = root
    out.Root.StructTreeRoot = root


def _siblings(item: pikepdf.Object) -> Iterator[pikepdf.Object]:
    while True:
        yield item
        if "/Next" not in item:
            return
        item = item.Next


def _write_outline(out: Pdf, items: list[pikepdf.Object], count: int) -> None:
    if not items:
        return
    root = out.make_indirect(Dictionary(Type=Name.Outlines, Count=count))
    for index, item in enumerate(items):
        item.Parent = root
        for key in ("/Prev", "/Next"):
            if key in item:
                del item[key]
        if index:
            item.Prev = items[index - 1]
            items[index - 1].Next = item
    root.First, root.Last = items[0], items[-1]
    out.Root.Outlines = root
