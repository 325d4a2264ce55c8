"""``ack status`` as a table for people, CSV for spreadsheets, or JSON for other tools."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from build_tools.people.status import Standing, Status
from build_tools.source.problems import one_line

COLUMNS = ("employee_id", "name", "role", "standing", "cycle", "return_by", "signed", "detail")
#: A spreadsheet runs a cell that starts with one of these as a formula: such cells are
#: written with a leading apostrophe, so a name in the roster cannot become a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _row(status: Status) -> dict[str, str]:
    pack = status.pack
    return {
        "employee_id": status.person.employee_id,
        "name": status.person.full_name,
        "role": status.person.audience,
        "standing": status.standing.value,
        "cycle": pack.cycle if pack else "",
        "return_by": pack.return_by.isoformat() if pack else "",
        "signed": status.signed.isoformat() if status.signed else "",
        "detail": status.why,
    }


def render(statuses: Sequence[Status], fmt: str) -> str:
    rows = [_row(status) for status in statuses]
    if fmt == "table":
        return _table([{k: one_line(v) for k, v in row.items()} for row in rows])
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def _table(rows: list[dict[str, str]]) -> str:
    shown = ("employee_id", "name", "standing", "return_by", "detail")
    widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in shown[:-1]}
    lines = ["  ".join(c.replace("_", " ").ljust(widths.get(c, 0)) for c in shown).rstrip()]
    for row in rows:
        lines.append("  ".join(row[c].ljust(widths.get(c, 0)) for c in shown).rstrip())
    counts = {standing.value: 0 for standing in Standing}
    for row in rows:
        counts[row["standing"]] += 1
    summary = ", ".join(f"{n} {standing}" for standing, n in counts.items() if n)
    return "\n".join(lines) + f"\n\n{len(rows)} people: {summary}.\n"
