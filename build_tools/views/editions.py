"""One edition's view of the handbook: items it does not admit are dropped before rendering."""

from __future__ import annotations

import dataclasses

from build_tools.source.errors import UsageError
from build_tools.source.model import Handbook


class UnknownEdition(UsageError):
    code = "unknown-edition"


def for_edition(handbook: Handbook, edition: str) -> Handbook:
    """The handbook as ``edition`` sees it; nothing it excludes reaches a renderer."""
    if edition not in handbook.meta.editions:
        known = ", ".join(sorted(handbook.meta.editions))
        message = f"unknown edition '{edition}'; handbook.yml declares: {known}"
        raise UnknownEdition(message, option="--edition")
    admitted = set(handbook.meta.editions[edition].visibility)
    chapters = []
    for chapter in handbook.chapters:
        clauses = tuple(c for c in chapter.clauses if c.visibility in admitted)
        if clauses:
            chapters.append(chapter.model_copy(update={"clauses": clauses}))
    kept = {c.id for ch in chapters for c in ch.clauses}
    examples = tuple(
        ex for ex in handbook.examples if ex.visibility in admitted and set(ex.illustrates) & kept
    )
    kept |= {ex.id for ex in examples}
    return dataclasses.replace(
        handbook,
        chapters=tuple(chapters),
        examples=examples,
        glossary=tuple(t for t in handbook.glossary if t.visibility in admitted),
        edition=edition,
        locations={k: v for k, v in handbook.locations.items() if k in kept},
    )
