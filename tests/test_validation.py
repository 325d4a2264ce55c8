"""`handbook check` on bad input: every problem as FILE:LINE:COL: error: MESSAGE, exit 1."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, handbook, handbook_process

pytestmark = pytest.mark.e2e  # real tools: MkDocs, WeasyPrint, Chromium or the CLI

CORPUS = ROOT / "tests" / "bad_input"

# case file → (file at fault, line, column, the message as printed)
EXPECTED = {
    "malformed-yaml": (
        "chapters/01-basics.yml", 5, 12,
        "invalid YAML: unclosed quote: the value starts with \" but never ends with \"; add the "
        "closing \" at the end of the value",
    ),
    "wrong-type": ("chapters/01-basics.yml", 2, 8, "'title' should be text; found a list"),
    "missing-key": ("chapters/01-basics.yml", 4, 5, "missing required key 'level'"),
    "unknown-key": (
        "chapters/01-basics.yml", 8, 5,
        "unknown key 'applies-to' (did you mean 'applies_to'?); allowed keys: applies_to, id, "
        "key, keywords, last_reviewed, level, owner, rationale, review_every, see_also, tags, "
        "text, title, visibility",
    ),
    "bad-enum": (
        "chapters/01-basics.yml", 7, 12,
        "expected one of 'must', 'should' or 'may', found 'mandatory'",
    ),
    "duplicate-id": (
        "chapters/03-dup.yml", 4, 9,
        "duplicate id 'MINI-BASIC-02' (already used at chapters/01-basics.yml:13:9)",
    ),
    "unknown-reference": (
        "chapters/01-basics.yml", 8, 12,
        "reference [[MINI-NOPE-01]]: 'MINI-NOPE-01' does not exist (did you mean 'MINI-MORE-01'?)",
    ),
    "unknown-see-also": (
        "chapters/01-basics.yml", 8, 16, "see_also: 'MINI-GONE-09' does not exist",
    ),
    "unknown-illustrates": (
        "examples/ex-one.yml", 3, 30, "illustrates: 'MINI-MISSING-02' does not exist",
    ),
    "unknown-audience": (
        "chapters/02-more.yml", 8, 18,
        "applies_to: audience 'bord' is not declared in handbook.yml (did you mean 'board'?)",
    ),
    "public-refers-internal": (
        "chapters/02-more.yml", 6, 39,
        "reference [[MINI-BASIC-03]]: public item refers to internal clause 'MINI-BASIC-03'",
    ),
    "script-tag": (
        "chapters/02-more.yml", 8, 7, "raw HTML <script> is not allowed in Markdown",
    ),
    "event-handler": (
        "chapters/02-more.yml", 7, 33,
        "HTML event-handler attribute 'onclick' is not allowed in Markdown",
    ),
    "not-utf8": (
        "chapters/02-more.yml", 2, 11, "file is not UTF-8 text (byte 0xe9); save it as UTF-8",
    ),
    "empty-file": ("glossary.yml", 1, 1, "file is empty"),
    "alias-bomb": (
        "glossary.yml", 2, 15,
        "this value is reused through a YAML alias (&name / *name); aliases are not allowed, "
        "write the value out in full",
    ),
    "duplicate-key": (
        "chapters/01-basics.yml", 3, 1,
        "duplicate key 'title': this entry already has it at line 2; keep one",
    ),
    "bad-id": (
        "chapters/01-basics.yml", 4, 9,
        "'mini-basic-1' is not a valid id: use upper-case letters and digits in dash-separated "
        "parts, such as SM-PRIV-02",
    ),
    "control-in-title": (
        "chapters/01-basics.yml", 5, 12,
        "'Disclose \\u202eyour role' holds a line break or a control character: write plain "
        "text on one line (the direction marks that reorder text are not allowed either)",
    ),
    "binary-tag": (
        "chapters/01-basics.yml", 5, 12,
        "the YAML tag !!binary is not allowed; write the value as plain text",
    ),
    "c1-control-in-title": (  # CSI: a terminal's escape, written as a YAML escape
        "chapters/01-basics.yml", 5, 12,
        "'Disclose \\x9byour role' holds a line break or a control character: write plain "
        "text on one line (the direction marks that reorder text are not allowed either)",
    ),
    "next-line-in-title": (  # U+0085 breaks a line
        "chapters/01-basics.yml", 5, 12,
        "'Disclose\\x85your role' holds a line break or a control character: write plain "
        "text on one line (the direction marks that reorder text are not allowed either)",
    ),
    "glossary-alias-names-another-term": (  # [[quiet period]] would mean two terms
        "glossary.yml", 6, 26,
        "glossary: 'Quiet Period' already names the term 'Closed period'",
    ),
    "glossary-anchor-clash": (  # one anchor on the glossary page for two terms
        "glossary.yml", 3, 9,
        "glossary: 'Closed-period' has the same anchor as the term 'Closed period' "
        "(term-closed-period): name them apart",
    ),
}  # fmt: skip


def plant(case: Path, source: Path) -> str:
    """Copy a corpus file over its target in ``source``; returns the target's path."""
    raw = case.read_bytes()
    header, _, body = raw.partition(b"\n")
    target = header.decode().removeprefix("# target: ").strip()
    (source / target).write_bytes(body)
    return target


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_input_is_reported_at_the_node(case: str, mini: Path) -> None:
    target = plant(CORPUS / f"{case}.yml", mini)
    file, line, column, message = EXPECTED[case]
    assert file == target
    run = handbook("check", "--source", mini, cwd=mini)
    assert run.code == 1
    assert "Traceback" not in run.err
    expected = f"{file}:{line}:{column}: error: {message}"
    assert expected in run.err.splitlines(), run.err


