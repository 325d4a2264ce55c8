"""Two versions of the handbook → the approvers' redline: one print HTML document; pure.

A summary table of the changes in policy terms, then every changed clause (and worked example
and glossary term) with its deleted words struck through and its inserted words underlined
(colour as well, never colour alone: the pack prints in black and white), and a signature
block for the approver of the version under approval.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from build_tools.printbook.html import LANGUAGE, PAPER_SIZES, TEMPLATES, Paper
from build_tools.review import version
from build_tools.review.diff import (
    KIND_LABELS,
    Change,
    ChangeKind,
    ItemKind,
    Segment,
    by_item,
    item_texts,
)
from build_tools.source.labels import LEVEL_LABELS
from build_tools.source.model import Handbook, Level
from build_tools.util.dates import long_date


@dataclass(frozen=True)
class Item:
    """One changed clause, example or term, with all its changes."""

    id: str
    item: ItemKind
    number: str | None
    title: str
    changes: tuple[Change, ...]

    @property
    def kinds(self) -> str:
        return ", ".join(KIND_LABELS[change.kind] for change in self.changes)

    @property
    def words(self) -> tuple[Segment, ...]:
        """The text as a word diff: the rewording, or all of it inserted or deleted."""
        for change in self.changes:
            if change.words:
                return change.words
        return ()


def label(handbook: Handbook) -> str:
    """``review cycle 2026-H1`` or ``the working draft``."""
    cycle = handbook.latest_cycle
    return f"review cycle {cycle.id}" if handbook.approved and cycle else "the working draft"


def items(changes: Sequence[Change]) -> list[Item]:
    """The changes grouped by item, in the order the diff lists them."""
    return [
        Item(item, found[0].item, found[0].number, found[0].title, tuple(found))
        for item, found in by_item(changes).items()
    ]


def render_redline_html(
    base: Handbook,
    target: Handbook,
    changes: Sequence[Change],
    *,
    texts: dict[str, tuple[str, str]],
    paper: Paper = "a4",
    document_date: dt.date | None = None,
) -> str:
    """The approval pack as one HTML document for WeasyPrint.

    ``texts``: item id → (old text, new text) of the added and removed items, shown whole as
    inserted or deleted."""
    target_cycle = target.latest_cycle if target.approved else None
    approver = target_cycle.approved_by if target_cycle else (target.meta.approver or "")
    counts = Counter(KIND_LABELS[change.kind] for change in changes)
    template = TEMPLATES.get_template("redline.html.j2")
    css, _, _ = TEMPLATES.loader.get_source(TEMPLATES, "redline.css")  # type: ignore[union-attr]
    return template.render(
        css=Markup(css),
        meta=target.meta,
        base=label(base),
        target=label(target),
        target_version=version.statement(target),
        approver=approver,
        approved_on=long_date(target_cycle.closed) if target_cycle else None,
        items=items(changes),
        counts=counts,
        texts=texts,
        kinds=ChangeKind,
        levels=LEVEL_LABELS,
        level_of=Level,
        paper_size=PAPER_SIZES[paper],
        language=LANGUAGE,
        document_date=document_date.isoformat() if document_date else None,
    )


def whole_texts(
    base: Handbook, target: Handbook, changes: Sequence[Change]
) -> dict[str, tuple[str, str]]:
    """Item id → (text before, text after) for the items that were added or removed."""
    wanted = {c.id for c in changes if c.kind in (ChangeKind.ADDED, ChangeKind.REMOVED)}
    before, after = item_texts(base), item_texts(target)
    return {i: (before.get(i, ""), after.get(i, "")) for i in wanted}
