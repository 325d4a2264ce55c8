"""The benchmark's memory figure is the whole process tree's, not its largest process's.

A parent that starts two children, each holding 60 MB, while it holds 60 MB itself: the
kernel's ``ru_maxrss`` says at most what the largest process held, the tree holds ~180 MB
together.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.measure import process_memory, run_once, tree_pids

HOLD = (
    "import sys, time\n"
    "block = bytes(range(256)) * (60 * 2**20 // 256)  # written, so resident\n"
    "time.sleep(float(sys.argv[1]))\n"
)
PARENT = (
    "import subprocess, sys, time\n"
    "children = [subprocess.Popen([sys.executable, '-c', sys.argv[1], '1.5']) for _ in '12']\n"
    "block = bytes(range(256)) * (60 * 2**20 // 256)\n"
    "for child in children:\n"
    "    child.wait()\n"
)


def test_tree_memory_sums_the_parent_and_its_children(tmp_path: Path) -> None:
    sample = run_once([sys.executable, "-c", PARENT, HOLD], tmp_path)
    # ru_maxrss (rss_mb) is no bound here: a child forked from a large pytest worker counts
    # the worker's pages it had before exec. The tree's sum is what the test is about.
    assert 170 < sample.tree_mb < 400  # parent and both children at once, 60 MB each


def test_tree_of_this_process_includes_it_and_counts_its_memory() -> None:
    import os

    assert tree_pids(os.getpid())[0] == os.getpid()
    assert process_memory(os.getpid()) > 1 << 20
    assert process_memory(2**22 + 1) == 0  # no such process: nothing, no error
