"""Words and anchors shared by every renderer (site pages, print handbook, changelog)."""

from __future__ import annotations

from build_tools.source.model import HandbookMeta, Level, Outcome, Term

LEVEL_LABELS = {Level.MUST: "Must", Level.SHOULD: "Should", Level.MAY: "May"}
#: What each level means, in a sentence (the badge's tooltip on the site).
LEVEL_MEANINGS = {
    Level.MUST: "a requirement; not following it is a breach of this code",
    Level.SHOULD: "expected practice; depart from it only for a good reason you can explain",
    Level.MAY: "something you are allowed to do, within the limits set here",
}
#: The words of the pages and the print handbook that a translation may give in its language
#: (``labels:`` in ``translations/<code>/language.yml``): key → the English words.
UI: dict[str, str] = {}
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


def tag_label(meta: HandbookMeta, tag: str) -> str:
    """A tag's label from ``handbook.yml``, else its words: ``market-disclosure`` →
    ``Market disclosure``."""
    label = meta.tags.get(tag)
    if label:
        return label
    words = tag.replace("-", " ")
    return words[:1].upper() + words[1:]
