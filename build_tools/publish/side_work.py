"""A site build's side work, done on a second CPU while MkDocs renders the pages.

MkDocs renders a site in one process, page after page, and leaves a second CPU idle. Four
jobs of the handbook's build need the sources only, or one page at a time: the leak check's
markers (:func:`leakcheck.markers`), the search index's clause texts
(:func:`search.clause_texts`), the sanitizing of each page's HTML (the plugin hands it over
with :meth:`SideWork.run`), and the leak check of each page as MkDocs writes it. Where it pays
(:func:`wanted`), one process, forked once the site's text is read and before MkDocs converts
the pages, does them in that order while this one renders; the build then waits only for
what is left at its end. Otherwise (one CPU, or another thread in this process: a fork copies
only the calling thread, and a lock another thread held would stay held in the copy) the same
jobs run here, when their results are asked for. Either way the results are the same
(tests/test_side_work.py); a side process that fails or is killed costs time, never a check:
its work is done again here. One that hangs is given up after :data:`STALL` seconds without a
finished job (killed, and its work done here), so a build never waits on it for ever.

A page is checked from the bytes MkDocs is about to write. At the end the whole folder is
checked as before (:func:`leakcheck.scan`), taking a page's result from the side process only
when the file holds exactly the bytes that were checked there; any other file, or a page that
changed after it was handed over, is read and checked here.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import connection, get_all_start_methods, get_context
from pathlib import Path
from typing import Any, TypeVar, cast

from build_tools.printbook.strategy import usable_cpus
from build_tools.publish import leakcheck, output_text
from build_tools.site import search
from build_tools.source.model import Handbook

T = TypeVar("T")
U = TypeVar("U")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
#: Seconds the build waits for the side process without it finishing any job before giving it
#: up as hung. Its longest job (the markers of a 2,000-clause handbook) takes under a second.
STALL = 30.0
#: What the side process works from (set in it before its first job: a fork shares it).
_job: dict[str, Any] = {}


def wanted(cpus: int, threads: int) -> bool:
    """Whether a side process pays on a machine of ``cpus`` usable CPUs for a process of
    ``threads`` threads: only with a second CPU, and a fork only of a single thread."""
    return cpus >= 2 and threads == 1 and "fork" in get_all_start_methods()


def _begin(parent: int, full: Handbook, handbook: Handbook, edition: str) -> None:
    _end_with(parent)
    _job.update(full=full, handbook=handbook, edition=edition)


def _end_with(parent: int) -> None:
    """The side process ends when the build's process ``parent`` does (killed, say): it would
    wait for work for ever, holding a copy of the whole handbook. Linux only (``prctl``)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


def _markers() -> dict[str, str]:
    if "markers" not in _job:
        found = leakcheck.markers(_job["full"], _job["edition"])
        _job.update(markers=found, automaton=leakcheck.automaton(found))
    result: dict[str, str] = _job["markers"]
    return result


def _clause_texts() -> dict[str, search.Texts]:
    return search.clause_texts(_job["handbook"])


