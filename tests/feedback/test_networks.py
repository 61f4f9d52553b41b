"""Reddit, LinkedIn, Facebook and Threads against local fakes of their documented read APIs."""

from __future__ import annotations

from typing import Any

from pytest_httpserver import HTTPServer

from smo_gen.feedback import load_responses
from tests.feedback.conftest import FeedbackSite, MakeFeedbackSite


def network_site(
    make_feedback_site: MakeFeedbackSite, httpserver: HTTPServer, network: str, secret: str, options: str = ""
) -> FeedbackSite:
    """A site with one target `network` (and its `options` lines) reading from `httpserver` with `secret`."""
    variable = f"SMO_TEST_{network.upper()}_TOKEN"
    return make_feedback_site(
        f"""
[targets.{network}]
network = "{network}"
{options}credential = "{variable}"
api_url = "{httpserver.url_for("")}"
""",
        env={variable: secret},
    )


def read_post(site: FeedbackSite, network: str) -> dict[str, Any]:
    """Run `smo-gen feedback`, check the one target was read, and return what it stored for /summer-fizz/."""
    [result] = site.read().results
    assert result.status == "read", result
    stored: dict[str, Any] = site.stored()["posts"]["/summer-fizz/"][network]
    return stored


def test_reddit_comments_and_score(make_feedback_site: MakeFeedbackSite, httpserver: HTTPServer) -> None:
    site = network_site(make_feedback_site, httpserver, "reddit", "reddit-secret", 'subreddit = "lemonade"\n')
    comment = {
        "kind": "t1",
        "data": {
            "id": "c1",
            "name": "t1_c1",
            "author": "lemonfan",
            "body": "**Yes** <script>x</script>",
            "created_utc": 1_793_534_400.0,
            "permalink": "/r/lemonade/comments/abc/x/c1/",
            "replies": {
                "kind": "Listing",
                "data": {
                    "children": [
                        {
                            "kind": "t1",
                            "data": {
                                "id": "c2",
                                "name": "t1_c2",
                                "author": "[deleted]",
                                "body": "[deleted]",
                                "created_utc": 1_793_534_500,
                                "replies": "",
                            },
                        },
                        {
                            "kind": "t1",
                            "data": {
                                "id": "c3",
                                "name": "t1_c3",
                                "author": "fizzy",
                                "body": "same",
                                "replies": "",
                                "created_utc": 1_793_534_600,
                                "permalink": "/r/lemonade/comments/abc/x/c3/",
                            },
                        },
                        {"kind": "more", "data": {"count": 4, "children": ["c9"]}},
                    ]
                },
            },
        },
    }
    httpserver.expect_request(
        "/comments/abc.json", headers={"Authorization": "Bearer reddit-secret"}
    ).respond_with_json(
        [
            {
                "kind": "Listing",
                "data": {
                    "children": [
                        {"kind": "t3", "data": {"name": "t3_abc", "score": 42, "num_comments": 3, "num_crossposts": 1}}
                    ]
                },
            },
            {"kind": "Listing", "data": {"children": [comment]}},
        ]
    )
    site.post("/summer-fizz/", "reddit", "reddit", "t3_abc", "https://www.reddit.com/r/lemonade/comments/abc/x/")

    stored = read_post(site, "reddit")

    assert stored["counts"] == {"likes": 42, "replies": 3, "reposts": 1}
    assert sorted(stored["replies"]) == ["t1_c1", "t1_c3"], "deleted comments and 'more' stubs are skipped"
    assert stored["replies"]["t1_c1"]["created_at"] == "2026-11-01T12:00:00Z"
    shown = load_responses(site.root)["/summer-fizz/"].replies[0]
    assert shown.content_html == "<p>**Yes** &lt;script&gt;x&lt;/script&gt;</p>"
    assert shown.author_url == "https://www.reddit.com/user/lemonfan/"
    assert shown.url == "https://www.reddit.com/r/lemonade/comments/abc/x/c1/"


