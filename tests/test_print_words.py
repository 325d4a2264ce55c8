"""The print handbook's own words (printbook/words.py): one lookup, English or a translation's
``labels:``, which are untrusted plain text like any source field."""

from __future__ import annotations

from pathlib import Path

import tinycss2
import yaml
from bs4 import BeautifulSoup

from build_tools.printbook.parts import Pagination, final_html, split_book
from build_tools.printbook.words import css_text, fill
from build_tools.publish.pipeline import load_edition, print_html
from build_tools.source.labels import UI, slots
from build_tools.source.print_words import PRINT_WORDS
from tests.conftest import SHIPPED, handbook

HOSTILE = {
    "print.binding": "<script>alert(1)</script> {__class__ {0 }",
    "print.page_of": '"); } body { display: none } @page { content: ("{page} {pages}',
    "print.page": "</style><script>alert(2)</script>\\",
    "print.blank": "*/ } html { display: none } /*",
    "print.date": "<b>{day}</b> {month} {year}",
    "print.applies_to": '"><img src=x onerror=alert(3)> {audiences}',
}


def test_every_print_word_is_a_label_and_the_shipped_languages_give_them_all() -> None:
    assert set(PRINT_WORDS) <= set(UI)
    for code in ("de", "fr"):
        data = yaml.safe_load((SHIPPED / "translations" / code / "language.yml").read_text("utf-8"))
        given = data["labels"]
        assert set(given) <= set(UI)
        missing = {k for k in PRINT_WORDS if k not in given and PRINT_WORDS[k] not in ("; ", "1")}
        assert missing == set(), code
        for key, words in given.items():  # the same {slots} as the English words
            assert slots(words) == slots(UI[key]), (code, key)


def test_check_refuses_a_label_that_loses_or_invents_a_slot(mini: Path) -> None:
    folder = mini / "translations" / "de"
    folder.mkdir(parents=True)
    (folder / "language.yml").write_text(
        "name: Deutsch\nlabels:\n  print.chapter: Kapitel {nummer}\n  print.everyone: Alle\n",
        "utf-8",
    )
    run = handbook("check", "--source", mini)
    assert run.code == 1
    assert (
        f"{folder / 'language.yml'}:3:18: error: labels: 'print.chapter' must have the English "
        "words' slots: {number}"
    ) in run.err, run.err
    assert "print.everyone" not in run.err


def test_fill_replaces_only_the_known_slots_and_escapes_everything() -> None:
    filled = fill("<b>{title}</b> {__class__} {0} {title.x}", {"title": "<i>T</i>"})
    assert str(filled) == "&lt;b&gt;&lt;i&gt;T&lt;/i&gt;&lt;/b&gt; {__class__} {0} {title.x}"


def test_css_text_cannot_end_its_string_or_rule() -> None:
    text = css_text('a"b\\c</style>(d);}')
    tokens = [t for t in tinycss2.parse_component_value_list(text) if t.type != "whitespace"]
    assert [t.type for t in tokens] == ["string"]
    assert tokens[0].value == 'a"b\\c</style>(d);}'


def _translated(mini: Path, labels: dict[str, str]) -> str:
    folder = mini / "translations" / "de"
    folder.mkdir(parents=True)
    language = {"name": "Deutsch", "labels": labels}
    (folder / "language.yml").write_text(yaml.safe_dump(language, allow_unicode=True), "utf-8")
    return print_html(load_edition(mini, "public", language="de"))


def test_hostile_words_stay_words_in_the_print_html(mini: Path) -> None:
    html = _translated(mini, HOSTILE)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    binding = soup.find(class_="binding")
    assert binding is not None and binding.get_text() == HOSTILE["print.binding"]
    # The words are CSS strings in the translated book's own style block: its rules are the
    # template's, whatever the words.
    own = next(s for s in soup.find_all("style") if ".translation-notice" in s.get_text())
    rules = tinycss2.parse_stylesheet(own.get_text(), skip_comments=True, skip_whitespace=True)
    found = [(rule.type, tinycss2.serialize(rule.prelude).strip()) for rule in rules]
    assert [prelude for kind, prelude in found if kind == "qualified-rule"] == [
        ".translation-notice", ".binding", ":lang(de)", ":lang(fr)", ":lang(en)",
        "a.xref::after", "a.xref[data-page]::after", "a.pageref::after",
        "a.pageref[data-page]::after",
    ]  # fmt: skip
    assert [prelude for kind, prelude in found if kind == "at-rule"] == ["", ":blank"]
    assert all(kind != "error" for kind, _ in found)
    # Each part of a parallel layout writes the footer from the head: still one CSS string
    # per word, with the total written in.
    book = split_book(html)
    pagination = Pagination(starts=(1,) * len(book.parts), anchors={}, total=12)
    part = final_html(book, 0, pagination)
    style = BeautifulSoup(part, "html.parser").find_all("style")[-1].get_text()
    footer = next(r for r in tinycss2.parse_stylesheet(style) if r.type == "at-rule")
    assert "12" in tinycss2.serialize(footer.content or [])
    assert not [
        r
        for r in tinycss2.parse_stylesheet(style)
        if r.type == "qualified-rule" and "body" in tinycss2.serialize(r.prelude)
    ]


def test_dates_and_statements_in_the_book_s_language(mini: Path) -> None:
    de = yaml.safe_load((SHIPPED / "translations" / "de" / "language.yml").read_text("utf-8"))
    html = _translated(mini, de["labels"])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "de"
    cover = soup.find(class_="cover-facts")
    assert cover is not None
    text = cover.get_text(" ", strip=True)
    assert "Fassung" in text and "Gültig ab" in text
    # mini has no closed cycle: a draft, in German
    assert "Entwurf \u2013 nicht genehmigt: noch kein Überprüfungszyklus abgeschlossen" in text
    assert "Erst nach Genehmigung gültig" in text
