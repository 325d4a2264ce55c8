"""Audience pages: what applies to one role, grouped by chapter; their navigation and the labels
that the chapter-page filter shows. Pure renderers."""

from __future__ import annotations

import json

from build_tools.site.pages import chapter_path, relative
from build_tools.source.labels import LEVEL_LABELS
from build_tools.source.model import Handbook, Level
from build_tools.source.sanitize import html_text, markdown_text
from build_tools.views.audiences import applies

LABELS_SCRIPT = "assets/handbook-audiences.js"


def audience_path(audience: str) -> str:
    return f"audiences/{audience}.md"


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