def test_linkedin_social_actions(make_feedback_site: MakeFeedbackSite, httpserver: HTTPServer) -> None:
    site = network_site(make_feedback_site, httpserver, "linkedin", "li-secret", 'author = "urn:li:organization:42"\n')
    urn = "urn:li:share:7000"
    headers = {"Authorization": "Bearer li-secret", "X-Restli-Protocol-Version": "2.0.0"}
    httpserver.expect_request("/rest/socialActions/urn:li:share:7000/comments", headers=headers).respond_with_json(
        {
            "paging": {"count": 10, "start": 0, "total": 1},
            "elements": [
                {
                    "actor": "urn:li:person:abc",
                    "commentUrn": "urn:li:comment:(urn:li:share:7000,99)",
                    "created": {"actor": "urn:li:person:abc", "time": 1_793_534_400_000},
                    "message": {"text": "Great campaign"},
                    "object": urn,
                }
            ],
        }
    )
    httpserver.expect_request("/rest/socialActions/urn:li:share:7000", headers=headers).respond_with_json(
        {
            "likesSummary": {"totalLikes": 5, "likedByCurrentUser": False},
            "commentsSummary": {"totalFirstLevelComments": 1, "aggregatedTotalComments": 1},
            "target": urn,
        }
    )
    site.post("/summer-fizz/", "linkedin", "linkedin", urn, f"https://www.linkedin.com/feed/update/{urn}/")

    stored = read_post(site, "linkedin")

    assert stored["counts"] == {"likes": 5, "replies": 1, "reposts": 0}
    [reply] = stored["replies"].values()
    assert reply["content"] == "Great campaign" and reply["author"]["name"] == "A LinkedIn member"
    assert reply["created_at"] == "2026-11-01T12:00:00Z"


def test_facebook_reactions_comments_and_shares(make_feedback_site: MakeFeedbackSite, httpserver: HTTPServer) -> None:
    site = network_site(make_feedback_site, httpserver, "facebook", "fb-secret", 'page_id = "1234"\n')
    httpserver.expect_request("/1234_5678", headers={"Authorization": "Bearer fb-secret"}).respond_with_json(
        {
            "id": "1234_5678",
            "reactions": {"data": [], "summary": {"total_count": 9, "viewer_reaction": "NONE"}},
            "comments": {
                "data": [
                    {
                        "id": "5678_1",
                        "message": "Where?",
                        "from": {"name": "Bea", "id": "77"},
                        "created_time": "2026-11-01T12:00:00+0000",
                        "permalink_url": "https://www.facebook.com/1234/posts/5678?comment_id=1",
                    }
                ],
                "summary": {"order": "ranked", "total_count": 2, "can_comment": True},
            },
            "shares": {"count": 3},
        }
    )
    site.post("/summer-fizz/", "facebook", "facebook", "1234_5678", "https://www.facebook.com/1234_5678")

    stored = read_post(site, "facebook")
    assert "reactions.limit(0).summary(total_count)" in httpserver.log[0][0].args["fields"]
    assert stored["counts"] == {"likes": 9, "replies": 2, "reposts": 3}
    item = load_responses(site.root)["/summer-fizz/"].replies[0]
    assert (item.author_name, item.created_at) == ("Bea", "2026-11-01T12:00:00Z")


def test_threads_replies_and_insights(make_feedback_site: MakeFeedbackSite, httpserver: HTTPServer) -> None:
    site = network_site(make_feedback_site, httpserver, "threads", "th-secret")
    httpserver.expect_request("/555/insights").respond_with_json(
        {
            "data": [
                {"name": "likes", "period": "lifetime", "values": [{"value": 6}]},
                {"name": "replies", "period": "lifetime", "values": [{"value": 1}]},
                {"name": "reposts", "period": "lifetime", "total_value": {"value": 2}},
            ]
        }
    )
    httpserver.expect_request("/555/replies").respond_with_json(
        {
            "data": [
                {
                    "id": "556",
                    "text": "🍋!",
                    "username": "lemon",
                    "timestamp": "2026-11-01T12:00:00+0000",
                    "permalink": "https://www.threads.net/@lemon/post/556",
                }
            ]
        }
    )
    site.post("/summer-fizz/", "threads", "threads", "555")

    stored = read_post(site, "threads")

    assert stored["counts"] == {"likes": 6, "replies": 1, "reposts": 2}
    assert stored["replies"]["556"]["author"]["url"] == "https://www.threads.net/@lemon"
