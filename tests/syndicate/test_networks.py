"""LinkedIn, X, Facebook, Reddit, Threads, Telegram, Discord, Slack and webhooks against a local
server that answers as each API documents, including its errors and rate limits."""

from __future__ import annotations

import json
import time
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smo_gen.syndication_ledger import load_ledger
from tests.syndicate.conftest import MakeSyndicationSite
from tests.syndicate.servers import read_json

TOKEN = "tok-3f9a8c7e-secret"


def targets_for(server: HTTPServer) -> str:
    base = server.url_for("").rstrip("/")
    return f"""
[targets.linkedin]
network = "linkedin"
api_url = "{base}"
author = "urn:li:organization:42"
credential = "SMO_T_LINKEDIN"

[targets.x]
network = "x"
api_url = "{base}"
credential = "SMO_T_X"

[targets.facebook]
network = "facebook"
api_url = "{base}/v21.0"
page_id = "123"
credential = "SMO_T_FACEBOOK"

[targets.reddit]
network = "reddit"
api_url = "{base}"
subreddit = "lemonade"
credential = "SMO_T_REDDIT"

[targets.threads]
network = "threads"
api_url = "{base}/v1.0"
credential = "SMO_T_THREADS"

[targets.telegram]
network = "telegram"
api_url = "{base}"
chat_id = "@fizzchannel"
credential = "SMO_T_TELEGRAM"

[targets.discord]
network = "discord"
guild_id = "9"
credential = "SMO_T_DISCORD"

[targets.slack]
network = "slack"
credential = "SMO_T_SLACK"

[targets.hook]
network = "webhook"
url = "{base}/hook"
"""


def env_for(server: HTTPServer) -> dict[str, str]:
    env = {f"SMO_T_{name}": TOKEN for name in ("LINKEDIN", "X", "FACEBOOK", "REDDIT", "THREADS", "TELEGRAM")}
    env["SMO_T_DISCORD"] = server.url_for(f"/api/webhooks/1/{TOKEN}")
    env["SMO_T_SLACK"] = server.url_for(f"/services/T0/B0/{TOKEN}")
    return env


def answer_everything(server: HTTPServer) -> None:
    server.expect_request("/rest/images", method="POST").respond_with_json(
        {"value": {"uploadUrl": server.url_for("/upload/1"), "image": "urn:li:image:C4E"}}
    )
    server.expect_request("/upload/1", method="PUT").respond_with_data("", status=201)
    server.expect_request("/rest/posts", method="POST").respond_with_data(
        "", status=201, headers={"x-restli-id": "urn:li:share:7"}
    )
    server.expect_request("/2/tweets", method="POST").respond_with_json(
        {"data": {"id": "1850", "text": "…"}}, status=201
    )
    server.expect_request("/v21.0/123/feed", method="POST").respond_with_json({"id": "123_456"})
    server.expect_request("/api/submit", method="POST").respond_with_json(
        {"json": {"errors": [], "data": {"url": "https://www.reddit.com/r/lemonade/comments/abc/x/", "name": "t3_abc"}}}
    )
    server.expect_request("/v1.0/me/threads", method="POST").respond_with_json({"id": "c-1"})
    server.expect_request("/v1.0/me/threads_publish", method="POST").respond_with_json({"id": "m-1"})
    server.expect_request("/v1.0/m-1", method="GET").respond_with_json(
        {"permalink": "https://www.threads.net/@f/post/x"}
    )
    server.expect_request(f"/bot{TOKEN}/sendMessage", method="POST").respond_with_json(
        {"ok": True, "result": {"message_id": 77, "chat": {"id": -100, "username": "fizzchannel", "type": "channel"}}}
    )
    server.expect_request(f"/api/webhooks/1/{TOKEN}", method="POST").respond_with_json({"id": "555", "channel_id": "8"})
    server.expect_request(f"/services/T0/B0/{TOKEN}", method="POST").respond_with_data("ok")
    server.expect_request("/hook", method="POST").respond_with_json({"id": "h-1", "url": "https://hooks.example/h-1"})


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [request for request, _ in server.log if request.path == path]


