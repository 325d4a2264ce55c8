"""The top of the home page: the downloads, what changed in the latest version, and the
"I want to..." quick answers, each linked to the clause that sets the rule. Pure renderers
of plain Markdown; the look comes from docs/assets/handbook.css."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from build_tools.review.diff import Entry
from build_tools.site import changelog, translated
from build_tools.site.pages import INDEX, chapter_path, relative
from build_tools.source import version_words
from build_tools.source.labels import say
from build_tools.source.model import Handbook, QuickAnswer
from build_tools.source.sanitize import markdown_text

#: The anchor of the quick answers on the home page.
QUICK_ANSWERS = "quick-answers"


def lead(
    handbook: Handbook,
    *,
    pdf_path: str | None,
    role_pdfs: Mapping[str, str],
    entries: Sequence[Entry],
    questions: Sequence[QuickAnswer] = (),
    language_pdfs: Mapping[str, str] | None = None,
) -> str:
    """The blocks that open the home page, below its title and version line. ``questions``:
    the working copy's quick answers, asked on a text that has none of its own.
    ``language_pdfs``: the print handbook in each other language, language name → path."""
    blocks = [
        _downloads(handbook, pdf_path, role_pdfs),
        _other_languages(handbook, language_pdfs or {}),
        _latest_change(handbook, entries),
        quick_answers(handbook, questions),
    ]
    return "\n\n".join(block for block in blocks if block)


def _download(label: str, path: str) -> str:
    # download=: the link saves the file, as it says, instead of opening a PDF viewer.
    name = path.rsplit("/", 1)[-1]
    if path.startswith("../"):
        # A file beside this site (a translated site's book, at the English site's root),
        # which MkDocs cannot find among this site's files: a plain link, not checked by it.
        return f'<a href="{path}" download="{name}">{label}</a>'
    return f'[{label}]({path}){{ download="{name}" }}'


def _other_languages(handbook: Handbook, pdfs: Mapping[str, str]) -> str:
    """The print handbook in the other languages, each under its own name (Deutsch)."""
    if not pdfs:
        return ""
    links = " · ".join(_download(markdown_text(name), path) for name, path in pdfs.items())
    return f"**{_say(handbook, 'site.other_languages')}** {links}\n{{ .downloads }}"


def _say(handbook: Handbook, key: str, **values: str) -> str:
    return say(handbook, key, markdown_text, values)


def _downloads(handbook: Handbook, pdf_path: str | None, role_pdfs: Mapping[str, str]) -> str:
    blocks = []
    if pdf_path:
        edition = markdown_text(handbook.edition_meta.title)
        blocks.append(
            f"{_download(_say(handbook, 'site.download'), pdf_path)} "
            f"{_say(handbook, 'site.download_detail', edition=edition)}\n{{ .downloads }}"
        )
    roles = [
        _download(markdown_text(label), role_pdfs[audience])
        for audience, label in handbook.meta.audiences.items()
        if audience in role_pdfs
    ]
    if roles:
        blocks.append(
            f"**{_say(handbook, 'site.role_downloads')}** "
            f"{_say(handbook, 'site.role_downloads_detail')} "
            + " · ".join(roles)
            + "\n{ .downloads .role-downloads }"
        )
    return "\n\n".join(blocks)


def _latest_change(handbook: Handbook, entries: Sequence[Entry]) -> str:
    """One line on the newest changelog entry (the latest cycle, or in a draft the changes
    awaiting approval), linked to its page: the cycle's summary and how many changes. In the
    site's language; the summary, which only the English text has, marked as English."""
    if not entries:
        return ""
    entry = entries[0]
    target = relative(changelog.entry_path(entry), INDEX)
    count = len({(c.item, c.id) for c in entry.changes})
    counted = "site.change_count_one" if count == 1 else "site.change_count"
    changes = _say(handbook, counted, count=str(count))
    if entry.cycle is None:
        what = f"[{changelog.entry_title(entry)}]({target}): "
        what += _say(handbook, "site.proposed", changes=changes)
    else:
        link = f"[{_say(handbook, 'site.cycle_title', cycle=markdown_text(entry.cycle.id))}]({target})"
        day = version_words.date(handbook.labels, entry.cycle.in_force)
        when = _say(handbook, "site.in_force_from", date=markdown_text(day))
        # The summary's first paragraph, as plain text on one line.
        summary = " ".join((entry.cycle.summary or "").strip().split("\n\n")[0].split())
        said = f" {translated.inline_english(handbook, markdown_text(summary))}" if summary else ""
        tally = _say(handbook, "site.first_edition") if entry.initial else changes
        what = f"{link}, {when}{said} ({tally})."
    return f"**{_say(handbook, 'site.latest_change')}** {what}\n{{ .latest-change }}"


def quick_answers(handbook: Handbook, questions: Sequence[QuickAnswer] = ()) -> str:
    """The "I want to..." section: each question, its short answer and a link to its clause.

    Approved text from before the field existed has no answers of its own: then it asks
    ``questions`` (the working copy's) and links each to its clause in this text, which gives
    the answer, without the short answers no cycle approved. A question whose clause this
    text lacks is left out."""
    where = {clause.id: chapter for chapter, clause in handbook.clauses()}
    numbers = handbook.clause_numbers
    approved = bool(handbook.meta.quick_answers)
    items = []
    for quick in handbook.meta.quick_answers or questions:
        chapter = where.get(quick.clause)
        if chapter is None:  # check refuses it; never a link to nothing
            continue
        clause = next(c for c in chapter.clauses if c.id == quick.clause)
        href = f"{chapter_path(chapter)}#{clause.id}"
        title = markdown_text(f"{numbers[clause.id]} {clause.title}")
        see = _say(handbook, "site.see")
        answer = f"{markdown_text(quick.answer)} {see}" if approved else see
        items.append(f"- **{markdown_text(quick.question)}**: {answer} [{title}]({href}).")
    if not items:
        return ""
    heading = _say(handbook, "site.quick_answers")
    return f"## {heading} {{ #{QUICK_ANSWERS} }}\n\n" + "\n".join(items)
