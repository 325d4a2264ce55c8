"""Material or editorial: closing a cycle records which changes are editorial (wording that does
not change the rule, so nobody acknowledges it again); every other change is material. `cycle
close` takes them from --editorial or asks at a terminal; `check` refuses an editorial record
of a change that alters the rule; the changelog shows the record of every change."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from build_tools.publish.pipeline import load_edition
from build_tools.review.diff import impact
from tests.conftest import handbook
from tests.test_cycles import FIXTURE, change_sources, close, edit

REWORDED = ("when you post about its work.", "whenever you post about its work or staff.")


@pytest.fixture
def first(tmp_path: Path) -> Path:
    """The cycles fixture with 2026-H1 closed."""
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    assert close(tmp_path, "2026-H1", "2026-01-20").returncode == 0
    return tmp_path


def _register(folder: Path) -> list[dict]:
    return yaml.safe_load((folder / "src" / "cycles.yml").read_text(encoding="utf-8"))


def test_close_records_editorial_items_and_the_changelog_shows_each_record(
    first: Path,
) -> None:
    change_sources(first / "src")
    run = close(
        first, "2026-H2", "2026-07-01", "--editorial", "CYC-BASIC-01", "--editorial", "CYC-BASIC-03"
    )
    assert run.returncode == 0, run.stderr
    assert "2 editorially" in run.stdout
    assert _register(first)[-1]["editorial"] == ["CYC-BASIC-01", "CYC-BASIC-03"]
    pages = first / "pages"
    done = handbook("markdown", "--source", first / "src", "--out", pages)
    assert done.code == 0, done.err
    text = (pages / "changelog" / "2026-h2.md").read_text(encoding="utf-8")
    # Each change's line, with the item it changes (the attribute list on the next line: the
    # line itself names the clause by its number and title, in the heading above it).
    all_lines = text.splitlines()
    pairs = [
        (line, after)
        for line, after in zip(all_lines, [*all_lines[1:], ""], strict=True)
        if line.startswith("**")
    ]
    lines = [line for line, _ in pairs]
    for line, after in pairs:
        if 'data-id="CYC-BASIC-01"' in after or 'data-id="CYC-BASIC-03"' in after:
            assert line.endswith("*editorial: no new acknowledgement*"), line
        elif line.startswith(("**Reworded", "**Added", "**Removed", "**Level", "**Audience")):
            assert line.endswith("*material: its readers acknowledge it again*"), line
    assert sum("*editorial:" in line for line in lines) == 2


def test_an_editorial_change_asks_nobody_to_acknowledge_it_again(first: Path) -> None:
    edit(first / "src" / "chapters" / "01-basics.yml", *REWORDED)
    assert close(first, "2026-H2", "2026-07-01", "--editorial", "CYC-BASIC-01").returncode == 0
    entry = load_edition(first / "src", "public").changelog[0]
    assert [c.editorial for c in entry.changes] == [True]
    assert impact(entry.changes).audiences == ()
    assert "reworded (text, editorial)" in entry.changes[0].explain()


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ("CYC-MORE-01", "'CYC-MORE-01' is level changed in this cycle: that changes the rule"),
        ("CYC-MORE-03", "'CYC-MORE-03' is added in this cycle"),
        ("CYC-BASIC-02", "'CYC-BASIC-02' is audience changed in this cycle"),
        ("SM-NOPE-01", "'SM-NOPE-01' did not change in this cycle"),
    ],
)
def test_close_refuses_to_call_a_change_of_the_rule_editorial(
    first: Path, item: str, why: str
) -> None:
    change_sources(first / "src")
    before = (first / "src" / "cycles.yml").read_bytes()
    run = close(first, "2026-H2", "2026-07-01", "--editorial", item)
    assert run.returncode == 2
    assert why in run.stderr and "Traceback" not in run.stderr
    assert (first / "src" / "cycles.yml").read_bytes() == before
    assert not (first / "src" / "snapshots" / "2026-H2.yml").exists()


def test_check_refuses_a_hand_written_editorial_record_at_its_line(first: Path) -> None:
    change_sources(first / "src")
    assert close(first, "2026-H2", "2026-07-01").returncode == 0
    register = first / "src" / "cycles.yml"
    text = register.read_text(encoding="utf-8")
    register.write_text(text + "  editorial:\n  - CYC-BASIC-01\n  - CYC-MORE-01\n")
    line = len(text.splitlines()) + 3
    run = handbook("check", "--source", first / "src")
    assert run.code == 1
    assert f"cycles.yml:{line}:5: error: 'CYC-MORE-01' is level changed" in run.err, run.err


@pytest.mark.e2e  # a real process on a pseudo-terminal
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal")
def test_at_a_terminal_close_asks_about_each_rewording_and_move(first: Path) -> None:
    edit(first / "src" / "chapters" / "01-basics.yml", *REWORDED)
    command = [
        str(Path(sys.executable).parent / "handbook"), "cycle", "close", "2026-H2",
        "--date", "2026-07-01", "--approved-by", "Board", "--source", "src",
    ]  # fmt: skip
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        command, cwd=first, stdin=terminal, stdout=terminal, stderr=terminal, env=os.environ
    )
    os.close(terminal)
    seen, answered = b"", False
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if select.select([main], [], [], 0.5)[0]:
            try:
                seen += os.read(main, 4096)
            except OSError:
                break
        if not answered and b"Editorial (wording only" in seen:
            os.write(main, b"y\n")
            answered = True
    process.wait(timeout=10)
    os.close(main)
    assert answered, seen.decode(errors="replace")
    assert b"CYC-BASIC-01" in seen and process.returncode == 0
    assert _register(first)[-1]["editorial"] == ["CYC-BASIC-01"]
