"""The site in every language (issue 20): each translation a full MkDocs build at ``<code>/``
with ``<html lang>``, Material's chrome and search in the language, a switcher that keeps the
reader on the same clause, fallback notices on what is shown in English, and the leak check
across every language. Built once per session from the small handbook with the translations
of tests/translation_fixture.py."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import Tag
from playwright.sync_api import Browser, expect

from build_tools.publish import languages, output_text, site_build
from build_tools.publish.pipeline import load_edition
from build_tools.site.sitepages import site_pages
from build_tools.source import translation as tr
from build_tools.source.errors import HandbookError
from tests.browser import SiteServer, Watched, open_tab, problems, serve
from tests.conftest import MINI, ROOT, close_cycle, handbook, shared
from tests.site_html import page, pages
from tests.test_search import clause_of
from tests.translation_fixture import INTERNAL_MARKER, SEARCH_WORD, STALE, write_translations

pytestmark = pytest.mark.e2e

GERMAN_STALE = "Übersetzung veraltet: Es gilt der englische Text."
GERMAN_MISSING = "Noch nicht übersetzt: Hier steht der englische Text."
FRENCH_MISSING = "Pas encore traduit : le texte anglais est affiché."


def _build(folder: Path, *args: str) -> None:
    # Every translation by default, as `handbook build` does outside the tests (conftest.QUIET).
    run = handbook(
        "build", "--source", folder / "src", "--no-pdf", "--out", folder / "site", *args,
        env={"HANDBOOK_LANGUAGES": "true"},
    )  # fmt: skip
    assert run.code == 0, run.err


def _translated_copy(folder: Path) -> Path:
    shutil.copytree(MINI, folder / "src")
    write_translations(folder / "src")
    return folder / "src"


@pytest.fixture(scope="session")
def language_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small handbook in English, German and French, built once per session."""

    def make(folder: Path) -> None:
        _translated_copy(folder)
        _build(folder)

    return shared(tmp_path_factory, "languages", make) / "site"


def _under(notice: Tag, heading: str) -> str:
    """The id of the heading a notice stands under."""
    found = notice.find_previous(heading)
    assert found is not None
    return str(found.get("id"))


def _language_of(url: str) -> str:
    first = url.split("/", 1)[0]
    return first if first in ("de", "fr") else "en"


HOSTILE_TITLE = 'Kodex <img src=x onerror="alert(1)"> & "Co" </title><script>alert(2)</script>'
#: A translation's words for the theme's chrome, the navigation, the home page and the
#: chapter filter's script, as an attacker would write them.
HOSTILE_LABELS = {
    "site.sources": 'Quellen <img src=x onerror="alert(3)">',
    "site.all_chapters": "Alle </a><script>alert(4)</script>",
    "site.cycle_title": "{cycle} <b onclick=alert(5)>[x](javascript:alert(6)){ #evil }</b>",
    "site.first_edition": "*erste* <a href='javascript:alert(8)'>Fassung</a>",
    "site.filter_some": '{shown}/{total} </script><img src=x onerror="alert(7)"> {audience}',
}


def test_a_translated_title_in_the_theme_s_header_is_text(tmp_path: Path) -> None:
    """The translated handbook title becomes the German site's name, which the theme writes
    into the header, the drawer and <title>, some of it unescaped: shown as typed, never run.
    So are a translation's words for the repository link, the navigation, the home page and
    the chapter filter."""
    source = _translated_copy(tmp_path)
    language = source / "translations" / "de" / "language.yml"
    data = yaml.safe_load(language.read_text(encoding="utf-8"))
    meta = load_edition(source, "public", draft=True).handbook.meta
    data["handbook"] = {"source": tr.of_handbook(meta), "title": HOSTILE_TITLE, "intro": "Hallo."}
    data["labels"] = {**data.get("labels", {}), **HOSTILE_LABELS}
    language.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    close_cycle(tmp_path, "2026-H1", "2026-01-20")  # approved: the home page names its cycle
    _build(tmp_path, "--no-archive", "--language", "de")
    german = tmp_path / "site" / "de"
    for url, soup in pages(german):
        assert soup.find("script", string=lambda text: "alert" in str(text)) is None, url
        assert [
            (tag.name, name) for tag in soup.find_all(True) for name in tag.attrs
            if name.startswith("on") or "javascript:" in str(tag.get(name))
        ] == [], url  # fmt: skip
        assert soup.select('[id="evil"]') == [], url
    home = page(german, "index.html")
    repository = home.select_one(".md-source__repository")
    assert repository is not None
    assert repository.get_text(strip=True) == HOSTILE_LABELS["site.sources"]
    latest = home.select_one(".latest-change")
    assert latest is not None
    text = latest.get_text(" ", strip=True)
    assert "2026-H1 <b onclick=alert(5)>[x](javascript:alert(6)){ #evil }</b>" in text
    assert "*erste* <a href='javascript:alert(8)'>Fassung</a>" in text
    titles = [link.get_text(strip=True) for link in home.select("nav.md-nav--primary a")]
    assert HOSTILE_LABELS["site.all_chapters"] in titles
    script = (german / "assets" / "handbook-audiences.js").read_text(encoding="utf-8")
    said = json.loads(script.split("window.handbookFilterWords = ", 1)[1].rstrip().rstrip(";"))
    assert said["some"] == HOSTILE_LABELS["site.filter_some"]  # JSON, set only as text
    assert home.title is not None and home.title.get_text().endswith(HOSTILE_TITLE)
    topic = home.select_one(".md-header__topic .md-ellipsis")
    assert topic is not None and topic.get_text(strip=True) == HOSTILE_TITLE
    logo = home.select_one("a.md-header__button.md-logo")
    assert logo is not None and logo["aria-label"] == logo["title"] == HOSTILE_TITLE


