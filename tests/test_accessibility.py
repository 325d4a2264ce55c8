"""axe-core on every page of the built handbook, in Debian's Chromium, offline.

Fixes for what axe found live in docs/assets/handbook.css (its Accessibility section) and
docs/assets/scroll-regions.js; no axe rule is switched off.

WCAG 2.1 A and AA rules; no violation of impact serious or critical may remain; and on a
phone no page scrolls sideways (WCAG 1.4.10, reflow), which axe cannot see. Every page's
content is audited; the theme's chrome, the same on every page of a kind, on the largest page
of each kind (see CONTENT). The dark scheme (a reader whose system asks for it, or who uses
the palette toggle) is audited whole on the largest page of each kind, and on the pages that
carry our own colours (clause badges, the changelog's word diff). The full
axe report for every page goes to axe/ under the test artefacts (HANDBOOK_TEST_ARTEFACTS)
for a person to read.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser import (
    AXE_JS,
    SiteServer,
    Watched,
    axe_audit,
    largest_of_each_kind,
    open_tab,
    page_size,
    page_urls,
    problems,
)
from tests.conftest import ARTEFACTS

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

pytest_plugins = ["tests.browser_fixtures"]

BLOCKING = {"serious", "critical"}


def _summary(url: str, violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    return f"{url or '/'}: {violation['id']} ({violation['impact']}) at {targets}"


#: What varies from page to page: the content. The theme's header, navigation, sidebars and
#: footer are the same on every page of a kind, so they are audited on the largest page of
#: each kind (on a desktop and on a phone) and the rest of the pages are audited for content.
CONTENT = {"include": [[".md-content"]]}


def _audit(tab: Watched, site: SiteServer, url: str, *, whole: bool = True) -> dict[str, Any]:
    tab.page.goto(site.base + url, wait_until="load")
    return axe_audit(tab.page, None if whole else CONTENT)


@functools.cache
def _locked_axe_version() -> str:
    lock = json.loads((AXE_JS.parents[2] / "package-lock.json").read_text(encoding="utf-8"))
    version: str = lock["packages"]["node_modules/axe-core"]["version"]
    return version


def test_no_serious_or_critical_axe_violations_on_any_page(
    browser: Browser, served_site: SiteServer, public_site: Path
) -> None:
    out = ARTEFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    urls = page_urls(public_site)
    assert len(urls) >= 25
    report: dict[str, Any] = {}
    blocking: list[str] = []
    too_wide: list[str] = []
    # Every page on a desktop, the theme's chrome on the largest page of each kind; on a phone,
    # the largest page of each kind (whose tables scroll there), the phone's chrome (the same
    # drawer and header on every kind) on the largest page of all.
    largest = largest_of_each_kind(public_site, urls)
    runs = (
        ("desktop", 1280, 900, urls, set(largest)),
        ("phone", 375, 812, largest, {max(largest, key=lambda url: page_size(public_site, url))}),
    )
    for name, width, height, some, whole in runs:
        tab = open_tab(browser, served_site, width=width, height=height)
        try:
            for url in some:
                result = _audit(tab, served_site, url, whole=url in whole)
                assert result["testEngine"]["version"] == _locked_axe_version()
                report[f"{name}:{url or '/'}"] = result
                if tab.page.evaluate("document.documentElement.scrollWidth") > width:
                    too_wide.append(f"[{name}] {url or '/'}")
                blocking += [
                    f"[{name}] " + _summary(url, v)
                    for v in result["violations"]
                    if v["impact"] in BLOCKING
                ]
        finally:
            tab.context.close()
        assert problems(tab, served_site) == []
    (out / "report.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    assert blocking == [], "\n".join(blocking)
    assert too_wide == []


#: Pages with the handbook's own colours, audited in the dark scheme as well as the largest
#: page of each kind: clause badges and feedback links, examples' outcome badges, the
#: changelog's word diff and quoted new rules.
DARK_PAGES = ("chapters/accounts/", "examples/", "changelog/2026-h1/")


def test_no_serious_or_critical_axe_violations_in_the_dark_scheme(
    browser: Browser, served_site: SiteServer, public_site: Path
) -> None:
    urls = page_urls(public_site)
    some = sorted({*largest_of_each_kind(public_site, urls), *DARK_PAGES})
    assert set(DARK_PAGES) <= set(urls)
    tab = open_tab(browser, served_site, color_scheme="dark")
    report: dict[str, Any] = {}
    blocking: list[str] = []
    try:
        for url in some:
            result = _audit(tab, served_site, url)
            scheme = tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert scheme == "slate", f"{url or '/'} is not in the dark scheme: {scheme}"
            report[f"dark:{url or '/'}"] = result
            blocking += [
                "[dark] " + _summary(url, v)
                for v in result["violations"]
                if v["impact"] in BLOCKING
            ]
    finally:
        tab.context.close()
    assert problems(tab, served_site) == []
    out = ARTEFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report-dark.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    assert blocking == [], "\n".join(blocking)
