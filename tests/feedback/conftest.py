"""Fixtures for the feedback tests: a small built site with a ledger, and servers on 127.0.0.1 only.

Mastodon replies come from mastodon-mock (a real server; skipped with the reason locally when it is
not installed, failed under CI=true); Bluesky, Reddit, LinkedIn and Facebook from local fakes that
answer with the documented JSON shapes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from smo_gen.feedback import FeedbackRequest, FeedbackRun, read_feedback
from smo_gen.syndication_ledger import LEDGER_NAME, Ledger, Record, load_ledger, write_ledger
from tests.support.sites import write_site
from tests.support.targets_site import TARGETS_PAGES, targets_toml, write_targets_site

# The same servers as the syndication tests, as fixtures of this folder too.
from tests.syndicate.conftest import mastodon_url, proxy_to  # noqa: F401

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class FeedbackSite:
    """A built test site whose ledger says what was posted where; `read()` runs `smo-gen feedback`."""

    root: Path
    base_url: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def store_path(self) -> Path:
        return self.root / "feedback.json"

    def stored(self) -> Any:
        return json.loads(self.store_path.read_text(encoding="utf-8"))

    def post(
        self, page: str, target: str, network: str, remote_id: str | None, url: str | None = None, **extra: Any
    ) -> None:
        ledger_path = self.root / LEDGER_NAME
        ledger = load_ledger(ledger_path) if ledger_path.exists() else Ledger(site_url=self.base_url)
        ledger.set(
            page,
            target,
            Record(state="posted", network=network, at="2026-11-01T10:00:00Z", remote_id=remote_id, url=url, **extra),
        )
        write_ledger(ledger_path, ledger)

    def read(self, *targets: str, timeout: float = 3.0, now: dt.datetime = NOW) -> FeedbackRun:
        request = FeedbackRequest(
            site_dir=self.root, targets=targets, environ=self.env, clock=lambda: now, timeout=timeout
        )
        return read_feedback(request)

    def set_config(self, targets: str) -> None:
        (self.root / "site.toml").write_text(targets_toml(self.base_url, targets), encoding="utf-8")


MakeFeedbackSite = Callable[..., FeedbackSite]


@pytest.fixture
def make_feedback_site(tmp_path: Path) -> MakeFeedbackSite:
    def make(targets: str, env: Mapping[str, str] | None = None, built: bool = True) -> FeedbackSite:
        base_url = "https://shop.example/"
        root = tmp_path / "site"
        if built:
            write_targets_site(root, base_url, targets)
        else:
            write_site(root, dict(TARGETS_PAGES), targets_toml(base_url, targets))
        return FeedbackSite(root, base_url, dict(env or {}))

    return make


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)  # pytest-httpserver listens on loopback only
