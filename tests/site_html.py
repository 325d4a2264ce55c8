"""Reading a built MkDocs site with a real HTML parser."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag


def pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """(URL path relative to the site root, parsed page) for every HTML page."""
    for file in sorted(site.rglob("*.html")):
        yield file.relative_to(site).as_posix(), page(file.parent, file.name)


def page(site: Path, url: str) -> BeautifulSoup:
    """The page parsed; parsed once while the file stays the same, so read it, never change
    it (the shared builds are read by many tests)."""
    file = (site / url).resolve()
    stat = file.stat()
    return _parsed(file, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _parsed(file: Path, mtime: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def resolve(
    site: Path, from_page: str, href: str, root: str = "/social-media/"
) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at, or None for external links.

    ``root`` is the path of ``site_url``: root-relative links (the 404 page) start with it.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("mailto:"):
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        assert path.startswith(root), f"{from_page}: {href} is outside the site"
        from_page, path = "index.html", path.removeprefix(root) or "."
    target = (
        posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path))
        if path
        else from_page
    )
    file = site / target
    if file.is_dir() or path.endswith("/"):
        file = file / "index.html"
    return file, unquote(parts.fragment)


def section(soup: BeautifulSoup, anchor: str) -> list[Tag]:
    """The heading with id ``anchor`` and the elements that follow it up to the next
    heading of the same level."""
    heading = soup.find(id=anchor)
    assert isinstance(heading, Tag), f"no element with id {anchor}"
    found = [heading]
    for sibling in heading.find_next_siblings():
        if sibling.name == heading.name:
            break
        found.append(sibling)
    return found


def links_in(elements: list[Tag]) -> list[str]:
    return [str(a["href"]) for el in elements for a in el.find_all("a", href=True)]


def visible_text(html: str) -> str:
    """The text a reader sees on a page (the page title included), scripts and styles left out."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.find_all(["script", "style"]):
        hidden.decompose()
    return soup.get_text(" ")
