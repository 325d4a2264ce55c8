# Over 300 lines: one comparison of two handbooks (clauses, examples, terms, word by word) and
# the history of entries built from it; splitting it would split the one algorithm.
"""Two handbooks → the changes between them, in policy terms: ``[Change]`` with a kind.

Compare edition-filtered handbooks (see :func:`edition_changes`), so a change list
for an edition can only name and quote what that edition admits.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from build_tools.source.model import Chapter, Clause, Cycle, Example, Handbook, Term
from build_tools.source.references import replace_references
from build_tools.views.editions import for_edition


class ChangeKind(StrEnum):
    """What happened to an item; the order is the order of a changelog entry."""

    LEVEL_CHANGED = "level-changed"
    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    AUDIENCE_CHANGED = "audience-changed"
    VISIBILITY_CHANGED = "visibility-changed"
    MOVED = "moved"


class ItemKind(StrEnum):
    CLAUSE = "clause"
    EXAMPLE = "example"
    TERM = "term"


KIND_LABELS = {
    ChangeKind.ADDED: "Added",
    ChangeKind.REMOVED: "Removed",
    ChangeKind.REWORDED: "Reworded",
    ChangeKind.MOVED: "Moved",
    ChangeKind.LEVEL_CHANGED: "Level changed",
    ChangeKind.AUDIENCE_CHANGED: "Audience changed",
    ChangeKind.VISIBILITY_CHANGED: "Visibility changed",
}
# The only kinds of change a cycle may record as editorial (cycles.yml `editorial:`).
EDITORIAL_KINDS = frozenset({ChangeKind.REWORDED, ChangeKind.MOVED})
# Changes to what a clause requires: its audiences must re-acknowledge it.
OBLIGATION_KINDS = frozenset(
    {
        ChangeKind.ADDED,
        ChangeKind.REMOVED,
        ChangeKind.REWORDED,
        ChangeKind.LEVEL_CHANGED,
        ChangeKind.AUDIENCE_CHANGED,
    }
)


@dataclass(frozen=True)
class Segment:
    """A run of words in a word-level diff: ``=`` kept, ``-`` deleted, ``+`` inserted."""

    op: str
    text: str


@dataclass(frozen=True)
class Change:
    """One change to one item. An item can change in several ways at once."""

    kind: ChangeKind
    item: ItemKind
    id: str
    title: str
    number: str | None = None
    old: str | None = None
    new: str | None = None
    fields: tuple[str, ...] = ()
    words: tuple[Segment, ...] = ()
    audiences: tuple[str, ...] = ()
    recheck: tuple[str, ...] = ()
    editorial: bool = False  # recorded at the cycle's close: nobody re-acknowledges it
    text: str | None = None  # an added clause's text (Markdown), for the changelog to show

    def explain(self) -> str:
        """One line of plain text (the print handbook's changelog appendix uses it)."""
        return explain(self)

    @property
    def strengthened(self) -> bool:
        """A level change towards a firmer obligation (may → should → must)."""
        order = ("may", "should", "must")
        return (
            self.kind is ChangeKind.LEVEL_CHANGED
            and self.old in order
            and self.new in order
            and order.index(self.new) > order.index(self.old)
        )


@dataclass(frozen=True)
class Impact:
    """Who must re-acknowledge and which worked examples need a second look."""

    audiences: tuple[str, ...]
    recheck: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """The changes of one review cycle, or (``cycle`` None) since the last one."""

    cycle: Cycle | None
    since: Cycle | None
    changes: tuple[Change, ...]

    @property
    def initial(self) -> bool:
        return self.cycle is not None and self.since is None


def diff_handbooks(old: Handbook, new: Handbook) -> list[Change]:
    """Every change from ``old`` to ``new``: clauses, then examples, then glossary terms."""
    return [*_clause_changes(old, new), *_example_changes(old, new), *_term_changes(old, new)]


def edition_changes(old: Handbook, new: Handbook, edition: str) -> list[Change]:
    """Changes as ``edition`` of ``new`` sees them: both sides filtered the same way."""
    return diff_handbooks(_as_edition(old, new, edition), for_edition(new, edition))


def history(
    snapshots: Sequence[tuple[Cycle, Handbook]],
    current: Handbook,
    edition: str,
    *,
    pending: bool = True,
) -> tuple[Entry, ...]:
    """One entry per closed cycle plus (with ``pending``) one for the unapproved changes of
    ``current``; newest first."""
    entries: list[Entry] = []
    previous: tuple[Cycle, Handbook] | None = None
    for cycle, snapshot in snapshots:
        changes = edition_changes(previous[1], snapshot, edition) if previous else []
        changes = [_as_recorded(change, cycle) for change in changes]
        entries.append(Entry(cycle, previous[0] if previous else None, tuple(changes)))
        previous = (cycle, _with_editions(snapshot, current))
    if previous is not None and pending:
        proposed = edition_changes(previous[1], current, edition)
        entries.append(Entry(None, previous[0], tuple(proposed)))
    return tuple(reversed(entries))


def by_item(changes: Iterable[Change]) -> dict[str, list[Change]]:
    """The changes grouped by the item they change, in the order the diff lists them."""
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.id, []).append(change)
    return grouped


