"""Worker processes for the stages that keep a core busy (parsing, measuring images, rendering),
and the garbage collector's settings for them and for the build itself."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a pool is made: most incremental builds need none
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext


def usable_cores() -> int:
    """The cores this process may run on: a CI job pinned to some of a machine's cores (a
    container's CPU set, `taskset`) gets those, where `os.cpu_count()` would give them all."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity on this system (macOS, Windows)
        return os.cpu_count() or 1


def workers_for(workers: int | None) -> int:
    """The processes to use when asked for `workers` (None: one per usable core)."""
    return workers or usable_cores()


@contextlib.contextmanager
def worker_pool(
    workers: int, context: BaseContext | None = None, preload: Sequence[str] = ()
) -> Iterator[ProcessPoolExecutor]:
    """A process pool of `workers`, with the parent's objects frozen while it runs.

    A collection in a forked worker would touch, and so copy, every object it inherited; the
    objects are unfrozen afterwards, so a long-running `serve` still collects what earlier
    builds left. The workers collect less often (`collect_less_often`).

    `preload` names the modules each worker would import: they are imported here, once, and the
    forked workers find them loaded instead of each importing them again.
    """
    from concurrent.futures import ProcessPoolExecutor

    import_now(preload)

    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, context, initializer=set_up_worker) as pool:
            yield pool
    finally:
        gc.unfreeze()


def fork_context() -> BaseContext | None:
    """The 'fork' way of starting workers, where there is one: they inherit what the parent set
    up before the pool started (the renderer, the site's files), so nothing of it is pickled.
    Imported here: most incremental builds start no worker."""
    import multiprocessing

    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def import_now(modules: Sequence[str]) -> None:
    """Import `modules` in this process, about to fork workers that would each import them."""
    for name in modules:
        importlib.import_module(name)


def chunk_size(tasks: int, workers: int, smallest: int = 8, largest: int = 64) -> int:
    """How many tasks to hand a worker at a time.

    A quarter of each worker's share, so a chunk that runs slow (a long page, a busy
    neighbour on the machine) leaves the other workers little to wait for at the end; and
    at most `largest`, because at 10,000 pages a quarter-share chunk is 1,250 pages, about
    four seconds of parsing, which one worker may end up doing alone. Handing out a chunk
    costs about a millisecond, so small chunks are cheap.
    """
    return max(smallest, min(largest, tasks // (workers * 4)))


def set_up_worker() -> None:
    """In a worker, first: its garbage collector's settings, and its regular expressions kept
    when it ends (a worker compiles the lexers of the code it highlights: see regex_code)."""
    from smo_gen.regex_code import keep_from_worker

    collect_less_often()
    keep_from_worker()


def collect_less_often() -> None:
    """In a worker: parsing and rendering make hundreds of thousands of short-lived objects
    and no cycles worth chasing mid-run; a gen-0 threshold of 20,000 saves 10-15% of it.
    (Collection is on again: the parent forks with it off, see `no_cycle_collection`.)"""
    gc.set_threshold(20_000, 20, 20)
    gc.enable()


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Run a build without the cycle collector in this process, and turn it back on after.

    A build holds every page of the site (an incremental build at 10,000 pages loads them all
    from the cache) and keeps them to the end, so each full collection walks them all for
    nothing: 0.75 s of a 5.5 s one-edit build went to 7 of them. A build makes little cyclic
    garbage (a serial cold build of 1,000 pages peaked at 147 MB without the collector, 145
    MB with it); `serve` collects it between builds once the collector is back.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything made meanwhile is still in the youngest generation: the first collection
            # after enabling would walk it all (0.15 s at 10,000 pages). Freezing and unfreezing
            # moves it to the oldest generation at once, as if it had survived the collections.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def can_fork() -> bool:
    """Whether `fork_task` runs its task in a forked child now (Linux, no other thread)."""
    return sys.platform == "linux" and threading.active_count() == 1


def fork_task(task: Callable[[], object]) -> int | None:
    """Run `task` in a forked child process, where forking is safe (Linux, and no other thread in
    this process: a fork copies one thread of a process whose others may hold locks; `serve`
    builds beside its own). The child leaves without any of this process's clean-up (exit
    handlers, buffers), with status 0 when `task` returned. Its pid, or None where there is none.
    """
    if not can_fork():
        return None
    try:
        child = os.fork()
    except OSError:
        return None
    if child == 0:  # pragma: no cover - the parent sees its exit status
        status = 1
        try:
            task()
            status = 0
        finally:
            os._exit(status)
    return child


def child_succeeded(child: int) -> bool:
    """Wait for the child `fork_task` started; whether its task returned."""
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status) == 0
