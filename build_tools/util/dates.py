"""Date arithmetic and wording shared by every stage: one calendar, no locale."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the end of a shorter month
    (31 August plus 6 months is 28 or 29 February)."""
    moved: dt.date = day + relativedelta(months=months)
    return moved


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date | None) -> str:
    """``1 July 2026``, independent of the machine's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else "not set"
