"""Read and validate ``translations/<code>/``: every language's files against the English model.

A translation file is as untrusted as any source: it is read through the same loader (size,
encoding, links that leave the sources, YAML shapes) and its Markdown is held to the same rules
as the English text's (references must resolve and respect visibility; nothing the sanitizer
would remove). It may only name items that exist in the English source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from build_tools.source import translation as tr
from build_tools.source.explain import did_you_mean, explain, type_name
from build_tools.source.labels import UI, slots
from build_tools.source.loader import NodePath, SourceFile, display_path, load_file
from build_tools.source.model import Chapter, Handbook, Location, Visibility
from build_tools.source.problems import Problem
from build_tools.source.translation import (
    ChapterText,
    ExampleText,
    LanguageFile,
    TermText,
    Translation,
    item_key,
)
from build_tools.source.translation_terms import term_name_problems
from build_tools.source.translation_text import TextCheck

FOLDER = "translations"
M = TypeVar("M", bound=BaseModel)


def load_translations(
    root: Path, handbook: Handbook
) -> tuple[tuple[Translation, ...], list[Problem]]:
    """Every language under ``root/translations/``, validated against ``handbook`` (the
    English working copy), in order of language code; with every problem found."""
    folder = root / FOLDER
    problems: list[Problem] = []
    if not folder.is_dir() or folder.is_symlink():
        if folder.is_symlink():
            problems.append(Problem(Location(display_path(folder)), "a symbolic link; refused"))
        return (), problems
    found = []
    for language in sorted(folder.iterdir()):
        why = tr.folder_problem(language.name, handbook.meta)
        if language.is_symlink() or not language.is_dir():
            why = "expected a folder per language; refused"
        if why is not None:
            problems.append(Problem(Location(display_path(language)), why))
        elif translation := _Reader(root, language, handbook, problems).read():
            found.append(translation)
    return tuple(found), problems


@dataclass
class _Reader:
    root: Path
    folder: Path
    handbook: Handbook
    problems: list[Problem]
    locations: dict[str, Location] = field(default_factory=dict)

    def read(self) -> Translation | None:
        code = self.folder.name
        language_file = self._file(self.folder / "language.yml", required=True)
        language = self._parse(language_file, LanguageFile) if language_file else None
        chapters = self._chapters()
        examples = self._entries("examples.yml", ExampleText, self._example_id)
        terms = self._entries("glossary.yml", TermText, self._term_key)
        if language is None or language_file is None:
            return None
        self._check_language(language_file, language)
        self.problems.extend(term_name_problems(self.handbook, terms))
        text = TextCheck(self.handbook, [(key, term) for _, key, term in terms], self.problems)
        for source, path, (markdown, owner) in self._markdown(chapters, examples, terms):
            text.check(source, path, markdown, owner)
        if language.handbook is not None:  # the home page's text, in every edition
            intro = language.handbook.intro
            text.check(language_file, ("handbook", "intro"), intro, Visibility.PUBLIC)
        return Translation(
            code=code,
            language=language,
            chapters={chapter.chapter: chapter for _, chapter in chapters},
            clauses={
                clause_id: clause
                for _, chapter in chapters
                for clause_id, clause in chapter.clauses.items()
            },
            examples={key: example for _, key, example in examples},
            terms={key: term for _, key, term in terms},
            locations=self.locations,
        )

    # Files

    def _file(self, path: Path, *, required: bool = False) -> SourceFile | None:
        if not (path.exists() or path.is_symlink()):
            if required:
                self.problems.append(Problem(Location(display_path(path)), "file is missing"))
            return None
        source, found = load_file(path, display_path(path), within=self.root)
        self.problems.extend(found)
        return source

    def _parse(self, source: SourceFile, model: type[M], path: NodePath = ()) -> M | None:
        try:
            return model.model_validate(source.data_at(path))
        except ValidationError as err:
            self.problems.extend(explain(source, model, err, path))
            return None

    def _mapping(self, source: SourceFile) -> dict[str, object]:
        if isinstance(source.data, dict):
            return source.data
        found = type_name(source.data)
        self.problems.append(Problem(source.locate(()), f"expected a mapping, found {found}"))
        return {}

    # Items

    def _chapters(self) -> list[tuple[SourceFile, ChapterText]]:
        found: list[tuple[SourceFile, ChapterText]] = []
        seen: dict[str, str] = {}
        folder = self.folder / "chapters"
        if folder.is_symlink():  # its files would be read, and imports written, where it leads
            self._fail(Location(display_path(folder)), "a symbolic link; refused")
            return found
        for path in sorted(folder.glob("*.yml")):
            source = self._file(path)
            chapter = self._parse(source, ChapterText) if source else None
            if source is None or chapter is None:
                continue
            english = self._english_chapters.get(chapter.chapter)
            where = source.locate(("chapter",))
            if english is None:
                hint = did_you_mean(chapter.chapter, list(self._english_chapters))
                self._fail(where, f"chapter '{chapter.chapter}' does not exist{hint}")
            elif chapter.chapter in seen:
                self._fail(where, f"chapter '{chapter.chapter}' is also in {seen[chapter.chapter]}")
            else:
                seen[chapter.chapter] = source.path
                self.locations[item_key("chapter", chapter.chapter)] = source.locate(("title",))
                fresh = tr.of_chapter(english) == chapter.source
                self._require(source, (), "intro", english.intro, chapter.intro, fresh)
                self._clauses(source, english, chapter)
                found.append((source, chapter))
        return found

    def _clauses(self, source: SourceFile, english: Chapter, chapter: ChapterText) -> None:
        own = {clause.id: clause for clause in english.clauses}
        for clause_id, clause in chapter.clauses.items():
            at = source.locate(("clauses", clause_id), key=True)
            if clause_id not in own:
                other = self._chapter_of.get(clause_id)
                hint = f" (it is in '{other}')" if other else did_you_mean(clause_id, list(own))
                self._fail(at, f"clause '{clause_id}' is not in chapter '{english.id}'{hint}")
                continue
            self.locations[clause_id] = at
            fresh = tr.of_clause(own[clause_id]) == clause.source
            path: NodePath = ("clauses", clause_id)
            self._require(
                source, path, "rationale", own[clause_id].rationale, clause.rationale, fresh
            )

    @cached_property
    def _english_chapters(self) -> dict[str, Chapter]:
        return {chapter.id: chapter for chapter in self.handbook.chapters}

    @cached_property
    def _chapter_of(self) -> dict[str, str]:
        return {clause.id: chapter.id for chapter, clause in self.handbook.clauses()}

    def _entries(
        self, name: str, model: type[M], key_of: Callable[[SourceFile, str], str | None]
    ) -> list[tuple[SourceFile, str, M]]:
        source = self._file(self.folder / name)
        if source is None:
            return []
        found: list[tuple[SourceFile, str, M]] = []
        for key in self._mapping(source):
            entry = self._parse(source, model, (key,))
            own = key_of(source, key)
            if entry is not None and own is not None:
                found.append((source, own, entry))
        return found

    def _example_id(self, source: SourceFile, key: str) -> str | None:
        ids = [example.id for example in self.handbook.examples]
        if key not in ids:
            self._fail(
                source.locate((key,), key=True),
                f"example '{key}' does not exist{did_you_mean(key, ids)}",
            )
            return None
        self.locations[key] = source.locate((key,), key=True)
        return key

    def _term_key(self, source: SourceFile, key: str) -> str | None:
        names = {term.term.casefold(): term.term for term in self.handbook.glossary}
        if key.casefold() not in names:
            hint = did_you_mean(key, list(names.values()))
            self._fail(
                source.locate((key,), key=True), f"glossary term '{key}' does not exist{hint}"
            )
            return None
        self.locations[item_key("term", key)] = source.locate((key,), key=True)
        return key.casefold()

    # Checks

    def _require(
        self,
        source: SourceFile,
        path: NodePath,
        name: str,
        english: str | None,
        translated: str | None,
        fresh: bool,
    ) -> None:
        """A fresh translation must translate every field its English item has."""
        if fresh and english and not translated:
            message = f"the English text has a {name}: translate it too (or it would be lost)"
            self._fail(source.locate(path), message)

    def _check_language(self, source: SourceFile, language: LanguageFile) -> None:
        meta = self.handbook.meta
        for name, known in (("audiences", meta.audiences), ("editions", meta.editions)):
            for key in getattr(language, name):
                if key not in known:
                    hint = did_you_mean(key, list(known))
                    self._fail(
                        source.locate((name, key), key=True),
                        f"{name}: '{key}' is not in handbook.yml{hint}",
                    )
        for key, words in language.labels.items():
            if key not in UI:
                hint = did_you_mean(key, list(UI))
                self._fail(
                    source.locate(("labels", key), key=True), f"labels: unknown label '{key}'{hint}"
                )
            elif slots(words) != slots(UI[key]):
                wanted = ", ".join(f"{{{name}}}" for name in slots(UI[key])) or "none"
                message = f"labels: '{key}' must have the English words' slots: {wanted}"
                self._fail(source.locate(("labels", key)), message)
        clauses = {quick.clause for quick in meta.quick_answers}
        for i, quick in enumerate(language.quick_answers):
            if quick.clause not in clauses:
                message = f"quick_answers: handbook.yml has no quick answer for '{quick.clause}'"
                self._fail(source.locate(("quick_answers", i, "clause")), message)
        if language.handbook is not None:
            self.locations["handbook"] = source.locate(("handbook",), key=True)

    def _markdown(
        self,
        chapters: list[tuple[SourceFile, ChapterText]],
        examples: list[tuple[SourceFile, str, ExampleText]],
        terms: list[tuple[SourceFile, str, TermText]],
    ) -> Iterable[tuple[SourceFile, NodePath, tuple[str | None, Visibility]]]:
        """Every Markdown field, with the visibility of the English item it belongs to."""
        visibility = {clause.id: clause.visibility for _, clause in self.handbook.clauses()}
        visibility |= {example.id: example.visibility for example in self.handbook.examples}
        public = Visibility.PUBLIC
        for source, chapter in chapters:
            yield source, ("intro",), (chapter.intro, public)
            for clause_id, clause in chapter.clauses.items():
                if clause_id in visibility:
                    for name in ("text", "rationale"):
                        yield (
                            source,
                            ("clauses", clause_id, name),
                            (getattr(clause, name), visibility[clause_id]),
                        )
        for source, key, example in examples:
            for name in ("scenario", "discussion"):
                yield source, (key, name), (getattr(example, name), visibility[key])
        glossary = {term.term.casefold(): term.visibility for term in self.handbook.glossary}
        for source, key, term in terms:
            raw = next(k for k in source.data if isinstance(k, str) and k.casefold() == key)
            yield source, (raw, "definition"), (term.definition, glossary[key])

    def _fail(self, where: Location, message: str) -> None:
        self.problems.append(Problem(where, message))
