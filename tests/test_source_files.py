"""Source files are judged before they are read: links out of the sources, pipes, devices,
folders and oversized files are refused at FILE, and nothing outside the sources is read or
quoted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import handbook

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

SECRET = "SECRET-OUTSIDE-THE-SOURCES: [unclosed"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "credentials.yml"
    secret.parent.mkdir()
    secret.write_text(f"token: {SECRET}\n")
    return secret


def _check(mini: Path) -> tuple[int, list[str]]:
    run = handbook("check", "--source", mini, cwd=mini)
    assert "Traceback" not in run.err
    return run.code, run.err.splitlines()


@pytest.mark.parametrize(
    "place", ["chapters/09-link.yml", "examples/ex-link.yml", "glossary.yml", "handbook.yml"]
)
def test_a_link_out_of_the_sources_is_refused_unread(place: str, mini: Path, outside: Path) -> None:
    (mini / place).unlink(missing_ok=True)
    (mini / place).symlink_to(outside)
    code, lines = _check(mini)
    assert code == 1
    refused = "error: file lies outside the source folder (through a symbolic link); refused"
    assert f"{place}:1:1: {refused}" in lines
    assert not [line for line in lines if "SECRET" in line or "elsewhere" in line]


def test_a_linked_folder_out_of_the_sources_is_refused(mini: Path, outside: Path) -> None:
    (outside.parent / "ex-two.yml").write_text(f"id: EX-TWO-01\ntitle: {SECRET}\n")
    (mini / "examples").rename(mini / "examples-moved")
    (mini / "examples").symlink_to(outside.parent)
    code, lines = _check(mini)
    assert code == 1
    assert [line for line in lines if "SECRET" in line] == []
    refused = "1:1: error: file lies outside the source folder (through a symbolic link); refused"
    assert f"examples/credentials.yml:{refused}" in lines
    assert f"examples/ex-two.yml:{refused}" in lines


def test_a_link_inside_the_sources_is_read(mini: Path) -> None:
    (mini / "chapters" / "02-more.yml").rename(mini / "more.yml.txt")
    (mini / "chapters" / "02-more.yml").symlink_to(mini / "more.yml.txt")
    code, lines = _check(mini)
    assert code == 0, lines


def test_a_pipe_does_not_hang_the_check(mini: Path) -> None:
    os.mkfifo(mini / "examples" / "ex-pipe.yml")  # nobody writes: reading it would block
    code, lines = _check(mini)
    assert code == 1
    assert (
        "examples/ex-pipe.yml:1:1: error: not a regular file (a folder, pipe or device); refused"
        in lines
    )


def test_a_folder_named_like_a_source_file_is_refused(mini: Path) -> None:
    (mini / "chapters" / "03-folder.yml").mkdir()
    code, lines = _check(mini)
    assert code == 1
    assert (
        "chapters/03-folder.yml:1:1: error: not a regular file (a folder, pipe or device); refused"
        in lines
    )


def test_an_oversized_file_is_refused_before_it_is_read(mini: Path) -> None:
    huge = mini / "examples" / "ex-huge.yml"
    with open(huge, "wb") as file:
        file.truncate(8 * 1024**3)  # 8 GiB, sparse: reading it would take minutes and memory
    code, lines = _check(mini)
    assert code == 1
    assert "examples/ex-huge.yml:1:1: error: file is 8192.0 MiB; the limit is 1024 KiB" in lines
