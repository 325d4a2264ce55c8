"""Audience pages: the full text of every clause that applies to one role, grouped by chapter,
with a link to the role's print handbook; their navigation and the labels that the
chapter-page filter shows. Pure renderers."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from build_tools.site.pages import NOT_IN_SEARCH, blocks, chapter_path, relative, source_markdown
from build_tools.source.labels import LEVEL_LABELS
from build_tools.source.model import Chapter, Clause, Handbook, Level
from build_tools.source.sanitize import html_text, markdown_text
from build_tools.views.audiences import applies

LABELS_SCRIPT = "assets/handbook-audiences.js"


def audience_path(audience: str) -> str:
    return f"audiences/{audience}.md"


def audience_pdf_path(audience: str) -> str:
    """Where the site keeps the print handbook of one audience (only its clauses)."""
    return f"handbook-{audience}.pdf"


def render_audience_pages(
    handbook: Handbook, role_pdfs: Mapping[str, str] | None = None
) -> dict[str, str]:
    """One page per audience with the full text of the clauses that apply to it, grouped by
    chapter; ``role_pdfs`` (audience → site path) adds the link to its print handbook."""
    render = source_markdown(handbook)  # the clause pages' Markdown: references as links
    chapter_numbers = handbook.chapter_numbers
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
            f"**{counts[Level.MAY]} may**. Clauses written for everyone are included. Each is "
            "given in full below; its chapter page adds why the rule exists and worked examples.",
        ]
        if role_pdfs and audience in role_pdfs:
            path = role_pdfs[audience]
            parts.append(
                f"[Download the handbook for {label}]({relative(path, page)})"
                f'{{ download="{path.rsplit("/", 1)[-1]}" }} (PDF, only these clauses), to read '
                "offline, print and sign.\n{ .downloads }"
            )
        for chapter, clauses in view:
            if not clauses:
                continue
            levels = {level: sum(c.level is level for c in clauses) for level in Level}
            summary = ", ".join(f"{n} {lv.value}" for lv, n in levels.items() if n)
            parts += [
                f"## {chapter_numbers[chapter.id]}. {markdown_text(chapter.title)}",
                f"{len(clauses)} clause{'' if len(clauses) == 1 else 's'}: {summary}.",
            ]
            parts += [_clause(handbook, render, page, chapter, c) for c in clauses]
        # Out of search: every clause is found on its chapter page, which has the reasons,
        # examples and related rules; a role page would only repeat it.
        pages[page] = NOT_IN_SEARCH + "\n" + blocks(*parts)
    return pages


def _clause(
    handbook: Handbook,
    render: Callable[[str, str], str],
    page: str,
    chapter: Chapter,
    clause: Clause,
) -> str:
    """A clause in full, as a reader of the role page needs it: number, title, level, id
    and text, and a link to it on its chapter page."""
    number = handbook.clause_numbers[clause.id]
    href = f"{relative(chapter_path(chapter), page)}#{clause.id}"
    meta = (
        f"**{LEVEL_LABELS[clause.level]}**{{ .level .level-{clause.level.value} }} · "
        f"`{clause.id}` · [{number} in its chapter]({href})\n{{ .clause-meta }}"
    )
    heading = f"### {number} {markdown_text(clause.title)} {{ #{clause.id} .role-clause }}"
    return "\n\n".join([heading, meta, render(clause.text, page)])


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
