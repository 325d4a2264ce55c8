"""The checks of a chapter's ``quiz:`` that the model alone cannot make, each at its line.

A question's options are distinct, exactly ``choose`` of them are marked ``correct: true`` and
at least one is not, and its explanation links the clause it rests on with the handbook's
reference syntax (``[[SM-MKT-02]]``). Whether each reference exists, and what the explanation's
Markdown may hold, is judged like any other Markdown field (:mod:`build_tools.source.validate`).
"""

from __future__ import annotations

from collections.abc import Callable

from build_tools.source.loader import NodePath, SourceFile
from build_tools.source.model import Chapter, Question
from build_tools.source.problems import Problem
from build_tools.source.references import find_references


def check_quiz(
    source: SourceFile,
    chapter: Chapter,
    is_clause: Callable[[str], bool],
    problems: list[Problem],
) -> list[NodePath]:
    """Report what is wrong with ``chapter``'s questions; return the paths of their
    explanations, for the Markdown check. ``is_clause(id)``: whether ``id`` may name a clause
    (one that exists, or one in a file that could not be read)."""
    paths: list[NodePath] = []
    for i, question in enumerate(chapter.quiz):
        path: NodePath = ("quiz", i)
        _check_options(source, path, question, problems)
        explanation: NodePath = (*path, "explanation")
        if not any(is_clause(ref.target) for ref in find_references(question.explanation)):
            message = (
                "explanation: link the clause this answer rests on, with its id in double "
                "square brackets, such as [[SM-MKT-02]]"
            )
            problems.append(Problem(source.locate(explanation), message))
        paths.append(explanation)
    return paths


def _check_options(
    source: SourceFile, path: NodePath, question: Question, problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    for j, option in enumerate(question.options):
        key = " ".join(option.text.casefold().split())
        if key in seen:
            message = f"option '{option.text}' is given twice (first as option {seen[key] + 1})"
            problems.append(Problem(source.locate((*path, "options", j, "text")), message))
        seen.setdefault(key, j)
    right = sum(option.correct for option in question.options)
    count = len(question.options)
    where = source.locate((*path, "choose")) if "choose" in _keys(source, path) else None
    if right != question.choose:
        stated = f"choose: {question.choose}" if where else "one (choose: 1, the default)"
        message = (
            f"{_options(right)} marked correct: true, but the question says {stated}; mark "
            f"exactly {question.choose} right"
        )
        problems.append(Problem(where or source.locate((*path, "options")), message))
    elif question.choose >= count:
        message = f"every option is right (choose: {question.choose} of {count}): add a wrong one"
        problems.append(Problem(where or source.locate((*path, "options")), message))


def _options(count: int) -> str:
    if count == 0:
        return "no option is"
    return "1 option is" if count == 1 else f"{count} options are"


def _keys(source: SourceFile, path: NodePath) -> frozenset[str]:
    try:
        data = source.data_at(path)
    except (KeyError, IndexError, TypeError):
        return frozenset()
    return frozenset(data) if isinstance(data, dict) else frozenset()
