"""`smo-gen serve --drafts` shows drafts as what they are: a banner, and noindex."""

from __future__ import annotations

from pathlib import Path

from smo_gen.serve import LiveServer, ServeOptions
from tests.serve.helpers import fetch
from tests.support.sites import write_site

PAGES: dict[str, str | bytes] = {
    "content/secret.md": "---\ntitle: Secret launch\ndate: 2026-05-02\ndraft: true\n---\nSoon.\n",
    "content/open.md": "---\ntitle: Open day\ndate: 2026-05-01\n---\nCome in.\n",
}


def test_serve_with_drafts_marks_the_draft_and_only_the_draft(tmp_path: Path) -> None:
    site_dir = write_site(tmp_path / "site", PAGES)
    live = LiveServer(ServeOptions(site_dir=site_dir, port=0, drafts=True, workers=1), lambda message: None)
    live.start()
    try:
        draft, published = fetch(live, "/secret/").text, fetch(live, "/open/").text
    finally:
        live.stop()
    assert "<strong>Draft</strong>: this page is not published yet." in draft
    assert '<meta name="robots" content="noindex">' in draft
    assert "preview-banner" not in published and "noindex" not in published
