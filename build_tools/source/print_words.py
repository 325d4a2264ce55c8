"""The words the print handbook adds to the text (headings, labels, the acknowledgement page):
key → English. Part of :data:`build_tools.source.labels.UI`, so a translation gives them in its
language under ``labels:``. ``{name}`` marks a value filled in when the book is printed; keep
it in the translation."""

from __future__ import annotations

_MONTHS = "January February March April May June July August September October November December"

PRINT_WORDS: dict[str, str] = {
    # Cover and document control
    "print.cover": "Cover",
    "print.version": "Version",
    "print.effective": "Effective",
    "print.owner": "Owner",
    "print.draft": "Draft — not approved",
    "print.cover_draft": "This is not the code in force: do not rely on it or sign it.",
    "print.cover_audience": "For {audience}: the clauses that apply to this role",
    "print.keywords": "code of conduct, social media",
    "print.document_control": "Document control",
    "print.title": "Title",
    "print.issued_by": "Issued by",
    "print.edition": "Edition",
    "print.approver": "Approver",
    "print.not_set": "not set",
    "print.effective_date": "Effective date",
    "print.next_review": "Next review due",
    "print.every_months": "(every {months} months)",
    "print.live_version": "Live version",
    "print.not_published": "not published",
    "print.uncontrolled": "This printed copy is uncontrolled. The live version at the address "
    "above is the one in force; check it before relying on a printed copy.",
    "print.review_history": "Review history",
    "print.cycle": "Cycle",
    "print.closed": "Closed",
    "print.approved_by": "Approved by",
    "print.statement": "Review cycle {cycle}, approved by {approver} on {date}",
    "print.statement_draft": "{draft}: the working copy, with the changes proposed since "
    "review cycle {cycle}",
    "print.statement_first": "{draft}: no review cycle has been closed yet",
    "print.not_in_force": "Not in force until approved",
    "print.date": "{day} {month} {year}",
    "print.day_one": "1",
    **{f"print.month.{number}": name for number, name in enumerate(_MONTHS.split(), start=1)},
    # Contents and the front matter
    "print.contents": "Contents",
    "print.about": "About this handbook",
    "print.examples": "Worked examples",
    "print.glossary": "Glossary",
    "print.index": "Index of topics and terms",
    "print.acknowledgement": "Acknowledgement of receipt",
    "print.how_to_read": "How to read a clause",
    "print.how_to_read_text": "Each clause has a number, which follows its position (3.2 is "
    "the second clause of chapter 3), and a stable id such as {id}, which never changes and is "
    "never reused. Quote the id when you refer to a clause. Its level says how strong it is:",
    "print.level_must": "a requirement; not following it is a breach of this code.",
    "print.level_should": "expected practice; depart from it only for a good reason you can "
    "explain.",
    "print.level_may": "something you are allowed to do, within the limits set here.",
    "print.reference_text": "A reference such as {sample} names a clause and the page it is on.",
    "print.reference_sample": "3.2 Title (p. 14)",
    # Chapters and clauses
    "print.chapter": "Chapter {number}",
    "print.chapter_owner": "Chapter owner: {owner}",
    "print.applies_to": "Applies to: {audiences}",
    "print.everyone": "Everyone",
    "print.why": "Why this rule",
    "print.see_also": "See also:",
    "print.examples_for": "Worked examples:",
    "print.separator": "; ",
    "print.outcome.good": "good conduct",
    "print.outcome.poor": "poor conduct",
    "print.outcome.mixed": "mixed conduct",
    # Back matter
    "print.examples_intro": "Real-life scenarios, each tied to the clauses it illustrates. "
    "They show good, poor and mixed conduct; the discussion explains which clauses apply and why.",
    "print.worked_example": "Worked example: {title}",
    "print.illustrates": "Illustrates:",
    "print.scenario": "Scenario",
    "print.discussion": "Discussion",
    "print.glossary_intro": "Terms with a defined meaning in this handbook.",
    "print.also_called": "Also called: {aliases}",
    "print.index_intro": "Topics (tags) and defined terms, with the clauses and examples that "
    "deal with them. Numbers such as 3.2 are clause numbers; the page follows each.",
    "print.defined": "defined",
    "print.changes": "Appendix: changes in this review cycle",
    "print.changes_draft": "Appendix: changes proposed since review cycle {cycle}",
    "print.no_changes": "No clause, example or glossary term changed.",
    "print.no_changes_cycle": "No clause, example or glossary term changed in this review cycle.",
    "print.changes_english": "The changes are listed in English, the binding text.",
    # The acknowledgement page
    "print.ack_confirm": "I confirm that I have received, read and understood the {title} "
    "issued by {organisation}, and that I will follow it.",
    "print.document_reference": "Document reference",
    "print.sign_name": "Name",
    "print.sign_employee": "Employee id",
    "print.sign_role": "Role",
    "print.sign_date": "Signature and date",
    "print.sign_manager": "Countersigned by your line manager: name, signature and date",
    "print.ack_return": "Return the signed page to {owner} within {days} days of receiving this "
    "handbook. The document reference ties it to this exact text. Keep the rest of the handbook.",
    "print.ack_draft": "Do not sign a draft: acknowledge the approved version, which {owner} "
    "issues once this text is approved.",
    # A translated book only
    "print.binding": "This is a translation, for understanding only. The English text is "
    "binding: where the two differ, the English version applies.",
    "print.stale": "Translation out of date: the English text applies.",
    "print.missing": "Not yet translated: the English text applies.",
    # Page margins
    "print.page_of": "Page {page} of {pages}",
    "print.blank": "This page is intentionally left blank",
    "print.page": "p.",
}
