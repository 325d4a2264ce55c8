"""The layout cache's store: an entry comes back only as it was written; anything else is a
miss, the damaged entry is removed, and the next write puts a good one in its place."""

from __future__ import annotations

import io
import json
import os
import tarfile
import time
from pathlib import Path

import pytest

from build_tools.printbook.store import Store, bound, cache_root
from build_tools.publish import archive

PAYLOAD = b"%PDF-1.7 a laid-out part\n" * 40


def _damage(entry: Path, how: str) -> None:
    data = entry.read_bytes()
    header, _, payload = data.partition(b"\n")
    if how == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "flip":
        entry.write_bytes(header + b"\n" + bytes([payload[0] ^ 1]) + payload[1:])
    elif how == "forge":  # another payload, its header rewritten to match its length
        fields = json.loads(header)
        fields["size"] = len(b"forged")
        entry.write_bytes(json.dumps(fields).encode() + b"\n" + b"forged")
    elif how == "renamed":  # a good entry of another key, put under this name
        fields = json.loads(header)
        fields["key"] = "other"
        entry.write_bytes(json.dumps(fields).encode() + b"\n" + payload)
    elif how == "not-json":
        entry.write_bytes(b"\x00\xff garbage\n" + payload)
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "folder":
        entry.unlink()
        (entry / "inside").mkdir(parents=True)


@pytest.mark.parametrize(
    "how", ["truncate", "flip", "forge", "renamed", "not-json", "empty", "folder"]
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(how: str, tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.put("part-1", PAYLOAD)
    assert store.get("part-1") == PAYLOAD
    _damage(tmp_path / "part-1.entry", how)
    assert store.get("part-1") is None
    assert not (tmp_path / "part-1.entry").exists()
    store.put("part-1", PAYLOAD)
    assert Store(tmp_path).get("part-1") == PAYLOAD


def test_prune_keeps_what_this_build_used(tmp_path: Path) -> None:
    Store(tmp_path).put("old", b"old")
    store = Store(tmp_path)
    store.put("new", b"new")
    (tmp_path / "notes.txt").write_text("not ours")
    store.prune()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.entry", "notes.txt"]


def test_bound_removes_the_least_recently_used_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "books")
    megabyte = b"x" * (1024 * 1024)
    for name in ("a", "b", "c"):
        store.put(name, megabyte)
    past = time.time() - 100
    os.utime(tmp_path / "books" / "a.entry", (past, past))
    os.utime(tmp_path / "books" / "c.entry", (past + 50, past + 50))
    bound(tmp_path, limit_mb=3)  # three entries of just over 1 MiB: one must go
    assert sorted(p.name for p in (tmp_path / "books").iterdir()) == ["b.entry", "c.entry"]


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    store = Store(blocker / "cache")
    store.put("x", b"data")  # no error: the build goes on without a cache
    assert store.get("x") is None


def test_the_cache_lives_outside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOOK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/tmp/somewhere")
    assert cache_root() == Path("/var/tmp/somewhere/leadership-handbook")
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", "/srv/handbook-cache")
    assert cache_root() == Path("/srv/handbook-cache")


def _tar(members: list[tuple[tarfile.TarInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return buffer.getvalue()


def _member(
    name: str, data: bytes = b"x", kind: bytes = tarfile.REGTYPE
) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    if kind == tarfile.SYMTYPE:
        info.linkname = "/etc/passwd"
    return info, data


@pytest.mark.parametrize(
    "members",
    [
        [_member("../outside.html")],
        [_member("/abs.html")],
        [_member("link.html", kind=tarfile.SYMTYPE)],
        [_member("fifo", kind=tarfile.FIFOTYPE)],
    ],
    ids=["parent", "absolute", "symlink", "fifo"],
)
def test_an_archived_version_from_the_cache_stays_inside_its_folder(
    tmp_path: Path, members: list[tuple[tarfile.TarInfo, bytes]]
) -> None:
    target = tmp_path / "site" / "versions" / "2026-H1"
    assert not archive._unpack(_tar(members), target)
    assert not target.exists()
    assert [p for p in tmp_path.rglob("*") if not p.is_dir()] == []  # nothing written anywhere


def test_a_cached_member_larger_than_its_entry_is_refused(tmp_path: Path) -> None:
    """A member that claims more bytes than the whole entry holds (a sparse file, say)."""
    info, _ = _member("big.html")
    packed = bytearray(_tar([(info, b"x")]))
    header = tarfile.TarInfo("big.html")
    header.size = 1 << 40  # 1 TiB, in a few kilobytes
    packed[:512] = header.tobuf(format=tarfile.GNU_FORMAT)[:512]
    target = tmp_path / "v"
    assert not archive._unpack(bytes(packed), target)
    assert not target.exists()
