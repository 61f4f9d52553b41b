"""Deciding which outputs to render: each is keyed by a digest of everything it is made from.

An output's key covers its own inputs (the page, its image, its variants; the pages a list
or feed shows), the templates, smo-gen's own code and site.toml. When the key equals the one
recorded for the file already in the output folder, the file is current and nothing is
rendered. Outputs that do need rendering are rendered on all cores when there are many.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from .digest import Digester, stable_digest
from .errors import Problem
from .parsing import code_stamp, parser_stamp
from .render import Output, Planned, SiteRenderer
from .site import Site
from .themes import Theme
from .writer import OutputState

# Below this many outputs to render, worker processes cost more than they save.
PARALLEL_MINIMUM = 200
_NOW = re.compile(rb"\bnow\b")

# Set in the parent before the worker processes fork, so each inherits the renderer.
_worker_renderer: SiteRenderer | None = None
_worker_plans: Sequence[Planned] = ()

RenderResult = tuple[bytes | None, bool, list[Problem]]


def environment_digest(site: Site, theme: Theme) -> str:
    """Everything every output depends on: templates, smo-gen's code, site.toml, the base URL."""
    templates = []
    uses_now = False
    for folder in theme.template_dirs:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            uses_now = uses_now or bool(_NOW.search(data))
            templates.append((str(path.relative_to(folder)), data))
    config = site.config
    # A template that shows `now` changes with every build; only then is `now` an input.
    now = site.now if uses_now else None
    return stable_digest(templates, code_stamp(), parser_stamp(), config.text, config.base_url, str(config.output_dir), now)


def site_digest(site: Site) -> str:
    """The whole site model, for outputs whose templates read `site` directly."""
    return stable_digest(
        site.pages, site.variants, site.tags, site.images, site.photos, site.default_image, site.home, site.audiences, site.now
    )


def render_outputs(
    plans: Sequence[Planned], renderer: SiteRenderer, state: OutputState, environment: str, workers: int | None
) -> tuple[list[Output], int]:
    """Outputs for every plan: kept when current, rendered otherwise. Returns them and the count rendered."""
    digester = Digester()
    whole_site: str | None = None
    keyed: list[tuple[Planned, str]] = []
    for plan in plans:
        site_part = None
        if state.reads_site(plan.dest):
            whole_site = whole_site or site_digest(renderer.site)
            site_part = whole_site
        keyed.append((plan, digester.digest(environment, plan.inputs, site_part)))
    todo = [index for index, (plan, key) in enumerate(keyed) if not state.is_current(plan.dest, key)]
    results = dict(zip(todo, _render_all(plans, renderer, todo, workers), strict=True))
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


def _render_all(plans: Sequence[Planned], renderer: SiteRenderer, todo: list[int], workers: int | None) -> list[RenderResult]:
    global _worker_renderer, _worker_plans
    _worker_renderer, _worker_plans = renderer, plans
    try:
        workers = workers or os.cpu_count() or 1
        if workers < 2 or len(todo) < PARALLEL_MINIMUM or "fork" not in multiprocessing.get_all_start_methods():
            return [_render_one(index) for index in todo]
        chunk = max(16, len(todo) // (workers * 4))
        context = multiprocessing.get_context("fork")  # workers inherit the renderer: nothing to pickle
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_render_one, todo, chunksize=chunk))
    finally:
        _worker_renderer, _worker_plans = None, ()


def _render_one(index: int) -> RenderResult:
    renderer = _worker_renderer
    assert renderer is not None
    before = len(renderer.problems)
    renderer.access.read = False
    data = _worker_plans[index].render()
    return data, renderer.access.read, renderer.problems[before:]

