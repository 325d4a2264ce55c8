"""The quick-reference card through the real command line, read back with PDFium.

Three cards of the small fixture are laid out once for the module (tests/card_fixture.py):
the approved card of the executives in the staff edition (a review cycle closed with the key
flags), the same built again for reproducibility, and the draft card of the board members in
the internal edition. Nothing else here lays out a page but the refusal of a card too long.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pdfua import validate
from pdfua.model import Severity

from build_tools.printbook import card
from build_tools.review.version import DRAFT
from tests.card_fixture import HOSTILE_TITLE, KEY, key_mini, mark_key
from tests.conftest import EPOCH, MINI, close_cycle, handbook
from tests.pdf_text import page_texts

pytestmark = pytest.mark.e2e  # WeasyPrint lays out the cards

ENV = {"SOURCE_DATE_EPOCH": str(EPOCH)}


@dataclass(frozen=True)
class Card:
    data: bytes
    pages: list[str]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.pages).split())  # lines joined: a title may wrap


def build(folder: Path, name: str, *args: str) -> Card:
    out = folder / f"{name}.pdf"
    run = handbook("card", "--source", folder / "src", "--out", out, *args, cwd=folder, env=ENV)
    assert run.code == 0, run.err
    data = out.read_bytes()
    return Card(data, page_texts(data))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with its key flags approved by review cycle 2026-H1."""
    folder = tmp_path_factory.mktemp("card")
    key_mini(folder / "src")
    close_cycle(folder, "2026-H1", "2026-01-20")
    return folder


@pytest.fixture(scope="module")
def executives(folder: Path) -> Card:
    return build(folder, "executives", "--audience", "executives")


@pytest.fixture(scope="module")
def board_draft(folder: Path) -> Card:
    return build(folder, "board", "--audience", "board", "--edition", "internal", "--draft")


def test_every_card_is_two_sides(executives: Card, board_draft: Card) -> None:
    assert len(executives.pages) == 2
    assert len(board_draft.pages) == 2
    assert "Side 1 of 2" in executives.pages[0] and "Side 2 of 2" in executives.pages[1]


def test_the_audience_key_clauses_with_number_and_id_and_no_others(executives: Card) -> None:
    text = executives.text
    assert "Quick-reference card for Executive team" in text
    assert "1.1 MINI-BASIC-01 MUST Disclose your role" in text
    assert "1.2 MINI-BASIC-02 SHOULD Use a personal account" in text
    assert "You must say that you work for Example Ltd when you post about its work." in text
    assert "MINI-MORE-01" not in text and "Share results late" not in text  # not key
    assert "MINI-MORE-02" not in text and "board pack" not in text  # key, for the board only
    # A reference in a clause's text prints as the clause's number and title, not a link.
    assert "See 1.1 Disclose your role and the closed period rules." in text


def test_an_internal_key_clause_is_never_on_the_staff_edition_card(executives: Card) -> None:
    assert "MINI-BASIC-03" not in executives.text
    assert "ZEBRAQUILL" not in executives.text
    assert "Escalation contacts" not in executives.text


def test_the_approved_card_states_its_version_and_where_to_read_more(executives: Card) -> None:
    text = executives.text
    assert "Mini Handbook" in text and "Staff edition" in text
    assert "Review cycle 2026-H1, approved by Board on 20 January 2026" in text
    assert "Effective 20 January 2026" in text
    assert "Ask Head of Communications for the full handbook" in text  # no published_at
    assert DRAFT not in text


def test_a_draft_card_is_marked_on_both_sides(board_draft: Card) -> None:
    for page in board_draft.pages:
        assert DRAFT in page
    assert f"{DRAFT}. This is not the code in force" in board_draft.text


def test_the_internal_edition_card_of_another_audience(board_draft: Card) -> None:
    text = board_draft.text
    assert "Quick-reference card for Board members" in text
    assert "1.1 MINI-BASIC-01" in text
    assert "1.3 MINI-BASIC-03 MUST Escalation contacts" in text  # internal, in its edition
    assert "MINI-BASIC-02" not in text  # key, for the executives only
    assert "MINI-MORE-01" not in text  # applies to the board, but not key


def test_a_title_with_markup_prints_as_text(board_draft: Card) -> None:
    assert f"2.2 MINI-MORE-02 MUST {HOSTILE_TITLE}" in board_draft.text


def test_the_card_is_tagged_pdf_ua_and_reproducible(
    folder: Path, executives: Card, tmp_path: Path
) -> None:
    again = build(folder, "executives-again", "--audience", "executives")
    assert again.data == executives.data
    (tmp_path / "card.pdf").write_bytes(executives.data)
    with pikepdf.open(tmp_path / "card.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
    report = validate(str(tmp_path / "card.pdf"))
    errors = [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity >= Severity.ERROR]
    assert errors == []


def test_an_approved_text_without_key_flags_is_refused_clearly(tmp_path: Path) -> None:
    """The shipped case: the working copy marks key clauses, the approved snapshot does not."""
    shutil.copytree(MINI, tmp_path / "src")
    close_cycle(tmp_path, "2026-H1", "2026-01-20")
    mark_key(tmp_path / "src", *KEY)  # after the cycle closed: not approved yet
    out = tmp_path / "card.pdf"
    run = handbook("card", "--source", "src", "--audience", "board", "--out", out, cwd=tmp_path)
    assert run.code == 1
    assert run.err.count("\n") == 1, run.err  # one line, no traceback
    assert run.err.startswith(
        "error: no clause that applies to Board members is marked key in the approved text "
        "(review cycle 2026-H1)"
    )
    assert "`key: true`" in run.err and "--draft" in run.err
    assert not out.exists()


def test_rules_that_do_not_fit_are_refused_not_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(card, "SCALES", (card.SCALES[-1],))  # one layout, in the smallest type
    source = key_mini(tmp_path / "src")
    basics = source / "chapters" / "01-basics.yml"
    long_text = " ".join(["You must keep this long rule in mind at every moment of the day."] * 200)
    text = basics.read_text(encoding="utf-8")
    text = text.replace("when you post about its work.", long_text)
    text = text.replace("from a personal account.", long_text)  # over two sides at any size
    basics.write_text(text, encoding="utf-8")
    out = tmp_path / "card.pdf"
    run = handbook(
        "card", "--source", "src", "--audience", "executives", "--draft", "--out", out,
        cwd=tmp_path,
    )  # fmt: skip
    assert run.code == 1
    found = re.search(
        r"the 2 key clauses for Executive team do not fit .*: at most (\d) of", run.err
    )
    assert found, run.err
    assert int(found[1]) < 2
    assert not out.exists()
