"""The print handbook per language: handbook-<code>.pdf beside handbook.pdf.

One build of the small handbook with a German translation written here (a fresh clause with
long compounds, a stale one, an internal one with a unique marker, a chapter not translated)
and the shipped German and French words (``labels:`` of translations/*/language.yml), laid
out once per session; its PDFs are read back with PDFium and pypdf. The shipped (complete)
German translation is checked on its print HTML, without a layout.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import unicodedata
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pyphen
import pytest
import weasyprint
import yaml
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from build_tools.publish import leakcheck, output_text
from build_tools.publish.pipeline import check_all, load_edition, print_html
from build_tools.source import translation as tr
from build_tools.source.errors import HandbookError
from tests.conftest import EPOCH, MINI, SHIPPED, close_cycle, handbook, shared
from tests.pdf_text import page_texts
from tests.site_html import page

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

DATED = {"SOURCE_DATE_EPOCH": str(EPOCH)}
MARKER = "ZEBRAVERTRAULICHKEITSSTUFE"  # in the German text of the internal clause only
COMPOUND = "Kapitalmarktkommunikationsverantwortlichen"
FONTS = Path("/usr/share/fonts/truetype/liberation2")


def _write_translation(src: Path) -> None:
    """translations/de/ for the small handbook, fingerprints from its English text; and fr/
    with the shipped French words only (everything shows in English, marked)."""
    working = check_all(src).handbook
    assert working is not None
    clauses = {clause.id: clause for _, clause in working.clauses()}
    basics = next(chapter for chapter in working.chapters if chapter.id == "basics")
    chapter = {
        "chapter": "basics",
        "source": tr.of_chapter(basics),
        "title": "Grundlagen",
        "intro": "Die grundlegenden Regeln.",
        "clauses": {
            "MINI-BASIC-01": {
                "source": tr.of_clause(clauses["MINI-BASIC-01"]),
                "title": "Geben Sie Ihre Funktion an",
                "text": (
                    "Sie müssen sagen, dass Sie für Example Ltd arbeiten, wenn Sie über deren "
                    f"Arbeit schreiben. Das gilt für alle {COMPOUND}, "
                    f"Unternehmenskommunikationsbeauftragten und {COMPOUND} in "
                    "Aufsichtsratssitzungsvorbereitungsgruppen, für jede "
                    "Öffentlichkeitsarbeitsverantwortliche und jeden „Sprecher“ gleichermaßen."
                ),
                "rationale": "Leserinnen und Leser sollen wissen, wer spricht.",
            },
            "MINI-BASIC-02": {  # translated from an older English text: stale
                "source": tr.fingerprint("Use a personal account", "An older rule.", None),
                "title": "Nutzen Sie ein privates Konto",
                "text": "Veraltete Übersetzung einer älteren Regel.",
            },
            "MINI-BASIC-03": {
                "source": tr.of_clause(clauses["MINI-BASIC-03"]),
                "title": "Eskalationskontakte intern",
                "text": f"Rufen Sie den Bereitschaftsdienst unter Durchwahl 4410 an, {MARKER}.",
            },
        },
    }
    folder = src / "translations" / "de"
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "01-basics.yml").write_text(
        yaml.safe_dump(chapter, allow_unicode=True, width=1000), "utf-8"
    )
    (src / "translations" / "fr").mkdir()
    for code in ("de", "fr"):  # the shipped words of the book (the rest is the big handbook's)
        shipped = yaml.safe_load((SHIPPED / "translations" / code / "language.yml").read_text())
        words = {"name": shipped["name"], "labels": shipped["labels"]}
        text = yaml.safe_dump(words, allow_unicode=True)
        (src / "translations" / code / "language.yml").write_text(text, "utf-8")


def _make(folder: Path) -> None:
    shutil.copytree(MINI, folder / "src")
    _write_translation(folder / "src")
    close_cycle(folder, "2026-H1", "2026-06-30")  # an approved book: signature lines
    run = handbook(
        "build", "--source", folder / "src", "--no-archive", "--no-role-pdfs",
        "--out", folder / "site", env={**DATED, "HANDBOOK_LANGUAGES": "true"},
    )  # fmt: skip
    assert run.code == 0, run.err


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder with ``src`` (the translated small handbook) and ``site`` (its build)."""
    return shared(tmp_path_factory, "language-pdf", _make)


