"""Rendering outputs: in this process, or on worker processes forked from it when there are many.

In a build that stages a new output folder (the first build, or one after the folder was
deleted), each worker writes what it renders straight into the staged tree (`write_ahead`)
and hands back only what the build records of it (`WrittenAhead`): the writing is spread over
the rendering, and the bytes are never pickled back to this process.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from smo_gen.atomic_write import write_pieces
from smo_gen.errors import Problem
from smo_gen.render.document_parts import Assembled, new_text
from smo_gen.render.outputs import Planned, SiteRenderer, WrittenAhead
from smo_gen.render.social_meta import PageMeta
from smo_gen.reporter import Progress, collect_counted, no_progress
from smo_gen.workers import fork_context, worker_pool, workers_for

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
_worker_ahead: WriteAhead | None = None
_made_folders: set[str] = set()  # in a worker: the staged tree's folders it made or saw made


@dataclass(frozen=True)
class WriteAhead:
    """Where workers write the outputs they render: a new, empty tree the build is staging
    (see `switch`), which nobody reads yet and a failed build deletes whole."""

    root: str
    dests: frozenset[str]  # the outputs no other output shares a path with: only these are written ahead


class RenderResult(NamedTuple):
    """One output as rendered."""

    data: bytes | Assembled | WrittenAhead | None  # None: nothing to write (the renderer reported why)
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


def _ignore_rendered(dest: str, data: bytes | Assembled | WrittenAhead | None) -> None:
    """Hear of an output rendered, and do nothing with it."""


def _ignore_started() -> None:
    """Hear that rendering is under way, and do nothing."""


def _nothing_meanwhile() -> None:
    """Have nothing of this process's own to do while the workers render."""


@dataclass(frozen=True)
class RenderOptions:
    """How `render_all` may go faster; none of it changes what is rendered."""

    workers: int | None = None  # worker processes; None: one per core
    progress: Progress = no_progress  # hears how many outputs are rendered
    # Hears of each output rendered in this process as soon as it is (the writer starts on
    # large ones meanwhile: see `early_writes`).
    rendered: Callable[[str, bytes | Assembled | WrittenAhead | None], None] = _ignore_rendered
    inspect: Inspect | None = None  # run on each rendered output's bytes, in the process that rendered it
    # A new, empty tree the build is staging: worker processes write what they render into it
    # (see `write_ahead`). None: every output's bytes come back to this process.
    stage: Path | None = None
    # Hears that rendering is under way, every worker process started: a thread begun then
    # (placing copies, see `copies_ahead`) is never inherited by a forked worker.
    started: Callable[[], None] = _ignore_started
    # Work of this process's own, done once while worker processes render (before rendering,
    # when this process renders everything itself).
    meanwhile: Callable[[], None] = _nothing_meanwhile


def render_all(
    plans: Sequence[Planned], renderer: SiteRenderer, todo: list[int], options: RenderOptions
) -> list[RenderResult]:
    """Render the plans numbered `todo`, in that order."""
    global _worker_renderer, _worker_plans, _worker_spool, _worker_inspect, _worker_ahead
    _worker_renderer, _worker_plans, _worker_inspect = renderer, plans, options.inspect
    try:
        workers = workers_for(options.workers)
        context = fork_context() if workers >= 2 and len(todo) >= PARALLEL_MINIMUM else None
        if context is None:
            options.meanwhile()
            options.started()
            # Costliest first, as the workers take them: the large ones (feeds, the manifest)
            # are then written on other threads (see early_writes) while the rest renders,
            # rather than after it (the first edit after a cold build waited 16-49 ms for them).
            order = sorted(todo, key=lambda index: -plans[index].cost)
            results = collect_counted(_announced(order, options.rendered), len(order), options.progress)
            in_order = dict(zip(order, results, strict=True))
            return [in_order[index] for index in todo]
        _worker_ahead = _write_ahead_for(plans, options.stage)
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
            options.started()  # every worker is forked by now: each task submitted starts one, up to `workers`
            options.meanwhile()
            for future in as_completed(futures):  # as each task finishes, so the count moves steadily
                for index, result in zip(futures[future], future.result(), strict=True):
                    by_index[index] = _unspooled(result)
                options.progress(len(by_index), len(todo))
        return [by_index[index] for index in todo]
    finally:
        _worker_renderer, _worker_plans, _worker_spool, _worker_inspect, _worker_ahead = None, (), None, None, None


