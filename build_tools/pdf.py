"""Print HTML → PDF bytes with WeasyPrint; nothing else (plus a cache that skips unchanged layouts).

WeasyPrint's ``write_pdf`` accepts any keyword and silently ignores names it does not know, so
a misspelt option (``pdf_varient=``) would quietly give an untagged PDF. :func:`write_pdf`
refuses every name WeasyPrint does not list in ``DEFAULT_OPTIONS``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from build_tools.cache import Store, bound, cache_root
from build_tools.fetch import confined, html_document


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
    with confined():
        return html_document(html).write_pdf(**options)  # type: ignore[no-any-return]


def handbook_pdf(html: str, parts: Path | None = None) -> bytes:
    """The print handbook's PDF: tagged PDF/UA-1, metadata from the HTML head.

    Laid out in parts on every CPU (:mod:`build_tools.parallel_pdf`), reusing the parts kept
    in the folder ``parts`` that did not change; laid out whole, in one process, only when the
    parts' page numbers do not settle.
    """
    from build_tools.parallel_pdf import layout_in_parts  # options checked where WeasyPrint runs

    data = layout_in_parts(html, HANDBOOK_OPTIONS, cache=parts)
    return data if data is not None else write_pdf(html, **HANDBOOK_OPTIONS)


def layout_key(html: str, options: dict[str, Any]) -> str:
    """Content hash of everything that decides the PDF: HTML (with its CSS), options, engine."""
    digest = hashlib.sha256()
    digest.update(version("weasyprint").encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(html.encode())
    return digest.hexdigest()


def cached_handbook_pdf(html: str, book: str) -> tuple[bytes, bool]:
    """The handbook PDF of ``html``, and whether it had to be laid out.

    The layout cache (:mod:`build_tools.cache`, outside the repository) keeps the last PDF and
    the laid-out parts of each ``book`` (a name such as ``public-a4-…``, so that builds of other
    books do not evict it); a changed book lays out again only the parts that changed. What
    comes from the cache is a hint: the caller checks it as it checks a new layout.
    """
    root = cache_root()
    key = layout_key(html, HANDBOOK_OPTIONS)
    store = Store(root / "books" / book)
    data = store.get(key)
    laid_out = data is None
    if data is None:
        data = handbook_pdf(html, root / "parts" / book)
        store.put(key, data)
    store.prune()
    bound(root)
    return data, laid_out