def _page_leaks(name: str, data: bytes) -> list[leakcheck.Leak]:
    found = _markers()
    if not found:
        return []
    text = output_text.text_of(".html", data.decode("utf-8", "replace"))
    return leakcheck.leaks_in(name, text, found, _job["automaton"])


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class SideWork:
    """The side work of one site build into ``folder`` (see the module's docstring)."""

    def __init__(
        self, folder: Path, full: Handbook, handbook: Handbook, edition: str, *, fork: bool = False
    ) -> None:
        self.folder = folder
        self.full, self.handbook, self.edition = full, handbook, edition
        self.pages: dict[str, tuple[bytes, Future[list[leakcheck.Leak]]]] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.found: Future[dict[str, str]] | None = None
        self.texts: Future[dict[str, search.Texts]] | None = None
        self.stall = STALL
        self.progress = time.monotonic()  # when a job was last handed over or finished
        if fork:
            self.pool = ProcessPoolExecutor(
                1, mp_context=get_context("fork"), initializer=_begin,
                initargs=(os.getpid(), full, handbook, edition),
            )  # fmt: skip
            self.found = self._submit(_markers)  # forks now: one thread so far
            self.texts = self._submit(_clause_texts)

    @classmethod
    def start(
        cls, folder: Path, full: Handbook, handbook: Handbook, edition: str, serving: bool
    ) -> SideWork:
        """The side work, in a process of its own where that pays (:func:`wanted`), never
        for the preview (``serving``: it checks no leaks)."""
        fork = not serving and wanted(usable_cpus(), threading.active_count())
        return cls(folder, full, handbook, edition, fork=fork)

    @property
    def forked(self) -> bool:
        """Whether a side process does the work (else it is done here)."""
        return self.pool is not None

    def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], T]:
        """``function(*args, **kwargs)`` (pure) in the side process, its result got by calling
        what this returns; without a side process, or when it failed, called here."""
        future = self._submit(function, *args, **kwargs)
        if future is None:
            done = function(*args, **kwargs)
            return lambda: done
        return lambda: self._result(future, lambda: function(*args, **kwargs))

    def _submit(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T] | None:
        if self.pool is None:
            return None
        try:
            future = self.pool.submit(function, *args, **kwargs)
        except (BrokenProcessPool, RuntimeError):  # the side process ended: work here
            self.pool = None
            return None
        self._moved()
        future.add_done_callback(self._moved)
        return future

    def _moved(self, _: Future[Any] | None = None) -> None:
        """A job was handed over or finished: the clock of :attr:`stall` starts again (a side
        process with nothing to do is waiting, not hung)."""
        self.progress = time.monotonic()

    def _result(self, future: Future[T], here: Callable[[], U]) -> T | U:
        """What the side process made; if it failed (it ended, its job raised, or it finished
        nothing for :attr:`stall` seconds), ``here()``: the same work done in this process, so
        that a side process killed for its memory, or hung, costs time and never a check."""
        while True:
            waited = self.stall - (time.monotonic() - self.progress)
            try:
                return future.result(timeout=max(waited, 0.0))
            except FutureTimeout:
                if future.done() or time.monotonic() - self.progress < self.stall:
                    continue  # it finished this or another job meanwhile: it is working
                self.close(kill=True)  # hung: given up; every job left is done here
                return here()
            except Exception:  # whatever ended the job there, it is done again here
                return here()

    def page(self, file: Path, data: bytes) -> None:
        """Check the page that ``data`` will be in ``file``, in the side process (if any)."""
        name = file.relative_to(self.folder).as_posix()
        future = self._submit(_page_leaks, name, data)
        if future is not None:
            self.pages[name] = (_digest(data), future)

    def markers(self) -> dict[str, str]:
        """The leak check's markers for the edition."""
        here = functools.partial(leakcheck.markers, self.full, self.edition)
        return here() if self.found is None else self._result(self.found, here)

    def clause_texts(self) -> dict[str, search.Texts]:
        """The search index's clause texts."""
        here = functools.partial(search.clause_texts, self.handbook)
        return here() if self.texts is None else self._result(self.texts, here)

    def leaks(self) -> list[leakcheck.Leak]:
        """Every output file under the folder that holds a marker (:func:`leakcheck.scan`)."""
        return leakcheck.scan(self.folder, self.markers(), self._checked)

    def _checked(self, name: str, file: Path) -> list[leakcheck.Leak] | None:
        """The side process's leaks of ``file``, if it checked exactly its bytes."""
        checked = self.pages.get(name)
        if checked is None or _digest(file.read_bytes()) != checked[0]:
            return None
        return self._result(checked[1], lambda: None)  # None: the file is read here

    def close(self, *, kill: bool = False) -> None:
        """Stop the side process, at the end of the build or when it failed: it ends after the
        job it is on, or is killed when that takes :attr:`stall` seconds (at once: ``kill``).
        Returns once the pool's thread that reads results has ended too."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        # No public handles before Python 3.14 (terminate_workers): the worker, the thread
        # that reads its results, and the pipe it reads them from.
        processes = list(pool._processes.values())
        reader = cast("threading.Thread | None", pool._executor_manager_thread)
        results: Any = pool._result_queue
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + (0.0 if kill else self.stall)
        running = {process.sentinel: process for process in processes}
        while running and (left := deadline - time.monotonic()) > 0:
            ended = connection.wait(list(running), left)
            running = {key: process for key, process in running.items() if key not in ended}
        for process in running.values():  # still at work after the deadline: hung
            process.kill()
            process.join()
        if running:
            # One killed while sending a result leaves it half-written, and the reader would
            # wait for the rest for ever (the build would then never exit): closing this
            # process's end of the pipe lets it see the end.
            results._writer.close()
        if reader is not None:
            reader.join()
