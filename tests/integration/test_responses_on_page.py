"""Replies brought back by `smo-gen feedback` appear on the page, harmless, after the next build."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.sites import build, write_site
from tests.support.validators import html_files, validate_html

PAGE = "---\ntitle: Offer\ndate: 2026-05-01\n---\nBody.\n"


def feedback(content: str) -> str:
    reply = {
        "author": {
            "name": "Ana <b>Lima</b>",
            "handle": "@ana@mastodon.example",
            "url": "https://mastodon.example/@ana",
        },
        "content": content,
        "format": "html",
        "created_at": "2026-05-02T08:00:00Z",
        "url": "https://mastodon.example/@ana/2",
    }
    post = {
        "network": "mastodon",
        "remote_id": "1",
        "url": "https://mastodon.example/@shop/1",
        "counts": {"likes": 4, "replies": 1, "reposts": 2},
        "updated": "2026-05-02T09:00:00Z",
        "replies": {"2": reply},
    }
    return json.dumps({"schema": 1, "hidden": [], "posts": {"/offer/": {"mastodon-uk": post}}})


def test_replies_render_sanitised_on_the_landing_page(tmp_path: Path) -> None:
    hostile = (
        '<p>Love it! <script>alert(1)</script><a href="javascript:alert(2)">click</a> <img src=x onerror=alert(3)></p>'
    )
    site = write_site(tmp_path, {"content/offer.md": PAGE, "feedback.json": feedback(hostile)})
    build(site)
    html = (site / "public" / "offer" / "index.html").read_text()
    assert "Love it!" in html and "u-comment" in html
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html
    assert "Ana &lt;b&gt;Lima&lt;/b&gt;" in html or "Ana Lima" in html
    errors = validate_html(html_files(site / "public"))
    assert not errors, "\n".join(map(str, errors))


def test_new_feedback_rerenders_only_that_page(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/offer.md": PAGE, "content/other.md": PAGE.replace("Offer", "Other")})
    build(site)
    write_site(site, {"feedback.json": feedback("<p>Great</p>")}, site_toml=None)
    summary, _ = build(site)
    assert "Great" in (site / "public" / "offer" / "index.html").read_text()
    assert summary.rendered == 1
