"""The built handbook as a reader meets it: Debian's Chromium, driven by Playwright, against
the site served on 127.0.0.1. Every tab aborts and records requests that leave the local
server, and fails on console errors (see ``tab`` in tests/browser_fixtures.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from tests.browser import (
    SiteServer,
    Watched,
    largest_of_each_kind,
    open_tab,
    page_urls,
    problems,
)
from tests.conftest import ARTEFACTS, SHIPPED, published
from tests.site_html import pages

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

pytest_plugins = ["tests.browser_fixtures"]

SEARCHED_CLAUSE = "SM-MKT-03"
SCREENSHOTS = ARTEFACTS / "screenshots"
WORD = re.compile(r"[A-Za-z]{7,}")


def _chapters() -> list[dict]:
    """The chapters of the published (approved) text, as plain YAML."""
    chapters: list[dict] = published(SHIPPED)["chapters"]
    return chapters


def _clause_home() -> dict[str, str]:
    return {c["id"]: ch["id"] for ch in _chapters() for c in ch["clauses"]}


def _distinctive_word(clause_id: str) -> str:
    """A word of the clause's text found in no other clause's title, text or rationale."""
    clauses = [c for ch in _chapters() for c in ch["clauses"]]

    def words(clause: dict) -> set[str]:
        text = " ".join(str(clause.get(k, "")) for k in ("title", "text", "rationale"))
        return {w.lower() for w in WORD.findall(text)}

    mine = next(c for c in clauses if c["id"] == clause_id)
    others = set().union(*(words(c) for c in clauses if c is not mine))
    unique = sorted({w.lower() for w in WORD.findall(mine["text"])} - others)
    assert unique, f"{clause_id} has no word of its own"
    return unique[0]


def _in_section(anchor: str, target: str) -> str:
    """A CSS selector for links to ``target`` (a site path and fragment) after the heading
    ``anchor``. Material's instant navigation makes every href absolute, hence ends-with."""
    return f'[id="{anchor}"] ~ * a[href$="/{target}"]'


def _lands_on(page: Page, path: str, anchor: str) -> None:
    expect(page).to_have_url(re.compile(rf"/{re.escape(path)}(\?[^#]*)?#{re.escape(anchor)}$"))
    heading = page.locator(f'[id="{anchor}"]')
    expect(heading).to_be_visible()
    expect(heading).to_be_in_viewport()


def test_search_finds_a_clause_and_lands_on_its_anchor(
    tab: Watched, served_site: SiteServer
) -> None:
    page = tab.page
    word = _distinctive_word(SEARCHED_CLAUSE)
    chapter = _clause_home()[SEARCHED_CLAUSE]
    page.goto(served_site.base)
    query = page.locator("input.md-search__input")
    query.click()
    # Material says so once its search worker has loaded the index; then type like a reader.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    query.press_sequentially(word)
    hit = page.locator(
        f'.md-search-result__list a[href*="chapters/{chapter}/"][href$="#{SEARCHED_CLAUSE}"]'
    )
    expect(hit.first).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "desktop-search.png")
    hit.first.click()
    _lands_on(page, f"chapters/{chapter}/", SEARCHED_CLAUSE)


def test_reference_click_lands_on_the_target_clause(tab: Watched, served_site: SiteServer) -> None:
    home = _clause_home()
    source, target = next(
        (c["id"], ref)
        for ch in _chapters()
        for c in ch["clauses"]
        if c.get("visibility", "public") == "public"
        for ref in re.findall(r"\[\[([A-Z]+-[A-Z]+-\d+)", c["text"])
        if home[ref] != ch["id"]
    )
    page = tab.page
    page.goto(f"{served_site.base}chapters/{home[source]}/")
    page.locator(_in_section(source, f"chapters/{home[target]}/#{target}")).first.click()
    _lands_on(page, f"chapters/{home[target]}/", target)


def test_example_and_clause_link_to_each_other(tab: Watched, served_site: SiteServer) -> None:
    example = yaml.safe_load((SHIPPED / "examples" / "ex-results-01.yml").read_text())
    clause = example["illustrates"][0]
    chapter = _clause_home()[clause]
    page = tab.page
    page.goto(f"{served_site.base}examples/")
    page.locator(_in_section(example["id"], f"chapters/{chapter}/#{clause}")).first.click()
    _lands_on(page, f"chapters/{chapter}/", clause)
    page.locator(_in_section(clause, f"examples/#{example['id']}")).first.click()
    _lands_on(page, "examples/", example["id"])


def test_print_handbook_link_downloads_the_pdf(
    tab: Watched, served_site: SiteServer, public_site: Path
) -> None:
    page = tab.page
    page.goto(served_site.base)
    with page.expect_download() as started:
        page.get_by_role("link", name="Download the print handbook").click()
    download = started.value
    data = Path(download.path()).read_bytes()
    assert download.suggested_filename == "handbook.pdf"
    assert data.startswith(b"%PDF-")
    assert data == (public_site / "handbook.pdf").read_bytes()
    served = page.request.get(download.url)
    assert served.headers["content-type"] == "application/pdf"


