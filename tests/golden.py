"""Golden files: the generated Markdown pages of the small fixture handbook, as committed, and
its English print HTML (``print.html``: what WeasyPrint lays out).

    python -m tests.golden        # rewrite tests/golden/ after an intended change (make golden)

``tests/test_golden.py`` fails on any difference, so a change to the generated pages is seen in
review as a diff of these files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools.printbook.html import render_print_html
from build_tools.publish.pipeline import load_edition
from build_tools.review.diff import current_cycle_changes
from build_tools.site.sitepages import site_pages

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini"
GOLDEN = HERE / "golden"
EDITIONS = ("public", "internal")


def pages(edition: str) -> dict[str, str]:
    """The generated pages of the fixture for ``edition``, the editors' guide left out (it is
    the format reference, tested on its own)."""
    build = load_edition(MINI, edition)
    roles = {audience: f"handbook-{audience}.pdf" for audience in build.handbook.meta.audiences}
    found = site_pages(build, pdf_path="handbook.pdf", role_pdfs=roles)
    return {path: text for path, text in found.items() if not path.startswith("guide/")}


def print_html(edition: str) -> str:
    """The fixture's print HTML for ``edition``, undated (no SOURCE_DATE_EPOCH)."""
    build = load_edition(MINI, edition)
    return render_print_html(build.handbook, changes=current_cycle_changes(build.changelog))


def write() -> None:
    for edition in EDITIONS:
        folder = GOLDEN / edition
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / "print.html").write_text(print_html(edition), encoding="utf-8")
        for path, text in pages(edition).items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
        print(f"wrote {folder}")


if __name__ == "__main__":
    write()
