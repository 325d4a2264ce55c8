"""The approvers' redline: `handbook redline BASE [TARGET]` writes a PDF with the changes in
a table, every changed item with its deleted words struck through and its inserted words
underlined (and coloured), and a signature block for the approver of TARGET.

The PDF is read with PDFium: the colour of every character, and the lines drawn across them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import handbook
from tests.pdf_text import Marked, marked_runs, page_texts
from tests.test_cycles import EXPECTED, FIXTURE, INTERNAL_ONLY, change_sources, close, edit

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("redline")]

#: A plain field that looks like markup, and asks for a file: the redline prints it as text.
HOSTILE = """title: '<img src="file:///etc/passwd"> <b>Credit</b> *colleagues*'"""
DELETED = (160, 0, 0)
INSERTED = (0, 82, 155)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2026-H1, one change of each kind, 2026-H2 (approved by the Board); then a draft edit."""
    folder = tmp_path_factory.mktemp("redline")
    shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    assert close(folder, "2026-H1", "2026-01-20").returncode == 0
    change_sources(folder / "src")
    assert close(folder, "2026-H2", "2026-07-01").returncode == 0
    edit(folder / "src" / "chapters" / "02-more.yml", "by name when", "by name, but only when")
    edit(folder / "src" / "chapters" / "02-more.yml", "title: Credit colleagues", HOSTILE)
    return folder / "src"


@pytest.fixture(scope="module")
def pack(sources: Path) -> bytes:
    out = sources.parent / "redline.pdf"
    run = handbook("redline", "2026-H1", "2026-H2", "--source", sources, "--out", out)
    assert run.code == 0, run.err
    assert f"({len(EXPECTED | INTERNAL_ONLY)} changes)" in run.out
    return out.read_bytes()


def _runs(data: bytes, colour: tuple[int, int, int]) -> list[Marked]:
    return [run for run in marked_runs(data) if run.colour == colour]


def test_the_summary_lists_every_change_in_policy_terms(pack: bytes) -> None:
    texts = page_texts(pack)
    summary = texts[0][texts[0].index("Summary of changes") :]
    for kind, clause in EXPECTED | INTERNAL_ONLY:  # every item, for approvers
        label = kind.replace("-", " ").capitalize()
        row = next((line for line in summary.splitlines() if clause in line), "")
        assert label in row, (clause, kind, row)


def test_deleted_words_are_struck_and_inserted_words_underlined(pack: bytes) -> None:
    deleted, inserted = _runs(pack, DELETED), _runs(pack, INSERTED)
    assert deleted and inserted
    assert all(run.struck and not run.underlined for run in deleted), deleted
    assert all(run.underlined and not run.struck for run in inserted), inserted
    gone = " ".join(" ".join(run.text.split()) for run in deleted)
    new = " ".join(" ".join(run.text.split()) for run in inserted)
    # CYC-BASIC-01 reworded: "when ... work." became "whenever ... work or staff."
    assert "when" in gone.split() and "work." in gone.split()
    assert "whenever" in new.split() and "work or staff." in new
    assert "fax room" in gone  # CYC-BASIC-04, removed: its whole text struck
    assert "credit colleagues by name when they agree" in new  # CYC-MORE-03, added
    assert "May" in gone.split() and "Must" in new.split()  # CYC-MORE-01's level


def test_the_approver_of_the_target_signs(pack: bytes) -> None:
    last = page_texts(pack)[-1]
    assert "On behalf of Board, I approve the changes above from review cycle 2026-H1 to" in last
    assert "SIGNATURE" in last and "1 July 2026" in last


def test_the_draft_is_the_default_target_and_an_edition_cuts_it(
    sources: Path, tmp_path: Path
) -> None:
    out = tmp_path / "draft.pdf"
    run = handbook("redline", "2026-H2", "--source", sources, "--out", out)
    assert run.code == 0, run.err
    texts = page_texts(out.read_bytes())
    assert "the changes from review cycle 2026-H2 to the working draft" in " ".join(
        texts[0].split()
    )
    assert "but only" in " ".join(r.text for r in _runs(out.read_bytes(), INSERTED))
    shown = " ".join(" ".join(texts).split())
    assert '<img src="file:///etc/passwd"> <b>Credit</b> *colleagues*' in shown  # as text
    public = tmp_path / "public.pdf"
    everything = handbook("redline", "2026-H1", "2026-H2", "--source", sources, "--out", public)
    assert "4410" in " ".join(page_texts(public.read_bytes()))  # the internal clause's text
    run = handbook(
        "redline", "2026-H1", "2026-H2", "--edition", "public", "--source", sources,
        "--out", public,
    )  # fmt: skip
    assert everything.code == run.code == 0, run.err
    text = " ".join(page_texts(public.read_bytes()))
    assert "CYC-BASIC-05" not in text and "4410" not in text


def test_an_unknown_version_is_a_usage_error(sources: Path, tmp_path: Path) -> None:
    run = handbook("redline", "2019-H1", "--source", sources, "--out", tmp_path / "x.pdf")
    assert run.code == 2
    assert "no version '2019-H1'; choose one of: 2026-H1, 2026-H2, draft" in run.err
    assert "Traceback" not in run.err and not (tmp_path / "x.pdf").exists()
