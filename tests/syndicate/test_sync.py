"""`syndicate --sync` against mastodon-mock and a real Bluesky PDS: one edit per changed post, one
deletion per removed page, faults on the way, and a second `--sync` that sends nothing."""

from __future__ import annotations

import json

import httpx
import pytest

from smo_gen.syndication_ledger import load_ledger
from tests.support.cli import run_on_site
from tests.support.sites import build
from tests.support.targets_site import TARGETS_PAGES
from tests.syndicate.conftest import MakeSyndicationSite, SyndicationSite
from tests.syndicate.servers import Fault, FaultProxy, PdsAccount, list_posts, read_json
from tests.syndicate.test_bluesky import bluesky_site
from tests.syndicate.test_mastodon import mastodon_site

CHANGED = "Summer Fizz, now in cans 🥫"


def change_site(site: SyndicationSite) -> None:
    """The summer page says something new; the cola page is removed."""
    page = site.root / "content" / "summer-fizz.md"
    text = page.read_text(encoding="utf-8")
    old = str(TARGETS_PAGES["content/summer-fizz.md"]).split('message: "')[1].split('"')[0]
    page.write_text(text.replace(old, CHANGED), encoding="utf-8")
    (site.root / "content" / "zero-cola.md").unlink()
    build(site.root)


def sent_since(proxy: FaultProxy, start: int) -> list[tuple[str, str]]:
    """What changed anything on the server (every request but a GET) since `start` requests."""
    return [(method, path) for method, path, _ in proxy.seen[start:] if method != "GET"]


def test_mastodon_sync_edits_once_deletes_once_through_faults_then_sends_nothing(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy]
) -> None:
    proxy = proxy_to(mastodon_url)
    site = mastodon_site(make_syndication_site, proxy.url)
    assert sorted(o.status for o in site.run()[0]) == ["posted", "posted"]
    ledger = read_json(site.ledger_path)["posts"]
    summer_id = ledger["/summer-fizz/"]["mastodon-eu"]["remote_id"]
    cola_id = ledger["/zero-cola/"]["mastodon-eu"]["remote_id"]
    unchanged, _ = site.run(sync=True)
    assert {(o.entry_id, o.status) for o in unchanged} == {("/summer-fizz/", "in sync"), ("/zero-cola/", "in sync")}

    change_site(site)
    before = len(proxy.seen)
    dry, _ = site.run(mode="dry-run", sync=True)
    assert {(o.entry_id, o.status) for o in dry} == {("/summer-fizz/", "would edit"), ("/zero-cola/", "would retract")}
    assert sent_since(proxy, before) == [], "a dry run sends nothing"

    proxy.faults += [
        Fault(f"/api/v1/statuses/{summer_id}", "status", 500),  # the edit fails at first
        Fault(f"/api/v1/statuses/{cola_id}", "drop"),
    ]  # the deletion lands, its answer is lost
    synced, _ = site.run(sync=True)

    assert {(o.entry_id, o.status) for o in synced} == {("/summer-fizz/", "edited"), ("/zero-cola/", "retracted")}
    history = httpx.get(f"{mastodon_url}/api/v1/statuses/{summer_id}/history").json()
    assert len(history) == 2, "exactly one edit"
    assert "now in cans" in history[-1]["content"]
    assert httpx.get(f"{mastodon_url}/api/v1/statuses/{cola_id}").status_code == 404
    records = load_ledger(site.ledger_path).records
    assert records["/zero-cola/"]["mastodon-eu"].state == "retracted"
    assert records["/summer-fizz/"]["mastodon-eu"].remote_id == summer_id

    seen = len(proxy.seen)
    again, _ = site.run(sync=True)
    assert {(o.entry_id, o.status) for o in again} == {("/summer-fizz/", "in sync")}
    assert sent_since(proxy, seen) == [], "a second --sync sends nothing"
    assert [(o.entry_id, o.status) for o in site.run()[0]] == [("/summer-fizz/", "already posted")]


