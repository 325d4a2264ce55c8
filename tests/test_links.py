"""Links and anchors, beyond the page-to-page check in tests/test_site.py: the build refuses
a broken anchor (MkDocs' validation at warn, built strict), and every asset, search result
and sitemap entry of the built site points at something that exists.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from mkdocs.config import load_config

from build_tools.publish.output import MARKER
from tests.conftest import ROOT, SHIPPED, handbook, project_with_page
from tests.site_html import page, pages, resolve

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_mkdocs_validation_warns_on_every_kind_of_bad_link() -> None:
    validation = load_config(str(ROOT / "mkdocs.yml")).validation
    for kind in ("not_found", "absolute_links", "unrecognized_links", "anchors"):
        assert validation.links[kind] == logging.WARNING, kind
    for kind in ("omitted_files", "not_found", "absolute_links"):
        assert validation.nav[kind] == logging.WARNING, kind


def test_build_refuses_a_broken_anchor_and_keeps_the_old_site(tmp_path: Path) -> None:
    project = project_with_page(
        tmp_path,
        "broken.md",
        "# Broken\n\nSee [the closed period rule](chapters/market-disclosure.md#SM-MKT-99).\n",
    )
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.html").write_text("previous build")
    (out / MARKER).write_text("an earlier build")
    run = handbook(
        "build", "--config", project / "mkdocs.yml", "--source", SHIPPED, "--out", out, "--no-pdf"
    )
    assert run.code == 1
    assert "Traceback" not in run.err
    assert "SM-MKT-99" in run.err
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "keep.html"]


def test_every_page_asset_exists(public_site: Path) -> None:
    """Scripts, stylesheets, icons and images named by any page are in the site."""
    missing, checked = [], 0
    for url, soup in pages(public_site):
        refs = [str(el["src"]) for el in soup.find_all(src=True)]
        refs += [str(el["href"]) for el in soup.find_all("link", href=True)]
        for ref in refs:
            target = resolve(public_site, url, ref)
            if target is None:
                continue
            checked += 1
            if not target[0].is_file():
                missing.append(f"{url}: {ref}")
    assert checked > 100
    assert missing == []


def test_every_search_result_lands_on_a_page_and_anchor(public_site: Path) -> None:
    index = json.loads((public_site / "search" / "search_index.json").read_text())
    broken = []
    for doc in index["docs"]:
        file, fragment = resolve(public_site, "index.html", doc["location"]) or (None, "")
        if file is None or not file.is_file():
            broken.append(f"{doc['location']} (no page)")
        elif fragment and page(file.parent, file.name).find(id=fragment) is None:
            broken.append(f"{doc['location']} (no anchor)")
    assert len(index["docs"]) > 100
    assert broken == []


def test_every_sitemap_entry_is_a_built_page(public_site: Path) -> None:
    root = ElementTree.fromstring((public_site / "sitemap.xml").read_bytes())
    locs = [el.text or "" for el in root.iter(f"{SITEMAP}loc")]
    prefix = urlsplit(load_config(str(ROOT / "mkdocs.yml")).site_url).path
    missing = []
    for loc in locs:
        rel = urlsplit(loc).path.removeprefix(prefix).lstrip("/")
        if not (
            public_site / rel / "index.html" if not rel.endswith(".html") else public_site / rel
        ).is_file():
            missing.append(loc)
    assert len(locs) >= 25
    assert missing == []


def test_anchors_are_unique_on_every_page(public_site: Path) -> None:
    """Two elements with one id would make a link land on the wrong one."""
    repeated = []
    for url, soup in pages(public_site):
        counts = Counter(str(el["id"]) for el in soup.find_all(id=True))
        repeated += [f"{url}#{anchor}" for anchor, n in counts.items() if n > 1]
    assert repeated == []
