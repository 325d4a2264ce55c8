"""The ``handbook`` command: thin verbs over the pipeline; errors become exit codes here."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Literal

import click

from build_tools import output
from build_tools.api import check_sources, load_handbook
from build_tools.editions import UnknownEdition
from build_tools.pages import render_pages
from build_tools.problems import Problem, Severity, SourceError

SOURCE = click.option(
    "--source",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("policy_src"),
    show_default=True,
    help="Folder holding handbook.yml, chapters/, examples/ and glossary.yml.",
)
EDITION = click.option(
    "--edition", default="public", show_default=True, help="Edition to build (see handbook.yml)."
)


class HandbookError(click.ClickException):
    """A failure the user can act on: printed without a traceback, exit 1."""

    def show(self, file: object = None) -> None:
        click.echo(self.format_message(), err=True)


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    if errors:
        click.echo(f"{errors} error{'s' if errors != 1 else ''} found.", err=True)


def _load(source: Path, edition: str):  # type: ignore[no-untyped-def]
    try:
        return load_handbook(source, edition)
    except SourceError as err:
        report(list(err.problems))
        raise SystemExit(1) from None
    except UnknownEdition as err:
        raise click.BadParameter(str(err), param_hint="--edition") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build and check the Social Media Code of Conduct handbook."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@main.command()
@SOURCE
def check(source: Path) -> None:
    """Validate the sources and report every problem as FILE:LINE:COL: error: MESSAGE."""
    handbook, problems = check_sources(source)
    report(problems)
    if handbook is None:
        raise SystemExit(1)
    clauses = len(handbook.clauses())
    click.echo(
        f"OK: {len(handbook.chapters)} chapters, {clauses} clauses, "
        f"{len(handbook.examples)} examples, {len(handbook.glossary)} glossary terms."
    )


@main.command()
@SOURCE
@EDITION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the generated Markdown pages into.",
)
def markdown(source: Path, edition: str, out: Path) -> None:
    """Write the generated Markdown pages, for use with another site engine."""
    handbook = _load(source, edition)
    pages = render_pages(handbook)
    output.replace_folder(out, lambda tmp: output.write_pages(tmp, pages))
    click.echo(f"Wrote {len(pages)} pages to {out}/")


@main.command()
@SOURCE
@EDITION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Site folder (default: site_dir of mkdocs.yml).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
)
@click.option("--strict/--no-strict", default=True, show_default=True, help="Warnings fail.")
@click.option(
    "--pdf/--no-pdf", default=True, show_default=True, help="Also write the print handbook PDF."
)
def build(
    source: Path, edition: str, out: Path | None, config_file: Path, strict: bool, pdf: bool
) -> None:
    """Validate the sources and build the site; the old site is kept if anything fails."""
    from build_tools import site  # MkDocs is imported only by the verbs that need it

    _load(source, edition)
    _log_to_stderr()
    try:
        built = site.build_site(config_file, source, edition, out, strict=strict, pdf=pdf)
    except site.SiteBuildError as err:
        raise HandbookError(str(err)) from None
    click.echo(f"Built the {edition} edition into {built}/ — open {built}/index.html")


@main.command("pdf")
@SOURCE
@EDITION
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("handbook.pdf"),
    show_default=True,
    help="PDF file to write; unchanged sources reuse it without a new layout.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
def print_pdf(source: Path, edition: str, out: Path, paper: Literal["a4", "letter"]) -> None:
    """Write the print handbook: one tagged PDF (PDF/UA-1) with contents, index and sign-off."""
    from build_tools import pdf  # WeasyPrint is imported only by the verbs that need it
    from build_tools.printbook import date_from_epoch, render_print_html

    handbook = _load(source, edition)
    html = render_print_html(
        handbook, paper=paper, document_date=date_from_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
    )
    _, laid_out = pdf.cached_handbook_pdf(html, out)
    state = "Wrote" if laid_out else "Unchanged, kept"
    click.echo(f"{state} the {edition} edition's print handbook: {out}")


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


# Review cycles: closing a cycle, the semantic diff for pull requests, review status.


@main.group()
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
@SOURCE
def cycle_close(
    cycle_id: str, closed: object, approved_by: str, summary: str | None, source: Path
) -> None:
    """Validate the sources, append the cycle to cycles.yml and write snapshots/ID.yml."""
    import datetime as dt

    from pydantic import ValidationError

    from build_tools import cycles, snapshot
    from build_tools.api import check_with_history
    from build_tools.model import Cycle

    assert isinstance(closed, dt.datetime)
    try:
        new = Cycle(id=cycle_id, closed=closed.date(), approved_by=approved_by, summary=summary)
    except ValidationError as err:
        raise click.BadParameter(err.errors()[0]["msg"], param_hint="ID/--approved-by") from None
    handbook, past, problems = check_with_history(source)
    if handbook is None:
        report(problems)
        raise SystemExit(1)
    refusal = cycles.check_new_cycle(source, past.cycles, new)
    if refusal is not None:
        report([refusal])
        raise SystemExit(1)
    written = cycles.write_cycle(source, new, snapshot.dump(handbook, new.id))
    click.echo(f"Closed cycle {new.id}: wrote {written} and appended it to cycles.yml")


@main.command()
@click.argument("base")
@SOURCE
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "text"]),
    default="text",
    show_default=True,
    help="markdown for a pull-request comment, or plain text.",
)
@click.option(
    "--edition",
    default=None,
    help="Compare only what this edition admits (default: every item).",
)
def diff(base: str, source: Path, fmt: str, edition: str | None) -> None:
    """The policy changes between the sources at git revision BASE and the working tree."""
    from build_tools import changelog, cycles
    from build_tools.diff import diff_handbooks, edition_changes

    new = _checked(source, "")
    try:
        with cycles.sources_at(source, base) as old_source:
            old = _checked(old_source, f" at {base}")
    except cycles.GitError as err:
        raise HandbookError(f"{source}: error: {err}") from None
    try:
        changes = edition_changes(old, new, edition) if edition else diff_handbooks(old, new)
    except UnknownEdition as err:
        raise click.BadParameter(str(err), param_hint="--edition") from None
    render = changelog.pr_comment if fmt == "markdown" else changelog.plain_text
    click.echo(render(changes, new, base), nl=False)


def _checked(source: Path, where: str):  # type: ignore[no-untyped-def]
    handbook, problems = check_sources(source)
    if handbook is None:
        report(problems)
        raise HandbookError(f"the sources{where} have errors") from None
    return handbook


@main.command("review-status")
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

    from build_tools import review

    day = today.date() if isinstance(today, dt.datetime) else dt.date.today()
    handbook = _checked(source, "")
    items = review.review_status(handbook, day)
    click.echo(review.render_status(items, day), nl=False)
    if fail_on_overdue and any(item.overdue(day) for item in items):
        raise SystemExit(1)
