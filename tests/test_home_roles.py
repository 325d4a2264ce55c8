"""The home page that answers and the role pages with the text, read from real builds.

The home page opens with the print handbook and each role's PDF, what changed in the latest
version, and the "I want to..." quick answers kept in ``handbook.yml``, each linked to its
clause; each audience page gives every clause that applies to the role in full, with the
role's PDF, which the site ships. Published means approved: the default site shows the text of
the latest closed cycle, the draft the working copy.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import Tag
from playwright.sync_api import Browser
from pypdf import PdfReader

from build_tools.publish.pipeline import load_edition, load_versions
from build_tools.site import home
from build_tools.source.model import Handbook
from tests.browser import axe_audit, open_tab, problems, serve
from tests.conftest import EPOCH, MINI, SHIPPED, handbook, published, shared
from tests.pdf_text import page_texts
from tests.site_html import page, resolve

e2e = pytest.mark.e2e  # real builds of the site and real PDFs

pytest_plugins = ["tests.browser_fixtures"]


#: A change proposed after the last closed cycle, so that the draft differs from the approved
#: text whatever the shipped working copy holds: a rule narrowed to two roles, and a quick
#: answer reworded.
PROPOSED = (
    (
        "chapters/10-privacy.yml",
        "  - id: SM-PRIV-03\n",
        "  - id: SM-PRIV-03\n    applies_to: [executives, board]\n",
    ),
    (
        "handbook.yml",
        "  - question: Post about politics\n",
        "  - question: Post about politics or an election\n",
    ),
)


@pytest.fixture(scope="session")
def draft_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped sources with :data:`PROPOSED` made in its working copy."""

    def make(folder: Path) -> None:
        shutil.copytree(SHIPPED, folder / "src")
        for name, old, new in PROPOSED:
            file = folder / "src" / name
            text = file.read_text(encoding="utf-8")
            assert text.count(old) == 1, (name, old)
            file.write_text(text.replace(old, new), encoding="utf-8")

    return shared(tmp_path_factory, "draft-sources", make) / "src"


@pytest.fixture(scope="session")
def draft_site(tmp_path_factory: pytest.TempPathFactory, draft_sources: Path) -> Path:
    """:func:`draft_sources` as a draft site, without PDFs (a few seconds)."""

    def make(folder: Path) -> None:
        run = handbook(
            "build", "--draft", "--no-pdf", "--no-archive", "--source", draft_sources,
            "--out", folder / "site", env={"SOURCE_DATE_EPOCH": str(EPOCH)},
        )  # fmt: skip
        assert run.code == 0, run.err

    return shared(tmp_path_factory, "draft-no-pdf", make) / "site"


def _working_copy(root: Path = SHIPPED) -> dict[str, Any]:
    """Sources as a draft shows them, read as plain YAML: the sections of a snapshot
    (``handbook``, ``chapters``)."""
    chapters = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((root / "chapters").glob("*.yml"))
    ]
    meta = yaml.safe_load((root / "handbook.yml").read_text(encoding="utf-8"))
    return {"handbook": meta, "chapters": chapters}


def _public_clauses(text: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        clause
        for chapter in text["chapters"]
        for clause in chapter["clauses"]
        if clause.get("visibility", "public") == "public"
    ]


def _applies(clause: dict[str, Any], audience: str) -> bool:
    return not clause.get("applies_to") or audience in clause["applies_to"]


def _article(site: Path, url: str) -> Tag:
    article = page(site, url).find("article")
    assert isinstance(article, Tag), url
    return article


def _words(text: str) -> str:
    return " ".join(text.split())


# --- the home page -----------------------------------------------------------------------


def _quick_answers(site: Path) -> list[Tag]:
    heading = _article(site, "index.html").find(id="quick-answers")
    if heading is None:
        return []
    listing = heading.find_next_sibling()
    assert isinstance(listing, Tag) and listing.name == "ul"
    return listing.find_all("li", recursive=False)


