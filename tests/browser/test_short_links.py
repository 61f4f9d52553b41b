"""In real Chromium, a short link (`/go/<code>/`) lands on its UTM-tagged page, with no script on the way."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.measure_site import write_measure_site
from tests.support.sites import build

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A built measuring site, served by a plain static file server on 127.0.0.1 (no redirect rules)."""
    root = tmp_path / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "public")))
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    write_measure_site(root)
    build(root, base_url=base_url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, base_url
    finally:
        server.shutdown()
        server.server_close()


def test_following_each_short_link_lands_on_its_tagged_page(page: Any, served: tuple[Path, str]) -> None:
    root, base_url = served
    links = json.loads((root / "public" / "manifest.json").read_text())["links"]["items"]
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())
    chosen = [link for link in links if link["network"] in ("x", "qr")]
    assert len(chosen) == 3 + 5
    for link in chosen:
        page.goto(link["short_url"])
        page.wait_for_url(link["target"], timeout=10_000)
        landed = urlsplit(page.url)
        assert landed.path == link["page"]
        query = parse_qs(landed.query)
        assert query["utm_source"] == [link["network"]] and query["utm_campaign"] == [link["campaign"]]
        if link["placement"]:
            assert query["utm_medium"] == ["qr"] and query["utm_content"] == [link["placement"]]
        assert page.locator("h1").first.inner_text(), "the landing page did not render"
