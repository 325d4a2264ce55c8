"""What every verb of the command shares: its options, how problems are printed (text or GitHub
annotations), how sources are loaded for a verb, and the one exception that ends a verb."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from build_tools.publish.pipeline import (
    Checked,
    check_and_lint,
    check_lint_and_languages,
    check_sources,
)
from build_tools.review.cycles import History
from build_tools.source.model import Handbook
from build_tools.source.problems import Problem, Severity, SourceError, errors, one_line

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
DRAFT = click.option(
    "--draft",
    is_flag=True,
    help="The working copy, marked 'Draft — not approved' on every page, instead of the "
    "text of the latest closed review cycle. For previews; never publish it.",
)


PAPER = click.option(
    "--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True
)


def pdf_out(default: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The ``--out`` option of a verb that writes one PDF."""
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help="PDF file to write (an existing file is replaced only if it is a PDF).",
    )


def report(problems: list[Problem], fmt: str = "text", kind: str = "style warning") -> None:
    """Print problems (text: FILE:LINE:COL lines on stderr; github: annotations on stdout)."""
    if fmt == "github":
        for problem in problems:
            click.echo(annotation(problem))
    else:
        for problem in problems:
            click.echo(problem.report(), err=True)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if errors:
        click.echo(f"{errors} error{'s' if errors != 1 else ''} found.", err=True)
    elif warnings:
        click.echo(f"{warnings} {kind}{'s' if warnings != 1 else ''}.", err=True)


def os_error(err: OSError) -> str:
    """``PATH: error: No space left on device``: the path and the system's own words."""
    reason = err.strerror or str(err)
    if err.filename is None:
        return f"error: {reason}"
    return f"{err.filename}: error: {reason}"


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
        value = one_line(value)  # other control and direction characters, as in text reports
        return value.replace(":", "%3A").replace(",", "%2C") if prop else value

    return (
        f"::{problem.severity} file={escape(where.file, prop=True)},line={where.line},"
        f"col={where.column}::{escape(problem.message)}"
    )


class _ToStderr(logging.Handler):
    """MkDocs' warnings on whatever ``sys.stderr`` is when they are logged."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def log_to_stderr() -> None:
    """MkDocs' warnings (broken links, strict-mode failures) on stderr, once."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(handler, _ToStderr) for handler in logger.handlers):
        handler = _ToStderr()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def checked(source: Path) -> Handbook:
    """The validated handbook of ``source`` (every item); :class:`SourceError` else."""
    handbook, problems = check_sources(source)
    if handbook is None:
        raise SourceError(problems)
    return handbook


def checked_with_history(source: Path) -> tuple[Handbook, History]:
    """The validated working copy and the closed cycles; :class:`SourceError` else."""
    from build_tools.publish.pipeline import check_with_history

    handbook, past, problems = check_with_history(source)
    if handbook is None:
        raise SourceError(problems)
    return handbook, past


def write_or_check(path: Path, text: str, check_only: bool) -> bool:
    """Write ``text`` to ``path`` unless it is already there; True when it was out of date."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        return False
    if not check_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return True


def checked_and_linted(source: Path, fmt: str, strict: bool) -> tuple[Handbook, list[Problem]]:
    """Errors, then style warnings, reported; exit 1 on an error (or a warning when strict)."""
    handbook, problems, warnings = check_and_lint(source)
    if handbook is None:
        report(problems, fmt)
        raise SystemExit(1)
    report(warnings, fmt)
    if strict and warnings:
        raise SystemExit(1)
    return handbook, warnings


def checked_linted_and_languages(source: Path, fmt: str, strict: bool) -> Checked:
    """As :func:`checked_and_linted`, then each language's stale and missing items, reported
    as its ``language.yml`` asks: exit 1 on an error among them (a stale must clause, by
    default), or on any warning when strict."""
    checked, warnings, languages = check_lint_and_languages(source)
    if checked.handbook is None:
        report(checked.problems, fmt)
        raise SystemExit(1)
    report(warnings, fmt)
    report(languages, fmt, kind="translation warning")
    if errors(languages) or (strict and (warnings or languages)):
        raise SystemExit(1)
    return checked
