"""The pipeline's entry points for the adapters (CLI, MkDocs plugin): sources → model."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from build_tools.cycles import History, load_history
from build_tools.diff import Entry, history
from build_tools.editions import for_edition
from build_tools.loader import load_tree
from build_tools.model import Handbook
from build_tools.problems import Problem, SourceError
from build_tools.validate import validate


def check_sources(source: Path) -> tuple[Handbook | None, list[Problem]]:
    """Load and validate every file under ``source``; all problems, sorted."""
    handbook, _, problems = check_with_history(source)
    return handbook, problems


def check_with_history(source: Path) -> tuple[Handbook | None, History, list[Problem]]:
    """Like :func:`check_sources`, also reading ``cycles.yml`` and the snapshots."""
    tree, problems = load_tree(source)
    handbook, found = validate(tree)
    past, past_problems = load_history(source)
    problems = sorted(set(problems + found + past_problems))
    if handbook is None or problems:
        return None, past, problems
    return dataclasses.replace(handbook, cycles=past.cycles), past, []


def load_changelog(source: Path, edition: str) -> tuple[Entry, ...]:
    """The changelog entries as ``edition`` sees them, newest first; raises SourceError."""
    handbook, past, problems = check_with_history(source)
    if handbook is None:
        raise SourceError(problems)
    return history(past.pairs(), handbook, edition)


@dataclasses.dataclass(frozen=True)
class EditionBuild:
    """Everything one edition's build needs, from a single read of the sources."""

    full: Handbook  # every item, for the leak check's list of what must not appear
    handbook: Handbook  # what the edition admits: the only thing renderers see
    changelog: tuple[Entry, ...]


def load_edition(source: Path, edition: str) -> EditionBuild:
    """Read and validate the sources once for ``edition``; raises :class:`SourceError`."""
    full, past, problems = check_with_history(source)
    if full is None:
        raise SourceError(problems)
    return EditionBuild(full, for_edition(full, edition), history(past.pairs(), full, edition))


def load_handbook(source: Path, edition: str) -> Handbook:
    """The validated handbook as ``edition`` sees it; raises :class:`SourceError`."""
    handbook, problems = check_sources(source)
    if handbook is None:
        raise SourceError(problems)
    return for_edition(handbook, edition)
