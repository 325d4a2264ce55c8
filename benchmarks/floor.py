"""The single-process floor: the print HTML laid out by WeasyPrint alone in one pass.

WeasyPrint alone on the print HTML `handbook pdf` hands over lays the book out three times
(``target-counter()`` page numbers) and spends time that grows with the square of the links
(benchmarks/README.md). The fairer floor is the same HTML with every page number already
written in, as the final round of the parts pipeline has it: the book as one part, one layout
pass. The page numbers come from the PDF `handbook pdf` made (its named destinations: the
page of every anchor), so no layout is spent to learn them.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from build_tools.printbook.parts import Pagination, final_html, split_book


def one_pass_html(html: str, pdf: Path) -> str:
    """``html`` (the print HTML) as one part with the page numbers of ``pdf`` written in."""
    with pikepdf.open(pdf) as document:
        index: dict[object, int] = {page.objgen: i for i, page in enumerate(document.pages)}
        dests = pikepdf.NameTree(document.Root.Names.Dests)
        anchors = {name: index[dest[0].objgen] + 1 for name, dest in dests.items()}
        total = len(document.pages)
    return final_html(split_book(html, len(html)), 0, Pagination((1,), anchors, total))
