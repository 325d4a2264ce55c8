"""Verbs for the people who edit the sources: lint, schema, new, codeowners."""

from __future__ import annotations

from pathlib import Path

import click

from build_tools.cli.common import (
    FORMAT,
    SOURCE,
    STRICT,
    checked,
    checked_and_linted,
    write_or_check,
)
from build_tools.source.errors import HandbookError, UsageError


@click.command()
@SOURCE
@FORMAT
@STRICT
def lint(source: Path, fmt: str, strict: bool) -> None:
    """Style warnings only: wording that matches the level, readable sentences, glossary use."""
    _, warnings = checked_and_linted(source, fmt, strict)
    if not warnings:
        click.echo("No style warnings.")


@click.command()
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
        if write_or_check(out / name, text, check_only)
    ]
    if check_only and stale:
        raise HandbookError(f"out of date: {', '.join(stale)}; run `handbook schema`", f"{out}/")
    click.echo(f"{out}/: {len(stale)} schema file(s) {'to update' if check_only else 'written'}.")


@click.group()
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

    handbook = checked(source)
    tree, _ = load_tree(source)
    try:
        clause_id = scaffold.clause_id_for(handbook, chapter_id)
    except scaffold.ScaffoldError as err:
        raise UsageError(err.message, option="--chapter") from None
    chapter = next(s for s in tree.chapters if s.data.get("id") == chapter_id)
    path = source / "chapters" / Path(chapter.path).name
    text = path.read_text(encoding="utf-8")
    indent = scaffold.item_indent(text, chapter.locate(("clauses", 0)).line)
    skeleton = scaffold.clause_skeleton(clause_id, indent)
    if not insert:
        click.echo(skeleton, nl=False)
        return
    keys = list(chapter.data)
    after = keys[keys.index("clauses") + 1 :]
    if after not in ([], ["quiz"]):
        message = (
            "'clauses' is not the last key, so the clause cannot be appended; paste this at "
            "the end of the clauses list instead:\n" + skeleton
        )
        raise HandbookError(message, chapter.path)
    if after:  # a quiz follows the clauses: the new clause goes just before it
        line = chapter.locate(("quiz",), key=True).line
        text = scaffold.insert_before_line(text, line, skeleton)
    else:
        text = scaffold.append_text(text, skeleton)
    path.write_text(text, encoding="utf-8")
    click.echo(f"Added {clause_id} to {chapter.path}; fill in its empty values.", err=True)


@new.command("example")
@click.option("--topic", required=True, help="Topic word of the id, e.g. CRISIS for EX-CRISIS-NN.")
@click.option("--clause", "clauses", multiple=True, help="Id of a clause it illustrates.")
@click.option("--write", is_flag=True, help="Create the file under examples/.")
@SOURCE
def new_example(topic: str, clauses: tuple[str, ...], write: bool, source: Path) -> None:
    """A new worked example; fill in the empty values, then run `handbook check`."""
    from build_tools.editor import scaffold

    handbook = checked(source)
    try:
        skeleton = scaffold.example_skeleton(handbook, topic, clauses)
    except scaffold.ScaffoldError as err:
        raise UsageError(err.message, option="--topic/--clause") from None
    if not write:
        click.echo(skeleton, nl=False)
        return
    path = source / "examples" / scaffold.example_file_name(skeleton)
    if path.exists():
        raise HandbookError("file already exists", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton, encoding="utf-8")
    click.echo(f"Created {path}; fill in its empty values.")


@click.command()
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

    handbook = checked(source)
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
    if write_or_check(out, text, check_only) and check_only:
        raise HandbookError("out of date; run `handbook codeowners`", str(out))
    click.echo(f"{out}: up to date." if check_only else f"Wrote {out}.")
