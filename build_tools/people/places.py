"""Where personal data may and may not be: rosters, registers and personal packs stay out of
the repository, the sources and the site; ``handbook check`` warns about any that got in."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from build_tools.people.register import APPLICATION_ID
from build_tools.people.roster import ALIASES, COLUMNS
from build_tools.source.errors import UsageError
from build_tools.source.model import Location
from build_tools.source.problems import Problem, Severity
from build_tools.util.files import real_path_within

#: Columns that make a CSV personal data (any two of them).
PERSONAL = frozenset({"employee_id", "full_name", "email", "manager", "start_date"})
#: Folders a repository scan skips: tools' own, and the build's output.
SKIPPED = frozenset({".git", ".venv", "venv", "node_modules", "site", "__pycache__", ".tox"})
_SQLITE = b"SQLite format 3\x00"


class PersonalDataPlace(UsageError):
    code = "personal-data-place"


def repository_of(folder: Path) -> Path | None:
    """The Git working tree that holds ``folder``, if any."""
    here = Path(os.path.realpath(folder))
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def protected(source: Path, site: Path | None = None) -> list[tuple[Path, str]]:
    """The places personal data must not go: the sources, the repository that holds them or
    the current folder, and the site."""
    places = [(source, "the handbook's sources")]
    for start in (source, Path.cwd()):
        repository = repository_of(start)
        if repository is not None:
            places.append((repository, "the repository"))
    if site is not None:
        places.append((site, "the site"))
    return places


def refuse_inside(path: Path, what: str, option: str, places: Sequence[tuple[Path, str]]) -> None:
    """Raise :class:`PersonalDataPlace` when ``path`` lies in one of ``places``."""
    for place, name in places:
        if real_path_within(path, place) is not None:
            message = (
                f"{what} holds personal data and must not be inside {name} ({place}); "
                "choose a folder outside it, where HR keeps personal records"
            )
            raise PersonalDataPlace(message, str(path), option=option)


def personal_files(repository: Path) -> list[Problem]:
    """A warning for every roster-like CSV and every acknowledgement register inside
    ``repository``: personal data that must be moved out (and removed from its history)."""
    warnings = []
    for path in _files(repository):
        shown = path.relative_to(repository).as_posix()
        reason = _personal(path)
        if reason:
            message = (
                f"{reason}: personal data must not be kept in the repository; move it to "
                "where HR keeps personal records and remove it from the history"
            )
            warnings.append(Problem(Location(shown), message, Severity.WARNING))
    return warnings


def _files(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f not in SKIPPED)
        for name in sorted(files):
            if name.lower().endswith((".csv", ".db", ".sqlite", ".sqlite3", ".tsv")):
                path = Path(root) / name
                if path.is_file() and not path.is_symlink():
                    yield path


def _personal(path: Path) -> str | None:
    with path.open("rb") as file:
        start = file.read(4096)
    if start.startswith(_SQLITE):
        # application_id is the big-endian integer at offset 68 of the database header
        if int.from_bytes(start[68:72], "big") == APPLICATION_ID:
            return "an acknowledgement register"
        return None
    header = start.split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    cells = header.replace("\t", ",").replace(";", ",").split(",")
    names = {"_".join(c.strip().strip('"').casefold().replace("-", " ").split()) for c in cells}
    found = sorted({ALIASES.get(n, n) for n in names} & PERSONAL & set(COLUMNS))
    if len(found) >= 2:
        return f"a CSV with personal columns ({', '.join(found)})"
    return None
