"""What WeasyPrint may fetch while it lays out the print handbook: the package's own files only.

WeasyPrint's default URL fetcher reads any ``file://`` path and any network address it meets in
the HTML or CSS (images, stylesheets, ``url()`` in styles, attachments). The print HTML is made
from untrusted sources, so every layout uses :func:`confined_fetcher`: a ``file://`` URL is
served only when its real path (after ``..`` and symbolic links are resolved) lies inside the
package's ``templates`` folder; every other scheme, host and path is refused and stops the
layout with :class:`FetchRefused`, naming the address. Relative addresses resolve against
:data:`BASE_URL`, that same folder, never against the working directory.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from build_tools.source.errors import HandbookError
from build_tools.util.files import real_path_within

#: The only folder the print handbook reads files from (stylesheets, fonts, pictures we ship).
OWN_FILES = Path(str(files("build_tools").joinpath("templates"))).resolve()
BASE_URL = OWN_FILES.as_uri() + "/"


class FetchRefused(HandbookError):
    """The print HTML asked for something outside the package's own files."""

    code = "fetch-refused"

    def __init__(self, url: str) -> None:
        shown = url if len(url) <= 100 else url[:97] + "..."
        super().__init__(
            f"the print handbook refers to '{shown}', which it may not fetch: it reads only "
            "its own stylesheets, never files or network addresses named in the sources"
        )
        self.args = (url,)  # pickles back from a layout process as it was
        self.url = url


def allowed_path(url: str) -> Path | None:
    """The file behind ``url`` if it may be read: a ``file://`` URL inside :data:`OWN_FILES`."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = real_path_within(unquote(parts.path), OWN_FILES)
    return path if path is not None and path.is_file() else None


def html_document(html: str) -> Any:
    """``weasyprint.HTML`` for ``html`` that fetches through :func:`confined_fetcher` only."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=confined_fetcher())


@contextlib.contextmanager
def confined() -> Iterator[None]:
    """Turns WeasyPrint's stop for a refused address into :class:`FetchRefused`."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        yield
    except FatalURLFetchingError as err:
        raise FetchRefused(str(err.args[0]) if err.args else "?") from None


def confined_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves :data:`OWN_FILES` and refuses everything else."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed_path(url)
            if path is None:
                # Fatal: WeasyPrint would log an ordinary error and lay out the rest.
                raise FatalURLFetchingError(url)
            return URLFetcherResponse(path.as_uri(), path.read_bytes())

    return ConfinedFetcher(fail_on_errors=True)
