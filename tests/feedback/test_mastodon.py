"""Mastodon replies, favourites and boosts read from mastodon-mock on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from smo_gen.feedback import load_responses
from tests.feedback.conftest import FeedbackSite, MakeFeedbackSite

TOKEN_ENV = "SMO_TEST_MASTODON_TOKEN"
AUTH = {"Authorization": "Bearer mock_token"}


def mastodon_site(
    make_feedback_site: MakeFeedbackSite, instance: str, env: dict[str, str] | None = None
) -> FeedbackSite:
    targets = f"""
[targets.mastodon-eu]
network = "mastodon"
instance = "{instance}"
credential = "{TOKEN_ENV}"
"""
    return make_feedback_site(targets, env={TOKEN_ENV: "mock_token"} if env is None else env)


def toot(instance: str, text: str, **fields: Any) -> dict[str, Any]:
    answer = httpx.post(f"{instance}/api/v1/statuses", json={"status": text, **fields}, headers=AUTH, timeout=10)
    answer.raise_for_status()
    status: dict[str, Any] = answer.json()
    return status


@pytest.fixture
def site(make_feedback_site: MakeFeedbackSite, mastodon_url: str) -> FeedbackSite:
    """A site with one Mastodon target on mastodon-mock, and its token."""
    return mastodon_site(make_feedback_site, mastodon_url)


def test_replies_favourites_and_boosts_land_in_feedback_json(site: FeedbackSite, mastodon_url: str) -> None:
    post = toot(mastodon_url, "Summer Fizz is back https://shop.example/summer-fizz/")
    first = toot(mastodon_url, "Love it! **Cold** and _fizzy_", in_reply_to_id=post["id"])
    nested = toot(mastodon_url, "Agreed", in_reply_to_id=first["id"])
    toot(mastodon_url, "a private word", in_reply_to_id=post["id"], visibility="direct")
    httpx.post(f"{mastodon_url}/api/v1/statuses/{post['id']}/favourite", headers=AUTH).raise_for_status()
    httpx.post(f"{mastodon_url}/api/v1/statuses/{post['id']}/reblog", headers=AUTH).raise_for_status()
    site.post("/summer-fizz/", "mastodon-eu", "mastodon", post["id"], post["url"])

    run = site.read()

    assert [(r.target, r.status, r.posts, r.new_replies) for r in run.results] == [("mastodon-eu", "read", 1, 2)]
    stored = site.stored()["posts"]["/summer-fizz/"]["mastodon-eu"]
    assert stored["counts"]["likes"] == 1 and stored["counts"]["reposts"] == 1
    assert stored["counts"]["replies"] >= 2
    assert sorted(stored["replies"]) == sorted([first["id"], nested["id"]]), "the direct reply must stay private"
    reply = stored["replies"][first["id"]]
    assert reply["format"] == "html" and "Cold" in reply["content"]
    assert reply["author"]["name"] == "Test User" and reply["author"]["handle"].startswith("@testuser@")
    assert reply["url"] == first["url"] and reply["created_at"] == first["created_at"]
    assert stored["remote_id"] == post["id"] and stored["url"] == post["url"]

    shown = load_responses(site.root)["/summer-fizz/"]
    assert [item.id for item in shown.replies] == [f"mastodon-eu:{first['id']}", f"mastodon-eu:{nested['id']}"]
    assert shown.reactions[0].likes == 1 and shown.reactions[0].like_word == "favourite"


def test_a_second_run_adds_only_new_replies_and_writes_nothing_when_nothing_changed(
    site: FeedbackSite, mastodon_url: str
) -> None:
    post = toot(mastodon_url, "Zero-sugar cola https://shop.example/zero-cola/")
    old = toot(mastodon_url, "first!", in_reply_to_id=post["id"])
    site.post("/zero-cola/", "mastodon-eu", "mastodon", post["id"], post["url"])
    assert site.read().written
    before = site.store_path.read_bytes()

    again = site.read()
    assert not again.written and site.store_path.read_bytes() == before, "an unchanged read must not rewrite the file"

    new = toot(mastodon_url, "second", in_reply_to_id=post["id"])
    third = site.read()
    stored = site.stored()["posts"]["/zero-cola/"]["mastodon-eu"]
    assert third.results[0].new_replies == 1
    assert sorted(stored["replies"]) == sorted([old["id"], new["id"]])


def test_public_posts_read_without_a_token_and_the_token_is_sent_when_set(
    make_feedback_site: MakeFeedbackSite, mastodon_url: str, proxy_to: Any
) -> None:
    proxy = proxy_to(mastodon_url)
    post = toot(mastodon_url, "public post")
    toot(mastodon_url, "public reply", in_reply_to_id=post["id"])
    site = mastodon_site(make_feedback_site, proxy.url, env={})
    site.post("/summer-fizz/", "mastodon-eu", "mastodon", post["id"], post["url"])

    assert site.read().results[0].status == "read"
    assert all("Authorization" not in headers for _, _, headers in proxy.seen)
    assert len(site.stored()["posts"]["/summer-fizz/"]["mastodon-eu"]["replies"]) == 1

    site.env[TOKEN_ENV] = "mock_token"
    site.read()
    assert proxy.seen[-1][2].get("Authorization") == "Bearer mock_token"


def test_populated_records_without_a_remote_id_are_skipped(
    make_feedback_site: MakeFeedbackSite, mastodon_url: str
) -> None:
    site = mastodon_site(make_feedback_site, mastodon_url)
    site.post("/summer-fizz/", "mastodon-eu", "mastodon", None, populated=True)

    [result] = site.read().results

    assert result.status == "skipped" and "remote id" in result.detail
    assert not site.store_path.exists(), "nothing read: no feedback.json written"
