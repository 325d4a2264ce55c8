"""Laid-out parts of the print handbook kept between builds, by content hash (a folder of files).

A part is laid out again only when its HTML changed: after an edit to one clause, the drafts
of the other parts are reused, and so are the final PDFs of every part whose page numbers and
text did not move. Keys cover WeasyPrint's version, the options and the part's whole HTML (with
its stylesheet), so a stale entry is never used. :meth:`PartCache.prune` keeps only the entries
the last build used, so the folder does not grow.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

from build_tools.output import write_atomically
from build_tools.printparts import PartLayout


class PartCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @staticmethod
    def key(kind: str, html: str, options: dict[str, Any] | None = None) -> str:
        digest = hashlib.sha256(f"{kind}\0{version('weasyprint')}\0".encode())
        digest.update(json.dumps(options or {}, sort_keys=True, default=str).encode())
        digest.update(html.encode())
        return f"{kind}-{digest.hexdigest()}"

    def draft(self, key: str) -> PartLayout | None:
        found = self._read(key + ".json")
        return _layout(json.loads(found)) if found is not None else None

    def final(self, key: str) -> tuple[PartLayout, bytes] | None:
        layout, data = self._read(key + ".json"), self._read(key + ".pdf")
        if layout is None or data is None:
            return None
        return _layout(json.loads(layout)), data

    def keep_draft(self, key: str, layout: PartLayout) -> None:
        self._write(key + ".json", _json(layout))

    def keep_final(self, key: str, layout: PartLayout, data: bytes) -> None:
        self._write(key + ".pdf", data)
        self._write(key + ".json", _json(layout))

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


def _json(layout: PartLayout) -> bytes:
    return json.dumps({"pages": layout.pages, "anchors": dict(layout.anchors)}).encode()


def _layout(data: dict[str, Any]) -> PartLayout:
    return PartLayout(int(data["pages"]), {str(k): int(v) for k, v in data["anchors"].items()})
