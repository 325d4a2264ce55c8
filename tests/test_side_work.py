"""The site build's side work (build_tools/publish/side_work.py) gives the same results in a
side process as here, and never trusts a page's check for bytes that are not in the file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import material
import pytest

from build_tools.publish import leakcheck, side_work
from build_tools.publish.pipeline import load_edition
from build_tools.publish.side_work import SideWork
from build_tools.site import search
from build_tools.source import sanitize
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "editions"
SECRET = "Remember: the Lanternfish line is the OPALDRIFT number."  # an internal term's words
HOSTILE = (
    '<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:x()">link</a>'
    '<img src="https://evil.example/x.png"><span id="__config">c</span></p>'
)


@pytest.fixture(params=[True, False], ids=["side process", "here"])
def side(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SideWork]:
    build = load_edition(FIXTURE, "public", draft=True)
    work = SideWork(tmp_path, build.full, build.handbook, "public", fork=request.param)
    assert (work.pool is not None) is request.param
    yield work
    work.close()


def _page(folder: Path, name: str, text: str) -> tuple[Path, bytes]:
    file = folder / name
    file.parent.mkdir(parents=True, exist_ok=True)
    data = f"<html><body><main><p>{text}</p></main></body></html>".encode()
    return file, data


def test_same_results_with_or_without_a_side_process(side: SideWork) -> None:
    build = load_edition(FIXTURE, "public", draft=True)
    assert side.markers() == leakcheck.markers(build.full, "public")
    assert side.markers(), "the fixture's public edition excludes items"
    assert side.clause_texts() == search.clause_texts(build.handbook)
    hosts = frozenset({"images.example"})
    assert side.run(sanitize.clean, HOSTILE, image_hosts=hosts)() == sanitize.clean(
        HOSTILE, image_hosts=hosts
    )
    assert "script" not in side.run(sanitize.clean, HOSTILE)()


def test_a_page_checked_as_written_reports_its_leak(side: SideWork, tmp_path: Path) -> None:
    file, data = _page(tmp_path, "notes/index.html", SECRET)
    side.page(file, data)
    file.write_bytes(data)
    clean, clean_data = _page(tmp_path, "index.html", "Nothing internal here at all.")
    side.page(clean, clean_data)
    clean.write_bytes(clean_data)
    leaks = side.leaks()
    assert [(leak.file, leak.item) for leak in leaks] == [
        ("notes/index.html", "term 'Lanternfish line'")
    ]


def test_a_page_changed_after_its_check_is_read_again(side: SideWork, tmp_path: Path) -> None:
    """What counts is the file: a page whose bytes changed after they were handed over (by
    another plugin, say) is checked again as written, both ways."""
    file, harmless = _page(tmp_path, "a/index.html", "Nothing internal here at all.")
    side.page(file, harmless)
    _, leaking = _page(tmp_path, "a/index.html", SECRET)
    file.write_bytes(leaking)
    other, secret = _page(tmp_path, "b/index.html", SECRET)
    side.page(other, secret)
    other.write_bytes(harmless)
    assert [leak.file for leak in side.leaks()] == ["a/index.html"]


def test_files_never_handed_over_are_read(side: SideWork, tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(f'{{"docs": ["{SECRET}"]}}')
    assert [leak.file for leak in side.leaks()] == ["search/search_index.json"]


@pytest.mark.parametrize(
    ("cpus", "threads", "expected"),
    [(1, 1, False), (2, 1, True), (8, 1, True), (2, 3, False)],
)
def test_a_side_process_only_with_a_second_cpu_and_one_thread(
    cpus: int, threads: int, expected: bool
) -> None:
    assert side_work.wanted(cpus, threads) is expected


def _kill(work: SideWork) -> None:
    """End the side process as the kernel's memory killer would, and wait until it is gone."""
    assert work.pool is not None
    processes = list(work.pool._processes.values())
    for process in processes:
        os.kill(process.pid, signal.SIGKILL)
    for process in processes:
        process.join(timeout=10)


def test_a_side_process_that_died_costs_time_never_a_check(tmp_path: Path) -> None:
    build = load_edition(FIXTURE, "public", draft=True)
    work = SideWork(tmp_path, build.full, build.handbook, "public", fork=True)
    try:
        file, data = _page(tmp_path, "notes/index.html", SECRET)
        work.page(file, data)
        _kill(work)
        file.write_bytes(data)
        later, more = _page(tmp_path, "later/index.html", SECRET)
        work.page(later, more)  # handed over after the end: checked here
        later.write_bytes(more)
        assert sorted(leak.file for leak in work.leaks()) == [
            "later/index.html",
            "notes/index.html",
        ]
        assert work.run(sanitize.clean, HOSTILE)() == sanitize.clean(HOSTILE)
        assert work.clause_texts() == search.clause_texts(build.handbook)
    finally:
        work.close()


def _stop(work: SideWork) -> int:
    """Make the side process hang (stopped: it finishes nothing more), once it has finished
    what it was given; its pid."""
    assert work.pool is not None and work.found is not None
    work.found.result(timeout=30)
    [process] = work.pool._processes.values()
    assert process.pid is not None
    os.kill(process.pid, signal.SIGSTOP)
    return process.pid


def test_a_hung_side_process_is_given_up_and_its_work_done_here(tmp_path: Path) -> None:
    build = load_edition(FIXTURE, "public", draft=True)
    work = SideWork(tmp_path, build.full, build.handbook, "public", fork=True)
    work.stall = 0.5
    try:
        pid = _stop(work)
        file, data = _page(tmp_path, "notes/index.html", SECRET)
        work.page(file, data)  # handed over, never checked there
        file.write_bytes(data)
        clean = work.run(sanitize.clean, HOSTILE)
        started = time.monotonic()
        assert [leak.file for leak in work.leaks()] == ["notes/index.html"]
        assert time.monotonic() - started < 10
        assert not work.forked
        assert _ends(pid)  # killed, not left stopped
        assert clean() == sanitize.clean(HOSTILE)
    finally:
        work.close()