def item_texts(handbook: Handbook) -> dict[str, str]:
    """Item id (a term's name) → the text the diff compares word by word."""
    found = {clause.id: clause.text for _, clause in handbook.clauses()}
    found |= {example.id: _example_text(example) for example in handbook.examples}
    return found | {term.term: _term_text(term) for term in handbook.glossary}


def _as_recorded(change: Change, cycle: Cycle) -> Change:
    """``change`` marked editorial when its cycle recorded it so."""
    if change.id in cycle.editorial and change.kind in EDITORIAL_KINDS:
        return dataclasses.replace(change, editorial=True)
    return change


def editorial_problems(changes: Sequence[Change], named: Sequence[str]) -> dict[int, str]:
    """Position in ``named`` → why that item cannot be recorded as editorial."""
    kinds = {item: {change.kind for change in found} for item, found in by_item(changes).items()}
    problems = {}
    for i, item in enumerate(named):
        found = kinds.get(item)
        if found is None:
            problems[i] = f"'{item}' did not change in this cycle, so it cannot be editorial"
        elif found - EDITORIAL_KINDS:
            what = ", ".join(sorted(KIND_LABELS[k].lower() for k in found - EDITORIAL_KINDS))
            problems[i] = (
                f"'{item}' is {what} in this cycle: that changes the rule, so it is material "
                "(only rewordings and moves can be editorial)"
            )
    return problems


def impact(changes: Iterable[Change]) -> Impact:
    audiences: dict[str, None] = {}
    recheck: dict[str, None] = {}
    for change in changes:
        if change.editorial:
            continue  # recorded as editorial: nobody acknowledges it again
        audiences.update(dict.fromkeys(change.audiences))
        recheck.update(dict.fromkeys(change.recheck))
    return Impact(tuple(audiences), tuple(sorted(recheck)))


def explain(change: Change) -> str:
    """One line of plain text describing ``change``."""
    name = f"{change.number} {change.id}" if change.number else change.id
    subject = f"{change.item.value} {name} ({change.title})"
    match change.kind:
        case ChangeKind.ADDED | ChangeKind.REMOVED:
            return f"{subject}: {change.kind.value}"
        case ChangeKind.REWORDED:
            editorial = ", editorial" if change.editorial else ""
            return f"{subject}: reworded ({', '.join(change.fields)}{editorial})"
        case _:
            label = KIND_LABELS[change.kind].lower()
            editorial = " (editorial)" if change.editorial else ""
            return f"{subject}: {label} from {change.old} to {change.new}{editorial}"


def as_dict(change: Change) -> dict[str, Any]:
    data = dataclasses.asdict(change)
    data["kind"] = change.kind.value
    data["item"] = change.item.value
    data["words"] = [[s.op, s.text] for s in change.words]
    return data


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level diff of two texts; references are shown by their label or id."""
    a, b = _words(old), _words(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("-", " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("+", " ".join(b[j1:j2])))
    return tuple(segments)


def _words(text: str) -> list[str]:
    return replace_references(text, lambda ref: ref.label or ref.target).split()


def _as_edition(old: Handbook, new: Handbook, edition: str) -> Handbook:
    """``old`` filtered by ``new``'s definition of ``edition`` (editions may have changed)."""
    return for_edition(_with_editions(old, new), edition)


