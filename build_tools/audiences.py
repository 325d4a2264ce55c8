"""Audience views: what applies to one role. Pure renderers and filters over the model."""

from __future__ import annotations

import dataclasses
import json

from build_tools.labels import LEVEL_LABELS
from build_tools.model import Handbook, Level
from build_tools.pages import chapter_path, relative
from build_tools.references import Reference, replace_references
from build_tools.sanitize import html_text, markdown_text

LABELS_SCRIPT = "assets/handbook-audiences.js"


class UnknownAudience(ValueError):
    pass


def applies(applies_to: tuple[str, ...], audience: str) -> bool:
    """A clause applies to an audience when it names it, or names nobody (everyone)."""
    return not applies_to or audience in applies_to


def audience_path(audience: str) -> str:
    return f"audiences/{audience}.md"


def for_audience(handbook: Handbook, audience: str) -> Handbook:
    """The handbook cut down to the clauses that apply to ``audience``.

    The cut is consistent: ``see_also`` and ``illustrates`` lose the clauses left out, and
    a ``[[reference]]`` to one becomes plain text naming it, so every renderer can use the
    result like any other handbook.
    """
    if audience not in handbook.meta.audiences:
        known = ", ".join(sorted(handbook.meta.audiences))
        raise UnknownAudience(f"unknown audience '{audience}'; handbook.yml declares: {known}")
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
    )


def render_audience_pages(handbook: Handbook) -> dict[str, str]:
    """One page per audience listing the clauses that apply to it, grouped by chapter."""
    numbers = handbook.clause_numbers
    chapter_numbers = {c.id: n for n, c in enumerate(handbook.chapters, start=1)}
    pages: dict[str, str] = {}
    for audience, name in handbook.meta.audiences.items():
        page = audience_path(audience)
        label = markdown_text(name)
        view = [  # which clauses apply is all this page needs: no for_audience() copies
            (chapter, [c for c in chapter.clauses if applies(c.applies_to, audience)])
            for chapter in handbook.chapters
        ]
        counts = {level: 0 for level in Level}
        for _, clauses in view:
            for clause in clauses:
                counts[clause.level] += 1
        parts = [
            f"# {label}: what applies to you",
            f"{sum(counts.values())} clauses of this edition apply to {label}: "
            f"**{counts[Level.MUST]} must**, **{counts[Level.SHOULD]} should** and "
            f"**{counts[Level.MAY]} may**. Clauses written for everyone are included.",
        ]
        for chapter, clauses in view:
            if not clauses:
                continue
            number = chapter_numbers[chapter.id]
            href = relative(chapter_path(chapter), page)
            rows = [
                f"| {numbers[c.id]} | [{markdown_text(c.title)}]({href}#{c.id}) | "
                f"{LEVEL_LABELS[c.level]} |"
                for c in clauses
            ]
            levels = {level: sum(c.level is level for c in clauses) for level in Level}
            summary = ", ".join(f"{n} {lv.value}" for lv, n in levels.items() if n)
            parts += [
                f"## {number}. {markdown_text(chapter.title)}",
                f"{len(clauses)} clauses: {summary}.",
                "| No. | Clause | Level |\n| --- | --- | --- |\n" + "\n".join(rows),
            ]
        pages[page] = "\n\n".join(parts) + "\n"
    return pages


def audience_nav(handbook: Handbook) -> list[dict[str, list[dict[str, str]]]]:
    entries = [
        {html_text(label): audience_path(audience)}
        for audience, label in handbook.meta.audiences.items()
    ]
    return [{"What applies to me": entries}]


def labels_script(handbook: Handbook) -> str:
    """JavaScript that tells the chapter-page filter the audience labels."""
    labels = json.dumps(handbook.meta.audiences, ensure_ascii=False, sort_keys=True)
    return f"window.handbookAudiences = {labels};\n"
