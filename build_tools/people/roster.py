"""The onboarding roster: a CSV that HR keeps outside the repository, one row per new leader.

Columns (a header row names them, in any order, in any case, with spaces or underscores):
``employee_id``, ``full_name``, ``email``, ``audience``, ``start_date`` (YYYY-MM-DD) and
``manager``; other columns are ignored. UTF-8 (with or without Excel's byte-order mark);
names in any script. Every problem is reported at ``ROSTER:LINE:COL`` and nothing is made
from a roster with one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from build_tools.source.files import read_source
from build_tools.source.model import Location
from build_tools.source.problems import Problem, SourceError

COLUMNS = ("employee_id", "full_name", "email", "audience", "start_date", "manager")
#: Other headers HR exports use for the same columns.
ALIASES = {
    "employee": "employee_id",
    "employee_number": "employee_id",
    "id": "employee_id",
    "name": "full_name",
    "email_address": "email",
    "audience_id": "audience",
    "role": "audience",
    "start": "start_date",
    "manager_name": "manager",
    "line_manager": "manager",
}
#: A roster larger than this is not a roster (and would not fit a print run).
MAX_BYTES = 5 * 1024 * 1024
MAX_NAME = 200
_EMPLOYEE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
#: Characters that reorder the text around them (bidirectional overrides and isolates): a
#: name needs none of them (the PDF isolates every name) and could misuse them.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Person:
    """One row of the roster."""

    employee_id: str
    full_name: str
    email: str
    audience: str
    start_date: dt.date
    manager: str
    line: int  # where the row starts in the roster, for messages


def read_roster(path: Path, audiences: Collection[str]) -> tuple[Person, ...]:
    """Every person in the roster at ``path``; :class:`SourceError` with every problem (at
    ``ROSTER:LINE:COL``) when there is one. ``audiences`` are the ids handbook.yml declares."""
    name = str(path)
    people, problems = _parse(name, read_table(path, "save the roster as CSV UTF-8"), audiences)
    if problems:
        raise SourceError(sorted(problems))
    if not people:
        raise SourceError([Problem(Location(name), "the roster has no one in it")])
    return tuple(people)


def read_table(path: Path, advice: str) -> str:
    """The text of a CSV file that HR gives (a roster, an e-signature export), read as untrusted
    input: a regular file of at most :data:`MAX_BYTES` (never a pipe or device, which could
    hang or never end), UTF-8 with or without a byte-order mark; :class:`SourceError` else."""
    name = str(path)
    data, refused = read_source(path, None, MAX_BYTES)
    if data is None:
        raise SourceError([Problem(Location(name), refused or "cannot read file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        message = f"not UTF-8 text: {advice}"
        raise SourceError([Problem(Location(name, line, column), message)]) from None


def column_key(cell: str) -> str:
    """A header cell as a column name: ``Employee ID`` → ``employee_id``."""
    return "_".join(cell.strip().strip('"').casefold().replace("-", " ").split())


def _parse(name: str, text: str, audiences: Collection[str]) -> tuple[list[Person], list[Problem]]:
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader, None)
    except csv.Error as err:
        return [], [Problem(Location(name, reader.line_num), f"not a CSV file: {err}")]
    if header is None:
        return [], [Problem(Location(name), "the roster is empty: it needs a header row")]
    columns, found = _columns(name, header)
    if found:
        return [], found
    people: list[Person] = []
    first_line: dict[str, int] = {}
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as err:
            problems.append(Problem(Location(name, start), f"not a CSV row: {err}"))
            break
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue  # blank lines between rows
        at = _Row(name, start, lines[start - 1] if start <= len(lines) else "", row, columns)
        person = at.person(audiences, first_line)
        problems.extend(at.problems)
        if person is not None:
            people.append(person)
    return people, problems


def _columns(name: str, header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Column name → position; a problem for every required column that is missing."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = ALIASES.get(column_key(cell), column_key(cell))
        if key in COLUMNS and key not in columns:
            columns[key] = index
    missing = [column for column in COLUMNS if column not in columns]
    if not missing:
        return columns, []
    message = (
        f"the header row has no column {', '.join(missing)}; the roster needs: {', '.join(COLUMNS)}"
    )
    return columns, [Problem(Location(name, 1, 1), message)]


class _Row:
    """One roster row being checked; its problems point at the cell at fault."""

    def __init__(
        self, name: str, line: int, text: str, row: list[str], columns: dict[str, int]
    ) -> None:
        self.name, self.line, self.row, self.columns = name, line, row, columns
        self.starts = _cell_starts(text)
        self.problems: list[Problem] = []

    def cell(self, column: str) -> str:
        index = self.columns[column]
        return self.row[index].strip() if index < len(self.row) else ""

    def problem(self, column: str, message: str) -> None:
        index = self.columns[column]
        at = self.starts[index] if index < len(self.starts) else 1
        self.problems.append(Problem(Location(self.name, self.line, at), message))

    def person(self, audiences: Collection[str], first_line: dict[str, int]) -> Person | None:
        employee_id, full_name = self.cell("employee_id"), self.cell("full_name")
        email, audience, manager = self.cell("email"), self.cell("audience"), self.cell("manager")
        if not _EMPLOYEE_ID.fullmatch(employee_id):
            self.problem(
                "employee_id",
                f"bad employee id {employee_id!r}: 1 to 40 letters, "
                "digits, dots or dashes, starting with a letter or digit",
            )
        elif employee_id.casefold() in first_line:
            earlier = first_line[employee_id.casefold()]
            self.problem("employee_id", f"employee id {employee_id!r} is also on line {earlier}")
        else:
            first_line[employee_id.casefold()] = self.line
        for column, value in (("full_name", full_name), ("manager", manager)):
            self._check_name(column, value)
        if not _EMAIL.fullmatch(email) or any(unicodedata.category(c)[0] == "C" for c in email):
            self.problem("email", f"bad email address {email!r}")
        if audience not in audiences:
            known = ", ".join(sorted(audiences))
            self.problem(
                "audience", f"unknown audience {audience!r}; handbook.yml declares: {known}"
            )
        start = self._date()
        if self.problems or start is None:
            return None
        return Person(employee_id, full_name, email, audience, start, manager, self.line)

    def _check_name(self, column: str, value: str) -> None:
        what = column.replace("_", " ")
        if not value:
            self.problem(column, f"missing {what}")
        elif len(value) > MAX_NAME:
            self.problem(column, f"the {what} is longer than {MAX_NAME} characters")
        elif any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} or c in _BIDI for c in value):
            self.problem(column, f"the {what} holds a line break or control character")

    def _date(self) -> dt.date | None:
        value = self.cell("start_date")
        try:
            if len(value) == 10:
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        self.problem("start_date", f"bad start date {value!r}: write it as YYYY-MM-DD")
        return None


def _cell_starts(line: str) -> list[int]:
    """The column (from 1) where each cell of a CSV ``line`` starts."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts
