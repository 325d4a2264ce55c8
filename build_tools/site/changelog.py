# Over 300 lines: the changelog pages, the pull-request comment, the plain text and the feed
# render the same changes in four forms; one module keeps their wording alike.
"""Changes → changelog pages for the site, a pull-request comment, plain text and a feed.

Pure: every function takes the changes (already filtered for one edition) and the
current handbook, and returns text. Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from build_tools.review.diff import (
    KIND_LABELS,
    Change,
    ChangeKind,
    Entry,
    ItemKind,
    Segment,
    by_item,
    explain,
    impact,
)
from build_tools.site.change_summary import what_it_means
from build_tools.site.glossary import GLOSSARY
from build_tools.site.example_page import EXAMPLES
from build_tools.site.pages import blocks, chapter_path
from build_tools.source import version_words
from build_tools.source.labels import LEVEL_LABELS, slug, term_anchor, words
from build_tools.source.model import Handbook, Level
from build_tools.source.references import Reference, replace_references
from build_tools.source.sanitize import html_text, markdown_text


FOLDER = "changelog"
INDEX = f"{FOLDER}/index.md"
PENDING = f"{FOLDER}/unreleased.md"
FEED = f"{FOLDER}/feed.xml"
ITEM_HEADINGS = {
    ItemKind.CLAUSE: "Clauses",
    ItemKind.EXAMPLE: "Worked examples",
    ItemKind.TERM: "Glossary",
}


def entry_path(entry: Entry) -> str:
    """Page of an entry under ``docs/``: ``changelog/2026-h1.md`` (URL ``changelog/2026-h1/``)."""
    return f"{FOLDER}/{entry.cycle.id.lower()}.md" if entry.cycle else PENDING


def entry_title(entry: Entry) -> str:
    if entry.cycle is None:
        since = entry.since.id if entry.since else "the last cycle"
        return f"Changes since {since} (not yet approved)"
    return version_words.text({}, "site.cycle_title", cycle=entry.cycle.id)


def changed_in(entries: Sequence[Entry]) -> dict[str, tuple[str, str]]:
    """Clause id → (cycle id, changelog page) of the newest closed cycle that changed it."""
    found: dict[str, tuple[str, str]] = {}
    for entry in entries:
        if entry.cycle is None:
            continue
        for change in entry.changes:
            if change.item is ItemKind.CLAUSE:
                found.setdefault(change.id, (entry.cycle.id, entry_path(entry)))
    return found


# Site pages


def render_changelog(entries: Sequence[Entry], handbook: Handbook) -> dict[str, str]:
    """The changelog pages by path under ``docs/``: an overview and one page per entry."""
    if not entries:
        return {}
    pages = {INDEX: _overview(entries)}
    for entry in entries:
        pages[entry_path(entry)] = _entry_page(entry, handbook)
    return pages


def changelog_nav(handbook: Handbook, entries: Sequence[Entry]) -> list[dict[str, object]]:
    """The changelog's navigation section, its own titles in the site's language."""
    if not entries:
        return []
    overview = html_text(words(handbook, "site.changelog_overview"))
    items: list[dict[str, str] | str] = [{overview: INDEX}]
    items += [{_nav_title(e): entry_path(e)} for e in entries]
    return [{html_text(words(handbook, "site.changelog")): items}]


def _nav_title(entry: Entry) -> str:
    if entry.cycle is None:
        return f"Since {entry.since.id} (not yet approved)" if entry.since else "Not yet approved"
    return entry.cycle.id


def _overview(entries: Sequence[Entry]) -> str:
    rows = []
    for entry in entries:
        link = f"[{entry_title(entry)}]({posixpath.basename(entry_path(entry))})"
        if entry.cycle is None:
            rows.append(f"| {link} | not yet approved | | {_count(entry)} |")
        else:
            c = entry.cycle
            by = markdown_text(c.approved_by)
            rows.append(f"| {link} | {c.closed.isoformat()} | {by} | {_count(entry)} |")
    return blocks(
        "# Changelog",
        "What changed in each review cycle, newest first, in policy terms. Each cycle is "
        "approved by a named body; changes made since the last approval are listed "
        "separately until the next cycle closes.",
        "| Cycle | Closed | Approved by | Changes |\n| --- | --- | --- | ---: |\n"
        + "\n".join(rows),
        f"[Subscribe to the changelog (Atom feed)]({posixpath.basename(FEED)})",
    )


def _count(entry: Entry) -> str:
    if entry.initial:
        return "first edition"
    return str(len({(c.item, c.id) for c in entry.changes}))


def _entry_page(entry: Entry, handbook: Handbook) -> str:
    page = entry_path(entry)
    parts: list[str | None] = [f"# {entry_title(entry)}"]
    if entry.cycle is not None:
        since = f" · Changes since {entry.since.id}" if entry.since else ""
        parts.append(
            f"Closed {entry.cycle.closed.isoformat()} · "
            f"In force from {entry.cycle.in_force.isoformat()} · "
            f"Approved by {markdown_text(entry.cycle.approved_by)}{since}\n{{ .cycle-meta }}"
        )
        if entry.cycle.summary:
            parts.append(entry.cycle.summary.strip())
    else:
        parts.append(
            '!!! warning "Not yet approved"\n    These changes are in the current text but have '
            "not been approved in a review cycle yet."
        )
    if entry.initial:
        parts.append("This is the first approved edition of the handbook.")
        return blocks(*parts)
    if not entry.changes:
        parts.append("No changes in this edition.")
        return blocks(*parts)
    links = _Links(handbook, page)
    parts.append(
        what_it_means(
            entry.changes,
            handbook,
            lambda c: f"[{_name(c)}](#{links.anchor(c)})",
            approved=entry.cycle is not None,
        )
    )
    if entry.cycle is None:  # the draft's changes: the approvers' comparison, as a page
        parts.append(_summary_table(entry, links))
    parts.append(_level_alert(entry.changes, links))
    parts.append(_impact_section(entry.changes, handbook, links))
    for item in ItemKind:
        changes = [c for c in entry.changes if c.item is item]
        if changes:
            parts.append(f"## {ITEM_HEADINGS[item]}")
            parts.extend(_item_sections(changes, links, recorded=entry.cycle is not None))
    return blocks(*parts)


def _summary_table(entry: Entry, links: _Links) -> str:
    """Every changed item with its kinds of change: the table that opens the approvers'
    redline (``handbook redline``), which prints these changes with a signature block."""
    rows = [
        f"| [{_name(found[0])}](#{links.anchor(found[0])}) | {markdown_text(found[0].id)} | "
        + ", ".join(KIND_LABELS[c.kind] for c in found)
        + " |"
        for found in by_item(entry.changes).values()
    ]
    since = entry.since.id if entry.since else ""
    return (
        "## Summary of changes\n\n| Item | Id | Change |\n| --- | --- | --- |\n"
        + "\n".join(rows)
        + f"\n\nFor approval, `handbook redline {since}` prints this comparison as a PDF, "
        "with deletions struck through, insertions underlined and a signature block."
    )


class _Links:
    """Links from one changelog page to items that still exist in the current handbook."""

    def __init__(self, handbook: Handbook, page: str) -> None:
        self.page = page
        self.targets: dict[tuple[ItemKind, str], str] = {}
        for chapter, clause in handbook.clauses():
            self.targets[(ItemKind.CLAUSE, clause.id)] = f"{chapter_path(chapter)}#{clause.id}"
        for example in handbook.examples:
            self.targets[(ItemKind.EXAMPLE, example.id)] = f"{EXAMPLES}#{example.id}"
        for term in handbook.glossary:
            self.targets[(ItemKind.TERM, term.term)] = f"{GLOSSARY}#{term_anchor(term)}"
        self.titles = {ex.id: ex.title for ex in handbook.examples}
        numbers = handbook.clause_numbers
        self.names = {cl.id: f"{numbers[cl.id]} {cl.title}" for _, cl in handbook.clauses()}
        self.names |= self.titles
        self.terms = {
            name.casefold(): term.term
            for term in handbook.glossary
            for name in (term.term, *term.aliases)
        }

    def link(self, item: ItemKind, item_id: str, label: str) -> str:
        target = self.targets.get((item, item_id))
        if target is None:
            return label
        path, anchor = target.split("#", 1)
        href = posixpath.relpath(path, posixpath.dirname(self.page))
        return f"[{label}]({href}#{anchor})"

    def reference(self, ref: Reference) -> str:
        """A ``[[reference]]`` in quoted text: a link to what it names, or its words."""
        for item in (ItemKind.CLAUSE, ItemKind.EXAMPLE):
            if (item, ref.target) in self.targets:
                label = ref.label or markdown_text(self.names[ref.target])
                return self.link(item, ref.target, label)
        term = self.terms.get(ref.target.casefold())
        if term is not None:
            return self.link(ItemKind.TERM, term, ref.label or markdown_text(ref.target))
        return ref.label or markdown_text(ref.target)

    def anchor(self, change: Change) -> str:
        return change.id if change.item is not ItemKind.TERM else "change-" + slug(change.id)


def _level_alert(changes: Sequence[Change], links: _Links) -> str | None:
    levels = [c for c in changes if c.kind is ChangeKind.LEVEL_CHANGED]
    if not levels:
        return None
    lines = [
        f"- [{_name(c)}](#{links.anchor(c)}): {_level(c.old)} → **{_level(c.new)}**"
        + (" (firmer)" if c.strengthened else " (relaxed)")
        for c in levels
    ]
    kind = "warning" if any(c.strengthened for c in levels) else "note"
    return f'!!! {kind} "Level changed"\n' + "\n".join("    " + line for line in lines)


def _impact_section(changes: Sequence[Change], handbook: Handbook, links: _Links) -> str:
    found = impact(changes)
    who = markdown_text(_who(found.audiences, handbook)) or "nobody: no obligation changed"
    parts = [
        "## Who is affected",
        f"**Re-acknowledge:** {who}\n{{ .impact-audiences }}",
    ]
    if found.recheck:
        items = [
            links.link(ItemKind.EXAMPLE, ex, markdown_text(links.titles.get(ex, ex)))
            for ex in found.recheck
        ]
        parts.append("**Examples to re-check:** " + " · ".join(items) + "\n{ .impact-examples }")
    return "\n\n".join(parts)


def _who(audiences: Sequence[str], handbook: Handbook) -> str:
    """Audience labels in the order handbook.yml declares them."""
    declared = list(handbook.meta.audiences)
    ordered = sorted(audiences, key=lambda a: (declared.index(a) if a in declared else 99, a))
    return ", ".join(handbook.meta.audiences.get(a, a) for a in ordered)


def _item_sections(changes: Sequence[Change], links: _Links, *, recorded: bool) -> Iterable[str]:
    for item_changes in by_item(changes).values():
        first = item_changes[0]
        heading = f"### {_name(first)} {{ #{links.anchor(first)} .change-item }}"
        current = links.link(first.item, first.id, "Read the current text")
        lines = [heading]
        if "[" in current:
            lines.append(current)
        lines.extend(_change_block(c, links, recorded=recorded) for c in item_changes)
        yield "\n\n".join(lines)


def _name(change: Change) -> str:
    number = f"{change.number} " if change.number else ""
    if change.item is ItemKind.TERM:
        return markdown_text(change.id)
    return f"{number}{markdown_text(change.title)}"


#: How a closed cycle recorded a change (cycles.yml ``editorial:``); a change waiting for
#: approval has no such record yet.
MATERIAL = "material: its readers acknowledge it again"
EDITORIAL = "editorial: no new acknowledgement"


def _change_block(change: Change, links: _Links, *, recorded: bool = True) -> str:
    label = f"**{KIND_LABELS[change.kind]}**"
    attrs = (
        f'{{ .change .change-{change.kind.value} data-kind="{change.kind.value}" '
        f'data-id="{change.id}" }}'
    )
    text = f"{label}{_detail(change)}"
    if recorded:
        text += f" · *{EDITORIAL if change.editorial else MATERIAL}*"
    lines = [f"{text}\n{attrs}"]
    if change.words:
        lines.append(_words_html(change.words) + "\n{ .word-diff }")
    if change.kind is ChangeKind.ADDED and change.text:
        quoted = replace_references(change.text.strip(), links.reference)
        lines.append('!!! quote "The new rule in full"\n' + _indent(quoted))
    return "\n\n".join(lines)


def _level(value: str | None) -> str:
    """A level's word as the site shows it (``must`` → ``Must``)."""
    return LEVEL_LABELS[Level(value)] if value in tuple(Level) else markdown_text(value or "")


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else line for line in text.splitlines())


