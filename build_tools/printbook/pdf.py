"""Print HTML → PDF bytes with WeasyPrint, in one process; the options and the layout key.

WeasyPrint's ``write_pdf`` accepts any keyword and silently ignores names it does not know, so
a misspelt option (``pdf_varient=``) would quietly give an untagged PDF. :func:`write_pdf`
refuses every name WeasyPrint does not list in ``DEFAULT_OPTIONS``.
"""

from __future__ import annotations

import hashlib
import json
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
    with confined():
        return html_document(html).write_pdf(**options)  # type: ignore[no-any-return]


def layout_key(html: str, options: dict[str, Any]) -> str:
    """Content hash of everything that decides the PDF: HTML (with its CSS), options, engine."""
    digest = hashlib.sha256()
    digest.update(version("weasyprint").encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(html.encode())
    return digest.hexdigest()
