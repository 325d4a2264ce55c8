"""Words and anchors shared by every renderer (site pages, print handbook, changelog)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from build_tools.source.model import HandbookMeta, Level, Outcome, Term
from build_tools.source.print_words import PRINT_WORDS

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
UI.update({f"level.{level.value}": words for level, words in LEVEL_LABELS.items()})
UI.update({f"outcome.{outcome.value}": words for outcome, words in OUTCOME_LABELS.items()})
UI.update(PRINT_WORDS)


#: A value filled into a label when it is shown: ``{title}``.
SLOT = re.compile(r"\{([a-z_]+)\}")


def slots(words: str) -> list[str]:
    """The ``{name}`` slots of a label, sorted: a translation keeps the English ones."""
    return sorted(SLOT.findall(words))


def ui(labels: Mapping[str, str], key: str) -> str:
    """The words of ``key`` (a key of :data:`UI`) in a language whose ``labels`` are given (a
    translated handbook's :attr:`~build_tools.source.model.Handbook.labels`), else English."""
    return labels.get(key) or UI[key]


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
