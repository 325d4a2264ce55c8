"""Self-check quizzes in the sources: checked at their line, rendered as pages of their own,
approved with the text, and no part of the rules (fingerprint, changelog)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import yaml

from build_tools.publish.pipeline import check_sources, load_edition
from build_tools.review.diff import diff_handbooks
from build_tools.review.fingerprint import fingerprint
from build_tools.site.quiz import QUIZ_INDEX
from build_tools.site.sitepages import site_nav, site_pages
from tests.conftest import SHIPPED, published

BAD_QUIZ = """\
quiz:
  - question: Wrong number of right answers
    choose: 2
    options:
      - text: Same words
        correct: true
      - text: same  words
      - text: Other
    explanation: Read [[MINI-MORE-09]] first.
  - question: No right answer, no clause
    options:
      - text: One
      - text: Two
    explanation: See the [[closed period]].
  - question: Links an internal clause
    options:
      - text: One
        correct: true
      - text: Two
    explanation: See [[MINI-BASIC-03]].
  - question: Every option right
    choose: 2
    options:
      - text: One
        correct: true
      - text: Two
        correct: true
    explanation: |
      Both, says
      [[MINI-MORE-01]] <script>alert(1)</script>.
"""


def _problems(source: Path) -> list[str]:
    cwd = os.getcwd()
    os.chdir(source)
    try:
        handbook, problems = check_sources(Path("."))
    finally:
        os.chdir(cwd)
    assert handbook is None
    return [str(p) for p in problems]


def test_bad_questions_are_reported_at_their_line(mini: Path) -> None:
    chapter = mini / "chapters" / "02-more.yml"
    chapter.write_text(chapter.read_text(encoding="utf-8") + BAD_QUIZ, encoding="utf-8")
    at = "chapters/02-more.yml"
    assert _problems(mini) == [
        f"{at}:12:13: error: 1 option is marked correct: true, but the question says choose: 2;"
        " mark exactly 2 right",
        f"{at}:16:15: error: option 'same  words' is given twice (first as option 1)",
        f"{at}:18:23: error: reference [[MINI-MORE-09]]: 'MINI-MORE-09' does not exist "
        "(did you mean 'MINI-MORE-01'?)",
        f"{at}:21:7: error: no option is marked correct: true, but the question says one "
        "(choose: 1, the default); mark exactly 1 right",
        f"{at}:23:18: error: explanation: link the clause this answer rests on, with its id in "
        "double square brackets, such as [[SM-MKT-02]]",
        f"{at}:29:22: error: reference [[MINI-BASIC-03]]: public item refers to internal clause "
        "'MINI-BASIC-03'",
        f"{at}:31:13: error: every option is right (choose: 2 of 2): add a wrong one",
        f"{at}:39:24: error: raw HTML <script> is not allowed in Markdown",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("[{text: Only, correct: true}]", "'options' needs at least 2 entries"),
        (
            "[{text: A, correct: true}, {text: B}, {text: C}, {text: D}, {text: E}, {text: F}]",
            "'options' has 6 entries; at most 5",
        ),
        ("[{text: A, correct: yes please}, {text: B}]", "'correct' should be true or false"),
        ("[{text: A, right: true}, {text: B}]", "unknown key 'right'"),
    ],
)
def test_the_shape_of_a_question_is_strict(mini: Path, options: str, message: str) -> None:
    chapter = mini / "chapters" / "02-more.yml"
    quiz = f"quiz:\n  - question: Q\n    options: {options}\n    explanation: '[[MINI-MORE-01]]'\n"
    chapter.write_text(chapter.read_text(encoding="utf-8") + quiz, encoding="utf-8")
    found = _problems(mini)
    assert len(found) == 1 and found[0].startswith("chapters/02-more.yml:12:"), found
    assert message in found[0]


def test_a_quiz_is_no_part_of_the_signed_text_or_the_changelog() -> None:
    """Adding, changing or removing questions changes no fingerprint (no acknowledgement is
    due again) and no changelog entry."""
    with_quiz = load_edition(SHIPPED, "public", draft=True).handbook
    assert any(chapter.quiz for chapter in with_quiz.chapters)
    without = dataclasses.replace(
        with_quiz,
        chapters=tuple(ch.model_copy(update={"quiz": ()}) for ch in with_quiz.chapters),
    )
    assert fingerprint(with_quiz) == fingerprint(without)
    assert diff_handbooks(without, with_quiz) == []


def test_shipped_quizzes_wait_for_approval() -> None:
    """The default site shows the quizzes of the approved text, those frozen in the latest
    snapshot (none in 2026-H1's); the draft has a quiz of three or four questions on at least
    four chapters."""
    frozen = {ch["id"] for ch in published()["chapters"] if ch.get("quiz")}
    approved = site_pages(load_edition(SHIPPED, "public"), pdf_path=None)
    assert {path for path in approved if path.startswith("quiz/")} == {
        f"quiz/{chapter}.md" for chapter in frozen
    }
    assert (QUIZ_INDEX in approved) == bool(frozen)
    draft = load_edition(SHIPPED, "public", draft=True)
    quizzed = [ch for ch in draft.handbook.chapters if ch.quiz]
    assert len(quizzed) >= 4
    assert all(3 <= len(ch.quiz) <= 4 for ch in quizzed)
    pages = site_pages(draft, pdf_path=None)
    assert {f"quiz/{ch.id}.md" for ch in quizzed} | {QUIZ_INDEX} <= set(pages)
    titles = [next(iter(entry)) for entry in site_nav(draft, []) if isinstance(entry, dict)]
    assert "Check your understanding" in titles


def test_quiz_pages_are_out_of_search_and_drafts_keep_their_front_matter() -> None:
    pages = site_pages(load_edition(SHIPPED, "public", draft=True), pdf_path=None)
    for path in [QUIZ_INDEX, "quiz/market-disclosure.md"]:
        head, _, body = pages[path].removeprefix("---\n").partition("\n---\n")
        assert yaml.safe_load(head) == {"search": {"exclude": True}}
        lines = body.lstrip("\n").splitlines()
        assert lines[0].startswith("# Check your understanding")
        assert lines[2] == '!!! danger "Draft — not approved"'  # after the title, as elsewhere


def test_hostile_plain_fields_are_escaped_in_the_markdown(mini: Path) -> None:
    chapter = mini / "chapters" / "02-more.yml"
    quiz = """\
quiz:
  - question: '<script>alert(1)</script> [x](javascript:alert(2)) { onclick="y" }'
    options:
      - text: '<img src=x onerror=alert(3)>'
        correct: true
      - text: '</details><script>alert(4)</script>'
    explanation: Rests on [[MINI-MORE-01|*the* rule]].
"""
    chapter.write_text(chapter.read_text(encoding="utf-8") + quiz, encoding="utf-8")
    page = site_pages(load_edition(mini, "public"), pdf_path=None)["quiz/more.md"]
    assert "<script>" not in page and "<img" not in page and "</details><" not in page
    assert r"&lt;script&gt;alert\(1\)&lt;/script&gt; \[x\]\(javascript:alert\(2\)\)" in page
    assert r'\{ onclick="y" \}' in page  # no attribute list
    assert "&lt;img src=x onerror=alert(3)&gt;" in page  # the answer, as HTML text
    assert page.count("</details>") == 1
    assert '<a href="../../chapters/more/#MINI-MORE-01"><em>the</em> rule</a>' in page
