"""Onboarding packs end to end: the real command, real WeasyPrint, the packs read back with
PDFium and pikepdf, and the real SQLite register, through a second review cycle that makes
one material change for one audience and one editorial change for everyone.

The small fixture handbook (tests/fixtures/mini) keeps the layouts cheap: one handbook per
audience, two small personal pages per person.
"""

from __future__ import annotations

import io
import json
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
import yaml

from build_tools.people.codes import normalise
from tests.conftest import MINI, close_cycle, handbook

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

LONG_NAME = "Maximiliane " + "Adelheid Konstanze " * 6 + "Wittelsbach-Hohenzollern"
#: Awkward names: accents and an apostrophe, right-to-left scripts, a very long name, and
#: CSV fields with commas and quotes inside.
ROSTER = f"""Employee ID,Full name,Email,Audience ID,Start date,Manager name
E1001,"Zoë O'Brien-Łukasiewicz",zoe@example.org,board,2026-12-07,"Smith, Jane"
E1002,דוד כהן,david@example.org,executives,2026-12-14,"Ana ""Annie"" Pérez"
E1003,محمد عبد الله,m@example.org,board,2026-12-14,Jane Smith
E1004,{LONG_NAME},long@example.org,executives,2027-01-04,"Ng, Wei"
"""
ROLES = {"board": "Board members", "executives": "Executive team"}


@dataclass(frozen=True)
class Made:
    folder: Path  # holds src/ (the sources), roster.csv, hr/ (register), packs/
    register: Path

    def run(self, *args: str | Path) -> tuple[int, str, str]:
        result = handbook(*args, "--register", self.register, "--source", "src", cwd=self.folder)
        return result.code, result.out, result.err


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """The fixture book approved as 2026-H1, and packs issued to the roster."""
    folder = tmp_path_factory.mktemp("onboarding")
    shutil.copytree(MINI, folder / "src")
    close_cycle(folder, "2026-H1", "2026-01-10")
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    done = Made(folder, folder / "hr" / "acknowledgements.db")
    code, out, err = done.run(
        "onboarding", "--roster", "roster.csv", "--out", "packs", "--issued", "2026-12-02"
    )
    assert code == 0, err
    assert "Wrote 4 onboarding pack(s)" in out
    return done


def text_of(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    return [
        unicodedata.normalize("NFKC", document[i].get_textpage().get_text_range())
        for i in range(len(document))
    ]


def squeezed(text: str) -> str:
    return "".join(text.split())


def people() -> Iterator[dict[str, str]]:
    import csv

    yield from csv.DictReader(io.StringIO(ROSTER))


def registered(made: Made) -> dict[str, dict[str, str]]:
    import sqlite3

    with sqlite3.connect(made.register) as db:
        db.row_factory = sqlite3.Row
        return {row["employee_id"]: dict(row) for row in db.execute("SELECT * FROM packs")}


def expected_clauses(folder: Path, audience: str) -> set[str]:
    """The public clauses for ``audience`` in the approved snapshot, read as plain YAML."""
    snapshot = yaml.safe_load((folder / "src" / "snapshots" / "2026-H1.yml").read_text())
    return {
        clause["id"]
        for chapter in snapshot["chapters"]
        for clause in chapter["clauses"]
        if clause.get("visibility", "public") == "public"
        and (not clause.get("applies_to") or audience in clause["applies_to"])
    }


def all_clause_ids(folder: Path) -> set[str]:
    snapshot = yaml.safe_load((folder / "src" / "snapshots" / "2026-H1.yml").read_text())
    return {clause["id"] for chapter in snapshot["chapters"] for clause in chapter["clauses"]}


def test_each_pack_is_made_out_to_its_person_and_holds_their_clauses(made: Made) -> None:
    packs = registered(made)
    for person in people():
        pack = packs[person["Employee ID"]]
        pages = text_of((made.folder / "packs" / f"pack-{person['Employee ID']}.pdf").read_bytes())
        cover, ack, whole = pages[0], pages[-1], squeezed("".join(pages))
        # one cover page (however long the name), the book from page 3, one page to sign
        assert "the clauses that apply to this role" in pages[2]
        assert "Acknowledgement of receipt" in ack and "Acknowledgement" not in pages[-2]
        name = person["Full name"]
        for page in (cover, ack):  # a right-to-left name is checked word by word
            assert all(squeezed(word) in squeezed(page) for word in name.split()), name
        if name.isascii():
            assert squeezed(name) in squeezed(cover) and squeezed(name) in squeezed(ack)
        for fact in (person["Employee ID"], ROLES[person["Audience ID"]], "2026-H1"):
            assert fact in cover and fact in ack
        assert squeezed(pack["fingerprint"]) in squeezed(ack)  # the fingerprint in full
        assert pack["reference"] in ack and pack["fingerprint"][:4].upper() in pack["reference"]
        assert normalise(pack["code"]) == pack["code"] and pack["code"] in ack
        assert squeezed(person["Manager name"]) in squeezed(ack)  # countersignature line
        assert "Return by" in ack and pack["return_by"] == _plus_30(person["Start date"])
        found = {cid for cid in all_clause_ids(made.folder) if cid in whole}
        assert found == expected_clauses(made.folder, person["Audience ID"])


def _plus_30(day: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=30)).isoformat()


