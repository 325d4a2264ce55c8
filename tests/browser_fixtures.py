"""Session fixtures for the browser tests, loaded as a plugin (``pytest_plugins``) so that
every module shares one server and one Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NO_NETWORK,
    SiteServer,
    Watched,
    open_tab,
    problems,
    serve,
)


@pytest.fixture(scope="session")
def served_site(public_site: Path) -> Iterator[SiteServer]:
    """The shipped handbook's build (with its PDF) served on 127.0.0.1 from a thread."""
    with serve(public_site) as site:
        yield site


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, that can reach 127.0.0.1 only; never a browser
    downloaded by Playwright."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=NO_NETWORK
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def tab(browser: Browser, served_site: SiteServer) -> Iterator[Watched]:
    """A desktop-sized tab; it must neither leave 127.0.0.1 nor log a console error."""
    watched = open_tab(browser, served_site)
    yield watched
    watched.context.close()
    assert problems(watched, served_site) == []
