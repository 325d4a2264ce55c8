"""Editions never leak: the public build holds no byte of an internal item; the internal one
holds them all. Audience views hold exactly the clauses for their audience."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from build_tools.publish.output import MARKER
from tests.conftest import MINI, ROOT, SHIPPED, handbook, project_with_page, published
from tests.pdf_text import page_texts
from tests.site_html import page

# Real tools (MkDocs, WeasyPrint, Chromium or the CLI); one pytest-xdist worker runs the whole
# module, so that its module fixtures are made once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("editions")]

FIXTURE = ROOT / "tests" / "fixtures" / "editions"
# One distinctive marker in each field of the fixture's internal items.
MARKERS = {
    "clause title": "ZEBRAQUILL",
    "clause text": "QUASARMINT",
    "clause rationale": "VELVETORCA",
    "clause tag": "KELPFIRE",
    "changelog (old wording of an internal clause)": "SABLEHORN",
    "example title": "HALCYONGRIT",
    "example scenario": "MARBLEWISP",
    "example discussion": "COBALTFERN",
    "glossary definition": "OPALDRIFT",
    "glossary term": "LANTERNFISH",
    "internal clause id": "MINI-SECRET-02",
    "internal example id": "EX-SECRET-01",
}


def _outline_titles(items: list[object]) -> Iterator[str]:
    for item in items:
        if isinstance(item, list):
            yield from _outline_titles(item)
        else:
            yield str(getattr(item, "title", ""))


def readable_text(file: Path) -> str:
    """Everything a reader could get out of an output file, upper-cased."""
    data = file.read_bytes()
    if file.suffix == ".gz":
        data = gzip.decompress(data)
    if file.suffix == ".pdf":
        reader = PdfReader(file)
        parts = page_texts(data)
        parts += list(_outline_titles(reader.outline))
        parts += [str(v) for v in (reader.metadata or {}).values()]
        return "\n".join(parts).upper()
    return data.decode("utf-8", "replace").upper()


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of the fixture, after a closed cycle and a reworded internal clause."""
    tmp = tmp_path_factory.mktemp("editions")
    source = tmp / "src"
    shutil.copytree(FIXTURE, source)
    closed = handbook(
        "cycle", "close", "2026-H1", "--date", "2026-06-30",
        "--approved-by", "Executive Committee", "--source", source,
    )  # fmt: skip
    assert closed.code == 0, closed.err
    chapter = source / "chapters" / "03-secret.yml"
    chapter.write_text(chapter.read_text().replace("then SABLEHORN", "then the deputy"))
    sites = {}
    for edition in ("public", "internal"):
        out = tmp / edition
        run = handbook("build", "--source", source, "--edition", edition, "--out", out)
        assert run.code == 0, run.err
        sites[edition] = out
    return sites


def test_public_build_holds_no_internal_marker(builds: dict[str, Path]) -> None:
    files = [f for f in sorted(builds["public"].rglob("*")) if f.is_file()]
    kinds = {f.name for f in files}
    assert {"search_index.json", "sitemap.xml", "sitemap.xml.gz", "handbook.pdf"} <= kinds
    texts = {f: readable_text(f) for f in files}  # each file read once, for every marker
    found = [
        f"{f.relative_to(builds['public'])}: {field}"
        for f, text in texts.items()
        for field, marker in MARKERS.items()
        if marker in text
    ]
    assert found == []


def test_internal_build_holds_every_marker(builds: dict[str, Path]) -> None:
    site = builds["internal"]
    everything = " ".join(readable_text(f) for f in site.rglob("*") if f.is_file())
    missing = [field for field, marker in MARKERS.items() if marker not in everything]
    assert missing == []
    pdf = readable_text(site / "handbook.pdf")
    for field in ("clause title", "clause text", "example scenario", "glossary definition"):
        assert MARKERS[field] in pdf, field


def test_edition_banner_on_every_page(builds: dict[str, Path]) -> None:
    titles = yaml.safe_load((FIXTURE / "handbook.yml").read_text())["editions"]
    for edition, site in builds.items():
        for file in site.rglob("*.html"):
            banner = page(file.parent, file.name).select_one(".edition-banner")
            assert banner is not None, file
            assert titles[edition]["title"] in banner.get_text()


def _plant_leak(tmp_path: Path, text: str) -> Path:
    return project_with_page(tmp_path, "notes.md", f"# Notes\n\n{text}\n")


def test_planted_leak_fails_the_public_build(tmp_path: Path) -> None:
    project = _plant_leak(tmp_path, "Remember: the Lanternfish line is the OPALDRIFT number.")
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("previous build")
    (out / MARKER).write_text("an earlier build")
    run = handbook(
        "build", "--config", project / "mkdocs.yml", "--source", FIXTURE, "--out", out, "--no-pdf"
    )
    assert run.code == 1
    assert "leak check failed for the public edition" in run.err
    assert "notes/index.html: error: holds text of 'term 'Lanternfish line''" in run.err
    assert "search/search_index.json: error:" in run.err
    assert "Traceback" not in run.err
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "keep.txt"]


def test_same_page_builds_in_the_internal_edition(tmp_path: Path) -> None:
    project = _plant_leak(tmp_path, "Remember: the Lanternfish line is the OPALDRIFT number.")
    run = handbook(
        "build", "--config", project / "mkdocs.yml", "--source", FIXTURE,
        "--edition", "internal", "--out", tmp_path / "site", "--no-pdf",
    )  # fmt: skip
    assert run.code == 0, run.err


def _applies(clause: dict, audience: str) -> bool:
    return not clause.get("applies_to") or audience in clause["applies_to"]


def test_audience_pages_hold_exactly_their_clauses(public_site: Path) -> None:
    approved = published(SHIPPED)  # what the published site shows
    meta = approved["handbook"]
    clauses = [
        c
        for chapter in approved["chapters"]
        for c in chapter["clauses"]
        if c.get("visibility", "public") == "public"
    ]
    sizes = set()
    for audience in meta["audiences"]:
        soup = page(public_site, f"audiences/{audience}/index.html")
        listed = [str(h["id"]) for h in soup.select("article h3.role-clause")]
        expected = [c["id"] for c in clauses if _applies(c, audience)]
        assert listed == expected, audience
        sizes.add(len(listed))
    assert len(sizes) > 1, "every audience sees the same clauses"


def test_unknown_audience_or_edition_is_a_usage_error(tmp_path: Path) -> None:
    run = handbook("pdf", "--audience", "interns", "--out", tmp_path / "x.pdf")
    assert run.code == 2
    assert "unknown audience 'interns'" in run.err
    assert not (tmp_path / "x.pdf").exists()


def test_audience_pdf_holds_exactly_their_clauses(tmp_path: Path) -> None:
    clauses = [
        c
        for f in sorted((MINI / "chapters").glob("*.yml"))
        for c in yaml.safe_load(f.read_text())["clauses"]
        if c.get("visibility", "public") == "public"
    ]
    out = tmp_path / "board.pdf"
    run = handbook("pdf", "--source", MINI, "--audience", "board", "--out", out)
    assert run.code == 0, run.err
    reader = PdfReader(out)
    assert "For Board members" in reader.pages[0].extract_text()
    titles = {" ".join(t.split()[1:]) for t in _outline_titles(reader.outline)}
    in_pdf = [c["id"] for c in clauses if c["title"] in titles]
    expected = [c["id"] for c in clauses if _applies(c, "board")]
    assert in_pdf == expected
    assert 0 < len(expected) < len(clauses)
