"""The quick-reference card: the clauses marked ``key: true`` that apply to one audience, on
the two sides of one sheet (A4, A5 or letter), each with the number and id of the full clause.

Every rule that applies is printed or the card is refused: when the rules do not fit on two
sides, the type shrinks a step at a time, down to a smallest size; then :class:`CardTooLong`
says how many fit. No rule is ever left out silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup

from build_tools.printbook import pdf
from build_tools.printbook.html import LANGUAGE, TEMPLATES, css_string
from build_tools.review import version
from build_tools.source import sanitize
from build_tools.source.errors import HandbookError
from build_tools.source.labels import LEVEL_LABELS
from build_tools.source.markup import rendered
from build_tools.source.model import Clause, Handbook
from build_tools.source.references import Reference
from build_tools.source.sanitize import markdown_text
from build_tools.views.audiences import for_audience

CardPaper = Literal["a4", "a5", "letter"]
PAPER_SIZES: dict[str, str] = {"a4": "A4", "a5": "A5", "letter": "letter"}
#: The body type size of each paper, in points, before any shrinking.
TYPE_SIZES: dict[str, float] = {"a4": 10.5, "a5": 8.5, "letter": 10.5}
#: The steps the type shrinks by when the rules do not fit: 8.5 pt on A5 goes down to 6.4 pt.
SCALES = (1.0, 0.9, 0.825, 0.75)
SIDES = 2
BACK = "card-back"  # the id of the back matter (where to read more, whom to ask)


class NoKeyClauses(HandbookError):
    code = "no-key-clauses"


class CardTooLong(HandbookError):
    code = "card-too-long"


@dataclass(frozen=True)
class CardRule:
    """One rule on the card: the clause as its audience reads it, and its number in the
    edition's full handbook (not in the audience's shorter one), so the reader can find it."""

    number: str
    clause: Clause

    @property
    def anchor(self) -> str:
        return f"rule-{self.clause.id}"


def card_rules(handbook: Handbook, audience: str) -> tuple[CardRule, ...]:
    """The clauses marked key that apply to ``audience``, in handbook order. ``handbook`` is
    one edition's text; an unknown audience raises :class:`UnknownAudience`."""
    numbers = handbook.clause_numbers
    cut = for_audience(handbook, audience)
    return tuple(CardRule(numbers[clause.id], clause) for _, clause in cut.clauses() if clause.key)


def no_key_clauses(handbook: Handbook, audience: str) -> NoKeyClauses:
    """Why there is no card: nothing marked key for ``audience``, and what to do about it."""
    label = handbook.meta.audiences[audience]
    cycle = handbook.latest_cycle
    if handbook.approved and cycle is not None:
        return NoKeyClauses(
            f"no clause that applies to {label} is marked key in the approved text (review "
            f"cycle {cycle.id}), so there is no quick-reference card to print: mark the rules "
            "that matter most with `key: true` and have the next review cycle approve them, "
            "or preview the card of the working copy with --draft"
        )
    return NoKeyClauses(
        f"no clause that applies to {label} is marked key in the working copy, so there is no "
        "quick-reference card to print: mark the rules that matter most with `key: true`"
    )