def _with_editions(old: Handbook, new: Handbook) -> Handbook:
    meta = old.meta.model_copy(update={"editions": new.meta.editions})
    return dataclasses.replace(old, meta=meta)


# Clauses


@dataclass(frozen=True)
class _Placed:
    chapter: Chapter
    clause: Clause
    number: str


def _placed(handbook: Handbook) -> dict[str, _Placed]:
    numbers = handbook.clause_numbers
    return {cl.id: _Placed(ch, cl, numbers[cl.id]) for ch, cl in handbook.clauses()}


def _clause_changes(old: Handbook, new: Handbook) -> Iterator[Change]:
    before, after = _placed(old), _placed(new)
    moved = _moved(old, new)
    order = [*after, *(i for i in before if i not in after)]
    for clause_id in order:
        if clause_id not in before:
            yield _added_clause(after[clause_id], new)
        elif clause_id not in after:
            placed = before[clause_id]
            yield Change(
                ChangeKind.REMOVED,
                ItemKind.CLAUSE,
                clause_id,
                placed.clause.title,
                number=placed.number,
                audiences=_audiences(placed.clause, old),
            )
        else:
            yield from _changed_clause(before[clause_id], after[clause_id], old, new, moved)


def _added_clause(placed: _Placed, new: Handbook) -> Change:
    return Change(
        ChangeKind.ADDED,
        ItemKind.CLAUSE,
        placed.clause.id,
        placed.clause.title,
        number=placed.number,
        audiences=_audiences(placed.clause, new),
        recheck=tuple(ex.id for ex in new.examples_for(placed.clause.id)),
        text=placed.clause.text,
    )


def _changed_clause(
    a: _Placed, b: _Placed, old: Handbook, new: Handbook, moved: set[str]
) -> Iterator[Change]:
    """How one clause changed. Its ``key`` flag (the quick-reference card) is presentation, not
    part of the rule, and is not compared: flagging a clause changes nothing anyone must
    acknowledge again, and shows in no changelog."""
    clause = b.clause
    base = Change(ChangeKind.REWORDED, ItemKind.CLAUSE, clause.id, clause.title, number=b.number)
    recheck = tuple(ex.id for ex in new.examples_for(clause.id))
    own = _audiences(clause, new)
    if a.clause.level != clause.level:
        yield dataclasses.replace(
            base,
            kind=ChangeKind.LEVEL_CHANGED,
            old=a.clause.level.value,
            new=clause.level.value,
            audiences=own,
            recheck=recheck,
        )
    fields = _changed_fields(a.clause, clause, ("title", "text", "rationale"))
    if fields:
        words = word_diff(a.clause.text, clause.text) if "text" in fields else ()
        old_title = a.clause.title if "title" in fields else None
        yield dataclasses.replace(
            base, fields=fields, words=words, old=old_title, audiences=own, recheck=recheck
        )
    if a.clause.applies_to != clause.applies_to:
        both = {**dict.fromkeys(_audiences(a.clause, old)), **dict.fromkeys(own)}
        yield dataclasses.replace(
            base,
            kind=ChangeKind.AUDIENCE_CHANGED,
            old=_audience_labels(a.clause, old),
            new=_audience_labels(clause, new),
            audiences=tuple(a for a in new.meta.audiences if a in both),
            recheck=recheck,
        )
    if a.clause.visibility != clause.visibility:
        yield dataclasses.replace(
            base,
            kind=ChangeKind.VISIBILITY_CHANGED,
            old=a.clause.visibility.value,
            new=clause.visibility.value,
        )
    if clause.id in moved:
        where = a.chapter.title if a.chapter.id != b.chapter.id else None
        old_place = f"{a.number} ({where})" if where else a.number
        new_place = f"{b.number} ({b.chapter.title})" if where else b.number
        yield dataclasses.replace(base, kind=ChangeKind.MOVED, old=old_place, new=new_place)


