"""Signed pages coming back: codes checked against the register before anything is recorded,
one at a time (``ack record``) or from an e-signature export (``ack import``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from build_tools.people.codes import normalise
from build_tools.people.register import Acknowledgement, Register
from build_tools.people.roster import column_key, read_table
from build_tools.source.model import Location
from build_tools.source.problems import Problem, SourceError

CODE_COLUMNS = ("code", "verification_code")
DATE_COLUMNS = ("date", "signed", "signed_on", "signed_date", "date_signed")


@dataclass(frozen=True)
class Returned:
    """A signed page as handed in: its code as typed, the date on it, where it came from."""

    code: str
    signed: dt.date
    where: Location


def check_returns(
    register: Register, returned: Iterable[Returned], today: dt.date, how: str
) -> tuple[list[Acknowledgement], list[str], list[Problem]]:
    """The acknowledgements to record, the codes already recorded with the same date (left
    as they are), and a problem for every page that cannot be recorded."""
    new: list[Acknowledgement] = []
    again: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, dt.date] = {}
    for page in returned:
        code = normalise(page.code)
        why = None
        if code is None:
            why = f"{page.code!r} is not a valid code: a character is mistyped (check it)"
        elif (pack := register.pack(code)) is None:
            why = f"no pack was issued with code {code}"
        elif page.signed > today:
            why = f"signed on {page.signed.isoformat()}, which is after today"
        elif page.signed < pack.issued:
            why = f"signed on {page.signed.isoformat()}, before the pack was issued"
        elif (earlier := _earlier(register, code, seen)) is not None:
            if earlier == page.signed:
                again.append(code)
                continue
            why = f"{code} is already recorded as signed on {earlier.isoformat()}"
        if why is not None or code is None:
            problems.append(Problem(page.where, why or "not a valid code"))
            continue
        seen[code] = page.signed
        new.append(Acknowledgement(code, page.signed, today, how))
    return new, again, problems


def _earlier(register: Register, code: str, seen: dict[str, dt.date]) -> dt.date | None:
    """The date ``code`` was signed on, as recorded before or earlier in this batch."""
    recorded = register.acknowledgement(code)
    return recorded.signed if recorded is not None else seen.get(code)


def read_returns(path: Path) -> list[Returned]:
    """The rows of an e-signature export: a header with a code column and a date column."""
    name = str(path)
    text = read_table(path, "export it as CSV UTF-8")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []  # with the line each row starts on
    line = 0
    try:
        while (row := next(reader, None)) is not None:
            rows.append((line + 1, row))
            line = reader.line_num
    except csv.Error as err:
        message = f"not a CSV file: {err}"
        raise SourceError([Problem(Location(name, reader.line_num), message)]) from None
    return _returns(name, rows)


def _returns(name: str, rows: list[tuple[int, list[str]]]) -> list[Returned]:
    header = [column_key(cell) for cell in (rows[0][1] if rows else [])]
    code_at = next((header.index(c) for c in CODE_COLUMNS if c in header), None)
    date_at = next((header.index(c) for c in DATE_COLUMNS if c in header), None)
    if code_at is None or date_at is None:
        message = "the header row needs a 'code' column and a 'date' column (YYYY-MM-DD)"
        raise SourceError([Problem(Location(name, 1, 1), message)])
    found, problems = [], []
    for start, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(code_at, date_at) + 1 - len(row))
        try:
            signed = dt.date.fromisoformat(cells[date_at].strip())
        except ValueError:
            message = f"bad date {cells[date_at]!r}: write it as YYYY-MM-DD"
            problems.append(Problem(Location(name, start), message))
            continue
        found.append(Returned(cells[code_at], signed, Location(name, start)))
    if problems:
        raise SourceError(problems)
    return found
