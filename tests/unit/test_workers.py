"""Worker processes: how many, and the garbage collector's settings for a build and its workers."""

from __future__ import annotations

import gc
import sys
import threading

import pytest

from smo_gen import workers
from smo_gen.workers import chunk_size, collect_less_often, no_cycle_collection, worker_pool


def test_a_build_runs_without_the_cycle_collector_and_turns_it_back_on() -> None:
    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_a_build_made_is_not_walked_by_the_next_young_collection() -> None:
    with no_cycle_collection():
        kept = [[] for _ in range(50_000)]  # a build's pages, tracked by the collector
    assert gc.get_count()[0] < 1_000  # moved to the oldest generation, not 50,000 young objects
    assert len(kept) == 50_000


def test_the_collector_comes_back_when_the_build_fails() -> None:
    with pytest.raises(RuntimeError), no_cycle_collection():
        raise RuntimeError("bad input")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _collector_settings() -> tuple[bool, tuple[int, int, int]]:
    return gc.isenabled(), gc.get_threshold()


def test_workers_forked_during_a_build_collect_again_less_often() -> None:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers inherit the parent's collector settings only when forked")
    with no_cycle_collection(), worker_pool(2, multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_collector_settings).result() == (True, (20_000, 20, 20))


def _has_module(name: str) -> bool:
    return name in sys.modules  # looked up, never imported


def test_modules_the_workers_need_are_imported_once_before_they_are_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("workers inherit the parent's modules only when forked")
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    with worker_pool(2, multiprocessing.get_context("fork"), preload=["colorsys"]) as pool:
        assert "colorsys" in sys.modules
        assert list(pool.map(_has_module, ["colorsys"] * 4)) == [True] * 4


def test_collect_less_often_sets_the_workers_threshold() -> None:
    before = gc.get_threshold()
    try:
        collect_less_often()
        assert gc.get_threshold() == (20_000, 20, 20)
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize(
    ("tasks", "workers", "expected"),
    [
        (10_000, 2, 64),  # a quarter-share would be 1,250: one slow chunk would leave a worker idle for seconds
        (400, 2, 50),  # a quarter of each worker's share
        (20, 2, 8),  # never below the smallest
        (0, 2, 8),
    ],
)
def test_chunks_are_a_quarter_share_within_bounds(tasks: int, workers: int, expected: int) -> None:
    assert chunk_size(tasks, workers) == expected
    chunks = -(-tasks // expected)
    assert tasks == 0 or chunks >= min(workers * 4, -(-tasks // 8))  # every worker gets several


def test_workers_default_to_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 8)
    assert workers.usable_cores() == 3 and workers.workers_for(None) == 3 and workers.workers_for(1) == 1
    monkeypatch.delattr(workers.os, "sched_getaffinity")
    assert workers.usable_cores() == 8  # systems without CPU affinity


def test_no_task_is_forked_while_another_thread_runs() -> None:
    # A fork copies one thread of a process whose others may hold locks (`serve` builds beside its own).
    alone = threading.active_count() == 1  # a test runner may keep threads of its own
    assert workers.can_fork() == (sys.platform == "linux" and alone)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not workers.can_fork()
        assert workers.fork_task(lambda: None) is None
    finally:
        release.set()
        other.join()
    child = workers.fork_task(lambda: None)
    assert (child is not None) == workers.can_fork()
    if child is not None:
        assert workers.child_succeeded(child)
