"""An unreachable or misbehaving network loses nothing already stored; the run names it and exits 1."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from tests.feedback.appview import FakeAppView
from tests.feedback.conftest import MakeFeedbackSite
from tests.feedback.test_bluesky import ROOT, sample_thread
from tests.feedback.test_mastodon import TOKEN_ENV, toot
from tests.support.cli import run_on_site
from tests.support.targets_site import mastodon_and_bluesky
from tests.syndicate.servers import Fault, free_port


def two_networks(make_feedback_site: MakeFeedbackSite, instance: str, appview: str) -> Any:
    targets = mastodon_and_bluesky(instance, TOKEN_ENV) + f'\n[feedback]\nbluesky_appview = "{appview}"\n'
    return make_feedback_site(targets, env={TOKEN_ENV: "mock_token"})


FAULTS = {
    "500": Fault("/api/v1/statuses/", "status", 500),
    "503-html": Fault("/api/v1/statuses/", "status", 503, body=b"<html>down for maintenance</html>"),
    "401": Fault("/api/v1/statuses/", "status", 401, body=b'{"error":"The access token is invalid"}'),
    "403": Fault("/api/v1/statuses/", "status", 403, body=b'{"error":"This action is not allowed"}'),
    "malformed-json": Fault("/api/v1/statuses/", "status", 200, body=b'{"id": "1", "favourites_count": '),
    "wrong-shape": Fault("/api/v1/statuses/", "status", 200, body=b'["not", "a", "status"]'),
    "timeout": Fault("/api/v1/statuses/", "hang-before"),
    "dropped": Fault("/api/v1/statuses/", "drop"),
}


@pytest.mark.parametrize("fault", list(FAULTS), ids=list(FAULTS))
def test_a_failing_network_keeps_what_was_stored_and_the_others_are_still_read(
    make_feedback_site: MakeFeedbackSite, mastodon_url: str, proxy_to: Any, httpserver: HTTPServer, fault: str
) -> None:
    proxy = proxy_to(mastodon_url)
    appview = FakeAppView(httpserver)
    appview.threads[ROOT] = sample_thread()
    site = two_networks(make_feedback_site, proxy.url, appview.url)
    post = toot(mastodon_url, "Summer Fizz")
    toot(mastodon_url, "nice", in_reply_to_id=post["id"])
    site.post("/summer-fizz/", "mastodon-eu", "mastodon", post["id"], post["url"])
    site.read("mastodon-eu")
    before = site.stored()["posts"]["/summer-fizz/"]["mastodon-eu"]
    assert before["replies"], "the first read stored a reply"
    toot(mastodon_url, "a reply that must wait for the next good run", in_reply_to_id=post["id"])
    site.post("/summer-fizz/", "bsky", "bluesky", ROOT)
    proxy.faults.append(FAULTS[fault])

    run = site.read(timeout=1.0)

    by_target = {result.target: result for result in run.results}
    assert by_target["mastodon-eu"].status == "failed", by_target["mastodon-eu"]
    assert "kept what was read before" in by_target["mastodon-eu"].detail
    assert by_target["bsky"].status == "read", "one failing network does not stop the others"
    stored = site.stored()["posts"]["/summer-fizz/"]
    assert stored["mastodon-eu"] == before, "nothing stored for the failing target changed"
    assert len(stored["bsky"]["replies"]) == 3
    assert "mock_token" not in by_target["mastodon-eu"].detail


def test_a_closed_port_is_reported_by_the_cli_with_exit_1_and_nothing_is_lost(
    make_feedback_site: MakeFeedbackSite, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    appview = FakeAppView(httpserver)
    appview.threads[ROOT] = sample_thread()
    site = two_networks(make_feedback_site, f"http://127.0.0.1:{free_port()}", appview.url)
    site.post("/summer-fizz/", "bsky", "bluesky", ROOT)
    site.post("/summer-fizz/", "mastodon-eu", "mastodon", "110")
    seeded = {
        "network": "mastodon",
        "remote_id": "110",
        "counts": {"likes": 4, "replies": 1, "reposts": 0},
        "replies": {"111": {"author": {"name": "Ana"}, "content": "<p>kept</p>", "format": "html"}},
    }
    store = {"schema": 1, "hidden": [], "posts": {"/summer-fizz/": {"mastodon-eu": seeded}}}
    site.store_path.write_text(json.dumps(store), encoding="utf-8")
    monkeypatch.delenv(TOKEN_ENV, raising=False)

    result = run_on_site("feedback", str(site.root))

    assert result.exit_code == 1, result.output
    assert "mastodon-eu (mastodon): failed: could not read: could not connect to 127.0.0.1" in result.output
    assert "Could not read: mastodon-eu." in result.output
    assert "bsky (bluesky): read 1 post(s), 3 new replies" in result.output
    stored = site.stored()["posts"]["/summer-fizz/"]
    assert stored["mastodon-eu"] == seeded and len(stored["bsky"]["replies"]) == 3


def test_x_is_not_read_and_that_is_not_a_failure(make_feedback_site: MakeFeedbackSite) -> None:
    site = make_feedback_site('[targets.x]\nnetwork = "x"\ncredential = "SMO_TEST_X_TOKEN"\n')
    site.post("/summer-fizz/", "x", "x", "1790000000000000000", "https://x.com/i/web/status/1790000000000000000")

    result = run_on_site("feedback", str(site.root))

    assert result.exit_code == 0, result.output
    assert "x (x): not read (X's API requires elevated access)" in result.output


def test_an_unknown_target_is_an_error_with_a_suggestion(make_feedback_site: MakeFeedbackSite) -> None:
    site = make_feedback_site('[targets.x]\nnetwork = "x"\ncredential = "SMO_TEST_X_TOKEN"\n', built=False)

    result = run_on_site("feedback", str(site.root), "--target", "xx")

    assert result.exit_code == 1
    assert "error: --target xx: no such target in site.toml (did you mean 'x'?)" in result.output
