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


def _reference(match: re.Match[str]) -> Reference:
    label = match.group(2)
    return Reference(match.group(1).strip(), label.strip() if label else None, *match.span())


def find_references(text: str) -> Iterator[Reference]:
    return map(_reference, _REFERENCE.finditer(text))


def replace_references(text: str, render: Callable[[Reference], str]) -> str:
    """Return ``text`` with every reference replaced by ``render(reference)``."""
    if "[[" not in text:
        return text
    return _REFERENCE.sub(lambda match: render(_reference(match)), text)
