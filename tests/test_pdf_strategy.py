"""How many layout processes a round of parts gets (build_tools/printbook/strategy.py)."""

from __future__ import annotations

import pytest

from build_tools.printbook import parallel, strategy
from build_tools.printbook.strategy import PARALLEL_FROM, layout_processes

BIG = [PARALLEL_FROM] * 3  # a round of three large parts


def test_one_cpu_lays_out_in_this_process() -> None:
    assert layout_processes(1, BIG) == 1


def test_little_work_lays_out_in_this_process_whatever_the_cpus() -> None:
    assert layout_processes(8, [PARALLEL_FROM // 4] * 3) == 1  # a small book, an edit
    assert layout_processes(8, [10 * PARALLEL_FROM]) == 1  # one part: nothing to share
    assert layout_processes(8, []) == 1


def test_enough_work_gets_one_process_per_cpu_and_no_more_than_parts() -> None:
    assert layout_processes(2, BIG) == 2
    assert layout_processes(4, BIG) == 3
    assert layout_processes(64, [PARALLEL_FROM] * 40) == strategy.MAX_WORKERS


def test_the_override_wins_but_never_exceeds_the_parts() -> None:
    assert layout_processes(1, BIG, forced=2) == 2
    assert layout_processes(8, [100, 100], forced=1) == 1
    assert layout_processes(8, [100, 100], forced=6) == 2


def test_the_override_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(strategy.WORKERS_VARIABLE, "3")
    assert strategy.override() == 3 and parallel.worker_count() == 3
    for junk in ("0", "-2", "two", ""):
        monkeypatch.setenv(strategy.WORKERS_VARIABLE, junk)
        assert strategy.override() is None
    assert 1 <= parallel.worker_count() <= strategy.MAX_WORKERS


def test_a_round_of_little_work_starts_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool is what the rule says: with 8 CPUs, two small parts run here, in order."""
    monkeypatch.delenv(strategy.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 8)
    with parallel._Workers(None) as pool:
        done = pool.map(len, [("ab",), ("abc",)], [1, 0])
        assert pool.pool is None
    assert done == [(1, 1), (0, 1)]