@e2e
def test_home_page_answers_the_eight_questions(draft_site: Path, draft_sources: Path) -> None:
    """Each question of handbook.yml, with its answer, links to its clause's anchor."""
    asked = _working_copy(draft_sources)["handbook"]["quick_answers"]
    assert len(asked) == 8
    items = _quick_answers(draft_site)
    assert len(items) == len(asked)
    for item, quick in zip(items, asked, strict=True):
        assert _words(item.get_text()).startswith(f"{quick['question']}: {_words(quick['answer'])}")
        (link,) = item.find_all("a", href=True)
        target = resolve(draft_site, "index.html", str(link["href"]))
        assert target is not None
        file, anchor = target
        assert anchor == quick["clause"]
        heading = page(file.parent, file.name).find(id=anchor)
        assert isinstance(heading, Tag) and "clause" in heading.get("class", []), link["href"]
        assert link.get_text() == _words(heading.get_text()).removesuffix("¶").strip()


@e2e
def test_published_home_page_shows_the_approved_text(public_site: Path) -> None:
    """The default site: its version, its latest change, and the approved cycle's quick
    answers, each linked to its clause."""
    approved = published(SHIPPED)
    asked = approved["handbook"]["quick_answers"]
    items = _quick_answers(public_site)
    assert len(items) == len(asked) >= 6
    for item, quick in zip(items, asked, strict=True):
        assert _words(item.get_text()).startswith(f"{quick['question']}: {_words(quick['answer'])}")
        (link,) = item.find_all("a", href=True)
        target = resolve(public_site, "index.html", str(link["href"]))
        assert target is not None and target[1] == quick["clause"]
        heading = page(target[0].parent, target[0].name).find(id=target[1])
        assert isinstance(heading, Tag) and "clause" in heading.get("class", [])
    article = _article(public_site, "index.html")
    text = _words(article.get_text(" "))
    last = yaml.safe_load((SHIPPED / "cycles.yml").read_text(encoding="utf-8"))[-1]
    assert f"Review cycle {last['id']}, approved by {last['approved_by']} on " in text
    effective = last.get("effective", last["closed"])
    assert f"In force from {effective.day} {effective:%B %Y}" in text
    assert "Staff edition" in text
    latest = article.select_one("p.latest-change")
    assert latest is not None
    (link,) = latest.find_all("a", href=True)
    assert link.get_text() == f"{last['id']} review cycle"
    target = resolve(public_site, "index.html", str(link["href"]))
    changelog = public_site / "changelog" / last["id"].lower() / "index.html"
    assert target is not None and target[0] == changelog
    assert target[0].exists()
    # Near the top: the downloads and the latest change come before the introduction.
    blocks = [el for el in article.find_all(["p", "h2"]) if el.get_text(strip=True)]
    first_heading = next(i for i, el in enumerate(blocks) if el.name == "h2")
    assert blocks.index(latest) < first_heading
    assert all(blocks.index(p) < first_heading for p in article.select("p.downloads"))


@e2e
def test_draft_home_page_shows_the_changes_awaiting_approval(draft_site: Path) -> None:
    latest = _article(draft_site, "index.html").select_one("p.latest-change")
    assert latest is not None
    last = yaml.safe_load((SHIPPED / "cycles.yml").read_text(encoding="utf-8"))[-1]["id"]
    assert f"Changes since {last} (not yet approved): 1 change proposed." in _words(
        latest.get_text()
    )
    (link,) = latest.find_all("a", href=True)
    target = resolve(draft_site, "index.html", str(link["href"]))
    assert target is not None and target[0].exists()


# --- the PDFs of each role ---------------------------------------------------------------


def _clause_destinations(data: bytes, ids: set[str]) -> set[str]:
    return {name for name in PdfReader(io.BytesIO(data)).named_destinations if name in ids}


