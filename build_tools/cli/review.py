"""Verbs of the review cycle: cycle close, diff, redline, as-of, review-status."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import click

from build_tools.cli.common import (
    PAPER,
    SOURCE,
    checked,
    pdf_out,
    report,
)
from build_tools.review.diff import (
    EDITORIAL_KINDS,
    Change,
    by_item,
    diff_handbooks,
    editorial_problems,
)
from build_tools.source.errors import HandbookError
from build_tools.views.editions import for_edition


@click.group()
def cycle() -> None:
    """Review cycles: close one to freeze and approve the current clause set."""


@cycle.command("close")
@click.argument("cycle_id", metavar="ID")
@click.option(
    "--date",
    "closed",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="Date of approval, YYYY-MM-DD.",
)
@click.option("--approved-by", required=True, help="Person or body that approved the cycle.")
@click.option("--summary", default=None, help="Human note on the cycle (Markdown).")
@click.option(
    "--effective",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date the approved text takes effect, YYYY-MM-DD: the approval date or later "
    "(default: the approval date).",
)
@click.option(
    "--editorial",
    "editorial",
    multiple=True,
    metavar="ID",
    help="An item (clause or example id, glossary term) whose change in this cycle is "
    "editorial: wording that does not change the rule, so nobody acknowledges it again. "
    "Repeat for each. Without it, at a terminal, the command asks about each rewording and "
    "move; every other change is material.",
)
@SOURCE
def cycle_close(
    cycle_id: str,
    closed: object,
    approved_by: str,
    summary: str | None,
    effective: object,
    editorial: tuple[str, ...],
    source: Path,
) -> None:
    """Validate the sources, append the cycle to cycles.yml and write snapshots/ID.yml."""
    import datetime as dt

    from pydantic import ValidationError

    from build_tools.publish.pipeline import check_with_history
    from build_tools.review import cycles, snapshot
    from build_tools.source.model import Cycle

    assert isinstance(closed, dt.datetime)
    in_force = effective.date() if isinstance(effective, dt.datetime) else None
    try:
        new = Cycle(
            id=cycle_id,
            closed=closed.date(),
            approved_by=approved_by,
            summary=summary,
            effective=in_force,
        )
    except ValidationError as err:
        raise click.BadParameter(err.errors()[0]["msg"], param_hint="ID/--approved-by") from None
    if message := cycles.effective_problem(new):
        raise click.BadParameter(message, param_hint="--effective")
    handbook, past, problems = check_with_history(source)
    if handbook is None:
        report(problems)
        raise SystemExit(1)
    refusal = cycles.check_new_cycle(source, past.cycles, new)
    if refusal is not None:
        report([refusal])
        raise SystemExit(1)
    changes = diff_handbooks(past.snapshots[-1], handbook) if past.snapshots else []
    new = new.model_copy(update={"editorial": _editorial(changes, editorial)})
    text = snapshot.dump(handbook, new.id)
    unreadable = cycles.check_written(source, new, text)
    if unreadable:
        report(unreadable)
        raise SystemExit(1)
    written = cycles.write_cycle(source, new, text)
    click.echo(f"Closed cycle {new.id}: wrote {written} and appended it to cycles.yml")
    if changes:
        items = len({change.id for change in changes})
        click.echo(
            f"{items - len(new.editorial)} item(s) changed materially (their readers "
            f"acknowledge them again), {len(new.editorial)} editorially."
        )


def _editorial(changes: list[Change], named: tuple[str, ...]) -> tuple[str, ...]:
    """The items recorded as editorial: those named, or at a terminal those the user picks
    among the rewordings and moves."""
    if not named and sys.stdin.isatty():
        named = tuple(
            item
            for item, found in by_item(changes).items()
            if all(change.kind in EDITORIAL_KINDS for change in found)
            and click.confirm(
                "; ".join(change.explain() for change in found)
                + ". Editorial (wording only, no new acknowledgement)?",
                default=False,
            )
        )
    refused = editorial_problems(changes, named)
    if refused:
        raise click.BadParameter("; ".join(refused.values()), param_hint="--editorial")
    return tuple(dict.fromkeys(named))


@click.command()
@click.argument("base")
@SOURCE
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "text", "json"]),
    default="text",
    show_default=True,
    help="markdown for a pull-request comment, plain text, or json for tools.",
)
@click.option(
    "--edition",
    default=None,
    help="Compare only what this edition admits (default: every item).",
)
def diff(base: str, source: Path, fmt: str, edition: str | None) -> None:
    """The policy changes between the sources at git revision BASE and the working tree."""
    import json

    from build_tools.review import revisions
    from build_tools.review.diff import as_dict, diff_handbooks, edition_changes
    from build_tools.site import changelog

    new = checked(source)
    try:
        with revisions.sources_at(source, base) as old_source:
            old = checked(old_source)
    except revisions.GitError as err:
        raise HandbookError(err.message, str(source)) from None
    changes = edition_changes(old, new, edition) if edition else diff_handbooks(old, new)
    if fmt == "json":
        click.echo(json.dumps([as_dict(c) for c in changes], indent=2))
        return
    render = changelog.pr_comment if fmt == "markdown" else changelog.plain_text
    click.echo(render(changes, new, base), nl=False)


@click.command()
@click.argument("base")
@click.argument("target", required=False, default="draft")
@SOURCE
@click.option(
    "--edition",
    default=None,
    help="Only what this edition admits, leak-checked (default: every item, for approvers).",
)
@pdf_out("redline.pdf")
@PAPER
def redline(
    base: str,
    target: str,
    source: Path,
    edition: str | None,
    out: Path,
    paper: Literal["a4", "letter"],
) -> None:
    """The approvers' redline from BASE to TARGET: review cycle ids, or `draft` for the
    working copy (TARGET's default). A PDF: the changes in a table, then each changed item
    with deletions struck through and insertions underlined, and a signature block for the
    approver of TARGET."""
    import os

    from build_tools.printbook.html import date_from_epoch
    from build_tools.printbook.pdf import HANDBOOK_OPTIONS, write_pdf
    from build_tools.printbook.redline import render_redline_html, whole_texts
    from build_tools.publish import leakcheck, output
    from build_tools.publish.pipeline import load_versions
    from build_tools.review.diff import diff_handbooks, edition_changes
    from build_tools.util.files import write_atomically

    old, new = load_versions(source, base, target)
    if edition is not None:
        for_edition(new, edition)  # an unknown edition is a usage error, before the layout
    changes = edition_changes(old, new, edition) if edition else diff_handbooks(old, new)
    cycle = new.latest_cycle if new.approved else None
    date = date_from_epoch(os.environ.get("SOURCE_DATE_EPOCH")) or (cycle.closed if cycle else None)
    html = render_redline_html(
        old, new, changes, texts=whole_texts(old, new, changes), paper=paper, document_date=date
    )
    output.refuse_file(out)
    data = write_pdf(html, **HANDBOOK_OPTIONS)
    if edition is not None:
        found = {**leakcheck.markers(old, edition), **leakcheck.markers(new, edition)}
        leakcheck.refuse_pdf_leaks(str(out), data, found, edition)
    write_atomically(out, data)
    click.echo(f"Wrote the redline from {base} to {target} ({len(changes)} changes): {out}")


@click.command("as-of")
@click.argument("day", metavar="DATE", type=click.DateTime(formats=["%Y-%m-%d"]))
@SOURCE
def as_of(day: object, source: Path) -> None:
    """Which approved version was in force on DATE (YYYY-MM-DD), and from when to when."""
    import datetime as dt

    from build_tools.review import cycles, version

    assert isinstance(day, dt.datetime)
    register, problems = cycles.load_register(source)
    if problems:
        report(problems)
        raise SystemExit(1)
    click.echo(version.as_of(register, day.date()))


@click.command("review-status")
@SOURCE
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date to measure against, YYYY-MM-DD (default: today).",
)
@click.option("--fail-on-overdue", is_flag=True, help="Exit 1 when anything is overdue (for CI).")
def review_status(source: Path, today: object, fail_on_overdue: bool) -> None:
    """Every chapter and clause with its owner and next review date; overdue first."""
    import datetime as dt

    from build_tools.review import status as review

    day = today.date() if isinstance(today, dt.datetime) else dt.date.today()
    handbook = checked(source)
    items = review.review_status(handbook, day)
    click.echo(review.render_status(items, day), nl=False)
    if fail_on_overdue and any(item.overdue(day) for item in items):
        raise SystemExit(1)


# The editor's workflow: style lint, editor schemas, skeletons, CODEOWNERS.
