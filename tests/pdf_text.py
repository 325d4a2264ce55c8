"""The text of a PDF's pages, read with PDFium (pypdfium2): as a reader's viewer extracts it,
and many times faster than a pure-Python reader on a book of a hundred pages."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c


def page_texts(data: bytes) -> list[str]:
    """Each page's text, lines ending in ``\\n``."""
    document = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


@dataclass(frozen=True)
class Marked:
    """A run of characters in one colour, and whether a drawn line strikes through or
    underlines every one of them (the cue that survives black-and-white printing)."""

    colour: tuple[int, int, int]
    text: str
    struck: bool
    underlined: bool


def marked_runs(data: bytes) -> list[Marked]:
    """Every run of same-coloured characters on every page, with the lines drawn over them."""
    document = pypdfium2.PdfDocument(data)
    found: list[Marked] = []
    try:
        for page in document:
            lines = [
                obj.get_bounds()
                for obj in page.get_objects()
                if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH
                and obj.get_bounds()[3] - obj.get_bounds()[1] < 2.5
                and obj.get_bounds()[2] - obj.get_bounds()[0] > 1
            ]
            textpage = page.get_textpage()
            runs: list[tuple[tuple[int, int, int], list[str], list[tuple[float, ...]]]] = []
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            for index in range(textpage.count_chars()):
                pdfium_c.FPDFText_GetFillColor(textpage, index, r, g, b, a)
                colour = (r.value, g.value, b.value)
                char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
                box = textpage.get_charbox(index)
                if not runs or runs[-1][0] != colour:
                    runs.append((colour, [], []))
                runs[-1][1].append(char)
                if char.isalnum():  # punctuation's boxes are too small to measure lines by
                    runs[-1][2].append(box)
            found += [
                Marked(
                    colour,
                    "".join(chars),
                    all(_crossed(box, lines, middle=True) for box in boxes),
                    all(_crossed(box, lines, middle=False) for box in boxes),
                )
                for colour, chars, boxes in runs
            ]
            textpage.close()
            page.close()
    finally:
        document.close()
    return found


def _crossed(box: tuple[float, ...], lines: list[tuple[float, ...]], *, middle: bool) -> bool:
    """A line runs across the character: through its middle, or under it."""
    left, bottom, right, top = box
    centre, height = (left + right) / 2, top - bottom
    for x0, y0, x1, y1 in lines:
        y = (y0 + y1) / 2
        if not x0 <= centre <= x1:
            continue
        if middle and bottom + 0.25 * height < y < top - 0.2 * height:
            return True
        if not middle and bottom - 0.5 * height < y < bottom + 0.2 * height:
            return True
    return False


@dataclass(frozen=True)
class Line:
    """One line of a page's text as PDFium reads it: its words, where it is (points from the
    top of the page), the largest font size of its letters (as PDFium gives it, in pixels),
    and whether they are all in a bold font."""

    text: str
    top: float
    bottom: float
    size: float
    bold: bool


def page_lines(data: bytes) -> list[list[Line]]:
    """Each page's lines of text, top to bottom, measured from PDFium's character boxes."""
    document = pypdfium2.PdfDocument(data)
    pages: list[list[Line]] = []
    try:
        for page in document:
            height = page.get_height()
            textpage = page.get_textpage()
            lines: list[Line] = []
            chars: list[tuple[str, tuple[float, ...], float, bool]] = []
            name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
            for index in range(textpage.count_chars() + 1):
                char = (
                    chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
                    if index < textpage.count_chars()
                    else "\n"
                )
                if char not in "\r\n":
                    size = pdfium_c.FPDFText_GetFontSize(textpage, index)
                    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), flags)
                    bold = b"Bold" in name.value
                    chars.append((char, textpage.get_charbox(index), size, bold))
                    continue
                letters = [c for c in chars if not c[0].isspace()]
                if letters:
                    lines.append(
                        Line(
                            "".join(c[0] for c in chars).strip(),
                            height - max(c[1][3] for c in letters),
                            height - min(c[1][1] for c in letters),
                            max(c[2] for c in letters),
                            all(c[3] for c in letters),
                        )
                    )
                chars = []
            pages.append(lines)
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages
