"""Checking and linting take time linear in the text, whatever the text holds.

Markdown engines (Python-Markdown, which MkDocs uses too) and careless regular expressions take
time growing with the square of a paragraph on some shapes of text: runs of unclosed brackets,
link openings, tag openings. Hypothesis builds clause texts from such pieces; each text is
checked at a length and at four times that length, and the second check may take at most six
times as long as the first (four is linear, sixteen quadratic) plus a little for noise.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_tools.publish.pipeline import check_and_lint
from tests.conftest import MINI

PIECES = [
    "[", "]", "(", ")", "[[", "]]", "](", "![", "<", ">", "<a ", "<!--", "-->", "{", "}",
    "*", "_", "`", "\\", "&#", "&", "|", ":", "\n", "\n\n", " ", "a", "must ", ". ", "x|y",
    "http://", "](a", "[a]", "[[MINI-BASIC-01", "]: ",
]  # fmt: skip
SHORT, LONG = 2_500, 10_000
SLACK = 0.05  # seconds: timer noise on a loaded machine


def _text(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _seconds(root: Path, unit: str, length: int) -> float:
    body = "\n".join("      " + line if line else "" for line in _text(unit, length).split("\n"))
    chapter = (
        "id: timed\ntitle: Timed\nclauses:\n  - id: TIME-TEXT-01\n    title: Timed text\n"
        f"    level: must\n    text: |-\n      You must read this.\n{body}\n"
    )
    (root / "chapters" / "03-timed.yml").write_text(chapter, encoding="utf-8")
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        check_and_lint(root)
        best = min(best, time.process_time() - start)
    return best


@settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join))
@example("[")
@example("[a](( ")
@example("<a ")
@example("![a](b ")
@example("[[a|b ")
def test_checking_time_grows_linearly(unit: str) -> None:
    root = Path(tempfile.mkdtemp()) / "src"
    try:
        shutil.copytree(MINI, root)
        short = _seconds(root, unit, SHORT)
        long = _seconds(root, unit, LONG)
    finally:
        shutil.rmtree(root.parent)
    assert long <= 6 * short + SLACK, f"{unit!r}: {short:.3f} s, then {long:.3f} s"