def test_every_page_of_every_language_says_its_language(language_site: Path) -> None:
    seen = set()
    for url, soup in pages(language_site):
        assert soup.html is not None
        assert soup.html.get("lang") == _language_of(url), url
        seen.add(_language_of(url))
    assert seen == {"en", "de", "fr"}
    # Material's own words in the language: the search box of the German site.
    search = page(language_site, "de/index.html").select_one("input.md-search__input")
    assert search is not None and search.get("placeholder") == "Suche"
    # And ours: the draft mark (the small handbook has no closed cycle).
    banner = page(language_site, "de/index.html").select_one("p.draft-banner")
    assert banner is not None and banner.get_text().strip().startswith(
        "Entwurf \u2013 nicht freigegeben."
    )


def test_search_is_set_for_each_language(language_site: Path) -> None:
    for code, lang in (("de", ["de"]), ("fr", ["fr"]), ("", ["en"])):
        index = json.loads((language_site / code / "search" / "search_index.json").read_text())
        assert index["config"]["lang"] == lang
    german = json.loads((language_site / "de" / "search" / "search_index.json").read_text())
    english = json.loads((language_site / "search" / "search_index.json").read_text())
    # The English stop words and endings are not the German separator.
    assert german["config"]["separator"] != english["config"]["separator"]


def test_a_stale_clause_is_shown_in_english_with_a_notice(language_site: Path) -> None:
    soup = page(language_site, "de/chapters/basics/index.html")
    stale = soup.find(id=STALE)
    fresh = soup.find(id="MINI-BASIC-01")
    assert stale is not None and fresh is not None
    assert stale.get("lang") == "en" and fresh.get("lang") is None
    assert "Ihre Rolle offenlegen" in fresh.get_text()
    notices = [p for p in soup.select("p.translation-notice")]
    assert [p.get_text() for p in notices] == [GERMAN_STALE]
    assert notices[0].find_previous("h2") is stale
    english = notices[0].find_next("div", attrs={"lang": "en"})
    assert english is not None
    assert "You should post personal views" in english.get_text()
    # The page's own words are German around it.
    meta = stale.find_next("p", class_="clause-meta")
    assert meta is not None and "Gilt für" in meta.get_text() and "Soll" in meta.get_text()


def test_untranslated_items_say_so_in_each_language(language_site: Path) -> None:
    more = page(language_site, "de/chapters/more/index.html")
    texts = [p.get_text() for p in more.select("p.translation-notice")]
    assert texts == [GERMAN_MISSING, GERMAN_MISSING]  # the chapter and its clause
    h1 = more.find("h1")
    assert h1 is not None and h1.get("lang") == "en"
    french = page(language_site, "fr/chapters/basics/index.html")
    notices = {_under(p, "h2"): p.get_text() for p in french.select("h2 ~ p.translation-notice")}
    assert notices == {STALE: FRENCH_MISSING}
    # English pages carry no notice and no language switch of their own.
    assert page(language_site, "chapters/basics/index.html").select(".translation-notice") == []


def test_a_role_page_marks_the_stale_clause_too(language_site: Path) -> None:
    soup = page(language_site, "de/audiences/executives/index.html")
    h1 = soup.find("h1")
    assert h1 is not None and h1.get_text().startswith("Executive team: Was für Sie gilt")
    stale = soup.find(id=STALE)
    assert stale is not None and stale.get("lang") == "en"
    notices = {_under(p, "h3"): p.get_text() for p in soup.select("p.translation-notice")}
    assert notices == {STALE: GERMAN_STALE, "MINI-MORE-01": GERMAN_MISSING}


