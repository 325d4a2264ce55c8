"""Reading the sources again without redoing what did not change: for the live preview, which
loads every source file again on each save.

While a :class:`Reuse` is active (:func:`reusing`), the loader takes a file's parsed values from
it when the file's bytes are the bytes it parsed last time, and parses only the files that
changed; :func:`fingerprint` tells whether anything under the source folder changed at all, so
that a save outside it (a hand-written page) reuses the whole loaded text.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.source.files import MAX_FILE_BYTES


@dataclass
class Reuse:
    """Parsed files by path (as shown in problems), each with the bytes it was parsed from."""

    files: dict[str, tuple[bytes, Any]] = field(default_factory=dict)
    parsed: int = 0  # files parsed while active: for tests and profiling
    reused: int = 0  # files taken as they were

    def get(self, path: str, raw: bytes) -> Any | None:
        found = self.files.get(path)
        if found is None or found[0] != raw:
            return None
        self.reused += 1
        return found[1]

    def put(self, path: str, raw: bytes, parsed: Any) -> None:
        self.parsed += 1
        self.files[path] = (raw, parsed)


_active: Reuse | None = None


def active() -> Reuse | None:
    """The :class:`Reuse` the loader takes parsed files from, if any."""
    return _active


@contextlib.contextmanager
def reusing(reuse: Reuse) -> Iterator[Reuse]:
    """Within the block the loader reuses the files of ``reuse`` whose bytes are unchanged."""
    global _active
    before, _active = _active, reuse
    try:
        yield reuse
    finally:
        _active = before


def fingerprint(folder: Path) -> str:
    """A digest of every name, link and file's bytes under ``folder``. A link is taken as the
    name it points to, never followed: nothing outside the folder is read; neither is a pipe or
    device (it could block), nor a file over the loader's limit (its size and time stand in:
    the loader refuses it unread)."""
    digest = hashlib.sha256()
    for top, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files + [f for f in folders if os.path.islink(os.path.join(top, f))]):
            path = os.path.join(top, name)
            digest.update(os.path.relpath(path, folder).encode("utf-8", "surrogateescape"))
            digest.update(_entry(path))
            digest.update(b"\x00\x00")
    return digest.hexdigest()


def _entry(path: str) -> bytes:
    """What stands for one entry of the folder in its digest."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return b"\x00link\x00" + os.readlink(path).encode("utf-8", "surrogateescape")
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return f"\x00other\x00{info.st_mode}:{info.st_size}:{info.st_mtime_ns}".encode()
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as file:
            return b"\x00file\x00" + file.read(MAX_FILE_BYTES + 1)
    except OSError:
        return b"\x00unreadable\x00"