@pytest.mark.pds
def test_bluesky_sync_deletes_a_removed_page_and_says_a_changed_post_is_not_editable(
    make_syndication_site: MakeSyndicationSite, bsky_account: PdsAccount, proxy_to: type[FaultProxy]
) -> None:
    proxy = proxy_to(bsky_account.url)
    site = bluesky_site(make_syndication_site, bsky_account, service=proxy.url)
    assert sorted(o.status for o in site.run()[0]) == ["posted", "posted"]
    change_site(site)

    proxy.faults.append(Fault("com.atproto.repo.deleteRecord", "drop"))
    synced, _ = site.run(sync=True)

    assert {(o.entry_id, o.status) for o in synced} == {("/summer-fizz/", "not editable"), ("/zero-cola/", "retracted")}
    [left] = list_posts(bsky_account)
    assert "summer-fizz" in left["value"]["embed"]["external"]["uri"]
    assert load_ledger(site.ledger_path).records["/zero-cola/"]["bsky"].state == "retracted"
    seen = len(proxy.seen)
    again, _ = site.run(sync=True)
    assert {(o.entry_id, o.status) for o in again} == {("/summer-fizz/", "not editable")}
    assert [path for _, path in sent_since(proxy, seen) if "createSession" not in path] == []


def write_posted(site: SyndicationSite, page: str, remote_ids: dict[str, str | None]) -> None:
    """A ledger in which `page` was posted to each target named in `remote_ids`, under that id (None: no id)."""
    records = {
        name: {"state": "posted", "network": name, "at": "2026-05-01T10:00:00Z"}
        | ({"remote_id": remote_id} if remote_id else {})
        for name, remote_id in remote_ids.items()
    }
    site.ledger_path.write_text(
        json.dumps({"schema": 1, "site": site.base_url, "posts": {page: records}}), encoding="utf-8"
    )


def chat_targets(base: str) -> str:
    """Telegram, Discord and Slack targets, each credential named SMO_T_<NETWORK>."""
    extra = {"telegram": f'api_url = "{base}"\nchat_id = "@fizzchannel"\n'}
    return "".join(
        f'[targets.{name}]\nnetwork = "{name}"\ncredential = "SMO_T_{name.upper()}"\n{extra.get(name, "")}\n'
        for name in ("telegram", "discord", "slack")
    )


def test_telegram_and_discord_edit_and_delete_by_message_id_slack_cannot(
    make_syndication_site: MakeSyndicationSite, httpserver: object
) -> None:
    """Against a server that answers as the Bot API and Discord/Slack webhooks document."""
    import json

    from pytest_httpserver import HTTPServer
    from werkzeug import Request, Response

    assert isinstance(httpserver, HTTPServer)
    messages: dict[str, str] = {}
    calls: list[tuple[str, str]] = []
    counter = iter(range(100, 200))

    def telegram(request: Request) -> Response:
        method = request.path.rsplit("/", 1)[-1]
        body = json.loads(request.data)
        calls.append(("telegram", method))
        if method == "sendMessage":
            message_id = next(counter)
            messages[f"t{message_id}"] = body["text"]
            result: object = {"message_id": message_id, "chat": {"id": -1, "username": "fizzchannel"}}
        elif method == "editMessageText":
            if messages.get(f"t{body['message_id']}") == body["text"]:
                return Response(
                    json.dumps({"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"}),
                    400,
                )
            messages[f"t{body['message_id']}"] = body["text"]
            result = {"message_id": body["message_id"]}
        else:
            if messages.pop(f"t{body['message_id']}", None) is None:
                return Response(
                    json.dumps(
                        {"ok": False, "error_code": 400, "description": "Bad Request: message to delete not found"}
                    ),
                    400,
                )
            result = True
        return Response(json.dumps({"ok": True, "result": result}), 200, content_type="application/json")

    def discord(request: Request) -> Response:
        calls.append(("discord", request.method))
        if request.method == "POST":
            message_id = str(next(counter))
            messages[f"d{message_id}"] = json.loads(request.data)["content"]
            return Response(json.dumps({"id": message_id, "channel_id": "7"}), 200, content_type="application/json")
        message_id = request.path.rsplit("/", 1)[-1]
        if f"d{message_id}" not in messages:
            return Response(json.dumps({"message": "Unknown Message", "code": 10008}), 404)
        if request.method == "PATCH":
            messages[f"d{message_id}"] = json.loads(request.data)["content"]
            return Response(json.dumps({"id": message_id, "channel_id": "7"}), 200, content_type="application/json")
        del messages[f"d{message_id}"]
        return Response("", 204)

    httpserver.expect_request("/botTOKEN-1/sendMessage").respond_with_handler(telegram)
    httpserver.expect_request("/botTOKEN-1/editMessageText").respond_with_handler(telegram)
    httpserver.expect_request("/botTOKEN-1/deleteMessage").respond_with_handler(telegram)
    httpserver.expect_request("/webhooks/1/abc", method="POST").respond_with_handler(discord)
    for message in range(100, 200):
        httpserver.expect_request(f"/webhooks/1/abc/messages/{message}").respond_with_handler(discord)
    httpserver.expect_request("/slack").respond_with_data("ok")
    base = httpserver.url_for("").rstrip("/")
    site = make_syndication_site(
        chat_targets(base),
        env={"SMO_T_TELEGRAM": "TOKEN-1", "SMO_T_DISCORD": f"{base}/webhooks/1/abc", "SMO_T_SLACK": f"{base}/slack"},
    )
    assert {o.status for o in site.run()[0]} == {"posted"}
    change_site(site)
    calls.clear()

    synced, _ = site.run(sync=True)

    assert sorted((o.entry_id, o.target, o.status) for o in synced) == [
        ("/summer-fizz/", "discord", "edited"),
        ("/summer-fizz/", "slack", "not editable"),
        ("/summer-fizz/", "telegram", "edited"),
        ("/zero-cola/", "discord", "retracted"),
        ("/zero-cola/", "slack", "not deletable"),
        ("/zero-cola/", "telegram", "retracted"),
    ]
    assert sorted(calls) == [
        ("discord", "DELETE"),
        ("discord", "PATCH"),
        ("telegram", "deleteMessage"),
        ("telegram", "editMessageText"),
    ]
    assert sorted(text.split("\n")[0] for text in messages.values()) == [CHANGED, CHANGED]
    calls.clear()
    again, _ = site.run(sync=True)
    assert calls == [], "a second --sync sends nothing"
    assert {o.status for o in again} == {"in sync", "not editable", "not deletable"}