def test_every_network_gets_its_documented_request(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    answer_everything(httpserver)
    site = make_syndication_site(targets_for(httpserver), env=env_for(httpserver))

    outcomes, _ = site.run(pages=("/summer-fizz/",))

    assert {o.target: o.status for o in outcomes} == dict.fromkeys(
        ["linkedin", "x", "facebook", "reddit", "threads", "telegram", "discord", "slack", "hook"], "posted"
    )
    [linkedin] = requests_to(httpserver, "/rest/posts")
    body = linkedin.get_json()
    assert linkedin.headers["X-Restli-Protocol-Version"] == "2.0.0" and linkedin.headers["LinkedIn-Version"]
    assert body["author"] == "urn:li:organization:42" and body["lifecycleState"] == "PUBLISHED"
    article = body["content"]["article"]
    assert article["source"].startswith(site.base_url + "summer-fizz/?utm_source=linkedin")
    assert (article["title"], article["thumbnail"]) == ("Summer Fizz is back", "urn:li:image:C4E")
    assert "{hashtag|\\#|drinks}" in body["commentary"]
    assert requests_to(httpserver, "/upload/1")[0].data.startswith(b"\x89PNG")

    [tweet] = requests_to(httpserver, "/2/tweets")
    assert tweet.headers["Authorization"] == f"Bearer {TOKEN}"
    assert "utm_source=x" in tweet.get_json()["text"]
    [feed] = requests_to(httpserver, "/v21.0/123/feed")
    assert feed.form["link"].startswith(site.base_url + "summer-fizz/?utm_source=facebook")
    assert "🍋" in feed.form["message"]
    [submit] = requests_to(httpserver, "/api/submit")
    assert (submit.form["sr"], submit.form["kind"], submit.form["title"]) == ("lemonade", "link", "Summer Fizz is back")
    [container] = requests_to(httpserver, "/v1.0/me/threads")
    assert container.form["media_type"] == "TEXT" and "utm_source=threads" in container.form["link_attachment"]
    assert requests_to(httpserver, "/v1.0/me/threads_publish")[0].form["creation_id"] == "c-1"
    [telegram] = requests_to(httpserver, f"/bot{TOKEN}/sendMessage")
    assert telegram.get_json()["chat_id"] == "@fizzchannel"
    [discord] = requests_to(httpserver, f"/api/webhooks/1/{TOKEN}")
    assert discord.args["wait"] == "true" and discord.get_json()["allowed_mentions"] == {"parse": []}
    [hook] = requests_to(httpserver, "/hook")
    assert hook.headers["Idempotency-Key"] == hook.get_json()["idempotency_key"]
    assert hook.get_json()["page"]["title"] == "Summer Fizz is back"

    ledger = read_json(site.ledger_path)["posts"]["/summer-fizz/"]
    assert ledger["linkedin"]["url"] == "https://www.linkedin.com/feed/update/urn:li:share:7/"
    assert ledger["x"]["url"] == "https://x.com/i/web/status/1850"
    assert ledger["telegram"]["url"] == "https://t.me/fizzchannel/77"
    assert ledger["discord"]["url"] == "https://discord.com/channels/9/8/555"
    assert ledger["threads"]["url"] == "https://www.threads.net/@f/post/x"
    everything = json.dumps(read_json(site.ledger_path)) + "".join(o.detail + (o.url or "") for o in outcomes)
    assert TOKEN not in everything, "webhook URLs and tokens are secrets"
    loaded = load_ledger(site.ledger_path).records["/summer-fizz/"]  # every record written loads back
    assert loaded["slack"].state == "posted" and loaded["slack"].url is None and loaded["slack"].remote_id is None


def test_rate_limits_wait_as_each_network_says(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    reset = int(time.time()) + 8
    httpserver.expect_oneshot_request("/2/tweets").respond_with_json(
        {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429},
        status=429,
        headers={"x-rate-limit-reset": str(reset)},
    )
    httpserver.expect_oneshot_request(f"/bot{TOKEN}/sendMessage").respond_with_json(
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
        status=429,
    )
    answer_everything(httpserver)
    site = make_syndication_site(targets_for(httpserver), env=env_for(httpserver))

    outcomes, _ = site.run(pages=("/zero-cola/",), targets=("x", "telegram"))

    assert [o.status for o in outcomes] == ["posted", "posted"]
    assert 5 <= site.sleeps[0] <= 8 and site.sleeps[1] == 3.0
    assert len(requests_to(httpserver, "/2/tweets")) == 2


def test_errors_carry_the_networks_message_and_one_failure_spares_the_others(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/v21.0/123/feed").respond_with_json(
        {
            "error": {
                "message": "Error validating access token: Session has expired",
                "type": "OAuthException",
                "code": 190,
                "fbtrace_id": "A1",
            }
        },
        status=400,
    )
    httpserver.expect_request("/rest/posts").respond_with_json(
        {"message": "Field Value validation failed in REQUEST_BODY", "status": 422}, status=422
    )
    answer_everything(httpserver)
    site = make_syndication_site(targets_for(httpserver), env=env_for(httpserver))

    outcomes, _ = site.run(pages=("/zero-cola/",), targets=("facebook", "linkedin", "x"))

    by_target = {o.target: o for o in outcomes}
    assert by_target["facebook"].status == "failed"
    assert by_target["facebook"].detail == (
        "credential rejected by Facebook (code 190): Error validating access token: Session has expired"
    )
    assert by_target["linkedin"].detail == ("LinkedIn refused it (422): Field Value validation failed in REQUEST_BODY")
    assert by_target["x"].status == "posted"
    assert len(requests_to(httpserver, "/v21.0/123/feed")) == 1, "a rejected credential is not retried"
    ledger = read_json(site.ledger_path)["posts"]["/zero-cola/"]
    assert ledger["facebook"]["state"] == "failed" and "code 190" in ledger["facebook"]["error"]


def test_reddit_already_submitted_is_found_not_reposted(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/api/submit").respond_with_json(
        {"json": {"errors": [["ALREADY_SUB", "that link has already been submitted", "url"]]}}
    )

    def info(request: Request) -> Response:
        child = {
            "data": {
                "subreddit": "Lemonade",
                "name": "t3_old",
                "permalink": "/r/Lemonade/comments/old/x/",
                "url": request.args["url"],
            }
        }
        return Response(json.dumps({"data": {"children": [child]}}), content_type="application/json")

    httpserver.expect_request("/api/info").respond_with_handler(info)
    site = make_syndication_site(targets_for(httpserver), env=env_for(httpserver))

    outcomes, _ = site.run(pages=("/zero-cola/",), targets=("reddit",))

    assert [(o.status, o.url) for o in outcomes] == [("posted", "https://www.reddit.com/r/Lemonade/comments/old/x/")]


def test_a_network_that_cannot_check_is_never_sent_a_post_twice(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_oneshot_request(f"/api/webhooks/1/{TOKEN}").respond_with_json({"message": "oops"}, status=502)
    answer_everything(httpserver)
    site = make_syndication_site(targets_for(httpserver), env=env_for(httpserver))

    first, _ = site.run(pages=("/zero-cola/",), targets=("discord",))
    second, _ = site.run(pages=("/zero-cola/",), targets=("discord",))

    assert [o.status for o in first] == ["pending"] and "may have been posted" in first[0].detail
    assert [o.status for o in second] == ["pending"] and "look at the channel" in second[0].detail
    assert len(requests_to(httpserver, f"/api/webhooks/1/{TOKEN}")) == 1
    assert TOKEN not in first[0].detail + second[0].detail

    populated, _ = site.run(mode="populate", pages=("/zero-cola/",), targets=("discord",))
    assert [o.status for o in populated] == ["recorded"]
    assert read_json(site.ledger_path)["posts"]["/zero-cola/"]["discord"]["populated"] is True


def test_threads_publishes_the_container_it_made(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    answer_everything(httpserver)
    site = make_syndication_site(targets_for(httpserver), env=env_for(httpserver))
    outcomes, _ = site.run(pages=("/zero-cola/",), targets=("threads",))
    assert [o.status for o in outcomes] == ["posted"]
    requests: list[Any] = [r.path for r, _ in httpserver.log]
    assert requests == ["/v1.0/me/threads", "/v1.0/me/threads_publish", "/v1.0/m-1"]
