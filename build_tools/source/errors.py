"""The one error hierarchy: every failure a user can act on is a :class:`HandbookError`.

Each carries a message, where it happened when that is known (file, line, column), a stable
``code`` for tools and an exit ``status``: 1 when the sources or the build failed (problems in
the sources, a leak, a refused fetch, the operating system), 2 when the command was used
wrongly (an unknown edition or audience, an output folder that must not be replaced). Exactly
one place, :mod:`build_tools.cli.main`, turns them into messages and exit statuses; the MkDocs
plugin turns them into MkDocs' own errors.
"""

from __future__ import annotations

from build_tools.source.model import Location


class HandbookError(Exception):
    """A failure the user can act on: ``LOCATION: error: MESSAGE`` (no traceback)."""

    code = "error"
    status = 1

    def __init__(self, message: str, location: Location | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location is not None else ""
        return f"{where}error: {self.message}"


class UsageError(HandbookError):
    """The command was used wrongly; ``option`` names the option at fault, if one is."""

    code = "usage"
    status = 2

    def __init__(
        self, message: str, location: Location | str | None = None, *, option: str | None = None
    ) -> None:
        super().__init__(message, location)
        self.option = option
