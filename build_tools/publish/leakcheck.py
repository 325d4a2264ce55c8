"""The second line of defence for editions: scan every output file for excluded items.

Items an edition does not admit are dropped from the model before rendering
(:mod:`build_tools.editions`); this check proves it on the real output. It looks
for the ids, titles and distinctive text of excluded items in the text of every
HTML, JSON, XML, feed, gzip and PDF file that a build wrote.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import material

from build_tools.publish.output_text import file_text, pdf_text, text_and_attributes
from build_tools.source.errors import HandbookError
from build_tools.source.markup import marked
from build_tools.source.model import Handbook
from build_tools.views.editions import for_edition

_MIN_WORDS = 5
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


def automaton(words: Iterable[str]) -> Any:
    """An Aho-Corasick automaton: finds every word in one pass over a text."""
    made = ahocorasick.Automaton()
    for word in words:
        made.add_word(word, word)
    made.make_automaton()
    return made


def _found_in(words: Iterable[str], text: str) -> set[str]:
    finder = automaton(words)
    if not len(finder):
        return set()
    return {word for _, word in finder.iter(text)}


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


def pdf_leaks(name: str, data: bytes, found: dict[str, str]) -> list[Leak]:
    """The leaks in one PDF, given as bytes (before it is written anywhere)."""
    if not found:
        return []
    return leaks_in(name, pdf_text(io.BytesIO(data)), found, automaton(found))


def refuse_pdf_leaks(name: str, data: bytes, found: dict[str, str], edition: str) -> None:
    """Raise :class:`HandbookError` when the PDF ``data`` holds text of an excluded item."""
    leaks = pdf_leaks(name, data, found)
    if leaks:
        raise HandbookError(failure(edition, leaks))


def leaks_in(name: str, text: str, found: dict[str, str], finder: Any) -> list[Leak]:
    """The leaks in ``text`` of the file ``name``: one per item (``finder``: the
    :func:`automaton` of ``found``)."""
    seen: dict[str, Leak] = {}
    for _, marker in finder.iter(_normal(text)):
        seen.setdefault(found[marker], Leak(name, found[marker], marker))
    return list(seen.values())


_SCANNED = {".html", ".htm", ".json", ".xml", ".gz", ".pdf", ".txt", ".js", ".atom", ".rss"}


#: The leaks of a file (its name in the folder, its path) when they are known already (a page
#: checked as it was written, :mod:`build_tools.publish.side_work`), None to read it.
Checked = Callable[[str, Path], "list[Leak] | None"]


def scan(folder: Path, found: dict[str, str], checked: Checked | None = None) -> list[Leak]:
    """Every output file under ``folder`` that holds a marker; one leak per file and item.
    The theme's scripts and the files of types a build writes no text into are skipped."""
    files = [
        file
        for file in sorted(p for p in folder.rglob("*") if p.is_file())
        if file.suffix.lower() in _SCANNED and not _theme_script(folder, file)
    ]
    return scan_files(folder, files, found, checked)


#: Where Material keeps the scripts it copies into every site (assets/javascripts/…).
_THEME = Path(material.__file__).parent / "templates"


def _theme_script(folder: Path, file: Path) -> bool:
    """Whether ``file`` is one of the theme's own scripts, as Material ships it: at the
    theme's place in the site (wherever the site is) and byte for byte the theme's file, so
    that nothing written into a script of that name escapes the check."""
    path = file.relative_to(folder)
    if path.suffix.lower() != ".js" or path.parts[:2] != ("assets", "javascripts"):
        return False
    shipped = _THEME / path
    return shipped.is_file() and shipped.read_bytes() == file.read_bytes()


def scan_files(
    folder: Path, files: Iterable[Path], found: dict[str, str], checked: Checked | None = None
) -> list[Leak]:
    """Those of ``files`` (under ``folder``), whatever their type, that hold a marker."""
    leaks: list[Leak] = []
    if not found:
        return leaks
    finder = automaton(found)
    for file in files:
        name = file.relative_to(folder).as_posix()
        known = checked(name, file) if checked is not None else None
        if known is not None:
            leaks += known
            continue
        text = file_text(file)
        if text is not None:
            leaks += leaks_in(name, text, found, finder)
    return leaks