def test_english_only_pages_say_they_are_in_english(language_site: Path) -> None:
    quiz = page(language_site, "de/quiz/basics/index.html")
    notice = quiz.select_one("p.translation-notice")
    assert notice is not None and notice.get_text() == "Diese Seite gibt es nur auf Englisch."


def test_the_switcher_links_the_same_page_in_every_language(language_site: Path) -> None:
    soup = page(language_site, "de/chapters/basics/index.html")
    links = {a["hreflang"]: a["href"] for a in soup.select("a.handbook-language")}
    assert links == {
        "en": "../../../chapters/basics/",
        "de": "../../chapters/basics/",
        "fr": "../../../fr/chapters/basics/",
    }
    english = page(language_site, "chapters/basics/index.html")
    links = {a["hreflang"]: a["href"] for a in english.select("a.handbook-language")}
    assert links["de"] == "../../de/chapters/basics/"


def test_a_translated_internal_clause_never_reaches_the_public_site(language_site: Path) -> None:
    for file in sorted(p for p in language_site.rglob("*") if p.is_file()):
        text = output_text.file_text(file) or file.read_bytes().decode("utf-8", "replace")
        assert INTERNAL_MARKER.casefold() not in text.casefold(), file
        assert "MINI-BASIC-03" not in text, file


def test_the_leak_check_covers_every_language(language_site: Path, tmp_path: Path) -> None:
    """Hostile: the German words of an internal clause planted in the French site's search
    index fail the check of the whole site."""
    site = tmp_path / "site"
    shutil.copytree(language_site, site)
    source = tmp_path / "src"
    shutil.copytree(MINI, source)
    write_translations(source)
    english = load_edition(source, "public", draft=True)
    built = languages.load_languages(source, "public", draft=True)
    languages.check_all_languages(site, english, built, "public")  # clean as built
    index = site / "fr" / "search" / "search_index.json"
    data = json.loads(index.read_text())
    data["docs"][0]["text"] += f" Sie müssen den Bereitschaftsdienst anrufen: {INTERNAL_MARKER}."
    index.write_text(json.dumps(data))
    with pytest.raises(HandbookError, match=r"fr/search/search_index\.json.*MINI-BASIC-03"):
        languages.check_all_languages(site, english, built, "public")


def test_retranslating_clears_the_notice(tmp_path: Path) -> None:
    """The English clause changes: the German site shows the English with the notice; once
    re-translated from the new English, the notice is gone."""
    source = _translated_copy(tmp_path)
    chapter = source / "chapters" / "01-basics.yml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("when you post about its work.", "in every post about it."))
    _build(tmp_path, "--language", "de")
    soup = page(tmp_path / "site", "de/chapters/basics/index.html")
    stale = {_under(p, "h2") for p in soup.select("h2 ~ p.translation-notice")}
    assert stale == {"MINI-BASIC-01", STALE}
    assert not (tmp_path / "site" / "fr").exists()  # --language de: German only
    write_translations(source, fresh=True)
    _build(tmp_path, "--language", "de")
    soup = page(tmp_path / "site", "de/chapters/basics/index.html")
    assert soup.select("h2 ~ p.translation-notice") == []


def test_languages_can_be_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    run = handbook("build", "--source", MINI, "--language", "xx", "--out", "/nonexistent/x")
    assert run.code == 2 and "no translation 'xx'" in run.err
    monkeypatch.delenv("HANDBOOK_LANGUAGES", raising=False)
    assert site_build.languages_wanted(ROOT / "mkdocs.yml") is True
    monkeypatch.setenv("HANDBOOK_LANGUAGES", "false")
    assert site_build.languages_wanted(ROOT / "mkdocs.yml") is False


def test_the_mkdocs_switch_leaves_languages_out(tmp_path: Path) -> None:
    source = _translated_copy(tmp_path)
    run = handbook(
        "build", "--source", source, "--no-pdf", "--no-role-pdfs", "--out", tmp_path / "site",
        env={"HANDBOOK_LANGUAGES": "false"},
    )  # fmt: skip
    assert run.code == 0, run.err
    assert not (tmp_path / "site" / "de").exists()
    english = page(tmp_path / "site", "chapters/basics/index.html")
    assert english.select("a.handbook-language") == []  # no switcher to sites not built


