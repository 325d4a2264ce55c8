"""The small fixture handbook with clauses marked key, for the tests of the quick-reference card.

In ``chapters/01-basics.yml`` (1.1 to 1.3) and ``02-more.yml`` (2.1, 2.2):

- MINI-BASIC-01, everyone, public: key
- MINI-BASIC-02, executives only, public: key
- MINI-BASIC-03, everyone, internal: key
- MINI-MORE-01, board and executives: not key
- MINI-MORE-02, board only: key, with a title full of markup (hostile input)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import MINI

KEY = ("MINI-BASIC-01", "MINI-BASIC-02", "MINI-BASIC-03", "MINI-MORE-02")
HOSTILE_TITLE = '<b>Bold</b> <img src="file:///etc/passwd"> **not bold** & more'
HOSTILE_CLAUSE = f"""  - id: MINI-MORE-02
    title: '{HOSTILE_TITLE}'
    text: You must read the board pack before you post about a board meeting.
    level: must
    applies_to: [board]
"""


def mark_key(source: Path, *ids: str) -> None:
    """Add ``key: true`` to each clause named, after its ``level:`` line."""
    for file in sorted((source / "chapters").glob("*.yml")):
        lines = file.read_text(encoding="utf-8").split("\n")
        marked: list[str] = []
        current = None
        for line in lines:
            if line.startswith("  - id: "):
                current = line.removeprefix("  - id: ").strip()
            marked.append(line)
            if current in ids and line.startswith("    level: "):
                marked.append("    key: true")
        file.write_text("\n".join(marked), encoding="utf-8")


def key_mini(target: Path) -> Path:
    """A copy of the small fixture at ``target`` with the clauses above; returns ``target``."""
    shutil.copytree(MINI, target)
    more = target / "chapters" / "02-more.yml"
    more.write_text(more.read_text(encoding="utf-8") + HOSTILE_CLAUSE, encoding="utf-8")
    mark_key(target, *KEY)
    return target
