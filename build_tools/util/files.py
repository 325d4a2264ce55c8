"""Writing files so that a failure leaves the old one, and errors that name the file."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: The file that marks a folder as the output of a build (and so replaceable by the next one).
OUTPUT_MARKER = ".handbook-output"


def folder_key(folder: Path) -> str:
    """A short, stable name for ``folder`` (from its resolved path): keeps the caches of
    different source folders apart."""
    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]


def real_path_within(path: Path | str, folder: Path | str) -> Path | None:
    """The real path of ``path`` (``..`` and every symbolic link resolved) when it lies in the
    real path of ``folder`` (or is it); None when it lies elsewhere."""
    real = Path(os.path.realpath(path))
    root = Path(os.path.realpath(folder))
    return real if real == root or root in real.parents else None


def write_atomically(target: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``target`` through a temporary file, so a failure leaves the old one.
    ``mode``: readable by all by default (the PDF is meant to be shared)."""
    tmp = temporary_beside(target, data, mode=mode)
    try:
        with naming(target):
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def temporary_beside(target: Path, data: bytes, *, mode: int = 0o644) -> Path:
    """A new file holding ``data`` in ``target``'s folder, to be renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    except OSError as err:  # name the folder the user chose, not the temporary name
        raise OSError(err.errno, err.strerror, str(target.parent)) from None
    tmp = Path(name)
    try:
        with naming(target), os.fdopen(fd, "wb") as file:
            file.write(data)
        os.chmod(tmp, mode)  # mkstemp makes it private
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


@contextlib.contextmanager
def naming(target: Path) -> Iterator[None]:
    """An operating-system error without a file name (a full disk on write) names ``target``."""
    try:
        yield
    except OSError as err:
        if err.filename is None:
            code = err.errno or errno.EIO
            raise OSError(code, err.strerror or os.strerror(code), str(target)) from None
        raise