LONG_PAGE = {
    "content/story.md": '---\ntitle: The long story\ndate: 2026-05-01\ntags: [summer drinks]\nmessage: "'
    + " ".join(f"Part of the story number {n}, told slowly, with lemons 🍋 and ice." for n in range(20))
    + '"\n---\nLong.\n',
}


def test_mastodon_thread_is_posted_once_as_replies_even_when_an_answer_is_lost(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy]
) -> None:
    from tests.syndicate.test_mastodon import TOKEN_ENV, mastodon_targets

    proxy = proxy_to(mastodon_url)
    site = make_syndication_site(
        mastodon_targets(proxy.url, "thread = true\nmax_characters = 300"),
        env={TOKEN_ENV: "mock_token"},
        pages=LONG_PAGE,
    )
    # The first part goes through; the second lands but its answer is lost: the run finds it and goes on.
    proxy.faults += [Fault("/api/v1/statuses", "pass", method="POST"), Fault("/api/v1/statuses", "drop", method="POST")]

    [outcome], _ = site.run()

    assert outcome.status == "posted", outcome
    record = load_ledger(site.ledger_path).records["/story/"]["mastodon-eu"]
    assert len(record.thread) == len(outcome.post.parts) + 1 >= 3  # type: ignore[union-attr]
    headers = {"Authorization": "Bearer mock_token"}
    statuses = [httpx.get(f"{mastodon_url}/api/v1/statuses/{i}", headers=headers).json() for i in record.thread]
    assert "utm_source=mastodon" in statuses[0]["content"] and "#SummerDrinks" in statuses[0]["content"]
    assert [s["in_reply_to_id"] for s in statuses] == [None, *record.thread[:-1]]
    context = httpx.get(f"{mastodon_url}/api/v1/statuses/{record.thread[0]}/context", headers=headers).json()
    assert len(context["descendants"]) == len(record.thread) - 1, "no part was posted twice"
    seen = len(proxy.seen)
    assert [o.status for o in site.run()[0]] == ["already posted"]
    assert sent_since(proxy, seen) == []


@pytest.mark.pds
def test_bluesky_thread_replies_to_its_root_and_a_retry_makes_no_part_twice(
    make_syndication_site: MakeSyndicationSite, bsky_account: PdsAccount, proxy_to: type[FaultProxy]
) -> None:
    proxy = proxy_to(bsky_account.url)
    targets = f"""
[targets.bsky]
network = "bluesky"
service = "{proxy.url}"
handle = "{bsky_account.handle}"
credential = "SMO_TEST_BSKY_PASSWORD"
thread = true
"""
    site = make_syndication_site(targets, env={"SMO_TEST_BSKY_PASSWORD": bsky_account.password}, pages=LONG_PAGE)
    proxy.faults += [Fault("createRecord", "pass"), Fault("createRecord", "drop")]

    [outcome], _ = site.run()

    assert outcome.status == "posted", outcome
    record = load_ledger(site.ledger_path).records["/story/"]["bsky"]
    posts = {p["uri"]: p["value"] for p in list_posts(bsky_account)}
    assert sorted(posts) == sorted(record.thread), "every part exactly once"
    root = posts[record.thread[0]]
    assert "embed" in root and all(len(p["text"]) <= 300 for p in posts.values())
    for parent, child in zip(record.thread, record.thread[1:], strict=False):
        assert posts[child]["reply"]["parent"]["uri"] == parent
        assert posts[child]["reply"]["root"]["uri"] == record.thread[0]
    seen = len(proxy.seen)
    assert [o.status for o in site.run()[0]] == ["already posted"]
    assert [p for _, p in sent_since(proxy, seen)] == []


