"""A problem is shown with its source line wherever it is reported: set once on the sources
side from the text the loader read (source/quoting.py), so ``handbook check`` and the live
preview's error page quote the same line, and nothing reads a file again to quote it."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools.publish import preview
from build_tools.publish.pipeline import check_sources
from build_tools.source.loader import parse_text
from build_tools.source.model import Location
from build_tools.source.problems import Problem, SourceError
from build_tools.source.quoting import quoted
from tests.conftest import MINI, handbook

LEVEL = "    level: must\n"


def _broken(tmp_path: Path, prefix: bytes = b"") -> tuple[Path, int]:
    """A copy of the mini handbook whose first clause has an unknown level; its line."""
    source = tmp_path / "src"
    shutil.copytree(MINI, source)
    chapter = source / "chapters" / "01-basics.yml"
    text = chapter.read_text(encoding="utf-8")
    line = text[: text.index(LEVEL)].count("\n") + 1
    chapter.write_bytes(prefix + text.replace(LEVEL, "    level: mandatory\n", 1).encode())
    return source, line


def test_check_and_the_preview_quote_a_validation_problem_alike(tmp_path: Path) -> None:
    source, line = _broken(tmp_path)
    _, problems = check_sources(source)
    [problem] = [p for p in problems if p.location.line == line]
    assert problem.quote == "    level: mandatory"
    run = handbook("check", "--source", source)
    assert run.code == 1
    report = run.err.splitlines()
    at = next(i for i, text in enumerate(report) if f"01-basics.yml:{line}:" in text)
    assert report[at + 1] == f"  {line} |     level: mandatory"
    [entry] = [e for e in preview.entries(SourceError(problems)) if f":{line}:" in e.where]
    assert entry.quote is not None
    assert entry.quote[0] == report[at + 1] and entry.quote[1] == report[at + 2]


def test_a_file_that_starts_with_a_byte_order_mark_is_quoted_as_the_loader_reads_it(
    tmp_path: Path,
) -> None:
    source, line = _broken(tmp_path, prefix="\ufeff".encode())
    _, problems = check_sources(source)
    quotes = [p.quote for p in problems if p.location.line == line]
    assert quotes == ["    level: mandatory"]


def test_only_lines_of_files_read_are_quoted() -> None:
    source, found = parse_text("id: a\nlevel: mandatory\n", "src/a.yml")
    assert source is not None and found == []
    inside = Problem(Location("src/a.yml", 2, 8), "expected one of …")
    whole = Problem(Location("src/a.yml"), "about the whole file")
    past_end = Problem(Location("src/a.yml", 9, 1), "no such line")
    elsewhere = Problem(Location("secret.yml", 1, 1), "a file never read")
    result = quoted([inside, whole, past_end, elsewhere], [source])
    assert [p.quote for p in result] == ["level: mandatory", None, None, None]
