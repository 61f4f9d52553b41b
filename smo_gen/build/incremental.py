"""Deciding which outputs to render: each is keyed by a digest of everything it is made from.

An output's key covers its own inputs (the page, its image, its variants; the pages a list
or feed shows), the templates, smo-gen's own code and site.toml. When the key equals the one
recorded for the file already in the output folder, the file is current and nothing is
rendered. Outputs that do need rendering are rendered on all cores when there are many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from smo_gen.build.output_keys import key_plans
from smo_gen.build.output_state import OutputState
from smo_gen.build.render_workers import RenderOptions, render_all
from smo_gen.build.template_dependencies import REFERENCES_FILE, TemplateDigests
from smo_gen.render.outputs import Output, Planned, SiteRenderer


def render_outputs(
    plans: Sequence[Planned],
    renderer: SiteRenderer,
    state: OutputState,
    environment: str,
    options: RenderOptions | None = None,
) -> tuple[list[Output], int]:
    """Outputs for every plan: kept when current, rendered otherwise. Returns them and the count rendered.

    `environment` is what every output depends on (see `output_keys.environment_digest`);
    `options` only make rendering faster (see `RenderOptions`).
    """
    templates = TemplateDigests(renderer.env, renderer.site.config.cache_dir / REFERENCES_FILE)
    options = options or RenderOptions()
    keyed: list[list[str]] = []

    def key_all() -> None:
        keyed.append(key_plans(plans, renderer.site, state, environment, templates))

    if state.files:  # an output may be current: keyed first, and only the others rendered
        key_all()
        todo = [
            index
            for index, (plan, key) in enumerate(zip(plans, keyed[0], strict=True))
            if not state.is_current(plan.dest, key)
        ]
    else:
        # No output was recorded, so none is current: every one is rendered, and keyed while
        # the workers render (at 10,000 pages, 0.5 s this process would spend with every
        # other core idle).
        todo = list(range(len(plans)))
        options = replace(options, meanwhile=key_all)
    templates.compile({plans[index].template for index in todo})
    results = dict(zip(todo, render_all(plans, renderer, todo, options), strict=True))
    (keys,) = keyed  # made before rendering, or by render_all meanwhile
    templates.save()
    outputs: list[Output] = []
    known = set(renderer.problems)  # a variant's problem is often its main page's: kept once
    for index, (plan, key) in enumerate(zip(plans, keys, strict=True)):
        result = results.get(index)
        if result is None:
            outputs.append(Output(plan.dest, key=key))
            continue
        for problem in result.problems:
            if problem not in known:
                known.add(problem)
                renderer.problems.append(problem)
        if result.data is not None:
            outputs.append(Output(plan.dest, data=result.data, key=key, reads_site=result.reads_site))
    return outputs, len(todo)