@e2e
def test_home_page_links_the_handbook_and_every_role_pdf(mini_site: Path) -> None:
    """Each PDF link leads to a file of the site that is a real PDF of the right audience: its
    cover names the role, and it holds the clauses of that role and no other. (On the small
    handbook: the shared build of the shipped one leaves out the four books of its roles.)"""
    text = _working_copy(MINI)  # a draft: it has no review cycle
    audiences: dict[str, str] = text["handbook"]["audiences"]
    clauses = _public_clauses(text)
    every_id = {c["id"] for c in clauses}
    downloads = _article(mini_site, "index.html").select("p.downloads a[href]")
    found: dict[str, Path] = {}
    for link in downloads:
        target = resolve(mini_site, "index.html", str(link["href"]))
        assert target is not None
        found[link.get_text()] = target[0]
        assert link["download"] == target[0].name
    assert set(found) == {"Download the print handbook", *audiences.values()}
    whole = found.pop("Download the print handbook").read_bytes()
    assert _clause_destinations(whole, every_id) == every_id
    sizes = set()
    for audience, label in audiences.items():
        data = found[label].read_bytes()
        assert data.startswith(b"%PDF-")
        assert found[label] == mini_site / f"handbook-{audience}.pdf"  # a stable address
        cover = _words(page_texts(data)[0])
        assert f"For {label}: the clauses that apply to this role" in cover
        expected = {c["id"] for c in clauses if _applies(c, audience)}
        assert _clause_destinations(data, every_id) == expected, audience
        sizes.add(len(expected))
    assert len(sizes) > 1, "every audience reads the same clauses"


@e2e
def test_role_page_links_its_pdf(mini_site: Path) -> None:
    for audience in _working_copy(MINI)["handbook"]["audiences"]:
        url = f"audiences/{audience}/index.html"
        (link,) = _article(mini_site, url).select("p.downloads a[href]")
        target = resolve(mini_site, url, str(link["href"]))
        assert target == (mini_site / f"handbook-{audience}.pdf", "")


@e2e
def test_no_role_pdfs_leaves_them_and_their_links_out(public_site: Path) -> None:
    """The shared build of the shipped handbook is made with --no-role-pdfs."""
    assert (public_site / "handbook.pdf").exists()
    assert sorted(p.name for p in public_site.glob("*.pdf")) == ["handbook.pdf"]
    assert _article(public_site, "index.html").select("p.role-downloads") == []
    for audience in published(SHIPPED)["handbook"]["audiences"]:
        assert _article(public_site, f"audiences/{audience}/index.html").select("a[download]") == []


# --- the role pages ----------------------------------------------------------------------


def _plain(markdown: str, hb: Handbook) -> str:
    """The words a reader sees of a clause's Markdown text (the shipped texts use references
    and plain sentences only): ``[[ID]]`` as "number title", ``[[x|label]]`` as its label."""
    titles = {c.id: f"{hb.clause_numbers[c.id]} {c.title}" for _, c in hb.clauses()}
    titles |= {e.id: e.title for e in hb.examples}

    def reference(found: re.Match[str]) -> str:
        target, _, label = found.group(1).partition("|")
        return label or titles.get(target, target)

    return _words(re.sub(r"\[\[([^\]]+)\]\]", reference, markdown))


def _role_clauses(site: Path, audience: str) -> dict[str, str]:
    """Clause id → the text of its section on the audience page (heading to next heading)."""
    article = _article(site, f"audiences/{audience}/index.html")
    sections: dict[str, str] = {}
    for heading in article.select("h3.role-clause"):
        parts = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            parts.append(sibling.get_text(""))
        sections[str(heading["id"])] = _words(heading.get_text("") + " " + " ".join(parts))
    return sections


@e2e
@pytest.mark.parametrize("which", ["public_site", "draft_site"])
def test_role_page_holds_the_full_text_of_its_clauses_and_no_other(
    which: str, request: pytest.FixtureRequest
) -> None:
    """Published means approved: the default site gives the approved cycle's clauses, the draft
    those of the working copy (which moved a clause between audiences since)."""
    site: Path = request.getfixturevalue(which)
    draft = which == "draft_site"
    source = request.getfixturevalue("draft_sources") if draft else SHIPPED
    text = _working_copy(source) if draft else published(SHIPPED)
    hb = load_edition(source, "public", draft=draft).handbook
    clauses = _public_clauses(text)
    shown = set()
    for audience in text["handbook"]["audiences"]:
        found = _role_clauses(site, audience)
        expected = [c for c in clauses if _applies(c, audience)]
        assert list(found) == [c["id"] for c in expected], audience
        for clause in expected:
            section = found[clause["id"]]
            number = hb.clause_numbers[clause["id"]]
            assert section.startswith(f"{number} {clause['title']}"), section
            assert clause["level"].capitalize() in section
            assert _plain(clause["text"], hb) in section, clause["id"]
        shown.add(tuple(found))
    assert len(shown) > 1, "every audience sees the same clauses"


