"""``[[ID]]`` and ``[[ID|text]]`` references inside Markdown fields, shared by every renderer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_REFERENCE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")


@dataclass(frozen=True)
class Reference:
    target: str
    label: str | None
    start: int
    end: int


def find_references(text: str) -> Iterator[Reference]:
    for match in _REFERENCE.finditer(text):
        label = match.group(2)
        yield Reference(match.group(1).strip(), label.strip() if label else None, *match.span())


def replace_references(text: str, render: Callable[[Reference], str]) -> str:
    """Return ``text`` with every reference replaced by ``render(reference)``."""
    return _REFERENCE.sub(lambda m: render(next(find_references(m.group(0)))), text)
