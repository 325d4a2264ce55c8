"""The glossary page: every term with its definition and other names, in alphabetical order;
pure, no I/O."""

from __future__ import annotations

from collections.abc import Callable

from build_tools.source.labels import term_anchor
from build_tools.source.model import Handbook
from build_tools.source.sanitize import markdown_text

GLOSSARY = "glossary.md"


def glossary_page(handbook: Handbook, markdown: Callable[[str, str], str]) -> str:
    """The page's Markdown; ``markdown(text, page)`` renders a definition as the clause pages
    render Markdown fields (``[[references]]`` as links)."""
    parts = ["# Glossary", "Terms with a defined meaning in this handbook."]
    for term in sorted(handbook.glossary, key=lambda t: t.term.casefold()):
        entry = [
            f"## {markdown_text(term.term)} {{ #{term_anchor(term)} .term }}",
            markdown(term.definition, GLOSSARY),
        ]
        if term.aliases:
            entry.append("*Also called:* " + ", ".join(map(markdown_text, term.aliases)))
        parts.append("\n\n".join(entry))
    return "\n\n".join(parts) + "\n"
