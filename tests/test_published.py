"""Published means approved: what a default build shows is the text of the latest closed
review cycle; the working copy appears only in a draft build, marked on every page.

The sources: the cycles fixture with review cycle 2026-H1 closed (approved by the Board on
20 January 2026, in force from 1 February 2026), then one clause changed in the working copy.
Both builds use the shipped mkdocs.yml (Material and its overrides) and write the PDF.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_tools.publish.pipeline import load_edition
from build_tools.publish.plugin import HandbookPlugin
from build_tools.review.version import DRAFT
from tests.conftest import MINI, handbook
from tests.pdf_text import page_texts
from tests.site_html import pages
from tests.test_cycles import FIXTURE, close, edit

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("published")]

APPROVED_TEXT = "You must say that you work for Example Ltd when you post about its work."
UNAPPROVED = "Unapproved wording zebrafinch."
PDF_MARK = DRAFT.upper()  # the print stylesheet sets the mark in capitals


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    run = close(folder, "2026-H1", "2026-01-20", "--effective", "2026-02-01")
    assert run.returncode == 0, run.stderr
    edit(
        folder / "src" / "chapters" / "01-basics.yml",
        "when you post about its work.",
        f"when you post about its work. {UNAPPROVED}",
    )
    return folder / "src"


@pytest.fixture(scope="module")
def sites(sources: Path) -> dict[str, Path]:
    """The default build and the draft build of the same sources, each with its PDF."""
    built = {}
    for name, extra in (("approved", ()), ("draft", ("--draft",))):
        out = sources.parent / name
        run = handbook("build", "--source", sources, "--out", out, *extra)
        assert run.code == 0, run.err
        assert ("draft of the" in run.out) == (name == "draft"), run.out
        built[name] = out
    return built


def _text(soup: BeautifulSoup) -> str:
    return soup.get_text(" ", strip=True)


def test_the_default_build_shows_the_approved_text(sites: dict[str, Path]) -> None:
    site = sites["approved"]
    found = list(pages(site))
    assert len(found) >= 8
    for url, soup in found:
        assert UNAPPROVED not in _text(soup), url
        assert soup.select(".draft-banner") == [], url
        assert soup.find("meta", attrs={"name": "robots"}) is None, url
    chapter = dict(found)["chapters/basics/index.html"]
    assert APPROVED_TEXT in _text(chapter)
    home = dict(found)["index.html"]
    version = home.select_one("p.version")
    assert version is not None
    assert _text(version) == (
        "Review cycle 2026-H1, approved by Board on 20 January 2026 · In force from 1 February 2026"
    )
    banner = home.select_one(".edition-banner")
    assert banner is not None and "effective 2026-02-01" in _text(banner)
    assert not (site / "changelog" / "unreleased").exists()  # no page of unapproved changes
    texts = page_texts((site / "handbook.pdf").read_bytes())
    book = "\n".join(texts)
    assert UNAPPROVED.split()[-1].rstrip(".") not in book
    assert PDF_MARK not in book and DRAFT not in book
    assert "SIGNATURE" in texts[-1] and "1 February 2026" in texts[-1]


def test_the_draft_build_shows_the_working_copy_marked_on_every_page(
    sites: dict[str, Path],
) -> None:
    site = sites["draft"]
    found = list(pages(site))
    assert len(found) >= 8
    for url, soup in found:
        banner = soup.select_one(".draft-banner")
        assert banner is not None and _text(banner).startswith(DRAFT + "."), url
        assert "review cycle 2026-H1 stays in force" in _text(banner), url
        robots = soup.find("meta", attrs={"name": "robots"})
        assert robots is not None and "noindex" in str(robots.get("content")), url
    chapter = dict(found)["chapters/basics/index.html"]
    assert UNAPPROVED in _text(chapter)
    version = dict(found)["index.html"].select_one("p.version")
    assert version is not None and _text(version).startswith(DRAFT)
    assert "Not in force until approved" in _text(version)
    pending = dict(found)["changelog/unreleased/index.html"]  # the comparison to approve
    table = pending.select_one("article table")
    assert table is not None
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.select("tr")]
    assert ["1.1 Disclose your role", "CYC-BASIC-01", "Reworded"] in rows
    assert pending.select(".word-diff ins") and "handbook redline 2026-H1" in _text(pending)
    texts = page_texts((site / "handbook.pdf").read_bytes())
    assert len(texts) >= 5
    missing = [i for i, text in enumerate(texts, start=1) if PDF_MARK not in text]
    assert missing == [], f"pages without the draft mark: {missing}"  # blank ones included
    book = "\n".join(texts)
    assert "zebrafinch" in book
    assert "SIGNATURE" not in book and "Do not sign a draft" in texts[-1]
    assert "Not in force until approved" in texts[0]


def test_only_the_draft_holds_unapproved_text_and_both_name_one_source(sources: Path) -> None:
    """Each version from one read: the approved text is the snapshot's, the draft the working
    copy's, and nothing else decides which the renderers see."""
    approved = load_edition(sources, "public")
    draft = load_edition(sources, "public", draft=True)
    assert approved.handbook.approved and not draft.handbook.approved
    text = {cl.id: cl.text for _, cl in approved.handbook.clauses()}
    assert text["CYC-BASIC-01"] == APPROVED_TEXT
    assert UNAPPROVED in {cl.id: cl.text for _, cl in draft.handbook.clauses()}["CYC-BASIC-01"]
    assert [e.cycle.id if e.cycle else None for e in approved.changelog] == ["2026-H1"]
    assert [e.cycle.id if e.cycle else None for e in draft.changelog] == [None, "2026-H1"]


