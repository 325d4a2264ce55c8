"""CSV cells that a spreadsheet opens as text, never as a formula.

A translator's CSV (``handbook translations export --format csv``) holds words from the sources,
which anyone who can open a pull request may write: a cell such as ``=cmd|' /C calc'!A0`` or
``=HYPERLINK(...)`` would run as a formula when the file is opened in a spreadsheet. Such a cell
is written with a leading apostrophe, which spreadsheets take as "text", and read back without.
"""

from __future__ import annotations

#: What makes a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """``text`` safe to open in a spreadsheet: an apostrophe before a cell that would start a
    formula (and before one that starts with apostrophes and then would), so that
    :func:`from_csv_cell` gives every text back exactly."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def from_csv_cell(text: str) -> str:
    """The text of a cell written by :func:`csv_cell` (or by a spreadsheet that kept it)."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START) else text
