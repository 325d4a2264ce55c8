"""Where personal data may and may not be: rosters, registers and personal packs stay out of
the repository, the sources and the site; ``handbook check`` warns about any that got in."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from build_tools.people.register import APPLICATION_ID
from build_tools.people.roster import ALIASES, column_key
from build_tools.source.errors import UsageError
from build_tools.source.model import Location
from build_tools.source.problems import Problem, Severity
from build_tools.util.files import OUTPUT_MARKER, real_path_within

#: Columns that make a table personal data (any two of them), after the roster's aliases.
PERSONAL = frozenset(
    {
        "employee_id",
        "full_name",
        "email",
        "manager",
        "start_date",
        "surname",
        "last_name",
        "family_name",
        "given_name",
        "first_name",
        "forename",
        "date_of_birth",
        "phone",
        "mobile",
        "home_address",
        "national_insurance_number",
        "salary",
    }
)
#: Other names of those columns in HR exports.
SYNONYMS = {
    **ALIASES,
    "staff_number": "employee_id",
    "staff_id": "employee_id",
    "personnel_number": "employee_id",
    "work_email": "email",
    "personal_email": "email",
    "e_mail": "email",
    "employee_name": "full_name",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "phone_number": "phone",
    "mobile_number": "mobile",
    "ni_number": "national_insurance_number",
}
#: Folders a repository scan skips: version control and tools' own.
SKIPPED = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"})
#: Tables are looked for in files with these endings (a register in any file).
TABLES = (".csv", ".tsv", ".txt")
_SQLITE = b"SQLite format 3\x00"
_PACK_TITLE = "Onboarding pack for "


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


def inside(path: Path, places: Sequence[tuple[Path, str]]) -> tuple[Path, str] | None:
    """The first of ``places`` that ``path`` lies in (symbolic links resolved), if any."""
    return next(((p, n) for p, n in places if real_path_within(path, p) is not None), None)


def refuse_inside(path: Path, what: str, option: str, places: Sequence[tuple[Path, str]]) -> None:
    """Raise :class:`PersonalDataPlace` when ``path`` lies in one of ``places``."""
    found = inside(path, places)
    if found is None:
        return
    place, name = found
    message = (
        f"{what} holds personal data and must not be inside {name} ({place}); "
        "choose a folder outside it, where HR keeps personal records"
    )
    raise PersonalDataPlace(message, str(path), option=option)


def personal_files(repository: Path) -> list[Problem]:
    """A warning for every roster-like table, acknowledgement register or onboarding pack
    inside ``repository``: personal data that must be moved out (and removed from its
    history). Paths are shown as the user would type them from the current folder."""
    warnings = []
    for path in _files(repository):
        reason = _personal(path)
        if reason:
            message = (
                f"{reason}: personal data must not be kept in the repository; move it to "
                "where HR keeps personal records and remove it from the history"
            )
            shown = os.path.relpath(path)
            warnings.append(Problem(Location(shown), message, Severity.WARNING))
    return warnings


def _files(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):
        # A site build's output is made from the sources only: skipped, like tools' folders.
        folders[:] = sorted(
            f
            for f in folders
            if f not in SKIPPED and not (Path(root) / f / OUTPUT_MARKER).is_file()
        )
        for name in sorted(files):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _personal(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            start = file.read(4096)
    except OSError:
        return None
    if start.startswith(_SQLITE):
        # application_id: the big-endian integer at offset 68 of an SQLite database's header
        if int.from_bytes(start[68:72], "big") == APPLICATION_ID:
            return "an acknowledgement register"
        return None
    if start.startswith(b"%PDF-"):
        return "an onboarding pack" if _pack_title(path).startswith(_PACK_TITLE) else None
    if not path.name.lower().endswith(TABLES):
        return None
    header = start.split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    cells = header.replace("\t", ",").replace(";", ",").split(",")
    names = {column_key(cell) for cell in cells}
    found = sorted({SYNONYMS.get(n, n) for n in names} & PERSONAL)
    if len(found) >= 2:
        return f"a table with personal columns ({', '.join(found)})"
    return None


def _pack_title(path: Path) -> str:
    import pikepdf  # only for the PDFs a repository holds

    try:
        with pikepdf.open(path) as pdf:
            return str(pdf.docinfo.get("/Title", ""))
    except (pikepdf.PdfError, OSError, ValueError):
        return ""