@e2e
def test_approved_and_draft_role_pages_differ_where_the_texts_do(
    public_site: Path, draft_site: Path
) -> None:
    """The test above tells the two texts apart: some role reads other clauses in each."""
    audiences = published(SHIPPED)["handbook"]["audiences"]
    assert any(
        list(_role_clauses(public_site, a)) != list(_role_clauses(draft_site, a)) for a in audiences
    )


@e2e
def test_role_pages_stay_out_of_search(public_site: Path) -> None:
    """Every clause is found on its chapter page; a role page would only repeat it above."""
    index = json.loads((public_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith("audiences/")]
    assert any(loc.startswith("chapters/") and "#SM-" in loc for loc in locations)


@e2e
def test_axe_finds_nothing_serious_on_the_home_and_a_role_page(
    draft_site: Path, browser: Browser
) -> None:
    """The short answers are in no approved text yet, so the shared axe run of every page
    (tests/test_accessibility.py, on the approved site) does not see them: checked here on the
    draft, on a desktop and on a phone, which must not scroll sideways."""
    found = []
    with serve(draft_site) as site:
        for width, height in ((1280, 900), (375, 812)):
            tab = open_tab(browser, site, width=width, height=height)
            for url in ("", "audiences/board/"):
                tab.page.goto(site.base + url, wait_until="load")
                report = axe_audit(tab.page)
                found += [
                    f"{width}px {url or '/'}: {v['id']} ({v['impact']})"
                    for v in report["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
                wide = tab.page.evaluate("document.documentElement.scrollWidth")
                if wide > width:
                    found.append(f"{width}px {url or '/'}: {wide}px wide")
            found += problems(tab, site)
            tab.context.close()
    assert found == []


# --- the sources -------------------------------------------------------------------------


def _plant_answer(mini: Path, clause: str) -> int:
    """Point the mini handbook's second quick answer at ``clause``; the line it is on."""
    path = mini / "handbook.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if line.strip().startswith("clause:")][1]
    lines[at] = lines[at].replace("MINI-BASIC-01", clause)
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize(
    ("clause", "message"),
    [
        ("MINI-BASIK-01", "'MINI-BASIK-01' does not exist (did you mean 'MINI-BASIC-01'?)"),
        ("MINI-BASIC-03", "public item refers to internal clause 'MINI-BASIC-03'"),
    ],
)
def test_a_quick_answer_must_name_a_public_clause(mini: Path, clause: str, message: str) -> None:
    line = _plant_answer(mini, clause)
    run = handbook("check", "--source", mini)
    assert run.code == 1
    assert "Traceback" not in run.err
    assert f"handbook.yml:{line}:13: error: quick_answers: {message}" in run.err


def test_approved_text_without_answers_asks_todays_questions_without_their_answers() -> None:
    """An approved text from before quick answers existed (2026-H1) asks the working copy's
    questions, each linked to its clause in that text, without the short answers no cycle
    approved; a question about a clause that text lacks is left out."""
    old, working = load_versions(SHIPPED, "2026-H1", "draft")
    assert not old.meta.quick_answers
    questions = (
        *working.meta.quick_answers,
        working.meta.quick_answers[0].model_copy(update={"clause": "SM-ESC-05"}),  # added later
    )
    assert "SM-ESC-05" not in old.clause_numbers
    markdown = home.quick_answers(old, questions)
    lines = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert len(lines) == len(working.meta.quick_answers)
    for line, quick in zip(lines, working.meta.quick_answers, strict=True):
        number = old.clause_numbers[quick.clause]
        assert line.replace("\\", "").startswith(f"- **{quick.question}**: See [{number} ")
        assert f"#{quick.clause})." in line
        assert _words(quick.answer) not in line.replace("\\", "")
