"""Review cycles through the real command line: close, change, close again, build, diff."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import handbook

# Real tools (MkDocs, WeasyPrint, Chromium or the CLI); one pytest-xdist worker runs the whole
# module, so that its module fixtures are made once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("cycles")]

FIXTURE = Path(__file__).parent / "fixtures" / "cycles"
EXPECTED = {
    ("added", "CYC-MORE-03"),
    ("removed", "CYC-BASIC-04"),
    ("reworded", "CYC-BASIC-01"),
    ("moved", "CYC-BASIC-03"),
    ("level-changed", "CYC-MORE-01"),
    ("audience-changed", "CYC-BASIC-02"),
}
# The internal edition also sees the internal clause that was reworded.
INTERNAL_ONLY = {("reworded", "CYC-BASIC-05")}


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def close(folder: Path, cycle_id: str, date: str, *extra: str) -> subprocess.CompletedProcess[str]:
    run = handbook(
        "cycle", "close", cycle_id, "--date", date, "--approved-by", "Board", *extra,
        "--source", "src", cwd=folder,
    )  # fmt: skip
    return subprocess.CompletedProcess([], run.code, run.out, run.err)


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def change_sources(src: Path) -> None:
    """One change of each kind the changelog reports."""
    basics, more = src / "chapters" / "01-basics.yml", src / "chapters" / "02-more.yml"
    edit(basics, "when you post about its work.", "whenever you post about its work or staff.")
    edit(basics, "applies_to: [executives]", "applies_to: [executives, board]")
    moved = (
        "  - id: CYC-BASIC-03\n    title: Check photos\n"
        "    text: You must check the background of a photo before you post it.\n"
        "    level: must\n"
    )
    removed = (
        "  - id: CYC-BASIC-04\n    title: Fax machines\n"
        "    text: You should not post photos of the fax room.\n    level: should\n"
    )
    edit(basics, moved + removed, "")
    edit(basics, "extension 4410.", "extension 4411.")
    edit(more, "    level: may\n", "    level: must\n")
    added = (
        "  - id: CYC-MORE-03\n    title: Credit colleagues\n"
        "    text: You should credit colleagues by name when they agree.\n    level: should\n"
    )
    more.write_text(more.read_text(encoding="utf-8") + moved + added, encoding="utf-8")


def kinds(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(str(p["data-kind"]), str(p["data-id"])) for p in soup.select(".change")]


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository in which two cycles were closed, with one change of each kind."""
    folder = tmp_path_factory.mktemp("cycles")
    shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    first = close(folder, "2026-H1", "2026-01-20", "--summary", "First approved edition.")
    assert first.returncode == 0, first.stderr
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "2026-H1")
    change_sources(folder / "src")
    git(folder, "commit", "-q", "-am", "changes")
    second = close(folder, "2026-H2", "2026-07-01", "--summary", "Second review.")
    assert second.returncode == 0, second.stderr
    return folder


@pytest.fixture(scope="module")
def built(flow: Path) -> Path:
    run = handbook("build", "--source", "src", "--config", "mkdocs.yml", "--out", "site", cwd=flow)
    assert run.code == 0, run.err
    return flow / "site"


def test_register_is_appended_not_rewritten(flow: Path) -> None:
    text = (flow / "src" / "cycles.yml").read_text(encoding="utf-8")
    assert text.startswith("# Review cycles, oldest first.")
    assert text.index("id: 2026-H1") < text.index("id: 2026-H2")
    assert sorted(p.name for p in (flow / "src" / "snapshots").iterdir()) == [
        "2026-H1.yml",
        "2026-H2.yml",
    ]


def test_changelog_page_lists_exactly_the_changes(built: Path) -> None:
    soup = BeautifulSoup(
        (built / "changelog" / "2026-h2" / "index.html").read_text(), "html.parser"
    )
    found = kinds(soup)
    assert sorted(found) == sorted(EXPECTED)  # each once, nothing else, no internal item
    assert "4411" not in soup.get_text() and "CYC-BASIC-05" not in soup.get_text()
    diff = soup.select_one(".word-diff")
    assert diff is not None
    assert [d.get_text() for d in diff.find_all("del")] == ["when", "work."]
    assert [i.get_text() for i in diff.find_all("ins")] == ["whenever", "work or staff."]
    impact = soup.select_one(".impact-audiences")
    assert impact is not None and "Executive team, Board members" in impact.get_text()
    examples = soup.select_one(".impact-examples")
    assert examples is not None and "A post that named the employer" in examples.get_text()
    alert = soup.select_one(".admonition.warning")
    assert alert is not None and "Level changed" in alert.get_text()


