"""The glossary page: every term with its definition and other names, in alphabetical order;
pure, no I/O."""

from __future__ import annotations

from collections.abc import Callable

from build_tools.site import translated
from build_tools.source.labels import say, term_anchor
from build_tools.source.model import Handbook
from build_tools.source.sanitize import markdown_text
from build_tools.source.translation import item_key

GLOSSARY = "glossary.md"


def glossary_page(handbook: Handbook, markdown: Callable[[str, str], str]) -> str:
    """The page's Markdown; ``markdown(text, page)`` renders a definition as the clause pages
    render Markdown fields (``[[references]]`` as links)."""
    hb = handbook
    parts = [
        f"# {say(hb, 'site.glossary', markdown_text)}",
        say(hb, "site.glossary_intro", markdown_text),
    ]
    for term in sorted(handbook.glossary, key=lambda t: t.term.casefold()):
        # A term shown in English (its translation stale or missing) keeps the English key.
        key = item_key("term", term.term)
        entry = [
            f"## {markdown_text(term.term)} {{ #{term_anchor(term)} .term"
            f"{translated.heading(hb, key, inside=True)} }}",
            translated.notice(hb, key),
            translated.english(hb, key, markdown(term.definition, GLOSSARY)),
        ]
        if term.aliases:
            also = say(hb, "site.also_called", markdown_text)
            entry.append(f"*{also}* " + ", ".join(map(markdown_text, term.aliases)))
        parts.append("\n\n".join(part for part in entry if part))
    return "\n\n".join(parts) + "\n"
