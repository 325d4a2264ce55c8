"""Personal data for onboarding, without a layout: the roster, verification codes, the SQLite
register, returned pages, the status report and where personal data may be kept."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.people import places
from build_tools.people.codes import ALPHABET, normalise, verification_code
from build_tools.people.register import Acknowledgement, Pack, Register, RegisterError
from build_tools.people.report import render
from build_tools.people.returns import Returned, check_returns, read_returns
from build_tools.people.roster import read_roster
from build_tools.people.status import Standing, Status
from build_tools.source.model import Location
from build_tools.source.problems import SourceError
from tests.conftest import handbook

AUDIENCES = ("board", "executives")
HEADER = "employee_id,full_name,email,audience,start_date,manager\n"
FINGERPRINT = "ab" * 32
KEY = b"k" * 32  # a register's secret


def roster(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(header + rows, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(SourceError) as raised:
        read_roster(path, AUDIENCES)
    return [str(problem) for problem in raised.value.problems]


# The roster


def test_awkward_names_are_read_as_written(tmp_path: Path) -> None:
    long_name = "Maria " + "von und zu " * 15 + "Habsburg"
    rows = (
        'E1,"O\'Brien, Zoë ""Zo""",z@example.org,board,2026-12-07,"Smith, Jane"\n'
        "E2,محمد عبد الله,m@example.org,executives,2026-12-14,דוד כהן\n"
        f"E3,{long_name},l@example.org,board,2026-12-14,Jane Smith\n"
    )
    found = read_roster(roster(tmp_path, rows), AUDIENCES)
    assert [p.full_name for p in found] == ['O\'Brien, Zoë "Zo"', "محمد عبد الله", long_name]
    assert found[0].manager == "Smith, Jane"
    assert found[1].start_date == dt.date(2026, 12, 14)
    assert [p.line for p in found] == [2, 3, 4]


def test_headers_as_hr_exports_write_them_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    text = "Manager Name,Start Date,Audience ID,Email,Full name,Employee ID,Cost centre\n"
    text += "Jane Smith,2026-12-07,board,a@example.org,Ann Lee,E9,CC1\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (person,) = read_roster(path, AUDIENCES)
    assert (person.employee_id, person.full_name, person.audience) == ("E9", "Ann Lee", "board")


def test_every_bad_row_is_an_error_at_its_line_and_cell(tmp_path: Path) -> None:
    rows = (
        "E1,Ann Lee,a@example.org,board,2026-12-07,Jane Smith\n"
        "E2,Bob Ray,b@example.org,directors,2026-12-07,Jane Smith\n"  # unknown audience
        "E1,Cy Dunn,c@example.org,board,2026-12-07,Jane Smith\n"  # duplicate id
        "E4,Di Fox,d@example.org,board,07/12/2026,Jane Smith\n"  # bad date
        "E5,,e@example.org,board,2026-12-07,Jane Smith\n"  # missing name
        "E6,Ed Gale,not-an-address,board,2026-02-30,\n"  # email, impossible date, manager
    )
    path = roster(tmp_path, rows)
    name = str(path)
    assert problems(path) == [
        f"{name}:3:26: error: unknown audience 'directors'; handbook.yml declares: board, "
        "executives",
        f"{name}:4:1: error: employee id 'E1' is also on line 2",
        f"{name}:5:31: error: bad start date '07/12/2026': write it as YYYY-MM-DD",
        f"{name}:6:4: error: missing full name",
        f"{name}:7:12: error: bad email address 'not-an-address'",
        f"{name}:7:33: error: bad start date '2026-02-30': write it as YYYY-MM-DD",
        f"{name}:7:44: error: missing manager",
    ]


def test_a_missing_column_and_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = roster(tmp_path, "E1,Ann,a@example.org,board\n", header="employee_id,name,email,role\n")
    assert problems(path) == [
        f"{path}:1:1: error: the header row has no column start_date, manager; the roster "
        "needs: employee_id, full_name, email, audience, start_date, manager"
    ]
    path.write_bytes(HEADER.encode() + b"E1,Jos\xe9,j@example.org,board,2026-12-07,Ann\n")
    assert problems(path) == [f"{path}:2:7: error: not UTF-8 text: save the roster as CSV UTF-8"]


def test_a_control_character_in_a_name_is_refused_and_reported_escaped(tmp_path: Path) -> None:
    path = roster(tmp_path, 'E1,"Ann\x1b[31m\nLee",a@example.org,board,2026-12-07,Jane\n')
    (message,) = problems(path)
    assert "line break or control character" in message and "\x1b" not in message


