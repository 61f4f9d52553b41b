"""The key of each output: a digest of everything it is made from, compared with the key recorded for its file."""

from __future__ import annotations

from collections.abc import Sequence

from smo_gen.build.caches.header import PARSER_LIBRARIES, cache_header
from smo_gen.build.output_state import OutputState
from smo_gen.build.template_dependencies import TemplateDigests, TemplateMentions
from smo_gen.config.site_config import built_settings
from smo_gen.digest import Digester, stable_digest
from smo_gen.render.outputs import Planned
from smo_gen.site.model import Site


def environment_digest(site: Site, mentions: TemplateMentions) -> str:
    """What every output depends on: smo-gen's code, the Markdown libraries, the built settings
    of site.toml (`built_settings`), the output folder.

    `now` joins it only when a template mentions it, since such a template changes every build.
    A template that reads site.toml's tables may show any of them, so then all of the file counts.
    """
    config = site.config
    now = site.now if mentions.now else None
    settings = config.text if mentions.sections else built_settings(config)
    return cache_header(settings, str(config.output_dir), now, libraries=PARSER_LIBRARIES)


def site_digest(site: Site) -> str:
    """The whole site model, for outputs whose templates read `site` directly."""
    return stable_digest(
        site.pages,
        site.listed_on_home,
        site.sections,
        site.variants,
        site.tags,
        site.categories,
        site.images,
        site.photos,
        site.default_image,
        site.home,
        site.audiences,
        site.now,
    )


def key_plans(
    plans: Sequence[Planned], site: Site, state: OutputState, environment: str, templates: TemplateDigests
) -> list[str]:
    """The key of each plan's output: the `environment`, its templates, its inputs, and the whole
    site model for outputs whose template read it last time (`state`)."""
    digester = Digester()
    whole_site: str | None = None
    keys: list[str] = []
    for plan in plans:
        site_part = None
        if state.reads_site(plan.dest):
            whole_site = whole_site or site_digest(site)
            site_part = whole_site
        inputs = plan.inputs() if callable(plan.inputs) else plan.inputs
        keys.append(digester.digest(environment, templates.digest(plan.template), inputs, site_part))
    return keys
