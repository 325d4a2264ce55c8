"""Words and anchors shared by every renderer (site pages, print handbook, changelog)."""

from __future__ import annotations

from build_tools.source.model import Level, Outcome, Term

LEVEL_LABELS = {Level.MUST: "Must", Level.SHOULD: "Should", Level.MAY: "May"}
OUTCOME_LABELS = {
    Outcome.GOOD: "Good conduct",
    Outcome.POOR: "Poor conduct",
    Outcome.MIXED: "Mixed conduct",
}


def slug(text: str) -> str:
    """Letters and digits of ``text`` (any script), lower case, words joined by dashes:
    ``Closed period`` → ``closed-period``."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def term_anchor(term: Term) -> str:
    """The glossary anchor of a term: ``term-closed-period``."""
    return "term-" + slug(term.term)
