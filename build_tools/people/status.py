"""Who has acknowledged which text, who is late, and who must acknowledge again.

A person must re-acknowledge only when a review cycle closed after the version they signed
made a *material* change that touches their audience (the impact analysis of
:mod:`build_tools.review.diff`; changes a cycle recorded as editorial do not count), or when
the roster now gives them another audience than the pack they signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from build_tools.people.register import Acknowledgement, Pack
from build_tools.people.roster import Person
from build_tools.review.cycles import History
from build_tools.review.diff import history, impact
from build_tools.views import versions


class Standing(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    OUTSTANDING = "outstanding"
    OVERDUE = "overdue"
    REACKNOWLEDGE = "re-acknowledge"
    NOT_ISSUED = "no pack issued"


@dataclass(frozen=True)
class Status:
    """Where one person on the roster stands, and why."""

    person: Person
    standing: Standing
    pack: Pack | None  # the pack signed, or the one awaited
    signed: dt.date | None
    why: str


def statuses(
    roster: Sequence[Person],
    packs: Sequence[Pack],
    acknowledged: dict[str, Acknowledgement],
    past: History,
    today: dt.date,
) -> list[Status]:
    """The standing of everyone on ``roster``, in roster order."""
    order = {cycle.id: i for i, cycle in enumerate(past.cycles)}
    changes = _Material(past)
    found = []
    for person in roster:
        own = [p for p in packs if p.employee_id.casefold() == person.employee_id.casefold()]
        own.sort(key=lambda p: (order.get(p.cycle, -1), p.issued))  # stable: then first issued
        signed = [p for p in own if p.code in acknowledged]
        # Of the packs signed, the latest for the person's audience today, if any.
        signed.sort(key=lambda p: p.audience == person.audience)
        awaited = own[-1] if own else None
        if not signed:
            found.append(_unsigned(person, awaited, today))
            continue
        last = signed[-1]
        when = acknowledged[last.code].signed
        why = changes.since(last, person.audience)
        if why:
            due = awaited if awaited is not last else None
            if due is not None:
                why += f"; new pack issued, return by {due.return_by.isoformat()}"
            found.append(Status(person, Standing.REACKNOWLEDGE, due or last, when, why))
        else:
            what = f"signed {last.cycle} ({last.reference}) on {when.isoformat()}"
            found.append(Status(person, Standing.ACKNOWLEDGED, last, when, what))
    return found


def _unsigned(person: Person, pack: Pack | None, today: dt.date) -> Status:
    if pack is None:
        return Status(person, Standing.NOT_ISSUED, None, None, "run handbook onboarding")
    late = today > pack.return_by
    standing = Standing.OVERDUE if late else Standing.OUTSTANDING
    why = f"{pack.cycle} pack issued {pack.issued.isoformat()}, due {pack.return_by.isoformat()}"
    return Status(person, standing, pack, None, why)


class _Material:
    """The material changes of every closed cycle, per edition, computed once."""

    def __init__(self, past: History) -> None:
        self.past = past
        self.ids = [cycle.id for cycle in past.cycles]
        self.entries: dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]] = {}

    def since(self, pack: Pack, audience: str) -> str:
        """Why the holder of ``pack``, now of ``audience``, must acknowledge again ('' if not)."""
        if audience != pack.audience:
            return f"role changed since {pack.cycle}: {pack.audience} → {audience}"
        if pack.cycle not in self.ids:
            return f"signed a text ({pack.cycle}) that no closed review cycle approved"
        later = self.ids[self.ids.index(pack.cycle) + 1 :]
        if not later:
            return ""  # signed the text in force
        by_cycle = self._by_cycle(pack.edition)
        items = [
            item
            for cycle in later
            for item, audiences in by_cycle.get(cycle, [])
            if audience in audiences
        ]
        if not items:
            return ""
        return f"material changes since {pack.cycle}: {', '.join(dict.fromkeys(items))}"

    def _by_cycle(self, edition: str) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        if edition not in self.entries:
            latest = versions.approved(self.past.snapshots[-1], self.past.cycles)
            found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
            for entry in history(self.past.pairs(), latest, edition, pending=False):
                if entry.cycle is None:
                    continue
                for change in entry.changes:
                    touched = impact([change]).audiences
                    if touched:
                        found.setdefault(entry.cycle.id, []).append((change.id, touched))
            self.entries[edition] = found
        return self.entries[edition]