def test_first_cycle_and_overview_newest_first(built: Path) -> None:
    first = BeautifulSoup(
        (built / "changelog" / "2026-h1" / "index.html").read_text(), "html.parser"
    )
    assert kinds(first) == []
    assert "first approved edition" in first.get_text()
    overview = BeautifulSoup((built / "changelog" / "index.html").read_text(), "html.parser")
    table = overview.find("table")  # the first one; the theme adds a shortcuts table later
    assert table is not None
    rows = [row.find("a").get_text() for row in table.select("tbody tr")]  # type: ignore[union-attr]
    assert rows == ["2026-H2 review cycle", "2026-H1 review cycle"]
    # The published site is the approved text: no page of changes nobody approved.
    assert not (built / "changelog" / "unreleased").exists()


def test_clause_pages_link_to_their_changelog_entry(built: Path) -> None:
    soup = BeautifulSoup((built / "chapters" / "more" / "index.html").read_text(), "html.parser")
    links = [(a.get_text(), str(a["href"])) for a in soup.select("a.changed-in")]
    assert links == [
        ("Changed in 2026-H2", "../../changelog/2026-h2/#CYC-MORE-01"),
        ("Changed in 2026-H2", "../../changelog/2026-h2/#CYC-BASIC-03"),
        ("Changed in 2026-H2", "../../changelog/2026-h2/#CYC-MORE-03"),
    ]
    target = BeautifulSoup(
        (built / "changelog" / "2026-h2" / "index.html").read_text(), "html.parser"
    )
    for _, href in links:
        assert target.find(id=href.split("#")[1]) is not None


def test_feed_lists_closed_cycles(built: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(built / "changelog" / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [
        "2026-H2 review cycle",
        "2026-H1 review cycle",
    ]
    assert feed.findtext("a:updated", namespaces=ns) == "2026-07-01T00:00:00Z"
    assert entries[0].find("a:link", ns).get("href") == (  # type: ignore[union-attr]
        "https://handbook.example.org/changelog/2026-h2/"
    )


def test_diff_against_git_revision_gives_the_same_changes(flow: Path) -> None:
    run = handbook(
        "diff", "HEAD~1", "--source", "src", "--format", "json", "--edition", "public", cwd=flow
    )
    assert run.code == 0, run.err
    assert sorted((c["kind"], c["id"]) for c in json.loads(run.out)) == sorted(EXPECTED)
    every = handbook("diff", "HEAD~1", "--source", "src", "--format", "json", cwd=flow)
    assert sorted((c["kind"], c["id"]) for c in json.loads(every.out)) == sorted(
        EXPECTED | INTERNAL_ONLY
    )


def test_diff_markdown_for_a_pull_request(flow: Path) -> None:
    run = handbook("diff", "HEAD~1", "--source", "src", "--format", "markdown", cwd=flow)
    assert run.code == 0, run.err
    assert run.out.startswith("## Policy changes since `HEAD~1`")
    for heading in ("Level changed", "Added", "Removed", "Reworded", "Moved", "Audience changed"):
        assert f"\n### {heading}\n" in run.out
    assert "<del>when</del>" in run.out
    assert "**Examples to re-check:** `EX-CYC-01`" in run.out
    same = handbook("diff", "HEAD", "--source", "src", cwd=flow)
    assert (same.code, same.out) == (0, "No policy changes since HEAD.\n")


def test_diff_unknown_revision_is_an_error(flow: Path) -> None:
    run = handbook("diff", "no-such-rev", "--source", "src", cwd=flow)
    assert run.code == 1
    assert run.err.startswith("src: error: git archive failed")
    assert "Traceback" not in run.err


# Bad input: every refusal names the place, exits 1 and writes nothing.


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def closed(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    run = close(tmp_path, "2026-H1", "2026-01-20")
    assert run.returncode == 0, run.stderr
    return tmp_path


@pytest.mark.parametrize(
    ("cycle_id", "date", "message"),
    [
        (
            "2026-H1",
            "2026-03-01",
            "src/cycles.yml:3:7: error: cycle '2026-H1' is already closed; "
            "cycle ids are never reused\n",
        ),
        (
            "2026-H2",
            "2025-12-31",
            "src/cycles.yml:4:11: error: date 2025-12-31 is earlier than the last cycle "
            "'2026-H1' (closed 2026-01-20)\n",
        ),
    ],
)
def test_close_refusals(closed: Path, cycle_id: str, date: str, message: str) -> None:
    before = snapshot_tree(closed)
    run = close(closed, cycle_id, date)
    assert (run.returncode, run.stderr) == (1, message + "1 error found.\n")
    assert snapshot_tree(closed) == before


def test_close_refuses_invalid_sources(closed: Path) -> None:
    edit(closed / "src" / "chapters" / "02-more.yml", "level: should", "level: shuold")
    before = snapshot_tree(closed)
    run = close(closed, "2026-H2", "2026-07-01")
    assert run.returncode == 1
    assert run.stderr.startswith("src/chapters/02-more.yml:15:12: error: expected one of")
    assert snapshot_tree(closed) == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    level: must\n",
            "    level: mustt\n",
            "src/snapshots/2026-H1.yml:25:12: error: expected one of 'must', 'should' or "
            "'may', found 'mustt' (did you mean 'must'?)",
        ),
        ("cycle: 2026-H1", "cycle: 2026-H9", "src/snapshots/2026-H1.yml:3:8: error: snapshot says"),
        ("chapters:", "chapters: [", "src/snapshots/2026-H1.yml:"),
    ],
)
def test_corrupt_snapshot_is_reported(closed: Path, old: str, new: str, message: str) -> None:
    file = closed / "src" / "snapshots" / "2026-H1.yml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot_tree(closed)
    run = handbook("check", "--source", "src", cwd=closed)
    assert run.code == 1
    assert run.err.startswith(message), run.err
    assert "Traceback" not in run.err
    refused = close(closed, "2026-H2", "2026-07-01")
    assert refused.returncode == 1 and refused.stderr.startswith(message)
    assert snapshot_tree(closed) == before


