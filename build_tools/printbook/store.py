"""The layout cache: hints that save time, never trusted.

Entries live outside the repository, in ``HANDBOOK_CACHE_DIR`` or the user's cache folder
(``~/.cache/leadership-handbook`` on Linux). Each entry is one file: a header line that names
its key and the SHA-256 and length of its payload, then the payload. :meth:`Store.get` returns
the payload only when all three match, so a corrupt, truncated, renamed or hand-made entry is a
miss (and is removed), never an error. Whatever comes out of the cache is checked like a fresh
layout before it is delivered (the leak check reads every delivered PDF).

The cache is bounded: :meth:`Store.prune` keeps only what the last build used in a folder, and
:func:`bound` removes the least recently used entries of the whole cache beyond
``HANDBOOK_CACHE_MAX_MB`` (default 1024).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from build_tools.util.files import write_atomically

CACHE_VARIABLE = "HANDBOOK_CACHE_DIR"
LIMIT_VARIABLE = "HANDBOOK_CACHE_MAX_MB"
DEFAULT_LIMIT_MB = 1024
SUFFIX = ".entry"
_MAX_HEADER = 512


def cache_root() -> Path:
    """The cache folder: ``HANDBOOK_CACHE_DIR``, else the user's cache folder."""
    chosen = os.environ.get(CACHE_VARIABLE, "").strip()
    return Path(chosen) if chosen else platformdirs.user_cache_path("leadership-handbook")


class Store:
    """A folder of verified entries, by name; remembers which ones this build used.

    ``also``: folders of related books (another version of the same handbook) whose entries
    are read, verified the same way, when this folder has none; what is found is copied here,
    so that pruning either folder keeps it."""

    def __init__(self, folder: Path | None, *, also: Sequence[Path] = ()) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.also = tuple(other for other in also if other != folder)

    def get(self, name: str) -> bytes | None:
        """The payload kept under ``name``, or None when there is none or it does not verify."""
        if self.folder is None:
            return None
        payload = self._get(name)
        for other in self.also if payload is None else ():
            payload = Store(other)._get(name)
            if payload is not None:
                self.put(name, payload)
                break
        return payload

    def _get(self, name: str) -> bytes | None:
        assert self.folder is not None
        self.used.add(name)
        path = self.folder / (name + SUFFIX)
        try:
            with open(path, "rb") as file:
                header = json.loads(file.readline(_MAX_HEADER))
                payload = file.read(int(header["size"]) + 1)
            valid = (
                header["key"] == name
                and len(payload) == header["size"]
                and hashlib.sha256(payload).hexdigest() == header["sha256"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            valid, payload = False, b""
        if not valid:
            _discard(path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest by bound()
        return payload

    def put(self, name: str, payload: bytes) -> None:
        """Keep ``payload`` under ``name``. A cache that cannot be written is skipped."""
        if self.folder is None:
            return
        self.used.add(name)
        header = {"key": name, "sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload)}
        data = json.dumps(header, sort_keys=True).encode() + b"\n" + payload
        with contextlib.suppress(OSError):
            write_atomically(self.folder / (name + SUFFIX), data, mode=0o600)

    def prune(self) -> None:
        """Remove the entries of this folder that this build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix == SUFFIX and path.name.removesuffix(SUFFIX) not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()


def bound(root: Path | None = None, limit_mb: int | None = None) -> None:
    """Remove the least recently used entries under ``root`` until it holds at most the limit."""
    root = root or cache_root()
    if limit_mb is None:
        value = os.environ.get(LIMIT_VARIABLE, "").strip()
        limit_mb = int(value) if value.isdigit() else DEFAULT_LIMIT_MB
    entries = []
    for path in root.rglob("*" + SUFFIX) if root.is_dir() else ():
        with contextlib.suppress(OSError):
            info = path.stat()
            entries.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit_mb * 1024 * 1024:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size


def _discard(path: Path) -> None:
    """Remove a damaged entry, whatever it became (even a folder of that name)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()
