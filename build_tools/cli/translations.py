"""``handbook translations``: what translators and editors use: status, fingerprint, export,
import and labels."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

import click

from build_tools.cli.common import SOURCE, report
from build_tools.publish.pipeline import Checked, check_all
from build_tools.source.errors import UsageError
from build_tools.source.explain import did_you_mean
from build_tools.source.labels import UI
from build_tools.source.loader import display_path
from build_tools.source.model import Handbook, Location
from build_tools.source.problems import Problem, SourceError
from build_tools.source.translation import State, Translation
from build_tools.source.translation_load import FOLDER
from build_tools.util.files import write_atomically
from build_tools.views import translation_status as ts


def _checked(source: Path) -> tuple[Checked, Handbook]:
    checked = check_all(source)
    if checked.handbook is None:
        raise SourceError(checked.problems)
    return checked, checked.handbook


def _language(checked: Checked, code: str) -> Translation:
    found = {translation.code: translation for translation in checked.translations}
    if code not in found:
        known = ", ".join(found) or "none yet"
        message = f"no translation '{code}'; {FOLDER}/ holds: {known}"
        raise UsageError(
            message + (" (make the folder and its language.yml first)" if not found else "")
        )
    return found[code]


@click.group()
def translations() -> None:
    """Translations: how far each language is, fingerprints, a translator's file out and in."""


@translations.command("status")
@click.argument("language", required=False)
@SOURCE
def status(language: str | None, source: Path) -> None:
    """A table per language: items translated, stale and missing, by kind; then the stale
    items. Judged against the working copy (what translators translate)."""
    checked, handbook = _checked(source)
    chosen = [_language(checked, language)] if language else list(checked.translations)
    if not chosen:
        click.echo(f"No translations yet ({FOLDER}/ under {source}).")
    for translation in chosen:
        rows = ts.status(handbook, translation)
        click.echo(ts.summary(translation, rows))
        click.echo(f"  {'kind':<10} {'translated':>10} {'stale':>6} {'missing':>8}")
        for kind in ts.KINDS:
            mine = [row for row in rows if row.item.kind == kind]
            count = {state: sum(row.state is state for row in mine) for state in State}
            click.echo(
                f"  {kind:<10} {count[State.TRANSLATED]:>10} {count[State.STALE]:>6} "
                f"{count[State.MISSING]:>8}"
            )
        stale = [row for row in rows if row.state is State.STALE]
        if stale:
            click.echo("  stale (the English changed since they were translated):")
        for row in stale:
            where = translation.locations.get(row.item.key)
            must = " [must]" if row.item.must else ""
            click.echo(f"    {row.item.label}{must}" + (f"  {where}" if where else ""))


@translations.command("fingerprint")
@click.argument("keys", nargs=-1, required=True)
@SOURCE
def fingerprint(keys: tuple[str, ...], source: Path) -> None:
    """The current fingerprint of each item: a clause or example id, chapter:<id>,
    term:<English term>, handbook or quick:<clause id>. A translation records it in source:."""
    _, handbook = _checked(source)
    items = {item.key: item for item in ts.english_items(handbook)}
    for key in keys:
        kind, colon, name = key.partition(":")
        wanted = f"{kind}:{name.casefold()}" if colon and kind == "term" else key
        item = items.get(wanted)
        if item is None:
            raise UsageError(f"no item '{key}'{did_you_mean(key, list(items))}")
        click.echo(f"{item.fingerprint}  {key}")


@translations.command("export")
@click.argument("language")
@click.option(
    "--format", "fmt", type=click.Choice(["xliff", "csv"]), default="xliff", show_default=True
)
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
    help="The translator's file to write.",
)  # fmt: skip
@SOURCE
def export(language: str, fmt: str, out: Path, source: Path) -> None:
    """Write a translator's file: every item's English words and its translation (XLIFF 2.0
    or CSV). The old source is the English a stale translation was made from, when an
    approved snapshot or the working copy still has it (empty otherwise)."""
    from build_tools.editor import translation_files as files
    from build_tools.editor.translation_merge import units_for

    checked, handbook = _checked(source)
    translation = _language(checked, language)
    units = units_for(handbook, translation, reversed(checked.past.snapshots))
    data = files.to_xliff(units, language) if fmt == "xliff" else files.to_csv(units)
    write_atomically(out, data)
    click.echo(f"Wrote {len(units)} items to {out} ({fmt}).")


@translations.command("import")
@click.argument("language")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Check the file and say what would change; write nothing."
)
@SOURCE
def import_(language: str, file: Path, dry_run: bool, source: Path) -> None:
    """Read a translator's file (XLIFF or CSV from `export`) back into translations/LANGUAGE/.

    An item whose translation is left empty, or unchanged, is not imported; a translation the
    file does not mention is kept. A changed item records the fingerprint of the English in
    the file. Nothing is written unless the result passes `handbook check`."""
    from build_tools.editor import translation_files as files
    from build_tools.editor.translation_merge import merge, rendered

    checked, handbook = _checked(source)
    translation = _language(checked, language)
    try:
        units = files.read_units(file.read_bytes(), display_path(file))
    except files.FileProblems as err:
        raise SourceError(err.problems) from None
    folder = source / FOLDER / language
    merged = merge(handbook, translation, folder, units)
    if merged.problems:
        raise SourceError(merged.problems)
    texts = rendered(merged.files)
    _check_before_writing(source, language, texts)
    if dry_run:
        click.echo(f"Would import {len(merged.imported)} items into {len(texts)} files.")
        return
    for name, text in texts.items():
        write_atomically(folder / name, text.encode("utf-8"))
    written = ", ".join(sorted(texts)) or "no file changed"
    click.echo(f"Imported {len(merged.imported)} items into {FOLDER}/{language}/: {written}.")


def _check_before_writing(source: Path, language: str, texts: dict[str, str]) -> None:
    """The sources with the new files, checked in a copy; :class:`SourceError` at the
    places in the real folder."""
    with tempfile.TemporaryDirectory(prefix="handbook-import-") as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(source, copy, symlinks=True)
        for name, text in texts.items():
            target = copy / FOLDER / language / name
            if not target.parent.resolve().is_relative_to(copy.resolve()):  # never through a link
                where = Location(display_path(source / FOLDER / language / name))
                raise SourceError([Problem(where, "lies outside the source folder; refused")])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        problems = check_all(copy).problems
        if problems:
            real, temporary = display_path(source), display_path(copy)
            moved = [
                dataclasses.replace(
                    p, location=Location(p.location.file.replace(temporary, real, 1),
                    p.location.line, p.location.column)
                )
                for p in problems
            ]  # fmt: skip
            report(moved)
            raise SystemExit(1)


@translations.command("labels")
def labels() -> None:
    """The words of the pages a translation may give (labels: in language.yml), with the
    English words."""
    if not UI:
        click.echo("No label keys yet.")
    for key, words in sorted(UI.items()):
        click.echo(f"{key}: {words}")
