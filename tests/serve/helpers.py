"""A small site, a live server on 127.0.0.1 port 0, and a reader of its event stream."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from smo_gen.serve import LiveServer, ServeOptions
from tests.support.sites import png_bytes, write_site

FIXED_EPOCH = "1793534400"  # 2026-11-01T12:00:00Z: every page below is published

SPRING_SALE = """\
---
title: Spring sale
description: Everything half price until Sunday.
date: 2026-05-01
tags: [sales]
---
The spring sale is on.
"""

PAGES: dict[str, str | bytes] = {
    "content/spring-sale.md": SPRING_SALE,
    "content/about.md": "---\ntitle: About us\ndate: 2026-04-01\n---\nWho we are.\n",
    "templates/page.html": (
        '{% extends "base.html" %}{% block content %}<h1 id="title">{{ page.title }}</h1>'
        '<div id="body">{{ page.body_html | safe }}</div>{% endblock %}'
    ),
    # Overrides the theme's stylesheet, which every page links.
    "static/css/smo.css": "h1 { color: rgb(0, 0, 255); }\n",
    "static/fonts/brand.woff2": b"wOF2fake",
    "static/images/photo.jpg": png_bytes(40, 20, kind="JPEG"),
    "static/images/photo.webp": png_bytes(40, 20, kind="WEBP"),
    "static/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
    "static/js/app.js": "console.log('hi');\n",
}


def write_serve_site(root: Path) -> Path:
    return write_site(root, PAGES)


@contextmanager
def running(site_dir: Path, delay: float = 0.1) -> Iterator[tuple[LiveServer, list[str]]]:
    """A live server for `site_dir` on a free port, stopped afterwards; yields it and its messages."""
    messages: list[str] = []
    live = LiveServer(ServeOptions(site_dir=site_dir, port=0, delay=delay, workers=1), messages.append)
    live.start()
    try:
        yield live, messages
    finally:
        live.stop()


def poll_until(check: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """True as soon as `check()` is; False when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def fetch(live: LiveServer, target: str, method: str = "GET") -> Response:
    """Send `target` exactly as given (no normalising), as a browser or a scanner would."""
    connection = http.client.HTTPConnection("127.0.0.1", live.port, timeout=10)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


class EventStream:
    """Reads the server's Server-Sent Events, with a bounded wait for each one."""

    def __init__(self, live: LiveServer) -> None:
        self.sock = socket.create_connection(("127.0.0.1", live.port), timeout=10)
        request = f"GET /_smo/events HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\nAccept: text/event-stream\r\n\r\n"
        self.sock.sendall(request.encode())
        self.stream = self.sock.makefile("rb")
        status = self.stream.readline()
        assert status.split()[1] == b"200", status
        headers = []
        while (line := self.stream.readline()) not in (b"\r\n", b"\n", b""):
            headers.append(line.decode("latin-1").lower())
        assert any(h.startswith("content-type: text/event-stream") for h in headers), headers
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def close(self) -> None:
        self.stream.close()
        self.sock.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def next_event(self, timeout: float) -> tuple[str, dict[str, Any]]:
        self.sock.settimeout(timeout)
        name, data = "message", ""
        while True:
            line = self.stream.readline().decode("utf-8")
            if line == "":
                raise ConnectionError("the event stream ended")
            line = line.rstrip("\n")
            if line == "":
                if data:
                    event = (name, json.loads(data))
                    self.seen.append(event)
                    return event
                name, data = "message", ""
            elif line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data += line[6:]

    def wait_for(self, name: str, timeout: float = 10.0) -> dict[str, Any]:
        """The next event called `name`; fails naming every event seen when none comes in time."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                event_name, data = self.next_event(remaining)
            except TimeoutError:
                break
            if event_name == name:
                return data
        raise AssertionError(f"no '{name}' event within {timeout}s; saw {[n for n, _ in self.seen]}")
