"""YAML syntax errors in plain words (build_tools/source/yamlwords.py), at the mistake, with the
line quoted under the report and a caret at the column."""

from __future__ import annotations

import pytest

from build_tools.source.loader import parse_text
from build_tools.source.model import Location
from build_tools.source.problems import QUOTE_WIDTH, Problem, excerpt

# name → (broken YAML, line, column, message after "invalid YAML: ")
CASES = {
    "colon in a value": (
        "id: basics\ntitle: Rules: the basics\n", 2, 13,
        "a colon inside a value needs quotes around the value: title: 'Rules: the basics'",
    ),
    "colon in a value with an apostrophe": (
        "clauses:\n  - id: A\n    title: Don't: ever\n", 3, 17,
        "a colon inside a value needs quotes around the value: title: \"Don't: ever\"",
    ),
    "indented more than the key above": (
        "id: basics\ntitle: Basics\n  text: hello\n", 3, 3,
        "this line is indented more than the 'title:' above it: line its key up with 'title:'",
    ),
    "indented more, inside a clause": (
        "clauses:\n  - id: A\n    title: x\n      text: y\n", 4, 7,
        "this line is indented more than the 'title:' above it: line its key up with 'title:'",
    ),
    "indented less than the key above": (
        "clauses:\n  - id: A\n    title: x\n   text: y\n", 4, 4,
        "this line is indented less than the 'title:' above it: line it up with 'title:' or "
        "with a key further up",
    ),
    "lined up with the dash": (
        "clauses:\n  - id: A\n  title: x\n", 3, 3,
        "this line is lined up with the '-' of the list item above, not with its keys: indent "
        "it to line up with 'id:'",
    ),
    "text of | indented less": (
        "text: |\n  one\n two\n", 3, 2,
        "this line is indented less than the text of 'text:' above it: indent every line of "
        "the text at least as far as its first line",
    ),
    "list item where a key was expected": (
        "id: a\n- b\n", 2, 1,
        "a list item ('- ') where a key was expected: a list goes under its key, on the lines "
        "below it and indented",
    ),
    "tab indenting a key": (
        "id: a\n\ttitle: x\n", 2, 1,
        "tab characters cannot indent YAML; indent this line with spaces only",
    ),
    "tab after spaces in a list": (
        "clauses:\n  - id: A\n  \t title: x\n", 3, 3,
        "tab characters cannot indent YAML; indent this line with spaces only",
    ),
    "unclosed double quote": (
        'clauses:\n  - id: A\n    title: "Unclosed\n    text: x\n', 3, 12,
        'unclosed quote: the value starts with " but never ends with "; add the closing " at '
        "the end of the value",
    ),
    "unclosed single quote": (
        "id: a\ntitle: 'Unclosed\n", 2, 8,
        "unclosed quote: the value starts with ' but never ends with '; add the closing ' at "
        "the end of the value",
    ),
    "text after the closing quote": (
        'title: "Hello" world\n', 1, 16,
        "text after the closing quote: a value that starts with a quote must end with it; put "
        "the whole value inside the quotes",
    ),
    "apostrophe inside single quotes": (
        "title: 'It's here'\n", 1, 12,
        "text after the closing quote: a value that starts with a quote must end with it; put "
        "the whole value inside the quotes (inside single quotes, write an apostrophe twice: "
        "'It''s')",
    ),
    "unclosed [": (
        "tags: [a, b\ntext: x\n", 1, 7,
        "the [ that opens this list is not closed with ]: close it on the same line, and put "
        "any item holding a comma or a colon in quotes",
    ),
    "unclosed {": (
        "tags: {a: b\ntext: x\n", 1, 7,
        "the { that opens this mapping is not closed with }: close it on the same line, and "
        "put any item holding a comma or a colon in quotes",
    ),
    "no space after the colon": (
        "title:x\nid: y\n", 1, 7, "a key needs a space after its colon: title: x",
    ),
    "line without a colon": (
        "id: a\nfoo\nbar: 1\n", 2, 1,
        "this line has no colon: each line of an entry is 'key: value', or continues the text "
        "of the key above, indented further",
    ),
    "value starting with a backquote": (
        "title: `x`\n", 1, 8,
        "a value cannot start with ` (YAML keeps it for itself): put the whole value in quotes",
    ),
    "value starting with a star": (
        "title: * bullet\n", 1, 8,
        "a value cannot start with * (YAML reads it as a reference): put the whole value in "
        "quotes",
    ),
    "list on the line of its key": (
        "title: - x\n", 1, 8,
        "a list cannot start on the same line as 'title:': put each '- ' item on a line of its "
        "own below it, indented; if the dash is part of the text, put the value in quotes",
    ),
    "text after |": (
        "text: |x\n  a\n", 1, 8,
        "nothing may follow | or > on its line: start the text on the next line, indented "
        "below the key",
    ),
    "unknown escape": (
        'title: "a\\qb"\n', 1, 10,
        "unknown escape after a backslash inside double quotes: write \\\\ for a backslash, or "
        "put the value in single quotes",
    ),
    "second document": (
        "a: 1\n---\nb: 2\n", 2, 1,
        "a second document starts here (a line of ---): a source file holds one document; "
        "remove the line",
    ),
    "indented first key": (
        "  id: a\ntitle: b\n", 2, 1,
        "this line is indented less than the first line of the file: every top-level key "
        "starts at the left edge, so remove the spaces before the first key",
    ),
    "line starting with %": (
        "text: >-\n  one\n%two\n", 3, 1,
        "a line cannot start with % (YAML reads it as an instruction): indent the line as the "
        "lines around it, or put the value in quotes",
    ),
    "empty item in [ ]": (
        "tags: [a,: b]\n", 1, 10,
        "an item of this list in [ ] is empty or starts with a colon: separate the items with "
        "single commas, and put any item holding a colon in quotes",
    ),
}  # fmt: skip


