"""Verbs of the review cycle: cycle close, diff, review-status."""

from __future__ import annotations

from pathlib import Path

import click

from build_tools.cli.common import (
    SOURCE,
    checked,
    report,
)
from build_tools.source.errors import HandbookError


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
@SOURCE
def cycle_close(
    cycle_id: str,
    closed: object,
    approved_by: str,
    summary: str | None,
    effective: object,
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
    text = snapshot.dump(handbook, new.id)
    unreadable = cycles.check_written(source, new, text)
    if unreadable:
        report(unreadable)
        raise SystemExit(1)
    written = cycles.write_cycle(source, new, text)
    click.echo(f"Closed cycle {new.id}: wrote {written} and appended it to cycles.yml")


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

    from build_tools.review import cycles
    from build_tools.review.diff import as_dict, diff_handbooks, edition_changes
    from build_tools.site import changelog

    new = checked(source)
    try:
        with cycles.sources_at(source, base) as old_source:
            old = checked(old_source)
    except cycles.GitError as err:
        raise HandbookError(err.message, str(source)) from None
    changes = edition_changes(old, new, edition) if edition else diff_handbooks(old, new)
    if fmt == "json":
        click.echo(json.dumps([as_dict(c) for c in changes], indent=2))
        return
    render = changelog.pr_comment if fmt == "markdown" else changelog.plain_text
    click.echo(render(changes, new, base), nl=False)


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