def _detail(change: Change) -> str:
    match change.kind:
        case ChangeKind.REWORDED:
            detail = f": {', '.join(change.fields)} changed"
            if change.old:
                detail += f" (was titled “{markdown_text(change.old)}”)"
            return detail
        case ChangeKind.LEVEL_CHANGED:
            return f": {_level(change.old)} → **{_level(change.new)}**"
        case ChangeKind.ADDED | ChangeKind.REMOVED:
            return ""
        case _:
            return f": {markdown_text(change.old or '')} → {markdown_text(change.new or '')}"


def _words_html(words: Sequence[Segment]) -> str:
    tags = {"-": "del", "+": "ins"}
    out = []
    for segment in words:
        text = markdown_text(segment.text)
        tag = tags.get(segment.op)
        out.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return " ".join(out)



# Pull-request comment and plain text


def pr_comment(changes: Sequence[Change], handbook: Handbook, base: str) -> str:
    """GitHub-flavoured Markdown summarising ``changes`` since the revision ``base``."""
    if not changes:
        return f"## Policy changes since `{base}`\n\nNo changes to clauses, examples or glossary.\n"
    parts = [f"## Policy changes since `{base}`", _tally(changes)]
    levels = [c for c in changes if c.kind is ChangeKind.LEVEL_CHANGED]
    if levels:
        alert = "WARNING" if any(c.strengthened for c in levels) else "NOTE"
        lines = [f"> - **{c.number} `{c.id}`**: {c.old} → **{c.new}**" for c in levels]
        parts.append(f"> [!{alert}]\n> **Level changed**\n" + "\n".join(lines))
    found = impact(changes)
    who = markdown_text(_who(found.audiences, handbook)) or "nobody"
    parts.append(f"**Who is affected (re-acknowledge):** {who}")
    if found.recheck:
        parts.append("**Examples to re-check:** " + ", ".join(f"`{e}`" for e in found.recheck))
    for kind in ChangeKind:
        of_kind = [c for c in changes if c.kind is kind]
        if of_kind:
            parts.append(f"### {KIND_LABELS[kind]}")
            parts.append("\n".join(_pr_line(c) for c in of_kind))
    return blocks(*parts)


