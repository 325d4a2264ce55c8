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


def _fresh(
    translation: Translation, kind: str, name: str, english: object, states: dict[str, str]
) -> dict[str, str | None] | None:
    """The translated words of an English item when they were translated from exactly its
    words, else None; its state goes into ``states``."""
    current = tr.fingerprint_of(kind, english)
    found = translation.text(kind, name, current)
    state = tr.state(found, current)
    states[item_key(kind, name)] = state
    return tr.words(kind, found) if found is not None and state is State.TRANSLATED else None


def _chapter(chapter: Chapter, translation: Translation, states: dict[str, str]) -> Chapter:
    update: dict[str, object] = {
        "clauses": tuple(_clause(clause, translation, states) for clause in chapter.clauses)
    }
    update |= _fresh(translation, "chapter", chapter.id, chapter, states) or {}
    return chapter.model_copy(update=update)


def _clause(clause: Clause, translation: Translation, states: dict[str, str]) -> Clause:
    fresh = _fresh(translation, "clause", clause.id, clause, states)
    if fresh is None:
        return clause
    keywords = translation.clauses[clause.id].keywords  # search words of the language
    return clause.model_copy(update={**fresh, "keywords": keywords})


def _example(example: Example, translation: Translation, states: dict[str, str]) -> Example:
    fresh = _fresh(translation, "example", example.id, example, states)
    return example if fresh is None else example.model_copy(update=fresh)


def _term(term: Term, translation: Translation, states: dict[str, str]) -> Term:
    fresh = _fresh(translation, "term", term.term, term, states)
    if fresh is None:
        return term
    # The English names keep working: a reference [[closed period]] in an item shown in
    # English, or in a translation, still finds the term.
    own = translation.terms[term.term.casefold()]
    english = tuple(name for name in (term.term, *term.aliases) if name != own.term)
    aliases = tuple(dict.fromkeys((*own.aliases, *english)))
    return term.model_copy(update={**fresh, "aliases": aliases})


def _meta(meta: HandbookMeta, translation: Translation, states: dict[str, str]) -> HandbookMeta:
    language = translation.language
    update: dict[str, object] = {
        "audiences": {
            key: language.audiences.get(key, name) for key, name in meta.audiences.items()
        },
        "tags": {**meta.tags, **language.tags},
        "editions": {
            key: _edition(edition, language.editions.get(key))
            for key, edition in meta.editions.items()
        },
        "quick_answers": tuple(_quick(quick, translation, states) for quick in meta.quick_answers),
    }
    update |= _fresh(translation, "handbook", "", meta, states) or {}
    return meta.model_copy(update=update)


def _edition(edition: Edition, found: tr.EditionText | None) -> Edition:
    if found is None:
        return edition
    return edition.model_copy(update={"title": found.title, "notice": found.notice})


def _quick(quick: QuickAnswer, translation: Translation, states: dict[str, str]) -> QuickAnswer:
    fresh = _fresh(translation, "quick", quick.clause, quick, states)
    return quick if fresh is None else quick.model_copy(update=fresh)
