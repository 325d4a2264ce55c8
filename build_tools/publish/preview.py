"""The live preview when the sources do not validate: one error page for every page asked for.

Under ``mkdocs serve`` a failed build would leave the previous pages on screen (and MkDocs holds
every request until a build succeeds, so a reload hangs). Instead the plugin builds a site of
one page listing every problem (:func:`error_page`), and :class:`ErrorPages`, wrapped around
the server's WSGI application, answers every request for a page with it, through the server
itself, so that MkDocs adds its live-reload script: the first build after the sources are
fixed reloads the browser onto the handbook.

Everything on the page comes from the sources or names them, so every value is escaped.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.review.edition_build import EditionBuild
from build_tools.source.errors import HandbookError
from build_tools.source.problems import Problem, SourceError, excerpt, one_line
from build_tools.source.reuse import Reuse, fingerprint, reusing

#: The error page in the preview's site folder (also written as index.html and 404.html, for a
#: server without the wrapper: ``mkdocs serve --no-livereload``).
ERROR_FILE = "handbook-preview-errors.html"


@dataclass(frozen=True)
class Entry:
    """One problem as the page shows it."""

    where: str  # FILE:LINE:COL, or what else is known
    message: str
    quote: tuple[str, str] | None = None  # the source line and the caret line under it


def entries(err: HandbookError) -> list[Entry]:
    """The problems of ``err``, each with its source line when the sources side quoted it
    (:mod:`build_tools.source.quoting`)."""
    if not isinstance(err, SourceError):
        where = "" if err.location is None else str(err.location)
        return [Entry(where, err.message)]
    return [_entry(problem) for problem in err.problems]


def _entry(problem: Problem) -> Entry:
    shown = None
    if problem.quote is not None:
        source_line, caret = excerpt(problem.quote, problem.location)
        shown = (source_line, caret)
    return Entry(str(problem.location), problem.message, shown)


_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; color: #8c1d18; margin-top: 0; }
.note { background: #fff4e5; border-left: 4px solid #b35c00; padding: .5rem 1rem; }
ol { padding-left: 1.5rem; }
li { margin: 1rem 0; }
.where { font-family: ui-monospace, monospace; font-weight: bold; margin: 0; }
.quote { background: #f4f4f4; padding: .5rem; overflow-x: auto; margin: .25rem 0; }
.caret-line { color: #c00; font-weight: bold; }
.message { margin: .25rem 0; }
"""


def error_page(found: list[Entry], heading: str = "") -> str:
    """The page shown for every address of the preview while the sources have errors."""
    count = f"{len(found)} problem{'s' if len(found) != 1 else ''}"
    heading = heading or f"The preview stopped: the sources have {count}"
    items = "\n".join(_item(entry) for entry in found)
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        '<link rel="icon" href="data:,">\n'  # no request for /favicon.ico, outside the site
        f"<title>{html.escape(heading)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n"
        '<main id="handbook-preview-errors">\n'
        f"<h1>{html.escape(heading)}</h1>\n"
        '<p class="note">This is not the handbook: your last save left the sources in a state '
        "that cannot be built. Fix each problem below and save; this page turns back into the "
        "handbook by itself. <code>make check</code> lists the same problems.</p>\n"
        f'<ol class="problems">\n{items}\n</ol>\n</main>\n</body>\n</html>\n'
    )


def _item(entry: Entry) -> str:
    quote = ""
    if entry.quote is not None:
        source_line, caret = entry.quote
        quote = (
            f'<pre class="quote"><span class="source-line">{html.escape(source_line)}</span>\n'
            f'<span class="caret-line">{html.escape(caret)}</span></pre>\n'
        )
    where = f'<p class="where">{html.escape(entry.where)}</p>\n' if entry.where else ""
    return (
        f'<li class="problem">\n{where}{quote}'
        f'<p class="message">{html.escape(one_line(entry.message))}</p>\n</li>'
    )


def crash_entries(error: BaseException) -> list[Entry]:
    """The problem of a build that failed other than on the sources (the terminal shows why)."""
    message = f"the preview could not be built: {type(error).__name__}: {error}"
    return [Entry("", message + " (the terminal running mkdocs serve shows more)")]


CRASH_HEADING = "The preview stopped: the last build failed"


def write_error_pages(site_dir: Path, found: list[Entry], heading: str = "") -> None:
    """The error page, written into the preview's site folder where :class:`ErrorPages` asks
    the server for it (and as index.html and 404.html, for a server without the wrapper)."""
    page = error_page(found, heading)
    site_dir.mkdir(parents=True, exist_ok=True)
    for name in (ERROR_FILE, "index.html", "404.html"):
        (site_dir / name).write_text(page, encoding="utf-8")


class Kept:
    """What the preview keeps from one build to the next, so that a save redoes only what it
    touched: the text as it was when no file under the sources changed (a hand-written page
    was saved), else each source file parsed again only if its bytes changed (then all are
    validated together, as references cross files)."""

    def __init__(self) -> None:
        self.reuse = Reuse()
        self.last: tuple[tuple[str, ...], EditionBuild] | None = None

    def load(
        self, source: Path, wanted: tuple[str, ...], read: Callable[[], EditionBuild]
    ) -> EditionBuild:
        """``read()``, or its last result when the sources and ``wanted`` are the same."""
        key = (fingerprint(source), str(source.resolve()), *wanted)
        if self.last is not None and self.last[0] == key:
            return self.last[1]
        with reusing(self.reuse):
            loaded = read()
        self.last = (key, loaded)
        return loaded


StartResponse = Callable[..., Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class ErrorPages:
    """WSGI middleware for MkDocs' live-reload server: while ``failing()`` (the last build
    was of the error page), every request for a page is answered with :data:`ERROR_FILE`.

    The server answers first as usual, which waits for a build under way to end; only then is
    the state read, and the error page asked of the same server, which adds its live-reload
    script with the current build's number. Assets, redirects and the server's own
    addresses pass through. A build that failed other than on the sources writes the same
    page (:func:`write_error_pages`) and lets the held requests through (:func:`release`)."""

    def __init__(self, app: App, mount_path: str, failing: Callable[[], bool]) -> None:
        self.app = app
        self.mount_path = mount_path if mount_path.endswith("/") else mount_path + "/"
        self.failing = failing

    def is_page(self, path: str) -> bool:
        if not (path + "/").startswith(self.mount_path):
            return False
        name = posixpath.basename(path)
        return name.endswith(".html") or "." not in name

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self.is_page(environ.get("PATH_INFO", "")):
            return self.app(environ, start_response)
        return self.page(environ, start_response)

    def page(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        held: list[Any] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            held[:] = [status, headers, exc_info]
            return lambda data: None  # MkDocs returns its body; it never writes

        body = self.app(environ, hold)  # held while a build is under way
        if not held:
            return body
        if not self.failing() or held[0].startswith("3"):
            start_response(*held)
            return body
        if hasattr(body, "close"):
            body.close()
        errors = dict(environ, PATH_INFO=self.mount_path + ERROR_FILE)
        return self.app(errors, start_response)


def release(server: Any) -> None:
    """After a failed build, let through the requests MkDocs' live-reload server holds until a
    build succeeds (:class:`ErrorPages` answers them with the error page), and reload the
    browsers onto it. This reaches into MkDocs 1.6's server (its build counters); on a server
    without them it does nothing, and requests wait for a good build as before."""
    condition = getattr(server, "_epoch_cond", None)
    if condition is None or not hasattr(server, "_wanted_epoch"):
        return
    with condition:
        server._visible_epoch = server._wanted_epoch
        condition.notify_all()
