"""No draft, scheduled or expired page is ever posted, whatever options the build was run with:
the manifest says when each page and variant is live, and `syndicate` checks that against now."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pytest_httpserver import HTTPServer

from smo_gen.syndicate.entries import parse_manifest
from tests.support.cli import run_on_site
from tests.support.sites import build
from tests.syndicate.conftest import MakeSyndicationSite

PAGES = {
    "content/live.md": "---\ntitle: Live now\ndate: 2026-05-01\n---\nOn sale.\n",
    # Scheduled by its date alone: the build leaves it out unless --future.
    "content/by-date.md": "---\ntitle: Next century\ndate: 2099-01-01\naudiences:\n  cold: {}\n---\nLater.\n",
    "content/by-publish-date.md": "---\ntitle: Embargoed\ndate: 2026-05-01\npublishDate: 2099-01-01\n---\nLater.\n",
    "content/expired.md": "---\ntitle: Gone\ndate: 2026-01-01\nexpiryDate: 2026-02-01\n---\nOver.\n",
    "content/draft.md": "---\ntitle: Draft\ndate: 2026-05-01\ndraft: true\n---\nNot yet.\n",
}

HOOK = """
[targets.hook]
network = "webhook"
url = "{url}"

[targets.hook-cold]
network = "webhook"
url = "{url}"
audiences = ["cold"]
"""


@pytest.mark.parametrize(
    "options",
    [{}, {"future": True}, {"drafts": True}, {"expired": True}, {"future": True, "drafts": True, "expired": True}],
)
def test_only_live_pages_are_posted_whatever_the_build_included(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer, options: dict[str, bool]
) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_json({"id": "h"})
    site = make_syndication_site(HOOK.format(url=httpserver.url_for("/hook")), pages=PAGES)
    build(site.root, **options)
    listed = {
        entry.id
        for entry in parse_manifest((site.root / "public" / "manifest.json").read_text(), site.root / "public").entries
    }
    assert len(listed) == 1 + sum(options.values()) + (1 if options.get("future") else 0), "the build did list them"

    dry, _ = site.run(mode="dry-run")
    published, _ = site.run()

    assert {(o.entry_id, o.target) for o in dry} == {("/live/", "hook"), ("/live/", "hook-cold")}
    assert {(o.entry_id, o.status) for o in published} == {("/live/", "posted")}
    posted = [json.loads(request.data)["page"]["id"] for request, _ in httpserver.log]
    assert posted == ["/live/", "/live/"]


def test_the_manifest_says_when_each_page_and_variant_is_live(make_syndication_site: MakeSyndicationSite) -> None:
    site = make_syndication_site('[targets.x]\nnetwork = "x"\ncredential = "X"\n', pages=PAGES)
    build(site.root, future=True, expired=True, drafts=True)
    manifest = json.loads((site.root / "public" / "manifest.json").read_text())
    pages = {page["id"]: page for page in manifest["pages"]}
    assert pages["/by-date/"]["live_from"].startswith("2099-01-01T00:00:00")
    assert pages["/by-date/"]["publish_date"] is None, "scheduled by its date, not by publishDate"
    assert pages["/by-date/"]["variants"][0]["live_from"] == pages["/by-date/"]["live_from"]
    assert pages["/by-publish-date/"]["live_from"].startswith("2099-01-01")
    assert pages["/expired/"]["live_until"].startswith("2026-02-01")
    assert pages["/draft/"]["draft"] is True


def test_a_page_is_posted_once_its_moment_has_come(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_json({"id": "h"})
    site = make_syndication_site(HOOK.format(url=httpserver.url_for("/hook")), pages=PAGES)
    build(site.root, future=True)

    later, _ = site.run(targets=("hook",), clock=lambda: dt.datetime(2099, 1, 2, tzinfo=dt.UTC))

    assert {(o.entry_id, o.status) for o in later} == {
        ("/live/", "posted"),
        ("/by-date/", "posted"),
        ("/by-publish-date/", "posted"),
    }


WINDOWED = {
    "content/first.md": "---\ntitle: First\ndate: 2026-05-01\n---\nOne.\n",
    "content/second.md": "---\ntitle: Second\ndate: 2026-05-02\n---\nTwo.\n",
    "content/windowed.md": (
        "---\ntitle: Windowed\ndate: 2026-05-01\nsyndicate_after: 2026-05-06T12:00:00Z\n"
        "syndicate_before: 2026-05-07T00:00:00Z\naudiences:\n  cold: {}\n---\nThree.\n"
    ),
}

SLOTTED = """
[targets.hook]
network = "webhook"
url = "{url}"
slots = ["09:00"]
timezone = "UTC"
"""


def test_posts_go_out_one_per_slot_and_only_in_their_windows(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_json({"id": "h"})
    site = make_syndication_site(SLOTTED.format(url=httpserver.url_for("/hook")), pages=WINDOWED)

    def run(moment: str) -> dict[str, str]:
        outcomes, _ = site.run(clock=lambda: dt.datetime.fromisoformat(moment))
        return {o.entry_id: o.status for o in outcomes}

    assert run("2026-05-05T08:59:00+00:00") == {"/first/": "waiting", "/second/": "waiting", "/windowed/": "waiting"}
    assert run("2026-05-05T09:05:00+00:00") == {"/first/": "posted", "/second/": "waiting", "/windowed/": "waiting"}
    assert run("2026-05-05T09:40:00+00:00")["/second/"] == "waiting", "one post per slot"
    assert run("2026-05-06T09:00:00+00:00")["/second/"] == "posted"
    assert run("2026-05-06T12:00:00+00:00")["/windowed/"] == "waiting", "its window opens after today's slot"
    assert run("2026-05-07T09:00:00+00:00")["/windowed/"] == "skipped", "its window closed before the next slot"
    posted = [json.loads(request.data)["page"]["id"] for request, _ in httpserver.log]
    assert posted == ["/first/", "/second/"]


def test_the_dry_run_says_when_each_post_becomes_due(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    site = make_syndication_site(SLOTTED.format(url=httpserver.url_for("/hook")), pages=WINDOWED)
    result = run_on_site("syndicate", str(site.root), "--now", "2026-05-05T09:05:00Z")

    assert result.exit_code == 0, result.output
    assert (
        "/second/ → hook: waiting (due 2026-05-06T09:00+00:00; not now: 1 older post goes to hook first, one per slot)"
        in result.output
    )
    assert "/windowed/ → hook: waiting (due 2026-05-07T09:00+00:00; not now: its posting window opens" in result.output
    assert "── /first/ → hook" in result.output
    bad = run_on_site("syndicate", str(site.root), "--now", "yesterday")
    assert bad.exit_code != 0 and "--now yesterday: not a moment" in bad.output
    assert httpserver.log == []


def test_front_matter_window_and_messages_reach_the_manifest_and_bad_ones_are_named(tmp_path: object) -> None:
    from pathlib import Path

    from smo_gen.errors import SmoError
    from tests.support.sites import write_site

    assert isinstance(tmp_path, Path)
    toml = 'title = "T"\nbase_url = "https://t.example/"\n[audiences.au]\ntimezone = "Australia/Sydney"\n'
    page = (
        "---\ntitle: Window\ndate: 2026-05-01\nsyndicate_after: 2026-05-02T09:00:00+10:00\n"
        "messages: {mastodon: On Mastodon, bluesky: On Bluesky}\n"
        "audiences:\n  au:\n    messages: {bluesky: G'day}\n---\nBody.\n"
    )
    write_site(tmp_path, {"content/window.md": page}, toml)
    _, reporter = build(tmp_path)
    [entry] = parse_manifest((tmp_path / "public" / "manifest.json").read_text(), tmp_path / "public").entries
    assert entry.syndicate_after == dt.datetime(2026, 5, 1, 23, tzinfo=dt.UTC)
    assert entry.messages == {"mastodon": "On Mastodon", "bluesky": "On Bluesky"}
    assert entry.variants[0].messages == {"mastodon": "On Mastodon", "bluesky": "G'day"}
    assert not [w for w in getattr(reporter, "warnings", []) if "syndicate_after" in str(w)]

    bad = "---\ntitle: Bad\nsyndicate_before: soon\nmessages: [one, two]\n---\n"
    write_site(tmp_path, {"content/bad.md": bad}, toml.replace("Australia/Sydney", "Mars/Base"))
    with pytest.raises(SmoError) as caught:
        build(tmp_path)
    text = str(caught.value)
    assert "content/bad.md:3: front matter: 'syndicate_before'" in text
    assert "'messages'" in text and "expected a table" in text
    assert "'Mars/Base' is not an IANA time zone" in text


def test_a_messages_key_that_names_no_network_or_target_is_warned_about(
    make_syndication_site: MakeSyndicationSite,
) -> None:
    page = "---\ntitle: Typo\ndate: 2026-05-01\nmessages: {mastdon: Hello, hook: Hi}\n---\nBody.\n"
    site = make_syndication_site(SLOTTED.format(url="http://127.0.0.1:9/hook"), pages={"content/typo.md": page})
    outcomes, reporter = site.run(mode="dry-run", clock=lambda: dt.datetime(2026, 5, 5, 9, tzinfo=dt.UTC))
    assert reporter.warnings == [
        ("/typo/: messages.mastdon names no network or target, so it is never used (did you mean 'mastodon'?)")
    ]
    assert [o.post.text.split("\n")[0] for o in outcomes if o.post] == ["Hi"]
