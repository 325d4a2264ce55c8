"""The text a reader, or a search engine, could get out of an output file: the text and
attribute values of HTML, the strings of JSON, the text of XML, the pages, outline and
metadata of a PDF; compressed files unpacked. What the leak check reads
(:mod:`build_tools.publish.leakcheck`)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree

import lxml.etree
import lxml.html

from build_tools.source.errors import HandbookError

MAX_UNPACKED = 64 << 20  # a compressed output file (sitemap.xml.gz) is read up to this much

#: The text nodes (not comments) under an element, in document order; and its attributes'.
_TEXT = lxml.etree.XPath("descendant-or-self::text()", smart_strings=False)
_ATTRIBUTES = lxml.etree.XPath("descendant-or-self::*/@*", smart_strings=False)


def text_and_attributes(html: str) -> str:
    """All text of an HTML document or fragment in document order, then all its attribute
    values (libxml2's HTML parser, through lxml; collected by two XPath queries in C)."""
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):  # empty, or only a comment: no text in it
        return ""
    parts: list[str] = _TEXT(root)
    if root.tail:  # a fragment's text after its one element
        parts.append(root.tail)
    return " ".join(parts) + " \x00 " + " ".join(_ATTRIBUTES(root))


def file_text(file: Path) -> str | None:
    """The text a reader (or a search engine) could get out of an output file."""
    suffix = file.suffix.lower()
    try:
        if suffix == ".gz":
            with gzip.open(file) as unpacked:
                data = unpacked.read(MAX_UNPACKED + 1)
            if len(data) > MAX_UNPACKED:  # what cannot be read whole cannot be checked
                raise HandbookError(f"unpacks to over {MAX_UNPACKED >> 20} MiB", str(file))
            return data.decode("utf-8", "replace")
        if suffix == ".pdf":
            try:
                return pdf_text(file)
            except RuntimeError as err:  # PDFium cannot read it: it cannot be checked either
                raise HandbookError(f"not a readable PDF ({err})", str(file)) from None
        raw = file.read_bytes().decode("utf-8", "replace")  # as a side process reads a page
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    return text_of(suffix, raw)


def text_of(suffix: str, raw: str) -> str:
    """The text :func:`file_text` reads in a text file of type ``suffix`` (``.html``, …)."""
    if suffix in (".html", ".htm"):
        return text_and_attributes(raw) + " " + raw
    if suffix == ".json":
        try:
            return " ".join(_json_strings(json.loads(raw)))
        except json.JSONDecodeError:
            return raw
    if suffix in (".xml", ".atom", ".rss"):
        try:
            return " ".join(ElementTree.fromstring(raw).itertext()) + " " + raw
        except ElementTree.ParseError:
            return raw
    return raw


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield text_and_attributes(value) if "<" in value else value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def pdf_text(file: Path | BinaryIO) -> str:
    """Page text, outline titles and metadata of a PDF.

    PDFium (pypdfium2) extracts the page text: about 25 times faster than pypdf's
    ``extract_text`` on the shipped handbook (0.09 s against 2.3 s; benchmarks/README.md).
    """
    import pypdfium2 as pdfium  # only the verbs that read PDFs pay for it

    data = file.read_bytes() if isinstance(file, Path) else file.read()
    document = pdfium.PdfDocument(data)
    try:
        parts = [_page_text(document[index]) for index in range(len(document))]
        parts += [str(value) for value in document.get_metadata_dict().values()]
        parts += [str(bookmark.get_title()) for bookmark in document.get_toc()]
    finally:
        document.close()
    # A word broken at a line end, read both ways: without the hyphen (one that hyphenation
    # added: "Telecommunica-tions") and with it (a hyphen of the text: "SM-" "PRIV-02").
    # PDFium gives U+FFFE for a hyphen of the text at a line end.
    text = "\n".join(parts).replace("\ufffe", "-")
    return _LINE_END_HYPHEN.sub("", text) + "\n" + _LINE_END_KEPT.sub("-", text)


_LINE_END_HYPHEN = re.compile(r"[-\u00ad\u2010\x02]\r?\n(?=\w)")
_LINE_END_KEPT = re.compile(r"[-\u2010]\r?\n(?=\w)")


def _page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        return str(textpage.get_text_range())
    finally:
        textpage.close()
        page.close()
