# Over 300 lines: the whole source format (every field with its description) in one module,
# the one place the JSON Schemas and the editors' format reference are generated from.
"""The handbook's source format and its validated, immutable model.

The pydantic classes below are the contract of the files under ``policy_src/``:
the validator, the JSON Schemas for editors and the format reference are all
generated from them. Every model is frozen; renderers only read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

CLAUSE_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CYCLE_ID_PATTERN = r"^[0-9]{4}-[A-Z0-9]+$"

ItemId = Annotated[str, StringConstraints(pattern=CLAUSE_ID_PATTERN)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
#: Characters no plain field may hold: control characters (C0, DEL and C1, whose next-line
#: U+0085 breaks a line), line and paragraph separators, and the bidirectional overrides and
#: isolates that reorder the text around them.
_CONTROLS = r"\x00-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069"
#: Plain text: one line, no control characters.
TEXT_PATTERN = rf"^[^{_CONTROLS}]+$"
Text = Annotated[str, StringConstraints(min_length=1, pattern=TEXT_PATTERN)]
Markdown = Annotated[str, StringConstraints(min_length=1)]
#: Plain text shown as typed: one line, no markup brackets (``<``, ``>``, ``[``, ``]``).
LABEL_PATTERN = rf"^[^{_CONTROLS}<>\[\]]*[^\s<>\[\]][^{_CONTROLS}<>\[\]]*$"
Label = Annotated[str, StringConstraints(pattern=LABEL_PATTERN)]
GITHUB_HANDLE_PATTERN = r"^@[A-Za-z0-9-]+(/[A-Za-z0-9._-]+)?$"
GithubHandle = Annotated[str, StringConstraints(pattern=GITHUB_HANDLE_PATTERN)]
#: An email address as plain as a mailbox name gets: letters, digits and ``. _ + -`` before the
#: ``@``, a host name after it. Nothing a ``mailto:`` link gives a meaning to (``? & = % ,``,
#: spaces, line breaks) can appear, so the address cannot add recipients or mail headers.
_EMAIL_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@{_EMAIL_LABEL}(?:\.{_EMAIL_LABEL})+$"
Email = Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)]


class Level(StrEnum):
    MUST = "must"
    SHOULD = "should"
    MAY = "may"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class Outcome(StrEnum):
    GOOD = "good"
    POOR = "poor"
    MIXED = "mixed"


class _Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Edition(_Source):
    title: Text = Field(description="Name of the edition as printed on every page.")
    visibility: tuple[Visibility, ...] = Field(
        min_length=1,
        description="Which items this edition admits: [public] or [public, internal].",
    )
    notice: Text | None = Field(
        None,
        description="Banner shown on every page and in the PDF footer, e.g. "
        "'Internal edition: do not forward'. Defaults to the edition title.",
    )


class ReviewFields(_Source):
    owner: Text | None = Field(None, description="Role accountable for this item.")
    last_reviewed: dt.date | None = Field(None, description="Date of the last review (YYYY-MM-DD).")
    review_every: int | None = Field(
        None, ge=1, le=60, description="Review interval in months; inherited when absent."
    )


class Clause(ReviewFields):
    id: ItemId = Field(
        description="Stable id, never reused: upper-case letters/digits in dash-separated "
        "parts, e.g. SM-PRIV-02."
    )
    title: Text = Field(description="Short title, unique in the handbook.")
    text: Markdown = Field(
        description="The rule itself (Markdown). [[SM-PRIV-02]] links a clause or example, "
        "[[SM-PRIV-02|text]] with custom text, [[closed period]] a glossary term."
    )
    rationale: Markdown | None = Field(None, description="Why the rule exists (Markdown).")
    level: Level = Field(description="Strength of the obligation: must, should or may.")
    applies_to: tuple[Slug, ...] = Field(
        (), description="Audience ids from handbook.yml; absent means everyone."
    )
    visibility: Visibility = Field(
        Visibility.PUBLIC, description="public (every edition) or internal (internal edition only)."
    )
    tags: tuple[Slug, ...] = Field((), description="Lower-case topic tags for the index.")
    see_also: tuple[ItemId, ...] = Field((), description="Ids of related clauses.")
    key: bool = Field(
        False,
        description="A rule that matters most: printed on the quick-reference card "
        "(handbook card). Presentation only: changing it does not change the rule.",
    )
    keywords: tuple[Text, ...] = Field(
        (),
        description="Words and phrases readers may search for that the text does not use "
        "(LinkedIn, tweet, share price): plain text, never shown, read only by the site's "
        "search. Search metadata, not part of the rule: the approved site uses the working "
        "copy's keywords for the clauses it shows.",
    )


class QuizOption(_Source):
    text: Text = Field(description="One answer to choose from, as plain text (one line).")
    correct: bool = Field(False, description="true for a right answer.")


class Question(_Source):
    question: Text = Field(description="The question, as plain text (one line).")
    options: tuple[QuizOption, ...] = Field(
        min_length=2, max_length=5, description="Two to five answers to choose from, in order."
    )
    choose: int = Field(
        1,
        ge=1,
        le=4,
        description="How many of the options are right (default 1); exactly that many must be "
        "marked correct: true.",
    )
    explanation: Markdown = Field(
        description="Why the right answer is right (Markdown); it must link the clause it "
        "rests on, as [[SM-MKT-02]]."
    )


class Chapter(ReviewFields):
    id: Slug = Field(description="Chapter slug, used in the page address.")
    title: Text = Field(description="Chapter title.")
    intro: Markdown | None = Field(None, description="Opening paragraph(s) (Markdown).")
    clauses: tuple[Clause, ...] = Field(
        min_length=1, description="The chapter's clauses, in order."
    )
    quiz: tuple[Question, ...] = Field(
        (),
        description="Self-check questions on the chapter, shown on its quiz page (a reader's "
        "check of their own understanding; nothing is recorded). Not part of the rules: not "
        "in the print handbook or the changelog.",
    )


class Example(_Source):
    id: ItemId = Field(description="Stable id of the worked example, e.g. EX-CRISIS-01.")
    title: Text = Field(description="Short title of the scenario.")
    illustrates: tuple[ItemId, ...] = Field(
        min_length=1, description="Ids of the clauses this scenario illustrates."
    )
    outcome: Outcome = Field(description="good, poor or mixed conduct.")
    scenario: Markdown = Field(description="What happened (Markdown).")
    discussion: Markdown = Field(description="What it teaches, naming the clauses (Markdown).")
    visibility: Visibility = Field(Visibility.PUBLIC, description="public or internal.")


class Term(_Source):
    term: Text = Field(description="The defined term.")
    definition: Markdown = Field(description="Its definition (Markdown).")
    aliases: tuple[Text, ...] = Field((), description="Other spellings or abbreviations.")
    visibility: Visibility = Field(Visibility.PUBLIC, description="public or internal.")


class Cycle(_Source):
    id: Annotated[str, StringConstraints(pattern=CYCLE_ID_PATTERN)] = Field(
        description="Review cycle id, e.g. 2026-H1."
    )
    closed: dt.date = Field(description="Date the cycle was closed and approved (YYYY-MM-DD).")
    approved_by: Text = Field(description="Person or body that approved the cycle.")
    summary: Markdown | None = Field(None, description="Human note on the cycle (Markdown).")
    effective: dt.date | None = Field(
        None,
        description="Date the approved text takes effect (YYYY-MM-DD): the closing date or "
        "later. Without it, the closing date.",
    )

    editorial: tuple[Text, ...] = Field(
        (),
        description="Items (clause or example ids, glossary terms) whose changes in this cycle "
        "are editorial: typos or wording that does not change the rule, so nobody has to "
        "acknowledge them again. Only rewordings and moves can be editorial; every other "
        "change is material.",
    )

    @property
    def in_force(self) -> dt.date:
        """The date this cycle's text takes effect."""
        return self.effective or self.closed


