"""The HTTP side of `smo-gen serve`: files from the serve build, the event stream, /_smo/.

HTML is sent with the reload script added; a missing file gets the site's 404.html with
status 404; everything under /_smo/ belongs to serve itself (events, the script, the
social preview). Connections are tracked so that stopping ends the long-lived ones.
"""

from __future__ import annotations

import queue
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

from smo_gen.serve.events import EventHub
from smo_gen.serve.hosts import is_served_host
from smo_gen.serve.overlay import render_overlay
from smo_gen.serve.paths import content_type_for, resolve_request
from smo_gen.serve.rebuild import LiveBuild
from smo_gen.serve.reload import (
    EVENTS_PATH,
    REPORT_PATH,
    SCRIPT_PATH,
    SERVE_PREFIX,
    inject_reload_script,
    reload_script,
)

KEEPALIVE_SECONDS = 15.0


class ServedSite(Protocol):
    """What the handler needs of the running server."""

    @property
    def output_dir(self) -> Path: ...

    @property
    def hub(self) -> EventHub: ...

    @property
    def build(self) -> LiveBuild: ...

    def preview_page(self) -> bytes: ...

    def report_page(self) -> bytes: ...


class SiteHTTPServer(ThreadingHTTPServer):
    """Tracks open connections, so stopping can end the long-lived ones (event streams, idle sockets)."""

    daemon_threads = False  # server_close() joins every request thread
    live: ServedSite

    def __init__(self, address: tuple[str, int], live: ServedSite) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.live = live
        self.served_host = address[0]  # as given (a name stays a name), for the Host check
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class RequestHandler(BaseHTTPRequestHandler):
    server: SiteHTTPServer
    server_version = "smo-gen"
    timeout = 30  # seconds a client may take to send its request

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds and problems, not every request

    def _answer(self, send_body: bool) -> None:
        live = self.server.live
        if not is_served_host(
            self.headers.get_all("Host") or [], self.server.served_host, self.server.server_address[1]
        ):
            self._send_misdirected(send_body)
            return
        path = self.path.split("?", 1)[0]
        if path == SERVE_PREFIX.rstrip("/"):
            self._send(301, b"", headers={"Location": SERVE_PREFIX})
        elif path.startswith(SERVE_PREFIX):
            self._answer_serve_path(path, send_body)
        else:
            resolved = resolve_request(live.output_dir, self.path)
            if resolved.status == 200 and resolved.file is not None:
                self._send_file(resolved.file, 200, send_body)
            elif resolved.status == 301 and resolved.location:
                self._send(301, b"", headers={"Location": resolved.location}, send_body=send_body)
            elif resolved.status == 404:
                self._send_not_found(send_body)
            else:
                self._send_plain(resolved.status, send_body)

    def _answer_serve_path(self, path: str, send_body: bool) -> None:
        live = self.server.live
        if path == EVENTS_PATH:
            self._stream_events()
        elif path == SCRIPT_PATH:
            self._send(200, reload_script(), "text/javascript; charset=utf-8", send_body=send_body)
        elif path in (SERVE_PREFIX, SERVE_PREFIX + "index.html"):
            self._send_html(200, live.preview_page(), send_body)
        elif path in (REPORT_PATH, REPORT_PATH + "index.html"):
            self._send_html(200, live.report_page(), send_body)
        else:
            self._send_not_found(send_body)

    def _send_file(self, file: Path, status: int, send_body: bool) -> None:
        try:
            data = file.read_bytes()
        except OSError:  # replaced or removed by a build between resolving and reading
            self._send_plain(404, send_body)
            return
        content_type = content_type_for(file, data[:1024])
        if content_type.startswith("text/html"):
            self._send_html(status, data, send_body)
        else:
            self._send(status, data, content_type, send_body=send_body)

    def _send_not_found(self, send_body: bool) -> None:
        page = self.server.live.output_dir / "404.html"
        if page.is_file():
            self._send_file(page, 404, send_body)
            return
        state = self.server.live.build.state
        body = "<h1>Not found</h1>"
        if state.failing and not state.good_builds:
            body = "<h1>The site has not built yet</h1>" + render_overlay(state.problems)
        html = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>smo-gen '
            f"serve</title></head><body>{body}</body></html>"
        )
        self._send_html(404, html.encode("utf-8"), send_body)

    def _send_html(self, status: int, data: bytes, send_body: bool) -> None:
        data = inject_reload_script(data, self.server.live.build.state.generation)
        self._send(status, data, "text/html; charset=utf-8", send_body=send_body)

    def _send_misdirected(self, send_body: bool) -> None:
        # Another name pointed at this machine (DNS rebinding): nothing of the site, not even its 404.
        body = b"421 Misdirected Request: this server answers only to its own address (see smo-gen serve --host)\n"
        self._send(421, body, send_body=send_body)
        self.close_connection = True

    def _send_plain(self, status: int, send_body: bool) -> None:
        phrase = HTTPStatus(status).phrase
        self._send(status, f"{status} {phrase}\n".encode(), "text/plain; charset=utf-8", send_body=send_body)

    def _send(
        self,
        status: int,
        data: bytes,
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
        send_body: bool = True,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body and data:
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def _stream_events(self) -> None:
        live = self.server.live
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        subscription = live.hub.subscribe()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            for event in live.build.greeting():
                self.wfile.write(event.encode())
            while True:
                try:
                    next_event = subscription.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": keepalive\n\n")
                    continue
                if next_event is None:
                    break
                self.wfile.write(next_event.encode())
        except OSError:
            pass  # the tab went away
        finally:
            live.hub.unsubscribe(subscription)
            self.close_connection = True
