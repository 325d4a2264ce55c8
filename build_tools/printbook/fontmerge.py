"""One set of font subsets in a PDF merged from separately laid-out parts.

Every part that WeasyPrint writes embeds its own subset of each font it uses, so a book merged
from 26 parts carried 26 copies of each font (2,000 clauses: 6.4 MB against 5.3 MB laid out
whole). WeasyPrint names a font resource after its Pango description (family, style, weight,
size: the same name in every part) and subsets with HarfBuzz keeping the glyph ids
(``RETAIN_GIDS``; CIDs are glyph ids, ``/CIDToGIDMap /Identity``), so the parts' subsets of
one font are pieces of one glyph table: :func:`share_fonts` joins them into one program
(fontTools: each glyph a part uses, with its components, copied into one subset), one width
array and one ``ToUnicode`` map per font, and points every part's font resources at them.
Nothing else changes: the content streams select the same glyph ids; text stays extractable
(the joined ``ToUnicode`` maps every glyph any part mapped; the first part's text wins if two
parts mapped a glyph differently). Deterministic: parts in order, no timestamps.

Fonts the join does not understand are left as they are, per part: anything but a TrueType
``CIDFontType2`` with ``/Identity-H`` (a font with missing glyphs has its own encoding), a
``CIDSet``, or a ``ToUnicode`` map with ranges.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pikepdf
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name, Pdf

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_PAIR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")
_CMAP_HEAD = (
    b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
    b"<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
    b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n"
    b"<0000> <ffff>\nendcodespacerange"
)
_CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"


@dataclass
class _Program:
    """One embedded font program of one part, and the glyph ids its fonts use."""

    stream: pikepdf.Object
    used: set[int] = field(default_factory=set)


def share_fonts(pdf: Pdf) -> None:
    """Join the font subsets of the same font across ``pdf`` (see the module's docstring)."""
    resources = list(_font_resources(pdf))
    fonts: dict[str, list[pikepdf.Object]] = {}  # resource name → its font dicts, parts' order
    for font_dict in resources:
        for name, font in font_dict.items():
            same = fonts.setdefault(name, [])
            if font.is_indirect and all(f.objgen != font.objgen for f in same):
                same.append(font)
    joined: dict[str, pikepdf.Object] = {}
    for names in _families(fonts):
        dicts = [font for name in names for font in fonts[name]]
        if len(dicts) > 1 and all(_joinable(font) for font in dicts):
            joined |= _join(pdf, names, fonts)
    for font_dict in resources:
        for name in list(font_dict.keys()):
            if name in joined:
                font_dict[name] = joined[name]


def _font_resources(pdf: Pdf) -> Iterator[pikepdf.Object]:
    """Every distinct ``/Font`` resource dictionary of the pages and of their forms and
    patterns, in page order."""
    seen: set[tuple[int, int]] = set()
    stack = [page.obj.get("/Resources") for page in reversed(pdf.pages)]
    while stack:
        resources = stack.pop()
        if not isinstance(resources, Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        font_dict = resources.get("/Font")
        if isinstance(font_dict, Dictionary) and font_dict.objgen not in seen:
            if font_dict.is_indirect:
                seen.add(font_dict.objgen)
            yield font_dict
        inner = []
        for kind in ("/XObject", "/Pattern"):
            for item in resources.get(kind, Dictionary()).values():
                if isinstance(item, Dictionary | pikepdf.Stream) and "/Resources" in item:
                    inner.append(item.Resources)
        stack.extend(reversed(inner))


def _families(fonts: dict[str, list[pikepdf.Object]]) -> list[list[str]]:
    """Resource names grouped by font program: names whose fonts share an embedded program in
    any part (one font file at several sizes) belong together."""
    parent = {name: name for name in fonts}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    by_program: dict[tuple[int, int], str] = {}
    for name, dicts in fonts.items():
        for font in dicts:
            program = _program(font)
            if program is None:
                continue
            first = by_program.setdefault(program.objgen, name)
            parent[root(name)] = root(first)
    groups: dict[str, list[str]] = {}
    for name in fonts:
        groups.setdefault(root(name), []).append(name)
    return list(groups.values())


def _program(font: pikepdf.Object) -> pikepdf.Object | None:
    try:
        return font.DescendantFonts[0].FontDescriptor.FontFile2
    except (AttributeError, IndexError, KeyError, TypeError):
        return None


def _joinable(font: pikepdf.Object) -> bool:
    if font.get("/Subtype") != Name.Type0 or font.get("/Encoding") != Name("/Identity-H"):
        return False
    descendants = font.get("/DescendantFonts")
    if not isinstance(descendants, Array) or len(descendants) != 1:
        return False
    cid_font = descendants[0]
    if cid_font.get("/Subtype") != Name.CIDFontType2:
        return False
    if cid_font.get("/CIDToGIDMap") != Name.Identity:
        return False
    descriptor = cid_font.get("/FontDescriptor", Dictionary())
    if "/FontFile2" not in descriptor or "/CIDSet" in descriptor:
        return False
    to_unicode = font.get("/ToUnicode")
    return isinstance(to_unicode, pikepdf.Stream) and b"bfrange" not in to_unicode.read_bytes()


def _join(
    pdf: Pdf, names: list[str], fonts: dict[str, list[pikepdf.Object]]
) -> dict[str, pikepdf.Object]:
    """One font dict per name of one family, all on one joined program."""
    programs: dict[tuple[int, int], _Program] = {}
    for name in names:
        for font in fonts[name]:
            stream = _program(font)
            assert stream is not None  # _joinable
            entry = programs.setdefault(stream.objgen, _Program(stream))
            entry.used |= set(_widths(font.DescendantFonts[0].get("/W", Array())))
    data = join_programs([(p.stream.read_bytes(), p.used) for p in programs.values()])
    program = pdf.make_stream(data)
    program.Length1 = len(data)
    joined = {}
    for name in names:
        first = fonts[name][0]
        widths: dict[int, pikepdf.Object] = {}
        text: dict[int, bytes] = {}
        for font in fonts[name]:
            widths = _widths(font.DescendantFonts[0].get("/W", Array())) | widths
            text = _to_unicode(font.ToUnicode.read_bytes()) | text
        cid_font = first.DescendantFonts[0]
        cid_font.W = _width_array(widths)
        descriptor = cid_font.FontDescriptor
        descriptor.FontFile2 = program
        boxes = [font.DescendantFonts[0].FontDescriptor.FontBBox for font in fonts[name]]
        descriptor.FontBBox = Array([0, boxes[0][1], max(box[2] for box in boxes), boxes[0][3]])
        first.ToUnicode = pdf.make_stream(_cmap(text))
        joined[name] = first
    return joined


def join_programs(programs: Sequence[tuple[bytes, set[int]]]) -> bytes:
    """One TrueType program with every glyph each of ``programs`` uses (glyph ids kept).

    Each program is a subset of one font that kept its glyph ids; the one with most glyph
    slots is the base, and the glyphs (with their components) and metrics the others use are
    copied into it, glyph id for glyph id."""
    fonts = [_open(data) for data, _ in programs]
    base_index = max(range(len(fonts)), key=lambda i: (fonts[i]["maxp"].numGlyphs, -i))
    base = fonts[base_index]
    glyf, metrics = base["glyf"], base["hmtx"].metrics
    for index, (font, (_, used)) in enumerate(zip(fonts, programs, strict=True)):
        if index == base_index:
            continue
        order, their_glyf = font.getGlyphOrder(), font["glyf"]
        todo = [order[gid] for gid in sorted(used, reverse=True) if gid < len(order)]
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            glyph = their_glyf[name]
            if glyph.isComposite():
                todo.extend(component.glyphName for component in glyph.components)
            glyf[name] = glyph
            metrics[name] = font["hmtx"].metrics[name]
        _join_cmaps(base, font)
    if "post" in base:
        base["post"].formatType = 3.0  # no glyph names (a PDF selects glyphs by id)
    buffer = io.BytesIO()
    base.save(buffer)
    return buffer.getvalue()


def _open(data: bytes) -> TTFont:
    """A subset whose glyphs are named by glyph id: fontTools names glyphs after the ``post``
    table or, without names there, after the ``cmap``, which differs from subset to subset."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.setGlyphOrder([f"gid{gid}" for gid in range(font["maxp"].numGlyphs)])
    return font


def _join_cmaps(base: TTFont, other: TTFont) -> None:
    if "cmap" not in base or "cmap" not in other:
        return
    for table in base["cmap"].tables:
        theirs = other["cmap"].getcmap(table.platformID, table.platEncID)
        if theirs is not None and hasattr(table, "cmap") and hasattr(theirs, "cmap"):
            table.cmap = theirs.cmap | table.cmap


def _widths(array: pikepdf.Object) -> dict[int, pikepdf.Object]:
    """A ``/W`` array as glyph id → width (both of its forms: ``c [w …]`` and ``c1 c2 w``)."""
    items, i = list(array), 0
    found: dict[int, pikepdf.Object] = {}
    while i + 1 < len(items):
        first, then = int(items[i]), items[i + 1]
        if isinstance(then, Array):
            found |= {first + k: width for k, width in enumerate(then)}
            i += 2
        else:
            found |= dict.fromkeys(range(first, int(then) + 1), items[i + 2])
            i += 3
    return found


def _width_array(widths: dict[int, pikepdf.Object]) -> Array:
    items: list[object] = []
    run: list[pikepdf.Object] = []
    for gid in sorted(widths):
        if gid - 1 not in widths:
            run = []
            items += [gid, run]
        run.append(widths[gid])
    return Array([Array(item) if isinstance(item, list) else item for item in items])


def _to_unicode(cmap: bytes) -> dict[int, bytes]:
    return {
        int(gid, 16): text for block in _BFCHAR.findall(cmap) for gid, text in _PAIR.findall(block)
    }


def _cmap(text: dict[int, bytes]) -> bytes:
    """A ``ToUnicode`` CMap as WeasyPrint writes it: ``bfchar`` blocks of at most 100."""
    lines = [_CMAP_HEAD]
    items = sorted(text.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [b"<%04x> <%s>" % (gid, hex_text) for gid, hex_text in batch]
        lines.append(b"endbfchar")
    lines.append(_CMAP_TAIL)
    return b"\n".join(lines)
