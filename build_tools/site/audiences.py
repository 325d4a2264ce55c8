"""Audience pages: the full text of every clause that applies to one role, grouped by chapter,
with a link to the role's print handbook; their navigation and the labels that the
chapter-page filter shows. Pure renderers."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from build_tools.site.pages import NOT_IN_SEARCH, blocks, chapter_path, relative, source_markdown
from build_tools.site import translated
from build_tools.site.translated import say_md
from build_tools.source.labels import words
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
            f"# {say_md(handbook, 'site.audience_title', audience=label)}",
            say_md(
                handbook,
                "site.audience_summary",
                count=sum(counts.values()),
                audience=label,
                must=counts[Level.MUST],
                should=counts[Level.SHOULD],
                may=counts[Level.MAY],
            ),
        ]
        if role_pdfs and audience in role_pdfs:
            path = role_pdfs[audience]
            parts.append(
                f"[{say_md(handbook, 'site.audience_download', audience=label)}]"
                f"({relative(path, page)})"
                f'{{ download="{path.rsplit("/", 1)[-1]}" }} '
                f"{say_md(handbook, 'site.audience_download_detail')}\n{{ .downloads }}"
            )
        for chapter, clauses in view:
            if not clauses:
                continue
            levels = {level: sum(c.level is level for c in clauses) for level in Level}
            parts += [
                f"## {chapter_numbers[chapter.id]}. {markdown_text(chapter.title)}",
                _chapter_count(handbook, len(clauses), levels),
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
        f"**{say_md(handbook, f'level.{clause.level.value}')}**"
        f"{{ .level .level-{clause.level.value} }} · "
        f"`{clause.id}` · [{say_md(handbook, 'site.in_its_chapter', number=number)}]({href})"
        "\n{ .clause-meta }"
    )
    english = translated.heading(handbook, clause.id, inside=True)  # shown in English
    heading = f"### {number} {markdown_text(clause.title)} {{ #{clause.id} .role-clause{english} }}"
    text = translated.english(handbook, clause.id, render(clause.text, page))
    notice = translated.notice(handbook, clause.id)
    return "\n\n".join(part for part in [heading, meta, notice, text] if part)


def audience_nav(handbook: Handbook) -> list[dict[str, list[dict[str, str]]]]:
    entries = [
        {html_text(label): audience_path(audience)}
        for audience, label in handbook.meta.audiences.items()
    ]
    return [{html_text(words(handbook, "site.audiences")): entries}]


def _chapter_count(handbook: Handbook, count: int, levels: Mapping[Level, int]) -> str:
    """How many of a chapter's clauses apply: "3 clauses: 2 must, 1 should."; in a
    translation "3: 2 Muss, 1 Soll." (its level words, no plurals to get wrong)."""
    if "site.audience_chapter" not in handbook.labels:
        summary = ", ".join(f"{n} {lv.value}" for lv, n in levels.items() if n)
        return f"{count} clause{'' if count == 1 else 's'}: {summary}."
    summary = ", ".join(
        f"{n} {say_md(handbook, f'level.{lv.value}')}" for lv, n in levels.items() if n
    )
    return say_md(handbook, "site.audience_chapter", count=count, levels=summary)


#: The chapter-page filter's words (docs/assets/audience-filter.js fills in the ``{slots}``).
FILTER_WORDS = {
    "label": "site.filter",
    "everyone": "site.filter_everyone",
    "some": "site.filter_some",
    "all": "site.filter_all",
}


def labels_script(handbook: Handbook) -> str:
    """JavaScript that tells the chapter-page filter the audience labels and its own words, in
    the site's language (JSON: plain text, which the filter only ever sets as text)."""
    labels = json.dumps(handbook.meta.audiences, ensure_ascii=False, sort_keys=True)
    said = {name: words(handbook, key) for name, key in FILTER_WORDS.items()}
    filter_words = json.dumps(said, ensure_ascii=False, sort_keys=True)
    return f"window.handbookAudiences = {labels};\nwindow.handbookFilterWords = {filter_words};\n"
