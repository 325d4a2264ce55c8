"""Markdown that editors write, judged before any Markdown engine reads it.

Python-Markdown (which MkDocs uses too) takes time that grows with the square of a paragraph's
length on some shapes of text: long runs of ``[`` or ``![`` without their ``]``, deeply nested
brackets, or many ``<`` that open no tag each make it scan the rest of the paragraph again.
:func:`too_costly` finds these shapes in one linear pass, and such a field is refused before it
is rendered, so checking and building stay linear in the size of the sources whatever they hold.
The limits are far above what prose needs.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator

import markdown

from build_tools.source.references import Reference, find_references, replace_references

#: Longest Markdown field, in characters (a long clause is about 1,500).
MAX_FIELD_CHARS = 20_000
#: Square brackets, or parentheses, open at once in one paragraph (``[text [[ID]]](url)`` is
#: three): a link scans to the bracket or parenthesis that closes it, so a paragraph costs at
#: most this many passes over its text.
MAX_BRACKET_DEPTH = 8
#: ``<`` in one paragraph (each may start raw HTML, which is scanned again).
MAX_ANGLE_BRACKETS = 64


#: ``{`` in one paragraph (each may start an attribute list, which is matched again).
MAX_BRACES = 16
#: Lists and quotes nested in one another (Python-Markdown and WeasyPrint recurse into each).
MAX_NESTING = 8


def too_costly(text: str) -> list[tuple[int, str]]:
    """(character offset, message) for each shape of ``text`` that would make rendering slow."""
    if len(text) > MAX_FIELD_CHARS:
        message = (
            f"text is {len(text):,} characters long; the limit is {MAX_FIELD_CHARS:,}: "
            "split it into several clauses"
        )
        return [(MAX_FIELD_CHARS, message)]
    found: list[tuple[int, str]] = []
    start = 0
    for block in text.split("\n\n"):
        problem = _block_problem(block) or _nesting_problem(block)
        if problem is not None:
            found.append((start + problem[0], problem[1]))
        start += len(block) + 2
    return found


_TOO_MANY = {
    "[": f"more than {MAX_BRACKET_DEPTH} square brackets '[' open at once: close them with "
    "']' or write \\[ for a literal bracket",
    "(": f"more than {MAX_BRACKET_DEPTH} parentheses '(' open at once: close them with ')' "
    "or write \\( for a literal parenthesis",
    "<": f"more than {MAX_ANGLE_BRACKETS} '<' in one paragraph: write 'less than' or split "
    "the paragraph",
    "{": f"more than {MAX_BRACES} '{{' in one paragraph: split the paragraph",
}
_LIMITS = {"[": MAX_BRACKET_DEPTH, "(": MAX_BRACKET_DEPTH, "<": MAX_ANGLE_BRACKETS,
           "{": MAX_BRACES}  # fmt: skip
_CLOSING = {"]": "[", ")": "("}


def _block_problem(block: str) -> tuple[int, str] | None:
    """The first costly shape in one paragraph, if any (one linear pass): brackets and
    parentheses open at once, ``<`` and ``{`` in all."""
    if all(block.count(char) <= limit for char, limit in _LIMITS.items()):
        return None  # no more open at once than there are in all: the usual paragraph
    counts = dict.fromkeys(_LIMITS, 0)
    escaped = False
    for offset, char in enumerate(block):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in counts:
            counts[char] += 1
            if counts[char] > _LIMITS[char]:
                return offset, _TOO_MANY[char]
        elif char in _CLOSING:
            opening = _CLOSING[char]
            counts[opening] = max(counts[opening] - 1, 0)
    return None


def _nesting_problem(block: str) -> tuple[int, str] | None:
    """A line that opens more than :data:`MAX_NESTING` lists or quotes, if any."""
    start = 0
    for line in block.split("\n"):
        if _depth(line) > MAX_NESTING:
            message = (
                f"lists or quotes nested more than {MAX_NESTING} deep: "
                "use fewer levels, or write the markers as \\- and \\>"
            )
            return start, message
        start += len(line) + 1
    return None


def _depth(line: str) -> int:
    """How many lists and quotes a line opens: its indentation in steps of four spaces, and
    the list markers (``-``, ``*``, ``+``, ``1.``, ``1)``) and ``>`` it starts with."""
    depth, at, size = 0, 0, len(line)
    while at < size and depth <= MAX_NESTING:  # stops soon after the limit: linear
        spaces = at
        while spaces < size and line[spaces] == " ":
            spaces += 1
        depth, at = depth + (spaces - at) // 4, spaces
        if at < size and line[at] == ">":
            depth, at = depth + 1, at + 1
            continue
        digits = at
        while digits < size and digits - at < 9 and line[digits].isdigit():
            digits += 1
        end = digits + 1 if digits > at else at + 1
        marker = line[at:end]
        is_marker = marker in ("-", "*", "+") or (digits > at and marker[-1:] in ".)")
        if not (is_marker and (end == size or line[end] == " ")):
            break
        depth, at = depth + 1, end
    return depth


#: The Markdown extensions that every renderer of source text uses (site and print).
EXTENSIONS = ("attr_list", "tables", "admonition")


@functools.cache
def _engine() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS))


def may_hold_markup(text: str) -> bool:
    """False when ``text`` cannot produce an HTML tag or attribute beyond plain formatting:
    no raw HTML or autolink (``<``), attribute list (``{``), inline link or image (``](``),
    link definition (``]:``), admonition (``!!!``, whose words become classes) or heading (a
    line that starts with ``#``, or is underlined). References to a link definition
    (``[text][name]``) need a definition, which :func:`unsupported` refuses everywhere."""
    return (
        "<" in text
        or "{" in text
        or "](" in text
        or "]:" in text
        or "!!!" in text
        or _HEADING.search(text) is not None
    )


_HEADING = re.compile(r"^ {0,3}(?:#|=+ *$|-+ *$)", re.MULTILINE)
_DEFINITION = re.compile(r"^[ \t]*\[[^\[\]\n]*\]:", re.MULTILINE)


def unsupported(text: str) -> list[tuple[int, str]]:
    """Link definitions (``[name]: address``): on a page every field is part of one document,
    so a definition in one field would give an address to ``[text][name]`` in another, out of
    sight of the check of either. Write the address in the link instead."""
    message = (
        "link definitions ([name]: address) are not supported: write the address in the "
        "link, as [text](https://…)"
    )
    return [(match.start(), message) for match in _DEFINITION.finditer(text)]


@functools.lru_cache(maxsize=4096)
def to_html(text: str) -> str:
    """``text`` as the site and the print handbook render it (stripped, every ``[[reference]]``
    an in-page link).

    Only for judging what the sanitizer would remove: call :func:`too_costly` first.
    Remembered: a build checks the working copy and the approved text, which share most
    fields."""

    def link(ref: Reference) -> str:
        return f"[{ref.label or ref.target}](#{ref.target})"

    return rendered(text, link)


def rendered(text: str, reference: Callable[[Reference], str]) -> str:
    """``text`` rendered to HTML with the extensions of the site and the print handbook,
    stripped, each ``[[reference]]`` first replaced by ``reference(ref)``."""
    if _converted is not None:
        _converted[text] += 1
    source = replace_references(text.strip(), reference)
    return _plain_paragraphs(source) or _engine().reset().convert(source)


#: Characters that may start Markdown syntax anywhere in a line: escapes, code, emphasis,
#: links and images, raw HTML and entities, tables, attribute lists, admonitions.
_INLINE_SYNTAX = frozenset("\\`*_[]!<>&|{}")


def _plain_paragraphs(source: str) -> str | None:
    """The HTML Python-Markdown makes of ``source`` when it is only paragraphs of plain words,
    made without it (a tenth of the time); None for anything else. Plain: no character of
    :data:`_INLINE_SYNTAX`, no control or space character but space and newline (the
    placeholder :data:`REF` aside), every line either empty or starting with a letter (no list,
    heading, quote, rule, indented code or setext underline) and ending without a space (no
    hard break). tests/test_markup_plain.py holds it to the engine's output."""
    if not source or not _INLINE_SYNTAX.isdisjoint(source):
        return None
    paragraphs: list[list[str]] = [[]]
    for line in source.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if not line[0].isalpha() or line[-1] == " " or not _plain_line(line):
            return None
        paragraphs[-1].append(line)
    return "\n".join("<p>" + "\n".join(lines) + "</p>" for lines in paragraphs if lines)


def _plain_line(line: str) -> bool:
    return line.isprintable() or all(c.isprintable() or c == REF for c in line)


#: What every ``[[reference]]`` stands as in :func:`marked`: a character no field can hold
#: usefully, that Markdown passes through as text and that is neither a letter nor a space.
REF = "\x00"


@functools.lru_cache(maxsize=16_384)
def marked(text: str) -> str:
    """``text`` rendered once, each ``[[reference]]`` as :data:`REF` (references render
    differently in each place). Remembered: a build's consumers (search text, leak markers)
    and the versions of an archive share one conversion per field."""
    return rendered(text, lambda ref: REF)


#: A label whose Markdown is itself: letters and digits, spaces, commas, hyphens, apostrophes.
_INERT_LABEL = re.compile(r"[^\W_](?:[^\W_]|[ ,'\u2019-])*(?<! )")
#: Characters next to a reference that make Markdown read it differently as a letter than as
#: :data:`REF` (underscore emphasis looks at word characters; ``&`` may start an entity; a
#: backslash escapes; brackets and ``!`` make links and images).
_CONTEXT = frozenset("_&\\[]!`*")


def labelled(text: str, label: Callable[[Reference], str]) -> str:
    """``rendered(text, label)``, taken from :func:`marked` (no new conversion) when that is
    provably the same HTML: the field holds no markup beyond plain formatting
    (:func:`may_hold_markup`), every label is inert text (:data:`_INERT_LABEL`), no reference
    touches a character that reads differently next to a letter (:data:`_CONTEXT`), and the
    references come out as many and in the same order as they went in. Otherwise the field is
    rendered with its labels."""
    stripped = text.strip()
    refs = list(find_references(stripped))
    labels = [label(ref) for ref in refs]
    if (
        REF in stripped
        or may_hold_markup(stripped)
        or not all(_INERT_LABEL.fullmatch(name) for name in labels)
        or any(_touches(stripped, ref) for ref in refs)
    ):
        return rendered(text, label)
    html = marked(text)
    pieces = html.split(REF)
    if len(pieces) != len(labels) + 1:
        return rendered(text, label)
    return "".join(piece + name for piece, name in zip(pieces, [*labels, ""], strict=True))


def _touches(text: str, ref: Reference) -> bool:
    before = text[ref.start - 1] if ref.start else ""
    after = text[ref.end] if ref.end < len(text) else ""
    return before in _CONTEXT or after in _CONTEXT


#: While counting (:func:`counting`): every text handed to the Markdown engine, and how often.
_converted: Counter[str] | None = None


@contextlib.contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count the Markdown conversions of our code while in the block (for tests and
    profiling): text → how many times it was converted."""
    global _converted
    before, _converted = _converted, Counter()
    try:
        yield _converted
    finally:
        _converted = before
