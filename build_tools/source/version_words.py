"""Which version a text is, and its dates, in the text's own language: the words of
:mod:`build_tools.review.version` through the labels (:data:`build_tools.source.labels.UI`
and a translation's ``labels:``), shared by the print handbook and the site. Plain text: the
caller escapes it where it is used."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from build_tools.source.labels import SLOT, ui
from build_tools.source.model import Handbook


def text(labels: Mapping[str, str], key: str, **values: object) -> str:
    """The words of ``key``, each ``{name}`` slot of ``values`` filled in (never
    ``str.format``, which would read attributes)."""
    return SLOT.sub(lambda m: str(values.get(m.group(1), m.group(0))), ui(labels, key))


def date(labels: Mapping[str, str], day: dt.date | None) -> str:
    """``1 July 2026``, ``1. Juli 2026``, ``1er juillet 2026``."""
    if day is None:
        return text(labels, "print.not_set")
    number = text(labels, "print.day_one") if day.day == 1 else str(day.day)
    month = text(labels, f"print.month.{day.month}")
    return text(labels, "print.date", day=number, month=month, year=day.year)


def statement(handbook: Handbook) -> str:
    """:func:`build_tools.review.version.statement` in the text's language."""
    labels, cycle = handbook.labels, handbook.latest_cycle
    draft = text(labels, "print.draft")
    if cycle is None:
        return text(labels, "print.statement_first", draft=draft)
    if handbook.draft:
        return text(labels, "print.statement_draft", draft=draft, cycle=cycle.id)
    closed = date(labels, cycle.closed)
    return text(labels, "print.statement", cycle=cycle.id, approver=cycle.approved_by, date=closed)


def effective_date(handbook: Handbook) -> str:
    """:func:`build_tools.review.version.effective_date` in the text's language."""
    if not handbook.approved:
        return text(handbook.labels, "print.not_in_force")
    return date(handbook.labels, handbook.effective)
