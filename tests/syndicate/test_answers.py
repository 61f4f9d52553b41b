"""Whatever a network answers, the ledger loads back, the build goes on, and no secret or odd address
gets out: local servers answering as real ones do ("ok", 204), as broken or hostile ones might
(`javascript:` addresses, objects for ids, `{}`, lists), and echoing a webhook's path in their errors."""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from smo_gen.errors import SmoError
from smo_gen.syndication_ledger import load_ledger
from tests.support.sites import build
from tests.syndicate.conftest import MakeSyndicationSite, SyndicationSite
from tests.syndicate.servers import read_json
from tests.syndicate.test_networks import env_for, targets_for

TOKEN = "tok-3f9a8c7e-secret-77aa"
PAGE = "/zero-cola/"


def built_text(site: SyndicationSite) -> str:
    return "".join(path.read_text(errors="replace") for path in (site.root / "public").rglob("*.html"))


def assert_loads_and_builds(site: SyndicationSite) -> None:
    load_ledger(site.ledger_path)  # raises if the run wrote a record it cannot read back
    _, reporter = build(site.root)
    assert not [p for p in reporter.problems if "syndication.json" in str(p)], "the ledger is whole"


@pytest.mark.parametrize(
    ("network", "path", "answer"),
    [
        ("slack", f"/services/T0/B0/{TOKEN}", Response("ok", content_type="text/html")),
        ("webhook", "/hook", Response(status=204)),
        (
            "webhook",
            "/hook",
            Response(json.dumps({"message": "Workflow was started"}), content_type="application/json"),
        ),
        ("webhook", "/hook", Response(json.dumps([{"json": {"ok": 1}}]), content_type="application/json")),
        ("webhook", "/hook", Response("<html>thanks</html>", content_type="text/html")),
    ],
)
def test_an_answer_without_id_or_address_is_posted_and_loads_back(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer, network: str, path: str, answer: Response
) -> None:
    httpserver.expect_request(path, method="POST").respond_with_response(answer)
    options = f'url = "{httpserver.url_for("/hook")}"' if network == "webhook" else 'credential = "SMO_T_HOOK"'
    site = make_syndication_site(
        f'[targets.chat]\nnetwork = "{network}"\n{options}\n', env={"SMO_T_HOOK": httpserver.url_for(path)}
    )

    first, _ = site.run(pages=(PAGE,))
    second, _ = site.run(pages=(PAGE,))

    assert [o.status for o in first] == ["posted"] and [o.status for o in second] == ["already posted"]
    record = read_json(site.ledger_path)["posts"][PAGE]["chat"]
    assert record["state"] == "posted" and "remote_id" not in record and "url" not in record
    assert len(httpserver.log) == 1, "posted once, and the second run knew it"
    assert_loads_and_builds(site)


MASTODON_AND_X = """
[targets.mastodon]
network = "mastodon"
instance = "{base}"
credential = "SMO_T"

[targets.x]
network = "x"
api_url = "{base}"
credential = "SMO_T"
"""

HOSTILE: list[Any] = [
    {"id": "1", "url": "javascript:alert(document.domain)"},
    {"id": "1", "url": "JaVaScRiPt:alert(1)", "uri": "https://m.example/1"},
    {"id": "1", "url": {"a": 1}},
    {"id": "1", "url": 12},
    {"id": {"a": 1}, "url": "https://m.example/1"},
    {"id": "1 onmouseover=alert(1)", "url": "https://m.example/1"},
    {"id": "1", "url": "https://m.example/" + "a" * 5000},
    {"id": "1", "url": 'https://m.example/1" onclick="alert(1)'},
    {},
    [],
    [{"id": "1"}],
    "ok",
    None,
    12,
]


@pytest.mark.parametrize("answer", HOSTILE, ids=[json.dumps(a)[:40] for a in HOSTILE])
def test_a_malformed_answer_fails_that_target_only_and_nothing_odd_is_kept(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer, answer: Any
) -> None:
    httpserver.expect_request("/api/v1/statuses", method="POST").respond_with_json(answer)
    httpserver.expect_request("/2/tweets", method="POST").respond_with_json({"data": {"id": "1850"}}, status=201)
    site = make_syndication_site(MASTODON_AND_X.format(base=httpserver.url_for("").rstrip("/")), env={"SMO_T": TOKEN})

    outcomes, _ = site.run(pages=(PAGE,))

    by_target = {o.target: o for o in outcomes}
    assert by_target["x"].status == "posted", "the next target is still tried"
    mastodon = by_target["mastodon"]
    assert mastodon.status == "pending" and mastodon.url is None
    assert "Mastodon answered in a way its API does not document" in mastodon.detail
    assert "it may have been posted" in mastodon.detail and "checked again next run" in mastodon.detail
    record = read_json(site.ledger_path)["posts"][PAGE]["mastodon"]
    assert record["state"] == "pending" and "url" not in record and "remote_id" not in record
    assert_loads_and_builds(site)
    assert "javascript" not in built_text(site).lower() and "onclick" not in built_text(site)


