"""Problems found in the sources: values with a location, collected and reported together."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
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

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {one_line(self.message)}"


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
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return self.message


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
