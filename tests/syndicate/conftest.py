"""Fixtures for the syndication tests: small built sites, real servers on 127.0.0.1, fast retries."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from smo_gen.syndicate import RetryPolicy, SyndicateRequest, syndicate
from smo_gen.syndicate.report import RecordingSyndicateReporter
from smo_gen.syndicate.runner import Outcome
from tests.support.targets_site import targets_toml, write_targets_site
from tests.syndicate.servers import FaultProxy, PdsAccount, create_account, run_mastodon_mock, run_pds

FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05, max_wait=10)


@dataclass
class SyndicationSite:
    """A built test site and a way to run `syndicate` on it in-process."""

    root: Path
    base_url: str
    env: dict[str, str] = field(default_factory=dict)
    sleeps: list[float] = field(default_factory=list)

    @property
    def ledger_path(self) -> Path:
        return self.root / "syndication.json"

    def run(self, mode: str = "publish", **options: object) -> tuple[list[Outcome], RecordingSyndicateReporter]:
        reporter = RecordingSyndicateReporter()
        request = SyndicateRequest(
            site_dir=self.root,
            mode=mode,
            environ=self.env,  # type: ignore[arg-type]
            sleep=self.sleeps.append,
            timeout=2.0,
            **{"retry": FAST, **options},  # type: ignore[arg-type]
        )
        return syndicate(request, reporter), reporter

    def set_targets(self, targets: str) -> None:
        (self.root / "site.toml").write_text(targets_toml(self.base_url, targets), encoding="utf-8")


MakeSyndicationSite = Callable[..., SyndicationSite]


@pytest.fixture
def make_syndication_site(tmp_path: Path) -> MakeSyndicationSite:
    def make(
        targets: str,
        env: Mapping[str, str] | None = None,
        base_url: str | None = None,
        pages: Mapping[str, str | bytes] | None = None,
    ) -> SyndicationSite:
        base_url = base_url or f"https://shop-{uuid.uuid4().hex[:8]}.example/"
        root = write_targets_site(tmp_path / "site", base_url, targets, pages)
        return SyndicationSite(root, base_url, dict(env or {}))

    return make


@pytest.fixture(scope="session")
def pds_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with run_pds(tmp_path_factory.mktemp("pds") / "data") as url:
        yield url


_accounts = itertools.count(1)


@pytest.fixture
def bsky_account(pds_url: str) -> PdsAccount:
    """A fresh account per test, so each test counts only its own posts."""
    return create_account(pds_url, f"t{uuid.uuid4().hex[:6]}{next(_accounts)}.test")


@pytest.fixture(scope="module")
def mastodon_url() -> Iterator[str]:
    with run_mastodon_mock() as url:
        yield url


@pytest.fixture
def proxy_to() -> Iterator[Callable[[str], FaultProxy]]:
    proxies: list[FaultProxy] = []

    def make(upstream: str) -> FaultProxy:
        proxies.append(FaultProxy(upstream))
        return proxies[-1]

    yield make
    for proxy in proxies:
        proxy.close()
