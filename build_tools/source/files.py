"""Reading a source file as untrusted input: judged before a byte is read, bounded after."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from build_tools.util.files import real_path_within

MAX_FILE_BYTES = 1024 * 1024


def read_source(
    path: Path, within: Path | None, limit: int = MAX_FILE_BYTES
) -> tuple[bytes | None, str | None]:
    """The bytes of a source file (or of another input, with ``within`` None), or None and why
    it was refused.

    Judged before a byte is read: a file whose real path (through symbolic links to it or to a
    folder above it) lies outside ``within``, and anything that is not a regular file (a folder,
    FIFO or device), are refused; so is a file over ``limit`` bytes (:data:`MAX_FILE_BYTES` by
    default). The file is opened without following links and without blocking, checked again
    once open, and read no further than the limit, so nothing outside the sources is read and
    nothing can hang or fill memory."""
    try:
        real = real_path_within(path, within) if within is not None else path
        if real is None:
            return None, "file lies outside the source folder (through a symbolic link); refused"
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        return None, f"cannot read file: {err.strerror}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "not a regular file (a folder, pipe or device); refused"
        if info.st_size > limit:
            return None, _too_large(info.st_size, limit)
        raw = _read_at_most(fd, limit + 1)
    except OSError as err:
        return None, f"cannot read file: {err.strerror}"
    finally:
        os.close(fd)
    if len(raw) > limit:  # grew while being read
        return None, _too_large(len(raw), limit)
    return raw, None


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> str:
    return f"file is {size / 1024 / 1024:.1f} MiB; the limit is {limit // 1024} KiB"
