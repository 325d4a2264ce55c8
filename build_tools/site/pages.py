"""Handbook → plain Markdown pages for the site: ``{path: markdown}``; pure, no I/O.

The Markdown stays portable (headings with ``attr_list`` ids, relative links,
admonitions) so the handbook can move to another site engine without a rewrite.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable

from build_tools.review import version
from build_tools.site import details
from build_tools.site.feedback import Feedback, feedback_line
from build_tools.site.glossary import GLOSSARY, glossary_page
from build_tools.site import translated
from build_tools.site.example_page import EXAMPLES, examples_page
from build_tools.site.translated import outcome, say_md
from build_tools.source import version_words
from build_tools.source.labels import term_anchor, words
from build_tools.source.model import Chapter, Clause, Example, Handbook, Level
from build_tools.source.references import Reference, replace_references
from build_tools.source.sanitize import html_text, markdown_text

INDEX = "index.md"
#: Front matter that keeps a page out of Material's search (it repeats or quizzes clauses).
NOT_IN_SEARCH = "---\nsearch:\n  exclude: true\n---\n"


@functools.cache
def relative(target: str, page: str) -> str:
    """The link from ``page`` to ``target``, both paths under ``docs/``."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def chapter_path(chapter: Chapter) -> str:
    return f"chapters/{chapter.id}.md"


class _Site:
    """Addresses and link text for one handbook, shared by every page."""

    def __init__(self, handbook: Handbook) -> None:
        self.handbook = handbook
        self.numbers = handbook.clause_numbers
        self.pages: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.plain_titles: dict[str, str] = {}  # as written, for HTML
        for chapter in handbook.chapters:
            for clause in chapter.clauses:
                self.plain_titles[clause.id] = clause.title
                self.pages[clause.id] = chapter_path(chapter)
                self.titles[clause.id] = f"{self.numbers[clause.id]} {markdown_text(clause.title)}"
        for example in handbook.examples:
            self.pages[example.id] = EXAMPLES
            self.titles[example.id] = markdown_text(example.title)
        self.terms = {
            name.casefold(): term
            for term in handbook.glossary
            for name in (term.term, *term.aliases)
        }
        # Clause id → (cycle id, changelog page) of the last approved change to it.
        self.changed_in: dict[str, tuple[str, str]] = {}
        # An archived, superseded version: the text in force, which each clause links to.
        self.current: _Site | None = None
        self.superseded_by = ""
        self.feedback = Feedback()

    def link(self, item_id: str, page: str, label: str | None = None) -> str:
        target = self.pages[item_id]
        href = "" if target == page else relative(target, page)
        return f"[{label or self.titles[item_id]}]({href}#{item_id})"

    def markdown(self, text: str, page: str) -> str:
        def render(ref: Reference) -> str:
            term = self.terms.get(ref.target.casefold())
            if ref.target not in self.pages and term is not None:
                href = relative(GLOSSARY, page)
                href = "" if page == GLOSSARY else href
                return f"[{ref.label or ref.target}]({href}#{term_anchor(term)}){{ .term-ref }}"
            return self.link(ref.target, page, ref.label)

        return replace_references(text.strip(), render)


def render_pages(
    handbook: Handbook,
    *,
    lead: str = "",
    changed_in: dict[str, tuple[str, str]] | None = None,
    current: Handbook | None = None,
    superseded_by: str = "",
    feedback: Feedback | None = None,
) -> dict[str, str]:
    """Every generated page of the site, by its path under ``docs/``.

    ``lead``: Markdown that opens the home page below its version line (:mod:`.home`).
    ``changed_in``: clause id → (cycle id, changelog page) for a "changed in" link.
    ``current`` and ``superseded_by`` (a cycle id): for a superseded version in the archive
    (``versions/<cycle>/``), every clause says where it is in the text in force, or that
    ``superseded_by`` withdrew it.
    ``feedback``: where each clause's "Suggest a change" and "Ask about this rule" links
    lead (without a contact there, the handbook's own ``contact_email``).
    """
    site = _Site(handbook)
    site.changed_in = dict(changed_in or {})
    given = feedback or Feedback()
    contact = given.contact or handbook.meta.contact_email
    site.feedback = Feedback(edit=dict(given.edit), contact=contact)
    if current is not None and superseded_by:
        site.current, site.superseded_by = _Site(current), superseded_by
    pages = {INDEX: _index(site, lead)}
    for number, chapter in enumerate(handbook.chapters, start=1):
        pages[chapter_path(chapter)] = _chapter(site, number, chapter)
    if handbook.examples:
        pages[EXAMPLES] = examples_page(handbook, site.link, site.markdown, site.titles)
    if handbook.glossary:
        pages[GLOSSARY] = glossary_page(handbook, site.markdown)
    return pages


