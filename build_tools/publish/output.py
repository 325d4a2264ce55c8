"""Writing outputs safely: build beside the target, then swap; never replace what is not ours.

A build writes into a new temporary folder (or file) next to its target and puts it in place
only when it succeeded, so a failure leaves the previous output exactly as it was. A folder is
replaced only when it is empty or carries :data:`MARKER`, which every build writes into its
output: ``--out`` pointing at the repository, the sources or any other folder of the user's is
refused with :class:`OutputRefused`. Temporary folders left behind by a build that was killed
are removed by the next build into the same place.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from build_tools.source.errors import UsageError
from build_tools.util.files import OUTPUT_MARKER, naming

MARKER = OUTPUT_MARKER
_MARKER_TEXT = "Written by the handbook build. The next build replaces this whole folder.\n"
#: The first bytes of every file that `handbook pdf --out` may overwrite.
PDF_SIGNATURE = b"%PDF-"


class OutputRefused(UsageError):
    """The output target is something a build must not replace."""

    code = "output-refused"


def replace_folder(target: Path, fill: Callable[[Path], object]) -> None:
    """Call ``fill(tmp)`` on a new folder; only if it succeeds, put it in place of ``target``.

    On any failure the previous ``target`` is left exactly as it was. Raises
    :class:`OutputRefused`, before anything is written, when ``target`` is not replaceable."""
    target = Path(os.path.abspath(target))
    refuse_folder(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-{os.getpid()}-", dir=target.parent))
    except OSError as err:  # name the folder the user chose, not the temporary name
        raise OSError(err.errno, err.strerror, str(target.parent)) from None
    try:
        with naming(target):
            fill(tmp)
            (tmp / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}-old-{os.getpid()}-{tmp.name.rsplit('-', 1)[-1]}"
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def refuse_folder(target: Path) -> None:
    """Raise :class:`OutputRefused` unless ``target`` is absent, empty or an earlier output."""
    here = Path(os.path.abspath(Path.cwd()))
    if target == here or target in here.parents:
        message = (
            "refusing to replace this folder: it holds the current folder; "
            "choose an output folder of its own, such as site/"
        )
        raise OutputRefused(message, str(target), option="--out")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputRefused("not a folder; choose a folder for the output", str(target))
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        message = (
            "refusing to replace this folder: it is not empty and was not written by a "
            f"handbook build (no {MARKER} in it); choose an empty or new folder"
        )
        raise OutputRefused(message, str(target))


def _remove_leftovers(target: Path) -> None:
    """Remove temporary folders of ``target`` whose build process no longer runs."""
    for prefix in (f".{target.name}-new-", f".{target.name}-old-"):
        for path in target.parent.glob(glob.escape(prefix) + "*"):
            pid = path.name.removeprefix(prefix).split("-", 1)[0]
            if pid.isdigit() and not _running(int(pid)) and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def refuse_file(target: Path) -> None:
    """Raise :class:`OutputRefused` unless ``target`` is absent or a PDF (written earlier)."""
    if target.is_symlink() or (target.exists() and not target.is_file()):
        message = "not a regular file; choose a file name ending .pdf"
        raise OutputRefused(message, str(target))
    if target.is_file():
        with open(target, "rb") as file:
            start = file.read(len(PDF_SIGNATURE))
        if start != PDF_SIGNATURE:
            message = "refusing to overwrite a file that is not a PDF; choose another file name"
            raise OutputRefused(message, str(target))


def write_pages(folder: Path, pages: dict[str, str]) -> None:
    for path, text in pages.items():
        file = folder / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
