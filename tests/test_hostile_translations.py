"""Hostile translations, written as an attacker would: refused at their line like any source.

Each file of ``tests/hostile/translations/`` is planted into ``translations/de/`` of a copy of
the small handbook (``chapters-NAME.yml`` → ``chapters/NAME.yml``); its ``# refused:
LINE:COL: MESSAGE`` comment lines list every error `handbook check` must report in it, as in
``tests/hostile/`` (see tests/test_hostile_corpus.py). Links out of the sources, a huge file
and what `translations import` is handed are tested here too."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_tools.publish.pipeline import check_all
from tests.conftest import MINI, ROOT, handbook

CORPUS = ROOT / "tests" / "hostile" / "translations"
CASES = sorted(p.name for p in CORPUS.glob("*.yml"))


def planted_path(case: str) -> str:
    kind, _, name = case.partition("-")
    return f"chapters/{name}" if kind == "chapters" else case


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    shutil.copytree(MINI, root)
    (root / "translations" / "de" / "chapters").mkdir(parents=True)
    (root / "translations" / "de" / "language.yml").write_text("name: Deutsch\n", "utf-8")
    return root


def problems(root: Path) -> list[str]:
    return [
        f"{os.path.relpath(os.path.abspath(p.location.file), os.path.abspath(root))}:"
        f"{p.location.line}:"
        f"{p.location.column}: {p.message}"
        for p in check_all(root).problems
    ]


def test_every_case_says_what_must_come_of_it() -> None:
    assert len(CASES) >= 2
    for case in CASES:
        assert "# refused: " in (CORPUS / case).read_text(encoding="utf-8"), case


@pytest.mark.parametrize("case", CASES)
def test_case_is_refused_exactly_where_it_says(case: str, src: Path) -> None:
    target = f"translations/de/{planted_path(case)}"
    shutil.copy(CORPUS / case, src / target)
    lines = (CORPUS / case).read_text(encoding="utf-8").splitlines()
    expected = sorted(
        f"{target}:{line.removeprefix('# refused: ')}"
        for line in lines
        if line.startswith("# refused: ")
    )
    assert sorted(p for p in problems(src) if p.startswith(target)) == expected


def test_a_translation_file_linked_outside_the_sources_is_refused(
    src: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("EX-MINI-01: {source: 0000-0000-0000-0000}\n", encoding="utf-8")
    (src / "translations/de/examples.yml").symlink_to(secret)
    found = problems(src)
    assert [p for p in found if p.startswith("translations/de/examples.yml:1:1: ")], found
    assert all("0000-0000" not in p for p in found)


def test_a_language_folder_linked_outside_the_sources_is_refused(src: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(src / "translations" / "de", outside)
    (src / "translations" / "fr").symlink_to(outside, target_is_directory=True)
    found = problems(src)
    assert "translations/fr:1:1: expected a folder per language; refused" in found
    assert check_all(src).translations == () or all(
        t.code != "fr" for t in check_all(src).translations
    )


def test_a_huge_translation_file_is_refused_before_it_is_read(src: Path) -> None:
    huge = src / "translations/de/glossary.yml"
    huge.write_text("# " + "x" * 30_000_000 + "\n", encoding="utf-8")
    found = problems(src)
    assert [p for p in found if p.startswith("translations/de/glossary.yml:1:1: ")], found


def test_import_of_a_hostile_file_writes_nothing(src: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
        '<xliff version="2.0"><file id="f"><unit id="u1" name="MINI-BASIC-01"/></file></xliff>\n',
        encoding="utf-8",
    )
    before = sorted(p.name for p in (src / "translations/de").rglob("*"))
    run = handbook("translations", "import", "de", bomb, "--source", src)
    assert run.code == 1
    assert "a DTD or entity declaration; refused" in run.err
    assert "Traceback" not in run.err
    assert sorted(p.name for p in (src / "translations/de").rglob("*")) == before


def test_a_chapters_folder_linked_outside_is_refused_and_import_writes_nothing_there(
    src: Path, tmp_path: Path
) -> None:
    # An empty folder outside: no file in it to refuse, yet an import would write the
    # chapter's translation there (first into the temporary copy it checks, through the link).
    outside = tmp_path / "outside"
    outside.mkdir()
    (src / "translations/de/chapters").rmdir()
    (src / "translations/de/chapters").symlink_to(outside, target_is_directory=True)
    assert "translations/de/chapters:1:1: a symbolic link; refused" in problems(src)
    xliff = tmp_path / "de.xlf"
    xliff.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"'
        ' xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"><file id="f">'
        '<unit id="u1" name="chapter:basics"><mda:metadata><mda:metaGroup category="handbook">'
        '<mda:meta type="fingerprint">6e22-7e27-fdbf-73ba</mda:meta></mda:metaGroup>'
        '</mda:metadata><segment id="title"><source>Basics</source><target>Grundlagen</target>'
        '</segment><segment id="intro"><source>The basic rules.</source><target>Die Regeln.'
        "</target></segment></unit></file></xliff>\n",
        encoding="utf-8",
    )
    for dry in ((), ("--dry-run",)):
        run = handbook("translations", "import", "de", xliff, "--source", src, *dry)
        assert run.code == 1, run.out
        assert "Traceback" not in run.err
        assert list(outside.iterdir()) == []


def test_a_translated_term_cannot_take_another_term_s_name_or_anchor(src: Path) -> None:
    # Two terms under one name would share the anchor term-sperrfrist, and [[quiet period]]
    # would name two terms (the other one could be internal).
    (src / "translations/de/glossary.yml").write_text(
        "Closed period:\n"
        "  source: 0000-0000-0000-0000\n"
        "  term: Sperrfrist\n"
        "  definition: Die Wochen vor den Ergebnissen.\n"
        "Affiliation:\n"
        "  source: 0000-0000-0000-0000\n"
        "  term: Sperrfrist!\n"
        "  aliases: [quiet period, Zugehörigkeit]\n"
        "  definition: Ihre Verbindung.\n",
        encoding="utf-8",
    )
    found = problems(src)
    assert (
        "translations/de/glossary.yml:8:13: glossary: 'quiet period' already names the term "
        "'Closed period'"
    ) in found, found
    assert (
        "translations/de/glossary.yml:7:9: glossary: 'Sperrfrist!' has the same anchor as the "
        "term 'Closed period' (in this language): name them apart"
    ) in found, found
    assert not [p for p in found if "Zugehörigkeit" in p]
