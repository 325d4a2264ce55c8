"""The print handbook's PDF: laid out in parts in parallel (or whole when the parts' page numbers
do not settle), through the layout cache. The one place that chooses how a book is laid out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from build_tools.printbook.parallel import layout_in_parts
from build_tools.printbook.pdf import HANDBOOK_OPTIONS, layout_key, write_pdf
from build_tools.printbook.store import Store, bound, cache_root


def handbook_pdf(html: str, parts: Path | None = None, related: Sequence[Path] = ()) -> bytes:
    """The print handbook's PDF: tagged PDF/UA-1, metadata from the HTML head.

    Laid out in parts on every CPU (:mod:`build_tools.printbook.parallel`), reusing the parts kept
    in the folder ``parts`` that did not change; when the parts' page numbers do not settle, as
    one part, in one process; and only if that does not settle either, by WeasyPrint alone,
    whose page numbers can be stale for a box pushed to the next page (print.css).
    """
    data = layout_in_parts(html, HANDBOOK_OPTIONS, cache=parts, related=related)
    if data is None:  # the book as one part: its page numbers written in all the same
        data = layout_in_parts(html, HANDBOOK_OPTIONS, part_size=len(html), workers=1)
    return data if data is not None else write_pdf(html, **HANDBOOK_OPTIONS)


def cached_handbook_pdf(html: str, book: str, *, related: Sequence[str] = ()) -> tuple[bytes, bool]:
    """The handbook PDF of ``html``, and whether it had to be laid out.

    The layout cache (:mod:`build_tools.cache`, outside the repository) keeps the last PDF and
    the laid-out parts of each ``book`` (a name such as ``public-a4-…``, so that builds of other
    books do not evict it); a changed book lays out again only the parts that changed. The
    PDFs and parts of the ``related`` books (other versions of it) are reused too. What
    comes from the cache is a hint: the caller checks it as it checks a new layout.
    """
    root = cache_root()
    key = layout_key(html, HANDBOOK_OPTIONS)
    store = Store(root / "books" / book, also=[root / "books" / other for other in related])
    data = store.get(key)
    laid_out = data is None
    if data is None:
        data = handbook_pdf(html, root / "parts" / book, [root / "parts" / r for r in related])
        store.put(key, data)
    store.prune()
    bound(root)
    return data, laid_out
