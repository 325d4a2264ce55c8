"""The ``handbook`` command: thin verbs over the pipeline; errors become exit codes here."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path
from typing import Literal

import click

from build_tools.publish import output
from build_tools.publish.pipeline import check_and_lint, check_sources, load_edition, print_html
from build_tools.review.edition_build import EditionBuild
from build_tools.site.sitepages import site_pages
from build_tools.source.model import Handbook
from build_tools.source.problems import Problem, Severity, SourceError
from build_tools.util.files import write_atomically
from build_tools.views.editions import UnknownEdition

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


def report(problems: list[Problem], fmt: str = "text") -> None:
    """Print problems (text: FILE:LINE:COL lines on stderr; github: annotations on stdout)."""
    if fmt == "github":
        for problem in problems:
            click.echo(annotation(problem))
    else:
        for problem in problems:
            click.echo(str(problem), err=True)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if errors:
        click.echo(f"{errors} error{'s' if errors != 1 else ''} found.", err=True)
    elif warnings:
        click.echo(f"{warnings} style warning{'s' if warnings != 1 else ''}.", err=True)


def _load(source: Path, edition: str) -> EditionBuild:
    """Sources → the edition's model, or the problems printed and exit 1 (2 for usage)."""
    try:
        return load_edition(source, edition)
    except SourceError as err:
        report(list(err.problems))
        raise SystemExit(1) from None
    except UnknownEdition as err:
        raise click.BadParameter(str(err), param_hint="--edition") from None


class _Commands(click.Group):
    """Turns refusals and operating-system errors into one line and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from build_tools.printbook.fetch import FetchRefused

        try:
            return super().invoke(ctx)
        except (output.OutputRefused, FetchRefused) as err:
            raise HandbookError(str(err)) from None
        except OSError as err:
            raise HandbookError(os_error(err)) from None
        except RecursionError:  # the limits of build_tools.markup are meant to prevent it
            raise HandbookError(
                "error: the sources nest too deeply to be rendered; run `handbook check`"
            ) from None


def os_error(err: OSError) -> str:
    """``PATH: error: No space left on device``: the path and the system's own words."""
    reason = err.strerror or str(err)
    if err.filename is None:
        return f"error: {reason}"
    return f"{err.filename}: error: {reason}"


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build and check the Social Media Code of Conduct handbook."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="text: FILE:LINE:COL: error: MESSAGE on stderr; github: workflow annotations on stdout.",
)
STRICT = click.option("--strict", is_flag=True, help="Style warnings fail too (exit 1).")


def annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that marks the problem on its line."""
    where = problem.location

    def escape(value: str, *, prop: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if prop else value

    return (
        f"::{problem.severity} file={escape(where.file, prop=True)},line={where.line},"
        f"col={where.column}::{escape(problem.message)}"
    )


@main.command()
@SOURCE
@FORMAT
@STRICT
def check(source: Path, fmt: str, strict: bool) -> None:
    """Validate the sources and report every problem as FILE:LINE:COL: error: MESSAGE.

    Style warnings (see `handbook lint`) are reported too; they fail only with --strict.
    """
    handbook, problems, warnings = check_and_lint(source)
    if handbook is None:
        report(problems, fmt)
        raise SystemExit(1)
    report(warnings, fmt)
    if strict and warnings:
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
    pages = site_pages(_load(source, edition), pdf_path=None)
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
    from build_tools.publish import site_build  # MkDocs only for the verbs that need it

    _load(source, edition)
    _log_to_stderr()
    try:
        built = site_build.build_site(config_file, source, edition, out, strict=strict, pdf=pdf)
    except site_build.SiteBuildError as err:
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
    help="PDF file to write (an existing file is replaced only if it is a PDF).",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option(
    "--audience",
    default=None,
    help="Only the clauses for this audience (an id from handbook.yml): a shorter handbook.",
)
def print_pdf(
    source: Path, edition: str, out: Path, paper: Literal["a4", "letter"], audience: str | None
) -> None:
    """Write the print handbook: one tagged PDF (PDF/UA-1) with contents, index and sign-off."""
    from build_tools.printbook.book import cached_handbook_pdf  # WeasyPrint when needed
    from build_tools.publish import leakcheck
    from build_tools.views.audiences import UnknownAudience, for_audience

    loaded = _load(source, edition)
    handbook = loaded.handbook
    if audience is not None:
        try:
            handbook = for_audience(handbook, audience)
        except UnknownAudience as err:
            raise click.BadParameter(str(err), param_hint="--audience") from None
    html = print_html(loaded, paper=paper, handbook=handbook)
    output.refuse_file(out)
    where = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:12]
    book = f"pdf-{edition}-{paper}-{audience or 'all'}-{where}"
    data, laid_out = cached_handbook_pdf(html, book)
    leaks = leakcheck.pdf_leaks(str(out), data, leakcheck.markers(loaded.full, edition))
    if leaks:  # checked whether it was laid out now or came from the cache
        raise HandbookError(leakcheck.failure(edition, leaks))
    write_atomically(out, data)
    how = "" if laid_out else " (layout reused from the cache)"
    scope = f" for {handbook.meta.audiences[audience]}" if audience else ""
    click.echo(f"Wrote the {edition} edition's print handbook{scope}: {out}{how}")


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

    from build_tools.publish.pipeline import check_with_history
    from build_tools.review import cycles, snapshot
    from build_tools.source.model import Cycle

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
    text = snapshot.dump(handbook, new.id)
    unreadable = cycles.check_written(source, new, text)
    if unreadable:
        report(unreadable)
        raise SystemExit(1)
    written = cycles.write_cycle(source, new, text)
    click.echo(f"Closed cycle {new.id}: wrote {written} and appended it to cycles.yml")


@main.command()
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
    if fmt == "json":
        click.echo(json.dumps([as_dict(c) for c in changes], indent=2))
        return
    render = changelog.pr_comment if fmt == "markdown" else changelog.plain_text
    click.echo(render(changes, new, base), nl=False)


def _checked(source: Path, where: str) -> Handbook:
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

    from build_tools.review import status as review

    day = today.date() if isinstance(today, dt.datetime) else dt.date.today()
    handbook = _checked(source, "")
    items = review.review_status(handbook, day)
    click.echo(review.render_status(items, day), nl=False)
    if fail_on_overdue and any(item.overdue(day) for item in items):
        raise SystemExit(1)


# The editor's workflow: style lint, editor schemas, skeletons, CODEOWNERS.


@main.command()
@SOURCE
@FORMAT
@STRICT
def lint(source: Path, fmt: str, strict: bool) -> None:
    """Style warnings only: wording that matches the level, readable sentences, glossary use."""
    handbook, problems, warnings = check_and_lint(source)
    if handbook is None:
        report(problems, fmt)
        raise HandbookError("the sources have errors")
    report(warnings, fmt)
    if strict and warnings:
        raise SystemExit(1)
    if not warnings:
        click.echo("No style warnings.")


def _write_or_check(path: Path, text: str, check_only: bool) -> bool:
    """Write ``text`` to ``path`` unless it is already there; True when it was out of date."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        return False
    if not check_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return True


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder for the *.schema.json files.",
)
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if out of date.")
def schema(out: Path, check_only: bool) -> None:
    """Write the JSON Schemas that editors use to complete and check the source files."""
    from build_tools.editor.schema import schema_files

    stale = [
        name
        for name, text in schema_files().items()
        if _write_or_check(out / name, text, check_only)
    ]
    if check_only and stale:
        raise HandbookError(f"{out}/: out of date: {', '.join(stale)}; run `handbook schema`")
    click.echo(f"{out}/: {len(stale)} schema file(s) {'to update' if check_only else 'written'}.")