class LintConfig(_Source):
    max_sentence_words: int = Field(
        30, ge=5, description="Longest sentence allowed in a clause's text, in words."
    )
    max_grade: float = Field(
        14.0,
        ge=1,
        description="Highest Flesch-Kincaid grade allowed for a clause's text "
        "(12 is a school leaver, 16 a graduate).",
    )
    vague_words: tuple[Text, ...] = Field(
        (
            "appropriate",
            "appropriately",
            "as needed",
            "as necessary",
            "where possible",
            "if possible",
            "reasonable",
            "timely",
            "etc",
        ),
        description="Words and phrases too vague for a must clause; replacing the list "
        "replaces the defaults.",
    )


class QuickAnswer(_Source):
    question: Text = Field(
        description="What a reader wants to do, in their words, e.g. 'Post about our results'."
    )
    clause: ItemId = Field(description="Id of the (public) clause that answers it.")
    answer: Text = Field(
        description="The answer in one or two plain sentences (shown as typed), e.g. 'Only "
        "after the results are published, and only by sharing the official announcement.'"
    )


class HandbookMeta(_Source):
    title: Text = Field(description="Title of the handbook.")
    organisation: Text = Field(description="Organisation that issues it.")
    owner: Text = Field(description="Role that owns the policy.")
    approver: Text | None = Field(None, description="Body that approves each review cycle.")
    effective: dt.date | None = Field(
        None,
        description="Date the handbook is planned to take effect, before its first review "
        "cycle closes (it dates the draft PDF and the first review); after that, the latest "
        "cycle's effective date applies (cycles.yml).",
    )
    published_at: Text | None = Field(None, description="Address of the live handbook.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] = Field(
        "en",
        description="Code of the language the sources are written in (en): the binding text. "
        "Translations live in translations/<code>/.",
    )
    contact_email: Email | None = Field(
        None,
        description="Address readers write to with a question about a rule: each clause on "
        "the site gets an 'Ask about this rule' link that opens an email to it, with the "
        "clause number and title in the subject, e.g. social-media@harbourline.example.",
    )
    review_every: int = Field(12, ge=1, le=60, description="Default review interval in months.")
    acknowledge_within: int = Field(
        30,
        ge=1,
        le=366,
        description="Days a new leader has, from their start date, to return the signed "
        "acknowledgement of their onboarding pack (handbook onboarding).",
    )
    intro: Markdown | None = Field(None, description="Text of the home page (Markdown).")
    audiences: dict[Slug, Text] = Field(
        min_length=1, description="Audience id → label, e.g. executives: Executive team."
    )
    editions: dict[Slug, Edition] = Field(
        min_length=1, description="Edition id → {title, visibility}."
    )
    tags: dict[Slug, Label] = Field(
        default_factory=dict,
        description="Tag → its label in the print index (plain text), e.g. market-disclosure: "
        "Market disclosure. A tag without one is shown as its words (Market disclosure); a "
        "label that is a glossary term or alias shares that term's index entry.",
    )
    lint: LintConfig = Field(
        default_factory=LintConfig,
        description="Thresholds of the style lint (handbook lint); every key is optional.",
    )
    image_hosts: tuple[Text, ...] = Field(
        (),
        description="Hosts the site and handbook may show images from (https addresses "
        "only), e.g. media.harbourline.example. Any other image is refused.",
    )
    quick_answers: tuple[QuickAnswer, ...] = Field(
        (),
        description="The questions readers arrive with, answered on the home page under "
        "'I want to...': each a question, the id of the clause that answers it and a short "
        "answer. Like any text, shown on the published site once a review cycle approves it.",
    )
    github_teams: dict[Text, GithubHandle] = Field(
        default_factory=dict,
        description="Owner role → GitHub team or user that reviews its files, e.g. "
        "Director of Corporate Communications: '@harbourline/comms'. Used for CODEOWNERS.",
    )


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Handbook:
    """The validated handbook, as one edition sees it."""

    meta: HandbookMeta
    chapters: tuple[Chapter, ...]
    examples: tuple[Example, ...]
    glossary: tuple[Term, ...]
    edition: str
    cycles: tuple[Cycle, ...] = ()
    audience: str = ""  # set when cut down to one audience's clauses
    draft: bool = False  # the working copy, shown for review (views.versions.draft)
    locations: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)
    # A cut of a larger text (one audience's clauses) keeps that text's numbers: chapter and
    # clause id → its number there, so "3.3" is the same rule in every book and on the site.
    numbering: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # A translation (views.languages.translate): its language code ("" for the source text),
    # each item's state there (item key → "translated", "stale" or "missing": the last two
    # show the source text) and the words of the pages in that language (label key → words).
    language: str = ""
    translated: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def latest_cycle(self) -> Cycle | None:
        """The latest closed review cycle, if any."""
        return max(self.cycles, key=lambda cycle: cycle.closed, default=None)

    @property
    def approved(self) -> bool:
        """The text of a closed review cycle. The working copy, and a handbook before its
        first cycle closes, are drafts: not approved, not in force."""
        return not self.draft and self.latest_cycle is not None

    @property
    def effective(self) -> dt.date | None:
        """The date this text takes effect, the one date every output shows: the latest
        cycle's, else handbook.yml's ``effective``."""
        latest = self.latest_cycle
        return latest.in_force if latest else self.meta.effective

    @cached_property
    def clause_numbers(self) -> dict[str, str]:
        """Clause id → position number such as ``3.2`` (in a cut, the full text's)."""
        return {
            clause.id: self.numbering.get(clause.id, f"{c}.{n}")
            for c, chapter in enumerate(self.chapters, start=1)
            for n, clause in enumerate(chapter.clauses, start=1)
        }

    @cached_property
    def chapter_numbers(self) -> dict[str, str]:
        """Chapter id → its number such as ``3`` (in a cut, the full text's)."""
        return {
            chapter.id: self.numbering.get(chapter.id, str(c))
            for c, chapter in enumerate(self.chapters, start=1)
        }

    def clauses(self) -> tuple[tuple[Chapter, Clause], ...]:
        return tuple((ch, cl) for ch in self.chapters for cl in ch.clauses)

    def examples_for(self, clause_id: str) -> tuple[Example, ...]:
        """The worked examples that illustrate a clause, in example order."""
        return self._examples_by_clause.get(clause_id, ())

    @cached_property
    def _examples_by_clause(self) -> dict[str, tuple[Example, ...]]:
        found: dict[str, list[Example]] = {}
        for example in self.examples:
            for clause_id in dict.fromkeys(example.illustrates):
                found.setdefault(clause_id, []).append(example)
        return {clause_id: tuple(examples) for clause_id, examples in found.items()}

    @property
    def edition_meta(self) -> Edition:
        return self.meta.editions[self.edition]
