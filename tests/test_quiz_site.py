"""Quizzes on the built site: approved with the text, linked from the home page and the chapter,
answers that open without JavaScript, links to the clauses, nothing stored, typed markup shown.

One small handbook with a quiz (the fixture's, and a question written as an attacker would) has
a review cycle closed, so its default build shows the quizzes as approved text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser

from build_tools.publish.pipeline import load_edition
from build_tools.site.sitepages import site_pages
from build_tools.source.sanitize import markdown_text
from tests.browser import SiteServer, axe_audit, open_tab, problems, serve
from tests.conftest import ARTEFACTS, MINI, close_cycle, handbook, shared
from tests.site_html import page, resolve, visible_text

pytestmark = pytest.mark.e2e  # real tools: MkDocs and Chromium

pytest_plugins = ["tests.browser_fixtures"]

HOSTILE = """\
  - question: '<script>alert("question")</script> Which [link](javascript:alert(1)) {
      onclick="x" }?'
    options:
      - text: '<img src=x onerror=alert("option")>'
        correct: true
      - text: '</details><script>alert("close")</script>'
    explanation: |
      Rests on [[MINI-MORE-01]].
"""
SHOWN = [
    '<script>alert("question")</script> Which [link](javascript:alert(1)) { onclick="x" }?',
    '<img src=x onerror=alert("option")>',
    '</details><script>alert("close")</script>',
]
QUIZ = "quiz/basics/index.html"


def _make(folder: Path) -> None:
    source = folder / "src"
    (folder / "src").mkdir()
    for file in MINI.rglob("*.yml"):
        target = source / file.relative_to(MINI)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.read_bytes())
    basics = source / "chapters" / "01-basics.yml"
    basics.write_text(basics.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    close_cycle(folder, "2026-H1", "2026-06-01")
    run = handbook(
        "build", "--source", source, "--out", folder / "site", "--no-pdf", "--no-archive"
    )
    assert run.code == 0, run.err
    assert "draft" not in run.out.lower()  # the approved text, quizzes included


@pytest.fixture(scope="module")
def quiz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "quiz-site", _make) / "site"


@pytest.fixture(scope="module")
def quiz_server(quiz_site: Path) -> Iterator[SiteServer]:
    with serve(quiz_site) as site:
        yield site


def _questions(site: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load((site.parent / "src" / "chapters" / "01-basics.yml").read_text())
    questions: list[dict[str, Any]] = data["quiz"]
    return questions


def _article(site: Path, url: str) -> Tag:
    found = page(site, url).find("article")
    assert isinstance(found, Tag)
    return found


def test_each_question_its_options_and_its_answer(quiz_site: Path) -> None:
    article = _article(quiz_site, QUIZ)
    headings = article.find_all("h2", class_="quiz-question")
    sources = _questions(quiz_site)
    assert len(headings) == len(sources) == 3
    for heading, source in zip(headings, sources, strict=True):
        question = heading.find_next_sibling("p")
        options = heading.find_next_sibling("ul")
        answer = heading.find_next_sibling("details")
        assert isinstance(question, Tag) and isinstance(options, Tag)
        assert isinstance(answer, Tag)
        assert question.get_text() == source["question"]
        typed = [option["text"] for option in source["options"]]
        shown = [li.get_text(" ", strip=True) for li in options.find_all("li")]
        assert shown == [f"{letter}. {text}" for letter, text in zip("ABCDE", typed, strict=False)]
        assert answer.get("class") == ["quiz-answer", "question"] and not answer.has_attr("open")
        summary = answer.find("summary")
        assert isinstance(summary, Tag) and summary.get_text() == "Show answer"
        right = [f"{'ABCDE'[i]}." for i, o in enumerate(source["options"]) if o.get("correct")]
        said = answer.find("p", class_="quiz-right")
        assert isinstance(said, Tag)
        assert all(letter in answer.get_text() for letter in right)
        assert said.get_text().startswith("Right answer")


def test_explanation_links_resolve_to_the_clause_anchors(quiz_site: Path) -> None:
    answers = _article(quiz_site, QUIZ).find_all("details")
    assert answers
    for answer in answers:
        clauses = []
        for link in answer.find_all("a", href=True):
            found = resolve(quiz_site, QUIZ, str(link["href"]))
            assert found is not None, link
            file, anchor = found
            target = page(file.parent, file.name).find(id=anchor)
            assert isinstance(target, Tag), link["href"]
            if "clause" in (target.get("class") or []):
                clauses.append(anchor)
        assert clauses, answer  # every answer links at least one clause
    first = answers[0].find("a")
    assert isinstance(first, Tag) and first.get_text() == "1.1 Disclose your role"


def _links_to(site: Path, url: str, target: str) -> bool:
    return any(
        (found := resolve(site, url, str(a["href"]))) is not None and found[0] == site / target
        for a in _article(site, url).find_all("a", href=True)
    )


def test_home_page_and_chapter_link_the_quiz(quiz_site: Path) -> None:
    index = "check-your-understanding/index.html"
    assert _links_to(quiz_site, "index.html", index)
    assert _links_to(quiz_site, "chapters/basics/index.html", QUIZ)
    assert _links_to(quiz_site, index, QUIZ)
    assert _links_to(quiz_site, QUIZ, "chapters/basics/index.html")
    assert not (quiz_site / "quiz" / "more").exists()  # no questions, no page and no link
    assert "Check your understanding" not in _article(quiz_site, "chapters/more/index.html").text


def test_quiz_pages_are_not_in_search(quiz_site: Path) -> None:
    docs = json.loads((quiz_site / "search" / "search_index.json").read_text())["docs"]
    locations = {doc["location"].split("#")[0] for doc in docs}
    assert "chapters/basics/" in locations
    assert not [loc for loc in locations if loc.startswith(("quiz/", "check-your-understanding"))]


def test_typed_markup_is_shown_never_run(quiz_site: Path) -> None:
    html = (quiz_site / QUIZ).read_text(encoding="utf-8")
    article = _article(quiz_site, QUIZ)
    assert not article.find_all(["script", "img", "iframe", "form", "input"])
    assert not [tag for tag in article.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    text = visible_text(html)
    assert [typed for typed in SHOWN if typed not in text] == []
    assert len(article.find_all("details")) == 3  # a typed </details> closes nothing


def _storage(context: Any, page: Any) -> dict[str, Any]:
    state = context.storage_state()
    return {
        "cookies": state["cookies"],
        "local": state["origins"],
        "session": page.evaluate("() => JSON.stringify(Object.entries(sessionStorage))"),
    }


def test_answers_open_without_javascript_and_nothing_is_stored(
    browser: Browser, quiz_server: SiteServer
) -> None:
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(quiz_server.base + "quiz/basics/", wait_until="load")
    assert tab.evaluate("() => typeof window.__md_get") == "undefined"  # no page script ran
    answer = tab.locator("details.quiz-answer").first
    right = answer.locator(".quiz-right")
    assert not right.is_visible()
    loaded = len(requests)
    answer.locator("summary").click()
    assert right.is_visible()
    assert "Right answer: B. Say that you work for Example Ltd." in right.inner_text()
    assert answer.get_by_role("link", name="1.1 Disclose your role").is_visible()
    tab.screenshot(path=ARTEFACTS / "quiz-no-javascript.png", full_page=True)
    assert requests[loaded:] == []  # opening an answer asks nothing of the server
    assert context.storage_state() == {"cookies": [], "origins": []}
    assert [url for url in requests if not url.startswith(quiz_server.origin + "/")] == []
    context.close()


def test_with_javascript_opening_answers_stores_and_sends_nothing(
    browser: Browser, quiz_server: SiteServer
) -> None:
    """With the theme's scripts running, the quiz adds nothing to what the page keeps."""
    tab = open_tab(browser, quiz_server)
    tab.page.goto(quiz_server.base + "quiz/basics/", wait_until="networkidle")
    before, asked = _storage(tab.context, tab.page), len(tab.requests)
    for summary in tab.page.locator("details.quiz-answer summary").all():
        summary.click()
    assert tab.page.locator("details.quiz-answer[open]").count() == 3
    tab.page.wait_for_timeout(300)
    assert _storage(tab.context, tab.page) == before
    assert before["cookies"] == []
    assert tab.requests[asked:] == []
    report = axe_audit(tab.page)
    serious = [v["id"] for v in report["violations"] if v["impact"] in ("serious", "critical")]
    tab.context.close()
    assert serious == []
    assert problems(tab, quiz_server) == []