def test_x_facebook_reddit_and_linkedin_delete_a_removed_pages_post_by_their_documented_calls(
    make_syndication_site: MakeSyndicationSite, httpserver: object
) -> None:
    from pytest_httpserver import HTTPServer

    from tests.syndicate.test_networks import TOKEN, targets_for

    assert isinstance(httpserver, HTTPServer)
    site = make_syndication_site(
        targets_for(httpserver),
        env={f"SMO_T_{n}": TOKEN for n in ("LINKEDIN", "X", "FACEBOOK", "REDDIT", "THREADS", "TELEGRAM")},
    )
    posted = {"x": "1790", "facebook": "123_456", "reddit": "t3_abc", "linkedin": "urn:li:share:77"}
    write_posted(site, "/gone/", posted)
    httpserver.expect_request("/2/tweets/1790", method="DELETE").respond_with_json({"data": {"deleted": True}})
    httpserver.expect_request("/v21.0/123_456", method="DELETE").respond_with_json({"success": True})
    httpserver.expect_request("/api/del", method="POST", data="id=t3_abc").respond_with_json({})
    httpserver.expect_request("/rest/posts/urn:li:share:77", method="DELETE").respond_with_data("", 204)

    outcomes, _ = site.run(sync=True, pages=("/gone/",))

    assert sorted((o.target, o.status) for o in outcomes) == [
        ("facebook", "retracted"),
        ("linkedin", "retracted"),
        ("reddit", "retracted"),
        ("x", "retracted"),
    ]
    httpserver.check_assertions()
    assert len(httpserver.log) == 4
    records = load_ledger(site.ledger_path).records["/gone/"]
    assert {record.state for record in records.values()} == {"retracted"}


def test_the_sync_dry_run_says_what_it_would_do_and_why(make_syndication_site: MakeSyndicationSite) -> None:
    site = make_syndication_site(chat_targets("http://127.0.0.1:9"), env={})
    write_posted(site, "/gone/", {"discord": "5", "slack": None})
    before = site.ledger_path.read_bytes()

    result = run_on_site("syndicate", str(site.root), "--sync", "--target", "discord", "--target", "slack")

    assert result.exit_code == 0, result.output
    assert "/gone/ → discord: would retract (its page is removed from the site: delete it)" in result.output
    assert "/gone/ → slack: not deletable (its page is removed from the site, but Slack offers no way" in result.output
    assert "Dry run: nothing was edited or deleted. Do it with --sync --publish." in result.output
    assert site.ledger_path.read_bytes() == before
    refused = run_on_site("syndicate", str(site.root), "--sync", "--populate")
    assert refused.exit_code != 0 and "--sync goes alone" in refused.output


def test_mastodon_edit_whose_answer_is_lost_is_checked_not_repeated(
    make_syndication_site: MakeSyndicationSite, mastodon_url: str, proxy_to: type[FaultProxy]
) -> None:
    proxy = proxy_to(mastodon_url)
    site = mastodon_site(make_syndication_site, proxy.url)
    site.run(pages=("/summer-fizz/",))
    summer_id = read_json(site.ledger_path)["posts"]["/summer-fizz/"]["mastodon-eu"]["remote_id"]
    change_site(site)
    proxy.faults.append(Fault(f"/api/v1/statuses/{summer_id}", "drop", method="PUT"))  # edited, answer lost

    synced, _ = site.run(sync=True)

    assert [(o.entry_id, o.status) for o in synced] == [("/summer-fizz/", "edited")]
    assert len(httpx.get(f"{mastodon_url}/api/v1/statuses/{summer_id}/history").json()) == 2, "one edit, not two"
    assert [m for m, p, _ in proxy.seen if p.endswith(f"/{summer_id}/source")] == ["GET"]
