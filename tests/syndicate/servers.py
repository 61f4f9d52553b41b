"""Real servers for the syndication tests, on 127.0.0.1: a Bluesky PDS, mastodon-mock, and a fault proxy.

A missing server program skips its tests with the reason locally and FAILS them under CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
PDS_DIR = REPO / "scripts" / "pds"


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up within {seconds}s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextmanager
def _serving(process: subprocess.Popen[bytes], url: str, health_path: str, seconds: float, what: str) -> Iterator[str]:
    """Yield `url` once GET `health_path` there answers 200; stop `process` at the end, however it ends."""
    try:
        wait_until(lambda: httpx.get(f"{url}{health_path}", timeout=2).status_code == 200, seconds, what)
        yield url
    finally:
        _stop(process)


@dataclass(frozen=True)
class PdsAccount:
    url: str  # the PDS, e.g. http://localhost:2583
    handle: str
    did: str
    password: str  # an app password, as a real user would give smo-gen


@contextmanager
def run_pds(data_dir: Path) -> Iterator[str]:
    """Start PLC + PDS (scripts/pds/start-pds.mjs); yield the PDS URL; stop both at the end."""
    node = shutil.which("node")
    if node is None or not (PDS_DIR / "node_modules" / "@atproto" / "pds").is_dir():
        skip_or_fail("Bluesky PDS unavailable: needs node and scripts/pds/node_modules; run `make tools`")
    assert node is not None
    plc_port, pds_port = free_port(), free_port()
    log = (data_dir.parent / "pds.log").open("wb")
    process = subprocess.Popen(
        [
            node,
            str(PDS_DIR / "start-pds.mjs"),
            "--plc-port",
            str(plc_port),
            "--pds-port",
            str(pds_port),
            "--data-dir",
            str(data_dir),
        ],
        cwd=PDS_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    with log, _serving(process, f"http://127.0.0.1:{pds_port}", "/xrpc/_health", 60, "the PDS") as url:
        yield url


def create_account(pds_url: str, handle: str) -> PdsAccount:
    password = "correct horse battery staple"
    created = httpx.post(
        f"{pds_url}/xrpc/com.atproto.server.createAccount",
        json={"handle": handle, "email": f"{handle}@example.test", "password": password},
        timeout=30,
    )
    created.raise_for_status()
    session = created.json()
    app_password = httpx.post(
        f"{pds_url}/xrpc/com.atproto.server.createAppPassword",
        json={"name": "smo-gen"},
        headers={"Authorization": f"Bearer {session['accessJwt']}"},
        timeout=30,
    )
    app_password.raise_for_status()
    return PdsAccount(pds_url, handle, session["did"], app_password.json()["password"])


def list_posts(account: PdsAccount) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{account.url}/xrpc/com.atproto.repo.listRecords",
        params={"repo": account.did, "collection": "app.bsky.feed.post", "limit": 100},
        timeout=30,
    )
    answer.raise_for_status()
    records: list[dict[str, Any]] = answer.json()["records"]
    return records


@contextmanager
def run_mastodon_mock() -> Iterator[str]:
    program = shutil.which("mastodon_mock") or str(Path(sys.executable).parent / "mastodon_mock")
    if not Path(program).exists():
        skip_or_fail("mastodon-mock unavailable: pip install -e '.[test]'")
    port = free_port()
    # The mock keeps uploads in a mkdtemp folder it never removes: give it a temporary folder of ours.
    scratch = tempfile.TemporaryDirectory(prefix="smo-mastodon-mock-")
    process = subprocess.Popen(
        [program, "serve", "--in-memory", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": scratch.name},
    )
    with scratch, _serving(process, f"http://127.0.0.1:{port}", "/api/v2/instance", 30, "mastodon-mock") as url:
        yield url


@dataclass
class Fault:
    """What the proxy does to the next request whose path contains `path`.

    kind: "drop" (forward, then close without answering), "hang" (forward, then never answer),
    "hang-before" (never forward, never answer), "status" (answer `status` without forwarding),
    "status-after" (forward, then answer `status`), "pass" (forward and answer: lets earlier requests by).
    `method`, when given, narrows it to requests of that method.
    """

    path: str
    kind: str
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b'{"error":"InternalServerError","message":"injected"}'
    method: str = ""


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 in front of `upstream` that injects faults from a queue."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.faults: list[Fault] = []
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self.forwarded: list[str] = []
        self.release = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.seen.append((self.command, self.path, dict(self.headers)))
                fault = proxy._take(self.command, self.path)
                if fault and fault.kind == "status":
                    return self._answer(fault.status, fault.headers, fault.body)
                if fault and fault.kind == "hang-before":
                    proxy.release.wait(60)
                    return self._close()
                status, headers, content = proxy._forward(self.command, self.path, dict(self.headers), body)
                if fault and fault.kind == "drop":
                    return self._close()
                if fault and fault.kind == "hang":
                    proxy.release.wait(60)
                    return self._close()
                if fault and fault.kind == "status-after":
                    return self._answer(fault.status, fault.headers, fault.body)
                return self._answer(status, headers, content)

            def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _close(self) -> None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _take(self, method: str, path: str) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.path in path and fault.method in ("", method):
                return self.faults.pop(index)
        return None

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        kept = {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length", "connection")}
        answer = httpx.request(method, self.upstream + path, headers=kept, content=body, timeout=30)
        self.forwarded.append(path)
        skip = ("content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive")
        return answer.status_code, {k: v for k, v in answer.headers.items() if k.lower() not in skip}, answer.content

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
