"""No draft, scheduled or expired page is ever posted, whatever options the build was run with:
the manifest says when each page and variant is live, and `syndicate` checks that against now."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pytest_httpserver import HTTPServer

from smo_gen.syndicate.entries import parse_manifest
from tests.support.sites import build

from .conftest import MakeSite

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


@pytest.mark.parametrize("options", [{}, {"future": True}, {"drafts": True}, {"expired": True},
                                     {"future": True, "drafts": True, "expired": True}])
def test_only_live_pages_are_posted_whatever_the_build_included(
    make_site: MakeSite, httpserver: HTTPServer, options: dict[str, bool]
) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_json({"id": "h"})
    site = make_site(HOOK.format(url=httpserver.url_for("/hook")), pages=PAGES)
    build(site.root, **options)
    listed = {entry.id for entry in parse_manifest(
        (site.root / "public" / "manifest.json").read_text(), site.root / "public").entries}
    assert len(listed) == 1 + sum(options.values()) + (1 if options.get("future") else 0), "the build did list them"

    dry, _ = site.run(mode="dry-run")
    published, _ = site.run()

    assert {(o.entry_id, o.target) for o in dry} == {("/live/", "hook"), ("/live/", "hook-cold")}
    assert {(o.entry_id, o.status) for o in published} == {("/live/", "posted")}
    posted = [json.loads(request.data)["page"]["id"] for request, _ in httpserver.log]
    assert posted == ["/live/", "/live/"]


def test_the_manifest_says_when_each_page_and_variant_is_live(make_site: MakeSite) -> None:
    site = make_site('[targets.x]\nnetwork = "x"\ncredential = "X"\n', pages=PAGES)
    build(site.root, future=True, expired=True, drafts=True)
    manifest = json.loads((site.root / "public" / "manifest.json").read_text())
    pages = {page["id"]: page for page in manifest["pages"]}
    assert pages["/by-date/"]["live_from"].startswith("2099-01-01T00:00:00")
    assert pages["/by-date/"]["publish_date"] is None, "scheduled by its date, not by publishDate"
    assert pages["/by-date/"]["variants"][0]["live_from"] == pages["/by-date/"]["live_from"]
    assert pages["/by-publish-date/"]["live_from"].startswith("2099-01-01")
    assert pages["/expired/"]["live_until"].startswith("2026-02-01")
    assert pages["/draft/"]["draft"] is True


def test_a_page_is_posted_once_its_moment_has_come(make_site: MakeSite, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_json({"id": "h"})
    site = make_site(HOOK.format(url=httpserver.url_for("/hook")), pages=PAGES)
    build(site.root, future=True)

    later, _ = site.run(targets=("hook",), clock=lambda: dt.datetime(2099, 1, 2, tzinfo=dt.UTC))

    assert {(o.entry_id, o.status) for o in later} == {
        ("/live/", "posted"), ("/by-date/", "posted"), ("/by-publish-date/", "posted")}