def test_the_audiences_print_handbook_names_the_same_text_as_its_packs(made: Made) -> None:
    """`handbook pdf --audience` prints the reference the packs of that audience carry (the
    same text, the same fingerprint); the whole edition's book prints another."""
    references = {}
    for audience in ("board", ""):
        out = made.folder / f"book-{audience or 'all'}.pdf"
        scope = ("--audience", audience) if audience else ()
        run = handbook("pdf", "--source", "src", "--out", out, *scope, cwd=made.folder)
        assert run.code == 0, run.err
        last = " ".join(text_of(out.read_bytes())[-1].split())
        references[audience] = last.split("Document reference ", 1)[1].split()[0]
    assert references["board"] == registered(made)["E1001"]["reference"]
    assert references[""].startswith("PUBLIC/ALL/2026-H1/")
    assert references[""][-14:] != references["board"][-14:]  # another text


def test_people_of_one_audience_share_one_text_and_others_do_not(made: Made) -> None:
    packs = registered(made)
    assert packs["E1001"]["fingerprint"] == packs["E1003"]["fingerprint"]
    assert packs["E1001"]["fingerprint"] != packs["E1002"]["fingerprint"]
    assert len({pack["code"] for pack in packs.values()}) == 4


def test_the_print_run_starts_every_pack_on_a_right_hand_page(made: Made) -> None:
    singles = [
        (made.folder / "packs" / f"pack-{person['Employee ID']}.pdf").read_bytes()
        for person in people()
    ]
    run = (made.folder / "packs" / "print-run.pdf").read_bytes()
    pages = text_of(run)
    start, ranges = 0, []
    for single in singles:
        start += start % 2  # page index 0, 2, 4…: right-hand pages
        count = len(pypdfium2.PdfDocument(single))
        assert pages[start : start + count] == text_of(single)
        ranges.append(range(start, start + count))
        start += count
    assert len(pages) in (start, start + 1)
    with pikepdf.open(io.BytesIO(run)) as pdf:  # every link stays inside its own pack
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        dests = {
            str(name): index[dest[0].objgen]
            for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items()
        }
        links = 0
        for i, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if "/Dest" in annot:
                    links += 1
                    (own,) = [r for r in ranges if i in r]
                    assert dests[str(annot.Dest)] in own
        assert links > 10


def test_a_pack_is_the_same_file_when_made_again(made: Made, tmp_path: Path) -> None:
    """Given the same sources, roster and register (whose secret keys the codes)."""
    shutil.copytree(made.folder / "src", tmp_path / "src")
    shutil.copy(made.folder / "roster.csv", tmp_path / "roster.csv")
    shutil.copy(made.register, tmp_path / "hr.db")
    again = Made(tmp_path, tmp_path / "hr.db")
    code, _, err = again.run(
        "onboarding", "--roster", "roster.csv", "--out", "packs", "--issued", "2026-12-02"
    )
    assert code == 0, err
    for name in ("pack-E1001.pdf", "print-run.pdf"):
        assert (tmp_path / "packs" / name).read_bytes() == (
            made.folder / "packs" / name
        ).read_bytes()


def test_a_bad_roster_row_stops_everything_at_its_line(made: Made, tmp_path: Path) -> None:
    shutil.copytree(made.folder / "src", tmp_path / "src")
    bad = ROSTER + "E1001,Ann Lee,a@example.org,board,2026-12-07,Jane Smith\n"
    (tmp_path / "roster.csv").write_text(bad, encoding="utf-8")
    again = Made(tmp_path, tmp_path / "hr.db")
    code, _, err = again.run("onboarding", "--roster", "roster.csv", "--out", "packs")
    assert code == 1
    assert err.splitlines()[0] == "roster.csv:6:1: error: employee id 'E1001' is also on line 2"
    assert "Traceback" not in err
    assert not (tmp_path / "packs").exists() and not (tmp_path / "hr.db").exists()