@pytest.fixture(scope="module")
def german(built: Path) -> list[str]:
    return page_texts((built / "site" / "handbook-de.pdf").read_bytes())


def _flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", "\n".join(pages).replace("\u2010\n", "").replace("\xa0", " "))


def test_build_writes_a_pdf_per_language_beside_the_english_one(built: Path) -> None:
    site = built / "site"
    assert sorted(p.name for p in site.glob("handbook*.pdf")) == [
        "handbook-de.pdf",
        "handbook-fr.pdf",
        "handbook.pdf",
    ]
    for name, lang in (
        ("handbook.pdf", "en-GB"),
        ("handbook-de.pdf", "de"),
        ("handbook-fr.pdf", "fr"),
    ):
        reader = PdfReader(site / name)
        assert reader.trailer["/Root"]["/Lang"] == lang


def test_each_site_links_the_print_handbook_in_its_language(built: Path) -> None:
    """The English home page offers the book in every other language; each translated site's
    home page offers its own language's book, beside the English site's."""
    site = built / "site"
    english = {
        str(a.get("href")): a.get_text(strip=True)
        for a in page(site, "index.html").select("a[download]")
    }
    assert english["handbook-de.pdf"] == "Deutsch"
    assert english["handbook-fr.pdf"] == "Français"
    for code in ("de", "fr"):
        links = [str(a.get("href")) for a in page(site / code, "index.html").select("a[download]")]
        assert links == [f"../handbook-{code}.pdf"], code
        assert (site / code / links[0]).resolve() == (site / f"handbook-{code}.pdf").resolve()


def test_the_cli_writes_the_same_german_pdf(built: Path, tmp_path: Path) -> None:
    """A layout of its own (another book of the layout cache): the same bytes as the site's."""
    shutil.copytree(built / "src", tmp_path / "src")
    run = handbook("pdf", "--source", "src", "--language", "de", cwd=tmp_path, env=DATED)
    assert run.code == 0, run.err
    assert "(layout reused from the cache)" not in run.out
    written = (tmp_path / "handbook-de.pdf").read_bytes()
    assert written == (built / "site" / "handbook-de.pdf").read_bytes()
    unknown = handbook("pdf", "--source", "src", "--language", "xx", cwd=tmp_path)
    assert unknown.code != 0
    assert "no translation 'xx'" in unknown.err
    assert "Traceback" not in unknown.err


def test_the_german_book_is_in_german(german: list[str]) -> None:
    text = _flat(german).casefold()  # some labels are set in capitals
    for words in (
        "Dokumentenlenkung",
        "Inhalt",
        "Über dieses Handbuch",
        "Kapitel 1",
        "1. Grundlagen",
        "Geben Sie Ihre Funktion an",
        "Muss MINI-BASIC-01 Gilt für: Alle",
        "Warum diese Regel",
        "Stichwortverzeichnis",
        f"Seite 3 von {len(german)}",
        "Überprüfungszyklus 2026-H1, genehmigt durch Board am 30. Juni 2026",
    ):
        assert words.casefold() in text, words
    for english in ("Document control", "Why this rule", "Applies to", "Page 3 of"):
        assert english.casefold() not in text, english


def test_the_acknowledgement_page_is_translated_and_names_the_binding_text(
    german: list[str],
) -> None:
    page = _flat([german[-1]]).casefold()
    assert "Empfangsbestätigung".casefold() in page
    assert "Ich bestätige, dass ich den Mini Handbook von Example Ltd erhalten".casefold() in page
    assert "Verbindlich ist allein die englische Fassung".casefold() in page
    assert "Unterschrift und Datum".casefold() in page
    assert "Dokumentenkennung".casefold() in page
    assert "acknowledgement" not in page and "signature" not in page