def _tally(changes: Sequence[Change]) -> str:
    counts = [
        f"{sum(c.kind is kind for c in changes)} {KIND_LABELS[kind].lower()}"
        for kind in ChangeKind
        if any(c.kind is kind for c in changes)
    ]
    return f"**{len(changes)} change{'s' if len(changes) != 1 else ''}:** " + ", ".join(counts)


def _pr_line(change: Change) -> str:
    number = f"{change.number} " if change.number else ""
    line = f"- {change.item.value} **{number}`{change.id}`** {markdown_text(change.title)}"
    line += _detail(change)
    if change.words:
        line += "\n  > " + _words_html(change.words)
    return line


def plain_text(changes: Sequence[Change], handbook: Handbook, base: str) -> str:
    """The same summary as plain text: one line per change, word diffs in ``[-…-]{+…+}``."""
    if not changes:
        return f"No policy changes since {base}.\n"
    lines = [f"Policy changes since {base}: {len(changes)}"]
    for change in changes:
        lines.append(f"  {explain(change)}")
        if change.words:
            lines.append(f"    {_words_text(change.words)}")
    found = impact(changes)
    who = _who(found.audiences, handbook) or "nobody"
    lines.append(f"Who is affected (re-acknowledge): {who}")
    if found.recheck:
        lines.append(f"Examples to re-check: {', '.join(found.recheck)}")
    return "\n".join(lines) + "\n"


