"""Search finds rules: real questions typed into Material's own search box on the built site
(the approved text, as readers see it), in Debian's Chromium; the clause that answers each one
is among the first three results.

Each result of Material's list (``li.md-search-result__item``) is one page or one clause: the
handbook gives every clause a result of its own (build_tools/site/search.py). One tab serves
every question: the box is emptied, the question put in it, and the list read once Material
has answered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser import SiteServer, Watched, open_tab, problems

pytestmark = pytest.mark.e2e  # real tools: MkDocs, Chromium

pytest_plugins = ["tests.browser_fixtures"]

#: What people ask, as they ask it, and the clause that answers.
QUESTIONS = {
    "can I post about our results": "SM-MKT-01",
    "LinkedIn": "SM-ACCT-01",
    "can I like a competitor's post": "SM-ACCT-01",
    "someone is impersonating me online": "SM-ESC-01",
    "I was offered a free product to review": "SM-ENDO-02",
    "can I share a photo of my team": "SM-PRIV-01",
    "what is a quiet period": "SM-MKT-03",
    "WhatsApp group with analysts": "SM-MKT-04",
    "my account was hacked": "SM-ACCT-04",
    "can I tweet about politics": "SM-POL-01",
    "someone asked me about our share price": "SM-MKT-03",
    "can I talk about a secret project on Slack": "SM-CONF-01",
    "does this apply to TikTok": "SM-SCOPE-01",
    "can I repost a company announcement": "SM-BRAND-03",
    "a journalist messaged me on X": "SM-RESP-03",
    "can I use the company logo on my profile": "SM-BRAND-01",
    "a customer complaint about us went viral": "SM-RESP-02",
    "I posted confidential information by mistake": "SM-PIT-03",
    "should I delete my post": "SM-PIT-05",
    "a colleague posted something offensive": "SM-ESC-03",
    "can I post photos from my holiday": "SM-PRIV-04",
    "I am angry about a comment": "SM-PIT-04",
    "do I need to say it is an ad": "SM-ENDO-01",
    "can I support a charity online": "SM-POL-03",
    "someone is trolling me": "SM-PIT-01",
    "can my assistant post for me": "SM-ACCT-02",
    "can I post about an employee who was fired": "SM-PRIV-03",
    "can I mention a deal we are negotiating": "SM-CONF-01",
    "someone made a fake video of me": "SM-ESC-05",
    "someone posted my home address": "SM-PRIV-05",
    "there is a rumour we are being taken over": "SM-MKT-06",
    "can I use disappearing messages for work": "SM-ACCT-07",
    "can I blow the whistle": "SM-SCOPE-05",
    "what happens if I break the code": "SM-GOV-04",
}
#: Pages that repeat clauses, quiz readers on them or serve editors: never a search result.
LEFT_OUT = re.compile(r"/social-media/(audiences|changelog|quiz|guide|versions)/")
CLAUSE = re.compile(r"\?clause=([A-Z0-9-]+)(&[^#]*)?#\1$")


@pytest.fixture(scope="module")
def search_tab(browser: Browser, served_site: SiteServer) -> Iterator[Watched]:
    """One tab on the home page with Material's search open and its index loaded."""
    tab = open_tab(browser, served_site)
    tab.page.goto(served_site.base)
    tab.page.locator("input.md-search__input").click()
    expect(_meta(tab.page)).to_have_text("Type to start searching")
    yield tab
    tab.context.close()
    assert problems(tab, served_site) == []


def _meta(page: Page) -> Locator:
    return page.locator(".md-search-result__meta")


def ask(page: Page, question: str) -> list[list[str]]:
    """Put ``question`` in the search box and press a key, as Material searches on each key
    (one search, so the list drawn next is its answer); the links of each result, in order,
    leaving out those folded under "more on this page"."""
    box = page.locator("input.md-search__input")
    box.click()  # opens the search again after a result was followed
    box.fill("")
    box.press("End")
    expect(_meta(page)).to_have_text("Type to start searching")
    box.fill(question)
    box.press("End")
    expect(_meta(page)).not_to_have_text("Type to start searching")  # drawn with the list
    links: list[list[str]] = page.eval_on_selector_all(
        "li.md-search-result__item",
        "items => items.map(i => [...i.querySelectorAll('a.md-search-result__link')]"
        ".filter(a => !a.closest('details')).map(a => a.href))",
    )
    return links


def clause_of(links: list[str]) -> str | None:
    found = [m.group(1) for link in links if (m := CLAUSE.search(link))]
    return found[0] if found else None


@pytest.mark.parametrize(("question", "clause"), QUESTIONS.items())
def test_question_finds_its_clause(search_tab: Watched, question: str, clause: str) -> None:
    results = ask(search_tab.page, question)
    top = [clause_of(links) or links[0] for links in results[:3]]
    assert clause in top, f"{question!r}: {top}"
    assert clause_of(results[0]), f"{question!r}: a clause comes first, not {results[0]}"
    assert [link for links in results for link in links if LEFT_OUT.search(link)] == []


def test_a_result_lands_on_its_clause_without_empty_highlights(search_tab: Watched) -> None:
    page = search_tab.page
    results = ask(page, "can I share photos of my team")
    link = next(link for links in results if clause_of(links) for link in links if "#" in link)
    page.locator(f'a.md-search-result__link[href="{link}"]').click()
    anchor = link.rsplit("#", 1)[1]
    expect(page).to_have_url(re.compile(rf"\?clause={anchor}&h=[^#]+#{anchor}$"))
    expect(page.locator(f'[id="{anchor}"]')).to_be_in_viewport()
    marks = page.locator("mark[data-md-highlight]")
    expect(marks.first).to_be_visible()
    assert all(text.strip() for text in marks.all_inner_texts())


def test_only_the_edition_s_clauses_bring_keywords(public_site: Path) -> None:
    """The index of the staff edition holds the keywords of its clauses, none of an internal
    clause's (SM-ESC-04, the out-of-hours phone tree)."""
    index = json.loads((public_site / "search" / "search_index.json").read_text())
    keywords = {doc["location"]: doc["keywords"] for doc in index["docs"] if "keywords" in doc}
    assert "WhatsApp" in keywords["chapters/market-disclosure/?clause=SM-MKT-04#SM-MKT-04"]
    assert not [k for k in keywords.values() if "duty desk" in k]
