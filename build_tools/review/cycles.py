"""The review-cycle register ``cycles.yml`` and the snapshots it points to.

``cycles.yml`` is a list of closed cycles, oldest first; each has a frozen copy of
the sources in ``snapshots/ID.yml``. Both are read with the ordinary loader and
every problem is reported with its place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from build_tools.review import snapshot
from build_tools.review.diff import diff_handbooks, editorial_problems
from build_tools.source.explain import explain
from build_tools.source.files import MAX_FILE_BYTES
from build_tools.source.loader import (
    SourceFile,
    display_path,
    load_file,
    parse_text,
)
from build_tools.source.model import Cycle, Handbook, Location
from build_tools.source.problems import Problem
from build_tools.source.validate import markup_problems
from build_tools.util.files import temporary_beside

REGISTER = "cycles.yml"
SNAPSHOTS = "snapshots"


@dataclass(frozen=True)
class History:
    """Closed cycles, oldest first, each with the handbook as it was approved."""

    cycles: tuple[Cycle, ...] = ()
    snapshots: tuple[Handbook, ...] = ()

    def pairs(self) -> tuple[tuple[Cycle, Handbook], ...]:
        return tuple(zip(self.cycles, self.snapshots, strict=True))

    @property
    def last(self) -> Cycle | None:
        return self.cycles[-1] if self.cycles else None


def snapshot_path(source: Path, cycle_id: str) -> Path:
    return source / SNAPSHOTS / f"{cycle_id}.yml"


def load_register(source: Path) -> tuple[tuple[Cycle, ...], list[Problem]]:
    """The cycles in ``cycles.yml`` (none when the file is absent), checked for order."""
    path = source / REGISTER
    if not path.exists():
        return (), []
    file, problems = load_file(path, display_path(path), within=source)
    if file is None:
        return (), problems
    return _register(file)


def _register(file: SourceFile) -> tuple[tuple[Cycle, ...], list[Problem]]:
    """The cycles of a loaded register, with every problem in it."""
    problems: list[Problem] = []
    if file.data is None or file.data == []:
        return (), []
    if not isinstance(file.data, list):
        return (), [Problem(file.locate(()), "cycles.yml must be a list of cycles")]
    cycles: list[Cycle] = []
    for i, raw in enumerate(file.data):
        try:
            cycle = Cycle.model_validate(raw)
        except ValidationError as err:
            problems.extend(explain(file, Cycle, err, (i,)))
            continue
        problems.extend(_check_order(file, i, cycle, cycles))
        for offset, message in markup_problems(cycle.summary or "", frozenset()):
            problems.append(Problem(file.locate_in_text((i, "summary"), offset), message))
        cycles.append(cycle)
    return tuple(cycles), problems


def effective_problem(cycle: Cycle) -> str | None:
    """Why ``cycle``'s effective date cannot be: a text cannot take effect before it was
    approved."""
    if cycle.effective is not None and cycle.effective < cycle.closed:
        return (
            f"cycle '{cycle.id}' would take effect on {cycle.effective}, before it was closed "
            f"on {cycle.closed}; give the closing date or a later one"
        )
    return None


def _check_order(file: SourceFile, i: int, cycle: Cycle, earlier: list[Cycle]) -> list[Problem]:
    if message := effective_problem(cycle):
        return [Problem(file.locate((i, "effective")), message)]
    for other in earlier:
        if other.id == cycle.id:
            message = f"duplicate cycle id '{cycle.id}'"
            return [Problem(file.locate((i, "id")), message)]
    if earlier and cycle.closed < earlier[-1].closed:
        message = (
            f"cycle '{cycle.id}' closed on {cycle.closed}, before the previous cycle "
            f"'{earlier[-1].id}' ({earlier[-1].closed}); list cycles oldest first"
        )
        return [Problem(file.locate((i, "closed")), message)]
    if earlier and cycle.in_force < earlier[-1].in_force:
        return [Problem(file.locate((i, _date_key(cycle))), _overtaking(cycle, earlier[-1]))]
    return []


def _date_key(cycle: Cycle) -> str:
    """The key in cycles.yml that gives the date ``cycle`` takes effect."""
    return "effective" if cycle.effective else "closed"


def _overtaking(cycle: Cycle, previous: Cycle) -> str:
    return (
        f"cycle '{cycle.id}' would take effect on {cycle.in_force}, before the previous cycle "
        f"'{previous.id}' does ({previous.in_force}); a version cannot take effect before the "
        "one it replaces"
    )


def load_history(source: Path) -> tuple[History, list[Problem]]:
    """Every closed cycle with its snapshot; a cycle without one, or a snapshot without a
    cycle, is an error."""
    cycles, problems = load_register(source)
    if problems:
        return History(), problems
    register = source / REGISTER
    snapshots: list[Handbook] = []
    for i, cycle in enumerate(cycles):
        path = snapshot_path(source, cycle.id)
        if not path.is_file():
            where = _cycle_location(register, i)
            message = f"cycle '{cycle.id}' has no snapshot: {display_path(path)} is missing"
            problems.append(Problem(where, message))
            continue
        handbook, found = snapshot.read(path, display_path(path), cycle.id)
        problems.extend(found)
        if handbook is not None:
            snapshots.append(handbook)
    known = {c.id for c in cycles}
    for path in sorted((source / SNAPSHOTS).glob("*.yml")):
        if path.stem not in known:
            message = f"snapshot of cycle '{path.stem}', which cycles.yml does not list"
            problems.append(Problem(Location(display_path(path)), message))
    if not problems:
        problems = _editorial_problems(register, cycles, snapshots)
    if problems:
        return History(), sorted(set(problems))
    return History(cycles, tuple(snapshots)), []


def _editorial_problems(
    register: Path, cycles: tuple[Cycle, ...], snapshots: list[Handbook]
) -> list[Problem]:
    """Every ``editorial:`` entry must name an item its cycle reworded or moved, and nothing
    else about it changed."""
    found: list[tuple[int, int, str]] = []
    for i, cycle in enumerate(cycles):
        if cycle.editorial:
            changes = diff_handbooks(snapshots[i - 1], snapshots[i]) if i else []
            refused = editorial_problems(changes, cycle.editorial)
            found += [(i, j, message) for j, message in refused.items()]
    if not found:
        return []
    file, _ = load_file(register, display_path(register))
    return [
        Problem(file.locate((i, "editorial", j)) if file else Location(display_path(register)), m)
        for i, j, m in found
    ]


def _cycle_location(register: Path, index: int, key: str = "id") -> Location:
    file, _ = load_file(register, display_path(register))
    return file.locate((index, key)) if file else Location(display_path(register))


def check_new_cycle(source: Path, cycles: tuple[Cycle, ...], new: Cycle) -> Problem | None:
    """Why ``new`` cannot be added to the register, pointing at the entry it clashes with."""
    register = source / REGISTER
    for i, cycle in enumerate(cycles):
        if cycle.id == new.id:
            message = f"cycle '{new.id}' is already closed; cycle ids are never reused"
            return Problem(_cycle_location(register, i), message)
    if cycles and new.closed < cycles[-1].closed:
        last = cycles[-1]
        message = (
            f"date {new.closed} is earlier than the last cycle '{last.id}' (closed {last.closed})"
        )
        return Problem(_cycle_location(register, len(cycles) - 1, "closed"), message)
    if cycles and new.in_force < cycles[-1].in_force:
        where = _cycle_location(register, len(cycles) - 1, _date_key(cycles[-1]))
        return Problem(where, _overtaking(new, cycles[-1]))
    return None


def check_written(source: Path, cycle: Cycle, snapshot_text: str) -> list[Problem]:
    """What the loader would refuse in the files that closing ``cycle`` writes: whatever
    ``cycle close`` writes, ``check`` and ``build`` accept afterwards."""
    register = source / REGISTER
    found = snapshot.problems_in(
        snapshot_text, display_path(snapshot_path(source, cycle.id)), cycle.id
    )
    text = appended_register(source, cycle)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        message = f"cycles.yml would grow to {size // 1024} KiB, over the limit; nothing written"
        found.append(Problem(Location(display_path(register)), message))
    else:
        file, problems = parse_text(text, display_path(register))
        found.extend(_register(file)[1] if file is not None else problems)
    return found


def register_entry(cycle: Cycle) -> str:
    """The YAML text appended to ``cycles.yml`` for ``cycle``."""
    data = cycle.model_dump(exclude_none=True)
    if cycle.editorial:
        data["editorial"] = list(cycle.editorial)
    else:
        del data["editorial"]
    return yaml.safe_dump([data], sort_keys=False, allow_unicode=True, width=100)


def appended_register(source: Path, cycle: Cycle) -> str:
    """The text of ``cycles.yml`` with ``cycle`` appended; the user's text is kept as is."""
    path = source / REGISTER
    text = path.read_text(encoding="utf-8") if path.exists() else REGISTER_HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    return text + register_entry(cycle)


REGISTER_HEADER = (
    "# Review cycles, oldest first. `handbook cycle close` appends to this file and\n"
    "# writes the matching snapshots/ID.yml.\n"
)


def write_cycle(source: Path, cycle: Cycle, snapshot_text: str) -> Path:
    """Write ``snapshots/ID.yml`` and append ``cycle`` to ``cycles.yml``, all or nothing.

    Both files are written to temporary names first and renamed into place; the
    snapshot is never overwritten.
    """
    register = source / REGISTER
    target = snapshot_path(source, cycle.id)
    register_text = appended_register(source, cycle)
    target.parent.mkdir(parents=True, exist_ok=True)
    new_snapshot = temporary_beside(target, snapshot_text.encode("utf-8"))
    new_register = temporary_beside(register, register_text.encode("utf-8"))
    try:
        if target.exists():
            raise FileExistsError(target)
        new_snapshot.rename(target)
        new_register.replace(register)
    except BaseException:
        new_register.unlink(missing_ok=True)
        if not new_snapshot.exists():
            target.unlink(missing_ok=True)
        new_snapshot.unlink(missing_ok=True)
        raise
    return target