def nav(handbook: Handbook) -> list[dict[str, str] | str]:
    """Navigation in reading order: home, chapters, examples, glossary.

    Titles are HTML-escaped: the theme writes navigation titles into pages as they are."""
    entries: list[dict[str, str] | str] = [{html_text(words(handbook, "site.home")): INDEX}]
    for number, chapter in enumerate(handbook.chapters, start=1):
        entries.append({f"{number}. {html_text(chapter.title)}": chapter_path(chapter)})
    if handbook.examples:
        entries.append({html_text(words(handbook, "site.examples")): EXAMPLES})
    if handbook.glossary:
        entries.append({html_text(words(handbook, "site.glossary")): GLOSSARY})
    return entries


def blocks(*parts: str | None) -> str:
    """A page's Markdown from its blocks, leaving out empty ones."""
    return "\n\n".join(p for p in parts if p) + "\n"


def _version_lines(handbook: Handbook) -> list[str]:
    """The version of this text and the date it takes effect, in the PDF's words (in the
    text's language on a translated site)."""
    if handbook.language:
        effective = version_words.effective_date(handbook)
        if handbook.approved:
            since = words(handbook, "site.effective")
            effective = f"{since[:1].upper()}{since[1:]} {effective}"
        return [version_words.statement(handbook), effective]
    return [
        line for line in (version.statement(handbook), version.effective_line(handbook)) if line
    ]


def _index(site: _Site, lead: str = "") -> str:
    hb = site.handbook
    meta = hb.meta
    rows = [
        f"| {n} | [{markdown_text(ch.title)}]({chapter_path(ch)}) | {len(ch.clauses)} |"
        for n, ch in enumerate(hb.chapters, start=1)
    ]
    counts = {level: 0 for level in Level}
    for _, clause in hb.clauses():
        counts[clause.level] += 1
    summary = say_md(
        hb,
        "site.summary",
        clauses=sum(counts.values()),
        chapters=len(hb.chapters),
        must=counts[Level.MUST],
        should=counts[Level.SHOULD],
        may=counts[Level.MAY],
    )
    more = []
    if hb.examples:
        count = say_md(hb, "site.examples_count", count=len(hb.examples))
        more.append(f"- [{say_md(hb, 'site.examples')}]({EXAMPLES}): {count}")
    if hb.glossary:
        count = say_md(hb, "site.glossary_count", count=len(hb.glossary))
        more.append(f"- [{say_md(hb, 'site.glossary')}]({GLOSSARY}): {count}")
    levels = "\n".join(
        f"- **{say_md(hb, f'level.{level.value}')}**: {say_md(hb, f'level.{level.value}.meaning')}."
        for level in Level
    )
    head = " | ".join(
        say_md(hb, f"site.column_{name}") for name in ("number", "chapter", "clauses")
    )
    return blocks(
        f"# {markdown_text(meta.title)}",
        translated.notice(hb, "handbook"),
        f"**{markdown_text(meta.organisation)}** · {markdown_text(hb.edition_meta.title)} · "
        f"{say_md(hb, 'site.owner')} {markdown_text(meta.owner)}",
        " · ".join(markdown_text(line) for line in _version_lines(hb)) + "\n{ .version }",
        lead,
        translated.english(hb, "handbook", site.markdown(meta.intro, INDEX))
        if meta.intro
        else None,
        f"## {say_md(hb, 'site.how_to_read')}",
        say_md(hb, "site.how_to_read_text"),
        levels,
        f"## {say_md(hb, 'site.chapters')}",
        summary,
        f"| {head} |\n| ---: | --- | ---: |\n" + "\n".join(rows),
        "\n".join(more) if more else None,
    )


