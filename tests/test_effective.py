"""One date the approved text takes effect, the same in every output: the banner of every
page, the changelog page and feed, and the cover, document control and acknowledgement pages
of the PDF. It comes from the latest cycle's ``effective`` in cycles.yml (read here with
plain YAML, not by the code under test), which is later than its closing date."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.conftest import SHIPPED
from tests.pdf_text import page_texts
from tests.site_html import page, pages

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI


def _latest() -> dict:
    return yaml.safe_load((SHIPPED / "cycles.yml").read_text(encoding="utf-8"))[-1]


def _spelt(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def test_the_shipped_cycle_takes_effect_after_it_closed() -> None:
    latest = _latest()
    assert latest["effective"] > latest["closed"]  # otherwise the tests below prove little


def test_every_page_banner_gives_the_effective_date(public_site: Path) -> None:
    day = _latest()["effective"].isoformat()
    banners = {
        url: " ".join(banner.get_text().split())
        for url, soup in pages(public_site)
        if (banner := soup.select_one(".edition-banner"))
    }
    current = {url: text for url, text in banners.items() if not url.startswith("versions/")}
    assert len(current) > 25
    assert {url for url, text in current.items() if f"effective {day}" not in text} == set()


def test_changelog_page_and_feed_give_the_effective_date(public_site: Path) -> None:
    latest = _latest()
    day = latest["effective"].isoformat()
    entry = page(public_site, f"changelog/{latest['id'].lower()}/index.html")
    meta = entry.select_one(".cycle-meta")
    assert meta is not None and f"In force from {day}" in meta.get_text()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(public_site / "changelog" / "feed.xml").getroot()
    summaries = {
        e.findtext("a:title", namespaces=ns): e.findtext("a:summary", namespaces=ns) or ""
        for e in feed.findall("a:entry", ns)
    }
    assert f"in force from {day}." in summaries[f"{latest['id']} review cycle"]


def test_the_pdf_gives_the_effective_date_on_cover_control_and_acknowledgement(
    public_site: Path,
) -> None:
    latest = _latest()
    texts = [" ".join(t.split()) for t in page_texts((public_site / "handbook.pdf").read_bytes())]
    effective, closed = _spelt(latest["effective"]), _spelt(latest["closed"])
    cover, control, last = texts[0], texts[1], texts[-1]
    assert f"EFFECTIVE {effective}" in cover  # the label is set in capitals
    assert f"Effective date {effective}" in control
    assert "Acknowledgement of receipt" in last and f"Effective date {effective}" in last
    assert f"approved by {latest['approved_by']} on {closed}" in cover  # approval: closing date


def test_home_page_and_pdf_state_the_same_version(public_site: Path) -> None:
    """Version, approver, approval date and the date it takes effect, in the same words."""
    latest = _latest()
    home = page(public_site, "index.html").select_one("article p.version")
    assert home is not None
    stated = " ".join(home.get_text().split())
    version = (
        f"Review cycle {latest['id']}, approved by {latest['approved_by']} "
        f"on {_spelt(latest['closed'])}"
    )
    assert stated == f"{version} · In force from {_spelt(latest['effective'])}"
    cover = " ".join(page_texts((public_site / "handbook.pdf").read_bytes())[0].split())
    assert version in cover


def test_a_version_replaced_before_it_took_effect_was_never_in_force() -> None:
    import dataclasses
    import json

    from build_tools.publish.pipeline import load_handbook
    from build_tools.review import version
    from build_tools.site import versions
    from build_tools.source.model import Cycle
    from tests.conftest import MINI

    first = Cycle(
        id="2026-H1", closed=dt.date(2026, 6, 16), effective=dt.date(2026, 7, 1), approved_by="EC"
    )
    second = Cycle(
        id="2026-H2", closed=dt.date(2026, 6, 20), effective=dt.date(2026, 7, 1), approved_by="EC"
    )
    found = version.periods([first, second])
    assert [period.never for period in found] == [True, False]
    titles = json.loads(versions.versions_json([first, second], frozenset({"2026-H1", "2026-H2"})))
    assert [entry["title"] for entry in titles] == [
        "2026-H2 (in force)",
        "2026-H1 (never in force)",
    ]
    assert "was review cycle 2026-H2" in version.as_of([first, second], dt.date(2026, 7, 1))
    mini = load_handbook(MINI, "public")
    old = dataclasses.replace(mini, cycles=(first,), draft=False)
    now = dataclasses.replace(mini, cycles=(first, second), draft=False)
    banner = versions.archive_banner(old, now)
    assert (
        banner["text"] == "Never in force: review cycle 2026-H2 replaced it before it took effect"
    )
    page = versions.versions_page(now, archived=frozenset())
    assert "never in force (replaced before it took effect)" in page
