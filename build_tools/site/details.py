"""The details of a clause on the site, read as words rather than data: its level as a
labelled badge, its audiences by name, its tags by label, in the page's language; pure."""

from __future__ import annotations

from build_tools.source.labels import say, tag_label, words
from build_tools.source.model import Clause, Handbook
from build_tools.source.sanitize import markdown_text

_NOT_IN_ATTRIBUTE = {ord(c): None for c in '"{}\\<>&'}


def level_badge(handbook: Handbook, clause: Clause) -> str:
    """``**Must**`` styled as a badge (``.level``), its meaning as the badge's title."""
    key = f"level.{clause.level.value}"
    level = say(handbook, key, markdown_text)
    meaning = f"{words(handbook, key)}: {words(handbook, key + '.meaning')}"
    # An attribute value in an attribute list, taken as written: a quote or brace would end
    # it, so a translation's words go without them.
    title = meaning.translate(_NOT_IN_ATTRIBUTE) if handbook.labels else meaning
    return f'**{level}**{{ .level .level-{clause.level.value} title="{title}" }}'


def audience_names(handbook: Handbook, clause: Clause) -> str:
    """The names of the audiences a clause applies to, in its order; "Everyone" for all."""
    if not clause.applies_to:
        return say(handbook, "site.everyone", markdown_text)
    return ", ".join(markdown_text(handbook.meta.audiences[a]) for a in clause.applies_to)


def meta_line(handbook: Handbook, clause: Clause, more: str = "") -> str:
    """The line under a clause's heading: badge, id, audiences, then ``more``."""
    applies = say(handbook, "site.applies_to", markdown_text)
    return (
        f"{level_badge(handbook, clause)} · `{clause.id}` · "
        f"{applies} {audience_names(handbook, clause)}{more}\n{{ .clause-meta }}"
    )


def tags_line(handbook: Handbook, clause: Clause) -> str:
    """The clause's tags by their labels from handbook.yml, or "" when it has none."""
    if not clause.tags:
        return ""
    labels = ", ".join(markdown_text(tag_label(handbook.meta, tag)) for tag in clause.tags)
    return f"**{say(handbook, 'site.tags', markdown_text)}** {labels}\n{{ .clause-tags }}"
