"""Lay the print handbook out in parts, in parallel processes, with every page number exact.

WeasyPrint lays a document out in one thread, and a long book with page-number links costs it
three layout passes plus bookkeeping that grows with the square of the links
(benchmarks/README.md). Here the book is cut into parts (:mod:`build_tools.printparts`):

1. *draft*: every part is laid out with placeholder page numbers, which tells its page count
   and the page of every anchor in it;
2. *final*: every part is laid out again with its first page number and the real numbers of
   every reference written in, and written as a tagged PDF;
3. if the final parts did not land exactly where the drafts said (a page number of other
   width moved a line), the final round is repeated with what they said; if that does not
   settle in :data:`ROUNDS` rounds the caller lays the book out whole, the plain way;
4. :mod:`build_tools.pdfmerge` joins the parts into one PDF with one outline and tag tree.

Both rounds share the work between processes, as many as the round's work calls for on this
machine (:mod:`build_tools.printbook.strategy`: none for a little work or one CPU, else one per
CPU); the parts and the result do not depend on how many there are, so the PDF is the same on
any machine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

from build_tools.printbook import merge as pdfmerge
from build_tools.printbook.fetch import confined, html_document
from build_tools.printbook.names import unique_header_ids
from build_tools.printbook.partcache import LaidOut, PartCache
from build_tools.printbook.parts import (
    PartedBook,
    PartLayout,
    blank_page_html,
    draft_html,
    final_html,
    paginate,
    split_book,
)
from build_tools.printbook.pdf import check_options, collecting_after
from build_tools.printbook.strategy import (
    MAX_WORKERS,
    WORKERS_VARIABLE,
    layout_processes,
    override,
    usable_cpus,
)

__all__ = ["ROUNDS", "WORKERS_VARIABLE", "lay_out_each", "layout_in_parts", "worker_count"]

LOG = logging.getLogger("handbook.pdf")
#: Final rounds before giving up on the parts and laying the book out whole.
ROUNDS = 3

T = TypeVar("T")


def worker_count() -> int:
    """Layout processes for a large round on this machine: ``HANDBOOK_PDF_WORKERS``, else one
    per CPU this process may use, at most :data:`MAX_WORKERS`. Each round chooses for itself
    (:func:`build_tools.printbook.strategy.layout_processes`): fewer for little work."""
    return override() or min(usable_cpus(), MAX_WORKERS)


def layout_in_parts(
    html: str,
    options: dict[str, Any],
    *,
    workers: int | None = None,
    part_size: int | None = None,
    cache: Path | None = None,
    related: Sequence[Path] = (),
) -> bytes | None:
    """The PDF of ``html`` laid out part by part, or ``None`` if its page numbers did not settle
    (then lay it out whole). ``part_size`` groups blocks (see :func:`split_book`); ``cache`` is
    a folder that keeps laid-out parts for the next build (:mod:`build_tools.partcache`), and
    ``related`` the folders of other versions of the book, whose parts are reused too."""
    book = split_book(html, part_size)
    parts = PartCache(cache, also=related)
    with _Workers(workers) as pool:
        laid_out = _rounds(book, options, pool, parts)
    if laid_out is None:
        parts.prune()
        return None
    pdfs, starts, blanks = laid_out  # merged once the layout processes have ended
    blank = _blank_page(book, options, parts) if blanks else None
    parts.prune()
    return pdfmerge.merge_parts(pdfs, starts, blank=blank)


def _blank_page(book: PartedBook, options: dict[str, Any], cache: PartCache) -> bytes:
    """The PDF of :func:`blank_page_html` (its page 2 is the book's blank page), kept in the
    cache like a part: laid out once per page style, here (it is a small document)."""
    html = blank_page_html(book)
    key = cache.key("blank", html, options) + ".pdf"
    data = cache.store.get(key)
    if data is None:
        check_options(options)
        with collecting_after(), confined():
            data = html_document(html).write_pdf(**options)
        cache.store.put(key, data)
    return data


def lay_out_each(documents: Sequence[str], options: dict[str, Any]) -> list[bytes]:
    """Each HTML document laid out whole as its own PDF, in order, the documents shared out
    between the layout processes (one per CPU)."""
    order = sorted(range(len(documents)), key=lambda i: -len(documents[i]))
    jobs = [(html, options) for html in documents]
    with _Workers(None) as pool:
        done = dict(pool.map(_whole, jobs, order))
    return [done[i] for i in range(len(documents))]


def _whole(job: tuple[str, dict[str, Any]]) -> bytes:
    html, options = job
    check_options(options)
    with collecting_after(), confined():
        return html_document(html).write_pdf(**options)  # type: ignore[no-any-return]


def _rounds(
    book: PartedBook, options: dict[str, Any], pool: _Workers, cache: PartCache
) -> tuple[list[bytes], tuple[int, ...], int] | None:
    """The final PDFs of the parts, their first pages and the number of blank pages between
    them, or ``None`` if they did not settle."""
    order = sorted(range(len(book.parts)), key=lambda i: -len(book.parts[i]))  # longest first
    drafts = [(draft_html(book, i),) for i in range(len(book.parts))]
    laid_out, missing = _lay_out(pool, cache, _draft, drafts, order, "draft", {})
    LOG.debug("drafts: %d of %d parts laid out", missing, len(drafts))
    pagination = paginate([layout for layout, _ in laid_out], one_sided=book.one_sided)
    for round_ in range(1, ROUNDS + 1):
        jobs = [(final_html(book, i, pagination), i, options) for i in range(len(book.parts))]
        laid_out, missing = _lay_out(pool, cache, _final, jobs, order, "final", options)
        LOG.debug("round %d: %d of %d parts laid out", round_, missing, len(jobs))
        landed = paginate([layout for layout, _ in laid_out], one_sided=book.one_sided)
        if landed == pagination:
            blanks = pagination.total - sum(layout.pages for layout, _ in laid_out)
            return [data for _, data in laid_out if data is not None], pagination.starts, blanks
        pagination = landed
    LOG.info("page numbers of the parts did not settle in %d rounds", ROUNDS)
    return None


def _lay_out(
    pool: _Workers,
    cache: PartCache,
    function: Callable[[Any], LaidOut],
    jobs: Sequence[tuple[Any, ...]],
    order: list[int],
    kind: str,
    options: dict[str, Any],
) -> tuple[list[LaidOut], int]:
    """Every job's part, from the cache or laid out (longest first); and how many were laid out.

    A job's first item is the part's HTML; the key covers it and the options, and for a final
    PDF also the part's index (its table-header ids carry it)."""
    final = kind == "final"
    keys = [
        cache.key(kind, job[0], {"part": i, **options} if final else options)
        for i, job in enumerate(jobs)
    ]
    found = {i: hit for i, key in enumerate(keys) if (hit := cache.load(key, final))}
    missing = [i for i in order if i not in found]
    for i, laid_out in pool.map(function, jobs, missing):
        found[i] = laid_out
        cache.keep(keys[i], laid_out)
    return [found[i] for i in range(len(jobs))], len(missing)


def _draft(job: tuple[str]) -> LaidOut:
    (html,) = job
    with collecting_after(), confined():
        return _layout(html_document(html).render()), None


def _final(job: tuple[str, int, dict[str, Any]]) -> LaidOut:
    html, part, options = job
    check_options(options)
    with collecting_after(), confined():
        document = html_document(html).render()
        layout, data = _layout(document), document.write_pdf(**options)
        del document
    if "<th" in html:  # WeasyPrint gives table-header cells ids unique in their part only
        data = unique_header_ids(data, part)
    return layout, data


def _layout(document: Any) -> PartLayout:
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return PartLayout(len(document.pages), anchors)


def _start_method() -> BaseContext:
    """New processes, never forks of this one (which may hold threads and a whole site build):
    forked from a fresh server process that has imported WeasyPrint once, where the platform
    has one; started afresh otherwise."""
    if "forkserver" not in get_all_start_methods():
        return get_context("spawn")
    context = get_context("forkserver")
    context.set_forkserver_preload([__name__])  # no effect once the server runs
    return context


class _Workers:
    """Layout processes, as many as each round's work calls for on this machine
    (:func:`build_tools.printbook.strategy.layout_processes`; ``count`` fixes the number):
    none for one part or a little work, laid out here, without a process to start. Once
    started, they serve the later rounds too."""

    def __init__(self, count: int | None) -> None:
        self.count = count
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def map(
        self, function: Callable[[Any], T], items: Sequence[Any], order: list[int]
    ) -> list[tuple[int, T]]:
        """``function`` over ``items[i]`` for each ``i`` of ``order``, started in that order;
        each item's first member is the HTML to lay out."""
        sizes = [len(items[i][0]) for i in order]
        forced = self.count if self.count is not None else override()
        count = layout_processes(usable_cpus(), sizes, forced)
        if self.pool is None and count <= 1:
            return [(i, function(items[i])) for i in order]
        if self.pool is None:
            self.pool = ProcessPoolExecutor(count, mp_context=_start_method())
        futures: list[tuple[int, Future[T]]] = [
            (i, self.pool.submit(function, items[i])) for i in order
        ]
        return [(i, future.result()) for i, future in futures]
