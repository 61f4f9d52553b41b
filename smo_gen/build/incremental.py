"""Deciding which outputs to render: each is keyed by a digest of everything it is made from.

An output's key covers its own inputs (the page, its image, its variants; the pages a list
or feed shows), the templates, smo-gen's own code and site.toml. When the key equals the one
recorded for the file already in the output folder, the file is current and nothing is
rendered. Outputs that do need rendering are rendered on all cores when there are many.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.meta

from smo_gen.atomic_write import write_atomically
from smo_gen.build.cache_data import dump_cache_data, iter_typed_pairs, load_cache_data
from smo_gen.build.parsing import parser_stamp
from smo_gen.build.workers import worker_pool, workers_for
from smo_gen.build.writer import OutputState
from smo_gen.config.site_config import built_settings
from smo_gen.digest import Digester, stable_digest
from smo_gen.errors import Problem
from smo_gen.installation import code_stamp
from smo_gen.render.document_parts import Assembled
from smo_gen.render.outputs import Output, Planned, SiteRenderer
from smo_gen.render.themes import Theme
from smo_gen.reporter import Progress, collect_counted, no_progress
from smo_gen.site.model import Site

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

# Below this many outputs to render, worker processes cost more than they save.
PARALLEL_MINIMUM = 200
CHUNK = 16  # outputs a worker renders per task
_NOW = re.compile(rb"\bnow\b")
_SECTIONS = re.compile(rb"\bsections\b")

# Outputs this large come back from a worker through a file, not the result pipe: a pipe moved
# the three 100 MB feeds of a 10,000-page site at ~200 MB/s, and while one worker sent, the
# others waited for the pipe's lock to send theirs (3.5 s of a 12 s render, on each worker).
SPOOL_MINIMUM = 1 << 20

# Set in the parent before the worker processes fork, so each inherits the renderer.
_worker_renderer: SiteRenderer | None = None
_worker_plans: Sequence[Planned] = ()
_worker_spool: Path | None = None

RenderResult = tuple[bytes | Assembled | None, bool, list[Problem]]


@dataclass(frozen=True)
class TemplateMentions:
    """What the theme's templates mention that decides what their outputs depend on."""

    now: bool = False  # `now`: their output changes with every build
    sections: bool = False  # `sections`: they read site.toml's tables themselves, whichever they name


def environment_digest(site: Site, mentions: TemplateMentions) -> str:
    """What every output depends on: smo-gen's code, the Markdown libraries, the built settings
    of site.toml (`built_settings`), the output folder.

    `now` joins it only when a template mentions it, since such a template changes every build.
    A template that reads site.toml's tables may show any of them, so then all of the file counts.
    """
    config = site.config
    now = site.now if mentions.now else None
    settings = config.text if mentions.sections else built_settings(config)
    return stable_digest(code_stamp(), parser_stamp(), settings, str(config.output_dir), now)


def scan_templates(theme: Theme) -> TemplateMentions:
    """Look through every template of the theme for the names that `TemplateMentions` lists."""
    sources = [path.read_bytes() for folder in theme.template_dirs for path in folder.rglob("*") if path.is_file()]
    return TemplateMentions(
        now=any(_NOW.search(source) for source in sources), sections=any(_SECTIONS.search(source) for source in sources)
    )


