"""Style lint: policy prose that leaders will read. Warnings, never errors.

Runs on a validated handbook; the loaded source files only tell where to point.
Thresholds come from the ``lint:`` key of ``handbook.yml`` (:class:`LintConfig`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import textstat

from build_tools.source.loader import NodePath, SourceFile, SourceTree
from build_tools.source.model import Chapter, Handbook, Level, LintConfig, Location, Term
from build_tools.source.problems import Problem, Severity
from build_tools.source.references import find_references

_MUST = re.compile(r"\bmust\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_MARKUP = re.compile(r"[*_`#>]|\[([^\[\]]*)\]\([^()]*\)")


@dataclass(frozen=True)
class Field:
    """One Markdown field of a source file, with the means to point into it."""

    source: SourceFile
    path: NodePath
    text: str

    def at(self, offset: int = 0) -> Location:
        return self.source.locate_in_text(self.path, offset)


def lint(handbook: Handbook, tree: SourceTree) -> list[Problem]:
    """Every style warning for ``handbook``, located in the files of ``tree``."""
    config = handbook.meta.lint
    chapters = _chapter_sources(tree)
    found: list[Problem] = []
    for chapter in handbook.chapters:
        source = chapters.get(chapter.id)
        if source is None:
            continue
        for i, clause in enumerate(chapter.clauses):
            text = Field(source, ("clauses", i, "text"), clause.text)
            found.extend(_wording(clause.id, clause.level, text, config))
            found.extend(_readability(clause.id, text, config))
        found.extend(_first_use(chapter, source, handbook.glossary))
    found.extend(_duplicate_titles(handbook, chapters))
    if tree.glossary is not None:
        found.extend(_unused_terms(handbook, tree.glossary))
    return sorted(found)


def warning(location: Location, message: str) -> Problem:
    return Problem(location, message, Severity.WARNING)


def _chapter_sources(tree: SourceTree) -> dict[str, SourceFile]:
    return {
        str(s.data["id"]): s for s in tree.chapters if isinstance(s.data, dict) and "id" in s.data
    }


def _wording(clause_id: str, level: Level, text: Field, config: LintConfig) -> Iterator[Problem]:
    must = _MUST.search(text.text)
    if level is Level.MUST and must is None:
        yield warning(
            text.at(),
            f"{clause_id} is a must clause but its text does not say 'must'; "
            "state the requirement with 'must', or lower the level",
        )
    if level is not Level.MUST and must is not None:
        yield warning(
            text.at(must.start()),
            f"{clause_id} is a {level} clause but its text says 'must'; "
            f"use '{level}', or make it a must clause",
        )
    if level is Level.MUST:
        for phrase in config.vague_words:
            pattern = re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)
            for match in pattern.finditer(text.text):
                yield warning(
                    text.at(match.start()),
                    f"vague wording '{match.group(0)}' in must clause {clause_id}; "
                    "say exactly what is required",
                )


def plain_text(markdown: str) -> str:
    """Markdown as read aloud, for counting words and syllables: references become their
    text, markup characters disappear. An estimate on sentence fragments, without rendering
    them (thousands a check); what a field shows is :func:`build_tools.source.markup.rendered`.
    """
    spoken = ""
    last = 0
    for ref in find_references(markdown):
        spoken += markdown[last : ref.start] + (ref.label or ref.target)
        last = ref.end
    spoken += markdown[last:]
    return _MARKUP.sub(lambda m: m.group(1) or "", spoken)


def _readability(clause_id: str, text: Field, config: LintConfig) -> Iterator[Problem]:
    for match in _SENTENCE.finditer(text.text):
        words = len(plain_text(match.group(0)).split())
        if words > config.max_sentence_words:
            start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            yield warning(
                text.at(start),
                f"sentence of {words} words in {clause_id} (limit "
                f"{config.max_sentence_words}); split it in two",
            )
    grade = float(textstat.flesch_kincaid_grade(plain_text(text.text)))
    if grade > config.max_grade:
        yield warning(
            text.at(),
            f"{clause_id} reads at grade {grade:.1f} (limit {config.max_grade:g}); "
            "use shorter sentences and plainer words",
        )


def _duplicate_titles(handbook: Handbook, chapters: dict[str, SourceFile]) -> Iterator[Problem]:
    first: dict[str, tuple[str, Location]] = {}
    for chapter in handbook.chapters:
        source = chapters.get(chapter.id)
        if source is None:
            continue
        for i, clause in enumerate(chapter.clauses):
            where = source.locate(("clauses", i, "title"))
            key = " ".join(clause.title.casefold().split())
            if key in first:
                other, at = first[key]
                yield warning(
                    where,
                    f"clause title '{clause.title}' is also the title of {other} "
                    f"(at {at}); give each clause its own title",
                )
            first.setdefault(key, (clause.id, where))


def _names(term: Term) -> tuple[str, ...]:
    return (term.term, *term.aliases)


def _mentions(term: Term) -> re.Pattern[str]:
    """Plain-text uses of a term or its aliases; plurals count, ABBREVIATIONS match case."""
    parts = []
    for name in _names(term):
        words = r"\s+".join(re.escape(w) for w in name.split())
        parts.append(words if name.isupper() else f"(?i:{words})")
    return re.compile(rf"\b(?:{'|'.join(parts)})(?:e?s)?\b")


def _is_name(target: str, term: Term) -> bool:
    return target.casefold() in {n.casefold() for n in _names(term)}


def _uses(text: str, term: Term) -> Iterator[tuple[int, bool]]:
    """Offsets of every use of ``term`` in ``text``, each with whether it is linked."""
    refs = list(find_references(text))
    for ref in refs:
        if _is_name(ref.target, term):
            yield ref.start, True
    for match in _mentions(term).finditer(text):
        if not any(ref.start <= match.start() < ref.end for ref in refs):
            yield match.start(), False


def _chapter_fields(chapter: Chapter, source: SourceFile) -> Iterator[Field]:
    if chapter.intro:
        yield Field(source, ("intro",), chapter.intro)
    for i, clause in enumerate(chapter.clauses):
        yield Field(source, ("clauses", i, "text"), clause.text)
        if clause.rationale:
            yield Field(source, ("clauses", i, "rationale"), clause.rationale)


def _first_use(
    chapter: Chapter, source: SourceFile, glossary: tuple[Term, ...]
) -> Iterator[Problem]:
    fields = list(_chapter_fields(chapter, source))
    for term in glossary:
        for field in fields:
            uses = sorted(_uses(field.text, term))
            if not uses:
                continue
            offset, linked = uses[0]
            if not linked:
                yield warning(
                    field.at(offset),
                    f"first use of glossary term '{term.term}' in chapter '{chapter.id}' "
                    f"is not linked; write [[{term.term}]] or [[{term.term}|your words]]",
                )
            break


def _prose(handbook: Handbook) -> Iterator[tuple[object, str]]:
    """Every Markdown text of the handbook, with the item it belongs to."""
    if handbook.meta.intro:
        yield handbook.meta, handbook.meta.intro
    for chapter in handbook.chapters:
        if chapter.intro:
            yield chapter, chapter.intro
        for clause in chapter.clauses:
            yield clause, clause.text
            if clause.rationale:
                yield clause, clause.rationale
    for example in handbook.examples:
        yield example, example.scenario
        yield example, example.discussion
    for term in handbook.glossary:
        yield term, term.definition


def _unused_terms(handbook: Handbook, glossary: SourceFile) -> Iterator[Problem]:
    prose = list(_prose(handbook))
    for i, term in enumerate(handbook.glossary):
        used = any(owner is not term and next(_uses(text, term), None) for owner, text in prose)
        if not used:
            yield warning(
                glossary.locate((i, "term")),
                f"glossary term '{term.term}' is never used in the handbook; "
                "use it, or remove it from the glossary",
            )
