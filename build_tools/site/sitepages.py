"""Every generated page of the site for one edition, and their navigation; pure.

The MkDocs plugin and ``handbook markdown`` both take their pages from here, so
the exported Markdown is exactly what the site is built from.
"""

from __future__ import annotations

from typing import Any

from build_tools.site import audiences

from build_tools.site import changelog

from build_tools.site import guide
from build_tools.review.edition_build import EditionBuild
from build_tools.source.model import Handbook
from build_tools.site.pages import nav, render_pages


def site_pages(build: EditionBuild, *, pdf_path: str | None) -> dict[str, str]:
    """``{path under docs/: Markdown}`` for the handbook, changelog, audience views and guide."""
    pages = render_pages(
        build.handbook, pdf_path=pdf_path, changed_in=changelog.changed_in(build.changelog)
    )
    pages.update(changelog.render_changelog(build.changelog, build.handbook))
    pages.update(audiences.render_audience_pages(build.handbook))
    pages.update(guide.guide_pages())
    return pages


def site_nav(build: EditionBuild, written: list[str]) -> list[Any]:
    """Navigation in reading order; ``written`` are the hand-written pages of ``docs/``."""
    others, guide_section = guide.split_nav(written)
    return [
        *nav(build.handbook),
        *audiences.audience_nav(build.handbook),
        *changelog.changelog_nav(build.changelog),
        *others,
        *guide_section,
    ]


def edition_banner(handbook: Handbook) -> dict[str, str]:
    """What the banner on every page says: the edition's notice and its date."""
    edition = handbook.edition_meta
    date = handbook.effective
    return {
        "id": handbook.edition,
        "notice": edition.notice or edition.title,
        "date": date.isoformat() if date else "",
    }
