"""The semantic diff, its views and the snapshot format, on the small cycles fixture."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml

from build_tools.publish.pipeline import check_sources
from build_tools.review import snapshot
from build_tools.review.diff import (
    ChangeKind,
    Segment,
    diff_handbooks,
    edition_changes,
    history,
    impact,
    word_diff,
)
from build_tools.site import changelog
from build_tools.source.model import Clause, Cycle, Handbook, Level, Visibility
from build_tools.util.dates import add_months

SOURCE = Path(__file__).parent / "fixtures" / "cycles" / "src"


@pytest.fixture(scope="module")
def base() -> Handbook:
    handbook, problems = check_sources(SOURCE)
    assert handbook is not None, problems
    return handbook


def edit(handbook: Handbook, clause_id: str, **update: object) -> Handbook:
    chapters = tuple(
        ch.model_copy(
            update={
                "clauses": tuple(
                    cl.model_copy(update=update) if cl.id == clause_id else cl for cl in ch.clauses
                )
            }
        )
        for ch in handbook.chapters
    )
    return dataclasses.replace(handbook, chapters=chapters)


def found(changes: list[object]) -> set[tuple[str, str]]:
    return {(c.kind.value, c.id) for c in changes}  # type: ignore[attr-defined]


def test_no_changes(base: Handbook) -> None:
    assert diff_handbooks(base, base) == []


def test_word_diff_marks_insertions_and_deletions() -> None:
    assert word_diff("You should post within two hours.", "You must post within 30 minutes.") == (
        Segment("=", "You"),
        Segment("-", "should"),
        Segment("+", "must"),
        Segment("=", "post within"),
        Segment("-", "two hours."),
        Segment("+", "30 minutes."),
    )
    assert word_diff("See [[SM-A-01|the rule]].", "See [[SM-A-01|the rule]] now.")[0] == Segment(
        "=", "See the"
    )


def test_level_change_is_flagged_as_firmer(base: Handbook) -> None:
    changes = diff_handbooks(base, edit(base, "CYC-BASIC-02", level=Level.MUST))
    (change,) = changes
    assert (change.kind, change.old, change.new, change.strengthened) == (
        ChangeKind.LEVEL_CHANGED,
        "should",
        "must",
        True,
    )
    assert change.audiences == ("executives",)
    weaker = diff_handbooks(base, edit(base, "CYC-BASIC-01", level=Level.MAY))
    assert weaker[0].strengthened is False


def test_renumbering_alone_is_not_a_move(base: Handbook) -> None:
    new_clause = Clause(id="CYC-BASIC-09", title="New first rule", text="Be polite.", level="must")
    first = base.chapters[0]
    grown = first.model_copy(update={"clauses": (new_clause, *first.clauses)})
    new = dataclasses.replace(base, chapters=(grown, *base.chapters[1:]))
    assert found(diff_handbooks(base, new)) == {("added", "CYC-BASIC-09")}


def test_reordering_within_a_chapter_is_a_move(base: Handbook) -> None:
    first = base.chapters[0]
    a, b, *rest = first.clauses
    swapped = first.model_copy(update={"clauses": (b, a, *rest)})
    new = dataclasses.replace(base, chapters=(swapped, *base.chapters[1:]))
    (change,) = diff_handbooks(base, new)
    # One of the two moved; the other kept its place among the clauses that stayed.
    assert (change.kind, change.id, change.old, change.new) == (
        ChangeKind.MOVED,
        "CYC-BASIC-02",
        "1.2",
        "1.1",
    )


def test_impact_names_audiences_and_examples(base: Handbook) -> None:
    new = edit(base, "CYC-BASIC-01", text="You must name Example Ltd in every post about work.")
    new = edit(new, "CYC-MORE-01", applies_to=("executives",))
    result = impact(diff_handbooks(base, new))
    assert result.audiences == ("executives", "board")
    assert result.recheck == ("EX-CYC-01",)


def test_public_changes_never_mention_internal_items(base: Handbook) -> None:
    new = edit(base, "CYC-BASIC-05", text="Call the duty officer on extension 4411.")
    new = edit(new, "CYC-BASIC-04", visibility=Visibility.INTERNAL)
    assert found(edition_changes(base, new, "public")) == {("removed", "CYC-BASIC-04")}
    assert found(edition_changes(base, new, "internal")) == {
        ("reworded", "CYC-BASIC-05"),
        ("visibility-changed", "CYC-BASIC-04"),
    }
    cycle = Cycle(id="2026-H1", closed=dt.date(2026, 1, 1), approved_by="Board")
    entries = history([(cycle, base)], new, "public")
    pages = changelog.render_changelog(entries, new)
    text = "\n".join(pages.values())
    assert "4410" not in text and "4411" not in text and "CYC-BASIC-05" not in text


def test_glossary_and_example_changes(base: Handbook) -> None:
    term = base.glossary[0].model_copy(update={"definition": "An account in your own name."})
    example = base.examples[0].model_copy(update={"title": "Naming the employer"})
    new = dataclasses.replace(base, glossary=(term,), examples=(example,))
    assert found(diff_handbooks(base, new)) == {
        ("reworded", "personal account"),
        ("reworded", "EX-CYC-01"),
    }
    assert found(diff_handbooks(new, dataclasses.replace(new, glossary=()))) == {
        ("removed", "personal account")
    }


def test_snapshot_round_trip(base: Handbook, tmp_path: Path) -> None:
    text = snapshot.dump(base, "2026-H1")
    assert text == snapshot.dump(base, "2026-H1")  # deterministic
    file = tmp_path / "2026-H1.yml"
    file.write_text(text, encoding="utf-8")
    again, problems = snapshot.read(file, "2026-H1.yml", "2026-H1")
    assert problems == []
    assert again is not None
    assert diff_handbooks(base, again) == []
    assert (again.meta, again.chapters, again.examples, again.glossary) == (
        base.meta,
        base.chapters,
        base.examples,
        base.glossary,
    )


def test_plain_text_view(base: Handbook) -> None:
    new = edit(base, "CYC-BASIC-02", level=Level.MUST, text="You must post views privately.")
    text = changelog.plain_text(diff_handbooks(base, new), new, "v1")
    assert text.splitlines() == [
        "Policy changes since v1: 2",
        "  clause 1.2 CYC-BASIC-02 (Use a personal account): level changed from should to must",
        "  clause 1.2 CYC-BASIC-02 (Use a personal account): reworded (text)",
        "    You [-should-] {+must+} post [-personal-] views [-from a personal account.-] "
        "{+privately.+}",
        "Who is affected (re-acknowledge): Executive team",
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2025, 12, 9), 6, dt.date(2026, 6, 9)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_shipped_history_has_every_kind_of_change() -> None:
    root = Path(__file__).parent.parent / "policy_src"
    from build_tools.publish.pipeline import load_edition

    cycles = [c["id"] for c in reversed(yaml.safe_load((root / "cycles.yml").read_text()))]
    entries = load_edition(root, "public", draft=True).changelog
    assert [e.cycle.id if e.cycle else None for e in entries] == [None, *cycles]
    approved = load_edition(root, "public").changelog  # the closed cycles only
    assert [e.cycle.id if e.cycle else None for e in approved] == cycles
    assert len(cycles) >= 3
    kinds = {c.kind for e in entries for c in e.changes}
    assert {
        ChangeKind.ADDED,
        ChangeKind.REMOVED,
        ChangeKind.REWORDED,
        ChangeKind.MOVED,
        ChangeKind.LEVEL_CHANGED,
        ChangeKind.AUDIENCE_CHANGED,
    } <= kinds
