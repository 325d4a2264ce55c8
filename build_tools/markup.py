"""Markdown that editors write, judged before any Markdown engine reads it.

Python-Markdown (which MkDocs uses too) takes time that grows with the square of a paragraph's
length on some shapes of text: long runs of ``[`` or ``![`` without their ``]``, deeply nested
brackets, or many ``<`` that open no tag each make it scan the rest of the paragraph again.
:func:`too_costly` finds these shapes in one linear pass, and such a field is refused before it
is rendered, so checking and building stay linear in the size of the sources whatever they hold.
The limits are far above what prose needs.
"""

from __future__ import annotations

import functools

import markdown

from build_tools.references import Reference, replace_references

#: Longest Markdown field, in characters (a long clause is about 1,500).
MAX_FIELD_CHARS = 20_000
#: Square brackets, or parentheses, open at once in one paragraph (``[text [[ID]]](url)`` is
#: three): a link scans to the bracket or parenthesis that closes it, so a paragraph costs at
#: most this many passes over its text.
MAX_BRACKET_DEPTH = 8
#: ``<`` in one paragraph (each may start raw HTML, which is scanned again).
MAX_ANGLE_BRACKETS = 64


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
        problem = _block_problem(block)
        if problem is not None:
            found.append((start + problem[0], problem[1]))
        start += len(block) + 2
    return found


def _block_problem(block: str) -> tuple[int, str] | None:
    """The first costly shape in one paragraph, if any (one linear pass)."""
    open_at: list[int] = []
    parens = 0
    angles = 0
    escaped = False
    for offset, char in enumerate(block):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            open_at.append(offset)
            if len(open_at) > MAX_BRACKET_DEPTH:
                return offset, (
                    f"more than {MAX_BRACKET_DEPTH} square brackets '[' open at once: "
                    "close them with ']' or write \\[ for a literal bracket"
                )
        elif char == "]":
            if open_at:
                open_at.pop()
        elif char == "(":
            parens += 1
            if parens > MAX_BRACKET_DEPTH:
                return offset, (
                    f"more than {MAX_BRACKET_DEPTH} parentheses '(' open at once: close them "
                    "with ')' or write \\( for a literal parenthesis"
                )
        elif char == ")":
            parens = max(parens - 1, 0)
        elif char == "<":
            angles += 1
            if angles > MAX_ANGLE_BRACKETS:
                return offset, (
                    f"more than {MAX_ANGLE_BRACKETS} '<' in one paragraph: write 'less than' "
                    "or split the paragraph"
                )
    return None


#: The Markdown extensions that every renderer of source text uses (site and print).
EXTENSIONS = ("attr_list", "tables", "admonition")


@functools.cache
def _engine() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS))


def may_hold_markup(text: str) -> bool:
    """False when ``text`` cannot produce an HTML tag or attribute beyond plain formatting:
    no raw HTML or autolink (``<``), attribute list (``{``), inline link or image (``](``)
    or link definition (``]:``)."""
    return "<" in text or "{" in text or "](" in text or "]:" in text


def to_html(text: str) -> str:
    """``text`` as the site renders it, with every ``[[reference]]`` as an in-page link.

    Only for judging what the sanitizer would remove: call :func:`too_costly` first."""

    def link(ref: Reference) -> str:
        return f"[{ref.label or ref.target}](#{ref.target})"

    return _engine().reset().convert(replace_references(text, link))