def _chapter(site: _Site, number: int, chapter: Chapter) -> str:
    page = chapter_path(chapter)
    hb = site.handbook
    key = f"chapter:{chapter.id}"
    parts = [f"# {number}. {markdown_text(chapter.title)}{translated.heading(hb, key)}"]
    parts.append(translated.notice(hb, key))
    if chapter.intro:
        parts.append(translated.english(hb, key, site.markdown(chapter.intro, page)))
    if chapter.owner:
        parts.append(f"*{say_md(hb, 'site.chapter_owner')} {markdown_text(chapter.owner)}*")
    for clause in chapter.clauses:
        parts.append(_clause(site, page, clause))
    return blocks(*parts)


def _clause(site: _Site, page: str, clause: Clause) -> str:
    hb = site.handbook
    meta_line = details.meta_line(hb, clause, _changed_in(site, page, clause))
    english = functools.partial(translated.english, hb, clause.id)
    parts = [
        f"## {site.titles[clause.id]} {{ #{clause.id} .clause "
        f'data-audiences="{" ".join(clause.applies_to) or "all"}"'
        f"{translated.heading(hb, clause.id, inside=True)} }}",
        meta_line,
        translated.notice(hb, clause.id),
        _in_current(site, page, clause),
        english(site.markdown(clause.text, page)),
    ]
    if clause.rationale:
        why = say_md(hb, "site.why").replace('"', "&quot;")
        rationale = f'!!! note "{why}"\n' + _indent(site.markdown(clause.rationale, page))
        parts.append(english(rationale))
    if clause.see_also:
        links = " · ".join(site.link(target, page) for target in clause.see_also)
        parts.append(f"**{say_md(hb, 'site.see_also')}** {links}")
    examples = hb.examples_for(clause.id)
    if examples:
        items = "\n".join(
            f"- {site.link(ex.id, page)} ({outcome(hb, ex.outcome.value)})"
            for ex in examples
        )
        parts.append(f"**{say_md(hb, 'site.examples_of_clause')}**\n\n{items}")
    parts.append(details.tags_line(hb, clause))
    number = site.numbers[clause.id]
    said = {key: words(hb, key) for key in ("site.suggest", "site.ask", "site.ask_subject")}
    parts.append(feedback_line(clause.id, number, clause.title, site.feedback, said))
    return "\n\n".join(part for part in parts if part)


def _in_current(site: _Site, page: str, clause: Clause) -> str:
    """In a superseded version: where the clause is in the text in force, or that it was
    withdrawn. The link is HTML, not Markdown: it leaves this version's site (two folders up,
    from ``versions/<cycle>/``), where MkDocs cannot check it."""
    current = site.current
    if current is None:
        return ""
    if clause.id not in current.pages:
        return (
            f"Withdrawn: review cycle {site.superseded_by} removed this clause; it is not in "
            "the current version.\n{ .superseded-note .withdrawn }"
        )
    target = current.pages[clause.id].removesuffix(".md") + "/"
    href = "../" * (_url_depth(page) + 2) + target + "#" + clause.id
    # Markdown still runs between inline HTML tags: escape for both.
    title = markdown_text(f"{current.numbers[clause.id]} {current.plain_titles[clause.id]}")
    return f'In the current version: <a href="{href}">{title}</a>\n{{ .superseded-note }}'


def _url_depth(page: str) -> int:
    """How many folders deep the page's address is: ``chapters/a.md`` is at ``chapters/a/``."""
    stem = page.removesuffix(".md")
    parts = stem.split("/")
    return len(parts) - 1 if parts[-1] == "index" else len(parts)


def _changed_in(site: _Site, page: str, clause: Clause) -> str:
    if clause.id not in site.changed_in:
        return ""
    cycle_id, target = site.changed_in[clause.id]
    href = relative(target, page)
    said = say_md(site.handbook, "site.changed_in", cycle=cycle_id)  # an id: checked
    return f" · [{said}]({href}#{clause.id}){{ .changed-in }}"


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def source_markdown(handbook: Handbook) -> Callable[[str, str], str]:
    """``render(text, page)``: a Markdown field of ``handbook`` as its clause pages render it,
    each ``[[reference]]`` a link from ``page`` to the clause, example or term."""
    return _Site(handbook).markdown