def test_the_quiz_page_reads_as_plain_html(quiz_site: Path) -> None:
    """Without the theme's CSS or scripts, each answer is still a closed <details> that
    holds the right answer and its explanation."""
    soup = BeautifulSoup((quiz_site / QUIZ).read_text(encoding="utf-8"), "html.parser")
    for details in soup.select("article details"):
        first = details.find(True)
        assert isinstance(first, Tag) and first.name == "summary"
        assert details.find(class_="quiz-right") is not None


def test_a_changed_question_waits_for_the_next_cycle(mini: Path) -> None:
    """After a cycle closes, a question edited in the working copy shows in the draft only;
    the default build keeps the approved wording."""
    close_cycle(mini.parent, "2026-H1", "2026-06-01")
    basics = mini / "chapters" / "01-basics.yml"
    old = "You post about Example Ltd's work from your own account. What must you do?"
    new = "You post about Example Ltd from a personal account. What must you do?"
    basics.write_text(basics.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    approved = site_pages(load_edition(mini, "public"), pdf_path=None)["quiz/basics.md"]
    draft = site_pages(load_edition(mini, "public", draft=True), pdf_path=None)["quiz/basics.md"]
    assert markdown_text(old) in approved and markdown_text(new) not in approved
    assert markdown_text(new) in draft and "Draft — not approved" in draft
