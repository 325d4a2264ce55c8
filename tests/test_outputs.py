"""Outputs never destroy data, and what the operating system refuses is one line, exit 1.

- ``--out`` replaces only an empty folder or the output of an earlier build (it carries
  ``.handbook-output``); the repository, the sources or any other folder is refused untouched
  (exit 2: the command was used wrongly).
- ``handbook pdf --out`` overwrites only a PDF, and delivers nothing that has not been checked:
  a PDF planted where the output goes (with the old checksum file beside it) is laid out again
  and leak-checked, and so is a forged entry of the layout cache.
- A read-only output folder (the command runs as an unprivileged user) and a full disk (a file
  size limit on the process: writes fail as on a full disk) give one line naming the path, exit
  1, and leave the previous output as it was.
- ``cycle close`` refuses, before writing anything, a snapshot the loader would refuse.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.printbook.pdf import HANDBOOK_OPTIONS, layout_key
from build_tools.publish.output import MARKER
from build_tools.publish.pipeline import load_edition, print_html
from tests.conftest import MINI, ROOT, Run, handbook

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("verb", ["build", "markdown"])
def test_out_refuses_a_folder_that_no_build_wrote(verb: str, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "thesis.txt").write_text("three years of work")
    run = handbook(verb, "--source", mini, "--out", out, *(["--no-pdf"] if verb == "build" else []))
    assert run.code == 2  # the command was used wrongly
    assert run.err.strip() == (
        f"{out}: error: refusing to replace this folder: it is not empty and was not written "
        f"by a handbook build (no {MARKER} in it); choose an empty or new folder"
    )
    assert _tree(out) == {"thesis.txt": b"three years of work"}


def test_out_refuses_the_folder_it_runs_in(mini: Path, tmp_path: Path) -> None:
    project = tmp_path / "repo"
    shutil.copytree(mini, project / "policy_src")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / MARKER).write_text("planted by a pull request")  # a marker does not make it ours
    before = _tree(project)
    for out in (".", ".."):
        run = handbook("markdown", "--out", out, cwd=project)
        assert run.code == 2 and "it holds the current folder" in run.err, run.err
    assert _tree(project) == before


def test_out_replaces_an_earlier_build_and_removes_leftovers(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert handbook("markdown", "--source", mini, "--out", out).code == 0
    assert (out / MARKER).is_file() and (out / "index.md").is_file()
    dead = tmp_path / ".pages-new-999999999-abc"  # left by a build that was killed
    dead.mkdir()
    (dead / "half.md").write_text("half written")
    alive = tmp_path / f".pages-new-{os.getpid()}-abc"  # a build still running: kept
    alive.mkdir()
    run = handbook("markdown", "--source", mini, "--out", out)
    assert run.code == 0, run.err
    assert not dead.exists() and alive.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "pages", "src"]


def test_pdf_out_refuses_to_overwrite_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "README.md"
    out.write_text("# My notes\n")
    run = handbook("pdf", "--source", MINI, "--out", out)
    assert run.code == 2
    assert run.err.strip() == (
        f"{out}: error: refusing to overwrite a file that is not a PDF; choose another file name"
    )
    assert out.read_text() == "# My notes\n"


@pytest.fixture(scope="module")
def internal_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("internal") / "internal.pdf"
    run = handbook("pdf", "--source", MINI, "--edition", "internal", "--out", out)
    assert run.code == 0, run.err
    return out.read_bytes()


def test_a_planted_stale_pdf_is_laid_out_again(tmp_path: Path, internal_pdf: bytes) -> None:
    """The internal PDF and the checksum file that used to mean "unchanged" are planted where
    the public one goes: the public PDF is laid out, leak-checked and written over it."""
    out = tmp_path / "handbook.pdf"
    out.write_bytes(internal_pdf)
    html = print_html(load_edition(MINI, "public"))
    (tmp_path / "handbook.pdf.sha256").write_text(layout_key(html, HANDBOOK_OPTIONS) + "\n")
    run = handbook("pdf", "--source", MINI, "--out", out)
    assert run.code == 0, run.err
    assert out.read_bytes() != internal_pdf
    assert b"ZEBRAQUILL" not in out.read_bytes()  # the internal clause's phone code


def test_a_forged_cache_entry_is_leak_checked(tmp_path: Path, internal_pdf: bytes) -> None:
    """Someone who can write the cache folder puts the internal PDF, with a header that
    verifies, where the public PDF's layout is kept: the leak check still stops it."""
    cache = tmp_path / "cache"
    env = {"HANDBOOK_CACHE_DIR": str(cache)}
    out = tmp_path / "public.pdf"
    assert handbook("pdf", "--source", MINI, "--out", out, env=env).code == 0
    good = out.read_bytes()
    [entry] = (cache / "books").rglob("*.entry")
    header = {
        "key": entry.name.removesuffix(".entry"),
        "sha256": hashlib.sha256(internal_pdf).hexdigest(),
        "size": len(internal_pdf),
    }
    entry.write_bytes(json.dumps(header).encode() + b"\n" + internal_pdf)
    run = handbook("pdf", "--source", MINI, "--out", out, env=env)
    assert run.code == 1
    assert "leak check failed for the public edition" in run.err
    assert "MINI-BASIC-03" in run.err
    assert out.read_bytes() == good


