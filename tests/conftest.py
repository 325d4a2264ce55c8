"""Shared fixtures: the real CLI in a subprocess and real MkDocs builds of the handbook."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
#: Pictures and reports for a person to look at (page images, screenshots, axe reports): a
#: temporary folder unless HANDBOOK_TEST_ARTEFACTS names one to keep them in.
ARTEFACTS = Path(
    os.environ.get("HANDBOOK_TEST_ARTEFACTS") or tempfile.mkdtemp(prefix="handbook-test-artefacts-")
)
SHIPPED = ROOT / "policy_src"
#: The date every shared build of the shipped handbook carries, as a published build does
#: (SOURCE_DATE_EPOCH): 2026-01-01T00:00:00Z.
EPOCH = 1767225600
MINI = ROOT / "tests" / "fixtures" / "mini"


@functools.cache
def published(root: Path = SHIPPED) -> dict[str, Any]:
    """What a default build of ``root`` shows, read as plain YAML rather than through the
    loader: the snapshot of the latest closed review cycle (sections ``handbook``,
    ``chapters``, ``examples``, ``glossary``)."""
    cycles = yaml.safe_load((root / "cycles.yml").read_text(encoding="utf-8"))
    snapshot = root / "snapshots" / f"{cycles[-1]['id']}.yml"
    data: dict[str, Any] = yaml.safe_load(snapshot.read_text(encoding="utf-8"))
    return data


#: The environment of every run of the CLI in the tests. HANDBOOK_LANGUAGES=false: a build
#: leaves out the site in each translation's language (tests/test_languages.py builds them,
#: once per session, on the small handbook), so that every other build keeps its time.
QUIET = {"NO_MKDOCS_2_WARNING": "1", "HANDBOOK_LANGUAGES": "false"}


@dataclass
class Run:
    code: int
    out: str
    err: str


def handbook(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run the real ``handbook`` command line: in this process through click's test runner (the
    same group, verbs and error handling, without a new interpreter each time), or in a new
    process when ``HANDBOOK_TEST_SUBPROCESS=1`` (``test_the_command_runs_as_a_program`` always
    starts one)."""
    if os.environ.get("HANDBOOK_TEST_SUBPROCESS") == "1":
        return handbook_process(*args, cwd=cwd, env=env)
    from click.testing import CliRunner

    from build_tools.cli.main import main

    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, [str(a) for a in args], env={**QUIET, **(env or {})})
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def close_cycle(folder: Path, cycle: str, date: str, *extra: str) -> None:
    """Close review cycle ``cycle`` of the sources in ``folder/src`` (approved by the Board on
    ``date``), through the real command; ``extra`` options such as ``--editorial ID``."""
    run = handbook(
        "cycle", "close", cycle, "--date", date, "--approved-by", "Board", *extra,
        "--source", "src", cwd=folder,
    )  # fmt: skip
    assert run.code == 0, run.err


def handbook_process(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run the real ``handbook`` command line in a new process."""
    full_env = {**os.environ, **QUIET, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "build_tools", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=600,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def project_with_page(tmp_path: Path, name: str, markdown: str) -> Path:
    """A copy of the site project (mkdocs.yml, docs/, overrides/) with one more docs page."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "docs" / name).write_text(markdown, encoding="utf-8")
    return project


def shared(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that ``make`` fills once per test session, however many workers pytest-xdist
    runs: the first worker to ask makes it under a file lock, the others wait and read it.
    Tests only read it. A worker that failed half-way leaves no mark, and the next one
    starts again from an empty folder."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the session's folder, above each worker's own
    folder = base / "shared" / name
    done = folder.with_name(name + ".done")
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(folder.with_name(name + ".lock")):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session", autouse=True)
def layout_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The layout cache of every build in the tests: a temporary folder, never the user's,
    shared by the session's workers as builds on one machine share the user's."""
    folder = shared(tmp_path_factory, "layout-cache", lambda _: None)
    previous = os.environ.get("HANDBOOK_CACHE_DIR")
    os.environ["HANDBOOK_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["HANDBOOK_CACHE_DIR"]
    else:
        os.environ["HANDBOOK_CACHE_DIR"] = previous


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture handbook."""
    target = tmp_path / "src"
    shutil.copytree(MINI, target)
    return target


def _build_site(*args: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        run = handbook(
            "build", *args, "--out", folder / "site", env={"SOURCE_DATE_EPOCH": str(EPOCH)}
        )
        assert run.code == 0, run.err

    return make


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped handbook's public site with its PDF, built once per session (the archive
    of versions, each audience's PDF, four more books to lay out, and each translation's PDF
    are tested on a smaller book: tests/test_archive.py, tests/test_home_roles.py,
    tests/test_language_pdf.py)."""
    make = _build_site("--no-archive", "--no-role-pdfs", "--no-language-pdfs")
    return shared(tmp_path_factory, "public", make) / "site"


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build of the small handbook (site, PDF and each audience's PDF), a draft (it has
    no review cycle), built once per session."""
    return shared(tmp_path_factory, "mini", _build_site("--source", str(MINI))) / "site"


@pytest.fixture(scope="session")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped handbook's internal site, built once per session (its print handbook is
    laid out like the public one: the editions' PDFs are compared on the small book)."""
    make = _build_site("--edition", "internal", "--no-archive", "--no-pdf")
    return shared(tmp_path_factory, "internal", make) / "site"


#: The modules that take longest, in that order: run first, so that pytest-xdist's workers
#: (each takes the next whole module when it is free) finish at about the same time.
LONGEST_FIRST = (
    "test_accessibility",
    "test_languages",
    "test_archive",
    "test_parallel_pdf",
    "test_pdf",
    "test_language_pdf",
    "test_hostile_corpus",
    "test_browser",
    "test_search",
    "test_preview",
    "test_quiz_site",
    "test_editions",
    "test_onboarding",
    "test_outputs",
    "test_validation",
    "test_hostile",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        module = item.path.stem
        return LONGEST_FIRST.index(module) if module in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order within a module, and of the others, is kept
