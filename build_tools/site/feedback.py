"""Feedback from the page: under each clause, "Suggest a change" (its source file, opened in
the repository host's editor) and "Ask about this rule" (an email to the handbook's contact
address); pure.

Both are plain links: no script, nothing sent until the reader acts. Everything in them is
checked or encoded here, whatever the sources hold: the email address must be a plain mailbox
(``contact_email`` in handbook.yml is validated the same way), and the subject is
percent-encoded whole, so a title cannot add recipients, headers or a second query
(``?cc=``, ``&bcc=``, a line break).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from build_tools.source.model import EMAIL_PATTERN
from build_tools.source.sanitize import markdown_text

SUGGEST = "Suggest a change"
ASK = "Ask about this rule"
_EMAIL = re.compile(EMAIL_PATTERN)


@dataclass(frozen=True)
class Feedback:
    """Where a clause's feedback links lead: clause id → address of its source file in the
    repository host's editor, and the address that answers questions (None: no such link)."""

    edit: Mapping[str, str] = field(default_factory=dict)
    contact: str | None = None


def edit_links(edit_base: str, files: Mapping[str, str]) -> dict[str, str]:
    """Item id → the address that opens its source file for editing.

    ``edit_base`` is the address of the docs folder in the host's editor (MkDocs' ``repo_url``
    joined with ``edit_uri``), ``files`` each item's file as a path relative to the docs folder
    (``../policy_src/chapters/01-scope.yml``). Only a web address is used: anything else gives
    no links."""
    parts = urlsplit(edit_base)
    if parts.scheme not in ("https", "http") or not parts.netloc or not edit_base.endswith("/"):
        return {}
    return {item: urljoin(edit_base, quote(path)) for item, path in files.items()}


def ask_href(email: str, subject: str) -> str | None:
    """A ``mailto:`` address to ``email`` with ``subject``, or None when ``email`` is not a
    plain address. The subject is percent-encoded whole (``&``, ``=``, ``?``, ``#``, line
    breaks and all), so it stays one header."""
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        return None
    one_line = " ".join(subject.split())
    return f"mailto:{email}?subject={quote(one_line, safe='')}"


def subject(number: str, title: str, words: str = "Question about {clause}") -> str:
    """The subject of a question about a clause: ``Question about 3.2 Title`` (``words``:
    the sentence in the page's language, ``{clause}`` where the clause goes)."""
    return words.replace("{clause}", f"{number} {title}")


def feedback_line(
    clause_id: str,
    number: str,
    title: str,
    feedback: Feedback,
    words: Mapping[str, str] | None = None,
) -> str:
    """The Markdown line of a clause's feedback links, or "" when it has none. The addresses
    hold only URL characters (checked or percent-encoded above), never Markdown's brackets,
    parentheses or spaces. ``words``: the links' words in the page's language (``site.suggest``,
    ``site.ask``, ``site.ask_subject``), plain text; English without them."""
    said = words or {}
    links = []
    edit = feedback.edit.get(clause_id)
    if edit:
        label = markdown_text(said["site.suggest"]) if "site.suggest" in said else SUGGEST
        links.append(f"[{label}]({_link_safe(edit)}){{ .suggest-change }}")
    asked = subject(number, title, said.get("site.ask_subject", "Question about {clause}"))
    ask = ask_href(feedback.contact, asked) if feedback.contact else None
    if ask:
        label = markdown_text(said["site.ask"]) if "site.ask" in said else ASK
        links.append(f"[{label}]({ask}){{ .ask-about }}")
    if not links:
        return ""
    return " · ".join(links) + "\n{ .clause-feedback }"


def _link_safe(url: str) -> str:
    """``url`` with the characters that would end a Markdown link or attribute list encoded."""
    return "".join(c if c not in " ()<>[]{}\\\"'`" else quote(c, safe="") for c in url)
