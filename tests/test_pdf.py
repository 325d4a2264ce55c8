"""The print handbook: real WeasyPrint layouts read back with pypdf.

The shipped handbook is laid out once per session per edition; smaller checks use the mini
fixture handbook. Page numbers are compared with where things really landed (named
destinations, which WeasyPrint writes for every ``id``), never with a second guess.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import tinycss2
import weasyprint
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import Destination

from build_tools.printbook.book import cached_handbook_pdf, handbook_pdf
from build_tools.printbook.html import PrintBook, date_from_epoch, render_print_html
from build_tools.printbook.pdf import UnknownOption, check_options, known_options, write_pdf
from build_tools.publish.pipeline import load_edition, load_handbook
from build_tools.publish.plugin import HandbookPlugin
from build_tools.review.version import DRAFT
from build_tools.source.model import Handbook
from build_tools.util.dates import add_months
from tests.conftest import ARTEFACTS as TEST_ARTEFACTS
from tests.conftest import EPOCH, MINI, ROOT, SHIPPED, handbook
from tests.pdf_text import page_texts

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

ARTEFACTS = TEST_ARTEFACTS / "pdf"
TEMPLATES = ROOT / "build_tools" / "templates"


@dataclass
class Book:
    """A laid-out handbook and what pypdf reads back from it."""

    handbook: Handbook
    data: bytes
    reader: PdfReader
    pages: list[str]  # text of each page, line breaks and auto-hyphenation undone
    dests: dict[str, int]  # element id → page number (from 1)
    lines: list[list[str]]  # text of each page, line by line as extracted

    def page_of(self, item_id: str) -> int:
        return self.dests[item_id]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def _flat(text: str) -> str:
    text = text.replace("\u2010\n", "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def read_book(hb: Handbook, data: bytes) -> Book:
    reader = PdfReader(io.BytesIO(data))
    dests = {
        name: reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }
    raw = page_texts(data)
    return Book(hb, data, reader, [_flat(t) for t in raw], dests, [t.splitlines() for t in raw])


def site_book(site: Path, edition: str) -> Book:
    """The shipped handbook's PDF as its site build made it (the same print HTML and layout as
    `handbook pdf`, with the current cycle's changelog), laid out once per test session."""
    return read_book(load_edition(SHIPPED, edition).handbook, (site / "handbook.pdf").read_bytes())


@pytest.fixture(scope="session")
def public_book(public_site: Path) -> Book:
    return site_book(public_site, "public")


@pytest.fixture(scope="session")
def mini_pdf() -> bytes:
    return handbook_pdf(render_print_html(load_handbook(MINI, "public")))


# --- the whole book is there -------------------------------------------------------------


def test_every_clause_and_example_is_in_the_pdf(public_book: Book) -> None:
    hb = public_book.handbook
    ids = [clause.id for _, clause in hb.clauses()] + [ex.id for ex in hb.examples]
    missing = [item for item in ids if item not in public_book.text]
    assert missing == []
    assert len(ids) > 50


def test_the_book_runs_to_the_acknowledgement_page(public_book: Book) -> None:
    last = public_book.pages[-1]
    assert last.startswith("Acknowledgement of receipt")
    assert "Staff edition" in last
    assert _expected_version()[0] in last
    for line in ("NAME", "EMPLOYEE ID", "ROLE", "SIGNATURE AND DATE", "COUNTERSIGNED BY"):
        assert line in last
    # the document reference ties the signed page to this text: edition, every audience,
    # the cycle in force and a short fingerprint
    cycle = yaml.safe_load((SHIPPED / "cycles.yml").read_text(encoding="utf-8"))[-1]["id"]
    found = re.search(
        r"Document reference (PUBLIC/ALL/(\S+)/[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})", last
    )
    assert found is not None and found.group(2) == cycle, last


