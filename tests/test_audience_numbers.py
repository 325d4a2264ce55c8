"""One audience's book keeps the full handbook's numbers: "1.2" is the same rule in a role's
PDF, in an onboarding pack, on the role's page and in the full handbook, even where clauses
or whole chapters before it are left out."""

from __future__ import annotations

import dataclasses

from bs4 import BeautifulSoup

from build_tools.printbook.html import render_print_html
from build_tools.publish.pipeline import load_handbook
from build_tools.source.model import Handbook
from build_tools.views.audiences import for_audience
from tests.conftest import MINI


def _for_executives_only(hb: Handbook, *ids: str) -> Handbook:
    """The small handbook with the clauses ``ids`` written for the executive team only and
    every other clause for everyone."""
    chapters = tuple(
        chapter.model_copy(
            update={
                "clauses": tuple(
                    c.model_copy(update={"applies_to": ("executives",) if c.id in ids else ()})
                    for c in chapter.clauses
                )
            }
        )
        for chapter in hb.chapters
    )
    return dataclasses.replace(hb, chapters=chapters)


def _printed(hb: Handbook) -> tuple[list[str], list[str]]:
    """The contents' numbers and the chapters' titles of the print handbook of ``hb``."""
    soup = BeautifulSoup(render_print_html(hb), "html.parser")
    numbers = [span.get_text(strip=True) for span in soup.select(".toc .toc-number")]
    titles = [h1.get_text(" ", strip=True) for h1 in soup.select("h1.chapter-title")]
    return numbers, titles


def test_a_clause_left_out_before_another_does_not_renumber_it() -> None:
    full = _for_executives_only(load_handbook(MINI, "public"), "MINI-BASIC-01")
    assert full.clause_numbers["MINI-BASIC-02"] == "1.2"
    board = for_audience(full, "board")
    assert next(c.id for _, c in board.clauses()) == "MINI-BASIC-02"
    assert board.clause_numbers["MINI-BASIC-02"] == "1.2"
    numbers, titles = _printed(board)
    assert "1.2" in numbers and "1.1" not in numbers
    assert titles[0].startswith("1. ")


def test_a_chapter_left_out_does_not_renumber_the_next() -> None:
    full = _for_executives_only(load_handbook(MINI, "public"), "MINI-BASIC-01", "MINI-BASIC-02")
    board = for_audience(full, "board")
    assert [chapter.id for chapter in board.chapters] == ["more"]
    assert board.chapter_numbers == {"more": "2"}
    assert board.clause_numbers == {"MINI-MORE-01": "2.1"}
    numbers, titles = _printed(board)
    assert numbers[:2] == ["2", "2.1"]
    assert titles[0] == "2. More rules" and not [t for t in titles if t.startswith("1. ")]


def test_the_full_handbook_numbers_by_position() -> None:
    full = load_handbook(MINI, "public")
    assert full.chapter_numbers == {"basics": "1", "more": "2"}
    assert full.clause_numbers == {
        "MINI-BASIC-01": "1.1",
        "MINI-BASIC-02": "1.2",
        "MINI-MORE-01": "2.1",
    }