def _unprivileged() -> list[str]:
    """A command prefix that drops root (whose writes no folder mode stops)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to run a command without root"
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder every user may enter (tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="handbook-os-"))
    folder.chmod(0o755)
    shutil.copytree(MINI, folder / "src")
    for path in [folder / "src", *(folder / "src").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    cache = folder / "cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, prefix: list[str], *args: str | Path, limit: int | None = None) -> Run:
    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {
        **os.environ,
        "HANDBOOK_CACHE_DIR": str(folder / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(folder),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "build_tools", *map(str, args)],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=limited,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def test_a_read_only_output_folder_is_one_line(shared: Path) -> None:
    out = shared / "readonly" / "pages"
    first = _run(shared, [], "markdown", "--source", "src", "--out", out)
    assert first.code == 0, first.err
    for path in [out.parent, out, *out.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = _tree(out)
    run = _run(shared, _unprivileged(), "markdown", "--source", "src", "--out", out)
    assert run.code == 1
    assert run.err.splitlines() == [f"{out.parent}: error: Permission denied"]
    assert _tree(out) == before
    out.parent.chmod(0o755)


def test_a_full_disk_is_one_line_and_keeps_the_old_pdf(shared: Path) -> None:
    out = shared / "handbook.pdf"
    first = _run(shared, [], "pdf", "--source", "src", "--out", out)
    assert first.code == 0, first.err
    old = out.read_bytes()
    (shared / "src" / "chapters" / "01-basics.yml").write_text(
        (MINI / "chapters" / "01-basics.yml").read_text().replace("Disclose", "Declare")
    )
    shutil.rmtree(shared / "cache")
    run = _run(shared, [], "pdf", "--source", "src", "--out", out, limit=20_000)
    assert run.code == 1
    [line] = run.err.splitlines()
    assert line.endswith(": error: File too large"), line
    assert "Traceback" not in run.err
    assert out.read_bytes() == old
    assert sorted(p.name for p in shared.iterdir() if p.name.startswith(".")) == []


def test_cycle_close_refuses_a_snapshot_the_loader_would_refuse(mini: Path) -> None:
    """Two chapter files of 600 KB each pass; their snapshot, one file of 1.2 MB, would not."""
    clause = (
        "  - id: BIG-{c}-{n:03d}\n    title: Rule {c} {n}\n    level: should\n"
        "    text: You should keep this rule in mind. {filler}\n"
    )
    filler = "Words that carry the weight of the rule. " * 30
    for c in ("A", "B"):
        body = "".join(clause.format(c=c, n=n, filler=filler) for n in range(480))
        (mini / "chapters" / f"9{c}-big.yml").write_text(
            f"id: big-{c.lower()}\ntitle: Big {c}\nclauses:\n{body}"
        )
        assert 500_000 < (mini / "chapters" / f"9{c}-big.yml").stat().st_size < 1024 * 1024
    assert handbook("check", "--source", mini).code == 0
    before = _tree(mini)
    run = handbook(
        "cycle", "close", "2027-H1", "--date", "2027-01-10", "--approved-by", "Board",
        "--source", mini,
    )  # fmt: skip
    assert run.code == 1
    assert "snapshots/2027-H1.yml:1:1: error: the snapshot would be 1." in run.err
    assert "nothing was written" in run.err
    assert _tree(mini) == before
    assert handbook("check", "--source", mini).code == 0
