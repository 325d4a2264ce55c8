"""The archive: every closed cycle at versions/<cycle>/ with its PDF, a banner that says what
superseded it and links to the text in force, mike's versions.json for Material's selector
(checked in Chromium), the versions page and `handbook as-of`.

The sources: the cycles fixture with three cycles closed. 2026-H1 (closed 20 January 2026, in
force 1 February 2026); then one change of each kind (CYC-BASIC-04 removed, CYC-BASIC-03 moved
to the chapter "more") and 2026-H2 (closed 1 July, in force 1 August 2026); then a reworded
clause and 2027-H1 (closed and in force 10 January 2027).
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from build_tools.printbook.store import cache_root
from tests.browser import SiteServer, axe_audit, open_tab, problems, serve
from tests.conftest import EPOCH, handbook
from tests.pdf_text import page_texts
from tests.site_html import page, pages
from tests.test_accessibility import BLOCKING
from tests.test_cycles import FIXTURE, change_sources, close, edit

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("archive")]

pytest_plugins = ["tests.browser_fixtures"]

CYCLES = ("2026-H1", "2026-H2", "2027-H1")
DATED = {"SOURCE_DATE_EPOCH": str(EPOCH)}  # both builds carry the same date
#: A plain field that looks like markup: the archive's clause notes must show it as text.
HOSTILE_TITLE = "Disclose *your* [role](https://evil.example/x) <b>now</b>"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    src = folder / "src"
    for cycle, closed, extra in (
        ("2026-H1", "2026-01-20", ("--effective", "2026-02-01")),
        ("2026-H2", "2026-07-01", ("--effective", "2026-08-01")),
        ("2027-H1", "2027-01-10", ()),
    ):
        if cycle == "2026-H2":
            change_sources(src)
        if cycle == "2027-H1":
            basics = src / "chapters" / "01-basics.yml"
            edit(basics, "about its work or staff.", "about its work, staff or customers.")
            edit(basics, "title: Disclose your role", f"title: '{HOSTILE_TITLE}'")
        run = close(folder, cycle, closed, *extra)
        assert run.returncode == 0, run.stderr
    return src


@pytest.fixture(scope="module")
def site(sources: Path) -> Path:
    out = sources.parent / "site"
    run = handbook("build", "--source", sources, "--out", out, env=DATED)
    assert run.code == 0, run.err
    assert "with 3 approved version(s)" in run.out
    return out


def _banner(site: Path, url: str) -> tuple[str, str]:
    """The archive banner's text and where its link leads, as a path from the site's root."""
    soup = page(site, url + "index.html")
    banner = soup.select_one(".archive-banner")
    assert banner is not None, url
    link = banner.find("a")
    assert link is not None
    target = posixpath.normpath(posixpath.join(url, str(link["href"])))
    return banner.get_text(" ", strip=True), "" if target == "." else target


def _note(site: Path, url: str, clause: str) -> tuple[str, str | None]:
    """The note under a clause of an archived page, and its link as a path from the root."""
    soup = page(site, url + "index.html")
    heading = soup.find(id=clause)
    assert heading is not None, (url, clause)
    note = heading.find_next(class_="superseded-note")
    assert note is not None, (url, clause)
    link = note.find("a")
    if link is None:
        return note.get_text(" ", strip=True), None
    path, _, fragment = str(link["href"]).partition("#")
    return note.get_text(" ", strip=True), posixpath.normpath(posixpath.join(url, path)) + (
        "#" + fragment
    )


def test_every_closed_cycle_is_archived_with_its_pdf(site: Path) -> None:
    for cycle in CYCLES:
        folder = site / "versions" / cycle
        assert (folder / "index.html").is_file(), cycle
        texts = page_texts((folder / "handbook.pdf").read_bytes())
        assert f"Review cycle {cycle}, approved by Board" in texts[0], cycle
    old = page(site, "versions/2026-H1/chapters/basics/index.html")
    assert old.find(id="CYC-BASIC-04") is not None  # removed later, still in its version
    assert page(site, "chapters/basics/index.html").find(id="CYC-BASIC-04") is None


def test_archived_pages_say_what_superseded_them_and_link_to_the_current_text(
    site: Path,
) -> None:
    text, target = _banner(site, "versions/2026-H1/chapters/basics/")
    assert text.startswith("Superseded on 1 August 2026 by review cycle 2026-H2")
    assert target == "chapters/basics"  # the same page in the text in force
    text, target = _banner(site, "versions/2026-H2/")
    assert text.startswith("Superseded on 10 January 2027 by review cycle 2027-H1")
    assert target == ""
    text, _ = _banner(site, "versions/2027-H1/")
    assert text.startswith("Review cycle 2027-H1: the version in force")
    # Clause by clause: where it is now, or that it was withdrawn.
    text, target = _note(site, "versions/2026-H1/chapters/basics/", "CYC-BASIC-03")
    assert text.startswith("In the current version: 2.")  # moved to chapter 2
    assert target == "chapters/more#CYC-BASIC-03"
    assert page(site, "chapters/more/index.html").find(id="CYC-BASIC-03") is not None
    text, target = _note(site, "versions/2026-H1/chapters/basics/", "CYC-BASIC-04")
    assert target is None
    assert text.startswith("Withdrawn: review cycle 2026-H2 removed this clause")
    text, target = _note(site, "versions/2026-H2/chapters/basics/", "CYC-BASIC-01")
    assert target == "chapters/basics#CYC-BASIC-01"
    assert text == f"In the current version: 1.1 {HOSTILE_TITLE}"  # as text, not markup
    soup = page(site, "versions/2026-H2/chapters/basics/index.html")
    note = soup.find(id="CYC-BASIC-01").find_next(class_="superseded-note")  # type: ignore[union-attr]
    assert [tag.name for tag in note.find_all(True)] == ["a"]  # type: ignore[union-attr]
    current = page(site, "versions/2027-H1/chapters/basics/index.html")
    assert current.select(".superseded-note") == []  # the text in force needs no pointer
    assert page(site, "chapters/basics/index.html").select(".archive-banner") == []


def test_versions_json_is_mikes_format_newest_first(site: Path) -> None:
    entries = json.loads((site / "versions" / "versions.json").read_text())
    assert [e["version"] for e in entries] == list(reversed(CYCLES))
    assert entries[0]["aliases"] == ["latest"] and "in force" in entries[0]["title"]
    assert all(e["aliases"] == [] and "superseded" in e["title"] for e in entries[1:])
    assert all(set(e) == {"version", "title", "aliases"} for e in entries)


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[SiteServer]:
    with serve(site) as server:
        yield server


def test_materials_version_selector_reads_it_and_switches_version(
    browser: Browser, served: SiteServer
) -> None:
    tab = open_tab(browser, served)
    try:
        tab.page.goto(served.base + "versions/2026-H1/chapters/basics/")
        selector = tab.page.locator(".md-version")
        expect(selector.locator(".md-version__current")).to_have_text("2026-H1 (superseded)")
        titles = selector.locator(".md-version__link")
        expect(titles).to_have_text(
            ["2027-H1 (in force)", "2026-H2 (superseded)", "2026-H1 (superseded)"]
        )
        selector.hover()
        tab.page.get_by_role("link", name="2027-H1 (in force)").click()
        expect(tab.page).to_have_url(f"{served.base}versions/2027-H1/chapters/basics/")
        expect(tab.page.locator(".archive-banner")).to_contain_text("the version in force")
    finally:
        tab.context.close()
    assert problems(tab, served) == []


def test_the_versions_page_and_as_of_answer_which_version_was_in_force(
    site: Path, sources: Path
) -> None:
    soup = page(site, "versions/index.html")
    table = soup.select_one("article table")
    assert table is not None
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.select("tbody tr")
    ]
    assert [row[0].split()[0] for row in rows] == list(reversed(CYCLES))
    assert [row[3:] for row in rows] == [
        ["10 January 2027", "in force now"],
        ["1 August 2026", "9 January 2027"],
        ["1 February 2026", "31 July 2026"],
    ]
    hrefs = {str(a["href"]) for a in table.find_all("a")}
    assert {f"{cycle}/" for cycle in CYCLES} <= hrefs
    for day, expected in (
        ("2026-01-31", "no approved version was in force"),
        ("2026-02-01", "review cycle 2026-H1"),
        ("2026-07-31", "review cycle 2026-H1"),
        ("2026-12-25", "review cycle 2026-H2"),
        ("2027-06-01", "review cycle 2027-H1"),
    ):
        run = handbook("as-of", day, "--source", sources)
        assert run.code == 0, run.err
        assert expected in run.out, (day, run.out)


def test_one_effective_date_on_the_site_the_pdf_and_the_feed(site: Path) -> None:
    home = page(site, "index.html")
    version = home.select_one("p.version")
    assert version is not None and "In force from 10 January 2027" in version.get_text()
    banner = home.select_one(".edition-banner")
    assert banner is not None and "effective 2027-01-10" in banner.get_text()
    texts = page_texts((site / "handbook.pdf").read_bytes())
    assert "10 January 2027" in texts[0] and "10 January 2027" in texts[-1]
    feed = (site / "changelog" / "feed.xml").read_text()
    assert "in force from 2027-01-10" in feed.casefold()


def _forge(entry: Path, name: str, data: bytes) -> None:
    """Add a file to a cached archived version and sign the entry again, as someone who can
    write into the cache could."""
    raw = entry.read_bytes()
    header, _, payload = raw.partition(b"\n")
    buffer = io.BytesIO(payload)
    with tarfile.open(fileobj=buffer, mode="a") as tar:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    payload = buffer.getvalue()
    key = json.loads(header)["key"]
    new = {"key": key, "sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload)}
    entry.write_bytes(json.dumps(new, sort_keys=True).encode() + b"\n" + payload)


def test_a_tampered_cached_version_is_built_again(site: Path, sources: Path) -> None:
    """Whatever comes back from the cache is leak-checked, every file of it: a planted file
    with internal text, or a damaged PDF, makes the version a miss, never a leak or a crash."""
    book = hashlib.sha256(str(sources.resolve()).encode()).hexdigest()[:12]  # these sources'
    [entry] = list(cache_root().glob(f"archive/{book}-public-2026-H1/*.entry"))
    _forge(entry, "notes.md", b"Call the duty officer on extension 4410.")
    [older] = list(cache_root().glob(f"archive/{book}-public-2026-H2/*.entry"))
    _forge(older, "handbook.pdf", b"%PDF-1.7 not really")
    out = sources.parent / "again"
    run = handbook("build", "--source", sources, "--out", out, env=DATED)
    assert run.code == 0, run.err
    assert not (out / "versions" / "2026-H1" / "notes.md").exists()
    assert page_texts((out / "versions" / "2026-H2" / "handbook.pdf").read_bytes())
    assert b"4410" not in entry.read_bytes()  # the entry was replaced by the new build
    # Built again or unpacked from the cache, the site is byte for byte the first one.
    first, again = _files(site), _files(out)
    assert sorted(first) == sorted(again)
    assert [name for name in first if first[name] != again[name]] == []


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_archived_pages_give_their_own_effective_date_and_pass_axe(
    site: Path, browser: Browser, served: SiteServer
) -> None:
    """The banner of a superseded version's pages gives the date its own text took effect;
    the archive's banner and clause notes raise no serious or critical axe violation."""
    banners = {
        url: " ".join(banner.get_text().split())
        for url, soup in pages(site)
        if url.startswith("versions/2026-H1/") and (banner := soup.select_one(".edition-banner"))
    }
    assert len(banners) > 5
    assert [url for url, text in banners.items() if "effective 2026-02-01" not in text] == []
    tab = open_tab(browser, served)
    try:
        for url in ("versions/2026-H1/", "versions/2026-H1/chapters/basics/"):
            tab.page.goto(served.base + url, wait_until="load")
            result = axe_audit(tab.page)
            serious = [v["id"] for v in result["violations"] if v["impact"] in BLOCKING]
            assert serious == [], (url, serious)
    finally:
        tab.context.close()
    assert problems(tab, served) == []


def test_the_versions_page_answers_for_a_date_as_as_of_does(
    browser: Browser, served: SiteServer, sources: Path
) -> None:
    tab = open_tab(browser, served)
    try:
        tab.page.goto(served.base + "versions/")
        field = tab.page.get_by_label("Date")
        answer = tab.page.locator(".as-of__answer")
        for day in ("2026-01-31", "2026-07-31", "2026-12-25", "2027-06-01"):
            field.fill(day)
            field.dispatch_event("change")
            expected = handbook("as-of", day, "--source", sources).out.strip()
            expect(answer).to_have_text(expected)
    finally:
        tab.context.close()
    assert problems(tab, served) == []
