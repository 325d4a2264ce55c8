"""The live preview never lies: under ``mkdocs serve``, sources that do not build show an error
page at every address, which turns back into the handbook by itself once they are fixed."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from build_tools.publish import preview
from build_tools.publish.plugin import HandbookPlugin
from build_tools.source.loader import parse_text
from build_tools.source.model import Location
from build_tools.source.problems import Problem, SourceError
from tests.browser import PREFIX, SiteServer, open_tab, problems
from tests.conftest import ROOT

pytest_plugins = ["tests.browser_fixtures"]

CHAPTER = "policy_src/chapters/02-accounts.yml"
GOOD_TITLE = "    title: Disclosing your affiliation\n"


# The page itself, and the middleware that serves it --------------------------------------------


def test_the_error_page_escapes_what_comes_from_the_sources(tmp_path: Path) -> None:
    hostile = "title: <script>alert(1)</script>: <img src=x onerror=alert(2)>\u202e\n"
    _, found = parse_text(hostile, "chapters/<b>bold</b>.yml")
    found.append(Problem(Location("x.yml", 3, 4), "found '<iframe src=//evil>' \x1b[31m"))
    page = preview.error_page(preview.entries(SourceError(found)))
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find_all(["script", "img", "iframe", "b"]) == []
    assert [tag.name for tag in soup.find_all(attrs={"onerror": True})] == []
    first, second = soup.select("li.problem")
    assert first.select_one(".where").get_text() == "chapters/<b>bold</b>.yml:1:33"
    assert "<script>alert(1)</script>" in first.select_one(".source-line").get_text()
    assert "\\u202e" in first.select_one(".source-line").get_text()  # shown, not obeyed
    assert second.select_one(".message").get_text() == "found '<iframe src=//evil>' \\x1b[31m"
    assert soup.select_one("h1").get_text() == "The preview stopped: the sources have 2 problems"


def _app(status: str, body: bytes, calls: list[str]) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        calls.append(environ["PATH_INFO"])
        start_response(status, [("Content-Type", "text/html")])
        return [body + environ["PATH_INFO"].encode()]

    return app


def _call(app: Any, path: str) -> tuple[str, bytes]:
    got: list[str] = []
    body = app({"PATH_INFO": path}, lambda status, headers, exc=None: got.append(status))
    return got[0], b"".join(body)


@pytest.mark.parametrize(
    "path",
    ["/social-media/", "/social-media/chapters/x/", "/social-media/x.html", "/social-media/x"],
)
def test_while_failing_every_page_is_the_error_page(path: str) -> None:
    calls: list[str] = []
    pages = preview.ErrorPages(_app("404 Not Found", b"", calls), "/social-media/", lambda: True)
    assert _call(pages, path) == ("404 Not Found", b"/social-media/" + preview.ERROR_FILE.encode())
    assert calls == [path, "/social-media/" + preview.ERROR_FILE]  # asked as usual first: waits


@pytest.mark.parametrize(
    "path", ["/social-media/assets/handbook.css", "/livereload/1/2", "/other/"]
)
def test_assets_and_the_servers_own_addresses_pass_through(path: str) -> None:
    calls: list[str] = []
    pages = preview.ErrorPages(_app("200 OK", b"", calls), "/social-media/", lambda: True)
    assert _call(pages, path) == ("200 OK", path.encode())
    assert calls == [path]


def test_redirects_pass_through_and_a_good_build_is_served_as_it_is() -> None:
    calls: list[str] = []
    moved = preview.ErrorPages(_app("302 Found", b"", calls), "/social-media/", lambda: True)
    assert _call(moved, "/social-media/chapters") == ("302 Found", b"/social-media/chapters")
    good = preview.ErrorPages(_app("200 OK", b"", calls), "/social-media/", lambda: False)
    assert _call(good, "/social-media/") == ("200 OK", b"/social-media/")


# A real `mkdocs serve` in Chromium --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def mkdocs_serve(project: Path) -> Iterator[SiteServer]:
    """``mkdocs serve`` of ``project`` on a free port of 127.0.0.1, until the block ends."""
    port = _free_port()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    log = (project / "serve.log").open("w")
    process = subprocess.Popen(
        [mkdocs, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (project / "serve.log").read_text()
            try:
                with urllib.request.urlopen(origin + PREFIX, timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline, (project / "serve.log").read_text()
                time.sleep(0.1)
        yield SiteServer(origin + PREFIX, origin)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "overrides", "policy_src"):
        shutil.copytree(ROOT / folder, project / folder)
    return project


def _save(file: Path, text: str) -> None:
    file.write_text(text, encoding="utf-8")


def _shows_errors(page: Page) -> None:
    page.wait_for_selector("#handbook-preview-errors", timeout=15_000)


def _shows_handbook(page: Page) -> None:
    page.wait_for_selector("article h2#SM-ACCT-01", timeout=15_000)


@pytest.mark.e2e
def test_the_preview_shows_errors_and_reloads_to_the_handbook(
    browser: Browser, tmp_path: Path
) -> None:
    project = _project(tmp_path)
    chapter = project / CHAPTER
    good = chapter.read_text(encoding="utf-8")
    assert good.count(GOOD_TITLE) == 1
    line = good[: good.index(GOOD_TITLE)].count("\n") + 1
    unclosed = good.replace(GOOD_TITLE, '    title: "Disclosing your affiliation\n')
    _save(chapter, unclosed)  # the first build already fails
    with mkdocs_serve(project) as site:
        tab = open_tab(browser, site)
        page = tab.page
        page.goto(site.base + "chapters/accounts/")
        _shows_errors(page)
        [problem] = page.locator("li.problem").all()
        assert problem.locator(".where").inner_text() == f"{CHAPTER}:{line}:12"
        assert problem.locator(".source-line").inner_text() == (
            f'  {line} |     title: "Disclosing your affiliation'
        )
        caret = problem.locator(".caret-line").inner_text()
        assert caret.index("^") == len(f"  {line} |     title: ")
        assert problem.locator(".message").inner_text().startswith("invalid YAML: unclosed quote")

        _save(chapter, good)  # fixed: the same tab comes back to the handbook by itself
        _shows_handbook(page)

        colon = good.replace(GOOD_TITLE, "    title: Disclosing: your affiliation\n")
        _save(chapter, colon)  # broken while the clause is on screen
        _shows_errors(page)
        assert page.locator(".where").inner_text() == f"{CHAPTER}:{line}:22"
        assert page.locator(".message").inner_text() == (
            "invalid YAML: a colon inside a value needs quotes around the value: "
            "title: 'Disclosing: your affiliation'"
        )
        started = time.monotonic()
        page.reload(timeout=5_000)  # answered at once, never held until the sources build
        assert time.monotonic() - started < 3
        _shows_errors(page)
        for address in ("", "chapters/accounts/#SM-ACCT-01", "no-such-page/", "nope.html"):
            page.goto(site.base + address)
            _shows_errors(page)

        page.goto(site.base + "chapters/accounts/")
        _shows_errors(page)
        _save(chapter, good)
        _shows_handbook(page)

        # A build that fails other than on the sources (here a page asks for a template that
        # does not exist): the tab shows the error by itself, a reload is answered at once,
        # and the page comes back after the next good build.
        crash = project / "docs" / "crash.md"
        _save(crash, "---\ntemplate: no-such-template.html\n---\n# Crash\n")
        failed = "h1:text-is('The preview stopped: the last build failed')"
        page.wait_for_selector(failed, timeout=15_000)
        page.reload(timeout=5_000)
        page.wait_for_selector(failed, timeout=1_000)
        crash.unlink()
        _shows_handbook(page)
        tab.context.close()
        assert problems(tab, site) == []


def test_a_failed_build_writes_the_error_page_of_the_sources_path(tmp_path: Path) -> None:
    """A build that failed other than on the sources: the same error page as for a source
    error, written where the middleware asks the server for it (which adds its own live-reload
    script, so that the next good build reloads the tab); no page or script of its own."""
    plugin = HandbookPlugin()
    plugin.load_config({})
    plugin.on_startup(command="serve", dirty=False)
    plugin.site_dir = str(tmp_path)
    error = RuntimeError("<img src=x onerror=alert(1)>")
    plugin.on_build_error(error=error)
    assert plugin.showing_errors
    page = (tmp_path / preview.ERROR_FILE).read_text(encoding="utf-8")
    assert page == preview.error_page(preview.crash_entries(error), preview.CRASH_HEADING)
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find_all(["img", "script"]) == []
    assert (
        soup.select_one(".message")
        .get_text()
        .startswith("the preview could not be built: RuntimeError: <img src=x onerror=alert(1)>")
    )
    calls: list[str] = []
    pages = preview.ErrorPages(
        _app("200 OK", b"", calls), "/social-media/", lambda: plugin.showing_errors
    )
    assert _call(pages, "/social-media/chapters/x/")[1] == b"/social-media/" + (
        preview.ERROR_FILE.encode()
    )
    assert _call(pages, "/social-media/assets/handbook.css") == (
        "200 OK",
        b"/social-media/assets/handbook.css",
    )