def test_pages_ask_nothing_of_the_internet(
    browser: Browser, served_site: SiteServer, public_site: Path
) -> None:
    """Every kind of page, loaded until the network is idle: only 127.0.0.1 was asked. The
    pages load side by side, each in its own tab of the watched context, so that their
    half-second waits for a quiet network overlap."""
    tab = open_tab(browser, served_site)
    try:
        pages = []
        for url in largest_of_each_kind(public_site, page_urls(public_site)):
            page = tab.context.new_page()
            page.goto(served_site.base + url, wait_until="commit")
            pages.append(page)
        for page in pages:  # side by side on a busy machine: more time than one page needs
            page.wait_for_load_state("networkidle", timeout=30_000)
        for page in pages:  # left, as a reader leaves: what a page sends then is seen too
            page.goto("about:blank")
    finally:
        tab.context.close()
    assert problems(tab, served_site) == []
    assert any(u.endswith(".js") for u in tab.requests)  # the watch did see the theme load


def test_a_tab_lets_nothing_leave_and_records_what_tried(
    browser: Browser, served_site: SiteServer
) -> None:
    """The watch itself: a page that asks a name, an IP address and a WebSocket elsewhere gets
    nothing back, and every HTTP request is reported."""
    tab = open_tab(browser, served_site)
    try:
        tab.page.goto(served_site.base)
        outcomes = tab.page.evaluate(
            """async () => {
                const tries = ["https://example.com/x", "http://192.0.2.1/x"].map(url =>
                    fetch(url, {mode: "no-cors"}).then(() => "reached", () => "failed"));
                tries.push(new Promise(done => {
                    const socket = new WebSocket("ws://192.0.2.1/");
                    socket.onopen = () => done("reached");
                    socket.onerror = () => done("failed");
                }));
                return Promise.all(tries);
            }"""
        )
        other = tab.context.new_page()  # a second tab of the context is watched as well
        other.goto(served_site.base)
        other.evaluate("fetch('https://example.org/y', {mode: 'no-cors'}).catch(() => null)")
        with tab.context.expect_event("weberror"):
            other.evaluate("setTimeout(() => { throw new Error('thrown in the second tab'); })")
    finally:
        tab.context.close()
    assert outcomes == ["failed", "failed", "failed"]
    assert problems(tab, served_site)[:2] == [
        "request: https://example.com/x",
        "request: http://192.0.2.1/x",
    ]
    assert "request: https://example.org/y" in problems(tab, served_site)
    assert any("thrown in the second tab" in error for error in tab.errors)


def test_no_page_names_an_outside_resource(public_site: Path) -> None:
    """Scripts, styles, fonts and images all come from the site itself."""
    outside = [
        f"{url}: <{el.name}> {el.get(attr)}"
        for url, soup in pages(public_site)
        for el, attr in [(e, "src") for e in soup.find_all(src=True)]
        + [(e, "href") for e in soup.find_all("link", href=True)]
        if re.match(r"(https?:)?//", str(el.get(attr)))
        and not (el.name == "link" and "canonical" in (el.get("rel") or []))
    ]
    assert outside == []


def test_phone_and_desktop_layouts(
    browser: Browser, served_site: SiteServer, public_site: Path
) -> None:
    """Screenshots for a person to look at, and the menu on a phone. (That no page scrolls
    sideways on a phone is checked with axe, in tests/test_accessibility.py.)"""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chapter = _clause_home()[SEARCHED_CLAUSE]
    shots = {"home": "", "chapter": f"chapters/{chapter}/", "examples": "examples/"}
    for name, width, height in (("phone", 375, 812), ("desktop", 1280, 900)):
        tab = open_tab(browser, served_site, width=width, height=height)
        try:
            for shot, url in shots.items():
                tab.page.goto(served_site.base + url)
                tab.page.screenshot(path=SCREENSHOTS / f"{name}-{shot}.png")
            if name == "phone":
                tab.page.goto(served_site.base + shots["chapter"])
                tab.page.locator("label.md-header__button[for='__drawer']").click()
                expect(tab.page.locator(".md-nav--primary")).to_be_in_viewport()
                tab.page.wait_for_function(  # the drawer has slid all the way in
                    "document.querySelector('.md-sidebar--primary')"
                    ".getBoundingClientRect().left >= 0"
                )
                tab.page.screenshot(path=SCREENSHOTS / "phone-menu.png")
        finally:
            tab.context.close()
        assert problems(tab, served_site) == []
    assert len(list(SCREENSHOTS.glob("*.png"))) >= 7
