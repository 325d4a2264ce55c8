"""Laid-out parts of the print handbook kept between builds, by content hash (a folder of files).

A part is laid out again only when its HTML changed: after an edit to one clause, the drafts
of the other parts are reused, and so are the final PDFs of every part whose page numbers and
text did not move. Keys are :func:`build_tools.pdf.layout_key` (WeasyPrint's version, the
options and the part's whole HTML with its stylesheet), so a stale entry is never used.
:meth:`PartCache.prune` keeps only the entries the last build used, so the folder does not grow.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from build_tools.output import write_atomically
from build_tools.pdf import layout_key
from build_tools.printparts import PartLayout

#: A laid-out part: where its pages and anchors fell, and its PDF (a draft has none).
LaidOut = tuple[PartLayout, bytes | None]


class PartCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @staticmethod
    def key(kind: str, html: str, options: dict[str, Any]) -> str:
        return f"{kind}-{layout_key(html, options)}"

    def load(self, key: str, with_pdf: bool) -> LaidOut | None:
        """The part kept under ``key``, if there is one (with its PDF when ``with_pdf``)."""
        layout = self._read(key + ".json")
        data = self._read(key + ".pdf") if with_pdf else None
        if layout is None or (with_pdf and data is None):
            return None
        found = json.loads(layout)
        anchors = {str(k): int(v) for k, v in found["anchors"].items()}
        return PartLayout(int(found["pages"]), anchors), data

    def keep(self, key: str, laid_out: LaidOut) -> None:
        layout, data = laid_out
        if data is not None:
            self._write(key + ".pdf", data)
        self._write(
            key + ".json",
            json.dumps({"pages": layout.pages, "anchors": dict(layout.anchors)}).encode(),
        )

    def prune(self) -> None:
        """Remove every entry this build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)

    def _read(self, name: str) -> bytes | None:
        if self.folder is None:
            return None
        self.used.add(name)
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def _write(self, name: str, data: bytes) -> None:
        if self.folder is not None:
            self.used.add(name)
            write_atomically(self.folder / name, data)
