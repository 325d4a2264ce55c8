"""Two builds of the same sources with SOURCE_DATE_EPOCH set are byte-identical.

The first is the session's shared build of the shipped handbook (tests/conftest.py), the second
is made here. The print handbook's own byte-identity is pinned in tests/test_pdf.py (two real
renders); here the second build may take it from the layout cache, and the test is about
everything else: pages, search index, sitemap (dates included), feeds and assets.
"""

from __future__ import annotations

import datetime as dt
import gzip
import struct
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import EPOCH, handbook

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path, public_site: Path) -> None:
    run = handbook(
        "build", "--no-archive", "--no-role-pdfs", "--no-language-pdfs", "--out", tmp_path / "two",
        env={"SOURCE_DATE_EPOCH": str(EPOCH)},
    )  # fmt: skip  # as the shared build (the archive's reproducibility: tests/test_archive.py)
    assert run.code == 0, run.err
    first, second = _files(public_site), _files(tmp_path / "two")
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []
    assert {"sitemap.xml", "sitemap.xml.gz", "handbook.pdf", "index.html"} <= set(first)

    # The dates in the sitemap are SOURCE_DATE_EPOCH's, not the day of the build.
    day = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date().isoformat()
    root = ElementTree.fromstring(first["sitemap.xml"])
    lastmods = {el.text for el in root.iter(f"{SITEMAP}lastmod")}
    assert lastmods == {day}
    packed = first["sitemap.xml.gz"]
    assert struct.unpack("<I", packed[4:8])[0] == EPOCH  # gzip header time
    assert gzip.decompress(packed) == first["sitemap.xml"]
