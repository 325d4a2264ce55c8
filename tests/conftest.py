"""Shared fixtures: the real CLI in a subprocess and real MkDocs builds of the handbook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Pictures and reports for a person to look at (page images, screenshots, axe reports): a
#: temporary folder unless HANDBOOK_TEST_ARTEFACTS names one to keep them in.
ARTEFACTS = Path(
    os.environ.get("HANDBOOK_TEST_ARTEFACTS") or tempfile.mkdtemp(prefix="handbook-test-artefacts-")
)
SHIPPED = ROOT / "policy_src"
MINI = ROOT / "tests" / "fixtures" / "mini"


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
        result = CliRunner().invoke(
            main, [str(a) for a in args], env={"NO_MKDOCS_2_WARNING": "1", **(env or {})}
        )
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def handbook_process(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run the real ``handbook`` command line in a new process."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
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


@pytest.fixture(scope="session", autouse=True)
def layout_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The layout cache of every build in the tests: a temporary folder, never the user's."""
    folder = tmp_path_factory.mktemp("layout-cache")
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


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("public") / "site"
    run = handbook("build", "--out", out)
    assert run.code == 0, run.err
    yield out


@pytest.fixture(scope="session")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("internal") / "site"
    run = handbook("build", "--edition", "internal", "--out", out)
    assert run.code == 0, run.err
    yield out
