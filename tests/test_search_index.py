"""The search index the site ships (build_tools/site/search.py), without a browser: what the
worker is given. The browser test of real questions is tests/test_search.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from build_tools.publish.pipeline import check_sources, load_edition, load_site
from build_tools.site import search
from build_tools.source.model import Handbook
from tests.conftest import SHIPPED, close_cycle, handbook

HOSTILE = '<img src=x onerror=alert("kw")> & "</p><script>alert(1)</script>'


def tokens(text: str) -> list[str]:
    """What Material's worker indexes or searches for in ``text``: the pieces between the
    separator's matches, in lower case (Python's ``re`` reads this separator as JavaScript
    does: classes, word boundaries and fixed-width lookbehinds)."""
    return [t.lower() for t in re.split(search.separator(), text) if t]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(fragment: str) -> _Elements:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("can I share photos of my team?", ["share", "photo", "team"]),
        ("Can I like a competitor's post", ["lik", "competitor", "post"]),
        ("my account was hacked", ["account", "hack"]),
        ("can I tweet about politics", ["tweet", "politic"]),
        ("what is a quiet period", ["quiet", "period"]),
        ("I'm not allowed to post on X", ["post", "x"]),
    ],
)
def test_questions_lose_stop_words_and_endings(question: str, searched: list[str]) -> None:
    assert tokens(question) == searched


def test_forms_of_a_word_search_alike() -> None:
    forms = ["like", "likes", "liked", "liking"], ["post", "posts", "posted", "posting"]
    for words in forms:
        assert len({tuple(tokens(word)) for word in words}) == 1, words
    assert tokens("companies") == tokens("company") and tokens("Politics") == tokens("political")
    # Not after the last letters of an ending: what is left could lose an ending again.
    assert tokens("shared sharing closed") == ["shared", "sharing", "closed"]


def test_a_searched_word_is_searched_as_itself() -> None:
    """Every token of the shipped handbook is its own token: the worker looks words up as
    typed, so a token that changed again would never match itself."""
    words = set(tokens(SHIPPED.joinpath("chapters", "05-market-disclosure.yml").read_text()))
    assert len(words) > 100
    assert [w for w in sorted(words) if tokens(w) != [w]] == []


def test_pages_that_repeat_clauses_or_serve_editors_are_left_out() -> None:
    left_out = ("audiences/board.md", "changelog/index.md", "quiz/privacy.md", "guide/index.md")
    for path in (*left_out, "versions/index.md"):
        assert search.page_search(path) == {"exclude": True}
    for path in ("index.md", "chapters/privacy.md", "glossary.md", "examples.md"):
        assert search.page_search(path) is None


def _mini_text(mini: Path, keywords: str) -> None:
    """Give the second clause of the small handbook ``keywords`` (YAML), at line 19."""
    chapter = mini / "chapters" / "01-basics.yml"
    text = chapter.read_text().replace(
        "    level: should\n", f"    level: should\n    keywords: {keywords}\n", 1
    )
    chapter.write_text(text)


def _mini(mini: Path, keywords: str) -> Handbook:
    _mini_text(mini, keywords)
    found, problems = check_sources(mini)
    assert problems == [] and found is not None
    return found


def _index(hb: Handbook) -> dict[str, Any]:
    """An index as Material writes it for the chapter page of ``hb``'s first chapter."""
    page = f"chapters/{hb.chapters[0].id}/"
    docs = [{"location": page, "title": "1. Basics", "text": "<p>The basic rules.</p>"}]
    docs += [
        {"location": f"{page}#{c.id}", "title": c.title, "text": "<p>Must · noise</p>"}
        for c in hb.chapters[0].clauses
    ]
    docs.append({"location": "glossary/#term-x", "title": "x", "text": "", "boost": 2})
    return {"config": {"lang": ["en"], "separator": "[\\s]+", "fields": {}}, "docs": docs}


def test_every_clause_is_a_result_of_its_own_with_its_own_text(mini: Path) -> None:
    hb = _mini(mini, "[LinkedIn, tweet]")
    tuned = search.tune(_index(hb), hb, {})
    docs = {doc["location"]: doc for doc in tuned["docs"]}
    page = "chapters/basics/?clause=MINI-BASIC-02"
    # A page of its own (the query) that shows the chapter above the clause, matching nothing.
    assert docs[page] == {"location": page, "title": "1. Basics", "text": ""}
    clause = docs[f"{page}#MINI-BASIC-02"]
    assert clause["heading"] == "Use a personal account" and "noise" not in clause["text"]
    assert parsed(clause["text"]).tags == ["p"]
    assert "See Disclose your role and the closed period rules." in clause["text"]
    assert clause["keywords"] == "LinkedIn, tweet, accounts, Closed period, quiet period"
    assert clause["boost"] > docs["chapters/basics/"]["boost"]
    assert docs["glossary/#term-x"]["boost"] == search.OTHER_BOOST
    assert tuned["config"]["fields"]["keywords"]["boost"] > 0
    assert "title" not in tuned["config"]["fields"]


def test_hostile_keywords_are_text_in_the_index(mini: Path) -> None:
    hb = _mini(mini, "['" + HOSTILE.replace("'", "''") + "']")
    tuned = search.tune(_index(hb), hb, {})
    clause = next(d for d in tuned["docs"] if d["location"].endswith("#MINI-BASIC-02"))
    found = parsed(clause["keywords"])
    assert found.tags == []
    assert HOSTILE in "".join(found.text)


def test_a_keyword_with_a_control_character_is_refused_at_its_line(mini: Path) -> None:
    _mini_text(mini, '["a\\u202eb"]')
    run = handbook("check", "--source", mini, cwd=mini)
    assert run.code == 1
    assert "chapters/01-basics.yml:19:16: error: 'a\\u202eb' holds a line break" in run.err


def test_the_approved_site_searches_with_the_working_copy_keywords() -> None:
    """Keywords are search metadata: the approved text (a snapshot written before keywords
    existed) has none, and the site takes them from the working copy for the clauses it
    shows."""
    _, archived = load_site(SHIPPED, "public")
    build = next(b for b in archived if b.version_id == "2026-H1")  # before keywords existed
    assert build.handbook.approved
    shown = {clause.id for _, clause in build.handbook.clauses()}
    assert all(not clause.keywords for _, clause in build.handbook.clauses())
    assert "WhatsApp" in build.keywords["SM-MKT-04"]
    assert shown - set(build.keywords) == set()


def test_a_closed_cycle_records_the_keywords(mini: Path) -> None:
    _mini_text(mini, "[LinkedIn]")
    close_cycle(mini.parent, "2026-H2", "2026-12-01")
    build = load_edition(mini, "public")
    assert build.handbook.approved
    clause = next(c for _, c in build.handbook.clauses() if c.id == "MINI-BASIC-02")
    assert clause.keywords == ("LinkedIn",)
