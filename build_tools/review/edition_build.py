"""What one edition's build needs, from a single read of the sources."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from build_tools.review.diff import Entry
from build_tools.source.model import Handbook, Location, QuickAnswer


@dataclasses.dataclass(frozen=True)
class EditionBuild:
    """Everything one edition's build needs, from a single read of the sources."""

    full: Handbook  # every item, for the leak check's list of what must not appear
    handbook: Handbook  # what the edition admits: the only thing renderers see
    changelog: tuple[Entry, ...]
    # For an archived (superseded or current) version: the version in force, as the edition
    # sees it, which the archived pages link to. None for the site's own text.
    current: Handbook | None = None
    # Where each item is in the working copy (the files editors change), whatever text the
    # build shows: the site's "Suggest a change" links open these files.
    sources: dict[str, Location] = dataclasses.field(default_factory=dict, compare=False)
    # Clause id → search keywords, from the working copy whatever text is shown: search
    # metadata, never shown, that only decides which of the shown clauses a search finds.
    keywords: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    # The working copy's contact_email: who answers readers' questions is routing, not a rule,
    # so the "Ask about this rule" links of every version go to today's address.
    contact: str | None = None
    # The working copy's quick answers: on approved text that has none of its own, the home
    # page asks their questions and links each to its clause in that text, without the
    # unapproved answers.
    questions: tuple[QuickAnswer, ...] = ()

    @property
    def version_id(self) -> str:
        """The id of the cycle whose approved text this is; empty for a draft."""
        cycle = self.handbook.latest_cycle
        return cycle.id if cycle is not None and self.handbook.approved else ""
