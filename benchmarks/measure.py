"""Run a command as a fresh process and measure it: wall time, CPU time, peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process
    rss_mb: float  # peak resident memory of the largest process (the kernel's ru_maxrss)
    tree_mb: float = 0.0  # peak memory of the whole process tree: its PSS summed, sampled


@dataclass(frozen=True)
class Measure:
    """The median of several runs of one step; peak memory is the largest seen."""

    wall: float
    cpu: float
    rss_mb: float
    runs: int
    walls: tuple[float, ...]
    tree_mb: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class StepFailed(RuntimeError):
    pass


def run_once(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """One run; CPU from the process's own rusage (os.wait4: it and the children it reaped, so
    other steps never count). Memory two ways: ``rss_mb``, the peak RSS of the largest single
    process (the kernel's ``ru_maxrss``, which for a parent and its layout processes is the
    largest of them, never their sum), and ``tree_mb``, the peak of the whole process tree
    (parent + every descendant alive at the time) summed, sampled every 50 ms from /proc
    (:class:`TreeMemory`)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    tree = TreeMemory(process.pid)
    tree.start()
    assert process.stdout is not None
    with process.stdout:
        output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    tree.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = output.decode("utf-8", "replace")[-2000:]
        raise StepFailed(f"{' '.join(command)} exited {process.returncode}:\n{tail}")
    cpu = max(usage.ru_utime + usage.ru_stime, tree.cpu)  # layout processes not reaped by it
    return Sample(wall, cpu, usage.ru_maxrss / 1024, tree.peak / 2**20)


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its living descendants (Linux /proc)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
            except OSError:
                continue
            stack.extend(int(child) for child in children)
    return found


def process_memory(pid: int) -> int:
    """Bytes of memory ``pid`` holds, shared pages split between their sharers (PSS, from
    /proc/PID/smaps_rollup): summed over processes, what they hold together. RSS would count
    the library and interpreter pages a forked layout process shares with its parent once in
    each. 0 for a process that has ended."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_memory(pid: int) -> int:
    """Bytes the process tree of ``pid`` holds now (PSS summed)."""
    return sum(process_memory(child) for child in tree_pids(pid))


def process_cpu(pid: int) -> float:
    """User + system seconds ``pid`` has run so far (/proc/PID/stat); 0 once it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants (:func:`tree_memory`); ``peak``
    is the largest sum seen; ``cpu`` the CPU seconds of every process of the tree, as last
    seen (layout processes forked by a fork server are not the step's children: its rusage
    does not count them)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._cpu: dict[int, float] = {}
        self._done = threading.Event()

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())

    def run(self) -> None:
        while not self._done.wait(self.interval):
            pids = tree_pids(self.pid)
            self.peak = max(self.peak, sum(process_memory(pid) for pid in pids))
            for pid in pids:
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), process_cpu(pid))

    def stop(self) -> None:
        self._done.set()
        self.join()


def median_of(
    runs: int,
    command: Sequence[str],
    cwd: Path,
    *,
    before: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> Measure:
    """``runs`` runs of ``command``; ``before`` resets state (a cache, an output) before each."""
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        samples.append(run_once(command, cwd, env))
    return summarise(samples)


def summarise(samples: Sequence[Sample]) -> Measure:
    return Measure(
        wall=statistics.median(s.wall for s in samples),
        cpu=statistics.median(s.cpu for s in samples),
        rss_mb=max(s.rss_mb for s in samples),
        runs=len(samples),
        walls=tuple(round(s.wall, 3) for s in samples),
        tree_mb=max(s.tree_mb for s in samples),
    )


def in_process(runs: int, step: Callable[[], object]) -> Measure:
    """Median time of ``step`` inside this process (no interpreter start, no imports)."""
    samples = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        step()
        samples.append(Sample(time.perf_counter() - start, time.process_time() - cpu, 0.0))
    return summarise(samples)
