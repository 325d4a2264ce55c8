"""The print index: tags by their labels (handbook.yml ``tags:``), merged with the glossary
term of the same name; shown on a copy of the small fixture book, without a layout."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from build_tools.printbook.html import PrintBook, render_print_html
from build_tools.publish.pipeline import load_handbook
from tests.conftest import handbook


def _with_tags(source: Path, tags: str) -> Path:
    meta = source / "handbook.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + tags, encoding="utf-8")
    return source


def _entries(source: Path) -> dict[str, tuple[str | None, list[str]]]:
    book = PrintBook(load_handbook(source, "public"))
    return {e.heading: (e.defined_at, e.items) for e in book.index()}


def test_a_tag_is_shown_by_its_label_or_its_words(mini: Path) -> None:
    plain = _entries(mini)
    assert plain["Disclosure"] == (None, ["MINI-BASIC-01"])  # no label: the tag's words
    assert "disclosure" not in plain
    labelled = _entries(_with_tags(mini, "tags:\n  disclosure: Disclosing your role\n"))
    assert labelled["Disclosing your role"] == (None, ["MINI-BASIC-01"])
    assert "Disclosure" not in labelled


def test_a_tag_labelled_as_a_glossary_term_shares_its_entry(mini: Path) -> None:
    before = _entries(mini)["Closed period"]
    assert before[0] and before[1] == ["MINI-BASIC-02"]  # [[closed period]] in its text
    # "quiet period" is an alias of the term "Closed period"; case does not matter.
    source = _with_tags(mini, "tags:\n  disclosure: Quiet Period\n  accounts: AFFILIATION\n")
    entries = _entries(source)
    assert entries["Closed period"] == (before[0], ["MINI-BASIC-01", "MINI-BASIC-02"])
    assert entries["Affiliation"][1] == ["MINI-BASIC-02"]
    assert not {"Quiet Period", "AFFILIATION", "Disclosure", "Accounts"} & set(entries)
    html = render_print_html(load_handbook(source, "public"))
    index = BeautifulSoup(html, "html.parser").find(id="index")
    assert index is not None
    headings = [h.get_text() for h in index.select(".index-heading")]
    assert headings.count("Closed period") == 1 and "Quiet Period" not in headings
    entry = next(li for li in index.select(".index-entry") if "Closed period" in li.get_text())
    assert [a["href"] for a in entry.select("a.pageref")] == [
        "#term-closed-period",
        "#MINI-BASIC-01",
        "#MINI-BASIC-02",
    ]


def test_a_tag_label_must_be_plain_text(mini: Path) -> None:
    _with_tags(mini, "tags:\n  disclosure: <b>Disclosure</b>\n")
    run = handbook("check", "--source", mini)
    assert run.code == 1
    assert "handbook.yml" in run.out + run.err
    assert "not a valid label: write one line of plain text" in run.out + run.err