def test_employee_ids_that_would_name_files_elsewhere_are_refused(tmp_path: Path) -> None:
    for bad in ("../x", "a/b", ".hidden", "x" * 41):
        path = roster(tmp_path, f"{bad},Ann,a@example.org,board,2026-12-07,Jane\n")
        assert "bad employee id" in problems(path)[0]


# Verification codes


@given(st.text(min_size=1, max_size=40), st.integers(0, 8), st.sampled_from(ALPHABET))
def test_every_single_mistyped_character_is_caught(employee: str, at: int, typed: str) -> None:
    code = verification_code(KEY, employee, FINGERPRINT)
    body = code.replace("-", "")
    if body[at] == typed:
        return
    assert normalise(body[:at] + typed + body[at + 1 :]) is None


def test_codes_are_read_as_people_type_them() -> None:
    code = verification_code(KEY, "E1001", FINGERPRINT)
    assert (
        code
        == verification_code(KEY, "E1001", FINGERPRINT)
        != verification_code(KEY, "E1002", FINGERPRINT)
    )
    assert len(code) == 11 and code[4] == code[9] == "-"
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise(typed) == code
    assert normalise(code[:-1]) is None and normalise("") is None


def test_a_swap_of_neighbours_is_caught_for_almost_every_code() -> None:
    caught = total = 0
    for n in range(300):
        body = verification_code(KEY, f"E{n}", FINGERPRINT).replace("-", "")
        for i in range(8):
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            if swapped != body:
                total += 1
                caught += normalise(swapped) is None
    assert caught / total > 0.95


# The register


def pack(code: str, employee: str = "E1", cycle: str = "2026-H1", **changes: object) -> Pack:
    values: dict[str, object] = {
        "code": code,
        "employee_id": employee,
        "full_name": "Zoë O'Brien",
        "email": "z@example.org",
        "audience": "board",
        "role": "Board members",
        "manager": "Jane Smith",
        "edition": "public",
        "cycle": cycle,
        "effective": dt.date(2026, 7, 1),
        "fingerprint": FINGERPRINT,
        "reference": "PUBLIC/BOARD/2026-H1/ABAB-ABAB-ABAB",
        "issued": dt.date(2026, 12, 1),
        "return_by": dt.date(2026, 12, 31),
    }
    return Pack(**{**values, **changes})  # type: ignore[arg-type]


def test_the_register_keeps_packs_and_acknowledgements(tmp_path: Path) -> None:
    path = tmp_path / "hr" / "ack.db"
    code = verification_code(KEY, "E1", FINGERPRINT)
    with Register(path, create=True) as register:
        register.issue([pack(code)])
        register.issue([pack(code, issued=dt.date(2026, 12, 9))])  # issued again: kept as first
        register.record([Acknowledgement(code, dt.date(2026, 12, 5), dt.date(2026, 12, 6), "x")])
    assert path.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    with Register(path) as register:
        assert register.pack(code) == pack(code)
        assert register.acknowledgements()[code].signed == dt.date(2026, 12, 5)
    with sqlite3.connect(path) as db:  # a real SQLite database that other tools can read
        assert db.execute("SELECT full_name FROM packs").fetchall() == [("Zoë O'Brien",)]


def test_a_register_that_is_absent_or_is_something_else_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="no acknowledgement register here"):
        Register(tmp_path / "none.db")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(RegisterError, match="not an acknowledgement register"):
        Register(other, create=True)
    text = tmp_path / "text.db"
    text.write_text("just text, not a database " * 100)
    with pytest.raises(RegisterError, match="not a readable acknowledgement register"):
        Register(text)


def test_returned_pages_are_checked_before_anything_is_recorded(tmp_path: Path) -> None:
    first, second = (
        verification_code(KEY, "E1", FINGERPRINT),
        verification_code(KEY, "E2", FINGERPRINT),
    )
    today = dt.date(2026, 12, 20)
    with Register(tmp_path / "ack.db", create=True) as register:
        register.issue([pack(first), pack(second, "E2")])
        register.record([Acknowledgement(first, dt.date(2026, 12, 5), today, "paper")])
        day = dt.date(2026, 12, 10)
        pages = [
            Returned(first, dt.date(2026, 12, 5), Location("f.csv", 2)),  # again: left as it was
            Returned(first, day, Location("f.csv", 3)),  # another date
            Returned(second[:-1] + ("0" if second[-1] != "0" else "1"), day, Location("f.csv", 4)),
            Returned(verification_code(KEY, "E3", FINGERPRINT), day, Location("f.csv", 5)),
            Returned(second, dt.date(2026, 12, 21), Location("f.csv", 6)),  # after today
            Returned(second, dt.date(2026, 11, 30), Location("f.csv", 7)),  # before issue
            Returned(second.lower(), day, Location("f.csv", 8)),
            Returned(second, dt.date(2026, 12, 11), Location("f.csv", 9)),  # twice in one batch
        ]
        new, again, found = check_returns(register, pages, today, "import")
    assert again == [first]
    assert [a.code for a in new] == [second]
    assert [(p.location.line, p.message.split(":")[0]) for p in found] == [
        (3, f"{first} is already recorded as signed on 2026-12-05"),
        (4, f"'{pages[2].code}' is not a valid code"),
        (5, f"no pack was issued with code {pages[3].code}"),
        (6, "signed on 2026-12-21, which is after today"),
        (7, "signed on 2026-11-30, before the pack was issued"),
        (9, f"{second} is already recorded as signed on 2026-12-10"),
    ]


