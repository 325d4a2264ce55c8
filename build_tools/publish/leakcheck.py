"""The second line of defence for editions: scan every output file for excluded items.

Items an edition does not admit are dropped from the model before rendering
(:mod:`build_tools.editions`); this check proves it on the real output. It looks
for the ids, titles and distinctive text of excluded items in the text of every
HTML, JSON, XML, feed, gzip and PDF file that a build wrote.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree

import ahocorasick
import lxml.etree
import lxml.html

from build_tools.source.errors import HandbookError
from build_tools.source.markup import marked
from build_tools.source.model import Handbook
from build_tools.views.editions import for_edition

_MIN_WORDS = 5
MAX_UNPACKED = 64 << 20  # a compressed output file (sitemap.xml.gz) is read up to this much
_FRAGMENT_SPLIT = re.compile(r"[.!?;:\n()\"“”]+|\x00")


@dataclass(frozen=True)
class Leak:
    file: str  # relative to the scanned folder
    item: str
    marker: str

    def __str__(self) -> str:
        return (
            f"{self.file}: error: holds text of '{self.item}', which this edition excludes: "
            f"'{self.marker}'"
        )


def failure(edition: str, leaks: Iterable[Leak]) -> str:
    """The message that fails a build: one line per leaking file and item."""
    listing = "\n".join(str(leak) for leak in leaks)
    return f"leak check failed for the {edition} edition:\n{listing}"


def _normal(text: str) -> str:
    """Runs of whitespace as one space, no space at either end, case folded. (``str.split``
    splits at exactly the characters that ``\\s`` matches, in under half the time.)"""
    return " ".join(text.split()).casefold()


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


@functools.lru_cache(maxsize=8192)
def _plain(markdown_text: str) -> str:
    """Markdown → its text as the pages render it; references become breaks, as they render
    differently in each place. The conversion is shared (:func:`marked`): the site's search
    text makes the same one, and the versions of an archive share most texts."""
    return text_and_attributes(marked(markdown_text))


@dataclass(frozen=True)
class _Item:
    """An item as the leak check reads it: Markdown fields, and words shown as they are."""

    id: str
    title: str
    fields: tuple[str, ...]  # Markdown
    words: tuple[str, ...]  # tags and aliases, never rendered

    def texts(self) -> list[str]:
        """The plain text of each Markdown field (each converted once), then the words."""
        return [_plain(field) for field in self.fields] + list(self.words)


def _items(handbook: Handbook) -> Iterator[_Item]:
    """Every item, unrendered: nothing is converted until an item's texts are asked for."""
    for _, clause in handbook.clauses():
        fields = (clause.text, clause.rationale or "")
        yield _Item(clause.id, clause.title, fields, clause.tags)
    for example in handbook.examples:
        yield _Item(example.id, example.title, (example.scenario, example.discussion), ())
    for term in handbook.glossary:
        yield _Item(_term_item(term.term), term.term, (term.definition,), term.aliases)


def _term_item(term: str) -> str:
    return f"term '{term}'"


def _item_ids(handbook: Handbook) -> set[str]:
    ids = {clause.id for _, clause in handbook.clauses()}
    ids |= {example.id for example in handbook.examples}
    return ids | {_term_item(term.term) for term in handbook.glossary}


def _candidates(item: str, title: str, texts: list[str]) -> Iterator[str]:
    yield title
    if not item.startswith("term "):
        yield item
    for text in texts:
        yield from (f for f in _FRAGMENT_SPLIT.split(text) if len(f.split()) >= _MIN_WORDS)
        if len(text.split()) == 1 and len(text) >= 6:  # a tag or alias
            yield text


def _automaton(words: Iterable[str]) -> Any:
    """An Aho-Corasick automaton: finds every word in one pass over a text."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def _found_in(words: Iterable[str], text: str) -> set[str]:
    automaton = _automaton(words)
    if not len(automaton):
        return set()
    return {word for _, word in automaton.iter(text)}


def markers(full: Handbook, edition: str) -> dict[str, str]:
    """Distinctive text (normalised) → the excluded item it comes from.

    Markers come only from the items the edition excludes: when it excludes nothing, nothing
    is rendered. A phrase counts only if nothing the edition admits contains it, so that
    shared wording ("Executive team") never raises a false alarm; the admitted items are read
    for that only when there are phrases to weigh.
    """
    kept = _item_ids(for_edition(full, edition))
    items = list(_items(full))
    candidates: dict[str, str] = {}
    for excluded in (item for item in items if item.id not in kept):
        for candidate in _candidates(excluded.id, excluded.title, excluded.texts()):
            marker = _normal(candidate)
            if len(marker) >= 6:
                candidates.setdefault(marker, excluded.id)
    if not candidates:
        return {}
    admitted = [" ".join(str(v) for v in full.meta.model_dump(mode="json").values())]
    admitted += [" ".join([i.title, *i.texts()]) for i in items if i.id in kept]
    shared = _found_in(candidates, _normal(" \x00 ".join(admitted)))
    return {marker: item for marker, item in candidates.items() if marker not in shared}


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
        raw = file.read_text(encoding="utf-8", errors="replace")
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
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


def pdf_leaks(name: str, data: bytes, found: dict[str, str]) -> list[Leak]:
    """The leaks in one PDF, given as bytes (before it is written anywhere)."""
    if not found:
        return []
    return _leaks_in(name, pdf_text(io.BytesIO(data)), found, _automaton(found))


def refuse_pdf_leaks(name: str, data: bytes, found: dict[str, str], edition: str) -> None:
    """Raise :class:`HandbookError` when the PDF ``data`` holds text of an excluded item."""
    leaks = pdf_leaks(name, data, found)
    if leaks:
        raise HandbookError(failure(edition, leaks))


def _leaks_in(name: str, text: str, found: dict[str, str], automaton: Any) -> list[Leak]:
    seen: dict[str, Leak] = {}
    for _, marker in automaton.iter(_normal(text)):
        seen.setdefault(found[marker], Leak(name, found[marker], marker))
    return list(seen.values())


_SCANNED = {".html", ".htm", ".json", ".xml", ".gz", ".pdf", ".txt", ".js", ".atom", ".rss"}


def scan(folder: Path, found: dict[str, str]) -> list[Leak]:
    """Every output file under ``folder`` that holds a marker; one leak per file and item.
    The theme's scripts and the files of types a build writes no text into are skipped."""
    files = [
        file
        for file in sorted(p for p in folder.rglob("*") if p.is_file())
        if file.suffix.lower() in _SCANNED and "assets/javascripts" not in file.as_posix()
    ]
    return scan_files(folder, files, found)


def scan_files(folder: Path, files: Iterable[Path], found: dict[str, str]) -> list[Leak]:
    """Those of ``files`` (under ``folder``), whatever their type, that hold a marker."""
    leaks: list[Leak] = []
    if not found:
        return leaks
    automaton = _automaton(found)
    for file in files:
        text = file_text(file)
        if text is not None:
            leaks += _leaks_in(file.relative_to(folder).as_posix(), text, found, automaton)
    return leaks
