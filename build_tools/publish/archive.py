"""The archive of approved versions: every closed cycle's site, with its PDF, at
``versions/<cycle>/``, and mike's ``versions.json`` beside them for Material's version selector.

A version's build is kept in the cache (:mod:`build_tools.printbook.store`) under a fingerprint
of everything that goes into it: its pages and print HTML, the configuration, the hand-written
pages and theme overrides, the tools' own files and the libraries' versions. An unchanged
version is unpacked from the cache and every file of it leak-checked (whatever its type); a
damaged, oversized or leaking entry is a miss and the version is built again. The cache is
the user's own (the publishing workflow starts without one), so this guards against damage
and tampering after the fact, not against a cache shared with untrusted builds.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import version as installed
from pathlib import Path, PurePosixPath
from typing import Any

from build_tools.printbook.store import Store, bound, cache_root
from build_tools.publish import leakcheck
from build_tools.publish.pipeline import print_html
from build_tools.review.edition_build import EditionBuild
from build_tools.site import versions
from build_tools.site.sitepages import site_pages
from build_tools.source.errors import HandbookError
from build_tools.util.files import write_atomically

ARCHIVE = versions.ARCHIVE
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "weasyprint", "nh3")
PACKAGE = Path(__file__).resolve().parent.parent  # build_tools: its code shapes every page


def theme_inputs(config_file: Path, config: Any) -> str:
    """A digest of what every version's build shares: the configuration, ``docs/``, the theme
    overrides, the tools' own files, the libraries' versions and the build date."""
    digest = hashlib.sha256()
    folders = [Path(config.docs_dir), PACKAGE]
    if getattr(config.theme, "custom_dir", None):
        folders.append(Path(config.theme.custom_dir))
    for file in [Path(config_file), *_files(folders)]:
        digest.update(str(file).encode() + b"\0" + file.read_bytes() + b"\0")
    for name in LIBRARIES:
        digest.update(f"{name}={installed(name)}\0".encode())
    digest.update(f"{config.site_url}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    options = config.plugins["handbook"].config
    digest.update(f"pdf={options['pdf']}\0paper={options['paper']}".encode())
    return digest.hexdigest()


def _files(folders: Iterable[Path]) -> list[Path]:
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found.append(path)
    return found


def fingerprint(build: EditionBuild, inputs: str) -> str:
    """Everything one version's build depends on, as one SHA-256."""
    digest = hashlib.sha256(inputs.encode())
    for path, text in sorted(site_pages(build, pdf_path="handbook.pdf").items()):
        digest.update(path.encode() + b"\0" + text.encode() + b"\0")
    digest.update(print_html(build).encode())
    if build.current is not None:
        digest.update(repr(versions.archive_banner(build.handbook, build.current)).encode())
    return digest.hexdigest()


def build_archive(
    archive: Sequence[EditionBuild],
    site: Path,
    render: Callable[[EditionBuild, Path], None],
    inputs: str,
    *,
    book: str,
) -> list[str]:
    """Build each version at ``site/versions/<cycle>/`` with ``render`` (or unpack it from the
    cache), then write ``versions.json``; returns the cycle ids built, oldest first."""
    root = cache_root()
    folder = site / ARCHIVE
    built = []
    for build in archive:
        target = folder / build.version_id
        store = Store(root / "archive" / f"{book}-{build.handbook.edition}-{build.version_id}")
        key = fingerprint(build, inputs)
        packed = store.get(key)
        if packed is None or not _unpack(packed, target) or not _clean(build, target, site):
            shutil.rmtree(target, ignore_errors=True)  # nothing of a refused entry stays
            render(build, target)  # the plugin leak-checks a new build itself
            store.put(key, _pack(target))
        store.prune()
        built.append(build.version_id)
    if archive and archive[-1].current is not None:
        cycles = list(archive[-1].current.cycles)
        text = versions.versions_json(cycles, frozenset(built))
        write_atomically(folder / versions.VERSIONS_JSON, text.encode("utf-8"))
    bound(root)
    return built


def _clean(build: EditionBuild, target: Path, site: Path) -> bool:
    """Whether a version unpacked from the cache may be delivered: every file in it, whatever
    its type, is readable and holds no text this edition excludes. A file byte for byte the
    same as the one at its place in ``site``, which this build has just written (the theme's
    scripts and styles, mostly), is taken as checked. Anything else is a miss (the version
    is built again), never an error: the cache is a hint."""
    edition = build.handbook.edition
    files = [
        file
        for file in sorted(target.rglob("*"))
        if file.is_file() and not _same(file, site / file.relative_to(target))
    ]
    try:
        found = leakcheck.markers(build.full, edition)
        return not leakcheck.scan_files(target, files, found)
    except (HandbookError, OSError, ValueError, MemoryError):
        return False


def _same(file: Path, fresh: Path) -> bool:
    try:
        return fresh.is_file() and fresh.read_bytes() == file.read_bytes()
    except OSError:
        return False


def _pack(folder: Path) -> bytes:
    """The folder as an uncompressed tar, in a fixed order with fixed owners and times."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.rglob("*")):
            info = tar.gettarinfo(str(path), arcname=path.relative_to(folder).as_posix())
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = 0
            if info.isfile():
                with open(path, "rb") as file:
                    tar.addfile(info, file)
            elif info.isdir():
                tar.addfile(info)
    return buffer.getvalue()


def _plain_member(member: tarfile.TarInfo) -> bool:
    """A file or folder, not sparse, named inside the folder: all that _pack writes."""
    name = PurePosixPath(member.name)
    inside = not name.is_absolute() and ".." not in name.parts
    return inside and not member.issparse() and (member.isfile() or member.isdir())


def _unpack(data: bytes, target: Path) -> bool:
    """Unpack a cached build into ``target``; False (and nothing left) when it is damaged.
    Only regular files and folders inside ``target`` come out (tarfile's ``data`` filter)."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            members = tar.getmembers()
            unusual = [m for m in members if not _plain_member(m)]
            if unusual or sum(m.size for m in members) > len(data):
                return False  # a tar of our own holds plain files no larger than itself
            tar.extractall(target, members=members, filter="data")
    except (tarfile.TarError, OSError, ValueError):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True
