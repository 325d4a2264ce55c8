"""The acknowledgement register: an SQLite database of the packs issued and the signed pages
returned. It holds personal data, so it lives where HR keeps such records (``--register`` or
``HANDBOOK_REGISTER``), never in the repository, the sources or the site
(:mod:`build_tools.people.places`); a new register is readable by its owner only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from build_tools.source.errors import HandbookError

#: Marks the database as a handbook register (SQLite's application_id: "HBKR").
APPLICATION_ID = 0x48424B52
VERSION = 1
_SCHEMA = """
CREATE TABLE packs (
  code TEXT PRIMARY KEY,
  employee_id TEXT NOT NULL,
  full_name TEXT NOT NULL,
  email TEXT NOT NULL,
  audience TEXT NOT NULL,
  role TEXT NOT NULL,
  manager TEXT NOT NULL,
  edition TEXT NOT NULL,
  cycle TEXT NOT NULL,
  effective TEXT,
  fingerprint TEXT NOT NULL,
  reference TEXT NOT NULL,
  issued TEXT NOT NULL,
  return_by TEXT NOT NULL
);
CREATE INDEX packs_by_employee ON packs (employee_id);
CREATE TABLE acknowledgements (
  code TEXT PRIMARY KEY REFERENCES packs (code),
  signed TEXT NOT NULL,
  recorded TEXT NOT NULL,
  how TEXT NOT NULL
);
"""


class RegisterError(HandbookError):
    code = "register"


@dataclass(frozen=True)
class Pack:
    """One personal pack as issued: who it is for and exactly which text it holds."""

    code: str
    employee_id: str
    full_name: str
    email: str
    audience: str
    role: str
    manager: str
    edition: str
    cycle: str
    effective: dt.date | None
    fingerprint: str
    reference: str
    issued: dt.date
    return_by: dt.date


@dataclass(frozen=True)
class Acknowledgement:
    """A signed page returned: when it was signed, when and how it was recorded."""

    code: str
    signed: dt.date
    recorded: dt.date
    how: str


_PACK_COLUMNS = ", ".join(field.name for field in fields(Pack))
_DATES = {"effective", "issued", "return_by", "signed", "recorded"}


class Register:
    """The register at ``path``; ``create`` makes a new one when there is none."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        if not path.exists():
            if not create:
                raise RegisterError(
                    "no acknowledgement register here; `handbook onboarding` creates it when "
                    "it issues the first packs",
                    str(path),
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            self._prepare()
        except sqlite3.DatabaseError as err:
            raise RegisterError(
                f"not a readable acknowledgement register: {err}", str(path)
            ) from None

    def _prepare(self) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        application = self.db.execute("PRAGMA application_id").fetchone()[0]
        if application == APPLICATION_ID:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version != VERSION:
                raise RegisterError(f"a register of version {version}; this tool reads {VERSION}")
            return
        tables = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if application or tables:
            raise RegisterError("this database is not an acknowledgement register", str(self.path))
        self.db.executescript(
            f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA application_id = {APPLICATION_ID}; "
            f"PRAGMA user_version = {VERSION}; COMMIT;"
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a failure inside leaves the register as it was."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def issue(self, packs: Iterable[Pack]) -> None:
        """Record packs as issued; a pack issued before (the same code) keeps its first record."""
        marks = ", ".join("?" * len(fields(Pack)))
        rows = [_row(astuple(pack)) for pack in packs]
        with self.transaction():
            self.db.executemany(
                f"INSERT OR IGNORE INTO packs ({_PACK_COLUMNS}) VALUES ({marks})", rows
            )

    def pack(self, code: str) -> Pack | None:
        row = self.db.execute(f"SELECT {_PACK_COLUMNS} FROM packs WHERE code = ?", (code,))
        found = row.fetchone()
        return _pack(found) if found else None

    def packs(self) -> list[Pack]:
        """Every pack issued, oldest first."""
        rows = self.db.execute(f"SELECT {_PACK_COLUMNS} FROM packs ORDER BY issued, code")
        return [_pack(row) for row in rows]

    def acknowledgement(self, code: str) -> Acknowledgement | None:
        found = self.db.execute(
            "SELECT code, signed, recorded, how FROM acknowledgements WHERE code = ?", (code,)
        ).fetchone()
        return _acknowledgement(found) if found else None

    def acknowledgements(self) -> dict[str, Acknowledgement]:
        rows = self.db.execute("SELECT code, signed, recorded, how FROM acknowledgements")
        return {row[0]: _acknowledgement(row) for row in rows}

    def record(self, found: Iterable[Acknowledgement]) -> None:
        """Record signed pages (in one transaction); the caller has checked the codes."""
        rows = [_row(astuple(ack)) for ack in found]
        with self.transaction():
            self.db.executemany(
                "INSERT INTO acknowledgements (code, signed, recorded, how) VALUES (?, ?, ?, ?)",
                rows,
            )


def _row(values: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(v.isoformat() if isinstance(v, dt.date) else v for v in values)


def _pack(row: tuple[object, ...]) -> Pack:
    values = {
        field.name: dt.date.fromisoformat(str(v)) if field.name in _DATES and v else v
        for field, v in zip(fields(Pack), row, strict=True)
    }
    return Pack(**values)  # type: ignore[arg-type]


def _acknowledgement(row: tuple[object, ...]) -> Acknowledgement:
    code, signed, recorded, how = (str(v) for v in row)
    return Acknowledgement(
        code, dt.date.fromisoformat(signed), dt.date.fromisoformat(recorded), how
    )
