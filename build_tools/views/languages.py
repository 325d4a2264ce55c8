"""Model → model: the handbook in another language.

A translated item replaces the English words only where its fingerprint matches the English
text being shown (the approved text on the published site, the working copy in a draft). A
stale or missing translation leaves the English words, and the item's state says so, so
every renderer can mark it. Ids, levels, audiences, tags, references and visibility are the
English source's, untouched: a translation cannot change a rule's reach, and the edition cut
(:func:`build_tools.views.editions.for_edition`) that follows works as for the English text.
"""

from __future__ import annotations

import dataclasses

from build_tools.source import translation as tr
from build_tools.source.model import (
    Chapter,
    Clause,
    Edition,
    Example,
    Handbook,
    HandbookMeta,
    QuickAnswer,
    Term,
)
from build_tools.source.translation import State, Translation, item_key


def translate(handbook: Handbook, translation: Translation) -> Handbook:
    """``handbook`` in ``translation``'s language, every item marked with its state."""
    states: dict[str, str] = {}
    chapters = tuple(_chapter(chapter, translation, states) for chapter in handbook.chapters)
    examples = tuple(_example(example, translation, states) for example in handbook.examples)
    glossary = tuple(_term(term, translation, states) for term in handbook.glossary)
    return dataclasses.replace(
        handbook,
        meta=_meta(handbook.meta, translation, states),
        chapters=chapters,
        examples=examples,
        glossary=glossary,
        language=translation.code,
        translated=states,
        labels=dict(translation.language.labels),
    )


def states(handbook: Handbook, translation: Translation) -> dict[str, State]:
    """Item key → the state of its translation against ``handbook``'s English text."""
    return {key: State(value) for key, value in translate(handbook, translation).translated.items()}


def _state(found: object, source: str | None, current: str) -> State:
    if found is None:
        return State.MISSING
    return State.TRANSLATED if source == current else State.STALE


def _chapter(chapter: Chapter, translation: Translation, states: dict[str, str]) -> Chapter:
    found = translation.chapters.get(chapter.id)
    key = item_key("chapter", chapter.id)
    state = _state(found, found.source if found else None, tr.of_chapter(chapter))
    states[key] = state
    update: dict[str, object] = {
        "clauses": tuple(_clause(clause, translation, states) for clause in chapter.clauses)
    }
    if found is not None and state is State.TRANSLATED:
        update |= {"title": found.title, "intro": found.intro}
    return chapter.model_copy(update=update)


def _clause(clause: Clause, translation: Translation, states: dict[str, str]) -> Clause:
    found = translation.clauses.get(clause.id)
    state = _state(found, found.source if found else None, tr.of_clause(clause))
    states[clause.id] = state
    if found is None or state is not State.TRANSLATED:
        return clause
    return clause.model_copy(
        update={
            "title": found.title,
            "text": found.text,
            "rationale": found.rationale,
            "keywords": found.keywords,
        }
    )


def _example(example: Example, translation: Translation, states: dict[str, str]) -> Example:
    found = translation.examples.get(example.id)
    state = _state(found, found.source if found else None, tr.of_example(example))
    states[example.id] = state
    if found is None or state is not State.TRANSLATED:
        return example
    update = {"title": found.title, "scenario": found.scenario, "discussion": found.discussion}
    return example.model_copy(update=update)


def _term(term: Term, translation: Translation, states: dict[str, str]) -> Term:
    found = translation.terms.get(term.term.casefold())
    key = item_key("term", term.term)
    state = _state(found, found.source if found else None, tr.of_term(term))
    states[key] = state
    if found is None or state is not State.TRANSLATED:
        return term
    # The English names keep working: a reference [[closed period]] in an item shown in
    # English, or in a translation, still finds the term.
    english = tuple(name for name in (term.term, *term.aliases) if name != found.term)
    aliases = tuple(dict.fromkeys((*found.aliases, *english)))
    update = {"term": found.term, "definition": found.definition, "aliases": aliases}
    return term.model_copy(update=update)


def _meta(meta: HandbookMeta, translation: Translation, states: dict[str, str]) -> HandbookMeta:
    language = translation.language
    found = language.handbook
    state = _state(found, found.source if found else None, tr.of_handbook(meta))
    states[item_key("handbook", "")] = state
    update: dict[str, object] = {
        "audiences": {
            key: language.audiences.get(key, name) for key, name in meta.audiences.items()
        },
        "tags": {**meta.tags, **language.tags},
        "editions": {
            key: _edition(edition, language.editions.get(key))
            for key, edition in meta.editions.items()
        },
        "quick_answers": tuple(_quick(quick, language, states) for quick in meta.quick_answers),
    }
    if found is not None and state is State.TRANSLATED:
        update |= {"title": found.title, "intro": found.intro}
    return meta.model_copy(update=update)


def _edition(edition: Edition, found: tr.EditionText | None) -> Edition:
    if found is None:
        return edition
    return edition.model_copy(update={"title": found.title, "notice": found.notice})


def _quick(quick: QuickAnswer, language: tr.LanguageFile, states: dict[str, str]) -> QuickAnswer:
    current = tr.of_quick_answer(quick)
    candidates = [found for found in language.quick_answers if found.clause == quick.clause]
    found = next((q for q in candidates if q.source == current), None) or next(
        iter(candidates), None
    )
    key = item_key("quick", quick.clause)
    state = _state(found, found.source if found else None, current)
    states[key] = state
    if found is None or state is not State.TRANSLATED:
        return quick
    return quick.model_copy(update={"question": found.question, "answer": found.answer})
