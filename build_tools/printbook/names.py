"""Names that must stay unique when separately made PDFs are merged into one: table-header
ids in the tag tree, and named destinations with the links and bookmarks that use them."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String


def unique_header_ids(data: bytes, part: int) -> bytes:
    """The PDF of part ``part`` with its table-header ids (``/ID``, ``/Headers``) made unique."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        prefix_ids(root, f"p{part}-")
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def prefix_names(pdf: Pdf, prefix: str) -> None:
    """Every named destination of ``pdf``, and every link and bookmark to one, renamed."""
    names: dict[bytes, pikepdf.Object] = {}
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        for name, destination in pikepdf.NameTree(pdf.Root.Names.Dests).items():
            names[(prefix + name).encode("utf-8")] = destination
        del pdf.Root.Names
    write_names(pdf, names)
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", Array()):
            _rename(annot, prefix)
    if "/Outlines" in pdf.Root and "/First" in pdf.Root.Outlines:
        stack = [pdf.Root.Outlines.First]
        while stack:
            item = stack.pop()
            _rename(item, prefix)
            stack.extend(item[key] for key in ("/Next", "/First") if key in item)


def _rename(item: pikepdf.Object, prefix: str) -> None:
    """A link's or bookmark's named destination (``/Dest`` or a GoTo action's ``/D``)."""
    if isinstance(item.get("/Dest"), String):
        item.Dest = String(prefix + str(item.Dest))
    action = item.get("/A")
    if isinstance(action, Dictionary) and isinstance(action.get("/D"), String):
        action.D = String(prefix + str(action.D))


def prefix_ids(root: pikepdf.Object, prefix: str) -> None:
    """Table header ids are unique per WeasyPrint document only: make them unique per book."""
    for element in _struct_elements(root):
        if "/ID" in element:
            element.ID = String(prefix + str(element.ID))
        attributes = element.get("/A")
        if isinstance(attributes, Dictionary) and "/Headers" in attributes:
            attributes.Headers = Array([String(prefix + str(h)) for h in attributes.Headers])


def _struct_elements(node: pikepdf.Object) -> Iterator[Dictionary]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Dictionary):
            if item.get("/Type") == Name.StructElem or "/S" in item:
                yield item
            kids = item.get("/K")
            if isinstance(kids, Array):
                stack.extend(kids)
            elif isinstance(kids, Dictionary):
                stack.append(kids)


def write_names(out: Pdf, names: dict[bytes, pikepdf.Object]) -> None:
    if not names:
        return
    flat: list[pikepdf.Object] = []
    for name in sorted(names):  # a name tree's keys are in byte order
        flat += [String(name.decode("utf-8")), names[name]]
    out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=Array(flat))))
