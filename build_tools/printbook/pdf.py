"""Print HTML → PDF bytes with WeasyPrint, in one process; the options and the layout key.

WeasyPrint's ``write_pdf`` accepts any keyword and silently ignores names it does not know, so
a misspelt option (``pdf_varient=``) would quietly give an untagged PDF. :func:`write_pdf`
refuses every name WeasyPrint does not list in ``DEFAULT_OPTIONS``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import json
from collections.abc import Iterator
from functools import cache
from importlib.metadata import version
from typing import Any

from build_tools.printbook.fetch import confined, html_document


@cache
def known_options() -> frozenset[str]:
    """Every option name WeasyPrint's ``write_pdf`` understands."""
    import weasyprint  # imported on first layout: a layout-cache hit never pays for it

    return frozenset(weasyprint.DEFAULT_OPTIONS)


#: The options of the print handbook: a tagged PDF/UA-1 document (accessible, with structure).
HANDBOOK_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


class UnknownOption(TypeError):
    pass


def check_options(options: dict[str, Any]) -> None:
    """Raise :class:`UnknownOption` for any name WeasyPrint would silently ignore."""
    unknown = sorted(set(options) - known_options())
    if unknown:
        known = ", ".join(sorted(known_options()))
        raise UnknownOption(
            f"unknown WeasyPrint option(s): {', '.join(unknown)}; expected one of: {known}"
        )


def write_pdf(html: str, **options: Any) -> bytes:
    """Lay out ``html`` and return the PDF; only option names WeasyPrint knows are accepted.
    Nothing is fetched but the package's own files (:mod:`build_tools.fetch`)."""
    check_options(options)
    with collecting_after(), confined():
        return html_document(html).write_pdf(**options)  # type: ignore[no-any-return]


def render(html: str, **options: Any) -> Any:
    """Lay out ``html`` without writing it: a ``weasyprint.Document`` whose pages can be counted
    before :func:`write_rendered` writes it (what :func:`write_pdf` does in one step)."""
    check_options(options)
    with collecting_after(), confined():
        return html_document(html).render(**options)


def write_rendered(document: Any, **options: Any) -> bytes:
    """The PDF of a document laid out by :func:`render`, with the same ``options``."""
    check_options(options)
    with confined():
        return document.write_pdf(**options)  # type: ignore[no-any-return]


@contextlib.contextmanager
def collecting_after() -> Iterator[None]:
    """No garbage collection during a layout, one after it.

    WeasyPrint allocates millions of short-lived objects, and Python's collector kept
    scanning them: a layout runs 15 to 20% faster without it. With the collector off, all that
    the layout allocated stays in the youngest generation, so collecting that one frees its
    garbage without scanning the older objects of the process (in a process that holds a whole
    site build, a full collection after each part of the book cost more than the part). Then
    the memory goes back to the system (glibc keeps freed heap otherwise, and a layout process
    would stay as large as the largest part it laid out)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)
        with contextlib.suppress(OSError, AttributeError):  # not glibc: reused, not returned
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def layout_key(html: str, options: dict[str, Any]) -> str:
    """Content hash of everything that decides the PDF: HTML (with its CSS), options, engine
    (WeasyPrint, and fontTools, which joins the parts' fonts)."""
    digest = hashlib.sha256()
    digest.update(version("weasyprint").encode())
    digest.update(version("fonttools").encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(html.encode())
    return digest.hexdigest()