def test_an_export_is_read_with_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Envelope,Code,Signed\n1,AAAA,2026-12-01\n\n2,BBBB,yesterday\n")
    with pytest.raises(SourceError) as raised:
        read_returns(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:4:1: error: bad date 'yesterday': write it as YYYY-MM-DD"
    ]


# The status report


def test_a_name_cannot_become_a_spreadsheet_formula(tmp_path: Path) -> None:
    (person,) = read_roster(
        roster(tmp_path, 'E1,"=HYPERLINK(""http://x"")",a@example.org,board,2026-12-07,@Ann\n'),
        AUDIENCES,
    )
    status = Status(person, Standing.OVERDUE, None, None, "+due")
    rows = list(csv.DictReader(io.StringIO(render([status], "csv"))))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")' and rows[0]["detail"] == "'+due"
    assert json.loads(render([status], "json"))[0]["name"] == '=HYPERLINK("http://x")'
    assert "1 people: 1 overdue." in render([status], "table")


# Where personal data may be


def test_personal_data_is_refused_inside_the_repository_and_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    source = repository / "policy_src"
    source.mkdir()
    monkeypatch.chdir(tmp_path)
    protected = places.protected(source)
    for inside in (repository / "hr" / "ack.db", source / "ack.db"):
        with pytest.raises(places.PersonalDataPlace, match="must not be inside"):
            places.refuse_inside(inside, "the register", "--register", protected)
    link = tmp_path / "looks-outside"
    link.symlink_to(repository / "hr", target_is_directory=True)
    with pytest.raises(places.PersonalDataPlace):
        places.refuse_inside(link / "ack.db", "the register", "--register", protected)
    places.refuse_inside(tmp_path / "hr" / "ack.db", "the register", "--register", protected)


def test_check_warns_about_personal_data_in_the_repository(mini: Path) -> None:
    repository = mini.parent
    (repository / ".git").mkdir()
    data = repository / "data"
    data.mkdir()
    (data / "new-leaders.csv").write_text(
        "Employee ID,Full name,Email\nE1,Ann Lee,a@example.org\n", encoding="utf-8"
    )
    (data / "hris.txt").write_text("Staff number;Surname;Given name;Work email\n1;Lee;Ann;a@x\n")
    (data / "figures.csv").write_text("year,revenue\n2026,1\n")
    Register(data / "register", create=True).close()  # a register, whatever its name
    pack = data / "pack-E1.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.docinfo["/Title"] = "Onboarding pack for Ann Lee: Mini Handbook"
        pdf.save(pack)
    built = repository / "public"  # a site build's output is skipped
    built.mkdir()
    (built / ".handbook-output").write_text("")
    shutil.copy(data / "new-leaders.csv", built / "copy.csv")
    run = handbook("check", "--source", mini, cwd=repository)
    assert run.code == 0, run.err
    tail = (
        ": personal data must not be kept in the repository; move it to where HR keeps "
        "personal records and remove it from the history"
    )
    assert [line for line in run.err.splitlines() if "personal" in line] == [
        "data/hris.txt:1:1: warning: a table with personal columns (email, employee_id, "
        "given_name, surname)" + tail,
        "data/new-leaders.csv:1:1: warning: a table with personal columns (email, "
        "employee_id, full_name)" + tail,
        "data/pack-E1.pdf:1:1: warning: an onboarding pack" + tail,
        "data/register:1:1: warning: an acknowledgement register" + tail,
    ]
    assert "4 privacy warnings." in run.err
    assert handbook("check", "--strict", "--source", mini, cwd=repository).code == 1


