"""Each problem shown with its source line wherever it is reported (``handbook check``, a build,
the live preview's error page): set once, here, from the text the loader read, never by reading
the file again."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from build_tools.source.loader import SourceFile, SourceTree
from build_tools.source.model import Location
from build_tools.source.problems import Problem


def tree_files(tree: SourceTree) -> list[SourceFile]:
    """The files of ``tree`` that were read."""
    return [f for f in (tree.handbook, *tree.chapters, *tree.examples, tree.glossary) if f]


def quoted(problems: Iterable[Problem], files: Iterable[SourceFile]) -> list[Problem]:
    """``problems``, each at a line of one of ``files`` with that line as its quote (as the
    loader quotes a YAML syntax error); a problem about a whole file, or in a file not read,
    is left as it is."""
    lines = {source.path: source.lines for source in files}
    found = []
    for problem in problems:
        where = problem.location
        text = lines.get(where.file)
        if (
            problem.quote is None
            and text
            and 1 <= where.line <= len(text)
            and where != Location(where.file)
        ):
            problem = dataclasses.replace(problem, quote=text[where.line - 1])
        found.append(problem)
    return found
