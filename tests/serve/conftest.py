"""Fixtures for the serve tests: a fixed 'now', a small site, a live server on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smo_gen.serve import LiveServer
from tests.serve.helpers import FIXED_EPOCH, running, write_serve_site


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return write_serve_site(tmp_path / "site")


@pytest.fixture
def live(site_dir: Path) -> Iterator[LiveServer]:
    with running(site_dir) as (server, _messages):
        yield server


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for a module's tests that only read from it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
        with running(write_serve_site(tmp_path_factory.mktemp("shared") / "site")) as (server, _messages):
            yield server
