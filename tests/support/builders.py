"""Models made in memory for the core unit tests: a config, pages and a site; nothing is written or built.

`make_*` here makes a model; `tests.support.sites` writes sites to disk (`write_*`) and builds them (`build`).

A test says only what matters to it: `make_page(title="Spring sale", tags=("cars",))`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from smo_gen.config.site_config import SiteConfig, parse_config
from smo_gen.content.page import Page
from smo_gen.site.model import Site, SocialImage, collect_tags

NOW = dt.datetime(2026, 5, 10, 12, 0, tzinfo=dt.UTC)

MINIMAL_TOML = """\
title = "Acme Drinks"
base_url = "https://acme.example/"
description = "Summer drinks and the people who love them."
timezone = "Europe/Berlin"

[author]
name = "Acme Marketing"

[author.social]
x = "@acme"

[social]
x_site = "@acmedrinks"
"""

MakeConfig = Callable[..., SiteConfig]
MakePage = Callable[..., Page]
MakeSiteModel = Callable[..., Site]


def make_config(tmp_path: Path, text: str = MINIMAL_TOML) -> SiteConfig:
    return parse_config(text, tmp_path)


def make_page(**changes: Any) -> Page:
    """A published article with a date; `changes` override any field."""
    slug = changes.pop("slug", "spring-sale")
    values: dict[str, Any] = {
        "source_path": f"content/{slug}.md",
        "url_path": f"/{slug}/",
        "slug": slug,
        "title": "Spring sale: 40% off garden chairs",
        "description": "",
        "summary": "Our biggest discount of the year.",
        "body_html": "<p>Our biggest discount of the year.</p>\n",
        "date": dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    }
    values.update(changes)
    return Page(**values)


def make_site_model(
    config: SiteConfig,
    pages: tuple[Page, ...] | list[Page],
    *,
    images: Mapping[str, SocialImage] | None = None,
    default_image: SocialImage | None = None,
) -> Site:
    ordered = tuple(sorted(pages, key=lambda page: page.sort_key))
    return Site(
        config=config,
        now=NOW,
        pages=ordered,
        tags=collect_tags(ordered),
        images=dict(images or {}),
        default_image=default_image,
    )
