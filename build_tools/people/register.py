"""The acknowledgement register: an SQLite database of the packs issued and the signed pages
returned. It holds personal data, so it lives where HR keeps such records (``--register`` or
``HANDBOOK_REGISTER``), never in the repository, the sources or the site
(:mod:`build_tools.people.places`); a new register and its folder are its owner's only.

Each register holds a random secret, made with it: verification codes are keyed with it
(:func:`build_tools.people.codes.verification_code`), so nobody can work out a colleague's
code from their own pack.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import secrets
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import ParamSpec, TypeVar

from build_tools.source.errors import HandbookError

#: Marks the database as a handbook register (SQLite's application_id: "HBKR").
APPLICATION_ID = 0x48424B52
VERSION = 1
#: How long to wait for another program that holds the register, in milliseconds.
BUSY_MS = 5000
_SCHEMA = """
CREATE TABLE settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);
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
#: What a pack issued again (same person, same text) updates: the roster's facts may have
#: been corrected; the code, the text and the first date of issue stay.
_UPDATED = ("full_name", "email", "role", "manager", "return_by")
_DATES = {"effective", "issued", "return_by", "signed", "recorded"}

P = ParamSpec("P")
T = TypeVar("T")


def _failure(err: sqlite3.Error, path: object) -> RegisterError:
    """An SQLite error as one line naming the register."""
    if "locked" in str(err) or "busy" in str(err):
        message = "the register is in use by another program; try again in a moment"
        return RegisterError(message, str(path))
    return RegisterError(f"the register cannot be read or written: {err}", str(path))


def _reported(method: Callable[P, T]) -> Callable[P, T]:
    """A method whose SQLite errors become :class:`RegisterError`."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as err:
            raise _failure(err, getattr(args[0], "path", "register")) from None

    return wrapper


class Register:
    """The register at ``path``; ``create`` makes a new one when nothing is there."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        if path.is_symlink():
            raise RegisterError("a symbolic link: give the register's own path", str(path))
        if not path.exists():
            if not create:
                raise RegisterError(
                    "no acknowledgement register here; `handbook onboarding` creates it when "
                    "it issues the first packs",
                    str(path),
                )
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            new = True
        else:
            new = False
        #: Readable or writable by others than its owner: the caller warns.
        self.exposed = bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))
        try:
            self.db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_MS / 1000)
            self._prepare(new)
        except sqlite3.Error as err:
            raise RegisterError(
                f"not a readable acknowledgement register: {err}", str(path)
            ) from None

    def _prepare(self, new: bool) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        application = self.db.execute("PRAGMA application_id").fetchone()[0]
        if application == APPLICATION_ID:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version != VERSION:
                raise RegisterError(f"a register of version {version}; this tool reads {VERSION}")
            return
        if not new:
            message = "this file is not an acknowledgement register; give a new file's path"
            raise RegisterError(message, str(self.path))
        self.db.executescript(
            f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA application_id = {APPLICATION_ID}; "
            f"PRAGMA user_version = {VERSION}; COMMIT;"
        )
        self.db.execute(
            "INSERT INTO settings (name, value) VALUES ('code-key', ?)", (secrets.token_bytes(32),)
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing, and nobody else writes meanwhile: a failure inside leaves the
        register as it was."""
        with _translated(self.path):
            self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        with _translated(self.path):
            self.db.execute("COMMIT")

    @property
    @_reported
    def key(self) -> bytes:
        """The register's secret, which keys its verification codes."""
        row = self.db.execute("SELECT value FROM settings WHERE name = 'code-key'").fetchone()
        return bytes(row[0])

    @_reported
    def issue(self, packs: Iterable[Pack]) -> None:
        """Record packs as issued. A pack issued again (the same code: the same person and
        text) keeps its code and first date of issue and takes the roster's corrections."""
        marks = ", ".join("?" * len(fields(Pack)))
        update = ", ".join(f"{name} = excluded.{name}" for name in _UPDATED)
        rows = [_row(astuple(pack)) for pack in packs]
        with self.transaction():
            self.db.executemany(
                f"INSERT INTO packs ({_PACK_COLUMNS}) VALUES ({marks}) "
                f"ON CONFLICT (code) DO UPDATE SET {update}",
                rows,
            )

    @_reported
    def pack(self, code: str) -> Pack | None:
        row = self.db.execute(f"SELECT {_PACK_COLUMNS} FROM packs WHERE code = ?", (code,))
        found = row.fetchone()
        return _pack(found) if found else None

    @_reported
    def packs(self) -> list[Pack]:
        """Every pack issued, in the order they were first issued."""
        rows = self.db.execute(f"SELECT {_PACK_COLUMNS} FROM packs ORDER BY rowid")
        return [_pack(row) for row in rows]

    @_reported
    def acknowledgement(self, code: str) -> Acknowledgement | None:
        found = self.db.execute(
            "SELECT code, signed, recorded, how FROM acknowledgements WHERE code = ?", (code,)
        ).fetchone()
        return _acknowledgement(found) if found else None

    @_reported
    def acknowledgements(self) -> dict[str, Acknowledgement]:
        rows = self.db.execute("SELECT code, signed, recorded, how FROM acknowledgements")
        return {row[0]: _acknowledgement(row) for row in rows}

    @_reported
    def record(self, found: Iterable[Acknowledgement]) -> None:
        """Record signed pages; call it in the :meth:`transaction` that checked them."""
        rows = [_row(astuple(ack)) for ack in found]
        self.db.executemany(
            "INSERT INTO acknowledgements (code, signed, recorded, how) VALUES (?, ?, ?, ?)", rows
        )


@contextlib.contextmanager
def _translated(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as err:
        raise _failure(err, path) from None


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
