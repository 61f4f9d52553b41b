"""Bluesky threads, likes and reposts read from a local fake of the documented AppView."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from smo_gen.feedback import load_responses
from tests.feedback.appview import FakeAppView, post_view, thread
from tests.feedback.conftest import FeedbackSite, MakeFeedbackSite

ROOT = "at://did:plc:shop/app.bsky.feed.post/3lshopxyz2222"


def bluesky_site(make_feedback_site: MakeFeedbackSite, appview: str, per_target: bool = False) -> FeedbackSite:
    where = (
        f'[feedback.targets.bsky]\nappview = "{appview}"'
        if per_target
        else f'[feedback]\nbluesky_appview = "{appview}"'
    )
    targets = f"""
[targets.bsky]
network = "bluesky"
handle = "shop.example"
credential = "SMO_TEST_BSKY_PASSWORD"

{where}
"""
    return make_feedback_site(targets)


def sample_thread() -> dict[str, object]:
    ana = post_view(
        "at://did:plc:ana/app.bsky.feed.post/3ana1",
        "ana.bsky.social",
        "So good! 🍋",
        "2026-11-01T11:00:00.000Z",
        "Ana Lima",
    )
    bo = post_view(
        "at://did:plc:bo/app.bsky.feed.post/3bo1",
        "bo.bsky.social",
        "Where can I buy it?\nNear Leeds?",
        "2026-11-01T12:00:00Z",
    )
    shop = post_view(
        "at://did:plc:shop/app.bsky.feed.post/3shop1", "shop.example", "Every shop!", "2026-11-01T12:30:00Z", "Shop"
    )
    root = post_view(
        ROOT, "shop.example", "Summer Fizz is back", "2026-11-01T10:00:00Z", "Shop", likes=7, reposts=2, replies=2
    )
    return thread(
        root,
        [
            thread(ana),
            thread(bo, [thread(shop)]),
            {
                "$type": "app.bsky.feed.defs#notFoundPost",
                "uri": "at://did:plc:gone/app.bsky.feed.post/1",
                "notFound": True,
            },
            {
                "$type": "app.bsky.feed.defs#blockedPost",
                "uri": "at://did:plc:troll/app.bsky.feed.post/1",
                "blocked": True,
                "author": {"did": "did:plc:troll"},
            },
        ],
    )


@pytest.fixture
def appview(httpserver: HTTPServer) -> FakeAppView:
    """The fake AppView, serving the sample thread at ROOT."""
    appview = FakeAppView(httpserver)
    appview.threads[ROOT] = sample_thread()
    return appview


def test_a_thread_with_nested_replies_likes_and_reposts(
    make_feedback_site: MakeFeedbackSite, appview: FakeAppView
) -> None:
    site = bluesky_site(make_feedback_site, appview.url)
    site.post("/summer-fizz/", "bsky", "bluesky", ROOT, "https://bsky.app/profile/shop.example/post/3lshopxyz2222")

    [result] = site.read().results

    assert (result.status, result.posts, result.new_replies) == ("read", 1, 3)
    assert appview.queries[0]["uri"] == ROOT and int(appview.queries[0]["depth"]) >= 2
    stored = site.stored()["posts"]["/summer-fizz/"]["bsky"]
    assert stored["counts"] == {"likes": 7, "reposts": 2, "replies": 2}
    assert sorted(stored["replies"]) == sorted(
        [
            "at://did:plc:ana/app.bsky.feed.post/3ana1",
            "at://did:plc:bo/app.bsky.feed.post/3bo1",
            "at://did:plc:shop/app.bsky.feed.post/3shop1",
        ]
    ), "notFound and blocked entries are skipped, nested replies kept"
    ana = stored["replies"]["at://did:plc:ana/app.bsky.feed.post/3ana1"]
    assert ana["format"] == "text" and ana["content"] == "So good! 🍋"
    assert ana["author"] == {
        "name": "Ana Lima",
        "handle": "@ana.bsky.social",
        "url": "https://bsky.app/profile/ana.bsky.social",
        "avatar": "https://cdn.bsky.app/img/avatar/plain/ana.bsky.social/x@jpeg",
    }
    assert ana["url"] == "https://bsky.app/profile/ana.bsky.social/post/3ana1"

    page = load_responses(site.root)["/summer-fizz/"]
    assert [item.author_name for item in page.replies] == ["Ana Lima", "@bo.bsky.social", "Shop"]
    assert page.replies[1].content_html == "<p>Where can I buy it?<br>Near Leeds?</p>"
    assert page.replies[0].created_at == "2026-11-01T11:00:00Z"
    assert (page.reactions[0].likes, page.reactions[0].reposts) == (7, 2)


def test_the_appview_can_be_set_per_target(make_feedback_site: MakeFeedbackSite, appview: FakeAppView) -> None:
    site = bluesky_site(make_feedback_site, appview.url, per_target=True)
    site.post("/summer-fizz/", "bsky", "bluesky", ROOT)

    assert site.read().results[0].status == "read" and appview.queries


def test_a_deleted_post_is_a_note_not_a_failure_and_keeps_what_was_read(
    make_feedback_site: MakeFeedbackSite, appview: FakeAppView
) -> None:
    site = bluesky_site(make_feedback_site, appview.url)
    site.post("/summer-fizz/", "bsky", "bluesky", ROOT)
    site.read()
    before = site.store_path.read_bytes()
    del appview.threads[ROOT]

    run = site.read()

    assert run.results[0].status == "read" and not run.failed
    assert "post not found" in run.results[0].notes[0]
    assert site.store_path.read_bytes() == before