@main.group()
def new() -> None:
    """Print (or add) a skeleton for a new clause or example, with the next free id."""


@new.command("clause")
@click.option("--chapter", "chapter_id", required=True, help="Chapter id, e.g. privacy.")
@click.option("--insert", is_flag=True, help="Append the clause to the chapter's file.")
@SOURCE
def new_clause(chapter_id: str, insert: bool, source: Path) -> None:
    """A new clause for a chapter; fill in the empty values, then run `handbook check`."""
    from build_tools.editor import scaffold
    from build_tools.source.loader import load_tree

    handbook = _checked(source, "")
    tree, _ = load_tree(source)
    try:
        clause_id = scaffold.clause_id_for(handbook, chapter_id)
    except scaffold.ScaffoldError as err:
        raise click.BadParameter(str(err), param_hint="--chapter") from None
    chapter = next(s for s in tree.chapters if s.data.get("id") == chapter_id)
    path = source / "chapters" / Path(chapter.path).name
    text = path.read_text(encoding="utf-8")
    indent = scaffold.item_indent(text, chapter.locate(("clauses", 0)).line)
    skeleton = scaffold.clause_skeleton(clause_id, indent)
    if not insert:
        click.echo(skeleton, nl=False)
        return
    if list(chapter.data)[-1] != "clauses":
        raise HandbookError(
            f"{chapter.path}: error: 'clauses' is not the last key, so the clause cannot be "
            "appended; paste this at the end of the clauses list instead:\n" + skeleton
        )
    path.write_text(scaffold.append_text(text, skeleton), encoding="utf-8")
    click.echo(f"Added {clause_id} to {chapter.path}; fill in its empty values.", err=True)


@new.command("example")
@click.option("--topic", required=True, help="Topic word of the id, e.g. CRISIS for EX-CRISIS-NN.")
@click.option("--clause", "clauses", multiple=True, help="Id of a clause it illustrates.")
@click.option("--write", is_flag=True, help="Create the file under examples/.")
@SOURCE
def new_example(topic: str, clauses: tuple[str, ...], write: bool, source: Path) -> None:
    """A new worked example; fill in the empty values, then run `handbook check`."""
    from build_tools.editor import scaffold

    handbook = _checked(source, "")
    try:
        skeleton = scaffold.example_skeleton(handbook, topic, clauses)
    except scaffold.ScaffoldError as err:
        raise click.BadParameter(str(err)) from None
    if not write:
        click.echo(skeleton, nl=False)
        return
    path = source / "examples" / scaffold.example_file_name(skeleton)
    if path.exists():
        raise HandbookError(f"{path}: error: file already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton, encoding="utf-8")
    click.echo(f"Created {path}; fill in its empty values.")


@main.command()
@SOURCE
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".github/CODEOWNERS"),
    show_default=True,
)
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if out of date.")
def codeowners(source: Path, out: Path, check_only: bool) -> None:
    """Write CODEOWNERS so each chapter's owner reviews changes to its file."""
    from build_tools.editor.codeowners import OwnedFile, codeowners, unmapped_roles
    from build_tools.source.loader import load_tree

    handbook = _checked(source, "")
    tree, _ = load_tree(source)
    owners = {c.id: c.owner for c in handbook.chapters if c.owner}
    root = source.as_posix().strip("/")
    files = [
        OwnedFile(f"{root}/chapters/{Path(s.path).name}", owners[s.data["id"]])
        for s in tree.chapters
        if s.data.get("id") in owners
    ]
    for role in unmapped_roles(handbook.meta, files):
        click.echo(f"{source}/handbook.yml: warning: no github_teams entry for '{role}'", err=True)
    text = codeowners(handbook.meta, root, files)
    if _write_or_check(out, text, check_only) and check_only:
        raise HandbookError(f"{out}: out of date; run `handbook codeowners`")
    click.echo(f"{out}: up to date." if check_only else f"Wrote {out}.")