def _words_text(words: Sequence[Segment]) -> str:
    marks = {"-": "[-{}-]", "+": "{{+{}+}}", "=": "{}"}
    return " ".join(marks[s.op].format(s.text) for s in words)


# Feed


def atom_feed(entries: Sequence[Entry], handbook: Handbook, base_url: str) -> str:
    """An Atom feed of the closed cycles; dated by the cycles, so it is deterministic."""
    closed = [e for e in entries if e.cycle is not None]
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    base = base_url.rstrip("/") + "/"
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = f"{handbook.meta.title}: changelog"
    ET.SubElement(feed, f"{{{ns}}}id").text = base + FOLDER + "/"
    ET.SubElement(feed, f"{{{ns}}}link", href=base + FOLDER + "/")
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=base + FEED)
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = handbook.meta.owner
    newest = max((e.cycle.closed for e in closed if e.cycle), default=dt.date(1970, 1, 1))
    ET.SubElement(feed, f"{{{ns}}}updated").text = _timestamp(newest)
    for entry in closed:
        assert entry.cycle is not None
        url = base + entry_path(entry).removesuffix(".md") + "/"
        item = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(item, f"{{{ns}}}title").text = entry_title(entry)
        ET.SubElement(item, f"{{{ns}}}id").text = url
        ET.SubElement(item, f"{{{ns}}}link", href=url)
        ET.SubElement(item, f"{{{ns}}}updated").text = _timestamp(entry.cycle.closed)
        ET.SubElement(item, f"{{{ns}}}summary").text = _feed_summary(entry)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _feed_summary(entry: Entry) -> str:
    assert entry.cycle is not None
    cycle = entry.cycle
    lines = [
        f"Approved by {cycle.approved_by} on {cycle.closed.isoformat()}; "
        f"in force from {cycle.in_force.isoformat()}."
    ]
    if entry.cycle.summary:
        lines.append(entry.cycle.summary.strip())
    if entry.initial:
        lines.append("First approved edition.")
    lines.extend(explain(c) for c in entry.changes)
    return "\n".join(lines)