def test_personal_data_is_never_written_into_the_repository(made: Made) -> None:
    (made.folder / ".git").mkdir(exist_ok=True)
    try:
        for args in (
            ("--out", made.folder / "packs-here"),
            ("--out", "/tmp/elsewhere-packs", "--register", made.folder / "src" / "ack.db"),
        ):
            result = handbook(
                "onboarding", "--roster", "roster.csv", "--register", "/tmp/none.db",
                "--source", "src", *args, cwd=made.folder,
            )  # fmt: skip
            assert result.code == 2 and "must not be inside" in result.err
        assert not (made.folder / "packs-here").exists()
    finally:
        (made.folder / ".git").rmdir()


def test_a_second_batch_does_not_delete_the_first_unasked(made: Made, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text(
        "employee_id,full_name,email,audience,start_date,manager\n"
        "E2001,Ann Lee,a@example.org,board,2027-01-04,Jane Smith\n",
        encoding="utf-8",
    )
    code, _, err = made.run("onboarding", "--roster", other, "--out", "packs")
    assert code == 2
    assert "holds 4 pack(s) of people not on this roster" in err and "--replace" in err
    assert len(list((made.folder / "packs").glob("pack-*.pdf"))) == 4


def test_verify_names_the_person_and_the_text(made: Made) -> None:
    pack = registered(made)["E1002"]
    code, out, _ = made.run("ack", "verify", pack["code"].lower().replace("-", ""))
    assert code == 0
    assert "דוד כהן (employee E1002), Executive team" in out
    assert "matches the text approved in review cycle 2026-H1" in out
    assert pack["reference"] in out and "Not yet acknowledged." in out
    typo = pack["code"][:-1] + ("0" if pack["code"][-1] != "0" else "1")
    code, _, err = made.run("ack", "verify", typo)
    assert code == 1 and "is not a valid code" in err


def test_only_people_touched_by_a_material_change_acknowledge_again(
    made: Made, tmp_path: Path
) -> None:
    """Everyone signs 2026-H1. Cycle 2026-H2 rewords a clause for executives only (material)
    and one for everyone (recorded as editorial): only the executives are asked again."""
    folder = tmp_path
    shutil.copytree(made.folder / "src", folder / "src")
    shutil.copy(made.folder / "roster.csv", folder / "roster.csv")
    register = folder / "acknowledgements.db"
    shutil.copy(made.register, register)
    after = Made(folder, register)
    packs = registered(made)
    export = folder / "signed.csv"
    export.write_text(
        "code,date\n" + "".join(f"{p['code']},2026-12-02\n" for p in packs.values()),
        encoding="utf-8",
    )
    code, out, err = after.run("ack", "import", export)
    assert code == 0, err
    assert "Recorded 4 acknowledgement(s)" in out
    code, out, _ = after.run("ack", "import", export)  # the same export again: nothing changes
    assert code == 0 and "Recorded 0 acknowledgement(s)" in out

    basics = folder / "src" / "chapters" / "01-basics.yml"
    text = basics.read_text(encoding="utf-8")
    text = text.replace("from a personal account.", "from a personal account only.")  # executives
    text = text.replace("Readers deserve to know", "Readers have a right to know")  # everyone
    basics.write_text(text, encoding="utf-8")
    close_cycle(folder, "2026-H2", "2026-12-20", "--editorial", "MINI-BASIC-01")

    code, out, err = after.run("ack", "status", "--roster", "roster.csv", "--format", "json",
                               "--today", "2026-12-21")  # fmt: skip
    assert code == 0, err
    standing = {row["employee_id"]: (row["standing"], row["detail"]) for row in json.loads(out)}
    assert standing["E1001"][0] == standing["E1003"][0] == "acknowledged"
    for executive in ("E1002", "E1004"):
        assert standing[executive] == (
            "re-acknowledge",
            "material changes since 2026-H1: MINI-BASIC-02",
        )


def test_status_tells_outstanding_from_overdue(made: Made) -> None:
    code, out, _ = made.run("ack", "status", "--roster", "roster.csv", "--today", "2027-01-10")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()[1:] if line.strip()}
    assert " overdue " in lines["E1001"]  # due 6 January 2027
    assert " outstanding " in lines["E1003"]  # due 13 January 2027
    assert "4 people: 3 outstanding, 1 overdue." in out