def test_a_translation_s_words_stay_words() -> None:
    """Hostile labels: Markdown, attribute lists, HTML and format fields in a translation's
    words are shown as typed, never as markup or a lookup."""
    build = load_edition(MINI, "public", draft=True)
    hostile = '<script>x</script> **b** { #evil } {0.__class__} [a](javascript:x) "q"'
    handbook_de = dataclasses.replace(
        build.handbook,
        language="de",
        labels={
            key: hostile for key in ("site.why", "site.applies_to", "level.must", "site.summary")
        },
    )
    pages_de = site_pages(dataclasses.replace(build, handbook=handbook_de), pdf_path=None)
    chapter = pages_de["chapters/basics.md"]
    assert "<script>" not in chapter and "{ #evil }" not in chapter
    assert "\\*\\*b\\*\\*" in chapter
    assert "__class__" not in pages_de["index.md"].replace("\\_\\_class\\_\\_", "")


@pytest.fixture(scope="module")
def served(language_site: Path) -> Iterator[SiteServer]:
    with serve(language_site) as site:
        yield site


@pytest.fixture
def language_tab(browser: Browser, served: SiteServer) -> Iterator[Watched]:
    watched = open_tab(browser, served)
    yield watched
    watched.context.close()
    assert problems(watched, served) == []


def _switch(tab: Watched, name: str) -> None:
    # Material's own alternate handler has loaded every language's sitemap by then: the
    # switch must land on the same clause all the same (docs/assets/language.js).
    tab.page.wait_for_load_state("networkidle")
    tab.page.locator(".md-header__option .md-select button").hover()
    tab.page.locator("a.handbook-language", has_text=name).click()


def test_the_switcher_lands_on_the_same_clause(language_tab: Watched, served: SiteServer) -> None:
    page_ = language_tab.page
    page_.goto(f"{served.base}de/chapters/basics/#{STALE}")
    _switch(language_tab, "English")
    expect(page_).to_have_url(f"{served.base}chapters/basics/#{STALE}")
    expect(page_.locator("html")).to_have_attribute("lang", "en")
    _switch(language_tab, "Deutsch")
    expect(page_).to_have_url(f"{served.base}de/chapters/basics/#{STALE}")
    expect(page_.locator("html")).to_have_attribute("lang", "de")
    _switch(language_tab, "Français")
    expect(page_).to_have_url(f"{served.base}fr/chapters/basics/#{STALE}")


def test_the_chapter_filter_speaks_the_site_s_language(
    language_tab: Watched, served: SiteServer
) -> None:
    """The "Show clauses for" filter of a chapter page, in German on the German site (its
    words come from the labels) and as before on the English one."""
    page_ = language_tab.page
    said = {}
    for prefix in ("de/", ""):
        page_.goto(f"{served.base}{prefix}chapters/basics/")
        status = page_.locator(".audience-filter__status")
        expect(status).not_to_be_empty()
        total = page_.locator("h2.clause").count()
        assert total > 1
        before = status.inner_text()
        page_.select_option("#audience-filter-select", "board")
        expect(status).not_to_have_text(before)
        shown = page_.locator("h2.clause:visible").count()
        said[prefix] = (
            page_.locator(".audience-filter label").inner_text().strip(),
            page_.locator("#audience-filter-select option").first.inner_text(),
            before,
            status.inner_text(),
        )
        page_.select_option("#audience-filter-select", "")  # as the reader found it
    assert said["de/"] == (
        "Regeln anzeigen für",
        "Alle (alle Regeln)",
        f"Alle {total} Regeln werden angezeigt.",
        f"{shown} von {total} Regeln gelten für Board members.",
    )
    assert said[""] == (
        "Show clauses for",
        "Everyone (all clauses)",
        f"Showing all {total} clauses.",
        f"Showing {shown} of {total} clauses that apply to Board members.",
    )


def test_german_search_finds_a_clause_by_a_german_word(
    language_tab: Watched, served: SiteServer
) -> None:
    page_ = language_tab.page
    page_.goto(f"{served.base}de/")
    box = page_.locator("input.md-search__input")
    box.click()
    box.fill(SEARCH_WORD)
    box.press("End")
    items = page_.locator("li.md-search-result__item")
    expect(items.first).to_be_visible()
    results: list[list[str]] = page_.eval_on_selector_all(
        "li.md-search-result__item",
        "items => items.map(i => [...i.querySelectorAll('a.md-search-result__link')]"
        ".map(a => a.href))",
    )
    assert clause_of(results[0]) == "MINI-BASIC-01"
    assert all("/social-media/de/" in link for links in results for link in links)


pytest_plugins = ["tests.browser_fixtures"]
