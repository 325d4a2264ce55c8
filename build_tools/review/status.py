"""Review status: who owns each chapter and clause and when it is next due for review.

``owner``, ``last_reviewed`` and ``review_every`` are inherited clause → chapter →
handbook; a closed review cycle counts as a review of everything it approved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from build_tools.source.model import Chapter, Clause, Handbook
from build_tools.util.dates import add_months


@dataclass(frozen=True)
class ReviewItem:
    kind: str
    id: str
    title: str
    owner: str
    last_reviewed: dt.date | None
    review_every: int
    next_review: dt.date | None

    def overdue(self, today: dt.date) -> bool:
        return self.next_review is None or self.next_review < today


def review_status(handbook: Handbook, today: dt.date) -> list[ReviewItem]:
    """Every chapter and clause, overdue ones first, then by next review date."""
    items: list[ReviewItem] = []
    cycle_date = handbook.cycles[-1].closed if handbook.cycles else None
    for chapter in handbook.chapters:
        items.append(_item("chapter", chapter, None, handbook, cycle_date))
        items.extend(
            _item("clause", clause, chapter, handbook, cycle_date) for clause in chapter.clauses
        )

    def order(item: ReviewItem) -> tuple[bool, dt.date, str]:
        return (not item.overdue(today), item.next_review or dt.date.min, item.id)

    return sorted(items, key=order)


def _item(
    kind: str,
    item: Chapter | Clause,
    chapter: Chapter | None,
    handbook: Handbook,
    cycle_date: dt.date | None,
) -> ReviewItem:
    parent = chapter
    owner = item.owner or (parent.owner if parent else None) or handbook.meta.owner
    every = item.review_every or (parent.review_every if parent else None)
    every = every or handbook.meta.review_every
    last = item.last_reviewed or (parent.last_reviewed if parent else None)
    if cycle_date is not None and (last is None or cycle_date > last):
        last = cycle_date
    return ReviewItem(
        kind=kind,
        id=item.id,
        title=item.title,
        owner=owner,
        last_reviewed=last,
        review_every=every,
        next_review=add_months(last, every) if last else None,
    )


def render_status(items: list[ReviewItem], today: dt.date) -> str:
    """A plain-text table: overdue items first, marked OVERDUE."""
    overdue = sum(item.overdue(today) for item in items)
    lines = [f"Review status on {today.isoformat()}: {overdue} overdue of {len(items)}"]
    for item in items:
        mark = "OVERDUE" if item.overdue(today) else "ok"
        last = item.last_reviewed.isoformat() if item.last_reviewed else "never"
        due = item.next_review.isoformat() if item.next_review else "now"
        lines.append(
            f"{mark:<8}{item.kind:<8}{item.id:<22}next {due}  last {last}  "
            f"every {item.review_every}m  owner: {item.owner}"
        )
    return "\n".join(lines) + "\n"
