"""Which version a text is, in the words every output uses: the latest closed cycle, who
approved it and when, or a draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from build_tools.source.model import Cycle, Handbook
from build_tools.util.dates import long_date

#: The mark every page of a draft carries, on screen and on paper.
DRAFT = "Draft — not approved"


def statement(handbook: Handbook) -> str:
    """``Review cycle 2026-H1, approved by Executive Committee on 16 June 2026``; for a draft,
    :data:`DRAFT` and what it is a draft of."""
    cycle = handbook.latest_cycle
    if cycle is None:
        return f"{DRAFT}: no review cycle has been closed yet"
    if handbook.draft:
        return f"{DRAFT}: the working copy, with the changes proposed since review cycle {cycle.id}"
    return f"Review cycle {cycle.id}, approved by {cycle.approved_by} on {long_date(cycle.closed)}"


def effective_line(handbook: Handbook) -> str:
    """``In force from 1 July 2026`` (:attr:`Handbook.effective`); a draft is not in force."""
    if not handbook.approved:
        return "Not in force until approved"
    return f"In force from {long_date(handbook.effective)}" if handbook.effective else ""


def effective_date(handbook: Handbook) -> str:
    """The effective date as the PDF's tables give it: ``1 July 2026``, or why there is none."""
    return long_date(handbook.effective) if handbook.approved else "Not in force until approved"


@dataclass(frozen=True)
class Period:
    """The time one approved version was in force: from its effective date until the day
    before the next version took effect (``until`` is ``None`` for the current one)."""

    cycle: Cycle
    until: dt.date | None

    @property
    def never(self) -> bool:
        """Replaced before it took effect: the next version took effect the same day."""
        return self.until is not None and self.until < self.cycle.in_force


def periods(cycles: Sequence[Cycle]) -> list[Period]:
    """Every closed cycle's period in force, oldest first (``check`` keeps effective dates in
    order, so the periods follow one another without gaps)."""
    ordered = sorted(cycles, key=lambda cycle: (cycle.in_force, cycle.closed))
    ends = [later.in_force - dt.timedelta(days=1) for later in ordered[1:]]
    return [Period(cycle, until) for cycle, until in zip(ordered, [*ends, None], strict=True)]


def in_force_on(cycles: Sequence[Cycle], day: dt.date) -> Period | None:
    """The period that holds ``day``, or ``None`` before the first version took effect."""
    found = [period for period in periods(cycles) if period.cycle.in_force <= day]
    return found[-1] if found else None


def as_of(cycles: Sequence[Cycle], day: dt.date) -> str:
    """The answer to "which version was in force on ``day``?", in a sentence."""
    period = in_force_on(cycles, day)
    when = long_date(day)
    if period is None:
        if not cycles:
            return f"On {when} no approved version was in force: no review cycle is closed yet."
        first = periods(cycles)[0].cycle
        return (
            f"On {when} no approved version was in force: the first, review cycle {first.id}, "
            f"took effect on {long_date(first.in_force)}."
        )
    cycle = period.cycle
    span = f"until {long_date(period.until)}" if period.until else "(the current version)"
    return (
        f"On {when} the version in force was review cycle {cycle.id}, approved by "
        f"{cycle.approved_by} on {long_date(cycle.closed)}: in force from "
        f"{long_date(cycle.in_force)} {span}."
    )
