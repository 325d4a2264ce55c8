"""Handbook → one print HTML document (Jinja2 template + print stylesheet); pure, no I/O.

Page numbers are never guessed here: every page number in the book (contents, cross-references,
index) is an ``<a href="#ID">`` that the stylesheet turns into ``target-counter(attr(href), page)``,
so WeasyPrint writes the page on which the target really landed.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import jinja2
import markdown
from markupsafe import Markup

from build_tools.printbook.parts import ONE_SIDED, PART_MARK
from build_tools.printbook.words import ENGLISH, PrintWords
from build_tools.review import fingerprint
from build_tools.source import sanitize
from build_tools.source.labels import tag_label, term_anchor
from build_tools.source.markup import EXTENSIONS
from build_tools.source.model import Chapter, Clause, Handbook, Term
from build_tools.source.references import Reference, find_references, replace_references
from build_tools.util.dates import add_months

Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}
#: Half the paper's height: the top margin of a blank page, whose notice sits at its foot.
HALF_HEIGHTS: dict[str, str] = {"a4": "148.5mm", "letter": "139.7mm"}
#: Printed on both sides (chapters open on the right, after a blank page if need be), or on one.
Sides = Literal["duplex", "simplex"]
LANGUAGE = ENGLISH  # of the English book; a translated one has its own (PrintWords)

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("build_tools", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


class ChangeEntry(Protocol):
    """What the changelog appendix needs from one change of the current review cycle."""

    def explain(self) -> str: ...


def render_print_html(
    handbook: Handbook,
    *,
    paper: Paper = "a4",
    changes: Sequence[ChangeEntry] | None = None,
    document_date: dt.date | None = None,
    acknowledgement: bool = True,
    sides: Sides = "duplex",
) -> str:
    """The whole print handbook as one HTML document, ready for WeasyPrint.

    ``sides="simplex"`` lays the book out for printing on one side: no right-hand starts and
    no blank pages, as a draft always is (an approved book keeps its signature lines).

    ``changes`` is the hook for review cycles: pass the changes of the current cycle to add
    the changelog appendix; ``None`` (no cycle changelog known) leaves the appendix out.
    ``document_date`` fixes the PDF's creation date; by default the date the text takes
    effect (:attr:`Handbook.effective`), else none at all — never the time of the build.
    Without ``acknowledgement`` the book has no acknowledgement page (an onboarding pack adds
    one made out to its reader).
    """
    book = PrintBook(handbook)
    template = TEMPLATES.get_template("print.html.j2")
    css, _, _ = TEMPLATES.loader.get_source(TEMPLATES, "print.css")  # type: ignore[union-attr]
    date = document_date or handbook.effective
    words = book.words
    return template.render(
        t=words,
        translated=words.translated,
        language_css=Markup(_language_css()) if words.translated else None,
        page_css=words.page_css() if words.translated else None,
        book=book,
        hb=handbook,
        meta=handbook.meta,
        css=Markup(css),
        title_css=Markup(css_string(handbook.meta.title)),
        draft_mark=words.text("print.draft"),
        draft_css=Markup(css_string(words.text("print.draft"))),
        part_mark=Markup(PART_MARK),
        one_sided=sides == "simplex" or not handbook.approved,
        one_sided_meta=Markup(ONE_SIDED),
        paper_size=PAPER_SIZES[paper],
        blank_margin=HALF_HEIGHTS[paper],
        language=words.language,
        document_date=date.isoformat() if date else None,
        changes=[change.explain() for change in changes] if changes is not None else None,
        long_date=words.date,
        code_sample=Markup("<code>SM-PRIV-02</code>"),
        em=lambda text: Markup("<em>{}</em>").format(text),
        strong=lambda text: Markup("<strong>{}</strong>").format(text),
        acknowledgement=acknowledgement,
    )


def _language_css() -> str:
    css, _, _ = TEMPLATES.loader.get_source(TEMPLATES, "print-language.css")  # type: ignore[union-attr]
    return css


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 0x20 else char for char in text
    )
    return f'"{escaped}"'


def date_from_epoch(value: str | None) -> dt.date | None:
    """The UTC date of a ``SOURCE_DATE_EPOCH`` value (seconds since 1970), if one is given."""
    if not value or not value.strip().isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).date()


def chapter_anchor(chapter: Chapter) -> str:
    return f"chapter-{chapter.id}"


@dataclass
class IndexEntry:
    """One index heading and the items (clause/example ids) it points to."""

    heading: str
    kind: Literal["tag", "term"]
    defined_at: str | None = None
    items: list[str] = field(default_factory=list)


class PrintBook:
    """Numbers, labels and rendered Markdown for one handbook; the template's only helper."""

    def __init__(self, handbook: Handbook) -> None:
        self.handbook = handbook
        self.numbers = handbook.clause_numbers
        self.titles: dict[str, str] = {cl.id: cl.title for _, cl in handbook.clauses()}
        self.titles |= {ex.id: ex.title for ex in handbook.examples}
        self.terms = {
            name.casefold(): term
            for term in handbook.glossary
            for name in (term.term, *term.aliases)
        }
        self._markdown = markdown.Markdown(extensions=list(EXTENSIONS))
        self.words = PrintWords(handbook)

    @property
    def version(self) -> str:
        return self.words.statement()

    @property
    def reference(self) -> str:
        """The document reference, with the short fingerprint of this exact text."""
        return fingerprint.document_reference(self.handbook)

    @property
    def effective_date(self) -> str:
        return self.words.effective_date()

    @property
    def changes_title(self) -> str:
        """The heading of the changelog appendix: the cycle's changes, or a draft's."""
        cycle = self.handbook.latest_cycle
        if self.handbook.approved or cycle is None:
            return self.words.text("print.changes")
        return self.words.text("print.changes_draft", cycle=cycle.id)

    @property
    def next_review(self) -> dt.date | None:
        meta = self.handbook.meta
        cycle = self.handbook.latest_cycle
        start = cycle.closed if cycle else meta.effective
        return add_months(start, meta.review_every) if start else None

    def label(self, item_id: str) -> str:
        """``3.2 Title`` for a clause, ``Worked example: Title`` for an example."""
        if item_id in self.numbers:
            return f"{self.numbers[item_id]} {self.titles[item_id]}"
        return self.words.text("print.worked_example", title=self.titles[item_id])

    def xref(self, item_id: str, label: str | None = None) -> Markup:
        """A live link whose page number the stylesheet appends: ``3.2 Title (p. 14)``."""
        text = label or self.label(item_id)
        if label and item_id in self.numbers:
            text = f"{label} ({self.numbers[item_id]})"
        return Markup('<a class="xref" href="#{}">{}</a>').format(item_id, text)

    def pageref(self, item_id: str, label: str) -> Markup:
        """A locator for the index: ``label`` followed by the page number."""
        return Markup('<a class="pageref" href="#{}">{}</a>').format(item_id, label)

    def md(self, text: str) -> Markup:
        """Markdown field → HTML, with every ``[[reference]]`` as a cross-reference."""

        def render(ref: Reference) -> str:
            if ref.target in self.titles:
                return str(self.xref(ref.target, ref.label))
            term = self.terms[ref.target.casefold()]
            label = html.escape(ref.label or ref.target)
            return f'<a class="term-ref" href="#{term_anchor(term)}">{label}</a>'

        self._markdown.reset()
        html_text = self._markdown.convert(replace_references(text.strip(), render))
        return Markup(sanitize.clean(html_text, images=False))

    def audiences(self, clause: Clause) -> str:
        labels = self.handbook.meta.audiences
        if not clause.applies_to:
            return self.words.text("print.everyone")
        return ", ".join(labels[a] for a in clause.applies_to)

    def term_anchor(self, term: Term) -> str:
        return term_anchor(term)

    def glossary(self) -> list[Term]:
        return sorted(self.handbook.glossary, key=lambda t: t.term.casefold())

    def tag_label(self, tag: str) -> str:
        """A tag's label from ``handbook.yml``, else its words (``labels.tag_label``)."""
        return tag_label(self.handbook.meta, tag)

    def index(self) -> list[IndexEntry]:
        """Tags (by label) and glossary terms, alphabetically, each with the items that carry
        them in book order; a tag whose label is a term (or an alias) shares its entry."""
        entries: dict[str, IndexEntry] = {
            term.term.casefold(): IndexEntry(term.term, "term", defined_at=term_anchor(term))
            for term in self.handbook.glossary
        }
        found: list[tuple[str, str]] = []  # (entry key, item id)
        for _, clause in self.handbook.clauses():
            for tag in clause.tags:
                label = self.tag_label(tag)
                term = self.terms.get(label.casefold())
                key = term.term.casefold() if term else label.casefold()
                entries.setdefault(key, IndexEntry(label, "tag"))
                found.append((key, clause.id))
        for item_id, texts in self._texts():
            for text in texts:
                for ref in find_references(text):
                    used = self.terms.get(ref.target.casefold())
                    if ref.target not in self.titles and used is not None:
                        found.append((used.term.casefold(), item_id))
        order = {item_id: i for i, (item_id, _) in enumerate(self._texts())}
        for key, item_id in sorted(found, key=lambda pair: order[pair[1]]):
            if item_id not in entries[key].items:
                entries[key].items.append(item_id)
        return sorted(entries.values(), key=lambda e: (e.heading.casefold(), e.kind))

    def _texts(self) -> list[tuple[str, list[str]]]:
        found: list[tuple[str, list[str]]] = []
        for _, clause in self.handbook.clauses():
            found.append((clause.id, [clause.text, clause.rationale or ""]))
        for example in self.handbook.examples:
            found.append((example.id, [example.scenario, example.discussion]))
        return found

    def locator(self, item_id: str) -> str:
        """Short name of an item in the index: its clause number or example title."""
        return self.numbers.get(item_id) or self.titles[item_id]
