"""After posting, the next build shows where each page was shared, marked up as u-syndication."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.sites import BASE_URL, build, write_site

PAGE = "---\ntitle: Offer\ndate: 2026-05-01\n---\nBody.\n"


def ledger(posts: dict[str, dict[str, dict[str, object]]]) -> str:
    return json.dumps({"schema": 1, "site": BASE_URL, "posts": posts})


def test_posted_pages_link_to_their_posts(tmp_path: Path) -> None:
    posts = {
        "/offer/": {
            "mastodon-uk": {
                "state": "posted",
                "network": "mastodon",
                "at": "2026-05-01T10:00:00Z",
                "remote_id": "1101",
                "url": "https://mastodon.example/@shop/1101",
            },
            "bluesky": {"state": "failed", "network": "bluesky", "at": "2026-05-01T10:00:00Z", "error": "boom"},
        }
    }
    site = write_site(tmp_path, {"content/offer.md": PAGE, "syndication.json": ledger(posts)})
    build(site)
    html = (site / "public" / "offer" / "index.html").read_text()
    assert '<a class="u-syndication" href="https://mastodon.example/@shop/1101">Mastodon</a>' in html
    assert "bluesky" not in html.lower().split("also on")[1][:200], "a failed post is not a place to reply"


def test_a_new_post_rerenders_the_page(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/offer.md": PAGE})
    build(site)
    assert "u-syndication" not in (site / "public" / "offer" / "index.html").read_text()
    posted = {
        "state": "posted",
        "network": "mastodon",
        "at": "2026-05-01T10:00:00Z",
        "remote_id": "7",
        "url": "https://m.example/7",
    }
    write_site(site, {"syndication.json": ledger({"/offer/": {"m": posted}})}, site_toml=None)
    summary, _ = build(site)
    assert "https://m.example/7" in (site / "public" / "offer" / "index.html").read_text()
    assert summary.rendered >= 1


def test_a_damaged_ledger_is_a_warning_and_the_pages_build_without_links(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/offer.md": PAGE, "syndication.json": "{not json"})
    _, reporter = build(site)
    [warning] = reporter.problems
    assert warning.severity == "warning" and "syndication.json" in str(warning) and "not valid JSON" in str(warning)
    assert "u-syndication" not in (site / "public" / "offer" / "index.html").read_text()


def test_an_address_that_is_not_http_is_never_linked(tmp_path: Path) -> None:
    posted = {
        "state": "posted",
        "network": "mastodon",
        "at": "2026-05-01T10:00:00Z",
        "remote_id": "7",
        "url": "javascript:alert(document.cookie)",
    }
    site = write_site(tmp_path, {"content/offer.md": PAGE, "syndication.json": ledger({"/offer/": {"m": posted}})})
    _, reporter = build(site)
    assert "javascript" not in (site / "public" / "offer" / "index.html").read_text()
    assert ["posts./offer/.m: 'url' is not an http(s) address" in str(p) for p in reporter.problems] == [True]
