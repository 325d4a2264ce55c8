"""How many layout processes a round of parts gets: chosen from the machine and the work.

The book is always cut the same way (:func:`build_tools.printbook.parts.split_book` depends on
the HTML only), and the parts are laid out the same way whether one process lays them out or
several, so this choice changes how long a build takes, never the PDF's bytes
(tests/test_parallel_pdf.py lays a book out with 1 and 2 processes and compares the bytes).
Laying the book out whole instead (one WeasyPrint document, no merge) would give other bytes
(other object numbers, one tag tree written by WeasyPrint rather than merged), so that is not
a choice made by the machine: it is only the fallback when the parts' page numbers do not
settle (:mod:`build_tools.printbook.book`).

The rule (:func:`layout_processes`): one process when the machine has one CPU, when the round
has one part, or when its parts hold less than :data:`PARALLEL_FROM` characters of HTML
together; otherwise one per CPU, at most :data:`MAX_WORKERS` and at most one per part.
``HANDBOOK_PDF_WORKERS=N`` overrides it.

What it rests on (2 cores, WeasyPrint 70; benchmarks/README.md, "Layout strategy"):

- a part costs ~47 µs of CPU per character of HTML, draft and final round together (the
  shipped book's 10 parts, 269,491 characters: 12.8 s of CPU, laid out one by one);
- starting the layout processes costs ~0.4 s more CPU than laying out in the calling
  process (the fork server, and WeasyPrint imported in each process: 1.37 s against 1.00 s
  for a tiny document on 2 processes against 1) and ~55 MB more memory (process tree 129 MB
  against 74 MB);
- so on 2 cores a round gains half its layout time and pays ~0.4 to 0.5 s: it breaks even
  at ~20,000 characters (~1 s of layout) and gains clearly from 40,000 (~1.9 s of layout,
  ~0.9 s saved), where the rule starts the processes; below that, their memory buys little;
- a whole book on 2 cores, idle machine, `handbook pdf` end to end: 200 clauses
  (298,287 characters, 10 parts) 7.7 s in parallel against 12.1 s in one process and 8.5 s
  for WeasyPrint alone in one pass with the page numbers written in; 2,000 clauses
  (2,598,135 characters, 26 parts): see benchmarks/results/latest.md.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

#: Environment variable that sets the number of layout processes (default: chosen here).
WORKERS_VARIABLE = "HANDBOOK_PDF_WORKERS"
#: Ceiling on layout processes, whatever the number of CPUs (each holds a WeasyPrint of a
#: few hundred MB).
MAX_WORKERS = 8
#: Characters of part HTML from which a round is shared between processes. Measured on 2
#: cores: see benchmarks/README.md, "Layout strategy".
PARALLEL_FROM = 40_000


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def override() -> int | None:
    """``HANDBOOK_PDF_WORKERS`` when it is a positive number."""
    value = os.environ.get(WORKERS_VARIABLE, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def layout_processes(cpus: int, parts: Sequence[int], forced: int | None = None) -> int:
    """Processes to lay out parts of ``parts`` characters each on ``cpus`` CPUs (``forced``:
    the override, still at most one per part)."""
    if not parts:
        return 1
    if forced is not None:
        return max(1, min(forced, len(parts)))
    if cpus < 2 or len(parts) < 2 or sum(parts) < PARALLEL_FROM:
        return 1
    return min(cpus, MAX_WORKERS, len(parts))
