"""The package as users get it: a built wheel holds every subpackage, the templates and the
plugin's entry point, and, installed into a fresh virtual environment, builds the shipped
handbook's site and a print handbook from outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_wheel_installs_and_builds_the_handbook(tmp_path: Path) -> None:
    source = tmp_path / "source"  # built from a copy: setuptools writes build/ beside it
    shutil.copytree(ROOT / "build_tools", source / "build_tools")
    shutil.copy(ROOT / "pyproject.toml", source / "pyproject.toml")
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", tmp_path / "dist", source],
        cwd=tmp_path,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packages = sorted(p.parent.name for p in (ROOT / "build_tools").glob("*/__init__.py"))
    assert len(packages) >= 10
    # Every file of the package (modules, templates, styles), wherever it lies: a build that
    # needs a file the wheel lacks fails only where that file is used.
    files = sorted(
        f.relative_to(ROOT).as_posix()
        for f in (ROOT / "build_tools").rglob("*")
        if f.is_file() and "__pycache__" not in f.parts
    )
    assert "build_tools/templates/print.html.j2" in files
    assert [f for f in files if f not in names] == []
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "build_tools.publish.plugin:HandbookPlugin"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )

    # A fresh environment: the wheel, and this environment's dependencies (offline), nothing
    # of the repository (the editable install's finder is not loaded from a .pth path).
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    fresh = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    fresh.mkdir(parents=True, exist_ok=True)
    (fresh / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(fresh)
    python = venv / "bin" / "python"
    project = tmp_path / "project"
    for folder in ("docs", "overrides", "policy_src"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    env = {**os.environ, "PYTHONPATH": "", "NO_MKDOCS_2_WARNING": "1"}
    where = _run([python, "-c", "import build_tools; print(build_tools.__file__)"], project, env)
    assert where.startswith(str(fresh)), where
    # The site (the archive of versions and the translations' sites are built in-process
    # elsewhere: tests/test_archive.py, tests/test_shipped_languages.py; every file they use
    # is in the wheel, above), then a print handbook.
    env["HANDBOOK_LANGUAGES"] = "false"
    _run(
        [python, "-m", "build_tools", "build", "--no-pdf", "--no-archive", "--out", "site"],
        project,
        env,
    )
    assert (project / "site" / "chapters" / "privacy" / "index.html").is_file()
    _run([python, "-m", "build_tools", "pdf", "--source", MINI, "--out", "mini.pdf"], project, env)
    assert (project / "mini.pdf").read_bytes().startswith(b"%PDF-")