def _spelt(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _expected_version() -> tuple[str, str, str]:
    """The version line, the date it takes effect and the next review date, worked out here
    from the source files themselves (not by the code under test): the last closed cycle,
    plus review_every months."""
    last = yaml.safe_load((SHIPPED / "cycles.yml").read_text(encoding="utf-8"))[-1]
    meta = yaml.safe_load((SHIPPED / "handbook.yml").read_text(encoding="utf-8"))
    closed, every = last["closed"], meta.get("review_every", 12)
    index = closed.month - 1 + every
    year, month = closed.year + index // 12, index % 12 + 1
    due = dt.date(year, month, min(closed.day, calendar.monthrange(year, month)[1]))
    version = f"Review cycle {last['id']}, approved by {last['approved_by']} on {_spelt(closed)}"
    effective = _spelt(last.get("effective", closed))
    return version, effective, f"Next review due {_spelt(due)} (every {every} months)"


def test_cover_and_document_control(public_book: Book) -> None:
    cover, control = public_book.pages[0], public_book.pages[1]
    version, effective, next_review = _expected_version()
    approver = yaml.safe_load((SHIPPED / "handbook.yml").read_text(encoding="utf-8"))["approver"]
    for text in (
        "Harbourline Group plc",
        "Social Media Code of Conduct for Senior Leadership",
        "Staff edition",
        version,
        effective,
    ):
        assert text in cover
    assert "Page 1 of" not in cover  # no running footer on the cover
    assert "Owner Director of Corporate Communications" in control
    assert f"Approver {approver}" in control
    assert next_review in control
    assert "Live version https://handbook.harbourline.example/social-media/" in control
    assert f"Page 2 of {len(public_book.pages)}" in control


def test_chapters_start_on_right_hand_pages(public_book: Book) -> None:
    for chapter in public_book.handbook.chapters:
        assert public_book.page_of(f"chapter-{chapter.id}") % 2 == 1, chapter.id


# --- page numbers computed by WeasyPrint match where things landed ------------------------

_TOC_ENTRY = re.compile(r"^(\d+(?:\.\d+)?)\s+(.+?)\s*(?:\.\s*){3,}(\d+)$")  # spaced leader dots


def _toc(book: Book) -> dict[str, int]:
    """Chapter/clause number → page number printed in the table of contents."""
    toc_pages = range(book.page_of("contents"), book.page_of("about"))
    entries: dict[str, int] = {}
    for page in toc_pages:
        for line in book.lines[page - 1]:
            match = _TOC_ENTRY.match(line.strip())
            if match:
                entries[match.group(1)] = int(match.group(3))
    return entries


def test_toc_page_numbers_are_the_pages_of_the_headings(public_book: Book) -> None:
    toc = _toc(public_book)
    hb = public_book.handbook
    for number, chapter in enumerate(hb.chapters, start=1):
        page = public_book.page_of(f"chapter-{chapter.id}")
        assert toc[str(number)] == page, chapter.title
        assert f"{number}. {chapter.title}" in public_book.pages[page - 1]
    for _, clause in hb.clauses():
        number = hb.clause_numbers[clause.id]
        page = public_book.page_of(clause.id)
        assert toc[number] == page, clause.id
        assert f"{number} {clause.title}" in public_book.pages[page - 1]
        assert clause.id in public_book.pages[page - 1]


def test_cross_references_print_the_target_page(public_book: Book) -> None:
    hb = public_book.handbook
    body = public_book.pages[public_book.page_of("about") :]  # after the contents
    checked = 0
    for item_id, label in [
        *((cl.id, f"{hb.clause_numbers[cl.id]} {cl.title}") for _, cl in hb.clauses()),
        *((ex.id, ex.title) for ex in hb.examples),
    ]:
        pattern = re.compile(re.escape(label) + r" \(p\. (\d+)\)")
        for text in body:
            for match in pattern.finditer(text):
                assert int(match.group(1)) == public_book.page_of(item_id), label
                checked += 1
    see_also = sum(len(cl.see_also) for _, cl in hb.clauses())
    assert checked >= see_also > 20


def test_links_point_at_existing_destinations(public_book: Book) -> None:
    targets = []
    for page in public_book.reader.pages:
        for annot in page.get("/Annots") or []:
            link = annot.get_object()
            if link.get("/Subtype") == "/Link" and "/Dest" in link:
                targets.append(str(link["/Dest"]))
    assert len(targets) > 100
    assert set(targets) <= set(public_book.dests)


def test_index_lists_tags_and_terms_with_pages(public_book: Book) -> None:
    index = " ".join(public_book.pages[public_book.page_of("index") - 1 :])
    hb = public_book.handbook
    clause = next(cl for _, cl in hb.clauses() if cl.tags)
    number = hb.clause_numbers[clause.id]
    words = clause.tags[0].replace("-", " ")  # the approved snapshot has no labels yet
    label = hb.meta.tags.get(clause.tags[0]) or words[0].upper() + words[1:]
    assert re.search(rf"{re.escape(label)} .*?{re.escape(number)} p\. (\d+)", index)
    for match in re.finditer(r"(?<![\d.])(\d+\.\d+) p\. (\d+)", index):
        item = next(i for i, n in hb.clause_numbers.items() if n == match.group(1))
        assert int(match.group(2)) == public_book.page_of(item)
    for term in hb.glossary:
        assert term.term in index


# --- PDF structure, metadata, accessibility ------------------------------------------------


def _outline_titles(entries: list[object]) -> list[str]:
    titles: list[str] = []
    for entry in entries:
        if isinstance(entry, list):
            titles += _outline_titles(entry)
        elif isinstance(entry, Destination):
            titles.append(str(entry.title))
    return titles


def test_outline_holds_every_chapter_and_clause(public_book: Book) -> None:
    titles = _outline_titles(public_book.reader.outline)
    hb = public_book.handbook
    for number, chapter in enumerate(hb.chapters, start=1):
        assert f"{number}. {chapter.title}" in titles
    for _, clause in hb.clauses():
        assert f"{hb.clause_numbers[clause.id]} {clause.title}" in titles
    for heading in ("Document control", "Contents", "Worked examples", "Glossary"):
        assert heading in titles
    assert "Appendix: changes in this review cycle" in titles  # the shipped sources have cycles


def test_metadata_language_and_tags(public_book: Book) -> None:
    reader = public_book.reader
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Social Media Code of Conduct for Senior Leadership"
    assert meta.author == "Harbourline Group plc"
    assert meta.subject == f"Staff edition. {PrintBook(public_book.handbook).version}"
    # The session's build is dated by SOURCE_DATE_EPOCH, as a published build is; without it,
    # the effective date (test_dates_come_from_the_sources_or_source_date_epoch); never the
    # time of the build.
    day = dt.datetime.fromtimestamp(EPOCH, dt.UTC)
    assert meta["/CreationDate"] == day.strftime("D:%Y%m%d")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert b"pdfuaid:part" in xmp.stream.get_data()


def test_paper_is_a4(public_book: Book) -> None:
    box = public_book.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# --- editions --------------------------------------------------------------------------------


def test_internal_items_only_in_the_internal_edition() -> None:
    """The edition filter is the same for every book: shown on the small one's two editions
    (the shipped internal site's pages are checked in tests/test_site.py)."""
    books = {
        edition: read_book(hb, handbook_pdf(render_print_html(hb)))
        for edition in ("public", "internal")
        for hb in [load_handbook(MINI, edition)]
    }

    def ids(hb: Handbook) -> set[str]:
        return {cl.id for _, cl in hb.clauses()} | {ex.id for ex in hb.examples}

    internal_only = ids(books["internal"].handbook) - ids(books["public"].handbook)
    assert internal_only
    for item in sorted(internal_only):
        assert item in books["internal"].text
        assert item not in books["public"].text
    assert "Internal edition" in books["internal"].pages[0]
    assert "Staff edition" in books["public"].pages[0]


# --- reproducible and safe output ----------------------------------------------------------


def test_two_renders_are_byte_identical(mini_pdf: bytes) -> None:
    again = handbook_pdf(render_print_html(load_handbook(MINI, "public")))
    assert again == mini_pdf


def test_dates_come_from_the_sources_or_source_date_epoch() -> None:
    hb = load_handbook(MINI, "public")
    html = render_print_html(hb)
    head = BeautifulSoup(html, "html.parser").head
    assert head is not None
    created = head.find("meta", attrs={"name": "dcterms.created"})
    assert created is not None and created["content"] == "2026-01-01"
    epoch = date_from_epoch("1767225600")  # 2026-01-01T00:00:00Z
    assert epoch is not None and epoch.isoformat() == "2026-01-01"
    assert date_from_epoch(None) is None
    assert date_from_epoch("soon") is None
    # A handbook without an effective date or cycle gets no date at all, never the build time.
    undated = dataclasses.replace(hb, meta=hb.meta.model_copy(update={"effective": None}))
    head = BeautifulSoup(render_print_html(undated), "html.parser").head
    assert head is not None and head.find("meta", attrs={"name": "dcterms.created"}) is None


def test_misspelt_write_pdf_option_is_refused() -> None:
    html = "<html lang='en'><title>t</title><p>x</p></html>"
    with pytest.raises(UnknownOption, match=r"unknown WeasyPrint option\(s\): pdf_varient"):
        write_pdf(html, pdf_varient="pdf/ua-1")
    check_options(dict.fromkeys(known_options()))  # every real option passes
    # The trap this guards against: WeasyPrint itself takes the typo and makes an untagged PDF.
    silent = weasyprint.HTML(string=html).write_pdf(pdf_varient="pdf/ua-1")
    assert "/MarkInfo" not in PdfReader(io.BytesIO(silent)).trailer["/Root"]


_FLEX_TRAP = """<html lang="en"><title>t</title><style>
a {{ display: {display} }} a::after {{ content: " page " target-counter(attr(href), page) }}
h1 {{ break-before: page }}</style>
<p><a href="#target">Target</a></p><h1>Two</h1><h1 id="target">Three</h1></html>"""


@pytest.mark.parametrize(("display", "printed"), [("inline", 3), ("block", 3), ("flex", 0)])
def test_target_counter_inside_flex_prints_zero(display: str, printed: int) -> None:
    data = write_pdf(_FLEX_TRAP.format(display=display))
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert re.search(r"page\s*(\d+)", first).group(1) == str(printed)  # type: ignore[union-attr]


def test_print_stylesheet_uses_no_flex_layout() -> None:
    css = (TEMPLATES / "print.css").read_text(encoding="utf-8")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    displays = []
    for rule in rules:
        if rule.type == "qualified-rule":
            for decl in tinycss2.parse_declaration_list(rule.content, skip_whitespace=True):
                if decl.type == "declaration" and decl.lower_name == "display":
                    displays.append(tinycss2.serialize(decl.value).strip())
    assert displays
    assert not [d for d in displays if "flex" in d or "grid" in d]


def test_layout_cache_skips_unchanged_html(
    tmp_path: Path, mini_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    html = render_print_html(load_handbook(MINI, "public"))
    data, laid_out = cached_handbook_pdf(html, "mini")
    assert laid_out and data == mini_pdf
    data, laid_out = cached_handbook_pdf(html, "mini")
    assert not laid_out and data == mini_pdf
    letter = render_print_html(load_handbook(MINI, "public"), paper="letter")
    data, laid_out = cached_handbook_pdf(letter, "mini")
    assert laid_out and data != mini_pdf
    assert not (ROOT / ".cache").exists() or not any((ROOT / ".cache").rglob("*.entry"))


def test_a_damaged_cache_is_laid_out_again(
    tmp_path: Path, mini_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every entry of the cache (the whole PDF, the parts and their layouts) is damaged; the
    next build notices each one, lays it out again and gives the same PDF. (Each kind of
    damage is shown on the store itself in tests/test_cache.py.)"""
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    html = render_print_html(load_handbook(MINI, "public"))
    cached_handbook_pdf(html, "mini")
    entries = sorted((tmp_path / "cache").rglob("*.entry"))
    assert len(entries) >= 3
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    data, laid_out = cached_handbook_pdf(html, "mini")
    assert laid_out and data == mini_pdf
    again, laid_out = cached_handbook_pdf(html, "mini")
    assert not laid_out and again == mini_pdf


def test_changelog_appendix_only_when_changes_are_given() -> None:
    hb = load_handbook(MINI, "public")

    class Change:
        def explain(self) -> str:
            return "MINI-BASIC-01 Disclose your role: text changed"

    def headings(html: str) -> list[str]:
        return [h.get_text() for h in BeautifulSoup(html, "html.parser").find_all("h1")]

    assert not [h for h in headings(render_print_html(hb)) if "Appendix" in h]
    with_changes = render_print_html(hb, changes=[Change()])
    assert "Appendix: changes in this review cycle" in headings(with_changes)
    assert "MINI-BASIC-01 Disclose your role: text changed" in with_changes


def test_next_review_date_arithmetic() -> None:
    import datetime as dt

    assert add_months(dt.date(2026, 7, 1), 12) == dt.date(2027, 7, 1)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


# --- the command line and the site ---------------------------------------------------------


def test_handbook_pdf_command(tmp_path: Path, mini_pdf: bytes) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    out = tmp_path / "mini.pdf"
    run = handbook("pdf", "--source", MINI, "--out", out, env=env)
    assert run.code == 0, run.err
    assert out.read_bytes() == mini_pdf
    assert "Wrote" in run.out
    run = handbook("pdf", "--source", MINI, "--out", out, env=env)
    assert run.code == 0 and "layout reused from the cache" in run.out
    assert out.read_bytes() == mini_pdf


def test_handbook_pdf_letter_and_internal(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    run = handbook(
        "pdf", "--source", MINI, "--edition", "internal", "--paper", "letter", "--out", out
    )
    assert run.code == 0, run.err
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "ZEBRAQUILL" in " ".join(page.extract_text() for page in reader.pages)


def test_handbook_pdf_simplex(tmp_path: Path) -> None:
    out = tmp_path / "simplex.pdf"
    run = handbook("pdf", "--source", MINI, "--simplex", "--out", out)
    assert run.code == 0, run.err
    texts = [_flat(text) for text in page_texts(out.read_bytes())]
    assert all(text.strip() for text in texts)
    assert not [text for text in texts if "intentionally left blank" in text]


def test_handbook_pdf_rejects_unknown_edition(tmp_path: Path) -> None:
    run = handbook("pdf", "--source", MINI, "--edition", "nope", "--out", tmp_path / "x.pdf")
    assert run.code == 2
    assert "unknown edition 'nope'" in run.err
    assert not (tmp_path / "x.pdf").exists()


def test_site_links_the_print_handbook(public_site: Path) -> None:
    pdf = public_site / "handbook.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-1.7")
    home = BeautifulSoup((public_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a for a in home.find_all("a") if a.get_text() == "Download the print handbook"]
    assert [a["href"] for a in links] == ["handbook.pdf"]


def test_build_no_pdf_skips_it(tmp_path: Path) -> None:
    out = tmp_path / "site"
    run = handbook("build", "--source", MINI, "--no-pdf", "--out", out)
    assert run.code == 0, run.err
    assert not (out / "handbook.pdf").exists()
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Download the print handbook" not in home.get_text()


def test_mkdocs_serve_skips_the_pdf_by_default() -> None:
    plugin = HandbookPlugin()
    errors, warnings = plugin.load_config({})
    assert errors == [] and warnings == []
    assert plugin.pdf_wanted()
    plugin.on_startup(command="serve", dirty=False)
    assert not plugin.pdf_wanted()
    plugin.load_config({"pdf_on_serve": True})
    assert plugin.pdf_wanted()
    plugin.load_config({"pdf": False})
    plugin.on_startup(command="build", dirty=False)
    assert not plugin.pdf_wanted()


# --- page pictures for a person to look at -------------------------------------------------


def test_page_pictures(public_book: Book, tmp_path: Path) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "handbook.pdf"
    pdf.write_bytes(public_book.data)
    pictures = {
        "page-1-cover": 1,
        "contents": public_book.page_of("contents"),
        "clause-page": public_book.page_of("SM-PRIV-02"),
        "examples": public_book.page_of("examples"),
    }
    for name, page in pictures.items():
        stem = ARTEFACTS / name
        pages = ["-f", str(page), "-l", str(page)]
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", *pages, str(pdf), str(stem)],
            check=True,
            timeout=60,
        )
        picture = stem.with_suffix(".png")
        assert picture.read_bytes().startswith(b"\x89PNG")
        assert picture.stat().st_size > 5_000


def test_version_is_the_latest_review_cycle() -> None:
    shipped = load_handbook(SHIPPED, "public")
    book = PrintBook(shipped)
    latest = max(shipped.cycles, key=lambda c: c.closed)
    assert book.version.startswith(f"Review cycle {latest.id}, approved by")
    assert book.next_review == add_months(latest.closed, shipped.meta.review_every)
    mini = load_handbook(MINI, "public")
    assert not mini.cycles
    assert PrintBook(mini).version.startswith(DRAFT)
    assert PrintBook(mini).next_review == add_months(mini.meta.effective, mini.meta.review_every)  # type: ignore[arg-type]
