"""JSON Schemas for editors: generated from the model, committed, and in step with the checker."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from build_tools.editor.schema import (
    FORMAT_PAGE,
    KINDS,
    format_reference,
    schema_files,
    vscode_mapping,
)
from build_tools.source.model import (
    Chapter,
    Clause,
    Cycle,
    Edition,
    Example,
    HandbookMeta,
    LintConfig,
)
from tests.conftest import MINI, ROOT, SHIPPED, handbook
from tests.test_validation import CORPUS, EXPECTED, plant

SCHEMAS = ROOT / "schemas"
# Bad-input cases that are a matter of the file's shape, which an editor can flag as you type.
SCHEMA_MATTERS = ["wrong-type", "missing-key", "unknown-key", "bad-enum", "bad-id"]


def as_editor_sees(value: Any) -> Any:
    """YAML values as the YAML language server hands them to the schema (dates as text)."""
    if isinstance(value, dict):
        return {k: as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validator_for(relative: Path) -> jsonschema.Draft202012Validator:
    """The validator that .vscode/settings.json assigns to a file under the source folder."""
    for schema_file, pattern in vscode_mapping().items():
        if relative.match(pattern.removeprefix("policy_src/")):
            return jsonschema.Draft202012Validator(json.loads((ROOT / schema_file).read_text()))
    raise AssertionError(f"no schema maps {relative}")


def source_files(root: Path) -> list[Path]:
    return sorted(
        p
        for pattern in (
            "handbook.yml",
            "glossary.yml",
            "cycles.yml",
            "chapters/*.yml",
            "examples/*.yml",
        )
        for p in root.glob(pattern)
    )


def errors_in(root: Path, path: Path) -> list[str]:
    data = as_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))
    validator = validator_for(path.relative_to(root))
    return [e.message for e in validator.iter_errors(data)]


def test_committed_schemas_equal_fresh_ones() -> None:
    fresh = schema_files()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")}
    assert committed == fresh, "run `handbook schema` and commit schemas/"
    assert handbook("schema", "--check").code == 0


def test_schemas_are_valid_json_schema() -> None:
    for text in schema_files().values():
        jsonschema.Draft202012Validator.check_schema(json.loads(text))


def test_vscode_maps_every_kind_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == vscode_mapping()
    for schema_file in settings["yaml.schemas"]:
        assert (ROOT / schema_file).is_file()


@pytest.mark.parametrize("root", [SHIPPED, MINI], ids=["shipped", "mini"])
def test_schema_accepts_every_shipped_source_file(root: Path) -> None:
    files = source_files(root)
    assert len(files) >= 4
    assert {path.name: errors_in(root, path) for path in files} == {p.name: [] for p in files}


@pytest.mark.parametrize("case", SCHEMA_MATTERS)
def test_schema_rejects_each_schema_matter(case: str, mini: Path) -> None:
    target = plant(CORPUS / f"{case}.yml", mini)
    assert target == EXPECTED[case][0]
    assert errors_in(mini, mini / target) != []


def test_schema_rejects_undeclared_mapping_keys(mini: Path) -> None:
    settings = mini / "handbook.yml"
    settings.write_text(settings.read_text().replace("  board:", "  Board Members:"))
    assert any("Board Members" in e for e in errors_in(mini, settings))


GITHUB = re.compile(r"^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+)::(.+)$")


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_github_format_marks_each_problem_on_its_line(case: str, mini: Path) -> None:
    plant(CORPUS / f"{case}.yml", mini)
    file, line, column, message = EXPECTED[case]
    run = handbook("check", "--format", "github", "--source", mini, cwd=mini)
    assert run.code == 1
    marks = [GITHUB.match(out) for out in run.out.splitlines()]
    assert all(marks), run.out
    found = [(m[2], int(m[3]), int(m[4]), m[5]) for m in marks if m and m[1] == "error"]
    assert (file, line, column, message.replace("%", "%25")) in found


def test_github_format_escapes_newlines_and_percent() -> None:
    from build_tools.cli.common import annotation
    from build_tools.source.model import Location
    from build_tools.source.problems import Problem

    problem = Problem(Location("a,b:c.yml", 3, 4), "100% wrong\nsecond line")
    assert (
        annotation(problem) == "::error file=a%2Cb%3Ac.yml,line=3,col=4::100%25 wrong%0Asecond line"
    )


def test_format_reference_lists_every_key_with_its_description() -> None:
    page = format_reference()
    for model in (HandbookMeta, Edition, LintConfig, Chapter, Clause, Example, Cycle):
        for key, field in model.model_fields.items():
            assert f"| `{key}` |" in page, (model.__name__, key)
            assert field.description and field.description.replace("|", "\\|") in page
    for kind in KINDS:
        assert f"`{kind.files}`" in page


@pytest.mark.e2e
def test_guide_is_in_the_site_with_the_format_reference(public_site: Path) -> None:
    soup = BeautifulSoup(
        (public_site / "guide" / "format" / "index.html").read_text(), "html.parser"
    )
    headers = [th.get_text(strip=True) for th in soup.select("table thead th")]
    assert headers[:4] == ["Key", "Value", "Required", "Meaning"]
    keys = {code.get_text() for code in soup.select("table td:first-child code")}
    assert {"level", "see_also", "illustrates", "max_grade", "github_teams"} <= keys
    # A section of its own, outside the readers' navigation (the footer links to it); its
    # first page leads to the format reference.
    nav = [a.get_text(strip=True) for a in soup.select("nav.md-nav--primary a")]
    assert "How to change the handbook" not in nav
    assert "Format reference" not in nav
    guide = public_site / "guide" / "index.html"
    opening = BeautifulSoup(guide.read_text(), "html.parser")
    assert "format/" in {a["href"] for a in opening.select("article a[href]")}
    images = opening.select("article img")
    assert images
    for img in images:
        assert (guide.parent / str(img["src"])).is_file()
    assert FORMAT_PAGE == "guide/format.md"
