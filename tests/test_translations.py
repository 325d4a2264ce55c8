"""Translations: the loader's errors at their lines, the states a translated handbook carries,
staleness in `handbook check`, and the `handbook translations` commands (status, fingerprint,
export and import, XLIFF 2.0 and CSV)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from build_tools.publish.pipeline import check_all
from build_tools.source import translation as tr
from build_tools.source.translation import State, Translation
from build_tools.views.languages import translate
from tests.conftest import MINI, ROOT, Run
from tests.conftest import handbook as run_handbook
from tests.translation_kit import english, write_translation

XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """A copy of the small handbook, translated into German but for MINI-MORE-01, run from
    its parent folder (messages name files relative to it)."""
    root = tmp_path / "src"
    shutil.copytree(MINI, root)
    write_translation(root, leave_out={"MINI-MORE-01"})
    previous = Path.cwd()
    os.chdir(tmp_path)
    yield Path("src")
    os.chdir(previous)


def handbook(*args: str | Path, cwd: Path | None = None) -> Run:
    """The real command, run from the current folder (the one that holds src/)."""
    return run_handbook(*args, cwd=cwd or Path.cwd())


def translation_of(root: Path, code: str = "de") -> Translation:
    checked = check_all(root)
    assert checked.problems == [], checked.problems
    return next(t for t in checked.translations if t.code == code)


def errors_of(root: Path) -> list[str]:
    return [str(p) for p in check_all(root).problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DE = Path("src/translations/de")
BASICS = DE / "chapters/01-basics.yml"

# (file, old, new, the problem reported)
LOADER_CASES = {
    "unknown chapter": (
        "chapters/02-more.yml", "chapter: more", "chapter: mroe",
        "src/translations/de/chapters/02-more.yml:1:10: error: chapter 'mroe' does not exist "
        "(did you mean 'more'?)",
    ),
    "clause in the wrong chapter": (
        "chapters/01-basics.yml", "  MINI-BASIC-01:", "  MINI-MORE-01:",
        "src/translations/de/chapters/01-basics.yml:6:3: error: clause 'MINI-MORE-01' is not "
        "in chapter 'basics' (it is in 'more')",
    ),
    "unknown clause": (
        "chapters/01-basics.yml", "  MINI-BASIC-01:", "  MINI-BASIC-09:",
        "src/translations/de/chapters/01-basics.yml:6:3: error: clause 'MINI-BASIC-09' is not in",
    ),
    "unknown example": (
        "examples.yml", "EX-MINI-01:", "EX-MINI-09:",
        "src/translations/de/examples.yml:1:1: error: example 'EX-MINI-09' does not exist",
    ),
    "unknown term": (
        "glossary.yml", "Closed period:", "Closed periods:",
        "src/translations/de/glossary.yml:1:1: error: glossary term 'Closed periods' does not exist",  # noqa: E501
    ),
    "unknown audience": (
        "language.yml", "name: Deutsch", "name: Deutsch\naudiences:\n  directors: Direktoren",
        "src/translations/de/language.yml:3:3: error: audiences: 'directors' is not in handbook.yml",  # noqa: E501
    ),
    "unknown label": (
        "language.yml", "name: Deutsch", "name: Deutsch\nlabels:\n  no-such-label: Wörter",
        "src/translations/de/language.yml:3:3: error: labels: unknown label 'no-such-label'",
    ),
    "bad fingerprint": (
        "examples.yml", "source: ", "source: 1234",  # the first is the example's
        "src/translations/de/examples.yml:2:11: error: ",
    ),
    "missing rationale in a fresh translation": (
        "chapters/01-basics.yml", "    rationale: DE Readers deserve to know who is speaking.\n", "",  # noqa: E501
        "src/translations/de/chapters/01-basics.yml:7:5: error: the English text has a rationale",
    ),
    "an internal clause referred to from a public one": (
        "chapters/01-basics.yml", "DE You should post", "See [[MINI-BASIC-03]]. DE You should post",
        "src/translations/de/chapters/01-basics.yml:",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(LOADER_CASES))
def test_loader_reports_each_error_at_its_line(case: str, src: Path) -> None:
    file, old, new, expected = LOADER_CASES[case]
    edit(DE / file, old, new)
    found = errors_of(src)
    assert [e for e in found if e.startswith(expected)], found
    assert check_all(src).handbook is None
    assert handbook("check", "--source", src, cwd=src.resolve().parent).code == 1


def test_an_internal_reference_is_refused_in_a_public_clause_only(src: Path) -> None:
    edit(BASICS, "DE You should post", "See [[MINI-BASIC-03]]. DE You should post")
    (found,) = [e for e in errors_of(src) if "MINI-BASIC-03" in e]
    assert found.startswith(f"{BASICS}:")
    assert "internal" in found


def test_the_rationale_is_not_required_of_a_stale_translation(src: Path) -> None:
    edit(BASICS, "    rationale: DE Readers deserve to know who is speaking.\n", "")
    edit(Path("src/chapters/01-basics.yml"), "deserve to know", "have a right to know")
    assert errors_of(src) == []


# States


def test_fresh_stale_and_missing_items_and_what_they_show(src: Path) -> None:
    edit(Path("src/chapters/01-basics.yml"), "Use a personal account", "Use your own account")
    working = english(src)
    translated = translate(working, translation_of(src))
    states = translated.translated
    assert states["MINI-BASIC-01"] == State.TRANSLATED
    assert states["MINI-BASIC-02"] == State.STALE
    assert states["MINI-MORE-01"] == State.MISSING
    clauses = {clause.id: clause for _, clause in translated.clauses()}
    assert clauses["MINI-BASIC-01"].title == "DE Disclose your role"
    assert clauses["MINI-BASIC-02"].title == "Use your own account"  # the English applies
    assert clauses["MINI-MORE-01"].title == "Share results late"
    assert translated.language == "de"
    # Levels, audiences and visibility are the English source's.
    assert [(c.level, c.applies_to, c.visibility) for _, c in translated.clauses()] == [
        (c.level, c.applies_to, c.visibility) for _, c in working.clauses()
    ]


def test_glossary_english_names_still_resolve(src: Path) -> None:
    translated = translate(english(src), translation_of(src))
    term = next(t for t in translated.glossary if t.term == "DE Closed period")
    assert {"Closed period", "quiet period"} <= set(term.aliases)
    assert translated.translated["term:closed period"] == State.TRANSLATED


def test_quick_answers_translated_and_stale(src: Path) -> None:
    edit(Path("src/handbook.yml"), "Once the disclosure rule is met.", "Once it is disclosed.")
    translated = translate(english(src), translation_of(src))
    quick = {q.clause: q for q in translated.meta.quick_answers}
    assert quick["MINI-BASIC-01"].question == "DE Say where I work"
    assert quick["MINI-MORE-01"].answer == "Once it is disclosed."
    assert translated.translated["quick:MINI-MORE-01"] == State.STALE


# Staleness in `handbook check` (the test)

STALE_MUST = re.compile(
    r"^src/translations/de/chapters/01-basics\.yml:(\d+):3: error: de: MINI-BASIC-01 "
    r"'Disclose your role' has changed in English since it was translated"
)


def test_check_names_a_stale_must_clause_and_its_language_and_retranslating_clears_it(
    src: Path,
) -> None:
    cwd = src.resolve().parent
    assert handbook("check", "--source", src, cwd=cwd).code == 0
    edit(Path("src/chapters/01-basics.yml"), "when you post about", "whenever you post about")
    run = handbook("check", "--source", src, cwd=cwd)
    assert run.code == 1
    stale = [line for line in run.err.splitlines() if STALE_MUST.match(line)]
    assert len(stale) == 1, run.err
    # Re-translating: the translator's file in, with the new English.
    out = cwd / "de.csv"
    assert (
        handbook(
            "translations", "export", "de", "--format", "csv", "-o", out, "--source", src, cwd=cwd
        ).code
        == 0
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    for row in rows:
        if row[0] == "MINI-BASIC-01" and row[1] == "text":
            assert row[3].startswith("You must say") and "whenever" in row[3]
            row[4] = "DE Sagen Sie immer, dass Sie für Example Ltd arbeiten."
    with out.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    run = handbook("translations", "import", "de", out, "--source", src, cwd=cwd)
    assert run.code == 0, run.err
    run = handbook("check", "--source", src, cwd=cwd)
    assert run.code == 0, run.err
    assert "MINI-BASIC-01" not in run.err
    assert translation_of(src).clauses["MINI-BASIC-01"].text.startswith("DE Sagen Sie")


def test_a_new_fingerprint_clears_a_stale_item_too(src: Path) -> None:
    edit(Path("src/chapters/01-basics.yml"), "when you post about", "whenever you post about")
    old = translation_of(src).clauses["MINI-BASIC-01"].source
    run = handbook("translations", "fingerprint", "MINI-BASIC-01", "--source", src)
    new = run.out.split()[0]
    assert new != old
    edit(BASICS, old, new)
    assert handbook("check", "--source", src).code == 0


def test_a_stale_should_clause_is_a_warning_and_missing_items_are_named(src: Path) -> None:
    edit(Path("src/chapters/01-basics.yml"), "Use a personal account", "Use your own account")
    run = handbook("check", "--source", src)
    assert run.code == 0, run.err
    assert re.search(r"^src/translations/de/chapters/01-basics\.yml:\d+:3: warning: de: "
                     r"MINI-BASIC-02 'Use your own account' has changed", run.err, re.M)  # fmt: skip  # noqa: E501
    assert re.search(r"^src/chapters/02-more\.yml:\d+:5: warning: de: MINI-MORE-01 "
                     r"'Share results late' is not translated yet$", run.err, re.M)  # fmt: skip
    assert "de (Deutsch): 10 of 12 items translated, 1 stale, 1 missing." in run.out
    assert handbook("check", "--strict", "--source", src).code == 1


def test_language_yml_says_how_to_report(src: Path) -> None:
    edit(Path("src/chapters/01-basics.yml"), "when you post about", "whenever you post about")
    edit(DE / "language.yml", "name: Deutsch", "name: Deutsch\nstale_must: warning\nmissing: 'off'")
    run = handbook("check", "--source", src)
    assert run.code == 0, run.err
    assert "warning: de: MINI-BASIC-01" in run.err
    assert "not translated yet" not in run.err


def test_status_table(src: Path) -> None:
    edit(Path("src/chapters/01-basics.yml"), "when you post about", "whenever you post about")
    run = handbook("translations", "status", "de", "--source", src)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "de (Deutsch): 10 of 12 items translated, 1 stale, 1 missing"
    assert lines[5].split() == ["clause", "2", "1", "1"]
    assert "MINI-BASIC-01 'Disclose your role' [must]" in run.out
    assert handbook("translations", "status", "xx", "--source", src).code == 2


def test_fingerprints_of_every_kind(src: Path) -> None:
    working = english(src)
    run = handbook(
        "translations", "fingerprint", "MINI-BASIC-01", "EX-MINI-01", "chapter:basics",
        "term:closed period", "handbook", "--source", src,
    )  # fmt: skip
    assert run.code == 0, run.err
    chapter = working.chapters[0]
    expected = [
        tr.of_clause(chapter.clauses[0]), tr.of_example(working.examples[0]),
        tr.of_chapter(chapter), tr.of_term(working.glossary[0]), tr.of_handbook(working.meta),
    ]  # fmt: skip
    assert [line.split()[0] for line in run.out.splitlines()] == expected
    assert handbook("translations", "fingerprint", "NOPE-01", "--source", src).code == 2


# Export and import


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def model(root: Path) -> tuple[object, ...]:
    found = translation_of(root)
    return (found.language, found.chapters, found.clauses, found.examples, found.terms)


@pytest.mark.parametrize("fmt", ["xliff", "csv"])
def test_round_trip_keeps_every_translation_and_fingerprint(src: Path, fmt: str) -> None:
    fresh = model(src)
    out = Path(f"de.{fmt}")
    # With one stale item, whose fingerprint must survive as it is: nothing is rewritten.
    edit(Path("src/chapters/01-basics.yml"), "Use a personal account", "Use your own account")
    stale = model(src)
    files = {p: p.read_bytes() for p in sorted(DE.rglob("*.yml"))}
    assert (
        handbook("translations", "export", "de", "--format", fmt, "-o", out, "--source", src).code
        == 0
    )
    run = handbook("translations", "import", "de", out, "--source", src)
    assert run.code == 0, run.err
    assert {p: p.read_bytes() for p in sorted(DE.rglob("*.yml"))} == files
    assert model(src) == stale
    # Into a language folder that holds only its name: every translation comes back.
    edit(Path("src/chapters/01-basics.yml"), "Use your own account", "Use a personal account")
    assert (
        handbook("translations", "export", "de", "--format", fmt, "-o", out, "--source", src).code
        == 0
    )
    for path in DE.rglob("*.yml"):
        path.unlink()
    (DE / "language.yml").write_text("name: Deutsch\n", encoding="utf-8")
    run = handbook("translations", "import", "de", out, "--source", src)
    assert run.code == 0, run.err
    assert model(src) == fresh


def test_export_xliff_is_xliff_2_core(src: Path) -> None:
    out = Path("de.xlf")
    assert handbook("translations", "export", "de", "-o", out, "--source", src).code == 0
    root = ET.parse(out).getroot()
    assert root.tag == f"{XLIFF}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "de")
    (file,) = list(root)
    assert file.tag == f"{XLIFF}file" and file.get("id")
    units = list(file)
    assert len(units) == 12
    ids = [unit.get("id") for unit in units]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[\w.:-]+", str(i)) for i in ids)
    names = [unit.get("name") for unit in units]
    assert "MINI-BASIC-01" in names and "term:closed period" in names
    for unit in units:
        children = [child.tag for child in unit]
        segments = [c for c in children if c == f"{XLIFF}segment"]
        # Module elements first, then notes, then segments only (the core schema's order).
        assert children[-len(segments) :] == segments and segments
        for segment in unit.iter(f"{XLIFF}segment"):
            parts = [child.tag for child in segment]
            assert parts in ([f"{XLIFF}source"], [f"{XLIFF}source", f"{XLIFF}target"])
            assert segment.get("state") in ("initial", "translated", "reviewed", "final")
    basics = units[names.index("MINI-BASIC-01")]
    meta = {m.get("type"): m.text for m in basics.iter() if m.tag.endswith("}meta")}
    assert meta["fingerprint"] == tr.of_clause(english(src).chapters[0].clauses[0])


def test_csv_keeps_the_old_source_of_a_stale_item_when_known(src: Path) -> None:
    """The old English is recoverable from the working copy of the time, here an approved
    snapshot: a cycle closed on the English the translation was made from."""
    cwd = src.resolve().parent
    run = handbook("cycle", "close", "2026-H1", "--date", "2026-01-10", "--approved-by", "Board",
                   "--source", "src", cwd=cwd)  # fmt: skip
    assert run.code == 0, run.err
    edit(Path("src/chapters/01-basics.yml"), "Use a personal account", "Use your own account")
    out = Path("de.csv")
    assert (
        handbook("translations", "export", "de", "--format", "csv", "-o", out, "--source", src).code
        == 0
    )
    rows = {(r[0], r[1]): r for r in read_csv(out)}
    assert rows[("MINI-BASIC-02", "title")][2:5] == [
        "Use a personal account", "Use your own account", "DE Use a personal account",
    ]  # fmt: skip
    assert rows[("MINI-MORE-01", "title")][2] == ""  # never translated: no old source
    assert rows[("key", "field")] == ["key", "field", "old source", "current source",
                                      "current translation", "fingerprint"]  # fmt: skip


def test_import_refuses_unknown_keys_at_their_line_and_writes_nothing(src: Path) -> None:
    out = Path("de.csv")
    assert (
        handbook("translations", "export", "de", "--format", "csv", "-o", out, "--source", src).code
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("MINI-MORE-01,"))
    lines[number - 1] = (
        lines[number - 1].replace("MINI-MORE-01", "MINI-MORE-09", 1).replace(",,", ",Neu,", 1)
    )
    out.write_text("".join(lines), encoding="utf-8")
    files = {p: p.read_bytes() for p in sorted(DE.rglob("*.yml"))}
    run = handbook("translations", "import", "de", out, "--source", src)
    assert run.code == 1
    assert f"de.csv:{number}:1: error: 'MINI-MORE-09' is no item of the handbook" in run.err
    assert {p: p.read_bytes() for p in sorted(DE.rglob("*.yml"))} == files


def test_import_adds_a_translation_and_keeps_the_others(src: Path) -> None:
    before = translation_of(src)
    out = Path("de.csv")
    assert (
        handbook("translations", "export", "de", "--format", "csv", "-o", out, "--source", src).code
        == 0
    )
    rows = read_csv(out)
    keep = [rows[0]] + [r for r in rows if r[0] == "MINI-MORE-01"]
    keep[1][4] = "DE Ergebnisse später teilen"
    keep[2][4] = "DE Teilen Sie Ergebnisse erst, wenn [[MINI-BASIC-01|die Regel]] erfüllt ist."
    with out.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(keep)
    untouched = (DE / "glossary.yml").read_bytes()
    run = handbook("translations", "import", "de", out, "--source", src)
    assert run.code == 0, run.err
    after = translation_of(src)
    assert after.clauses["MINI-MORE-01"].title == "DE Ergebnisse später teilen"
    assert after.clauses["MINI-MORE-01"].source == tr.of_clause(english(src).chapters[1].clauses[0])
    assert {k: v for k, v in after.clauses.items() if k != "MINI-MORE-01"} == before.clauses
    assert (after.examples, after.terms, after.language) == (
        before.examples,
        before.terms,
        before.language,
    )
    assert (DE / "glossary.yml").read_bytes() == untouched


def test_import_refuses_a_translation_that_check_would_refuse(src: Path) -> None:
    out = Path("de.csv")
    assert (
        handbook("translations", "export", "de", "--format", "csv", "-o", out, "--source", src).code
        == 0
    )
    rows = read_csv(out)
    for row in rows:
        if row[0] == "MINI-BASIC-01" and row[1] == "text":
            row[4] = "Hallo <script>alert(1)</script> [x](javascript:alert(1))"
    with out.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    files = {p: p.read_bytes() for p in sorted(DE.rglob("*.yml"))}
    run = handbook("translations", "import", "de", out, "--source", src)
    assert run.code == 1
    assert "src/translations/de/chapters/01-basics.yml:" in run.err
    assert "<script>" in run.err and "Traceback" not in run.err
    assert {p: p.read_bytes() for p in sorted(DE.rglob("*.yml"))} == files


@pytest.mark.parametrize(
    "text, expected",
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<x>&a;</x>', "de.xlf:2:13: error: a DTD"),  # noqa: E501
        ("<xliff version='2.0'", "de.xlf:1:1: error: not well-formed XML"),
        ("key,field\n", "de.xlf:1:1: error: the first row must name the columns"),
    ],
)  # fmt: skip
def test_import_refuses_a_hostile_or_broken_file(src: Path, text: str, expected: str) -> None:
    Path("de.xlf").write_text(text, encoding="utf-8")
    run = handbook("translations", "import", "de", "de.xlf", "--source", src)
    assert run.code == 1
    assert expected in run.err, run.err


def test_translation_schemas_accept_the_files_and_reject_a_bad_fingerprint(src: Path) -> None:
    import json

    import jsonschema
    import yaml

    from build_tools.editor.schema import vscode_mapping

    root = src.resolve()
    checked = 0
    for schema_file, pattern in vscode_mapping().items():
        schema = json.loads((ROOT / schema_file).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        for path in root.glob(pattern.removeprefix("policy_src/")):
            if "translations" in path.parts:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                assert list(validator.iter_errors(data)) == [], path
                checked += 1
                first = next(iter(data.values())) if "chapters" not in path.parts else data
                if isinstance(first, dict) and "source" in first:
                    first["source"] = "1234"
                    assert list(validator.iter_errors(data)) != [], path
    assert checked == 5  # language.yml, two chapters, examples.yml, glossary.yml


def test_a_translator_confirms_a_stale_translation_in_xliff(src: Path) -> None:
    """Exported stale, its segments are 'initial'; marked 'translated' unchanged, it now
    translates the English in the file. Left 'initial', it stays stale."""
    edit(Path("src/chapters/01-basics.yml"), "Use a personal account", "Use your own account")
    out = Path("de.xlf")
    assert handbook("translations", "export", "de", "-o", out, "--source", src).code == 0
    assert handbook("translations", "import", "de", out, "--source", src).code == 0
    assert translate(english(src), translation_of(src)).translated["MINI-BASIC-02"] == State.STALE
    tree = ET.parse(out)
    unit = next(u for u in tree.iter(f"{XLIFF}unit") if u.get("name") == "MINI-BASIC-02")
    segments = list(unit.iter(f"{XLIFF}segment"))
    assert {s.get("state") for s in segments} == {"initial"}
    for segment in segments:
        segment.set("state", "reviewed")
    tree.write(out, encoding="utf-8", xml_declaration=True)
    run = handbook("translations", "import", "de", out, "--source", src)
    assert run.code == 0, run.err
    assert (
        translate(english(src), translation_of(src)).translated["MINI-BASIC-02"] == State.TRANSLATED
    )
    assert translation_of(src).clauses["MINI-BASIC-02"].title == "DE Use a personal account"


@pytest.mark.parametrize(
    "text",
    [
        "short",
        "A long line " * 20,
        "A long line " * 20 + "\n",
        "Two\nlines",
        "Two\n\nparagraphs, the second long " + "x " * 60 + "\n",
        "  leading spaces and a trailing one " * 4,
        "yes",
        "6e22-7e27-fdbf-73ba",
        "- a list?\n- no, Markdown\n",
        "# not a comment " * 8,
        "ümlaut: «quotes» and a colon: here " * 4,
    ],
)
def test_written_yaml_reads_back_as_the_same_text(text: str) -> None:
    import yaml

    from build_tools.editor.translation_merge import dump_yaml

    written = dump_yaml({"SM-X-01": {"text": text}})
    assert yaml.safe_load(written) == {"SM-X-01": {"text": text}}
    assert all(len(line) <= 110 for line in written.splitlines()) or "\n" in text.strip()


@pytest.mark.parametrize(
    ("folder", "why"),
    [
        ("en", "'en' is the language of the sources (handbook.yml)"),
        ("en-US", "'en-US' is the language of the sources (handbook.yml)"),
        ("Deutsch", "'Deutsch' is not a language code"),
    ],
)
def test_a_folder_that_cannot_be_a_translation_is_refused(src: Path, folder: str, why: str) -> None:
    """The root site and handbook.pdf are the sources' language, in any region; a folder
    that is no language code names nothing a reader could switch to."""
    shutil.copytree(src / "translations" / "de", src / "translations" / folder)
    assert any(why in error for error in errors_of(src)), errors_of(src)


def test_a_language_code_that_is_also_an_audience_id_is_refused(src: Path) -> None:
    """Both print handbooks would be handbook-<id>.pdf, one overwriting the other."""
    edit(src / "handbook.yml", "  board: Board members", "  board: Board members\n  hu: Hub leads")
    shutil.copytree(src / "translations" / "de", src / "translations" / "hu")
    where = "src/translations/hu:1:1: error: 'hu' is also an audience id"
    assert any(error.startswith(where) for error in errors_of(src)), errors_of(src)