class TemplateDigests:
    """The digest of a template together with everything it extends, includes or imports.

    Found by reading the templates (jinja2.meta), so an output is rebuilt when a template it
    uses changes, and only then. A template naming another by a variable cannot be followed;
    outputs using it depend on every template.
    """

    def __init__(self, env: jinja2.Environment, memo_path: Path | None = None) -> None:
        self.env = env
        self.digests: dict[str | None, str] = {None: ""}
        self.everything: str | None = None
        self.closures: dict[str, set[str]] = {}  # template -> the templates it uses, itself included
        # The templates each template source names, kept between builds: parsing them all to
        # find out took a tenth of a one-edit build of 1,000 pages.
        self.memo_path = memo_path
        loaded = load_cache_data(memo_path) if memo_path else None
        self.references: dict[str, list[str | None]] = dict(iter_typed_pairs(loaded, str, _is_name_list))
        self.loaded = set(self.references)
        self.used: set[str] = set()

    def digest(self, name: str | None) -> str:
        if name not in self.digests:
            assert name is not None  # None (no template) is in the table from the start
            self.digests[name] = self._closure_digest(name)
        return self.digests[name]

    def _closure_digest(self, name: str) -> str:
        seen: dict[str, str] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            try:
                source, filename, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
                referenced = self._referenced(source)
            except jinja2.TemplateError:
                return self._all_templates()  # rendering will report it; rebuild to be safe
            seen[current] = f"{filename}\0{source}"
            if None in referenced:
                return self._all_templates()
            todo.extend(ref for ref in referenced if ref is not None)
        self.closures[name] = set(seen)
        return stable_digest(sorted(seen.items()))

    def _referenced(self, source: str) -> list[str | None]:
        """The templates `source` extends, includes or imports (None: named by a variable)."""
        key = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        if key not in self.references:
            self.references[key] = list(jinja2.meta.find_referenced_templates(self.env.parse(source)))
        self.used.add(key)  # once parsed: a template with a syntax error is not remembered
        return self.references[key]

    def save(self) -> None:
        """Keep the references of the templates this build read (earlier versions go)."""
        if self.memo_path and self.used != self.loaded:
            self.references = {key: self.references[key] for key in self.used}
            try:
                self.memo_path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(self.memo_path, dump_cache_data(self.references), durable=False)
            except OSError:
                pass  # found again by parsing next time

    def compile(self, names: set[str | None]) -> None:
        """Compile `names` and the templates they use, once, before the workers fork.

        Each worker would otherwise compile (or load from the bytecode cache) the same ones.
        """
        for name in sorted(name for name in names if name is not None):
            for used in sorted(self.closures.get(name) or {name}):
                try:
                    self.env.get_template(used)
                except jinja2.TemplateError:
                    pass  # reported when an output using it is rendered

    def _all_templates(self) -> str:
        if self.everything is None:
            names = sorted(self.env.list_templates())
            self.everything = stable_digest([(n, self._source(n)) for n in names])
        return self.everything

    def _source(self, name: str) -> str:
        try:
            return str(self.env.loader.get_source(self.env, name)[0])  # type: ignore[union-attr]
        except jinja2.TemplateError as exc:  # unreadable (not UTF-8): rendering reports it
            return f"error: {exc}"


def _is_name_list(names: object) -> bool:
    """The templates a template names (None: named by a variable), as TemplateDigests keeps them."""
    return isinstance(names, list) and all(name is None or isinstance(name, str) for name in names)


def site_digest(site: Site) -> str:
    """The whole site model, for outputs whose templates read `site` directly."""
    return stable_digest(
        site.pages, site.listed_on_home, site.sections, site.variants, site.tags, site.categories, site.images, site.photos, site.default_image, site.home, site.audiences, site.now
    )


def render_outputs(
    plans: Sequence[Planned],
    renderer: SiteRenderer,
    state: OutputState,
    environment: str,
    workers: int | None,
    progress: Progress = no_progress,
    rendered: Callable[[str, bytes | Assembled | None], None] = lambda dest, data: None,
) -> tuple[list[Output], int]:
    """Outputs for every plan: kept when current, rendered otherwise. Returns them and the count rendered.

    `rendered(dest, data)` hears of each output rendered in this process as soon as it is
    (the writer starts on large ones meanwhile: see `writer.EarlyWrites`).
    """
    templates = TemplateDigests(renderer.env, renderer.site.config.cache_dir / "templates" / "references.json")
    digester = Digester()
    whole_site: str | None = None
    keyed: list[tuple[Planned, str]] = []
    for plan in plans:
        site_part = None
        if state.reads_site(plan.dest):
            whole_site = whole_site or site_digest(renderer.site)
            site_part = whole_site
        keyed.append((plan, digester.digest(environment, templates.digest(plan.template), plan.inputs, site_part)))
    templates.save()
    todo = [index for index, (plan, key) in enumerate(keyed) if not state.is_current(plan.dest, key)]
    templates.compile({plans[index].template for index in todo})
    results = dict(zip(todo, _render_all(plans, renderer, todo, workers, progress, rendered), strict=True))
    outputs: list[Output] = []
    for index, (plan, key) in enumerate(keyed):
        if index not in results:
            outputs.append(Output(plan.dest, key=key))
            continue
        data, reads_site, problems = results[index]
        renderer.problems.extend(p for p in problems if p not in renderer.problems)
        if data is not None:
            outputs.append(Output(plan.dest, data=data, key=key, reads_site=reads_site))
    return outputs, len(todo)


