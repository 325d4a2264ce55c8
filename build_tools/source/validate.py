"""Loaded sources → validated :class:`Handbook`, or every problem found."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from build_tools.source import sanitize
from build_tools.source.explain import did_you_mean, explain, type_name
from build_tools.source.loader import NodePath, SourceFile, SourceTree
from build_tools.source.markup import may_hold_markup, to_html, too_costly, unsupported
from build_tools.source.model import (
    Chapter,
    Example,
    Handbook,
    HandbookMeta,
    Term,
    Visibility,
)
from build_tools.source.problems import Problem
from build_tools.source.quiz import check_quiz
from build_tools.source.references import find_references
from build_tools.source.term_names import TermNames

M = TypeVar("M", bound=BaseModel)


def validate(tree: SourceTree) -> tuple[Handbook | None, list[Problem]]:
    """Validate every file, then the references between them; report all problems."""
    problems: list[Problem] = []
    meta = _parse(tree.handbook, HandbookMeta, problems) if tree.handbook else None
    chapters = [(s, _parse(s, Chapter, problems)) for s in tree.chapters]
    examples = [(s, _parse(s, Example, problems)) for s in tree.examples]
    terms: list[tuple[SourceFile, Term | None, NodePath]] = []
    if tree.glossary is not None:
        terms = _parse_glossary(tree.glossary, problems)

    index = _index(tree, meta, chapters, examples, terms, problems)
    for source, chapter in chapters:
        if chapter is not None:
            _check_chapter(source, chapter, meta, index, problems)
    for source, example in examples:
        if example is not None:
            _check_example(source, example, index, problems)
    for source, term, path in terms:
        if term is not None:
            _check_markdown(source, (*path, "definition"), term.visibility, index, problems)
    if tree.handbook is not None and meta is not None:
        _check_markdown(tree.handbook, ("intro",), Visibility.PUBLIC, index, problems)
        for i, quick in enumerate(meta.quick_answers):  # the home page's "I want to..."
            if why := index.check_target(quick.clause, Visibility.PUBLIC, ("clause",)):
                where = tree.handbook.locate(("quick_answers", i, "clause"))
                problems.append(Problem(where, f"quick_answers: {why}"))
    if problems or meta is None:
        return None, sorted(set(problems))
    handbook = Handbook(
        meta=meta,
        chapters=tuple(c for _, c in chapters if c is not None),
        examples=tuple(e for _, e in examples if e is not None),
        glossary=tuple(t for _, t, _ in terms if t is not None),
        edition="",
        locations={item_id: s.locate(p) for item_id, (_, _, s, p) in index.items.items()},
    )
    return handbook, []


def _index(
    tree: SourceTree,
    meta: HandbookMeta | None,
    chapters: list[tuple[SourceFile, Chapter | None]],
    examples: list[tuple[SourceFile, Example | None]],
    terms: list[tuple[SourceFile, Term | None, NodePath]],
    problems: list[Problem],
) -> _Index:
    """Every id, term and image host of the sources, with duplicate ids reported."""
    index = _Index(complete=tree.unreadable == 0)
    index.image_hosts = frozenset(h.casefold() for h in meta.image_hosts) if meta else frozenset()
    for source, chapter in chapters:
        if chapter is not None:
            index.add_chapter(source, chapter, problems)
    for source, example in examples:
        if example is not None:
            index.add(example.id, "example", example.visibility, source, (), problems)
    index.add_raw_ids(tree, chapters, examples)
    for _, term, _ in terms:
        if term is not None:
            index.add_term(term)
    return index


def _parse(source: SourceFile, model: type[M], problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(source.data)
    except ValidationError as err:
        problems.extend(explain(source, model, err, ()))
        return None


def _parse_glossary(
    source: SourceFile, problems: list[Problem]
) -> list[tuple[SourceFile, Term | None, NodePath]]:
    if not isinstance(source.data, list):
        found = type_name(source.data)
        problems.append(Problem(source.locate(()), f"expected a list of terms, found {found}"))
        return []
    parsed: list[tuple[SourceFile, Term | None, NodePath]] = []
    names = TermNames()
    for i, raw in enumerate(source.data):
        try:
            term: Term | None = Term.model_validate(raw)
        except ValidationError as err:
            problems.extend(explain(source, Term, err, (i,)))
            term = None
        if term is not None:
            problems.extend(names.add(source, i, term))
        parsed.append((source, term, (i,)))
    return parsed


@dataclass
class _Index:
    """Every id in the sources: kind, visibility and where it was defined.

    When a file could not be read at all (``complete`` is false), references to
    unknown ids are not reported: they most likely live in that file.
    """

    complete: bool = True

    def __post_init__(self) -> None:
        self.items: dict[str, tuple[str, Visibility, SourceFile, NodePath]] = {}
        self.raw_ids: set[str] = set()
        self.chapter_ids: dict[str, SourceFile] = {}
        self.terms: dict[str, Visibility] = {}
        self.image_hosts: frozenset[str] = frozenset()

    def add_term(self, term: Term) -> None:
        for name in (term.term, *term.aliases):
            self.terms.setdefault(name.casefold(), term.visibility)

    def add(
        self,
        item_id: str,
        kind: str,
        visibility: Visibility,
        source: SourceFile,
        path: NodePath,
        problems: list[Problem],
    ) -> None:
        if item_id in self.items:
            first = self.items[item_id]
            where = first[2].locate(first[3] + ("id",))
            message = f"duplicate id '{item_id}' (already used at {where})"
            problems.append(Problem(source.locate((*path, "id")), message))
            return
        self.items[item_id] = (kind, visibility, source, path)

    def add_chapter(self, source: SourceFile, chapter: Chapter, problems: list[Problem]) -> None:
        if chapter.id in self.chapter_ids:
            other = self.chapter_ids[chapter.id].path
            message = f"duplicate chapter id '{chapter.id}' (already used in {other})"
            problems.append(Problem(source.locate(("id",)), message))
        self.chapter_ids.setdefault(chapter.id, source)
        for i, clause in enumerate(chapter.clauses):
            self.add(clause.id, "clause", clause.visibility, source, ("clauses", i), problems)

    def add_raw_ids(
        self,
        tree: SourceTree,
        chapters: list[tuple[SourceFile, Chapter | None]],
        examples: list[tuple[SourceFile, Example | None]],
    ) -> None:
        """Remember ids of files that failed validation, so references to them are not
        reported as unknown on top of the real problem."""
        for source, chapter in chapters:
            clauses = source.data.get("clauses") if isinstance(source.data, dict) else None
            if chapter is None and isinstance(clauses, list):
                for clause in clauses:
                    if isinstance(clause, dict) and isinstance(clause.get("id"), str):
                        self.raw_ids.add(clause["id"])
        for source, example in examples:
            data = source.data
            if example is None and isinstance(data, dict) and isinstance(data.get("id"), str):
                self.raw_ids.add(data["id"])

    def may_be_clause(self, target: str) -> bool:
        """Whether ``target`` names a clause, or may: an unknown id (reported as such) or one
        of a file that failed."""
        found = self.items.get(target)
        return found[0] == "clause" if found else target.casefold() not in self.terms

    def check_target(
        self,
        target: str,
        owner: Visibility,
        kinds: tuple[str, ...],
    ) -> str | None:
        """Why a reference to ``target`` is wrong, or None when it is fine."""
        if target not in self.items and "term" in kinds and target.casefold() in self.terms:
            if owner is Visibility.PUBLIC and self.terms[target.casefold()] is Visibility.INTERNAL:
                return f"public item refers to internal glossary term '{target}'"
            return None
        if target not in self.items:
            if target in self.raw_ids or not self.complete:
                return None
            close = difflib.get_close_matches(target, list(self.items), n=1, cutoff=0.8)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"'{target}' does not exist{hint}"
        kind, visibility, _, _ = self.items[target]
        if kind not in kinds:
            return f"'{target}' is a {kind}; expected a {' or '.join(kinds)}"
        if owner is Visibility.PUBLIC and visibility is Visibility.INTERNAL:
            return f"public item refers to internal {kind} '{target}'"
        return None


def _check_chapter(
    source: SourceFile,
    chapter: Chapter,
    meta: HandbookMeta | None,
    index: _Index,
    problems: list[Problem],
) -> None:
    _check_markdown(source, ("intro",), Visibility.PUBLIC, index, problems)
    for i, clause in enumerate(chapter.clauses):
        path: NodePath = ("clauses", i)
        for field in ("text", "rationale"):
            _check_markdown(source, (*path, field), clause.visibility, index, problems)
        for j, target in enumerate(clause.see_also):
            why = index.check_target(target, clause.visibility, ("clause",))
            if why is None and target == clause.id:
                why = "a clause cannot list itself in see_also"
            if why:
                problems.append(Problem(source.locate((*path, "see_also", j)), f"see_also: {why}"))
        if meta is not None:
            for j, audience in enumerate(clause.applies_to):
                if audience not in meta.audiences:
                    hint = did_you_mean(audience, list(meta.audiences))
                    message = f"applies_to: audience '{audience}' is not declared in handbook.yml"
                    where = source.locate((*path, "applies_to", j))
                    problems.append(Problem(where, message + hint))
    # Questions are shown in every edition of the chapter: they may link public items only.
    for explanation in check_quiz(source, chapter, index.may_be_clause, problems):
        _check_markdown(source, explanation, Visibility.PUBLIC, index, problems)


def _check_example(
    source: SourceFile, example: Example, index: _Index, problems: list[Problem]
) -> None:
    for field in ("scenario", "discussion"):
        _check_markdown(source, (field,), example.visibility, index, problems)
    for j, target in enumerate(example.illustrates):
        why = index.check_target(target, example.visibility, ("clause",))
        if why:
            problems.append(Problem(source.locate(("illustrates", j)), f"illustrates: {why}"))


def _check_markdown(
    source: SourceFile,
    path: NodePath,
    owner: Visibility,
    index: _Index,
    problems: list[Problem],
) -> None:
    try:
        text = source.data_at(path)
    except (KeyError, IndexError, TypeError):
        return
    if not isinstance(text, str):
        return
    for ref in find_references(text):
        if why := index.check_target(ref.target, owner, ("clause", "example", "term")):
            where = source.locate_in_text(path, ref.start)
            problems.append(Problem(where, f"reference [[{ref.target}]]: {why}"))
    for offset, message in markup_problems(text, index.image_hosts):
        problems.append(Problem(source.locate_in_text(path, offset), message))


def markup_problems(text: str, image_hosts: frozenset[str]) -> list[tuple[int, str]]:
    """(offset, message) for what in Markdown ``text`` is refused: shapes that would make
    rendering slow, anything the sanitizer would remove, images from hosts not listed."""
    costly = too_costly(text) + unsupported(text)
    if costly or not may_hold_markup(text):
        return costly
    html = to_html(text)
    return [(_find(text, r.needle), r.message) for r in sanitize.removals(html, image_hosts)]


def _find(text: str, needle: str) -> int:
    """Where ``needle`` first stands in ``text`` (ignoring case), else the start."""
    found = text.casefold().find(needle.casefold())
    return max(found, 0)
