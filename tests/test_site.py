"""The real MkDocs build of the shipped handbook, read back with an HTML parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EPOCH, MINI, ROOT, SHIPPED, handbook, published
from tests.site_html import links_in, page, pages, resolve, section

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI


def _sources(root: Path) -> tuple[list[dict], list[dict], dict[str, str]]:
    """Chapters, examples and clause id → chapter id of the published (approved) text, read
    straight from the YAML of its snapshot."""
    data = published(root)
    chapters, examples = data["chapters"], data.get("examples", [])
    home = {c["id"]: ch["id"] for ch in chapters for c in ch["clauses"]}
    return chapters, examples, home


def _public(item: dict) -> bool:
    return item.get("visibility", "public") == "public"


def test_every_clause_has_its_anchor_number_and_badges(public_site: Path) -> None:
    chapters, _, _ = _sources(SHIPPED)
    for number, chapter in enumerate(chapters, start=1):
        soup = page(public_site, f"chapters/{chapter['id']}/index.html")
        assert soup.h1 is not None and soup.h1.get_text(strip=True).startswith(f"{number}.")
        public = [c for c in chapter["clauses"] if _public(c)]
        for position, clause in enumerate(public, start=1):
            heading = soup.find(id=clause["id"])
            assert heading is not None, clause["id"]
            assert heading.get_text(" ", strip=True).startswith(f"{number}.{position} ")
            meta = section(soup, clause["id"])[1]
            level = meta.find(class_="level")
            assert level is not None and level.get_text() == clause["level"].capitalize()
            assert clause["id"] in meta.get_text()


def test_every_public_example_has_its_anchor(public_site: Path) -> None:
    _, examples, _ = _sources(SHIPPED)
    soup = page(public_site, "examples/index.html")
    for example in examples:
        assert (soup.find(id=example["id"]) is not None) == _public(example), example["id"]


def test_every_internal_link_and_anchor_resolves(public_site: Path) -> None:
    broken = []
    checked = 0
    ids: dict[Path, set[str]] = {}  # anchors of each page, parsed once
    for url, soup in pages(public_site):
        for a in soup.find_all("a", href=True):
            target = resolve(public_site, url, str(a["href"]))
            if target is None:
                continue
            file, fragment = target
            checked += 1
            if not file.exists():
                broken.append(f"{url}: {a['href']} (no file)")
                continue
            if not fragment:
                continue
            if file not in ids:
                found = page(file.parent, file.name).find_all(id=True)
                ids[file] = {str(el["id"]) for el in found}
            if fragment not in ids[file]:
                broken.append(f"{url}: {a['href']} (no anchor)")
    assert checked > 500
    assert broken == []


def test_clauses_and_examples_link_both_ways(public_site: Path) -> None:
    _, examples, home = _sources(SHIPPED)
    examples_page = page(public_site, "examples/index.html")
    pairs = 0
    for example in filter(_public, examples):
        from_example = links_in(section(examples_page, example["id"]))
        for clause_id in example["illustrates"]:
            assert f"../chapters/{home[clause_id]}/#{clause_id}" in from_example
            chapter_page = page(public_site, f"chapters/{home[clause_id]}/index.html")
            back = links_in(section(chapter_page, clause_id))
            assert f"../../examples/#{example['id']}" in back
            pairs += 1
    assert pairs >= 12


def test_references_render_as_numbered_links(public_site: Path) -> None:
    soup = page(public_site, "chapters/market-disclosure/index.html")
    see_also = [a for a in soup.select("article a") if a.get("href") == "#SM-MKT-02"]
    assert see_also, "a reference to SM-MKT-02 on its own chapter page"
    assert see_also[0].get_text() == "5.2 No inside information online"


def test_search_index_holds_clause_text(public_site: Path) -> None:
    index = json.loads((public_site / "search" / "search_index.json").read_text())
    docs = {d["location"]: d["text"] for d in index["docs"]}
    entry = docs["chapters/market-disclosure/?clause=SM-MKT-03#SM-MKT-03"]
    assert "communications quiet period starts 30 days before" in entry


def test_home_page_links_every_chapter_and_glossary(public_site: Path) -> None:
    chapters, _, _ = _sources(SHIPPED)
    soup = page(public_site, "index.html")
    hrefs = {str(a["href"]) for a in soup.select("article a[href]")}
    for chapter in chapters:
        assert f"chapters/{chapter['id']}/" in hrefs
    assert "glossary/" in hrefs and "examples/" in hrefs
    glossary = published(SHIPPED)["glossary"]
    terms = page(public_site, "glossary/index.html").select("h2.term")
    assert len(terms) == len([t for t in glossary if _public(t)]) >= 15


def test_internal_edition_holds_internal_items(public_site: Path, internal_site: Path) -> None:
    chapters, _, home = _sources(SHIPPED)
    internal = [c["id"] for ch in chapters for c in ch["clauses"] if not _public(c)]
    assert internal
    for clause_id in internal:
        url = f"chapters/{home[clause_id]}/index.html"
        assert page(internal_site, url).find(id=clause_id) is not None
        assert page(public_site, url).find(id=clause_id) is None


def test_plain_mkdocs_build_strict_is_clean(tmp_path: Path) -> None:
    # Dated as the session's build, so the print handbook comes from the layout cache; without
    # the roles' books and the translations' (tests/test_home_roles.py, test_language_pdf.py),
    # which the session's build leaves out too.
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": str(EPOCH),
        "HANDBOOK_ROLE_PDFS": "false",
        "HANDBOOK_LANGUAGE_PDFS": "false",
    }
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    assert (tmp_path / "s" / "chapters" / "privacy" / "index.html").exists()
    assert (tmp_path / "s" / "handbook.pdf").exists()
    # HANDBOOK_ROLE_PDFS and HANDBOOK_LANGUAGE_PDFS are read
    assert not list((tmp_path / "s").glob("handbook-*.pdf"))


def test_markdown_export_is_plain_and_complete(tmp_path: Path) -> None:
    out = tmp_path / "md"
    run = handbook("markdown", "--source", MINI, "--out", out)
    assert run.code == 0, run.err
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert {"chapters/basics.md", "chapters/more.md", "examples.md", "glossary.md"} <= set(files)
    assert {"index.md", "audiences/board.md", "audiences/executives.md"} <= set(files)
    basics = (out / "chapters" / "basics.md").read_text()
    assert (
        '## 1.2 Use a personal account { #MINI-BASIC-02 .clause data-audiences="executives" }'
        in basics
    )
    assert "MINI-BASIC-03" not in basics  # internal clause left out of the public edition
    assert "[closed period](../glossary.md#term-closed-period)" in basics