def _render_all(
    plans: Sequence[Planned],
    renderer: SiteRenderer,
    todo: list[int],
    workers: int | None,
    progress: Progress,
    rendered: Callable[[str, bytes | Assembled | None], None] = lambda dest, data: None,
) -> list[RenderResult]:
    global _worker_renderer, _worker_plans, _worker_spool
    _worker_renderer, _worker_plans = renderer, plans
    try:
        workers = workers_for(workers)
        context = _fork_context() if workers >= 2 and len(todo) >= PARALLEL_MINIMUM else None
        if context is None:
            return collect_counted(_announced(todo, rendered), len(todo), progress)
        cache_dir = renderer.site.config.cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)
        from concurrent.futures import as_completed

        by_index: dict[int, RenderResult] = {}
        # Pickles pass results back, through files only this build's workers write in a folder
        # this build has just made (mkdtemp): nothing from a checkout is ever unpickled.
        with tempfile.TemporaryDirectory(prefix="spool-", dir=cache_dir) as spool, worker_pool(workers, context) as pool:
            _worker_spool = Path(spool)
            futures = {pool.submit(_render_many, task): task for task in make_tasks(plans, todo)}
            for future in as_completed(futures):  # as each task finishes, so the count moves steadily
                for index, result in zip(futures[future], future.result(), strict=True):
                    by_index[index] = _unspooled(result)
                progress(len(by_index), len(todo))
        return [by_index[index] for index in todo]
    finally:
        _worker_renderer, _worker_plans, _worker_spool = None, (), None


def _announced(todo: list[int], rendered: Callable[[str, bytes | Assembled | None], None]) -> Iterator[RenderResult]:
    """Render `todo` in this process, telling `rendered` of each output as soon as it is made."""
    for index in todo:
        result = _render_one(index)
        rendered(_worker_plans[index].dest, result[0])
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


def _render_many(indexes: list[int]) -> list[tuple[bytes | Assembled | str | None, bool, list[Problem]]]:
    """In a worker: render `indexes`; a large output is handed back as the name of a file."""
    results: list[tuple[bytes | Assembled | str | None, bool, list[Problem]]] = []
    for index in indexes:
        data, reads_site, problems = _render_one(index)
        if _worker_spool is not None and _bytes_held(data) >= SPOOL_MINIMUM:
            descriptor, name = tempfile.mkstemp(dir=_worker_spool)
            with os.fdopen(descriptor, "wb") as spooled:
                pickle.dump(data, spooled, protocol=pickle.HIGHEST_PROTOCOL)
            results.append((name, reads_site, problems))
        else:
            results.append((data, reads_site, problems))
    return results


def _bytes_held(data: bytes | Assembled | None) -> int:
    if isinstance(data, Assembled):
        return sum(len(part) for part in data.parts if isinstance(part, bytes))
    return len(data) if data is not None else 0


def _unspooled(result: tuple[bytes | Assembled | str | None, bool, list[Problem]]) -> RenderResult:
    data, reads_site, problems = result
    if isinstance(data, str):
        path = Path(data)
        with path.open("rb") as spooled:
            data = pickle.load(spooled)
        path.unlink()  # the folder goes too once every result is in
    return data, reads_site, problems


def _render_one(index: int) -> RenderResult:
    renderer = _worker_renderer
    assert renderer is not None
    before = len(renderer.problems)
    renderer.access.read = False
    data = _worker_plans[index].render()
    return data, renderer.access.read, renderer.problems[before:]

