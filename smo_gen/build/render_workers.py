"""Rendering outputs: in this process, or on worker processes forked from it when there are many."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from smo_gen.errors import Problem
from smo_gen.render.document_parts import Assembled
from smo_gen.render.outputs import Planned, SiteRenderer
from smo_gen.render.social_meta import PageMeta
from smo_gen.reporter import Progress, collect_counted, no_progress
from smo_gen.workers import worker_pool, workers_for

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

# Below this many outputs to render, worker processes cost more than they save.
PARALLEL_MINIMUM = 200
CHUNK = 16  # outputs a worker renders per task


# Outputs this large come back from a worker through a file, not the result pipe: a pipe moved
# the three 100 MB feeds of a 10,000-page site at ~200 MB/s, and while one worker sent, the
# others waited for the pipe's lock to send theirs (3.5 s of a 12 s render, on each worker).
SPOOL_MINIMUM = 1 << 20


# Set in the parent before the worker processes fork, so each inherits the renderer.
_worker_renderer: SiteRenderer | None = None
_worker_plans: Sequence[Planned] = ()
_worker_spool: Path | None = None
_worker_inspect: Inspect | None = None


class RenderResult(NamedTuple):
    """One output as rendered."""

    data: bytes | Assembled | None  # None: nothing to write (the renderer reported why)
    reads_site: bool  # its template read the whole site model (see `output_keys.site_digest`)
    problems: list[Problem]


class Spooled(NamedTuple):
    """A `RenderResult` a worker handed back with its data in a file (see SPOOL_MINIMUM)."""

    path: str  # the pickled data, in this build's spool folder
    reads_site: bool
    problems: list[Problem]


# Looks at an output where it was rendered (the share rules of `smo-gen check`, on a page's
# HTML), so the work is spread over the workers with the rendering; its problems come back
# with the output's.
Inspect = Callable[[str, bytes, PageMeta | None], list[Problem]]  # dest, bytes, the head's values


def _ignore_rendered(dest: str, data: bytes | Assembled | None) -> None:
    """Hear of an output rendered, and do nothing with it."""


@dataclass(frozen=True)
class RenderOptions:
    """How `render_all` may go faster; none of it changes what is rendered."""

    workers: int | None = None  # worker processes; None: one per core
    progress: Progress = no_progress  # hears how many outputs are rendered
    # Hears of each output rendered in this process as soon as it is (the writer starts on
    # large ones meanwhile: see `early_writes`).
    rendered: Callable[[str, bytes | Assembled | None], None] = _ignore_rendered
    inspect: Inspect | None = None  # run on each rendered output's bytes, in the process that rendered it


def render_all(
    plans: Sequence[Planned], renderer: SiteRenderer, todo: list[int], options: RenderOptions
) -> list[RenderResult]:
    """Render the plans numbered `todo`, in that order."""
    global _worker_renderer, _worker_plans, _worker_spool, _worker_inspect
    _worker_renderer, _worker_plans, _worker_inspect = renderer, plans, options.inspect
    try:
        workers = workers_for(options.workers)
        context = _fork_context() if workers >= 2 and len(todo) >= PARALLEL_MINIMUM else None
        if context is None:
            return collect_counted(_announced(todo, options.rendered), len(todo), options.progress)
        cache_dir = renderer.site.config.cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)
        from concurrent.futures import as_completed

        by_index: dict[int, RenderResult] = {}
        # Pickles pass results back, through files only this build's workers write in a folder
        # this build has just made (mkdtemp): nothing from a checkout is ever unpickled.
        with (
            tempfile.TemporaryDirectory(prefix="spool-", dir=cache_dir) as spool,
            worker_pool(workers, context) as pool,
        ):
            _worker_spool = Path(spool)
            futures = {pool.submit(_render_many, task): task for task in make_tasks(plans, todo)}
            for future in as_completed(futures):  # as each task finishes, so the count moves steadily
                for index, result in zip(futures[future], future.result(), strict=True):
                    by_index[index] = _unspooled(result)
                options.progress(len(by_index), len(todo))
        return [by_index[index] for index in todo]
    finally:
        _worker_renderer, _worker_plans, _worker_spool, _worker_inspect = None, (), None, None


def _announced(todo: list[int], rendered: Callable[[str, bytes | Assembled | None], None]) -> Iterator[RenderResult]:
    """Render `todo` in this process, telling `rendered` of each output as soon as it is made."""
    for index in todo:
        result = _render_one(index)
        rendered(_worker_plans[index].dest, result.data)
        yield result


def _fork_context() -> BaseContext | None:
    """The 'fork' way of starting workers, where there is one: they inherit the renderer, so
    nothing is pickled. Imported here: most incremental builds render in this process."""
    import multiprocessing

    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def make_tasks(plans: Sequence[Planned], todo: Sequence[int]) -> list[list[int]]:
    """Split the outputs to render into tasks for the workers, costliest first.

    Outputs of one batch (the feeds of one scope, which share each page's feed HTML) stay in
    one task; costly outputs go alone; the rest go in chunks. Ordered by cost, so no worker is
    left with a long task at the end while the others wait.
    """
    batches: dict[str, list[int]] = {}
    cheap: list[int] = []
    for index in todo:
        plan = plans[index]
        if plan.batch is not None:
            batches.setdefault(plan.batch, []).append(index)
        elif plan.cost >= CHUNK:
            batches[f"#{index}"] = [index]
        else:
            cheap.append(index)
    tasks = list(batches.values()) + [cheap[start : start + CHUNK] for start in range(0, len(cheap), CHUNK)]
    return sorted(tasks, key=lambda task: -sum(plans[index].cost for index in task))


def _render_many(indexes: list[int]) -> list[RenderResult | Spooled]:
    """In a worker: render `indexes`; a large output is handed back as the name of a file."""
    results: list[RenderResult | Spooled] = []
    for index in indexes:
        result = _render_one(index)
        if _worker_spool is not None and _bytes_held(result.data) >= SPOOL_MINIMUM:
            descriptor, name = tempfile.mkstemp(dir=_worker_spool)
            with os.fdopen(descriptor, "wb") as spooled:
                pickle.dump(result.data, spooled, protocol=pickle.HIGHEST_PROTOCOL)
            results.append(Spooled(name, result.reads_site, result.problems))
        else:
            results.append(result)
    return results


def _bytes_held(data: bytes | Assembled | None) -> int:
    if isinstance(data, Assembled):
        return sum(len(part) for part in data.parts if isinstance(part, bytes))
    return len(data) if data is not None else 0


def _unspooled(result: RenderResult | Spooled) -> RenderResult:
    if isinstance(result, RenderResult):
        return result
    path = Path(result.path)
    with path.open("rb") as spooled:
        data = pickle.load(spooled)
    path.unlink()  # the folder goes too once every result is in
    return RenderResult(data, result.reads_site, result.problems)


def _render_one(index: int) -> RenderResult:
    renderer = _worker_renderer
    assert renderer is not None
    before = len(renderer.problems)
    renderer.access.read = False
    renderer.rendered_meta = None
    plan = _worker_plans[index]
    data = plan.render()
    problems = renderer.problems[before:]
    if _worker_inspect is not None and isinstance(data, bytes):
        problems = [*problems, *_worker_inspect(plan.dest, data, renderer.rendered_meta)]
    return RenderResult(data, renderer.access.read, problems)