def test_items_in_english_are_marked_and_carry_lang_en(built: Path, german: list[str]) -> None:
    text = _flat(german)
    # Stale: the English text, with the notice in German.
    assert "Übersetzung veraltet: Es gilt der englische Text." in text
    assert "Use a personal account" in text and "Veraltete Übersetzung" not in text
    # Not translated at all: the second chapter.
    assert "Noch nicht übersetzt: Es gilt der englische Text." in text
    assert "Share results late" in text
    loaded = load_edition(built / "src", "public", language="de")
    soup = BeautifulSoup(print_html(loaded), "html.parser")
    assert soup.html is not None and soup.html["lang"] == "de"
    stale, fresh = soup.find(id="MINI-BASIC-02"), soup.find(id="MINI-BASIC-01")
    assert stale is not None and fresh is not None
    assert stale["lang"] == "en" and not fresh.has_attr("lang")
    notice = stale.find(class_="translation-notice")
    assert notice is not None and notice["lang"] == "de"
    meta = stale.find(class_="clause-meta")
    assert meta is not None and meta["lang"] == "de"  # the book's own words stay German
    chapter = soup.find(id="chapter-more")
    assert chapter is not None and chapter.find("h1")["lang"] == "en"  # type: ignore[index]


def test_german_words_are_hyphenated_with_the_german_dictionary(german: list[str]) -> None:
    """WeasyPrint breaks words at line ends (U+2010 then a new line) where pyphen's German
    dictionary allows; the long compounds of the German clause are broken that way."""
    dictionary = pyphen.Pyphen(lang="de_DE")
    broken = re.findall(r"(\w+)\u2010\n(\w+)", "\n".join(german))
    german_breaks = [
        (head, tail)
        for head, tail in broken
        if (head + tail) in (COMPOUND, "Unternehmenskommunikationsbeauftragten")
        or "sitzungs" in head + tail
    ]
    assert german_breaks, broken
    for head, tail in german_breaks:
        assert len(head) in dictionary.positions(head + tail), (head, tail)


def test_weasyprint_hyphenates_german_and_french_in_a_narrow_column() -> None:
    def breaks(lang: str, word: str) -> list[str]:
        html = (
            f'<html lang="{lang}"><body><p style="width: 25mm; hyphens: auto; '
            f'font: 11pt Liberation Serif">{word}</p></body></html>'
        )
        data = weasyprint.HTML(string=html).write_pdf()
        return re.findall(r"\u2010\n", page_texts(data)[0])

    assert breaks("de", COMPOUND)
    assert breaks("fr", "anticonstitutionnellement")
    assert not breaks("zz", COMPOUND)  # no dictionary: no hyphenation


def _fonts_by_char(data: bytes) -> dict[str, set[str]]:
    """Each character drawn on the pages → the names of the fonts it is drawn with."""
    found: dict[str, set[str]] = {}
    document = pypdfium2.PdfDocument(data)
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    try:
        for page in document:
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
                if char.isspace() and char not in "\xa0\u202f":
                    continue
                size = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, 256, flags)
                name = buffer.raw[: max(size - 1, 0)].decode("latin-1")
                found.setdefault(char, set()).add(name.split("+")[-1])
            textpage.close()
            page.close()
    finally:
        document.close()
    return found


def _font_file(name: str) -> Path:
    """``Liberation-Sans-Bold-Italic`` (as WeasyPrint names it) → LiberationSans-BoldItalic.ttf."""
    family, kind, *style = name.split("-")
    return FONTS / f"{family}{kind}-{''.join(style) or 'Regular'}.ttf"


