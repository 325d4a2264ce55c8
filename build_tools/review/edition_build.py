"""What one edition's build needs, from a single read of the sources."""

from __future__ import annotations

import dataclasses

from build_tools.review.diff import Entry
from build_tools.source.model import Handbook


@dataclasses.dataclass(frozen=True)
class EditionBuild:
    """Everything one edition's build needs, from a single read of the sources."""

    full: Handbook  # every item, for the leak check's list of what must not appear
    handbook: Handbook  # what the edition admits: the only thing renderers see
    changelog: tuple[Entry, ...]
