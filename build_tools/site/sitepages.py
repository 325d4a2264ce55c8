"""Every generated page of the site for one edition, and their navigation; pure.

The MkDocs plugin and ``handbook markdown`` both take their pages from here, so
the exported Markdown is exactly what the site is built from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from build_tools.review import version
from build_tools.review.edition_build import EditionBuild
from build_tools.site import audiences, changelog, guide, home, quiz, translated, versions
from build_tools.site.feedback import Feedback
from build_tools.site.pages import nav, render_pages
from build_tools.source.labels import words
from build_tools.source.model import Handbook
from build_tools.source.sanitize import html_text, markdown_text

#: The pages a translated site shows in English (policy terms, quizzes, the editors' guide,
#: the list of versions): each says so at its top.
ENGLISH_ONLY = ("changelog", "quiz/", quiz.QUIZ_INDEX, guide.GUIDE, versions.ARCHIVE)

def site_pages(
    build: EditionBuild,
    *,
    pdf_path: str | None,
    archived: frozenset[str] = frozenset(),
    feedback: Feedback | None = None,
    role_pdfs: Mapping[str, str] | None = None,
    language_pdfs: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """``{path under docs/: Markdown}`` for the handbook, changelog, audience views and guide;
    and, on the site's own text once a cycle is closed, the versions page (linking to the
    ``archived`` versions). ``feedback``: where each clause's "Suggest a change" leads.
    ``pdf_path`` and ``role_pdfs`` (audience → path): the print handbooks in the site, linked
    from the home page and the audience pages; ``language_pdfs`` (language name → path), the
    print handbook in each other language, from the home page."""
    hb = build.handbook
    by = versions.superseded_by(hb, build.current) if build.current is not None else None
    lead = home.lead(
        hb,
        pdf_path=pdf_path,
        role_pdfs=role_pdfs or {},
        entries=build.changelog,
        questions=build.questions if build.current is None else (),  # not into the archive
        language_pdfs=language_pdfs,
    )
    pages = render_pages(
        hb,
        lead=lead,
        changed_in=changelog.changed_in(build.changelog),
        current=build.current,
        superseded_by=by.id if by is not None else "",
        feedback=feedback,
    )
    pages = quiz.link_quizzes(pages, hb)
    pages.update(quiz.quiz_pages(hb))
    pages.update(changelog.render_changelog(build.changelog, hb))
    pages.update(audiences.render_audience_pages(hb, role_pdfs))
    pages.update(guide.guide_pages())
    if build.current is None and hb.cycles:
        pages[versions.PAGE] = versions.versions_page(hb, archived=archived)
    if hb.language:  # a translated site: the pages that stay in English say so
        english = translated.english_only(hb)
        pages = {
            path: _after_title(text, english) if path.startswith(ENGLISH_ONLY) else text
            for path, text in pages.items()
        }
    if not hb.approved:
        mark = _draft_mark(hb)
        pages = {path: _after_title(text, mark) for path, text in pages.items()}
    return pages


def _draft_mark(handbook: Handbook) -> str:
    """The draft mark every generated page of a draft carries in its text, whatever engine
    renders it (the site adds a banner as well)."""
    banner = draft_banner(handbook)
    if not handbook.labels:  # the English words, our own Markdown
        return f'!!! danger "{banner["mark"]}"\n    {banner["detail"]}'
    mark = markdown_text(banner["mark"]).replace('"', "&quot;")
    return f'!!! danger "{mark}"\n    {markdown_text(banner["detail"])}'


def _after_title(text: str, mark: str) -> str:
    if text.startswith("---\n"):  # front matter stays first, where MkDocs reads it
        end = text.index("\n---\n", 3) + 5
        body = text[end:].lstrip("\n")
        return text[:end] + text[end : len(text) - len(body)] + _after_title(body, mark)
    first, newline, rest = text.partition("\n")
    if first.startswith("# "):
        return f"{first}\n\n{mark}{newline}{rest}"
    return f"{mark}\n\n{text}"


def page_paths(handbook: Handbook) -> frozenset[str]:
    """The paths of the pages ``render_pages`` writes: those its navigation lists."""
    return frozenset(
        path
        for entry in nav(handbook)
        for path in (entry.values() if isinstance(entry, dict) else (entry,))
    ) | quiz.quiz_paths(handbook)


def site_nav(build: EditionBuild, written: list[str]) -> list[Any]:
    """Navigation in reading order; ``written`` are the hand-written pages of ``docs/``. The
    editors' guide is not in it: it is a section of its own, linked from every page's footer
    (overrides/partials/copyright.html) and from the README."""
    others, _ = guide.split_nav(written)
    listed = build.current is None and build.handbook.cycles
    return [
        *nav(build.handbook),
        *quiz.quiz_nav(build.handbook),
        *audiences.audience_nav(build.handbook),
        *changelog.changelog_nav(build.handbook, build.changelog),
        *([{html_text(words(build.handbook, "site.versions")): versions.PAGE}] if listed else []),
        *others,
    ]


def edition_banner(handbook: Handbook) -> dict[str, str]:
    """What the banner on every page says: the edition's notice and the date its text took
    effect (none for a draft, which is not in force)."""
    edition = handbook.edition_meta
    date = handbook.effective if handbook.approved else None
    return {
        "id": handbook.edition,
        "notice": edition.notice or edition.title,
        "date": date.isoformat() if date else "",
        "effective": words(handbook, "site.effective"),
    }


def draft_banner(handbook: Handbook) -> dict[str, str]:
    """The draft mark on every page of a draft, empty for approved text: what it is and which
    approved version stays in force."""
    if handbook.approved:
        return {}
    cycle = handbook.latest_cycle
    if cycle is None:
        detail = words(handbook, "site.draft_first")
    else:
        detail = words(handbook, "site.draft_detail").replace("{cycle}", cycle.id)
    return {"mark": words(handbook, "site.draft"), "detail": detail}
