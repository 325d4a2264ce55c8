"""The pipeline's entry points for the adapters (CLI, MkDocs plugin): sources → model."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.review.cycles import History, load_history
from build_tools.review.diff import history
from build_tools.review.edition_build import EditionBuild
from build_tools.source.errors import UsageError
from build_tools.source.loader import SourceTree, load_tree
from build_tools.source.model import Handbook
from build_tools.source.problems import Problem, SourceError
from build_tools.source.quoting import quoted, tree_files
from build_tools.source.translation import Translation
from build_tools.source.translation_load import load_translations
from build_tools.source.validate import validate
from build_tools.views import versions
from build_tools.views.editions import UnknownEdition, for_edition
from build_tools.views.languages import translate

if TYPE_CHECKING:
    from build_tools.printbook.card import CardPaper
    from build_tools.printbook.html import Paper, Sides


def check_sources(source: Path) -> tuple[Handbook | None, list[Problem]]:
    """Load and validate every file under ``source``; all problems, sorted."""
    handbook, _, problems = check_with_history(source)
    return handbook, problems


def check_with_history(source: Path) -> tuple[Handbook | None, History, list[Problem]]:
    """Like :func:`check_sources`, also reading ``cycles.yml`` and the snapshots."""
    _, handbook, past, problems = _check(source)
    return handbook, past, problems


def check_and_lint(source: Path) -> tuple[Handbook | None, list[Problem], list[Problem]]:
    """Errors and, when there are none, style warnings, from one read of the sources."""
    from build_tools.editor.lint import lint  # textstat only for the verbs that lint

    tree, handbook, _, problems = _check(source)
    return handbook, problems, (lint(handbook, tree) if handbook is not None else [])


def check_lint_and_languages(source: Path) -> tuple[Checked, list[Problem], list[Problem]]:
    """Like :func:`check_and_lint` (everything read, style warnings when there is no error),
    also with every language's stale and missing items as each ``language.yml`` asks them
    reported, judged against the working copy."""
    from build_tools.editor.lint import lint
    from build_tools.views import translation_status

    checked = check_all(source)
    if checked.handbook is None:
        return checked, [], []
    languages = translation_status.problems(checked.handbook, checked.tree, checked.translations)
    return checked, lint(checked.handbook, checked.tree), languages


def _check(source: Path) -> tuple[SourceTree, Handbook | None, History, list[Problem]]:
    checked = check_all(source)
    return checked.tree, checked.handbook, checked.past, checked.problems


@dataclasses.dataclass(frozen=True)
class Checked:
    """Everything read from the sources: the working copy (None when there are problems),
    the review history, the translations and every problem found, sorted."""

    tree: SourceTree
    handbook: Handbook | None
    past: History
    translations: tuple[Translation, ...]
    problems: list[Problem]


def check_all(source: Path) -> Checked:
    """Load and validate every file under ``source``: the English sources, the review history
    and the translations (checked against the English working copy)."""
    tree, problems = load_tree(source)
    handbook, found = validate(tree)
    past, past_problems = load_history(source)
    translations: tuple[Translation, ...] = ()
    if handbook is not None and not problems and not found:
        # Judged against a whole English text only: a file that failed would make every
        # translation that names its items look wrong as well.
        translations, translation_problems = load_translations(source, handbook)
        found = found + translation_problems
    problems = quoted(sorted(set(problems + found + past_problems)), tree_files(tree))
    if handbook is None or problems:
        return Checked(tree, None, past, translations, problems)
    return Checked(tree, dataclasses.replace(handbook, cycles=past.cycles), past, translations, [])


def load_edition(
    source: Path, edition: str, *, draft: bool = False, language: str | None = None
) -> EditionBuild:
    """Read and validate the sources once for ``edition``; raises :class:`SourceError`.

    Published means approved: the text is the latest closed review cycle's snapshot, with the
    changelog of the closed cycles. With ``draft`` (or before any cycle is closed) it is the
    working copy, marked as a draft, with the changes proposed since the last cycle. With
    ``language`` (a folder under ``translations/``), the same text in that language: each item
    translated from exactly the English words shown, the others in English and marked so.
    """
    return load_site(source, edition, draft=draft, archive=False, language=language)[0]


def load_archive(source: Path, edition: str) -> tuple[EditionBuild, ...]:
    """Every closed cycle's approved text that has ``edition``, oldest first, each with the
    text in force (``current``) that its pages link to."""
    return load_site(source, edition)[1]


def load_site(
    source: Path,
    edition: str,
    *,
    draft: bool = False,
    archive: bool = True,
    language: str | None = None,
    checked: Checked | None = None,
) -> tuple[EditionBuild, tuple[EditionBuild, ...]]:
    """What a site build shows (see :func:`load_edition`) and, for approved text with
    ``archive``, the archive of every approved version (:func:`load_archive`); from one read
    of the sources (``checked``: that read, when the caller has made it)."""
    checked = checked if checked is not None else check_all(source)
    working, past = checked.handbook, checked.past
    if working is None:
        raise SourceError(checked.problems)
    view = _language_view(checked.translations, language)
    translations = tuple((t.code, t.name) for t in checked.translations)
    if draft or not past.cycles:
        full = view(versions.draft(working))
        changes = history(past.pairs(), full, edition)
        build = EditionBuild(full, for_edition(full, edition), changes, working=working)
        return dataclasses.replace(build, languages=translations), ()
    _check_approved_edition(past, working, edition)
    latest = len(past.cycles)
    site = _approved_build(past, latest, edition, view)
    site = dataclasses.replace(site, working=working, languages=translations)
    if not archive:
        return site, ()
    archived = tuple(
        dataclasses.replace(
            site if count == latest else _approved_build(past, count, edition, view),
            current=site.handbook,
            working=working,
        )
        for count, snapshot in enumerate(past.snapshots, start=1)
        if edition in snapshot.meta.editions
    )
    return site, archived


def _language_view(
    translations: tuple[Translation, ...], language: str | None
) -> Callable[[Handbook], Handbook]:
    """Model → model: the text in ``language`` (unchanged for None or the sources' own)."""
    if language is None:
        return lambda handbook: handbook
    found = {translation.code: translation for translation in translations}
    if language not in found:
        known = ", ".join(found) or "none yet"
        message = f"no translation '{language}'; translations/ holds: {known}"
        raise UsageError(message, option="--language")
    return functools.partial(translate, translation=found[language])


DRAFT_NAME = "draft"  # the working copy, where a command takes a version


def load_versions(source: Path, *names: str) -> tuple[Handbook, ...]:
    """The texts named: a closed cycle's id (its approved text) or ``draft`` (the working
    copy, marked as a draft); from one read of the sources."""
    working, past, problems = check_with_history(source)
    if working is None:
        raise SourceError(problems)
    ids = [cycle.id for cycle in past.cycles]
    found = []
    for name in names:
        if name == DRAFT_NAME:
            found.append(versions.draft(working))
        elif name in ids:
            found.append(_approved_text(past, ids.index(name) + 1))
        else:
            known = ", ".join([*ids, DRAFT_NAME])
            raise UsageError(f"no version '{name}'; choose one of: {known}")
    return tuple(found)


def _approved_text(past: History, count: int) -> Handbook:
    """The text approved by the ``count``-th closed cycle, with the cycles up to it."""
    return versions.approved(past.snapshots[count - 1], past.cycles[:count])


def _approved_build(
    past: History,
    count: int,
    edition: str,
    view: Callable[[Handbook], Handbook] = lambda handbook: handbook,
) -> EditionBuild:
    """The text approved by the ``count``-th closed cycle, with the changelog up to it."""
    full = view(_approved_text(past, count))
    entries = history(past.pairs()[:count], full, edition, pending=False)
    return EditionBuild(full, for_edition(full, edition), entries)  # refuses an unknown edition


def _check_approved_edition(past: History, working: Handbook, edition: str) -> None:
    latest = past.snapshots[-1]
    if edition not in latest.meta.editions and edition in working.meta.editions:
        message = (
            f"edition '{edition}' is not in the approved version (review cycle "
            f"{past.cycles[-1].id}); preview it with --draft until a cycle approves it"
        )
        raise UnknownEdition(message, option="--edition")


def load_handbook(source: Path, edition: str, *, draft: bool = False) -> Handbook:
    """The text :func:`load_edition` shows, as ``edition`` sees it."""
    return load_edition(source, edition, draft=draft).handbook


def print_html(
    build: EditionBuild,
    *,
    paper: Paper = "a4",
    handbook: Handbook | None = None,
    acknowledgement: bool = True,
    sides: Sides = "duplex",
) -> str:
    """The print HTML of ``build`` (or of ``handbook``, a cut of it such as one audience's):
    with the current cycle's changelog, dated by SOURCE_DATE_EPOCH when it is set; for
    printing on both ``sides`` of the paper or one."""
    from build_tools.printbook.html import date_from_epoch, render_print_html
    from build_tools.review.diff import current_cycle_changes

    return render_print_html(
        handbook or build.handbook,
        paper=paper,
        sides=sides,
        document_date=date_from_epoch(os.environ.get("SOURCE_DATE_EPOCH")),
        changes=current_cycle_changes(build.changelog),
        acknowledgement=acknowledgement,
    )


def print_card(build: EditionBuild, audience: str, *, paper: CardPaper = "a5") -> bytes:
    """The quick-reference card of ``audience`` in ``build``'s text (the key clauses that apply
    to it, on two sides), dated by SOURCE_DATE_EPOCH when it is set."""
    from build_tools.printbook.card import card_pdf
    from build_tools.printbook.html import date_from_epoch

    date = date_from_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
    return card_pdf(build.handbook, audience, paper=paper, document_date=date)
