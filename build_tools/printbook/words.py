"""The print handbook's own words in the book's language: one lookup for every word the book
adds to the text (:data:`build_tools.source.labels.UI`, and a translation's ``labels:``).

A translator's words are plain text: escaped like any source field, with only the ``{name}``
slots of the English words filled in (never ``str.format``, which would read attributes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from markupsafe import Markup, escape

from build_tools.source import version_words
from build_tools.source.labels import SLOT, ui
from build_tools.source.model import Handbook, Term
from build_tools.source.translation import item_key

#: The language of the English book (its ``<html lang>``).
ENGLISH = "en-GB"


def fill(words: str, values: Mapping[str, object]) -> Markup:
    """``words`` escaped, each ``{name}`` of ``values`` replaced by its value (escaped unless it
    is markup already); any other braces are left as they are."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(escape(values[name])) if name in values else match.group(0)

    return Markup(SLOT.sub(value, str(escape(words))))


def css_text(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits and spaces
    escaped, so that no word can end the string or the rule."""
    escaped = "".join(
        char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in text
    )
    return f'"{escaped}"'


class PrintWords:
    """The book's words: English, or the translation's where it gives them."""

    def __init__(self, handbook: Handbook) -> None:
        self.handbook = handbook
        self.labels = handbook.labels if handbook.language else {}
        self.translated = bool(handbook.language)
        self.language = handbook.language or ENGLISH

    def __call__(self, key: str, **values: object) -> Markup:
        return fill(ui(self.labels, key), values)

    def text(self, key: str, **values: object) -> str:
        """The words as plain text, for a value escaped where it is used."""
        return version_words.text(self.labels, key, **values)

    def date(self, day: dt.date | None) -> str:
        """``1 July 2026`` in the book's language."""
        return version_words.date(self.labels, day)

    def statement(self) -> str:
        """:func:`build_tools.review.version.statement` in the book's language."""
        return version_words.statement(self.handbook)

    def effective_date(self) -> str:
        """:func:`build_tools.review.version.effective_date` in the book's language."""
        return version_words.effective_date(self.handbook)

    def fallback(self, key: str) -> str:
        """``stale`` or ``missing`` where a translated book shows the English words of the item
        ``key`` (:func:`build_tools.source.translation.item_key`), else ``""``."""
        if not self.translated:
            return ""
        state = self.handbook.translated.get(key, "")
        return state if state in ("stale", "missing") else ""

    def lang_en(self, key: str) -> Markup:
        """`` lang="en"`` on an element that shows the item ``key`` in English, else nothing."""
        return Markup(' lang="en"') if self.fallback(key) else Markup("")

    def lang_own(self, key: str) -> Markup:
        """The book's language on the book's own words inside an item shown in English."""
        return Markup(' lang="{}"').format(self.language) if self.fallback(key) else Markup("")

    def notice(self, key: str) -> Markup:
        """The notice on an item shown in English: out of date, or not yet translated."""
        state = self.fallback(key)
        if not state:
            return Markup("")
        words = self(f"print.{state}")
        return Markup('<p class="translation-notice" lang="{}">{}</p>').format(self.language, words)

    def term_key(self, term: Term) -> str:
        """The item key of a glossary term: of its English name, which a translated term keeps
        among its aliases (a term shown in English has it as its name)."""
        for name in (term.term, *term.aliases):
            key = item_key("term", name)
            if key in self.handbook.translated:
                return key
        return item_key("term", term.term)

    def page_css(self) -> dict[str, str]:
        """The page-margin and page-reference words as CSS strings and ``content`` values."""

        def content(key: str, **slots: str) -> str:
            pieces = re.split(r"(\{[a-z_]+\})", ui(self.labels, key))
            out = [slots.get(p[1:-1], "") if SLOT.fullmatch(p) else css_text(p) for p in pieces]
            return " ".join(piece for piece, raw in zip(out, pieces, strict=True) if raw and piece)

        return {
            "footer": Markup(
                content("print.page_of", page="counter(page)", pages="counter(pages)")
            ),
            "blank": Markup(content("print.blank")),
            "page": Markup(css_text(self.text("print.page") + "\xa0")),
            # For the head's <meta> that every part of a parallel layout reads: escaped there.
            "footer_meta": content("print.page_of", page="counter(page)", pages="counter(pages)"),
        }
