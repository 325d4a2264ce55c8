"""The pipeline's entry points for the adapters (CLI, MkDocs plugin): sources → model."""

from __future__ import annotations

from pathlib import Path

from build_tools.editions import for_edition
from build_tools.loader import load_tree
from build_tools.model import Handbook
from build_tools.problems import Problem, SourceError
from build_tools.validate import validate


def check_sources(source: Path) -> tuple[Handbook | None, list[Problem]]:
    """Load and validate every file under ``source``; all problems, sorted."""
    tree, problems = load_tree(source)
    handbook, found = validate(tree)
    problems = sorted(set(problems + found))
    return (handbook if not problems else None), problems


def load_handbook(source: Path, edition: str) -> Handbook:
    """The validated handbook as ``edition`` sees it; raises :class:`SourceError`."""
    handbook, problems = check_sources(source)
    if handbook is None:
        raise SourceError(problems)
    return for_edition(handbook, edition)
