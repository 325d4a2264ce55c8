"""Problems found in the sources: values with a location, collected and reported together."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from build_tools.source.errors import HandbookError
from build_tools.source.model import Location


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    message: str
    severity: Severity = Severity.ERROR
    #: The source line the problem is on, when it is shown under the message (YAML syntax).
    quote: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {one_line(self.message)}"

    def report(self) -> str:
        """The report line, and under it the quoted source line with a caret at the column."""
        if self.quote is None:
            return str(self)
        return "\n".join([str(self), *excerpt(self.quote, self.location)])


QUOTE_WIDTH = 100  # characters of a quoted line shown around the column


def excerpt(line: str, location: Location) -> list[str]:
    """``line`` quoted under a report, as compilers do, with a caret under the column::

        6 |     title: "Unclosed
          |            ^

    Control and direction characters are escaped (a tab shows as ``\\t``) and the caret
    is placed under the escaped text; a long line is cut to the part around the column."""
    number = str(location.line)
    column = max(location.column - 1, 0)
    start = max(0, min(column - QUOTE_WIDTH // 2, len(line) - QUOTE_WIDTH))
    shown = line[start : start + QUOTE_WIDTH]
    before = ("…" if start else "") + one_line(shown[: column - start])
    text = (
        ("…" if start else "") + one_line(shown) + ("…" if start + QUOTE_WIDTH < len(line) else "")
    )
    return [
        f"  {number} | {text}",
        f"  {' ' * len(number)} | {' ' * len(before)}^",
    ]


def one_line(text: str) -> str:
    """``text`` with control, format and line-break characters escaped (``\\n``, ``\\x1b``,
    ``\\u202e``): quoted source text can neither split a report line nor drive a terminal."""
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"}
        else c
        for c in text
    )


class SourceError(HandbookError):
    """Raised at a stage boundary when the sources hold errors; carries all of them."""

    code = "sources"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.report() for p in self.problems))

    def __str__(self) -> str:
        return self.message


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