def _moved(old: Handbook, new: Handbook) -> set[str]:
    """Clauses that changed chapter, or changed order among the clauses that stayed.

    A clause whose number shifts only because another was added or removed is not moved.
    """
    before = {cl.id: ch.id for ch, cl in old.clauses()}
    moved: set[str] = set()
    old_chapters = {ch.id: ch for ch in old.chapters}
    for chapter in new.chapters:
        ids = [cl.id for cl in chapter.clauses if cl.id in before]
        moved.update(i for i in ids if before[i] != chapter.id)
        previous = old_chapters.get(chapter.id)
        if previous is None:
            continue
        stayed = [i for i in ids if before[i] == chapter.id]
        earlier = [cl.id for cl in previous.clauses if cl.id in set(stayed)]
        matcher = difflib.SequenceMatcher(None, earlier, stayed, autojunk=False)
        kept = {
            i
            for block in matcher.get_matching_blocks()
            for i in earlier[block.a : block.a + block.size]
        }
        moved.update(i for i in stayed if i not in kept)
    return moved


def _audiences(clause: Clause, handbook: Handbook) -> tuple[str, ...]:
    return clause.applies_to or tuple(handbook.meta.audiences)


def _audience_labels(clause: Clause, handbook: Handbook) -> str:
    if not clause.applies_to:
        return "everyone"
    return ", ".join(handbook.meta.audiences.get(a, a) for a in clause.applies_to)


def _changed_fields(a: Any, b: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in names if getattr(a, name) != getattr(b, name))


# Examples and glossary terms


def _example_changes(old: Handbook, new: Handbook) -> Iterator[Change]:
    before = {ex.id: ex for ex in old.examples}
    after = {ex.id: ex for ex in new.examples}
    for example_id in [*after, *(i for i in before if i not in after)]:
        a, b = before.get(example_id), after.get(example_id)
        yield from _item_changes(
            ItemKind.EXAMPLE,
            example_id,
            a,
            b,
            ("title", "outcome", "illustrates", "scenario", "discussion"),
            _example_text,
        )


def _example_text(example: Example) -> str:
    return f"{example.scenario} {example.discussion}"


def _term_changes(old: Handbook, new: Handbook) -> Iterator[Change]:
    before = {t.term.casefold(): t for t in old.glossary}
    after = {t.term.casefold(): t for t in new.glossary}
    keys = sorted({*before, *after})
    for key in keys:
        a, b = before.get(key), after.get(key)
        term_name = b.term if b is not None else a.term if a is not None else key
        yield from _item_changes(
            ItemKind.TERM, term_name, a, b, ("term", "definition", "aliases"), _term_text
        )


def _term_text(term: Term) -> str:
    return term.definition


def _item_changes(
    item: ItemKind,
    item_id: str,
    a: Any,
    b: Any,
    fields: tuple[str, ...],
    text: Any,
) -> Iterator[Change]:
    current = b if b is not None else a
    title = str(getattr(current, "title", item_id))
    base = Change(ChangeKind.ADDED, item, item_id, title)
    if a is None:
        yield base
        return
    if b is None:
        yield dataclasses.replace(base, kind=ChangeKind.REMOVED)
        return
    changed = _changed_fields(a, b, fields)
    if changed:
        words = word_diff(text(a), text(b))
        yield dataclasses.replace(base, kind=ChangeKind.REWORDED, fields=changed, words=words)
    if a.visibility != b.visibility:
        yield dataclasses.replace(
            base, kind=ChangeKind.VISIBILITY_CHANGED, old=a.visibility.value, new=b.visibility.value
        )


def current_cycle_changes(entries: Sequence[Entry]) -> tuple[Change, ...] | None:
    """The changes the print handbook lists as its appendix: the newest entry's, which is the
    latest closed cycle in an approved build and the changes proposed since it in a draft;
    None when no cycle is closed."""
    return entries[0].changes if entries else None