def test_an_edition_only_the_working_copy_declares_needs_the_draft(
    sources: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "src"
    shutil.copytree(sources, copy)
    meta = copy / "handbook.yml"
    meta.write_text(
        meta.read_text() + "  board:\n    title: Board edition\n    visibility: [public]\n"
    )
    refused = handbook("markdown", "--source", copy, "--edition", "board", "--out", tmp_path / "a")
    assert refused.code == 2
    assert "not in the approved version (review cycle 2026-H1)" in refused.err
    assert "--draft" in refused.err and "Traceback" not in refused.err
    assert not (tmp_path / "a").exists()
    drafted = handbook(
        "markdown", "--source", copy, "--edition", "board", "--draft", "--out", tmp_path / "b"
    )
    assert drafted.code == 0, drafted.err
    exported = sorted((tmp_path / "b").rglob("*.md"))
    assert len(exported) > 5
    unmarked = [p.name for p in exported if f'!!! danger "{DRAFT}"' not in p.read_text()]
    assert unmarked == []  # whatever engine renders them, every page says it is a draft


def test_before_the_first_cycle_every_build_is_a_marked_draft(tmp_path: Path) -> None:
    run = handbook("markdown", "--source", MINI, "--out", tmp_path / "pages")
    assert run.code == 0, run.err
    home = (tmp_path / "pages" / "index.md").read_text()
    assert f"{DRAFT}: no review cycle has been closed yet" in home
    assert not load_edition(MINI, "public").handbook.approved


@pytest.mark.parametrize(
    ("command", "option", "draft"),
    [
        ("build", None, False),  # a published build: the approved text
        ("serve", None, True),  # an editor's live preview: the working copy, marked
        ("build", True, True),  # handbook build --draft
        ("serve", False, False),  # draft: false in mkdocs.yml
    ],
)
def test_mkdocs_serve_previews_the_draft_and_build_publishes_the_approved_text(
    command: str, option: bool | None, draft: bool
) -> None:
    plugin = HandbookPlugin()
    plugin.load_config({} if option is None else {"draft": option})
    plugin.on_startup(command=command, dirty=False)
    assert plugin.draft_wanted() is draft
