"""`smo-gen serve` over real HTTP on 127.0.0.1: types, safety, 404s and the injected script."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from smo_gen.errors import SmoError
from smo_gen.serve import LiveServer, ServeOptions
from smo_gen.serve.reload import reload_tag
from tests.serve.helpers import fetch, running

RELOAD_TAG = 'src="/_smo/reload.js"'


@pytest.mark.parametrize(
    ("target", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/spring-sale/", "text/html; charset=utf-8"),
        ("/css/smo.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/feed.json", "application/feed+json; charset=utf-8"),
        ("/tags/sales/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/manifest.json", "application/json; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/images/default.png", "image/png"),
        ("/images/photo.jpg", "image/jpeg"),
        ("/images/photo.webp", "image/webp"),
        ("/images/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/js/app.js", "text/javascript; charset=utf-8"),
        ("/fonts/brand.woff2", "font/woff2"),
        ("/_smo/reload.js", "text/javascript; charset=utf-8"),
    ],
)
def test_each_kind_of_file_gets_its_content_type(shared: LiveServer, target: str, content_type: str) -> None:
    response = fetch(shared, target)
    assert response.status == 200, f"{target}: {response.status} {response.text[:200]}"
    assert response.headers["content-type"] == content_type
    assert response.headers["x-content-type-options"] == "nosniff"
    assert int(response.headers["content-length"]) == len(response.body)


def test_head_answers_like_get_without_a_body(shared: LiveServer) -> None:
    response = fetch(shared, "/feed.xml", method="HEAD")
    assert response.status == 200 and response.body == b""
    assert int(response.headers["content-length"]) > 0


@pytest.mark.parametrize(
    "target",
    [
        "/../site.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/css/%2e%2e/%2e%2e/site.toml",
        "/%252e%252e/site.toml",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/..%2fsite.toml",
        "/..%5csite.toml",
        "/css\\..\\..\\site.toml",
        "/%5c..%5c..%5csite.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd%00.html",
        "/index.html%00",
        "/%c0%ae%c0%ae/site.toml",
        "/./../site.toml",
    ],
)
def test_no_request_reaches_a_file_outside_the_served_folder(shared: LiveServer, target: str) -> None:
    response = fetch(shared, target)
    assert response.status in (400, 404), f"{target} answered {response.status}"
    assert b"base_url" not in response.body and b"root:" not in response.body


def test_a_symlink_out_of_the_folder_is_not_followed(live: LiveServer, site_dir: Path) -> None:
    secret = site_dir.parent / "secret.txt"
    secret.write_text("top secret")
    os.symlink(secret, live.output_dir / "leak.txt")
    os.symlink(site_dir.parent, live.output_dir / "outside")
    assert fetch(live, "/leak.txt").status == 404
    assert fetch(live, "/outside/secret.txt").status == 404


def test_a_folder_without_index_is_not_listed(shared: LiveServer) -> None:
    response = fetch(shared, "/images/")
    assert response.status == 404
    assert b"photo.webp" not in response.body and b"logo.svg" not in response.body


def test_a_folder_without_its_slash_is_redirected(shared: LiveServer) -> None:
    response = fetch(shared, "/spring-sale?utm_source=x")
    assert response.status == 301
    assert response.headers["location"] == "/spring-sale/?utm_source=x"


def test_a_redirect_never_points_to_another_host(shared: LiveServer) -> None:
    response = fetch(shared, "//spring-sale")
    assert response.status == 301
    assert response.headers["location"] == "/spring-sale/"


def test_a_very_long_url_is_refused(shared: LiveServer) -> None:
    assert fetch(shared, "/" + "a" * 5000).status == 414


def test_a_missing_page_gets_the_sites_404_page_with_status_404(shared: LiveServer) -> None:
    response = fetch(shared, "/no-such-page/")
    assert response.status == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    on_disk = (shared.output_dir / "404.html").read_bytes()
    tag = reload_tag(shared.build.state.generation)
    assert tag in response.body
    assert response.body.replace(tag, b"") == on_disk


def test_the_reload_script_is_in_served_html_but_never_in_the_files(shared: LiveServer) -> None:
    for target in ("/", "/spring-sale/", "/tags/"):
        body = fetch(shared, target).text
        assert RELOAD_TAG in body, target
        assert body.rstrip().endswith("</html>"), "the script goes before </body>, not after the document"
        assert body.index(RELOAD_TAG) < body.rindex("</body>")
    for path in shared.output_dir.rglob("*"):
        if path.is_file():
            assert b"/_smo/" not in path.read_bytes(), f"{path} has the reload script written into it"
    assert RELOAD_TAG not in fetch(shared, "/feed.xml").text


def test_serve_builds_into_its_own_folder_with_local_urls(live: LiveServer, site_dir: Path) -> None:
    assert not (site_dir / "public").exists(), "serve must never write the deployable output folder"
    assert live.output_dir == (site_dir / ".smo-cache" / "serve").resolve()
    page = (live.output_dir / "spring-sale" / "index.html").read_text()
    assert f'<meta property="og:url" content="http://127.0.0.1:{live.port}/spring-sale/">' in page


def test_the_social_preview_lists_every_page_with_each_card_shape_at_the_production_address(shared: LiveServer) -> None:
    response = fetch(shared, "/_smo/")
    assert response.status == 200
    text = response.text
    assert "Spring sale" in text and "About us" in text
    # Networks that draw a link alike share one card: X and LinkedIn show no description.
    assert "<figcaption>X · LinkedIn</figcaption>" in text
    assert "<figcaption>Facebook · Mastodon · Bluesky</figcaption>" in text
    assert '<div class="domain">shop.example</div>' in text and '<div class="domain">127.0.0.1</div>' not in text
    assert '<a href="/spring-sale/">https://shop.example/spring-sale/</a>' in text
    assert RELOAD_TAG in text
    assert fetch(shared, "/_smo").headers.get("location") == "/_smo/"
    assert fetch(shared, "/_smo/nothing-here").status == 404


def test_a_port_in_use_is_a_clear_error(site_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = LiveServer(ServeOptions(site_dir=site_dir, port=port))
        with pytest.raises(SmoError) as caught:
            server.start()
    message = str(caught.value)
    assert f"port {port} on 127.0.0.1 is already in use" in message
    assert "--port 0" in message


def test_port_zero_picks_a_free_port(site_dir: Path) -> None:
    with running(site_dir) as (live, messages):
        assert live.port > 0
        assert live.url == f"http://127.0.0.1:{live.port}/"
        assert any(message.startswith("built") for message in messages)


def test_the_campaign_report_is_served_under_the_reserved_path(shared: LiveServer) -> None:
    response = fetch(shared, "/_smo/report/")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>Campaign report: Test Shop</title>" in response.text, response.text[:500]


def test_many_connections_at_once_do_not_stop_the_server(shared: LiveServer) -> None:
    """Idle sockets (a slow client sending nothing) and a burst of requests: it keeps answering."""
    import concurrent.futures

    idle = [socket.create_connection(("127.0.0.1", shared.port), timeout=5) for _ in range(40)]
    try:
        for sock in idle[:20]:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finishes its headers
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(lambda _: fetch(shared, "/").status, range(64)))
        assert statuses == [200] * 64
    finally:
        for sock in idle:
            sock.close()
    assert fetch(shared, "/feed.xml").status == 200
