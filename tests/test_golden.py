"""The generated Markdown pages equal the golden files (update them with `make golden`)."""

from __future__ import annotations

import pytest

from tests.golden import EDITIONS, GOLDEN, pages, print_html


@pytest.mark.parametrize("edition", EDITIONS)
def test_generated_pages_equal_the_golden_files(edition: str) -> None:
    folder = GOLDEN / edition
    golden = {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.md"))
    }
    assert pages(edition) == golden, "run `make golden` if the change is intended"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_english_print_html_equals_the_golden_file(edition: str) -> None:
    """What WeasyPrint lays out for the English book; a translated book's words and marks
    (tests/test_language_pdf.py) never change it."""
    golden = (GOLDEN / edition / "print.html").read_text(encoding="utf-8")
    assert print_html(edition) == golden, "run `make golden` if the change is intended"
