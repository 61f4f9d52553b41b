"""`smo-gen serve` answers only to its own address: a foreign Host (DNS rebinding) gets 421."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from smo_gen.serve import LiveServer
from smo_gen.serve.hosts import is_served_host, split_host
from tests.serve.helpers import write_serve_site


def raw_request(live: LiveServer, head: str) -> tuple[int, bytes, bytes]:
    """Send `head` (request line and headers) as is; the status, the header block and the body."""
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as sock:
        sock.sendall(head.encode("latin-1") + b"Connection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    headers, _, body = data.partition(b"\r\n\r\n")
    return int(headers.split()[1]), headers, body


@pytest.mark.parametrize(
    "target", ["/", "/drafts/secret/", "/_smo/", "/_smo/report/", "/_smo/events", "/feed.xml", "/missing/"]
)
@pytest.mark.parametrize(
    "host",
    ["attacker.example:{port}", "attacker.example", "localhost.attacker.example:{port}", "127.0.0.1.nip.io:{port}"],
)
def test_a_foreign_host_gets_421_and_nothing_of_the_site(shared: LiveServer, target: str, host: str) -> None:
    status, headers, body = raw_request(shared, f"GET {target} HTTP/1.1\r\nHost: {host.format(port=shared.port)}\r\n")
    assert status == 421, (target, host, headers)
    assert body.startswith(b"421 Misdirected Request"), body[:200]
    assert b"<" not in body  # plain text: no page, no report, no event
    assert b"access-control" not in headers.lower()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"])
def test_the_served_address_is_answered(shared: LiveServer, host: str) -> None:
    status, _, body = raw_request(shared, f"GET / HTTP/1.1\r\nHost: {host.format(port=shared.port)}\r\n")
    assert status == 200
    assert b"<html" in body


@pytest.mark.parametrize(
    "head",
    [
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\n",  # the right name, another port (another rebinding)
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # port 80 implied
        "GET / HTTP/1.0\r\n",  # no Host at all
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: attacker.example:{port}\r\n",  # two
        "HEAD / HTTP/1.1\r\nHost: attacker.example:{port}\r\n",
    ],
)
def test_missing_doubled_or_wrong_port_hosts_are_refused(shared: LiveServer, head: str) -> None:
    status, _, _ = raw_request(shared, head.format(port=shared.port))
    assert status == 421


def test_only_get_and_head_are_answered_still(shared: LiveServer) -> None:
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        status, headers, _ = raw_request(
            shared, f"{method} / HTTP/1.1\r\nHost: 127.0.0.1:{shared.port}\r\nContent-Length: 0\r\n"
        )
        assert status == 501, method
        assert b"access-control" not in headers.lower()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("localhost:8000", ("localhost", 8000)),
        ("LocalHost", ("localhost", 80)),
        ("[::1]:8000", ("[::1]", 8000)),
        ("[::1]", ("[::1]", 80)),
        ("127.0.0.1:", None),
        ("127.0.0.1:80a", None),
        ("[::1", None),
        ("[::1]x", None),
        (":8000", None),
        ("a:99999", None),
        ("a:٣", None),  # a digit, but not an ASCII one
    ],
)
def test_split_host(header: str, expected: tuple[str, int] | None) -> None:
    assert split_host(header) == expected


@pytest.mark.parametrize(
    ("header", "served", "answered"),
    [
        ("shop.lan:8000", "shop.lan", True),  # --host given by name
        ("SHOP.LAN:8000", "shop.lan", True),
        ("other.lan:8000", "shop.lan", False),
        ("192.168.1.5:8000", "0.0.0.0", True),  # every interface: any IP address, which cannot be rebound
        ("[fe80::1]:8000", "::", True),
        ("evil.example:8000", "0.0.0.0", False),
        ("192.168.1.5:8000", "127.0.0.1", False),
        ("[::1]:8000", "::1", True),
        ("localhost:8000", "192.168.1.5", True),
    ],
)
def test_is_served_host(header: str, served: str, answered: bool) -> None:
    assert is_served_host([header], served, 8000) is answered


def test_the_served_url_is_answered_on_ipv6_loopback(tmp_path: Path) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    from smo_gen.serve import ServeOptions

    live = LiveServer(ServeOptions(site_dir=write_serve_site(tmp_path / "site"), host="::1", port=0, workers=1))
    try:
        live.start()
    except Exception as exc:  # noqa: BLE001 - an IPv6-less container cannot bind ::1
        pytest.skip(f"cannot listen on ::1: {exc}")
    try:
        with socket.create_connection(("::1", live.port), timeout=10) as sock:
            sock.sendall(f"GET / HTTP/1.1\r\nHost: [::1]:{live.port}\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        assert data.split()[1] == b"200"
    finally:
        live.stop()
