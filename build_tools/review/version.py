"""Which version a text is, in the words every output uses: the latest closed cycle, who
approved it and when, or a draft."""

from __future__ import annotations

from build_tools.source.model import Handbook
from build_tools.util.dates import long_date

DRAFT = "Draft (no review cycle closed yet)"


def statement(handbook: Handbook) -> str:
    """``Review cycle 2026-H1, approved by Executive Committee on 16 June 2026``, or
    :data:`DRAFT` before any cycle is closed."""
    cycle = handbook.latest_cycle
    if cycle is None:
        return DRAFT
    return f"Review cycle {cycle.id}, approved by {cycle.approved_by} on {long_date(cycle.closed)}"


def in_force(handbook: Handbook) -> str:
    """``In force from 1 July 2026`` (:attr:`Handbook.effective`), or empty without a date."""
    return f"In force from {long_date(handbook.effective)}" if handbook.effective else ""
