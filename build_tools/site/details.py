"""The details of a clause on the site, read as words rather than data: its level as a
labelled badge, its audiences by name, its tags by label; pure."""

from __future__ import annotations

from build_tools.source.labels import LEVEL_LABELS, LEVEL_MEANINGS, tag_label
from build_tools.source.model import Clause, HandbookMeta
from build_tools.source.sanitize import markdown_text


def level_badge(clause: Clause) -> str:
    """``**Must**`` styled as a badge (``.level``), its meaning as the badge's title."""
    level = LEVEL_LABELS[clause.level]
    meaning = f"{level}: {LEVEL_MEANINGS[clause.level]}"
    return f'**{level}**{{ .level .level-{clause.level.value} title="{meaning}" }}'


def audience_names(meta: HandbookMeta, clause: Clause) -> str:
    """The names of the audiences a clause applies to, in its order; "Everyone" for all."""
    if not clause.applies_to:
        return "Everyone"
    return ", ".join(markdown_text(meta.audiences[a]) for a in clause.applies_to)


def meta_line(meta: HandbookMeta, clause: Clause, more: str = "") -> str:
    """The line under a clause's heading: badge, id, audiences, then ``more``."""
    return (
        f"{level_badge(clause)} · `{clause.id}` · "
        f"Applies to: {audience_names(meta, clause)}{more}\n{{ .clause-meta }}"
    )


def tags_line(meta: HandbookMeta, clause: Clause) -> str:
    """The clause's tags by their labels from handbook.yml, or "" when it has none."""
    if not clause.tags:
        return ""
    labels = ", ".join(markdown_text(tag_label(meta, tag)) for tag in clause.tags)
    return f"**Tags:** {labels}\n{{ .clause-tags }}"
