"""Checks on the Markdown that editors write: raw HTML that could run code is refused."""

from __future__ import annotations

from html.parser import HTMLParser

_ACTIVE_TAGS = frozenset({"script", "iframe", "object", "embed", "style", "form"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})


class _ActiveContentFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = self.getpos()
        if tag in _ACTIVE_TAGS:
            self.found.append((where, f"raw HTML <{tag}> is not allowed in Markdown"))
        for name, value in attrs:
            if name.startswith("on"):
                message = f"HTML event-handler attribute '{name}' is not allowed in Markdown"
                self.found.append((where, message))
            elif name in _URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append((where, f"javascript: address in '{name}' is not allowed"))


def unsafe_html(text: str) -> list[tuple[int, str]]:
    """(character offset, message) for each piece of active HTML in Markdown ``text``."""
    if "<" not in text:
        return []
    finder = _ActiveContentFinder()
    finder.feed(text)
    finder.close()
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return [(starts[line - 1] + column, message) for (line, column), message in finder.found]
