"""Words and anchors shared by every renderer (site pages, print handbook, changelog)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from build_tools.source.model import Handbook, HandbookMeta, Level, Outcome, Term
from build_tools.source.print_words import PRINT_WORDS

LEVEL_LABELS = {Level.MUST: "Must", Level.SHOULD: "Should", Level.MAY: "May"}
#: What each level means, in a sentence (the badge's tooltip on the site).
LEVEL_MEANINGS = {
    Level.MUST: "a requirement; not following it is a breach of this code",
    Level.SHOULD: "expected practice; depart from it only for a good reason you can explain",
    Level.MAY: "something you are allowed to do, within the limits set here",
}
#: The words of the pages and the print handbook that a translation may give in its language
#: (``labels:`` in ``translations/<code>/language.yml``): key → the English words.
UI: dict[str, str] = {}
OUTCOME_LABELS = {
    Outcome.GOOD: "Good conduct",
    Outcome.POOR: "Poor conduct",
    Outcome.MIXED: "Mixed conduct",
}
UI.update(PRINT_WORDS)  # the print handbook's own words (print.*); the site's are below


#: A value filled into a label when it is shown: ``{title}``.
SLOT = re.compile(r"\{([a-z_]+)\}")


def slots(words: str) -> list[str]:
    """The ``{name}`` slots of a label, sorted: a translation keeps the English ones."""
    return sorted(SLOT.findall(words))


def ui(labels: Mapping[str, str], key: str) -> str:
    """The words of ``key`` (a key of :data:`UI`) in a language whose ``labels`` are given (a
    translated handbook's :attr:`~build_tools.source.model.Handbook.labels`), else English."""
    return labels.get(key) or UI[key]


def slug(text: str) -> str:
    """Letters and digits of ``text`` (any script), lower case, words joined by dashes:
    ``Closed period`` → ``closed-period``."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def term_anchor(term: Term) -> str:
    """The glossary anchor of a term: ``term-closed-period``."""
    return "term-" + slug(term.term)


def tag_label(meta: HandbookMeta, tag: str) -> str:
    """A tag's label from ``handbook.yml``, else its words: ``market-disclosure`` →
    ``Market disclosure``."""
    label = meta.tags.get(tag)
    if label:
        return label
    words = tag.replace("-", " ")
    return words[:1].upper() + words[1:]


#: The site's words (``site.…``) and those it shares with print (levels, outcomes): the English
#: is Markdown of our own, as the pages have always said it; a translation's words are plain
#: text (escaped where they are used). ``{name}`` holds a number or name filled in.
UI.update(
    {
        "level.must": LEVEL_LABELS[Level.MUST],
        "level.should": LEVEL_LABELS[Level.SHOULD],
        "level.may": LEVEL_LABELS[Level.MAY],
        "level.must.meaning": LEVEL_MEANINGS[Level.MUST],
        "level.should.meaning": LEVEL_MEANINGS[Level.SHOULD],
        "level.may.meaning": LEVEL_MEANINGS[Level.MAY],
        "outcome.good": OUTCOME_LABELS[Outcome.GOOD],
        "outcome.poor": OUTCOME_LABELS[Outcome.POOR],
        "outcome.mixed": OUTCOME_LABELS[Outcome.MIXED],
        "site.home": "Home",
        "site.owner": "Owner:",
        "site.how_to_read": "How to read a clause",
        "site.how_to_read_text": (
            "Each clause has a number, which follows its position (3.2 is the second clause of "
            "chapter 3), and a stable id such as `SM-PRIV-02`, which never changes or gets "
            "reused. Quote the id when you refer to a clause. Its level says how strong it is:"
        ),
        "site.chapters": "Chapters",
        "site.summary": (
            "This edition holds {clauses} clauses in {chapters} chapters: {must} *must*, "
            "{should} *should* and {may} *may*."
        ),
        "site.column_number": "No.",
        "site.column_chapter": "Chapter",
        "site.column_clauses": "Clauses",
        "site.examples_count": "{count} real-life scenarios.",
        "site.glossary_count": "{count} defined terms.",
        "site.chapter_owner": "Chapter owner:",
        "site.applies_to": "Applies to:",
        "site.everyone": "Everyone",
        "site.tags": "Tags:",
        "site.why": "Why this rule",
        "site.see_also": "See also:",
        "site.examples_of_clause": "Worked examples:",
        "site.examples": "Worked examples",
        "site.examples_intro": (
            "Real-life scenarios, each tied to the clauses it illustrates. They show good, poor "
            "and mixed conduct; the discussion explains which clauses apply and why."
        ),
        "site.illustrates": "Illustrates:",
        "site.scenario": "Scenario.",
        "site.discussion": "Discussion.",
        "site.glossary": "Glossary",
        "site.glossary_intro": "Terms with a defined meaning in this handbook.",
        "site.also_called": "Also called:",
        "site.suggest": "Suggest a change",
        "site.ask": "Ask about this rule",
        "site.ask_subject": "Question about {clause}",
        "site.download": "Download the print handbook",
        "site.download_detail": "(PDF, {edition}), to read offline, print and sign.",
        "site.other_languages": "The print handbook in other languages:",
        "site.role_downloads": "The handbook for your role",
        "site.role_downloads_detail": "(PDF, only the clauses that apply to it):",
        "site.quick_answers": "I want to…",
        "site.see": "See",
        "site.missing": "Not yet translated: the English text is shown.",
        "site.stale": "Translation out of date: the English text applies.",
        "site.english_only": "This page is in English.",
        "site.draft": "Draft — not approved",
        "site.draft_first": (
            "No review cycle has been closed yet: nothing in this text is in force."
        ),
        "site.draft_detail": (
            "This is the working copy, with changes proposed since review cycle {cycle}. "
            "The approved text of review cycle {cycle} stays in force until a new cycle is "
            "approved."
        ),
        "site.effective": "effective",
        "site.audiences": "What applies to me",
        "site.audience_title": "{audience}: what applies to you",
        "site.audience_summary": (
            "{count} clauses of this edition apply to {audience}: **{must} must**, "
            "**{should} should** and **{may} may**. Clauses written for everyone are included. "
            "Each is given in full below; its chapter page adds why the rule exists and worked "
            "examples."
        ),
        "site.audience_download": "Download the handbook for {audience}",
        "site.audience_download_detail": (
            "(PDF, only these clauses), to read offline, print and sign."
        ),
        "site.audience_chapter": "{count} clauses: {levels}.",
        "site.in_its_chapter": "{number} in its chapter",
        "site.changed_in": "Changed in {cycle}",
        "site.quiz": "Check your understanding",
        "site.quiz_home_link": "Test yourself",
        "site.quiz_home": (
            "{link} with {questions} on {chapters}, each answer linked to its clause. "
            "Nothing is recorded."
        ),
        "site.quiz_chapter_link": "Take the quiz on this chapter",
        "site.quiz_chapter": (
            "{link}: {questions}, each answer linked to its clause. Nothing is recorded."
        ),
        "site.latest_change": "What changed in the latest version:",
        "site.cycle_title": "{cycle} review cycle",
        "site.in_force_from": "in force from {date}:",
        "site.first_edition": "the first approved edition",
        "site.change_count_one": "{count} change",
        "site.change_count": "{count} changes",
        "site.proposed": "{changes} proposed.",
        "site.all_chapters": "All chapters",
        "site.changelog": "Changelog",
        "site.changelog_overview": "Overview",
        "site.versions": "Versions",
        "site.sources": "Handbook sources",
        "site.filter": "Show clauses for",
        "site.filter_everyone": "Everyone (all clauses)",
        "site.filter_some": "Showing {shown} of {total} clauses that apply to {audience}.",
        "site.filter_all": "Showing all {total} clauses.",
    }
)


def words(handbook: Handbook, key: str) -> str:
    """The words of ``key`` in ``handbook``'s language, plain text: the translation's label,
    else the English."""
    return ui(handbook.labels, key)


def say(
    handbook: Handbook,
    key: str,
    escape: Callable[[str], str],
    values: Mapping[str, str | int] | None = None,
) -> str:
    """The words of ``key`` for a page: the English as it is (our own Markdown), a
    translation's words through ``escape`` (the page's plain-text escaping); each ``{name}``
    replaced with ``values[name]`` after escaping (never ``str.format`` on a translation's
    words, which could reach attributes)."""
    own = handbook.labels.get(key)
    text = own or UI[key]
    given = {name: str(value) for name, value in (values or {}).items()}
    parts = SLOT.split(text)  # even: words; odd: a placeholder's name
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(given.get(part, "{" + part + "}" if not own else escape("{" + part + "}")))
        else:
            out.append(escape(part) if own else part)
    return "".join(out)
