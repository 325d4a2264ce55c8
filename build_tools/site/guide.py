"""The site's "How to change the handbook" section: hand-written pages under docs/guide/
plus the generated format reference, in a fixed reading order; pure."""

from __future__ import annotations

from build_tools.editor.schema import FORMAT_PAGE, format_reference

GUIDE = "guide/"
TITLE = "How to change the handbook"
ORDER = ("guide/index.md", FORMAT_PAGE, "guide/errors.md")

NavEntry = str | dict[str, str] | dict[str, list[str | dict[str, str]]]


def guide_pages() -> dict[str, str]:
    """The generated pages of the guide, by path under ``docs/``."""
    return {FORMAT_PAGE: format_reference()}


def split_nav(written: list[str]) -> tuple[list[str], list[NavEntry]]:
    """Hand-written pages outside the guide, and the guide as one nav section."""
    others = [p for p in written if not p.startswith(GUIDE)]
    pages = [p for p in written if p.startswith(GUIDE)] + [FORMAT_PAGE]
    ordered = sorted(pages, key=lambda p: (ORDER.index(p) if p in ORDER else len(ORDER), p))
    items: list[str | dict[str, str]] = [
        {"Format reference": p} if p == FORMAT_PAGE else p for p in ordered
    ]
    return others, [{TITLE: items}]
