"""Fixtures for the social-card tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.cards import CardSettings, parse_card_settings
from tests.unit.cards.helpers import THEME_DIR


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    return site


@pytest.fixture
def theme_settings(site_dir: Path) -> CardSettings:
    """The default theme's layout as it is (its named layout, "auto")."""
    result, problems = parse_card_settings({}, THEME_DIR, site_dir)
    assert problems == [], f"the default theme's card.toml should be valid, got: {problems}"
    return result


@pytest.fixture
def settings(site_dir: Path) -> CardSettings:
    """The default theme's card.toml with its boxes as written (the "custom" layout)."""
    result, problems = parse_card_settings({"layout": "custom"}, THEME_DIR, site_dir)
    assert problems == []
    return result
