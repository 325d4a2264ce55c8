"""The shipped translations, built as readers get them: the German handbook is complete, the
French one partial; every page of each says its language, what is translated carries no
notice, what is not is marked English, and no internal item's translated words reach the
public site in any language. (The mechanics are tested on a small book in test_languages.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.publish.pipeline import check_all
from build_tools.site.translated import NOTICE
from build_tools.source.model import Visibility
from build_tools.source.translation import Translation
from tests.conftest import ROOT, handbook, shared
from tests.site_html import page, pages

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def shipped_languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped public site with every translation (no PDFs), built once per session."""

    def make(folder: Path) -> None:
        run = handbook(
            "build", "--no-pdf", "--no-archive", "--out", folder / "site",
            env={"HANDBOOK_LANGUAGES": "true"},
        )  # fmt: skip
        assert run.code == 0, run.err

    return shared(tmp_path_factory, "shipped-languages", make) / "site"


@pytest.fixture(scope="module")
def translations() -> dict[str, Translation]:
    checked = check_all(ROOT / "policy_src")
    assert checked.problems == []
    return {translation.code: translation for translation in checked.translations}


def _notices(site: Path, url: str) -> list[str]:
    soup = page(site, url)
    return [str(p.get("id") or p.get_text()) for p in soup.select(f".{NOTICE}")]


def test_each_language_site_says_its_language(shipped_languages: Path) -> None:
    counts: dict[str, int] = {}
    for url, soup in pages(shipped_languages):
        code = url.split("/", 1)[0] if url.split("/", 1)[0] in ("de", "fr") else "en"
        assert soup.html is not None and soup.html.get("lang") == code, url
        counts[code] = counts.get(code, 0) + 1
    assert counts["de"] == counts["fr"] == counts["en"] > 25


def test_the_complete_german_handbook_shows_no_english_fallback(shipped_languages: Path) -> None:
    chapters = sorted((shipped_languages / "de" / "chapters").glob("*/index.html"))
    assert len(chapters) == 16
    for file in chapters:
        soup = page(file.parent, file.name)
        assert soup.select(f".{NOTICE}") == [], file
        assert soup.select('.md-content [lang="en"]') == [], file
    home = page(shipped_languages / "de", "index.html")
    assert "Verhaltenskodex" in home.get_text()
    # The header and the window title name the handbook in the site's language too.
    header = home.select_one(".md-header__title")
    assert header is not None and "Verhaltenskodex" in header.get_text()
    assert home.title is not None and "Social Media Code" not in home.title.get_text()


def test_the_partial_french_handbook_marks_what_is_still_english(
    shipped_languages: Path, translations: dict[str, Translation]
) -> None:
    french = translations["fr"]
    done = page(shipped_languages / "fr", "chapters/market-disclosure/index.html")
    assert done.select(f".{NOTICE}") == []
    assert "information privilégiée" in done.get_text()
    # A chapter nobody has translated yet: every clause shown in English, each with a notice.
    assert "branding" not in french.chapters
    left = page(shipped_languages / "fr", "chapters/branding/index.html")
    english_clauses = [h for h in left.select("h2[id]") if h.get("lang") == "en"]
    assert english_clauses, "the untranslated clauses are not marked as English"
    assert len(left.select(f".{NOTICE}")) >= len(english_clauses)


def test_no_internal_translation_reaches_the_public_site(
    shipped_languages: Path, translations: dict[str, Translation]
) -> None:
    source = check_all(ROOT / "policy_src").handbook
    assert source is not None
    internal = [c.id for _, c in source.clauses() if c.visibility is Visibility.INTERNAL]
    internal += [e.id for e in source.examples if e.visibility is Visibility.INTERNAL]
    assert internal
    secrets = {
        text
        for translation in translations.values()
        for item_id in internal
        for text in _words_of(translation, item_id)
    }
    assert len(secrets) >= 6  # the German translates every internal item
    files = [f for f in shipped_languages.rglob("*") if f.is_file() and f.suffix != ".gz"]
    for file in files:
        data = file.read_bytes().decode("utf-8", "replace")
        found = [text for text in secrets if text in data]
        assert found == [], f"{file}: {found[:2]}"


def _words_of(translation: Translation, item_id: str) -> list[str]:
    """The distinctive translated words of an item: its title and the start of its first
    sentence, up to any reference (which the page shows in other words)."""
    item = translation.clauses.get(item_id) or translation.examples.get(item_id)
    if item is None:
        return []
    body = getattr(item, "text", None) or getattr(item, "scenario", "")
    return [item.title, body.split(". ")[0].split("[[")[0][:80]]


def test_the_version_line_is_in_the_site_s_language(shipped_languages: Path) -> None:
    """Which version the text is and when it took effect, in each language's words (the
    same words as its print handbook's)."""
    lines = {
        code: page(
            shipped_languages / code if code else shipped_languages, "index.html"
        ).select_one(".md-content .version")
        for code in ("", "de", "fr")
    }
    assert all(line is not None for line in lines.values())
    english, german, french = (
        " ".join(str(line.get_text(" ", strip=True)).split()) for line in lines.values()
    )  # no-break spaces (German and French dates) read as spaces
    assert "Review cycle 2026-H2" in english and "In force from 1 January 2027" in english
    assert "Überprüfungszyklus 2026-H2" in german and "Gültig ab 1. Januar 2027" in german
    assert "Cycle de révision 2026-H2" in french
    assert "En vigueur depuis le 1er janvier 2027" in french
    assert "Review cycle" not in german + french


def test_the_latest_change_and_the_navigation_are_in_the_site_s_language(
    shipped_languages: Path,
) -> None:
    """The home page's line on the latest version, and the navigation's own titles (the
    changelog, versions and quiz sections, the link to the sources), in the site's words; the
    cycle's summary, which only the English text has, marked as English."""
    said = {
        "": ("What changed in the latest version:", "in force from 1 January 2027:"),
        "de": ("Was sich in der neuesten Fassung geändert hat:", "gültig ab 1. Januar 2027:"),
        "fr": ("Ce qui a changé dans la dernière version :", "à partir du 1er janvier 2027 :"),
    }
    nav = {"": "Changelog", "de": "Änderungsprotokoll", "fr": "Journal des modifications"}
    sources = {"": "Handbook sources", "de": "Quellen des Handbuchs", "fr": "Sources du manuel"}
    for code, (heading, when) in said.items():
        home = page(shipped_languages / code if code else shipped_languages, "index.html")
        latest = home.select_one(".latest-change")
        assert latest is not None, code
        text = " ".join(latest.get_text(" ", strip=True).split())
        assert text.startswith(heading) and when in text, (code, text)
        summary = latest.select('span[lang="en"]')
        assert bool(summary) == bool(code), code  # marked only where the page is not English
        titles = [
            " ".join(link.get_text(" ", strip=True).split())
            for link in home.select("nav.md-nav--primary .md-nav__link")
        ]
        assert nav[code] in titles, (code, titles)
        repository = home.select_one(".md-source__repository")
        assert repository is not None and repository.get_text(strip=True) == sources[code]
    german = page(shipped_languages / "de", "index.html").select("nav.md-nav--primary")
    words = " ".join(nav.get_text(" ", strip=True) for nav in german)
    for english in ("All chapters", "Overview", "Versions", "Changelog", "Handbook sources"):
        assert english not in words, english
