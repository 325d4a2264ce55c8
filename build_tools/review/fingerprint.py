"""The fingerprint of a text: a hash of exactly what its reader is given, so that a signed
acknowledgement can be tied to the text that was signed and checked against it later."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from build_tools.source.model import Handbook


def fingerprint(handbook: Handbook) -> str:
    """SHA-256 (hex) of ``handbook`` as one edition and audience read it: every chapter (its
    quiz aside), clause, example and glossary term with all their fields, the edition, the
    audience and the review cycle. The same text gives the same fingerprint on any machine;
    any change to a word gives another."""
    cycle = handbook.latest_cycle
    text: dict[str, Any] = {
        "edition": handbook.edition,
        "audience": handbook.audience,
        "cycle": cycle.id if cycle else None,
        "draft": not handbook.approved,
        # A chapter's quiz is a self-check, not text the reader signs (no book prints it):
        # adding one leaves the fingerprint, and every acknowledgement of the text, as they were.
        "chapters": [
            chapter.model_dump(mode="json", exclude={"quiz"}) for chapter in handbook.chapters
        ],
        "examples": [example.model_dump(mode="json") for example in handbook.examples],
        "glossary": [term.model_dump(mode="json") for term in handbook.glossary],
    }
    if handbook.language:  # a translation is another text (the source's fingerprints stay)
        text["language"] = handbook.language
    canonical = json.dumps(text, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short(digest: str) -> str:
    """A fingerprint as a document reference gives it: its first twelve hex digits, in
    groups of four."""
    head = digest[:12].upper()
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def document_reference(handbook: Handbook, digest: str | None = None) -> str:
    """``PUBLIC/BOARD/2026-H1/4767-A418-D20F``: edition, audience (``ALL`` for every one),
    review cycle (``DRAFT`` for a draft) and the short fingerprint of the text."""
    cycle = handbook.latest_cycle
    version = cycle.id if handbook.approved and cycle else "DRAFT"
    audience = handbook.audience.upper() or "ALL"
    digest = digest or fingerprint(handbook)
    return "/".join([handbook.edition.upper(), audience, version, short(digest)])