@pytest.mark.parametrize("code", ["de", "fr"])
def test_every_character_is_drawn_with_a_shipped_font_that_has_it(built: Path, code: str) -> None:
    data = (built / "site" / f"handbook-{code}.pdf").read_bytes()
    fonts = _fonts_by_char(data)
    cmaps: dict[str, set[int]] = {}
    for char, names in sorted(fonts.items()):
        for name in names:
            assert name.startswith("Liberation"), (char, name)  # no fallback font
            if name not in cmaps:
                cmaps[name] = set(TTFont(_font_file(name)).getBestCmap())
            assert ord(char) in cmaps[name], (unicodedata.name(char, hex(ord(char))), name)
    # The language's own letters and marks are among them.
    assert set({"de": "äöüÜß„“", "fr": "éèçÀ«»\u2019\u202f"}[code]) <= set(fonts)


def test_french_typography_in_the_generated_words(built: Path) -> None:
    text = "\n".join(page_texts((built / "site" / "handbook-fr.pdf").read_bytes()))
    assert "Voir aussi\u202f:" in text
    assert "«\u202fMini Handbook\u202f»" in text  # the title on the acknowledgement page
    assert "le 30 juin 2026" in text


def test_an_internal_clause_s_translation_never_reaches_the_public_pdf(built: Path) -> None:
    for name in ("handbook-de.pdf", "handbook-fr.pdf", "handbook.pdf"):
        text = "\n".join(page_texts((built / "site" / name).read_bytes()))
        assert MARKER not in text.replace("\u2010\n", "")
        assert "MINI-BASIC-03" not in text
    # The check knows the German words of the excluded clause, which the English ones miss:
    # a PDF holding them is refused.
    loaded = load_edition(built / "src", "public", language="de")
    markers = leakcheck.markers(loaded.full, "public")
    english = leakcheck.markers(load_edition(built / "src", "public").full, "public")
    leaky = weasyprint.HTML(
        string=f"<p>Durchwahl 4410 an, {MARKER}.</p><p>Eskalationskontakte intern</p>"
    ).write_pdf()
    assert leakcheck.pdf_leaks("x.pdf", leaky, english) == []
    with pytest.raises(HandbookError, match="MINI-BASIC-03"):
        leakcheck.refuse_pdf_leaks("handbook-de.pdf", leaky, markers, "public")
    clean = (built / "site" / "handbook-de.pdf").read_bytes()
    assert leakcheck.pdf_leaks("handbook-de.pdf", clean, markers) == []


def test_no_language_pdfs(built: Path, tmp_path: Path) -> None:
    run = handbook(
        "build", "--source", built / "src", "--no-archive", "--no-role-pdfs",
        "--no-language-pdfs", "--out", tmp_path / "site", env=DATED,
    )  # fmt: skip
    assert run.code == 0, run.err
    assert [p.name for p in (tmp_path / "site").glob("handbook*.pdf")] == ["handbook.pdf"]


def test_the_shipped_german_book_prints_only_the_changelog_in_english() -> None:
    """The shipped German translation is complete: no notice, nothing in English but the
    changelog (policy terms); the internal edition's German words are leak markers, and
    none of them is in the public German book. Print HTML only: no layout."""
    loaded = load_edition(SHIPPED, "public", language="de")
    html = print_html(loaded)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "de"
    assert soup.select(".translation-notice") == []
    assert [el.get("class") for el in soup.select('[lang="en"]')] == [["changes"]]
    markers = leakcheck.markers(loaded.full, "public")
    internal = {
        clause.id: clause for _, clause in loaded.full.clauses() if clause.visibility == "internal"
    }
    assert internal and set(internal) <= set(markers.values())
    german = [m for m, item in markers.items() if item in internal and m in _words(internal[item])]
    assert german  # the markers are the German words of the internal clauses
    text = re.sub(r"\s+", " ", output_text.text_and_attributes(html)).casefold()
    assert [m for m in markers if m in text] == []


def _words(clause: object) -> str:
    fields = (getattr(clause, "title", ""), getattr(clause, "text", ""))
    return re.sub(r"\s+", " ", " ".join(fields)).casefold()
