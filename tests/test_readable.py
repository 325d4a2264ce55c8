"""Clause details and the changelog read as words, not data: the level as a labelled badge,
audiences by name, tags by label; changes named by clause number and title, added rules
quoted in full, and each cycle opens with "What this means for you"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from build_tools.review.diff import Change, ChangeKind, ItemKind
from build_tools.site.change_summary import what_it_means
from build_tools.source.loader import load_tree
from build_tools.source.validate import validate
from tests.conftest import MINI, published
from tests.site_html import page, section

LEVELS = {"must": "Must", "should": "Should", "may": "May"}


def _tag_label(meta: dict[str, Any], tag: str) -> str:
    words = tag.replace("-", " ")
    return str(meta.get("tags", {}).get(tag) or words[:1].upper() + words[1:])


@pytest.mark.e2e
def test_clause_details_show_a_level_badge_audience_names_and_tag_labels(
    public_site: Path,
) -> None:
    data = published()
    meta = data["handbook"]
    audiences: dict[str, str] = meta["audiences"]
    seen = {"level": 0, "audiences": 0, "tags": 0}
    for chapter in data["chapters"]:
        soup = page(public_site, f"chapters/{chapter['id']}/index.html")
        for clause in chapter["clauses"]:
            if clause.get("visibility") == "internal":
                continue
            found = section(soup, clause["id"])
            details = next(el for el in found if "clause-meta" in el.get("class", []))
            badge = details.select_one("strong.level")
            label = LEVELS[clause["level"]]
            assert badge is not None and badge.get_text() == label
            assert f"level-{clause['level']}" in badge["class"]
            assert str(badge["title"]).startswith(f"{label}: ")
            seen["level"] += 1
            text = details.get_text()
            names = [audiences[a] for a in clause.get("applies_to", [])] or ["Everyone"]
            assert text.split("Applies to: ")[1].split(" · ")[0].strip() == ", ".join(names)
            seen["audiences"] += bool(clause.get("applies_to"))
            tags = [el for el in found if "clause-tags" in el.get("class", [])]
            if clause.get("tags"):
                expected = ", ".join(_tag_label(meta, tag) for tag in clause["tags"])
                assert tags[0].get_text() == f"Tags: {expected}"
                seen["tags"] += any("-" in tag for tag in clause["tags"])
            else:
                assert tags == []
    assert seen["level"] > 50 and seen["audiences"] >= 1 and seen["tags"] > 3


@pytest.mark.e2e
def test_changelog_names_clauses_quotes_added_rules_and_says_what_it_means(
    public_site: Path,
) -> None:
    soup = page(public_site, "changelog/2026-h1/index.html")
    changes = soup.select("p.change")
    assert len(changes) >= 8
    for change in changes:
        assert str(change["data-id"]) not in change.get_text()  # named by the heading
    added = section(soup, "SM-ENG-03")
    assert added[0].get_text().startswith("8.3 Controversial topics")
    quoted = [el for el in added if "quote" in el.get("class", [])]
    assert len(quoted) == 1
    assert quoted[0].select_one(".admonition-title").get_text() == "The new rule in full"
    text = next(
        cl["text"]
        for ch in published()["chapters"]
        for cl in ch["clauses"]
        if cl["id"] == "SM-ENG-03"
    )
    assert " ".join(quoted[0].select("p")[1].get_text().split()) == " ".join(text.split())
    # A reference in an added rule is a link to the clause it names, by number and title.
    reference = section(soup, "SM-RESP-04")
    links = [a for el in reference for a in el.select(".quote a")]
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("10.2 Customer data stays private", "../../chapters/privacy/#SM-PRIV-02")
    ]
    level = soup.select_one('p.change[data-kind="level-changed"]')
    assert level is not None and "Should → Must" in level.get_text()
    means = section(soup, "what-this-means-for-you")
    assert means[0].get_text().startswith("What this means for you")
    assert means[1].name == "ul"
    items = [" ".join(li.get_text().split()) for li in means[1].find_all("li")]
    assert items == [
        "This concerns everyone the handbook is written for.",
        "2 rules added, 5 rules changed and 1 rule removed.",
        "2 examples or glossary entries changed as well; they explain rules, they set none.",
        "Read again and acknowledge: 2.4 Securing professional accounts, 5.4 Equal access for "
        "all investors, 8.3 Controversial topics, 9.4 Routine complaints in your mentions, "
        "12.2 Escalation levels and deadlines, 14.3 Media training for spokespeople and "
        "executives.",
        "No longer a rule: 3.4 Company address in profiles.",
    ]
    hrefs = [a["href"] for a in means[1].select("a")]
    assert "#SM-ACCT-04" in hrefs and "#SM-BRAND-04" in hrefs


def _mini() -> Any:
    tree, _ = load_tree(MINI)
    handbook, problems = validate(tree)
    assert handbook is not None, problems
    return handbook


def _change(kind: ChangeKind, item_id: str, audiences: tuple[str, ...], **more: Any) -> Change:
    return Change(
        kind, ItemKind.CLAUSE, item_id, "Title", number="1.1", audiences=audiences, **more
    )


def test_what_it_means_for_proposed_and_editorial_changes() -> None:
    handbook = _mini()

    def link(change: Change) -> str:
        return f"[{change.number} {change.title}](#{change.id})"

    proposed = [_change(ChangeKind.ADDED, "A-1", ("executives",), text="New rule.")]
    text = what_it_means(proposed, handbook, link, approved=False)
    assert text.splitlines()[2:] == [
        "- If these changes are approved as they stand, this concerns Executive team.",
        "- 1 rule added.",
        "- Read again and acknowledge: [1.1 Title](#A-1).",
    ]
    editorial = [_change(ChangeKind.REWORDED, "A-1", ("executives", "board"), editorial=True)]
    text = what_it_means(editorial, handbook, link, approved=True)
    assert text.splitlines()[2:] == [
        "- Nobody has to acknowledge anything again.",
        "- 1 rule changed.",
        "- Nothing to acknowledge again: no rule changed in substance.",
    ]
