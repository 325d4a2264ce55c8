"""Laid-out parts of the print handbook kept between builds, by content hash.

A part is laid out again only when its HTML changed: after an edit to one clause, the drafts
of the other parts are reused, and so are the final PDFs of every part whose page numbers and
text did not move. Keys are :func:`build_tools.pdf.layout_key` (WeasyPrint's version, the
options and the part's whole HTML with its stylesheet), so a stale entry is never used; entries
are verified on read (:mod:`build_tools.cache`), so a damaged one is laid out again.
:meth:`PartCache.prune` keeps only the entries the last build used, so the folder does not grow.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from build_tools.printbook.parts import PartLayout
from build_tools.printbook.pdf import layout_key
from build_tools.printbook.store import Store

#: A laid-out part: where its pages and anchors fell, and its PDF (a draft has none).
LaidOut = tuple[PartLayout, bytes | None]


class PartCache:
    def __init__(self, folder: Path | None, *, also: Sequence[Path] = ()) -> None:
        self.store = Store(folder, also=also)

    @staticmethod
    def key(kind: str, html: str, options: dict[str, Any]) -> str:
        return f"{kind}-{layout_key(html, options)}"

    def load(self, key: str, with_pdf: bool) -> LaidOut | None:
        """The part kept under ``key``, if there is one (with its PDF when ``with_pdf``)."""
        layout = self.store.get(key + ".json")
        data = self.store.get(key + ".pdf") if with_pdf else None
        if layout is None or (with_pdf and data is None):
            return None
        try:
            found = json.loads(layout)
            anchors = {str(k): int(v) for k, v in found["anchors"].items()}
            return PartLayout(int(found["pages"]), anchors), data
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def keep(self, key: str, laid_out: LaidOut) -> None:
        layout, data = laid_out
        if data is not None:
            self.store.put(key + ".pdf", data)
        self.store.put(
            key + ".json",
            json.dumps({"pages": layout.pages, "anchors": dict(layout.anchors)}).encode(),
        )

    def prune(self) -> None:
        """Remove every entry this build did not use."""
        self.store.prune()
