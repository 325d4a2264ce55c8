"""The ``handbook`` command: thin verbs over the pipeline; errors become exit codes here."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

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
def build(source: Path, edition: str, out: Path | None, config_file: Path, strict: bool) -> None:
    """Validate the sources and build the site; the old site is kept if anything fails."""
    from build_tools import site  # MkDocs is imported only by the verbs that need it

    _load(source, edition)
    _log_to_stderr()
    try:
        built = site.build_site(config_file, source, edition, out, strict=strict)
    except site.SiteBuildError as err:
        raise HandbookError(str(err)) from None
    click.echo(f"Built the {edition} edition into {built}/ — open {built}/index.html")


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