def test_oversized_file_is_refused(mini: Path) -> None:
    (mini / "glossary.yml").write_text("- term: x\n  definition: " + "y" * 1_100_000 + "\n")
    run = handbook("check", "--source", mini, cwd=mini)
    assert run.code == 1
    assert (
        run.err.splitlines()[0] == "glossary.yml:1:1: error: file is 1.0 MiB; the limit is 1024 KiB"
    )


def test_deep_nesting_is_refused(mini: Path) -> None:
    (mini / "glossary.yml").write_text("- term: x\n  definition: " + "[" * 40 + "]" * 40 + "\n")
    run = handbook("check", "--source", mini, cwd=mini)
    assert run.code == 1
    assert "error: nesting deeper than 32 levels" in run.err
    assert "Traceback" not in run.err


def test_all_problems_are_reported_in_one_run(mini: Path) -> None:
    plant(CORPUS / "unknown-audience.yml", mini)
    plant(CORPUS / "unknown-illustrates.yml", mini)
    run = handbook("check", "--source", mini, cwd=mini)
    errors = [line for line in run.err.splitlines() if ": error: " in line]
    assert [e.split(":")[0] for e in errors] == ["chapters/02-more.yml", "examples/ex-one.yml"]
    assert run.err.splitlines()[-1] == "2 errors found."


def test_valid_sources_pass() -> None:
    for source in (ROOT / "policy_src", ROOT / "tests" / "fixtures" / "mini"):
        run = handbook("check", "--source", source)
        assert run.code == 0, run.err
        assert run.out.startswith("OK: ")


def test_usage_errors_exit_2(mini: Path) -> None:
    assert handbook("check", "--no-such-option").code == 2
    run = handbook("build", "--source", mini, "--edition", "secret")
    assert run.code == 2
    assert "unknown edition 'secret'; handbook.yml declares: internal, public" in run.err


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", ["malformed-yaml", "unknown-reference", "script-tag"])
def test_failed_build_leaves_previous_output_untouched(
    case: str, mini: Path, tmp_path: Path, mini_site: Path
) -> None:
    out = tmp_path / "site"
    shutil.copytree(mini_site, out)
    before = _snapshot(out)
    assert "index.html" in before
    plant(CORPUS / f"{case}.yml", mini)
    second = handbook("build", "--source", mini, "--out", out)
    assert second.code == 1
    assert "Traceback" not in second.err
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]


def test_the_command_runs_as_a_program(mini: Path) -> None:
    """The other tests run the command in-process (click's runner, the same code); this one
    starts it as users do: the installed script and ``python -m build_tools``."""
    script = Path(sys.executable).parent / "handbook"
    ok = subprocess.run([script, "check", "--source", mini], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("OK: "), ok.stderr
    plant(CORPUS / "script-tag.yml", mini)
    bad = handbook_process("check", "--source", mini, cwd=mini)
    assert bad.code == 1 and "Traceback" not in bad.err
    assert (
        "chapters/02-more.yml:8:7: error: raw HTML <script> is not allowed in Markdown" in bad.err
    )
    usage = handbook_process("build", "--edition", "secret", "--source", ROOT / "policy_src")
    assert usage.code == 2 and "unknown edition 'secret'" in usage.err
