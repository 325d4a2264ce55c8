"""The quick-reference card without WeasyPrint: which clauses it prints, with which numbers,
its HTML (plain fields escaped), why a card is refused, and that a key flag is no rule change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.printbook.card import (
    CardRule,
    NoKeyClauses,
    QuickCard,
    card_rules,
    rules_that_fit,
)
from build_tools.publish.pipeline import load_edition, load_versions
from build_tools.review.diff import diff_handbooks
from build_tools.source.model import Handbook
from build_tools.views.audiences import UnknownAudience
from tests.card_fixture import HOSTILE_TITLE, KEY, key_mini, mark_key
from tests.conftest import MINI, close_cycle


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return key_mini(tmp_path_factory.mktemp("card-rules") / "src")


def working(source: Path, edition: str) -> Handbook:
    return load_edition(source, edition, draft=True).handbook


def listed(rules: tuple[CardRule, ...]) -> list[tuple[str, str]]:
    return [(rule.number, rule.clause.id) for rule in rules]


def test_the_key_clauses_that_apply_in_handbook_order(source: Path) -> None:
    internal = working(source, "internal")
    assert listed(card_rules(internal, "executives")) == [
        ("1.1", "MINI-BASIC-01"),
        ("1.2", "MINI-BASIC-02"),
        ("1.3", "MINI-BASIC-03"),
    ]
    # The board's own handbook leaves out 1.2 (executives only); the card keeps the numbers of
    # the edition's full handbook, where the reader looks the clause up.
    assert listed(card_rules(internal, "board")) == [
        ("1.1", "MINI-BASIC-01"),
        ("1.3", "MINI-BASIC-03"),
        ("2.2", "MINI-MORE-02"),
    ]


def test_the_staff_edition_has_no_internal_key_clause(source: Path) -> None:
    public = working(source, "public")
    assert listed(card_rules(public, "board")) == [
        ("1.1", "MINI-BASIC-01"),
        ("2.2", "MINI-MORE-02"),
    ]


def test_an_unknown_audience_is_a_usage_error(source: Path) -> None:
    with pytest.raises(UnknownAudience):
        card_rules(working(source, "public"), "interns")


def test_a_working_copy_without_key_clauses_is_refused() -> None:
    with pytest.raises(NoKeyClauses, match="marked key in the working copy") as raised:
        QuickCard(load_edition(MINI, "public").handbook, "board")
    assert "`key: true`" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_plain_fields_are_escaped_and_references_become_text(source: Path) -> None:
    html = QuickCard(working(source, "public"), "board").html()
    assert HOSTILE_TITLE not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "<img" not in html and "<b>" not in html
    executives = QuickCard(working(source, "public"), "executives")
    text = executives.md(executives.rules[1].clause.text)
    assert "See 1.1 Disclose your role and the closed period rules." in text
    assert "href" not in text  # nothing on the card to link to


def test_a_draft_card_is_marked(source: Path) -> None:
    html = QuickCard(working(source, "public"), "board").html()
    assert "Draft — not approved. This is not the code in force" in html


class _Page:
    def __init__(self, *anchors: str) -> None:
        self.anchors = dict.fromkeys(anchors, (0, 0))


def test_how_many_rules_fit_leaves_room_for_the_back_matter(source: Path) -> None:
    rules = card_rules(working(source, "internal"), "board")  # three rules
    pages = [_Page("rule-MINI-BASIC-01"), _Page("rule-MINI-BASIC-03"), _Page("rule-MINI-MORE-02")]
    assert rules_that_fit(rules, pages) == 1  # the second rule may run on to the third side
    everything = [_Page("rule-MINI-BASIC-01", "rule-MINI-BASIC-03"), _Page("rule-MINI-MORE-02")]
    assert rules_that_fit(rules, [*everything, _Page()]) == 2  # the back matter overflowed
    assert rules_that_fit(rules, [*everything[:1], _Page("rule-MINI-MORE-02", "card-back")]) == 2


def test_marking_a_clause_key_changes_no_rule(tmp_path: Path) -> None:
    """Presentation, not policy: a cycle that only marks key clauses has nothing to report,
    and nobody acknowledges anything again."""
    shutil.copytree(MINI, tmp_path / "src")
    close_cycle(tmp_path, "2026-H1", "2026-01-20")
    mark_key(tmp_path / "src", *KEY)
    approved, draft = load_versions(tmp_path / "src", "2026-H1", "draft")
    assert [clause.key for _, clause in draft.clauses()].count(True) == 3
    assert diff_handbooks(approved, draft) == []
