"""Mastodon against mastodon-mock on 127.0.0.1: the post, Idempotency-Key, and faults via a proxy."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from smo_gen.syndicate.delivery import RetryPolicy
from tests.syndicate.conftest import MakeSyndicationSite, SyndicationSite
from tests.syndicate.servers import Fault, FaultProxy, read_json

TOKEN_ENV = "SMO_TEST_MASTODON_TOKEN"


def mastodon_targets(instance: str, extra: str = "") -> str:
    return f"""
[targets.mastodon-eu]
network = "mastodon"
instance = "{instance}"
credential = "{TOKEN_ENV}"
{extra}
"""


def mastodon_site(make_syndication_site: MakeSyndicationSite, instance: str, extra: str = "") -> SyndicationSite:
    return make_syndication_site(mastodon_targets(instance, extra), env={TOKEN_ENV: "mock_token"})


def statuses_for(instance: str, site: SyndicationSite) -> list[dict[str, Any]]:
    headers = {"Authorization": "Bearer mock_token"}
    me = httpx.get(f"{instance}/api/v1/accounts/verify_credentials", headers=headers).json()
    statuses = httpx.get(f"{instance}/api/v1/accounts/{me['id']}/statuses", params={"limit": 40}, headers=headers)
    return [s for s in statuses.json() if site.base_url in s["content"]]


def test_posts_each_page_once_with_an_idempotency_key(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy]
) -> None:
    proxy = proxy_to(mastodon_url)
    site = mastodon_site(make_syndication_site, proxy.url)

    outcomes, _ = site.run()

    assert sorted(o.status for o in outcomes) == ["posted", "posted"]
    posted = statuses_for(mastodon_url, site)
    assert len(posted) == 2
    summer = next(s for s in posted if "summer-fizz" in s["content"])
    assert "Summer Fizz is back 🍋" in summer["content"] and "#drinks" in summer["content"]
    assert "utm_source=mastodon" in summer["content"]
    keys = [h.get("Idempotency-Key") for method, path, h in proxy.seen if path == "/api/v1/statuses"]
    assert len(keys) == 2 and all(keys) and len(set(keys)) == 2
    ledger = read_json(site.ledger_path)["posts"]
    assert ledger["/summer-fizz/"]["mastodon-eu"]["url"] == summer["url"]
    assert ledger["/summer-fizz/"]["mastodon-eu"]["key"] in keys


def test_the_server_dedupes_a_repeated_idempotency_key(mastodon_url: str) -> None:
    headers = {"Authorization": "Bearer mock_token", "Idempotency-Key": "smo-test-key-1"}
    first = httpx.post(f"{mastodon_url}/api/v1/statuses", json={"status": "once"}, headers=headers).json()
    second = httpx.post(f"{mastodon_url}/api/v1/statuses", json={"status": "once"}, headers=headers).json()
    assert first["id"] == second["id"]


def test_the_character_limit_comes_from_the_instance(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str
) -> None:
    site = mastodon_site(make_syndication_site, mastodon_url)
    outcomes, _ = site.run(mode="dry-run", pages=("/summer-fizz/",))
    [outcome] = outcomes
    assert outcome.post is not None and outcome.post.limit == 500  # configuration.statuses.max_characters
    assert outcome.post.length < 150, "the long UTM link counts as 23"


@pytest.mark.parametrize(
    "fault",
    [
        Fault("/api/v1/statuses", "status", 500),  # refused: retried
        Fault("/api/v1/statuses", "drop"),  # accepted, answer lost: reconciled
        Fault("/api/v1/statuses", "hang"),  # accepted, then a timeout
    ],
    ids=["500-then-success", "dropped-after-accepting", "timeout-after-accepting"],
)
def test_faults_never_make_a_second_post(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy], fault: Fault
) -> None:
    proxy = proxy_to(mastodon_url)
    proxy.faults.append(fault)
    site = mastodon_site(make_syndication_site, proxy.url)

    outcomes, _ = site.run(pages=("/zero-cola/",))

    assert [o.status for o in outcomes] == ["posted"], outcomes
    assert len(statuses_for(mastodon_url, site)) == 1
    assert site.sleeps, "retried after a backoff"


def test_429_waits_for_retry_after(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy]
) -> None:
    proxy = proxy_to(mastodon_url)
    proxy.faults.append(
        Fault(
            "/api/v1/statuses",
            "status",
            429,
            {"Retry-After": "7", "Content-Type": "application/json"},
            b'{"error":"Too many requests"}',
        )
    )
    site = mastodon_site(make_syndication_site, proxy.url)

    outcomes, _ = site.run(pages=("/zero-cola/",))

    assert [o.status for o in outcomes] == ["posted"]
    assert site.sleeps == [7.0]
    assert len(statuses_for(mastodon_url, site)) == 1


def test_a_rejected_token_fails_that_target_with_a_clear_message(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy]
) -> None:
    proxy = proxy_to(mastodon_url)
    site = mastodon_site(make_syndication_site, proxy.url)
    site.env[TOKEN_ENV] = "not-the-token"

    outcomes, _ = site.run(pages=("/zero-cola/",))

    [outcome] = outcomes
    assert outcome.status == "failed"
    assert outcome.detail.startswith("credential rejected by Mastodon (401)")
    assert sum(path == "/api/v1/statuses" for _, path, _ in proxy.seen) == 1, "no retries"
    assert not site.sleeps


def all_statuses(instance: str) -> list[dict[str, Any]]:
    """Every status of the mock's account, paged back with max_id as a client would."""
    headers = {"Authorization": "Bearer mock_token"}
    me = httpx.get(f"{instance}/api/v1/accounts/verify_credentials", headers=headers).json()
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 40}
    while page := httpx.get(f"{instance}/api/v1/accounts/{me['id']}/statuses", params=params, headers=headers).json():
        found += page
        params["max_id"] = page[-1]["id"]
    return found