def test_a_pending_post_is_found_again_when_the_server_answers_properly(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    """The malformed answer kept the post pending; the next run finds it by its link and posts nothing."""
    link_seen: list[str] = []

    def post_status(request: Request) -> Response:
        link_seen.append(request.get_json()["status"])
        return Response(json.dumps({}), content_type="application/json")

    def statuses(request: Request) -> Response:
        content = "<p>" + link_seen[0].replace("&", "&amp;") + "</p>"
        status = {"id": "9", "url": "https://m.example/@s/9", "content": content, "created_at": "2099-01-01T00:00:00Z"}
        return Response(json.dumps([status] if "max_id" not in request.args else []), content_type="application/json")

    httpserver.expect_request("/api/v1/statuses", method="POST").respond_with_handler(post_status)
    httpserver.expect_request("/api/v1/accounts/verify_credentials").respond_with_json({"id": "7"})
    httpserver.expect_request("/api/v1/accounts/7/statuses").respond_with_handler(statuses)
    site = make_syndication_site(MASTODON_AND_X.format(base=httpserver.url_for("").rstrip("/")), env={"SMO_T": TOKEN})

    first, _ = site.run(pages=(PAGE,), targets=("mastodon",))
    second, _ = site.run(pages=(PAGE,), targets=("mastodon",))

    assert [o.status for o in first] == ["pending"]
    assert [(o.status, o.url) for o in second] == [("posted", "https://m.example/@s/9")]
    assert len(link_seen) == 1, "never posted twice"
    build(site.root)
    assert 'href="https://m.example/@s/9"' in built_text(site), "the page links the post found"


DISCORD_ID = "1188822334455667788"
SLACK_IDS = ("T0AB12CD3", "B0EF45GH6")
CHAT_TARGETS = ("telegram", "discord", "slack")  # their secret is in the URL


def echo(status: int, shape: str) -> Any:
    def handler(request: Request) -> Response:
        path = request.full_path.rstrip("?")
        text = {
            "raw": f"<html><h1>{status}</h1>no route for POST {path}</html>",
            "encoded": f"cannot find {quote(path, safe='')} (also {quote(path)})",
            "json": json.dumps({"message": f"Unknown route {path}", "code": 0}),
            "cut": f"upstream error at {path[:40]}…",
            "segments": " / ".join(reversed(path.split("/"))),
        }[shape]
        content_type = "application/json" if shape == "json" else "text/html"
        return Response(text, status=status, content_type=content_type)

    return handler


@pytest.mark.parametrize("status", [400, 404, 500, 502])
@pytest.mark.parametrize("shape", ["raw", "encoded", "json", "cut", "segments"])
def test_an_error_page_echoing_the_webhook_path_shows_no_part_of_the_secret(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer, status: int, shape: str
) -> None:
    httpserver.expect_request("", method="POST").respond_with_handler(echo(status, shape))  # every path
    env = {
        **env_for(httpserver),
        "SMO_T_TELEGRAM": f"123456789:{TOKEN}",
        "SMO_T_DISCORD": httpserver.url_for(f"/api/webhooks/{DISCORD_ID}/{TOKEN}"),
        "SMO_T_SLACK": httpserver.url_for(f"/services/{SLACK_IDS[0]}/{SLACK_IDS[1]}/{TOKEN}"),
    }
    site = make_syndication_site(targets_for(httpserver), env=env)

    outcomes, _ = site.run(pages=(PAGE,), targets=CHAT_TARGETS)

    assert len(outcomes) == 3 and all(o.status in ("failed", "pending") for o in outcomes)
    everything = json.dumps(read_json(site.ledger_path)) + "".join(o.detail for o in outcomes)
    for part in (TOKEN, TOKEN[:12], TOKEN[-12:], "123456789", DISCORD_ID, *SLACK_IDS, quote(TOKEN, safe="")):
        assert part not in everything, f"{part!r} leaked into the output or the ledger"


def test_a_token_with_a_trailing_newline_names_its_variable(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    site = make_syndication_site(targets_for(httpserver), env={"SMO_T_TELEGRAM": f"123456789:{TOKEN}\n"})

    outcomes, _ = site.run(pages=(PAGE,), targets=("telegram",))

    [outcome] = outcomes
    assert outcome.status == "failed"
    assert "environment variable SMO_T_TELEGRAM holds a space, line break or control character" in outcome.detail
    assert TOKEN not in outcome.detail and not httpserver.log


def test_a_ledger_that_is_a_fifo_is_refused_and_the_build_goes_on(make_syndication_site: MakeSyndicationSite) -> None:
    site = make_syndication_site('[targets.x]\nnetwork = "x"\napi_url = "http://127.0.0.1:9"\ncredential = "SMO_T"\n')
    os.mkfifo(site.ledger_path)  # reading it would wait for a writer forever
    _, reporter = build(site.root)
    [warning] = [p for p in reporter.problems if "syndication.json" in str(p)]
    assert warning.severity == "warning" and "not a regular file" in str(warning)
    with pytest.raises(SmoError, match="syndication.json: is not a regular file"):
        site.run()


ALL_TARGETS = ("linkedin", "x", "facebook", "reddit", "threads", "telegram", "discord", "slack", "hook")
ODD_ANSWERS: list[Any] = [
    {},
    [],
    "ok",
    7,
    None,
    {"id": {"a": 1}, "url": "javascript:alert(1)", "data": {"id": [1]}, "result": "x", "json": []},
    {
        "id": "1",
        "url": "javascript:alert(1)",
        "permalink": "javascript:alert(1)",
        "channel_id": "2",
        "data": {"id": "3", "url": "javascript:alert(1)", "name": "t3_x"},
        "json": {"errors": [], "data": {"name": "t3_x", "url": "javascript:alert(1)"}},
        "result": {"message_id": 5, "chat": {"username": "a b"}},
    },
]


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=[json.dumps(a)[:30] for a in ODD_ANSWERS])
def test_every_network_survives_odd_answers_and_the_ledger_loads_back(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer, answer: Any
) -> None:
    httpserver.expect_request("").respond_with_json(answer)  # every path, every method
    site = make_syndication_site(targets_for(httpserver), env=env_for(httpserver))

    outcomes, _ = site.run(pages=(PAGE,))

    assert {o.target for o in outcomes} == set(ALL_TARGETS), "every target was tried"
    for outcome in outcomes:
        assert outcome.url is None or outcome.url.startswith("https://"), outcome
    assert_loads_and_builds(site)
    ledger = json.dumps(read_json(site.ledger_path))
    assert "javascript" not in ledger and "javascript" not in built_text(site)


def test_a_huge_answer_or_message_is_cut_off_not_kept(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    huge = json.dumps({"id": "1", "padding": "x" * (20 * 1024 * 1024)})
    httpserver.expect_request("/hook", method="POST").respond_with_data(huge, content_type="application/json")
    httpserver.expect_request("/2/tweets", method="POST").respond_with_json(
        {"title": "Forbidden", "detail": "no " * 500_000}, status=400
    )
    site = make_syndication_site(targets_for(httpserver), env=env_for(httpserver))

    outcomes, _ = site.run(pages=(PAGE,), targets=("hook", "x"))

    by_target = {o.target: o for o in outcomes}
    assert by_target["hook"].status == "pending"
    assert "answered with more than 8 MB" in by_target["hook"].detail
    assert by_target["x"].status == "failed" and len(by_target["x"].detail) <= 1000
    assert site.ledger_path.stat().st_size < 10_000


def test_mastodon_looks_back_a_bounded_number_of_statuses(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    """An account posting faster than the look-back can page: the post stays pending, never posted twice."""

    def statuses(request: Request) -> Response:
        top = int(request.args.get("max_id", "1000000"))
        page = [
            {"id": str(top - n - 1), "content": "<p>other</p>", "created_at": "2099-01-01T00:00:00Z"} for n in range(40)
        ]
        return Response(json.dumps(page), content_type="application/json")

    httpserver.expect_request("/api/v1/statuses", method="POST").respond_with_data("", status=503)
    httpserver.expect_request("/api/v1/accounts/verify_credentials").respond_with_json({"id": "7"})
    httpserver.expect_request("/api/v1/accounts/7/statuses").respond_with_handler(statuses)
    site = make_syndication_site(MASTODON_AND_X.format(base=httpserver.url_for("").rstrip("/")), env={"SMO_T": TOKEN})

    outcomes, _ = site.run(pages=(PAGE,), targets=("mastodon",))

    [outcome] = outcomes
    assert outcome.status == "pending" and "looked through 2,000 statuses" in outcome.detail
    pages = [r for r, _ in httpserver.log if r.path.endswith("/statuses") and r.method == "GET"]
    assert len(pages) == 50, "bounded"
    assert sum(r.method == "POST" for r, _ in httpserver.log) == 1, "never sent again without knowing"
