"""WebSub: feeds name their hubs; `smo-gen ping` notifies a real local hub of changed feeds only."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import feedparser
import pytest

from smo_gen.syndicate import websub
from tests.support.cli import run_on_site
from tests.support.sites import SITE_TOML, build, write_site


class Hub:
    """A WebSub hub on 127.0.0.1 that records publish notices; it can be told to fail."""

    def __init__(self) -> None:
        self.notices: list[dict[str, list[str]]] = []
        self.webhook_posts: list[bytes] = []  # JSON bodies, when it also plays a webhook target
        self.failures: list[int] = []  # statuses to answer before succeeding
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    hub.webhook_posts.append(body)
                    self.send_response(204)
                    self.end_headers()
                    return
                form = parse_qs(body.decode())
                if hub.failures:
                    status = hub.failures.pop(0)
                    self.send_response(status)
                    if status == 429:
                        self.send_header("Retry-After", "0")
                    self.end_headers()
                    return
                if form.get("hub.mode") != ["publish"] or not form.get("hub.url"):
                    self.send_response(400)
                    self.end_headers()
                    return
                hub.notices.append(form)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def urls(self) -> list[str]:
        return sorted(notice["hub.url"][0] for notice in self.notices)


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(websub, "RETRY_BASE_DELAY", 0.01)


@pytest.fixture
def hub() -> Iterator[Hub]:
    running = Hub()
    yield running
    running.server.shutdown()


def write_websub_site(tmp_path: Path, hub_url: str) -> Path:
    toml = SITE_TOML + f'\n[websub]\nhubs = ["{hub_url}"]\n\n[cards]\nenabled = false\n'
    page = "---\ntitle: Post {n}\ndate: 2026-05-0{n}\ntags: [news]\n---\nBody {n}.\n"
    return write_site(tmp_path, {f"content/p{n}.md": page.format(n=n) for n in (1, 2)}, toml)


def test_every_feed_names_the_hub_and_itself(tmp_path: Path, hub: Hub) -> None:
    site = write_websub_site(tmp_path, hub.url)
    build(site)
    public = site / "public"
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((public / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        links = {(link["rel"], link["href"]) for link in feed.feed.links}
        assert ("hub", hub.url) in links and ("self", f"https://shop.example/{name}") in links, links
    assert json.loads((public / "feed.json").read_text())["hubs"] == [{"type": "WebSub", "url": hub.url}]


def test_ping_sends_one_notice_per_changed_feed(tmp_path: Path, hub: Hub) -> None:
    site = write_websub_site(tmp_path, hub.url)
    build(site)
    code, output = run_on_site("ping", site)
    assert code == 0, output
    expected = sorted(
        f"https://shop.example/{p}{n}" for p in ("", "tags/news/") for n in ("atom.xml", "feed.json", "feed.xml")
    )
    assert hub.urls == expected
    assert "6 notified, 0 unchanged, 0 failed" in output
    hub.notices.clear()
    code, output = run_on_site("ping", site)
    assert code == 0 and hub.urls == [], "nothing changed, so nothing is sent"
    write_site(
        site, {"content/p3.md": "---\ntitle: Post 3\ndate: 2026-05-03\n---\nOnly in the site feed.\n"}, site_toml=None
    )
    build(site)
    code, output = run_on_site("ping", site)
    assert hub.urls == sorted(f"https://shop.example/{n}" for n in ("atom.xml", "feed.json", "feed.xml"))


def test_a_failing_hub_is_retried_then_reported(tmp_path: Path, hub: Hub) -> None:
    site = write_websub_site(tmp_path, hub.url)
    build(site)
    hub.failures = [500, 429]
    code, output = run_on_site("ping", site)
    assert code == 0, output
    assert len(hub.notices) == 6, "after a 500 and a 429 the notice went through"
    hub.failures = [503] * 100
    write_site(site, {"content/p4.md": "---\ntitle: Post 4\ndate: 2026-05-04\n---\nNew.\n"}, site_toml=None)
    build(site)
    code, output = run_on_site("ping", site)
    assert code == 1
    assert "FAILED" in output and "503" in output
    hub.failures = []
    hub.notices.clear()
    code, output = run_on_site("ping", site)
    assert code == 0 and len(hub.notices) == 3, "the feeds that failed are announced on the next run"


def test_unreachable_hub_fails_clearly(tmp_path: Path) -> None:
    site = write_websub_site(tmp_path, "http://127.0.0.1:9/")
    build(site)
    code, output = run_on_site("ping", site)
    assert code == 1 and "could not reach the hub" in output and "Traceback" not in output


def test_bad_hub_url_is_a_config_error(tmp_path: Path) -> None:
    site = write_websub_site(tmp_path, "ftp://hub.example/")
    code, output = run_on_site("ping", site)
    assert code == 1 and "site.toml" in output and "websub.hubs" in output


def test_syndicate_publish_pings_the_hubs_after_posting(tmp_path: Path, hub: Hub) -> None:
    site = write_websub_site(tmp_path, hub.url)
    with (site / "site.toml").open("a", encoding="utf-8") as toml:
        # A generic webhook target; the hub server answers its POST with 204 as well.
        toml.write(f'\n[targets.hook]\nnetwork = "webhook"\nurl = "{hub.url}"\n')
    build(site)
    result = run_on_site("syndicate", str(site), "--publish")
    assert result.exit_code == 0, result.output
    assert len(hub.webhook_posts) == 2, "both pages were posted"
    assert "6 notified" in result.output, result.output
