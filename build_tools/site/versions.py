"""The archive of approved versions, for the site: the versions page, mike's ``versions.json``
for Material's version selector, and what an archived version says about the text in force.

Every closed cycle is built at ``versions/<cycle>/`` (:mod:`build_tools.publish.archive`), next
to ``versions/versions.json``, which Material reads as ``../versions.json`` from each of them.
"""

from __future__ import annotations

import json

from build_tools.review import version
from build_tools.source.model import Cycle, Handbook
from build_tools.source.sanitize import html_text, markdown_text
from build_tools.util.dates import long_date

ARCHIVE = "versions"  # the archive's folder under the site root
PAGE = f"{ARCHIVE}/index.md"  # the versions page, at versions/ beside the archived copies
VERSIONS_JSON = "versions.json"


def versions_page(handbook: Handbook, *, archived: frozenset[str]) -> str:
    """Every approved version with the time it was in force, newest first; a link to each
    archived copy and its PDF when ``archived`` holds its cycle id."""
    periods = version.periods(handbook.cycles)
    rows = []
    for period in reversed(periods):
        cycle = period.cycle
        name = html_text(cycle.id)
        if cycle.id in archived:
            name = (
                f'<a href="{name}/">{name}</a> '
                f'(<a href="{name}/handbook.pdf" download="handbook-{name}.pdf">PDF</a>)'
            )
        until = long_date(period.until) if period.until else "in force now"
        if period.never:
            until = "never in force (replaced before it took effect)"
        rows.append(
            f"| {name} | {markdown_text(cycle.approved_by)} | {long_date(cycle.closed)} | "
            f"{long_date(cycle.in_force)} | {until} |"
        )
    first = periods[0].cycle if periods else None
    parts = [
        "# Versions",
        "Each version of this code was approved at the close of a review cycle. A version is "
        "in force from its effective date until the day before the next version takes effect: "
        "to know which version applied on a date, find the row whose period holds it.",
    ]
    if first is None:
        parts.append("No version has been approved yet.")
    else:
        parts += [
            "| Version | Approved by | Approved on | In force from | In force until |\n"
            "| --- | --- | --- | --- | --- |\n" + "\n".join(rows),
            f"Before {long_date(first.in_force)} no approved version was in force.",
            "Which version was in force on a given date? Find the row whose period holds it, "
            "or give the date here; the command `handbook as-of DATE` answers the same way.\n"
            "{ .as-of }",
        ]
    if archived:
        parts.append(
            "Each archived version keeps its own pages and print handbook, with a banner that "
            "says when it was superseded and links to the current text."
        )
    return "\n\n".join(parts) + "\n"


def versions_json(cycles: list[Cycle], built: frozenset[str]) -> str:
    """mike's ``versions.json``: the archived versions, newest first; the version in force
    has the alias ``latest``."""
    periods = version.periods(cycles)
    ordered = [period.cycle for period in reversed(periods)]
    never = {period.cycle.id for period in periods if period.never}
    entries = [
        {
            "version": cycle.id,
            "title": f"{cycle.id} ({_state(i, cycle.id in never)})",
            "aliases": ["latest"] if i == 0 else [],
        }
        for i, cycle in enumerate(ordered)
        if cycle.id in built
    ]
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def _state(position: int, never: bool) -> str:
    return "in force" if position == 0 else "never in force" if never else "superseded"


def superseded_by(archived: Handbook, current: Handbook) -> Cycle | None:
    """The cycle that replaced ``archived``'s text (the next one closed), or None if it is
    still the latest."""
    shown = archived.latest_cycle
    ids = [cycle.id for cycle in current.cycles]
    if shown is None or shown.id not in ids:
        return None
    later = current.cycles[ids.index(shown.id) + 1 :]
    return later[0] if later else None


def archive_banner(archived: Handbook, current: Handbook) -> dict[str, str]:
    """What the banner on every page of an archived version says."""
    shown = archived.latest_cycle
    assert shown is not None  # an archived version is a closed cycle's text
    by = superseded_by(archived, current)
    if by is None:
        return {
            "state": "current",
            "text": f"Review cycle {shown.id}: the version in force",
            "link": "read it on the current site",
        }
    if by.in_force <= shown.in_force:
        text = f"Never in force: review cycle {by.id} replaced it before it took effect"
    else:
        text = f"Superseded on {long_date(by.in_force)} by review cycle {by.id}"
    return {"state": "superseded", "text": text, "link": "read the current version"}
