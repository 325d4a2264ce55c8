"""The translation source format, and the fingerprint that tells a fresh translation from a
stale one.

A translation lives beside the originals, one folder per language
(``policy_src/translations/de/``): ``language.yml`` (the language's name, what to report and
the handbook-level text), ``chapters/*.yml`` (one file per chapter, clauses keyed by id),
``examples.yml`` (keyed by example id) and ``glossary.yml`` (keyed by the English term).
Only words are translated: ids, levels, audiences, tags, references and visibility stay in
the English source, the one source of truth, and a translation file cannot hold them.

Every translated item records, in ``source``, the :func:`fingerprint` of the English text it
was translated from. Where that English text changes, the fingerprint no longer matches and
the translation is *stale*: every output then shows the English text with a notice, and
``handbook check`` names the item.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from build_tools.source.model import (
    Chapter,
    Clause,
    Example,
    HandbookMeta,
    ItemId,
    Label,
    Location,
    Markdown,
    QuickAnswer,
    Slug,
    Term,
    Text,
    _Source,
)

#: Four groups of four hex digits, such as ``6e22-7e27-fdbf-73ba``: the dashes keep YAML from
#: reading an all-digit fingerprint as a number.
FINGERPRINT_PATTERN = r"^[0-9a-f]{4}(-[0-9a-f]{4}){3}$"
#: A language code as ``<html lang>`` takes it: ``de``, ``fr``, ``pt-BR``.
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"
Fingerprint = Annotated[str, StringConstraints(pattern=FINGERPRINT_PATTERN)]
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
Report = Literal["error", "warning", "off"]

_SOURCE = (
    "Fingerprint of the English text this was translated from (such as 6e22-7e27-fdbf-73ba; "
    "`handbook translations fingerprint ID` prints the current one). When the English "
    "changes, the translation is stale and the English text is shown instead."
)


def folder_problem(code: str, meta: HandbookMeta) -> str | None:
    """Why ``translations/<code>/`` cannot be a translation of a handbook with ``meta``, or
    None: not a language code, the sources' own language (in any region: the root site and
    ``handbook.pdf`` are that language's), or an audience id (both books would be
    ``handbook-<code>.pdf``)."""
    if not re.fullmatch(LANGUAGE_PATTERN, code):
        return f"'{code}' is not a language code: name the folder like de or pt-BR"
    if code.split("-")[0] == meta.language.split("-")[0]:
        return f"'{code}' is the language of the sources (handbook.yml)"
    if code in meta.audiences:
        return (
            f"'{code}' is also an audience id in handbook.yml: its print handbook and the "
            f"audience's would both be handbook-{code}.pdf"
        )
    return None


def fingerprint(*texts: str | None) -> str:
    """The fingerprint of an item's English words: 16 hex digits of a SHA-256 over them, in
    groups of four (``6e22-7e27-fdbf-73ba``).

    Runs of white space count as one space, so re-wrapping a paragraph leaves a translation
    fresh; any change of a word, a number or a punctuation mark makes it stale."""
    words = [" ".join(text.split()) if text is not None else None for text in texts]
    canonical = json.dumps(words, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


#: The English words each kind of item has, which a translation gives field by field; the
#: fingerprint is taken over them in this order.
FIELDS: dict[str, tuple[str, ...]] = {
    "handbook": ("title", "intro"),
    "quick": ("question", "answer"),
    "chapter": ("title", "intro"),
    "clause": ("title", "text", "rationale"),
    "example": ("title", "scenario", "discussion"),
    "term": ("term", "definition"),
}


def words(kind: str, item: object) -> dict[str, str | None]:
    """Field → words of ``item`` (English or translated) of ``kind``, as :data:`FIELDS` has it."""
    return {name: getattr(item, name) for name in FIELDS[kind]}


def fingerprint_of(kind: str, item: object) -> str:
    """The fingerprint of an English item's words."""
    return fingerprint(*words(kind, item).values())


def of_clause(clause: Clause) -> str:
    return fingerprint_of("clause", clause)


def of_example(example: Example) -> str:
    return fingerprint_of("example", example)


def of_term(term: Term) -> str:
    return fingerprint_of("term", term)


def of_chapter(chapter: Chapter) -> str:
    return fingerprint_of("chapter", chapter)


def of_handbook(meta: HandbookMeta) -> str:
    return fingerprint_of("handbook", meta)


def of_quick_answer(quick: QuickAnswer) -> str:
    return fingerprint_of("quick", quick)


class ClauseText(_Source):
    source: Fingerprint = Field(description=_SOURCE)
    title: Text = Field(description="The clause's title, translated.")
    text: Markdown = Field(
        description="The rule, translated (Markdown, with the same [[ID]] references)."
    )
    rationale: Markdown | None = Field(
        None, description="Why the rule exists, translated; required when the English has one."
    )
    keywords: tuple[Text, ...] = Field(
        (), description="Words readers of this language may search for (never shown)."
    )


class ChapterText(_Source):
    chapter: Slug = Field(description="Id of the English chapter this file translates.")
    source: Fingerprint = Field(description=_SOURCE + " (Of the chapter's title and intro.)")
    title: Text = Field(description="The chapter's title, translated.")
    intro: Markdown | None = Field(
        None, description="The opening paragraphs, translated; required when the English has one."
    )
    clauses: dict[ItemId, ClauseText] = Field(
        default_factory=dict, description="Clause id → its translation. Leave out what is not done."
    )