def only_problem(text: str) -> Problem:
    source, problems = parse_text(text, "f.yml")
    assert source is None
    [problem] = problems
    return problem


@pytest.mark.parametrize("name", sorted(CASES))
def test_yaml_errors_in_plain_words(name: str) -> None:
    text, line, column, message = CASES[name]
    problem = only_problem(text)
    assert problem.message == f"invalid YAML: {message}"
    assert (problem.location.line, problem.location.column) == (line, column)
    assert problem.quote == text.split("\n")[line - 1]


def test_the_report_quotes_the_line_with_a_caret_under_the_column() -> None:
    problem = only_problem("id: basics\ntitle: Rules: the basics\n")
    assert problem.report().splitlines() == [
        "f.yml:2:13: error: invalid YAML: a colon inside a value needs quotes around the "
        "value: title: 'Rules: the basics'",
        "  2 | title: Rules: the basics",
        "    |             ^",
    ]


def test_a_duplicate_key_is_plain_and_quoted() -> None:
    problem = only_problem("id: a\ntitle: One\ntitle: Two\n")
    assert str(problem) == (
        "f.yml:3:1: error: duplicate key 'title': this entry already has it at line 2; keep one"
    )
    assert problem.report().splitlines()[1:] == ["  3 | title: Two", "    | ^"]


def test_the_quote_escapes_tabs_and_control_characters_and_keeps_the_caret_under_them() -> None:
    line = "\t\u202etitle: x"
    assert excerpt(line, Location("f.yml", 12, 3)) == [
        "  12 | \\t\\u202etitle: x",
        "     |         ^",
    ]


def test_a_long_line_is_cut_around_the_column() -> None:
    line = "a" * 500 + "^" + "b" * 500
    quoted, caret = excerpt(line, Location("f.yml", 1, 501))
    assert len(quoted) < QUOTE_WIDTH + 20
    assert quoted[caret.index("^")] == "^"
    assert quoted.startswith("  1 | …a") and quoted.endswith("b…")


def test_a_file_without_a_final_newline_points_inside_the_file() -> None:
    problem = only_problem('id: a\ntitle: "open')
    assert (problem.location.line, problem.location.column) == (2, 8)


def test_a_comment_after_the_value_stays_out_of_the_suggested_quotes() -> None:
    problem = only_problem("id: a\ntitle: Risk: high  # to review\n")
    assert problem.message.endswith("title: 'Risk: high'")


def test_a_huge_value_or_key_is_cut_in_the_message() -> None:
    for text in (
        "id: a\ntitle: " + "a" * 200_000 + ": b\n",
        "id: a\n" + "k" * 200_000 + ": - item\n",
        "id: a\ntitle:x" + "y" * 200_000 + "\n  oops: 1\n",
    ):
        problem = only_problem(text)
        assert len(problem.message) < 400, problem.message[:200]
        assert len(problem.report()) < 800  # the quoted line is cut around the column