def test_a_register_is_made_new_never_from_a_file_that_is_there(tmp_path: Path) -> None:
    empty = tmp_path / "notes.txt"
    empty.touch(mode=0o644)
    with pytest.raises(RegisterError, match="not an acknowledgement register"):
        Register(empty, create=True)
    real = tmp_path / "hr" / "ack.db"
    Register(real, create=True).close()
    assert (tmp_path / "hr").stat().st_mode & 0o077 == 0
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with pytest.raises(RegisterError, match="symbolic link"):
        Register(link)
    real.chmod(0o644)
    with Register(real) as register:
        assert register.exposed


def test_a_pack_issued_again_takes_the_rosters_corrections(tmp_path: Path) -> None:
    code = verification_code(KEY, "E1", FINGERPRINT)
    with Register(tmp_path / "ack.db", create=True) as register:
        register.issue([pack(code, full_name="Zoe Obrein")])
        register.issue([pack(code, issued=dt.date(2026, 12, 9), return_by=dt.date(2027, 3, 3))])
        kept = register.pack(code)
    assert kept is not None
    assert (kept.full_name, kept.return_by) == ("Zoë O'Brien", dt.date(2027, 3, 3))
    assert kept.issued == dt.date(2026, 12, 1)  # the first issue


def test_codes_depend_on_the_registers_secret_and_not_on_the_case_of_the_id() -> None:
    assert verification_code(KEY, "E1", FINGERPRINT) == verification_code(KEY, "e1", FINGERPRINT)
    assert verification_code(KEY, "E1", FINGERPRINT) != verification_code(
        b"another secret", "E1", FINGERPRINT
    )
    code = verification_code(KEY, "E1", FINGERPRINT)
    assert normalise(code.replace("-", "\u2013")) == code  # pasted with en dashes
    assert normalise(code.replace("-", "\u2011")) == code  # non-breaking hyphens


def test_a_busy_register_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "ack.db"
    Register(path, create=True).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Register(path) as register:
            register.db.execute("PRAGMA busy_timeout = 100")
            with pytest.raises(RegisterError, match="in use by another program"):
                register.issue([pack(verification_code(KEY, "E1", FINGERPRINT))])
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_bidi_overrides_and_control_characters_are_refused(tmp_path: Path) -> None:
    for row in (
        "E1,Ann \u202eeeL,a@example.org,board,2026-12-07,Jane\n",
        "E1,Ann Lee,a\x1b[31m@example.org,board,2026-12-07,Jane\n",
    ):
        assert len(problems(roster(tmp_path, row))) == 1


def test_an_export_that_is_not_csv_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("code,date\n" + "A" * 200_000 + ",2026-12-02\n")
    with pytest.raises(SourceError, match="not a CSV file"):
        read_returns(path)
    path.write_text('code,date\n"AAAA,2026-12-02\n')
    with pytest.raises(SourceError, match="not a CSV file"):
        read_returns(path)


def test_after_a_change_of_role_the_pack_for_the_new_role_counts() -> None:
    """Two packs of one cycle issued the same day, both signed: the one for the audience the
    roster gives today decides, whatever order the register lists them in."""
    from build_tools.people.roster import Person
    from build_tools.people.status import statuses
    from build_tools.review.cycles import History
    from build_tools.source.model import Cycle

    cycle = Cycle(id="2026-H1", closed=dt.date(2026, 1, 10), approved_by="Board")
    past = History(cycles=(cycle,), snapshots=())
    person = Person("E1", "Ann", "a@x.org", "executives", dt.date(2026, 12, 7), "Jo", 2)
    board = pack("AAAA-AAAA-A", audience="board")
    executives = pack("BBBB-BBBB-B", audience="executives")
    day = dt.date(2026, 12, 3)
    for order in ([board, executives], [executives, board]):
        signed = {p.code: Acknowledgement(p.code, day, day, "x") for p in order}
        (found,) = statuses([person], order, signed, past, day)
        assert found.standing is Standing.ACKNOWLEDGED and found.pack == executives
    (found,) = statuses([person], [board], {board.code: signed[board.code]}, past, day)
    assert found.standing is Standing.REACKNOWLEDGE
    assert found.why == "role changed since 2026-H1: board → executives"


def test_a_roster_or_export_that_is_a_pipe_a_device_or_huge_is_refused_unread(
    tmp_path: Path,
) -> None:
    """Nothing that could hang (a FIFO with no writer) or never end (a device) is read, and a
    file over the limit is refused before it fills memory."""
    import os

    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    assert "not a regular file" in problems(fifo)[0]
    with pytest.raises(SourceError, match="not a regular file"):
        read_returns(Path("/dev/zero"))
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as file:
        file.truncate(6 * 1024 * 1024)  # sparse: 6 MiB that cost no disk
    assert "the limit is 5120 KiB" in problems(huge)[0]