def _announced(
    todo: list[int], rendered: Callable[[str, bytes | Assembled | WrittenAhead | None], None]
) -> Iterator[RenderResult]:
    """Render `todo` in this process, telling `rendered` of each output as soon as it is made."""
    for index in todo:
        result = _render_one(index)
        rendered(_worker_plans[index].dest, result.data)
        yield result


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


def _write_ahead_for(plans: Sequence[Planned], stage: Path | None) -> WriteAhead | None:
    """What the workers may write into `stage`: every output whose path is its own. (Where two
    plans share a path, the build keeps the later one: `pipeline._dedupe`.)"""
    if stage is None:
        return None
    seen: set[str] = set()
    shared: set[str] = set()
    for plan in plans:
        (shared if plan.dest in seen else seen).add(plan.dest)
    _made_folders.clear()
    return WriteAhead(str(stage), frozenset(seen - shared))


def _render_many(indexes: list[int]) -> list[RenderResult | Spooled]:
    """In a worker: render `indexes`; an output is written ahead where it may be, else a large
    one is handed back as the name of a file."""
    results: list[RenderResult | Spooled] = []
    for index in indexes:
        result = _render_one(index)
        written = write_ahead(_worker_ahead, _worker_plans[index].dest, result.data)
        if written is not None:
            results.append(result._replace(data=written))
        elif _worker_spool is not None and _bytes_held(result.data) >= SPOOL_MINIMUM:
            descriptor, name = tempfile.mkstemp(dir=_worker_spool)
            with os.fdopen(descriptor, "wb") as spooled:
                pickle.dump(result.data, spooled, protocol=pickle.HIGHEST_PROTOCOL)
            results.append(Spooled(name, result.reads_site, result.problems))
        else:
            results.append(result)
    return results


def write_ahead(
    ahead: WriteAhead | None, dest: str, data: bytes | Assembled | WrittenAhead | None
) -> WrittenAhead | None:
    """Write `data` for `dest` into the staged tree, if it may go there (see `WriteAhead`);
    what the build records of it, or None where it was not written (the writer writes it after
    rendering, as it writes every output of other builds, and says what the system refused).

    On a cold build at 1,000 pages the writing after rendering took 0.46 s of 2.3 s (about
    1,000 folders at ~280 us and 2,000 files at ~56 us each), with each page's bytes pickled
    back to the main process first; written here, it runs beside the rendering on both cores.
    """
    if ahead is None or dest not in ahead.dests or data is None or isinstance(data, WrittenAhead):
        return None
    if isinstance(data, Assembled) and data.source is not None:
        return None  # cut from a file of the output folder (none in a new tree): left to the writer
    target = os.path.join(ahead.root, dest)
    made = False
    try:
        folder = os.path.dirname(target)
        if folder not in _made_folders:
            os.makedirs(folder, exist_ok=True)  # another worker may make it at the same moment
            _made_folders.add(folder)
        # O_EXCL: the tree is new, so a file already there is no file of this build's.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        made = True
        _write_new(descriptor, data)
        info = os.stat(target)
    except OSError:
        if made:
            with contextlib.suppress(OSError):
                os.unlink(target)
        return None
    if isinstance(data, Assembled):
        return WrittenAhead(target, info.st_size, data.fingerprint, info.st_mtime_ns, replace(data, parts=()))
    return WrittenAhead(target, info.st_size, "sha256:" + hashlib.sha256(data).hexdigest(), info.st_mtime_ns)


def _write_new(descriptor: int, data: bytes | Assembled) -> None:
    """Write `data` to the new file open at `descriptor`, and close it."""
    try:
        write_pieces(descriptor, new_text(data) if isinstance(data, Assembled) else (data,))
    finally:
        os.close(descriptor)


def _bytes_held(data: bytes | Assembled | WrittenAhead | None) -> int:
    if isinstance(data, Assembled):
        return sum(len(part) for part in data.parts if isinstance(part, bytes))
    return len(data) if isinstance(data, bytes) else 0


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
