"""Audience views: what applies to one role, as a cut of the model (model → model)."""

from __future__ import annotations

import dataclasses

from build_tools.source.errors import UsageError
from build_tools.source.model import Handbook
from build_tools.source.references import Reference, replace_references
from build_tools.source.sanitize import markdown_text


class UnknownAudience(UsageError):
    code = "unknown-audience"


def applies(applies_to: tuple[str, ...], audience: str) -> bool:
    """A clause applies to an audience when it names it, or names nobody (everyone)."""
    return not applies_to or audience in applies_to


def for_audience(handbook: Handbook, audience: str) -> Handbook:
    """The handbook cut down to the clauses that apply to ``audience``.

    The cut is consistent: ``see_also`` and ``illustrates`` lose the clauses left out, and
    a ``[[reference]]`` to one becomes plain text naming it, so every renderer can use the
    result like any other handbook.
    """
    if audience not in handbook.meta.audiences:
        known = ", ".join(sorted(handbook.meta.audiences))
        message = f"unknown audience '{audience}'; handbook.yml declares: {known}"
        raise UnknownAudience(message, option="--audience")
    dropped = {
        clause.id: clause.title
        for _, clause in handbook.clauses()
        if not applies(clause.applies_to, audience)
    }

    def unlink(text: str | None) -> str | None:
        if text is None:
            return None

        def render(ref: Reference) -> str:
            if ref.target not in dropped:
                return text[ref.start : ref.end]
            label = ref.label or markdown_text(dropped[ref.target])
            return f"*{label}* ({ref.target}, in the full handbook)"

        return replace_references(text, render)

    chapters = []
    for chapter in handbook.chapters:
        clauses = tuple(
            c.model_copy(
                update={
                    "text": unlink(c.text),
                    "rationale": unlink(c.rationale),
                    "see_also": tuple(t for t in c.see_also if t not in dropped),
                }
            )
            for c in chapter.clauses
            if c.id not in dropped
        )
        if clauses:
            update = {"clauses": clauses, "intro": unlink(chapter.intro)}
            chapters.append(chapter.model_copy(update=update))
    examples = tuple(
        ex.model_copy(
            update={
                "illustrates": tuple(t for t in ex.illustrates if t not in dropped),
                "scenario": unlink(ex.scenario),
                "discussion": unlink(ex.discussion),
            }
        )
        for ex in handbook.examples
        if set(ex.illustrates) - set(dropped)
    )
    glossary = tuple(
        t.model_copy(update={"definition": unlink(t.definition)}) for t in handbook.glossary
    )
    meta = handbook.meta.model_copy(update={"intro": unlink(handbook.meta.intro)})
    return dataclasses.replace(
        handbook,
        meta=meta,
        chapters=tuple(chapters),
        examples=examples,
        glossary=glossary,
        audience=audience,
        numbering={**handbook.chapter_numbers, **handbook.clause_numbers},  # the full text's
    )