def test_closing_a_hung_side_process_kills_it(tmp_path: Path) -> None:
    """A build that fails while its side process hangs, asking it nothing more, still ends."""
    build = load_edition(FIXTURE, "public", draft=True)
    work = SideWork(tmp_path, build.full, build.handbook, "public", fork=True)
    work.stall = 0.5
    pid = _stop(work)
    started = time.monotonic()
    work.close()
    assert time.monotonic() - started < 10
    assert _ends(pid)


def test_a_side_process_waiting_for_work_is_not_hung(tmp_path: Path) -> None:
    """The clock starts again when a job is handed over: a side process idle for longer than
    the stall (while MkDocs converts the pages, say) still does the next job."""
    build = load_edition(FIXTURE, "public", draft=True)
    work = SideWork(tmp_path, build.full, build.handbook, "public", fork=True)
    work.stall = 0.5
    try:
        assert work.found is not None
        work.found.result(timeout=30)
        time.sleep(1.0)
        file, data = _page(tmp_path, "notes/index.html", SECRET)
        work.page(file, data)
        file.write_bytes(data)
        assert [leak.file for leak in work.leaks()] == ["notes/index.html"]
        assert work.forked  # its answer was taken: nothing was given up
    finally:
        work.close()


_HALF_SENT = """
import gc, os, signal, struct, sys, threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from build_tools.publish.pipeline import load_edition
from build_tools.publish.side_work import SideWork

def half_sent():  # in the side process: half a result on the pipe, then it hangs or dies
    pool = next(o for o in gc.get_objects() if isinstance(o, ProcessPoolExecutor))
    os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 1_000_000) + b"x" * 100)
    os.kill(os.getpid(), getattr(signal, sys.argv[3]))

build = load_edition(Path(sys.argv[1]), "public", draft=True)
work = SideWork(Path(sys.argv[2]), build.full, build.handbook, "public", fork=True)
work.stall = 0.5
work.markers()
future = work._submit(half_sent)
print(work._result(future, lambda: "here"))
work.close()
print(threading.active_count())
"""


@pytest.mark.parametrize("signal_name", ["SIGSTOP", "SIGKILL"])
def test_a_side_process_that_ends_half_way_through_a_result_lets_the_build_exit(
    tmp_path: Path, signal_name: str
) -> None:
    """Stopped or killed while sending a result, it leaves half of it on the pipe: the work
    is done here, and the pool's thread that read the pipe ends, so the build can exit."""
    done = subprocess.run(
        [sys.executable, "-c", _HALF_SENT, str(FIXTURE), str(tmp_path), signal_name],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["here", "1"]


def test_closing_leaves_no_thread_and_a_healthy_side_process_ends_by_itself(
    tmp_path: Path,
) -> None:
    build = load_edition(FIXTURE, "public", draft=True)
    before = threading.active_count()
    work = SideWork(tmp_path, build.full, build.handbook, "public", fork=True)
    assert work.pool is not None
    processes = list(work.pool._processes.values())
    work.markers()
    work.close()
    assert threading.active_count() == before
    assert [process.exitcode for process in processes] == [0]  # not killed: -9


_ORPHAN = """
import sys, time
from pathlib import Path
from build_tools.publish.pipeline import load_edition
from build_tools.publish.side_work import SideWork
build = load_edition(Path(sys.argv[1]), "public", draft=True)
work = SideWork(Path(sys.argv[2]), build.full, build.handbook, "public", fork=True)
print(*(p.pid for p in work.pool._processes.values()), flush=True)
time.sleep(60)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be read


def _ends(pid: int) -> bool:
    """Whether process ``pid`` is gone within 10 s (the kernel takes a moment to end one)."""
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _running(pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_the_side_process_ends_with_the_build(tmp_path: Path) -> None:
    """A build killed (Ctrl-C twice, a CI timeout) takes its side process with it."""
    with subprocess.Popen(
        [sys.executable, "-c", _ORPHAN, str(FIXTURE), str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as build:
        assert build.stdout is not None
        side = int(build.stdout.readline())
        assert _running(side)
        build.kill()
    assert _ends(side)


def test_the_theme_s_own_scripts_are_skipped_and_nothing_else(tmp_path: Path) -> None:
    """Material's scripts are not read (they are the theme's, byte for byte); a script or page
    under the same folder that is not, or a site that itself lies under such a folder, is."""
    site = tmp_path / "assets" / "javascripts" / "site"
    theme = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    bundle = next(theme.glob("bundle.*.min.js"))
    scripts = site / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    shutil.copy(bundle, scripts / bundle.name)
    (scripts / "notes.js").write_text(f"const notes = '{SECRET}';")
    (scripts / "notes").mkdir()
    (scripts / "notes" / "index.html").write_text(f"<p>{SECRET}</p>")
    (site / "index.html").write_text(f"<p>{SECRET}</p>")
    build = load_edition(FIXTURE, "public", draft=True)
    found = leakcheck.markers(build.full, "public")
    marked = (scripts / bundle.name).read_text() + SECRET
    (scripts / "workers").mkdir()
    (scripts / "workers" / bundle.name).write_text(marked)  # not where the theme has it
    leaks = sorted(leak.file for leak in leakcheck.scan(site, found))
    assert leaks == [
        "assets/javascripts/notes.js",
        "assets/javascripts/notes/index.html",
        f"assets/javascripts/workers/{bundle.name}",
        "index.html",
    ]
