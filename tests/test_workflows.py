"""The pull-request automation files: actionlint-clean workflows using only official, pinned
actions; CODEOWNERS generated from the chapter owners; pre-commit hooks that exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.publish.pipeline import check_sources
from tests.conftest import ROOT, SHIPPED, handbook

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflows_pass_actionlint() -> None:
    assert WORKFLOWS
    done = subprocess.run(
        [str(ACTIONLINT), "-no-color", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_only_official_version_pinned_actions(path: Path) -> None:
    uses = [step["uses"] for step in steps(load(path)) if "uses" in step]
    assert uses
    for action in uses:
        assert re.fullmatch(r"actions/[a-z-]+@v[0-9]+(\.[0-9]+)*", action), action


def test_pull_request_workflow_checks_builds_and_comments() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    runs = "\n".join(str(step.get("run", "")) for step in steps(workflow))
    for command in (
        "handbook check --format github",
        "handbook build --edition public --draft --out site",
        "handbook diff ",
        "--format markdown",
        "make test",
    ):
        assert command in runs
    uses = [step.get("uses", "").split("@")[0] for step in steps(workflow)]
    assert {"actions/checkout", "actions/upload-artifact", "actions/github-script"} <= set(uses)


def test_pull_requests_run_with_least_privilege() -> None:
    """Untrusted code runs with a read-only token and no secrets, never with the target
    repository's rights; what a pull request shows is the public edition only."""
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert set(workflow[True]) == {"pull_request"}  # never pull_request_target
    assert workflow["permissions"] == {"contents": "read"}
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text()
    assert "secrets." not in text
    for name, job in workflow["jobs"].items():
        runs = [str(step.get("run", "")) for step in job.get("steps", [])]
        if any("handbook" in run or "make" in run for run in runs):
            assert job.get("permissions") == {"contents": "read"}, name
            assert "internal" not in "\n".join(runs), name
            for run in runs:
                for verb in ("handbook build", "handbook pdf", "handbook diff"):
                    if verb in run:
                        assert "--edition public" in run, run
        else:  # the job that writes the comment runs none of the pull request's code
            assert "checkout" not in str(job), name


def test_main_publishes_to_github_pages() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "").split("@")[0] for step in steps(workflow)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):  # fmt: skip
        assert action in uses
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    runs = "\n".join(str(step.get("run", "")) for step in steps(workflow))
    assert "handbook build" in runs
    assert "--draft" not in runs  # what employees read is the approved text


def test_committed_codeowners_equals_fresh_output() -> None:
    run = handbook("codeowners", "--check")
    assert run.code == 0, run.err
    assert run.err == ""  # every owner role has a GitHub team


def test_codeowners_names_each_chapter_owner_team() -> None:
    hb, _ = check_sources(SHIPPED)
    assert hb is not None
    rules = {}
    for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines():
        if line and not line.startswith("#"):
            pattern, *owners = line.split()
            rules[pattern] = owners
    assert rules["/policy_src/"] == [hb.meta.github_teams[hb.meta.owner]]
    files = sorted(p.name for p in (SHIPPED / "chapters").glob("*.yml"))
    for chapter, name in zip(hb.chapters, files, strict=True):
        assert chapter.owner
        assert hb.meta.github_teams[chapter.owner] in rules[f"/policy_src/chapters/{name}"]


def test_unmapped_owner_is_reported_not_invented(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "CODEOWNERS"
    run = handbook("codeowners", "--source", mini, "--out", out, cwd=mini)
    assert run.code == 0
    assert "warning: no github_teams entry for 'Head of Social Media'" in run.err
    assert "@" not in out.read_text()


def test_pre_commit_hooks_run_existing_commands() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert "handbook check" in entries
    for entry in entries:
        if entry.startswith("handbook "):
            args = entry.split()[1:]
            assert handbook(*args).code == 0, entry


def test_make_test_installs_what_the_tests_need_first() -> None:
    """`make test` (CI on a clean clone) depends on the virtual environment and on axe-core
    from npm: as make read the rule, not only where they are set (make's database, dry run)."""
    database = subprocess.run(
        ["make", "--no-print-directory", "-pn", "test"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    rule = next(line for line in database.splitlines() if line.startswith("test:"))
    assert set(rule.split()[1:]) >= {
        ".venv/.installed",
        "tests/axe/node_modules/axe-core/axe.min.js",
    }
