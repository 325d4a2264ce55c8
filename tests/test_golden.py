"""The generated Markdown pages equal the golden files (update them with `make golden`)."""

from __future__ import annotations

import pytest

from tests.golden import EDITIONS, GOLDEN, pages


@pytest.mark.parametrize("edition", EDITIONS)
def test_generated_pages_equal_the_golden_files(edition: str) -> None:
    folder = GOLDEN / edition
    golden = {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.md"))
    }
    assert pages(edition) == golden, "run `make golden` if the change is intended"
