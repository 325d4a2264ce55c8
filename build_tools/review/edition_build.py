"""What one edition's build needs, from a single read of the sources."""

from __future__ import annotations

import dataclasses

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
    # The working copy (the files editors change), whatever text the build shows. It holds
    # what is routing, not rule, for every version on the site: see the properties below.
    working: Handbook | None = dataclasses.field(default=None, compare=False)
    # The translations there are, as (code, name): the site links each one's print handbook.
    languages: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False)

    @property
    def sources(self) -> dict[str, Location]:
        """Where each item is in the working copy: "Suggest a change" opens these files."""
        return self.working.locations if self.working is not None else {}

    @property
    def keywords(self) -> dict[str, tuple[str, ...]]:
        """Clause id → the working copy's search keywords: search metadata, never shown, that
        only decides which of the shown clauses a search finds."""
        if self.working is None:
            return {}
        return {
            clause.id: clause.keywords for _, clause in self.working.clauses() if clause.keywords
        }

    @property
    def contact(self) -> str | None:
        """The working copy's contact_email: who answers readers' questions is routing, not a
        rule, so the "Ask about this rule" links of every version go to today's address."""
        return self.working.meta.contact_email if self.working is not None else None

    @property
    def questions(self) -> tuple[QuickAnswer, ...]:
        """The working copy's quick answers: on approved text that has none of its own, the
        home page asks their questions and links each to its clause in that text, without
        the unapproved answers."""
        return self.working.meta.quick_answers if self.working is not None else ()

    @property
    def version_id(self) -> str:
        """The id of the cycle whose approved text this is; empty for a draft."""
        cycle = self.handbook.latest_cycle
        return cycle.id if cycle is not None and self.handbook.approved else ""
