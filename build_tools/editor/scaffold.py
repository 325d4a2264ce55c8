"""Skeletons for new clauses and examples, with the next free id, so nobody invents ids.

The skeleton's empty values fail ``handbook check`` until they are filled in, and its
comments are the model's field descriptions.
"""

from __future__ import annotations

import re

from build_tools.source.errors import UsageError
from build_tools.source.model import Clause, Example, Handbook

_NUMBERED = re.compile(r"^(?P<prefix>.+)-(?P<number>[0-9]+)$")


class ScaffoldError(UsageError):
    """The skeleton cannot be made (unknown chapter, no id pattern to follow, ...)."""


def next_id(prefix: str, taken: set[str], width: int = 2) -> str:
    """``PREFIX-NN`` one past the highest number in use, so a withdrawn id is never reused
    while a later one stands."""
    numbers = [int(m["number"]) for m in map(_NUMBERED.match, taken) if m and m["prefix"] == prefix]
    return f"{prefix}-{max(numbers, default=0) + 1:0{width}d}"


def _all_ids(handbook: Handbook) -> set[str]:
    return {c.id for _, c in handbook.clauses()} | {e.id for e in handbook.examples}


def _comment(model: type[Clause] | type[Example], field: str) -> str:
    description = model.model_fields[field].description or ""
    return f"  # {description}" if description else ""


def clause_id_for(handbook: Handbook, chapter_id: str) -> str:
    chapter = next((c for c in handbook.chapters if c.id == chapter_id), None)
    if chapter is None:
        known = ", ".join(c.id for c in handbook.chapters)
        raise ScaffoldError(f"no chapter with id '{chapter_id}'; chapters: {known}")
    last = _NUMBERED.match(chapter.clauses[-1].id)
    if last is None:
        raise ScaffoldError(
            f"the last clause of '{chapter_id}' ({chapter.clauses[-1].id}) does not end in a "
            "number, so there is no pattern to follow; choose the id by hand"
        )
    return next_id(last["prefix"], _all_ids(handbook), len(last["number"]))


def clause_skeleton(clause_id: str, indent: str = "  ") -> str:
    """A new clause as a YAML list item, indented to sit under a chapter's ``clauses:``."""
    lines = [
        f"- id: {clause_id}{_comment(Clause, 'id')}",
        f'  title: ""{_comment(Clause, "title")}',
        f"  level: should{_comment(Clause, 'level')}",
        f'  text: ""{_comment(Clause, "text")}',
        f'  rationale: ""{_comment(Clause, "rationale")}',
    ]
    return "".join(f"{indent}{line}\n" for line in lines)


def example_skeleton(handbook: Handbook, topic: str, illustrates: tuple[str, ...] = ()) -> str:
    """A new worked-example file whose id is ``EX-TOPIC-NN``."""
    prefix = f"EX-{topic.upper()}"
    if not re.fullmatch(r"EX-[A-Z0-9]+", prefix):
        raise ScaffoldError(f"topic '{topic}' must be letters and digits only, such as CRISIS")
    clause_ids = {c.id for _, c in handbook.clauses()}
    unknown = [c for c in illustrates if c not in clause_ids]
    if unknown:
        raise ScaffoldError(f"no clause with id '{unknown[0]}'")
    targets = ", ".join(illustrates)
    lines = [
        f"id: {next_id(prefix, _all_ids(handbook))}{_comment(Example, 'id')}",
        f'title: ""{_comment(Example, "title")}',
        f"illustrates: [{targets}]{_comment(Example, 'illustrates')}",
        f"outcome: mixed{_comment(Example, 'outcome')}",
        f'scenario: ""{_comment(Example, "scenario")}',
        f'discussion: ""{_comment(Example, "discussion")}',
    ]
    return "".join(f"{line}\n" for line in lines)


def example_file_name(skeleton: str) -> str:
    """``ex-topic-nn.yml`` for the skeleton's id."""
    first = skeleton.split("\n", 1)[0]
    return first.removeprefix("id: ").split()[0].lower() + ".yml"


def item_indent(text: str, line: int) -> str:
    """The indentation before the ``-`` of the list item that starts on ``line``."""
    row = text.splitlines()[line - 1]
    return row[: len(row) - len(row.lstrip(" "))]


def append_text(text: str, addition: str) -> str:
    """``text`` with ``addition`` after it; the original is kept byte for byte."""
    return (text if not text or text.endswith("\n") else text + "\n") + addition


def insert_before_line(text: str, line: int, addition: str) -> str:
    """``text`` with ``addition`` (whole lines) inserted before its line ``line`` (from 1); the
    rest is kept byte for byte."""
    lines = text.splitlines(keepends=True)
    return "".join(lines[: line - 1]) + addition + "".join(lines[line - 1 :])
