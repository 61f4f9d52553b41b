"""Worker processes for the stages that keep a core busy: parsing, measuring images, rendering."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a pool is made: most incremental builds need none
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext


@contextlib.contextmanager
def worker_pool(workers: int, context: BaseContext | None = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool of `workers`, with the parent's objects frozen while it runs.

    A collection in a forked worker would touch, and so copy, every object it inherited; the
    objects are unfrozen afterwards, so a long-running `serve` still collects what earlier
    builds left. The workers collect less often (`collect_less_often`).
    """
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, context, initializer=collect_less_often) as pool:
            yield pool
    finally:
        gc.unfreeze()


def collect_less_often() -> None:
    """In a worker: parsing and rendering make hundreds of thousands of short-lived objects
    and no cycles worth chasing mid-run; a gen-0 threshold of 20,000 saves 10-15% of it."""
    gc.set_threshold(20_000, 20, 20)
