"""Model → model: which version of the text a build shows.

Published means approved: the default build shows the text of the latest closed review cycle,
read from its snapshot; the working copy is shown only as a draft, marked as such everywhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from build_tools.source.model import Cycle, Handbook


def approved(snapshot: Handbook, cycles: Sequence[Cycle]) -> Handbook:
    """The text approved by the last of ``cycles``, frozen in ``snapshot``, with the review
    history up to that cycle."""
    return dataclasses.replace(snapshot, cycles=tuple(cycles), draft=False)


def draft(working: Handbook) -> Handbook:
    """The working copy, for review only: every output marks it as not approved."""
    return dataclasses.replace(working, draft=True)