def post_unrelated(instance: str, count: int) -> None:
    for number in range(count):
        httpx.post(
            f"{instance}/api/v1/statuses",
            json={"status": f"Unrelated news #{number}"},
            headers={"Authorization": "Bearer mock_token"},
        ).raise_for_status()


def leave_pending(site: SyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy]) -> None:
    """A run whose post reached the server while its answer never came back: the ledger says pending."""
    proxy = proxy_to(mastodon_url)
    proxy.faults.append(Fault("/api/v1/statuses", "drop"))
    site.set_targets(mastodon_targets(proxy.url))
    outcomes, _ = site.run(pages=("/zero-cola/",), retry=RetryPolicy(attempts=1, base_delay=0.01))
    assert [o.status for o in outcomes] == ["pending"], outcomes
    assert read_json(site.ledger_path)["posts"]["/zero-cola/"]["mastodon-eu"]["state"] == "pending"


@pytest.mark.parametrize("later", [100, 0], ids=["100-statuses-later", "key-expired"])
def test_a_run_picked_up_late_finds_its_post_however_many_statuses_followed(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy], later: int
) -> None:
    site = mastodon_site(make_syndication_site, mastodon_url)
    leave_pending(site, mastodon_url, proxy_to)
    post_unrelated(mastodon_url, later)
    # Mastodon forgets an Idempotency-Key after an hour; the mock never does, so the key is changed.
    ledger = read_json(site.ledger_path)
    ledger["posts"]["/zero-cola/"]["mastodon-eu"]["key"] = "expired-key-0000000000000000000"
    site.ledger_path.write_text(json.dumps(ledger), encoding="utf-8")
    proxy = proxy_to(mastodon_url)
    site.set_targets(mastodon_targets(proxy.url))

    outcomes, _ = site.run(pages=("/zero-cola/",))

    assert [o.status for o in outcomes] == ["posted"], outcomes
    assert not [path for method, path, _ in proxy.seen if method == "POST"], "found, so never posted again"
    mine = [s for s in all_statuses(mastodon_url) if site.base_url + "zero-cola/" in s["content"]]
    assert len(mine) == 1
    assert outcomes[0].url == mine[0]["url"]
    if later:
        pages = [path for method, path, _ in proxy.seen if method == "GET" and "/statuses" in path]
        assert len(pages) >= 3, "paged back past the newest 40"


def test_a_post_that_never_landed_is_posted_once_after_looking_back(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy]
) -> None:
    site = mastodon_site(make_syndication_site, mastodon_url)
    proxy = proxy_to(mastodon_url)
    proxy.faults.append(Fault("/api/v1/statuses", "status", 502))  # refused before posting, then killed
    site.set_targets(mastodon_targets(proxy.url))
    first, _ = site.run(pages=("/zero-cola/",), retry=RetryPolicy(attempts=1, base_delay=0.01))
    post_unrelated(mastodon_url, 45)
    second, _ = site.run(pages=("/zero-cola/",))

    assert [o.status for o in first] == ["pending"] and [o.status for o in second] == ["posted"]
    assert len([s for s in all_statuses(mastodon_url) if site.base_url + "zero-cola/" in s["content"]]) == 1
