"""Bluesky against a real @atproto/pds on 127.0.0.1: facets, cards, and exactly-once under faults."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from smo_gen.syndicate.delivery import RetryPolicy
from tests.syndicate.conftest import MakeSyndicationSite, SyndicationSite
from tests.syndicate.servers import Fault, FaultProxy, PdsAccount, list_posts, read_json, wait_until

pytestmark = pytest.mark.pds

SECRET_ENV = "SMO_TEST_BSKY_PASSWORD"


def bluesky_site(
    make_syndication_site: MakeSyndicationSite, account: PdsAccount, service: str | None = None
) -> SyndicationSite:
    targets = f"""
[targets.bsky]
network = "bluesky"
service = "{service or account.url}"
handle = "{account.handle}"
credential = "{SECRET_ENV}"
"""
    return make_syndication_site(targets, env={SECRET_ENV: account.password})


def test_a_post_has_a_link_facet_at_byte_offsets_and_a_card_with_an_uploaded_thumbnail(
    make_syndication_site: MakeSyndicationSite, bsky_account: PdsAccount
) -> None:
    site = bluesky_site(make_syndication_site, bsky_account)
    outcomes, _ = site.run(pages=("/summer-fizz/",))

    assert [o.status for o in outcomes] == ["posted"], outcomes
    [record] = list_posts(bsky_account)
    post = record["value"]
    text_bytes = post["text"].encode("utf-8")
    assert "🍋" in post["text"] and "Καλοκαίρι" in post["text"] and "👩‍👩‍👧" in post["text"]
    links = [f for f in post["facets"] if f["features"][0]["$type"] == "app.bsky.richtext.facet#link"]
    [link] = links
    shown = text_bytes[link["index"]["byteStart"] : link["index"]["byteEnd"]].decode("utf-8")
    uri = link["features"][0]["uri"]
    assert uri.startswith(site.base_url + "summer-fizz/?utm_source=bluesky&utm_medium=social")
    assert "utm_campaign=summer-fizz-2026" in uri
    assert shown == uri.removeprefix("https://")[:27] + "...", "the facet must cover exactly the link's text"
    tags = {
        text_bytes[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(): f["features"][0]["tag"]
        for f in post["facets"]
        if f["features"][0]["$type"] == "app.bsky.richtext.facet#tag"
    }
    assert tags == {"#drinks": "drinks", "#summer": "summer"}
    external = post["embed"]["external"]
    assert post["embed"]["$type"] == "app.bsky.embed.external"
    assert (external["uri"], external["title"]) == (uri, "Summer Fizz is back")
    assert external["thumb"]["mimeType"] == "image/png" and external["thumb"]["size"] > 1000
    blob = httpx.get(
        f"{bsky_account.url}/xrpc/com.atproto.sync.getBlob",
        params={"did": bsky_account.did, "cid": external["thumb"]["ref"]["$link"]},
    )
    assert blob.status_code == 200 and blob.content.startswith(b"\x89PNG")

    rkey = record["uri"].rsplit("/", 1)[1]
    got = httpx.get(
        f"{bsky_account.url}/xrpc/com.atproto.repo.getRecord",
        params={"repo": bsky_account.did, "collection": "app.bsky.feed.post", "rkey": rkey},
    )
    assert got.json()["value"]["text"] == post["text"]
    entry = read_json(site.ledger_path)["posts"]["/summer-fizz/"]["bsky"]
    assert entry["state"] == "posted"
    assert entry["url"] == f"https://bsky.app/profile/{bsky_account.handle}/post/{rkey}"

    again, _ = site.run(pages=("/summer-fizz/",))
    assert [o.status for o in again] == ["already posted"]
    assert len(list_posts(bsky_account)) == 1


@pytest.mark.parametrize(
    "fault",
    [
        Fault("createRecord", "drop"),  # the PDS made the post, the answer never came back
        Fault("createRecord", "status-after", 502),  # made it, then a gateway error
        Fault("createRecord", "status", 503),  # refused before it reached the PDS
    ],
    ids=["dropped-answer", "5xx-after-posting", "5xx-before-posting"],
)
def test_an_ambiguous_failure_is_reconciled_and_never_posts_twice(
    make_syndication_site: MakeSyndicationSite, bsky_account: PdsAccount, proxy_to: type[FaultProxy], fault: Fault
) -> None:
    proxy = proxy_to(bsky_account.url)
    proxy.faults.append(fault)
    site = bluesky_site(make_syndication_site, bsky_account, service=proxy.url)

    outcomes, _ = site.run()

    assert sorted(o.status for o in outcomes) == ["posted", "posted"], outcomes
    assert len(list_posts(bsky_account)) == 2, "one post per page, none twice"
    assert any("getRecord" in path for _, path, _ in proxy.seen), "it must look before posting again"
    assert site.sleeps, "a retry waits first"


def test_a_wrong_app_password_fails_clearly_without_retries(
    make_syndication_site: MakeSyndicationSite, bsky_account: PdsAccount, proxy_to: type[FaultProxy]
) -> None:
    proxy = proxy_to(bsky_account.url)
    site = bluesky_site(make_syndication_site, bsky_account, service=proxy.url)
    site.env[SECRET_ENV] = "wrong-password-1234"

    outcomes, _ = site.run(pages=("/zero-cola/",))

    [outcome] = outcomes
    assert outcome.status == "failed"
    assert "credential rejected by Bluesky (401)" in outcome.detail
    assert sum("createSession" in path for _, path, _ in proxy.seen) == 1
    assert read_json(site.ledger_path)["posts"]["/zero-cola/"]["bsky"]["state"] == "failed"


@pytest.mark.parametrize("kind", ["hang", "hang-before"], ids=["after-the-pds-posted", "before-it-arrived"])
def test_a_run_killed_mid_post_leaves_exactly_one_post_after_the_next_run(
    make_syndication_site: MakeSyndicationSite, bsky_account: PdsAccount, proxy_to: type[FaultProxy], kind: str
) -> None:
    proxy = proxy_to(bsky_account.url)
    proxy.faults.append(Fault("createRecord", kind))
    site = bluesky_site(make_syndication_site, bsky_account, service=proxy.url)
    command = [
        sys.executable,
        "-m",
        "smo_gen.cli",
        "syndicate",
        "--site",
        str(site.root),
        "--publish",
        "--page",
        "/zero-cola/",
    ]
    process = subprocess.Popen(
        command, env={**os.environ, **site.env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until(lambda: any("createRecord" in path for _, path, _ in proxy.seen), 60, "the createRecord call")
        if kind == "hang":
            wait_until(lambda: any("createRecord" in path for path in proxy.forwarded), 30, "the post")
        ledger = read_json(site.ledger_path)
        assert ledger["posts"]["/zero-cola/"]["bsky"]["state"] == "pending", "pending is written before posting"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert len(list_posts(bsky_account)) == (1 if kind == "hang" else 0)
    time.sleep(0.1)

    outcomes, _ = site.run(pages=("/zero-cola/",))

    assert [o.status for o in outcomes] == ["posted"], outcomes
    assert len(list_posts(bsky_account)) == 1
    assert read_json(site.ledger_path)["posts"]["/zero-cola/"]["bsky"]["state"] == "posted"


def test_a_run_picked_up_late_finds_its_post_by_the_fixed_record_key(
    make_syndication_site: MakeSyndicationSite, bsky_account: PdsAccount, proxy_to: type[FaultProxy]
) -> None:
    """However many posts came after it, getRecord on the page's own record key finds it."""
    proxy = proxy_to(bsky_account.url)
    proxy.faults.append(Fault("createRecord", "drop"))  # the PDS made the post; its answer was lost
    site = bluesky_site(make_syndication_site, bsky_account, service=proxy.url)
    first, _ = site.run(pages=("/zero-cola/",), retry=RetryPolicy(attempts=1, base_delay=0.01))
    assert [o.status for o in first] == ["pending"], first
    session = httpx.post(
        f"{bsky_account.url}/xrpc/com.atproto.server.createSession",
        json={"identifier": bsky_account.handle, "password": bsky_account.password},
    ).json()
    for number in range(60):
        httpx.post(
            f"{bsky_account.url}/xrpc/com.atproto.repo.createRecord",
            headers={"Authorization": f"Bearer {session['accessJwt']}"},
            json={
                "repo": bsky_account.did,
                "collection": "app.bsky.feed.post",
                "record": {
                    "$type": "app.bsky.feed.post",
                    "text": f"Unrelated #{number}",
                    "createdAt": "2026-12-01T00:00:00.000Z",
                },
            },
        ).raise_for_status()
    later = proxy_to(bsky_account.url)
    site.set_targets(
        f'[targets.bsky]\nnetwork = "bluesky"\nservice = "{later.url}"\n'
        f'handle = "{bsky_account.handle}"\ncredential = "{SECRET_ENV}"\n'
    )

    second, _ = site.run(pages=("/zero-cola/",))

    assert [o.status for o in second] == ["posted"], second
    assert not any("createRecord" in path for _, path, _ in later.seen), "found, never posted again"
    assert sum("zero-cola" in str(post["value"]) for post in list_posts(bsky_account)) == 1
