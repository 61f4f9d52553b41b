"""Fixtures for the core unit tests; the builders themselves live in tests/support/builders.py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from smo_gen.config.site_config import SiteConfig
from smo_gen.content.page import Page
from smo_gen.site.model import Site
from tests.support.builders import (
    MINIMAL_TOML,
    MakeConfig,
    MakePage,
    MakeSite,
    build_config,
    build_page,
    build_site,
)


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    return build_config(tmp_path)


@pytest.fixture
def make_config(tmp_path: Path) -> MakeConfig:
    """A config parsed from `text` (the minimal site.toml by default), with fields replaced by `changes`."""

    def make(text: str = MINIMAL_TOML, **changes: Any) -> SiteConfig:
        return replace(build_config(tmp_path, text), **changes)

    return make


@pytest.fixture
def make_page() -> MakePage:
    return build_page


@pytest.fixture
def make_site(config: SiteConfig) -> MakeSite:
    def make(pages: tuple[Page, ...] | list[Page] = (), site_config: SiteConfig | None = None, **kwargs: Any) -> Site:
        return build_site(site_config or config, pages, **kwargs)

    return make
