"""Style lint: each planted problem is found at its place; the shipped handbook is clean."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_tools.editor.lint import lint, plain_text
from build_tools.source.loader import load_tree
from build_tools.source.problems import Problem
from build_tools.source.validate import validate
from tests.conftest import ROOT, SHIPPED, handbook

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

FIXTURE = ROOT / "tests" / "fixtures" / "lint"

# Every planted problem: (file, line, column, message).
PLANTED = [
    ("chapters/01-wording.yml", 10, 11,
     "LINT-WORD-02 is a must clause but its text does not say 'must'; state the requirement "
     "with 'must', or lower the level"),
    ("chapters/01-wording.yml", 16, 11,
     "LINT-WORD-03 is a should clause but its text says 'must'; use 'should', or make it a "
     "must clause"),
    ("chapters/01-wording.yml", 20, 39,
     "LINT-WORD-04 is a may clause but its text says 'must'; use 'may', or make it a must clause"),
    ("chapters/01-wording.yml", 25, 30,
     "vague wording 'appropriate' in must clause LINT-WORD-05; say exactly what is required"),
    ("chapters/01-wording.yml", 25, 47,
     "vague wording 'where possible' in must clause LINT-WORD-05; say exactly what is required"),
    ("chapters/02-style.yml", 7, 36,
     "sentence of 30 words in LINT-STYLE-01 (limit 25); split it in two"),
    ("chapters/02-style.yml", 10, 12,
     "clause title 'Clean clause' is also the title of LINT-WORD-01 (at "
     "chapters/01-wording.yml:5:12); give each clause its own title"),
    ("chapters/02-style.yml", 12, 7,
     "LINT-STYLE-02 reads at grade 41.1 (limit 12); use shorter sentences and plainer words"),
    ("chapters/02-style.yml", 17, 30,
     "first use of glossary term 'brand assets' in chapter 'style' is not linked; write "
     "[[brand assets]] or [[brand assets|your words]]"),
    ("glossary.yml", 5, 9,
     "glossary term 'holding statement' is never used in the handbook; use it, or remove it "
     "from the glossary"),
]  # fmt: skip


def warnings_for(source: Path) -> list[Problem]:
    tree, problems = load_tree(source)
    hb, found = validate(tree)
    assert hb is not None, problems + found
    return lint(hb, tree)


def test_each_planted_problem_is_found_at_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURE)
    found = [(p.location.file, p.location.line, p.location.column, p.message) for p in
             warnings_for(Path("."))]  # fmt: skip
    assert found == PLANTED


def test_shipped_handbook_has_no_style_warnings() -> None:
    assert [str(p) for p in warnings_for(SHIPPED)] == []


def test_lint_command_prints_warnings_and_fails_only_when_strict() -> None:
    run = handbook("lint", "--source", ".", cwd=FIXTURE)
    assert run.code == 0, run.err
    lines = run.err.splitlines()
    assert lines[:-1] == [f"{f}:{line}:{col}: warning: {m}" for f, line, col, m in PLANTED]
    assert lines[-1] == "10 style warnings."
    assert handbook("lint", "--strict", "--source", ".", cwd=FIXTURE).code == 1


def test_check_reports_style_warnings_without_failing() -> None:
    run = handbook("check", "--source", ".", cwd=FIXTURE)
    assert run.code == 0, run.err
    assert run.out.startswith("OK: ")
    assert sum(": warning: " in line for line in run.err.splitlines()) == len(PLANTED)
    strict = handbook("check", "--strict", "--source", ".", cwd=FIXTURE)
    assert strict.code == 1


def test_check_github_format_marks_warnings() -> None:
    run = handbook("check", "--format", "github", "--source", ".", cwd=FIXTURE)
    assert run.code == 0
    pattern = re.compile(r"^::warning file=([^,]+),line=(\d+),col=(\d+)::(.+)$")
    marks = [pattern.match(line) for line in run.out.splitlines() if line.startswith("::")]
    assert [(m[1], int(m[2]), int(m[3]), m[4]) for m in marks if m] == PLANTED


def test_thresholds_come_from_handbook_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source)
    settings = source / "handbook.yml"
    text = settings.read_text().replace("max_sentence_words: 25", "max_sentence_words: 40")
    settings.write_text(text.replace("max_grade: 12", "max_grade: 50") + "  vague_words: [way]\n")
    monkeypatch.chdir(source)
    messages = [p.message for p in warnings_for(Path("."))]
    assert not any("sentence of" in m or "reads at grade" in m for m in messages)
    assert [m for m in messages if m.startswith("vague")] == [
        "vague wording 'way' in must clause LINT-WORD-05; say exactly what is required"
    ]


def test_unknown_lint_key_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source)
    settings = source / "handbook.yml"
    settings.write_text(settings.read_text().replace("max_grade:", "max_grades:"))
    run = handbook("check", "--source", source, cwd=source)
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "handbook.yml:12:3: error: unknown key 'max_grades' (did you mean 'max_grade'?); "
        "allowed keys: max_grade, max_sentence_words, vague_words"
    )


@pytest.mark.parametrize(
    ("markdown", "spoken"),
    [
        ("See [[SM-PRIV-02]] now.", "See SM-PRIV-02 now."),
        ("Read [[SM-PRIV-02|the privacy rule]].", "Read the privacy rule."),
        ("**Never** post [a link](https://x.example).", "Never post a link."),
    ],
)
def test_plain_text_reads_references_and_markup_aloud(markdown: str, spoken: str) -> None:
    assert plain_text(markdown) == spoken