class ExampleText(_Source):
    source: Fingerprint = Field(description=_SOURCE)
    title: Text = Field(description="The scenario's title, translated.")
    scenario: Markdown = Field(description="What happened, translated (Markdown).")
    discussion: Markdown = Field(description="What it teaches, translated (Markdown).")


class TermText(_Source):
    source: Fingerprint = Field(description=_SOURCE + " (Of the term and its definition.)")
    term: Text = Field(description="The term in this language.")
    definition: Markdown = Field(description="Its definition, translated (Markdown).")
    aliases: tuple[Text, ...] = Field(
        (), description="Other spellings in this language; the English term always works too."
    )


class HandbookText(_Source):
    source: Fingerprint = Field(description=_SOURCE + " (Of handbook.yml's title and intro.)")
    title: Text = Field(description="The handbook's title, translated.")
    intro: Markdown | None = Field(None, description="The home page text, translated.")


class EditionText(_Source):
    title: Text = Field(description="The edition's name, translated.")
    notice: Text | None = Field(None, description="Its banner, translated.")


class QuickAnswerText(_Source):
    clause: ItemId = Field(description="The clause id of the English quick answer translated.")
    source: Fingerprint = Field(description=_SOURCE + " (Of the question and answer.)")
    question: Text = Field(description="The question, translated.")
    answer: Text = Field(description="The answer, translated.")


class LanguageFile(_Source):
    """``translations/<code>/language.yml``."""

    name: Text = Field(description="The language's name in itself, e.g. Deutsch: the switcher.")
    handbook: HandbookText | None = Field(None, description="handbook.yml's title and intro.")
    audiences: dict[Slug, Text] = Field(
        default_factory=dict, description="Audience id → its label in this language."
    )
    tags: dict[Slug, Label] = Field(
        default_factory=dict, description="Tag → its label in this language."
    )
    editions: dict[Slug, EditionText] = Field(
        default_factory=dict, description="Edition id → its name and banner in this language."
    )
    quick_answers: tuple[QuickAnswerText, ...] = Field(
        (), description="The home page's quick answers, translated, each naming its clause."
    )
    labels: dict[Text, Text] = Field(
        default_factory=dict,
        description="The words of the pages and the print handbook (headings, buttons, the "
        "acknowledgement page), by key: `handbook translations labels` lists the keys and the "
        "English words. A label left out is shown in English.",
    )
    stale_must: Report = Field(
        "error", description="How `check` reports a stale translation of a must clause."
    )
    stale: Report = Field(
        "warning", description="How `check` reports every other stale translation."
    )
    missing: Report = Field(
        "warning", description="How `check` reports an item not yet translated."
    )


class State(StrEnum):
    """How far an item's translation is from its English text."""

    TRANSLATED = "translated"  # fresh: translated from the English text shown
    STALE = "stale"  # translated from an older English text: the English applies
    MISSING = "missing"  # not translated yet


#: The translation of one item, whatever its kind.
ItemText = HandbookText | QuickAnswerText | ChapterText | ClauseText | ExampleText | TermText


@dataclass(frozen=True)
class Translation:
    """One language's validated translation, keyed by the English items it translates."""

    code: str
    language: LanguageFile
    chapters: dict[str, ChapterText] = field(default_factory=dict)
    clauses: dict[str, ClauseText] = field(default_factory=dict)
    examples: dict[str, ExampleText] = field(default_factory=dict)
    terms: dict[str, TermText] = field(default_factory=dict)  # English term, case-folded →
    #: Item key (see :func:`item_key`) → where its translation is.
    locations: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        return self.language.name

    def text(self, kind: str, name: str, current: str = "") -> ItemText | None:
        """The translation of the English item of ``kind`` named ``name`` (an id, a chapter
        id, a term, a quick answer's clause; nothing for the handbook), or None. Of two
        translations of one clause's quick answer, the one made from the words whose
        fingerprint is ``current`` comes first."""
        if kind == "handbook":
            return self.language.handbook
        if kind == "quick":
            given = [quick for quick in self.language.quick_answers if quick.clause == name]
            fresh = [quick for quick in given if quick.source == current]
            return next(iter(fresh or given), None)
        tables: dict[str, Mapping[str, ItemText]] = {
            "chapter": self.chapters,
            "clause": self.clauses,
            "example": self.examples,
            "term": self.terms,
        }
        return tables[kind].get(name.casefold() if kind == "term" else name)


def state(found: ItemText | None, current: str) -> State:
    """How far a translation (``found``, None when there is none) is from the English words
    whose fingerprint is ``current``."""
    if found is None:
        return State.MISSING
    return State.TRANSLATED if found.source == current else State.STALE


def item_key(kind: str, name: str) -> str:
    """The key of a translatable item in :attr:`Translation.locations` and in the states a
    translated handbook carries: a clause or example id as it is, ``chapter:<id>``,
    ``term:<English term, case-folded>``, ``handbook`` or ``quick:<clause id>``."""
    if kind in ("clause", "example"):
        return name
    if kind == "handbook":
        return "handbook"
    return f"{kind}:{name.casefold() if kind == 'term' else name}"
