"""The source folder as it was at a git revision (``handbook diff BASE``)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from build_tools.source.errors import HandbookError


class GitError(HandbookError):
    code = "git"


@contextlib.contextmanager
def sources_at(source: Path, revision: str) -> Iterator[Path]:
    """The source folder as it was at git ``revision``, extracted into a temporary folder."""
    folder = source.resolve()
    prefix = _git(folder, "rev-parse", "--show-prefix").decode().strip()
    top = Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    tree = f"{revision}:{prefix}" if prefix else revision
    archive = _git(top, "archive", "--format=tar", tree)
    with tempfile.TemporaryDirectory(prefix="handbook-base-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp)


def _git(folder: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except OSError as err:
        raise GitError(f"cannot run git: {err.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout
