"""One review cycle's changes in plain words for readers: "What this means for you"; pure.

Derived from the changes alone: who is affected, how many rules were added, changed and
removed, and which rules to read and acknowledge again (material changes; a closed cycle may
have recorded some as editorial, which nobody acknowledges again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from build_tools.review.diff import OBLIGATION_KINDS, Change, ChangeKind, ItemKind, by_item, impact
from build_tools.source.model import Handbook
from build_tools.source.sanitize import markdown_text

HEADING = "What this means for you"
ANCHOR = "what-this-means-for-you"


def what_it_means(
    changes: Sequence[Change],
    handbook: Handbook,
    link: Callable[[Change], str],
    *,
    approved: bool,
) -> str:
    """The section's Markdown. ``link`` gives a Markdown link to a change's section on the
    page; ``approved``: the changes of a closed cycle (else proposed, not yet in force)."""
    groups = by_item(changes)
    added, changed, removed = _clause_counts(groups)
    clauses = [found for found in groups.values() if found[0].item is ItemKind.CLAUSE]
    gone = [found[0] for found in clauses if found[0].kind is ChangeKind.REMOVED]
    again = [
        found[0]
        for found in clauses
        if found[0].kind is not ChangeKind.REMOVED
        and any(c.kind in OBLIGATION_KINDS and not c.editorial for c in found)
    ]
    others = sum(1 for found in groups.values() if found[0].item is not ItemKind.CLAUSE)
    found = impact(changes)
    declared = list(handbook.meta.audiences)
    who = [handbook.meta.audiences[a] for a in declared if a in found.audiences]
    affected = _affected(who, len(declared))
    if approved:
        lines = [f"- {affected[0].upper()}{affected[1:]}"]
    else:
        lines = [f"- If these changes are approved as they stand, {affected}"]
    tally = _tally(added, changed, removed)
    if tally:
        lines.append(f"- {tally}")
    if others:
        noun = "example or glossary entry" if others == 1 else "examples or glossary entries"
        lines.append(f"- {others} {noun} changed as well; they explain rules, they set none.")
    if again:
        names = ", ".join(link(change) for change in again)
        lines.append(f"- Read again and acknowledge: {names}.")
    elif not gone:
        lines.append("- Nothing to acknowledge again: no rule changed in substance.")
    if gone:
        names = ", ".join(link(change) for change in gone)
        lines.append(f"- No longer a rule: {names}.")
    return f"## {HEADING} {{ #{ANCHOR} }}\n\n" + "\n".join(lines)


def _clause_counts(groups: dict[str, list[Change]]) -> tuple[int, int, int]:
    added = changed = removed = 0
    for found in groups.values():
        if found[0].item is not ItemKind.CLAUSE:
            continue
        kinds = {c.kind for c in found}
        if ChangeKind.ADDED in kinds:
            added += 1
        elif ChangeKind.REMOVED in kinds:
            removed += 1
        else:
            changed += 1
    return added, changed, removed


def _affected(who: Sequence[str], everyone: int) -> str:
    if not who:
        return "nobody has to acknowledge anything again."
    if len(who) == everyone:
        return "this concerns everyone the handbook is written for."
    return f"this concerns {_and([markdown_text(name) for name in who])}."


def _tally(added: int, changed: int, removed: int) -> str:
    parts = [
        f"{count} {_rules(count)} {verb}"
        for count, verb in ((added, "added"), (changed, "changed"), (removed, "removed"))
        if count
    ]
    if not parts:
        return ""
    text = _and(parts) + "."
    return text[0].upper() + text[1:]


def _rules(count: int) -> str:
    return "rule" if count == 1 else "rules"


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
