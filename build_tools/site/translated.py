"""On a translated site: the notice on an item shown in English because its translation is
stale or missing, and the English words marked as English (``lang="en"``) so that screen
readers and hyphenation switch language; pure.

Nothing here changes a page of the English site: every function gives "" or its input back
unchanged when the handbook is the English text (``handbook.language`` empty).
"""

from __future__ import annotations

from build_tools.source.labels import say
from build_tools.source.model import Handbook
from build_tools.source.sanitize import markdown_text
from build_tools.source.translation import State, item_key

#: The language of the binding text, which a fallback shows.
SOURCE_LANGUAGE = "en"
#: The class of the notice paragraph (docs/assets/handbook.css).
NOTICE = "translation-notice"


def fallback(handbook: Handbook, key: str) -> State | None:
    """Whether the item ``key`` (``SM-PRIV-02``, ``chapter:<id>``, ``handbook``) is shown in
    English on a translated site: its state, stale or missing; None when it is translated or
    the site is in English."""
    if not handbook.language:
        return None
    state = handbook.translated.get(item_key("handbook", "") if key == "handbook" else key)
    if state in (State.STALE, State.MISSING):
        return State(state)
    return None


def notice(handbook: Handbook, key: str) -> str:
    """The visible notice of an item shown in English, in the page's language, or ""."""
    state = fallback(handbook, key)
    if state is None:
        return ""
    which = "site.stale" if state is State.STALE else "site.missing"
    return f"{say(handbook, which, markdown_text)}\n{{ .{NOTICE} }}"


def heading(handbook: Handbook, key: str, *, inside: bool = False) -> str:
    """The attribute that marks a heading shown in English: `` lang="en"`` to go inside the
    heading's attribute list (``inside``), or a list of its own; "" when translated."""
    if fallback(handbook, key) is None:
        return ""
    attribute = f'lang="{SOURCE_LANGUAGE}"'
    return f" {attribute}" if inside else f" {{ {attribute} }}"


def english(handbook: Handbook, key: str, markdown: str) -> str:
    """``markdown`` (blocks of an item shown in English) in a block marked as English, or as it
    is when translated (md_in_html renders the Markdown inside the block)."""
    if fallback(handbook, key) is None or not markdown:
        return markdown
    return f'<div lang="{SOURCE_LANGUAGE}" markdown="1">\n\n{markdown}\n\n</div>'


def inline_english(handbook: Handbook, markdown: str) -> str:
    """``markdown`` (inline text that only the English has, such as a cycle's summary) in a
    span marked as English on a translated site, or as it is on the English site."""
    if not handbook.language or not markdown:
        return markdown
    return f'<span lang="{SOURCE_LANGUAGE}">{markdown}</span>'


def english_only(handbook: Handbook) -> str:
    """The notice at the top of a page that is in English on a translated site (the
    changelog, the quizzes, the editors' guide), or "" on the English site."""
    if not handbook.language:
        return ""
    return f"{say(handbook, 'site.english_only', markdown_text)}\n{{ .{NOTICE} }}"


def say_md(handbook: Handbook, key: str, **values: str | int) -> str:
    """The words of ``key`` in the handbook's language, as Markdown (a translation's escaped)."""
    return say(handbook, key, markdown_text, values)


def outcome(handbook: Handbook, value: str) -> str:
    """An example's outcome after its link: "(poor conduct)"; a translation's as written
    (German nouns keep their capitals)."""
    key = f"outcome.{value}"
    said = say_md(handbook, key)
    return said if key in handbook.labels else said.lower()