def test_close_refuses_a_summary_with_markup(closed: Path) -> None:
    """The summary is Markdown shown on the changelog page: what check would refuse in
    cycles.yml afterwards, closing refuses before writing anything."""
    before = snapshot_tree(closed)
    run = close(closed, "2026-H2", "2026-07-01", "--summary", "Done. <img src=x onerror=alert(1)>")
    assert run.returncode == 1
    assert "src/cycles.yml:" in run.stderr
    assert "error: HTML event-handler attribute 'onerror' is not allowed" in run.stderr
    assert snapshot_tree(closed) == before


def add_to_last_cycle(folder: Path, line: str) -> int:
    """Write ``line`` by hand at the end of the last entry of cycles.yml; its line number."""
    register = folder / "src" / "cycles.yml"
    text = register.read_text(encoding="utf-8")
    register.write_text(f"{text}  {line}\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def test_a_hand_written_summary_with_markup_is_reported(closed: Path) -> None:
    line = add_to_last_cycle(closed, "summary: Read [this](javascript:alert(1)).")
    run = handbook("check", "--source", "src", cwd=closed)
    assert run.code == 1
    assert run.err.startswith(
        f"src/cycles.yml:{line}:24: error: address 'javascript:alert(1)' in 'href' is not allowed"
    ), run.err


def test_cycle_without_snapshot_is_reported(closed: Path) -> None:
    (closed / "src" / "snapshots" / "2026-H1.yml").unlink()
    run = handbook("check", "--source", "src", cwd=closed)
    assert run.code == 1
    assert run.err == (
        "src/cycles.yml:3:7: error: cycle '2026-H1' has no snapshot: "
        "src/snapshots/2026-H1.yml is missing\n1 error found.\n"
    )


def test_review_status_lists_overdue_first(closed: Path) -> None:
    run = handbook("review-status", "--source", "src", "--today", "2026-08-01", cwd=closed)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "Review status on 2026-08-01: 3 overdue of 9"
    overdue = [line.split()[2] for line in lines[1:4]]
    assert overdue == ["CYC-MORE-01", "CYC-MORE-02", "more"]
    assert all(line.startswith("OVERDUE") for line in lines[1:4])
    assert "next 2026-07-20" in lines[1] and "owner: Company Secretary" in lines[1]
    assert not any(line.startswith("OVERDUE") for line in lines[4:])
    failing = handbook(
        "review-status", "--source", "src", "--today", "2026-08-01", "--fail-on-overdue", cwd=closed
    )
    assert failing.code == 1
    fine = handbook(
        "review-status", "--source", "src", "--today", "2026-02-01", "--fail-on-overdue", cwd=closed
    )
    assert fine.code == 0, fine.out


# --- the date the approved text takes effect -------------------------------------------------


def test_close_records_a_later_effective_date(closed: Path) -> None:
    run = close(closed, "2026-H2", "2026-07-01", "--effective", "2026-08-01")
    assert run.returncode == 0, run.stderr
    register = yaml.safe_load((closed / "src" / "cycles.yml").read_text(encoding="utf-8"))
    assert register[-1]["closed"] == dt.date(2026, 7, 1)
    assert register[-1]["effective"] == dt.date(2026, 8, 1)
    assert handbook("check", "--source", "src", cwd=closed).code == 0


def test_close_refuses_an_effective_date_before_approval(closed: Path) -> None:
    before = snapshot_tree(closed)
    run = close(closed, "2026-H2", "2026-07-01", "--effective", "2026-06-30")
    assert run.returncode == 2
    assert (
        "cycle '2026-H2' would take effect on 2026-06-30, before it was closed on 2026-07-01"
        in run.stderr
    )
    assert snapshot_tree(closed) == before


def test_check_refuses_an_effective_date_before_approval(closed: Path) -> None:
    line = add_to_last_cycle(closed, "effective: 2026-01-19")
    run = handbook("check", "--source", "src", cwd=closed)
    assert run.code == 1
    assert run.err == (
        f"src/cycles.yml:{line}:14: error: cycle '2026-H1' would take effect on 2026-01-19, "
        "before it was closed on 2026-01-20; give the closing date or a later one\n"
        "1 error found.\n"
    )


def _spelt(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def test_as_of_names_the_version_in_force_on_each_date() -> None:
    """Worked out here from cycles.yml: the last cycle whose effective (else closing) date is
    on or before the day; a period ends the day before the next one takes effect."""
    shipped = Path(__file__).parent.parent / "policy_src"
    register = yaml.safe_load((shipped / "cycles.yml").read_text(encoding="utf-8"))
    starts = [(c.get("effective") or c["closed"], c["id"]) for c in register]
    assert len(starts) >= 2
    days = [starts[0][0] - dt.timedelta(days=1)]
    for start, _ in starts:
        days += [start, start + dt.timedelta(days=1)]
    days += [starts[1][0] - dt.timedelta(days=1), dt.date(2099, 1, 1)]
    for day in days:
        run = handbook("as-of", day.isoformat(), "--source", shipped)
        assert run.code == 0, run.err
        valid = [(i, cycle) for i, (start, cycle) in enumerate(starts) if start <= day]
        if not valid:
            assert run.out.startswith(f"On {_spelt(day)} no approved version was in force")
            assert f"review cycle {starts[0][1]}, took effect on {_spelt(starts[0][0])}" in run.out
            continue
        i, cycle = valid[-1]
        assert f"the version in force was review cycle {cycle}," in run.out, day
        if i + 1 < len(starts):
            until = starts[i + 1][0] - dt.timedelta(days=1)
            assert f"until {_spelt(until)}." in run.out
        else:
            assert "(the current version)" in run.out


def test_check_refuses_a_version_that_takes_effect_before_the_one_it_replaces(
    closed: Path,
) -> None:
    run = close(closed, "2026-H2", "2026-07-01", "--effective", "2026-09-01")
    assert run.returncode == 0, run.stderr
    register = closed / "src" / "cycles.yml"
    text = register.read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "effective: 2026-09-01" in ln)
    # 2026-H1 (closed 2026-01-20) made to take effect after 2026-H2 does, by hand
    late = text.replace("closed: 2026-01-20\n", "closed: 2026-01-20\n  effective: 2026-10-01\n")
    register.write_text(late, encoding="utf-8")
    run = handbook("check", "--source", "src", cwd=closed)
    assert run.code == 1
    assert run.err.startswith(
        f"src/cycles.yml:{line + 1}:14: error: cycle '2026-H2' would take effect on 2026-09-01, "
        "before the previous cycle '2026-H1' does (2026-10-01)"
    ), run.err
    register.write_text(text, encoding="utf-8")
    third = close(closed, "2026-H3", "2026-08-01")  # takes effect before 2026-H2 does
    assert third.returncode == 1
    assert third.stderr.startswith(
        f"src/cycles.yml:{line}:14: error: cycle '2026-H3' would take effect on 2026-08-01, "
        "before the previous cycle '2026-H2' does (2026-09-01)"
    ), third.stderr