class QuickCard:
    """The card of one audience in one edition's text; the template's only helper."""

    def __init__(self, handbook: Handbook, audience: str) -> None:
        self.handbook = handbook
        self.audience = audience
        self.rules = card_rules(handbook, audience)
        if not self.rules:
            raise no_key_clauses(handbook, audience)
        self.numbers = handbook.clause_numbers
        self.titles = {clause.id: clause.title for _, clause in handbook.clauses()}
        self.examples = {example.id: example.title for example in handbook.examples}

    @property
    def audience_label(self) -> str:
        return self.handbook.meta.audiences[self.audience]

    @property
    def version(self) -> str:
        return version.statement(self.handbook)

    @property
    def effective_date(self) -> str:
        return version.effective_date(self.handbook)

    def md(self, text: str) -> Markup:
        """A clause's Markdown → sanitized HTML; every ``[[reference]]`` becomes plain text
        (``5.2 Title``, the term itself): the card has nothing to link to."""
        html = rendered(text, self._reference)
        return Markup(sanitize.clean(html, images=False))

    def _reference(self, ref: Reference) -> str:
        target = ref.target
        if target in self.numbers:
            words = f"{ref.label} ({self.numbers[target]})" if ref.label else None
            words = words or f"{self.numbers[target]} {self.titles[target]}"
        elif target in self.examples:
            words = ref.label or f"the worked example “{self.examples[target]}”"
        else:  # a glossary term, or a clause this audience's cut has already unlinked
            words = ref.label or target
        return markdown_text(words)

    def html(
        self,
        *,
        paper: CardPaper = "a5",
        scale: float = 1.0,
        back_apart: bool = False,
        document_date: dt.date | None = None,
    ) -> str:
        """The card as one HTML document. ``back_apart`` starts the back matter on the second
        side (for rules that fit on the front); ``scale`` shrinks the type."""
        template = TEMPLATES.get_template("card.html.j2")
        css, _, _ = TEMPLATES.loader.get_source(TEMPLATES, "card.css")  # type: ignore[union-attr]
        date = document_date or self.handbook.effective
        meta = self.handbook.meta
        return template.render(
            card=self,
            hb=self.handbook,
            meta=meta,
            css=Markup(css),
            title_css=Markup(css_string(f"Quick-reference card for {self.audience_label}")),
            draft_mark=version.DRAFT,
            draft_css=Markup(css_string(version.DRAFT)),
            notice_css=Markup(css_string(self.handbook.edition_meta.notice or "")),
            paper=paper,
            paper_size=PAPER_SIZES[paper],
            type_size=f"{TYPE_SIZES[paper] * scale:.2f}",
            back_apart=back_apart,
            back_id=BACK,
            language=LANGUAGE,
            document_date=date.isoformat() if date else None,
            level_labels=LEVEL_LABELS,
        )


def card_pdf(
    handbook: Handbook,
    audience: str,
    *,
    paper: CardPaper = "a5",
    document_date: dt.date | None = None,
) -> bytes:
    """The card's PDF (tagged PDF/UA-1, like the handbook), on exactly two sides.

    Raises :class:`NoKeyClauses` when nothing applies, :class:`CardTooLong` when the rules do
    not fit on two sides even in the smallest type."""
    card = QuickCard(handbook, audience)
    options = pdf.HANDBOOK_OPTIONS
    document: Any = None
    for scale in SCALES:
        document = pdf.render(
            card.html(paper=paper, scale=scale, document_date=document_date), **options
        )
        if len(document.pages) < SIDES:  # all on the front: the back matter goes overleaf
            html = card.html(paper=paper, scale=scale, back_apart=True, document_date=document_date)
            document = pdf.render(html, **options)
        if len(document.pages) == SIDES:
            return pdf.write_rendered(document, **options)
    fit = rules_that_fit(card.rules, document.pages)
    raise CardTooLong(
        f"the {len(card.rules)} key clauses for {card.audience_label} do not fit on the two "
        f"sides of {_article(PAPER_SIZES[paper])} card, even in the smallest type: at most "
        f"{fit} of them "
        "fit. Mark fewer clauses key, shorten them, or print on larger paper (--paper)"
    )


def rules_that_fit(rules: Sequence[CardRule], pages: Sequence[Any]) -> int:
    """How many rules the card's two sides hold, leaving room for the back matter: those
    followed, on one of the two sides, by the next rule or the back matter."""
    on_card: set[str] = set()
    for page in pages[:SIDES]:
        on_card.update(page.anchors)
    following = [rule.anchor for rule in rules[1:]] + [BACK]
    fit = sum(1 for after in following if after in on_card)
    return min(fit, len(rules) - 1)  # all rules but no room for the back matter: one too many


def _article(paper: str) -> str:
    """``an A5``, ``a letter``."""
    return f"an {paper}" if paper[0] in "AEIOU" else f"a {paper}"
