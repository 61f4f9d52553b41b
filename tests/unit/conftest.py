"""Fixtures for the core unit tests: the in-memory builders of tests/support/builders.py, bound to
this test's folder and config (`make_config`, `make_page`, `make_site_model`), and a build
server's side process (`side`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from smo_gen import side_process as sides
from smo_gen.config.site_config import SiteConfig
from smo_gen.content.page import Page
from smo_gen.site.model import Site
from tests.support import builders
from tests.support.builders import MINIMAL_TOML, MakeConfig, MakePage, MakeSiteModel


@pytest.fixture
def side() -> Iterator[sides.SideProcess]:
    """A side process this process's builds hand folder work to, as a build server's do."""
    started = sides.start_side_process()
    try:
        yield started
    finally:
        sides.stop_side_process()


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    return builders.make_config(tmp_path)


@pytest.fixture
def make_config(tmp_path: Path) -> MakeConfig:
    """A config parsed from `text` (the minimal site.toml by default), with fields replaced by `changes`."""

    def make(text: str = MINIMAL_TOML, **changes: Any) -> SiteConfig:
        return replace(builders.make_config(tmp_path, text), **changes)

    return make


@pytest.fixture
def make_page() -> MakePage:
    return builders.make_page


@pytest.fixture
def make_site_model(config: SiteConfig) -> MakeSiteModel:
    """An in-memory `Site` of `pages` (nothing is written or built), with this test's config by default."""

    def make(pages: tuple[Page, ...] | list[Page] = (), site_config: SiteConfig | None = None, **kwargs: Any) -> Site:
        return builders.make_site_model(site_config or config, pages, **kwargs)

    return make
