"""`handbook new`: the next free id, a skeleton that fails until filled and passes once filled."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.editor.scaffold import next_id
from tests.conftest import handbook

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

CHAPTER = "chapters/01-basics.yml"


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        ({"SM-PRIV-01", "SM-PRIV-02"}, "SM-PRIV-03"),
        ({"SM-PRIV-01", "SM-PRIV-04"}, "SM-PRIV-05"),  # a gap may be a withdrawn id
        ({"SM-PRIVACY-07", "EX-PRIV-09"}, "SM-PRIV-01"),
        (set(), "SM-PRIV-01"),
    ],
)
def test_next_id_is_one_past_the_highest(taken: set[str], expected: str) -> None:
    assert next_id("SM-PRIV", taken) == expected


def fill(text: str) -> str:
    """What an editor does with a skeleton: give every empty value some words."""
    for key, value in [
        ("title", "Post nothing at night"),
        ("text", "You should not post between midnight and six."),
        ("rationale", "Late posts are often regretted."),
        ("scenario", "A director posted at 2 a.m."),
        ("discussion", "This went against [[MINI-BASIC-01]]."),
    ]:
        text = text.replace(f'{key}: ""', f"{key}: {value}")
    return text


def test_new_clause_prints_a_skeleton_with_the_next_id(mini: Path) -> None:
    run = handbook("new", "clause", "--chapter", "basics", "--source", mini)
    assert run.code == 0, run.err
    assert run.out.splitlines()[0].startswith("  - id: MINI-BASIC-04  # Stable id")
    assert (mini / CHAPTER).read_text() == (
        Path(__file__).parent / "fixtures/mini" / CHAPTER
    ).read_text()


def test_inserted_clause_fails_until_filled_then_passes(mini: Path) -> None:
    before = (mini / CHAPTER).read_bytes()
    run = handbook("new", "clause", "--chapter", "basics", "--insert", "--source", mini, cwd=mini)
    assert run.code == 0, run.err
    after = (mini / CHAPTER).read_text()
    # At the end of the clauses, before the chapter's quiz; the editor's text is untouched.
    quiz = before.index(b"quiz:")
    assert after.encode().startswith(before[:quiz]) and after.encode().endswith(before[quiz:])
    assert after.encode()[quiz:].startswith(b"  - id: MINI-BASIC-04")
    unfilled = handbook("check", "--source", mini, cwd=mini)
    assert unfilled.code == 1
    assert f"{CHAPTER}:27:12: error: 'title': String should have at least 1 character" in (
        unfilled.err.splitlines()
    )
    (mini / CHAPTER).write_text(fill(after))
    filled = handbook("check", "--source", mini, cwd=mini)
    assert filled.code == 0, filled.err
    assert "4 clauses" not in filled.out and "5 clauses" in filled.out


def test_clause_is_not_appended_when_clauses_is_not_the_last_key(mini: Path) -> None:
    path = mini / "chapters" / "02-more.yml"
    path.write_text(path.read_text() + "intro: Set after the clauses.\n")
    before = path.read_bytes()
    run = handbook("new", "clause", "--chapter", "more", "--insert", "--source", mini, cwd=mini)
    assert run.code == 1
    assert "'clauses' is not the last key" in run.err
    assert "- id: MINI-MORE-02" in run.err
    assert path.read_bytes() == before


def test_unknown_chapter_is_a_usage_error(mini: Path) -> None:
    run = handbook("new", "clause", "--chapter", "nope", "--source", mini)
    assert run.code == 2
    assert "no chapter with id 'nope'; chapters: basics, more" in run.err


def test_new_example_written_then_filled_passes_check(mini: Path) -> None:
    run = handbook(
        "new", "example", "--topic", "mini", "--clause", "MINI-BASIC-01", "--write",
        "--source", mini, cwd=mini,
    )  # fmt: skip
    assert run.code == 0, run.err
    path = mini / "examples" / "ex-mini-02.yml"
    assert path.read_text().startswith("id: EX-MINI-02  #")
    assert handbook("check", "--source", mini, cwd=mini).code == 1
    path.write_text(fill(path.read_text()))
    filled = handbook("check", "--source", mini, cwd=mini)
    assert filled.code == 0, filled.err
    again = handbook("new", "example", "--topic", "mini", "--source", mini)
    assert again.out.startswith("id: EX-MINI-03")


def test_new_example_refuses_an_unknown_clause(mini: Path) -> None:
    run = handbook("new", "example", "--topic", "x", "--clause", "MINI-NOPE-01", "--source", mini)
    assert run.code == 2
    assert "no clause with id 'MINI-NOPE-01'" in run.err
