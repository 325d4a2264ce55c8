"""Helpers for the browser tests: a local server for the built site and watched tabs of
Debian's Chromium. The fixtures that use them are in ``tests/browser_fixtures.py``."""

from __future__ import annotations

import functools
import http.server
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PREFIX = "/social-media/"  # the path of site_url in mkdocs.yml: served there, as in production
#: Every request but those to 127.0.0.1 goes to a proxy that is not there, so nothing leaves
#: the machine (IP addresses and WebSockets included), without stopping each request in
#: Python; the tabs record what was asked.
NO_NETWORK = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}
#: axe-core from the npm registry, pinned with its integrity in tests/axe/package-lock.json and
#: installed by ``make test`` (npm ci): read from disk, so the audits run offline.
AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.1 A and AA rules, every one of them; violations reported in detail.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder under PREFIX; anything else is a 404."""

    def translate_path(self, path: str) -> str:
        url = unquote(urlsplit(path).path)
        rel = posixpath.normpath(url.removeprefix(PREFIX)).lstrip("/")
        if not url.startswith(PREFIX) or rel.startswith(".."):
            return ""  # send_head answers 404
        return str(Path(self.directory) / rel) + ("/" if url.endswith("/") else "")

    def send_head(self) -> Any:
        if not self.translate_path(self.path):
            self.send_error(404, "outside the site")
            return None
        return super().send_head()

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the tests record requests in the browser


@functools.cache
def _axe_source() -> str:
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: `make test` installs it (npm ci)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_audit(page: Page, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """axe-core's report on the page as it is now (``context``: the part to audit, by default
    the whole document), with :data:`AXE_OPTIONS`."""
    page.evaluate(_axe_source())
    report: dict[str, Any] = page.evaluate(
        "([context, options]) => axe.run(context ?? document, options)", [context, AXE_OPTIONS]
    )
    return report


@dataclass(frozen=True)
class SiteServer:
    base: str  # http://127.0.0.1:PORT/social-media/
    origin: str  # http://127.0.0.1:PORT


@contextmanager
def serve(folder: Path) -> Iterator[SiteServer]:
    """Serve ``folder`` under PREFIX on a free port of 127.0.0.1 until the block ends."""
    handler = functools.partial(_SiteHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield SiteServer(origin + PREFIX, origin)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Watched:
    """A browser tab whose every request and console error is recorded."""

    page: Page
    context: BrowserContext
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_tab(
    browser: Browser,
    site: SiteServer,
    *,
    width: int = 1280,
    height: int = 900,
    color_scheme: Literal["light", "dark"] = "light",
) -> Watched:
    """A fresh context: requests outside the local server fail (the browser was launched with
    :data:`NO_NETWORK`) and are recorded, from every page of the context. ``color_scheme``:
    the reader's system setting, which the site's palette follows until the reader picks
    one."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        accept_downloads=True,
        color_scheme=color_scheme,
    )
    context.set_default_timeout(10_000)  # fail soon: every wait here is for a local page
    page = context.new_page()
    watched = Watched(page, context)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.errors.append(f"console: {message.text} at {message.location}")

    def on_request(request: Request) -> None:
        watched.requests.append(request.url)
        if not request.url.startswith(site.origin + "/"):
            watched.blocked.append(request.url)

    # On the context: every page of it is watched, the first and any other (a link opened in
    # a new tab, or the pages a test opens side by side).
    context.on("request", on_request)
    context.on("console", on_console)
    context.on("weberror", lambda error: watched.errors.append(f"page error: {error.error}"))
    return watched


def problems(tab: Watched, site: SiteServer) -> list[str]:
    """Requests that were meant to leave the local server, and console errors."""
    return [f"request: {url}" for url in tab.blocked] + tab.errors


def page_urls(site: Path) -> list[str]:
    """Every generated HTML page, as the URL path a reader opens."""
    return [
        file.relative_to(site).as_posix().removesuffix("index.html")
        for file in sorted(site.rglob("*.html"))
    ]


def largest_of_each_kind(site: Path, urls: list[str]) -> list[str]:
    """Per top-level folder (one layout each), the page with the most HTML: the most
    likely to overflow a phone's width."""
    largest: dict[str, str] = {}
    for url in urls:
        kind = url.split("/", 1)[0]
        if kind not in largest or page_size(site, url) > page_size(site, largest[kind]):
            largest[kind] = url
    return sorted(largest.values())


def page_size(site: Path, url: str) -> int:
    """The bytes of the HTML file behind ``url`` (a path from :func:`page_urls`)."""
    return (site / (url + "index.html" if not url.endswith(".html") else url)).stat().st_size
