"""`smo-gen serve`: build the site into its own folder, serve it, rebuild and reload on change.

    LiveServer.start(): bind -> first build -> watcher thread + HTTP thread
    watcher --ChangeSet--> LiveBuild.rebuild --Event--> EventHub --SSE--> every open tab

The build goes to `<cache>/serve/` with the local address as its base URL, never into the
configured output folder, so local URLs cannot leak into a deployed site. The reload script
is added to HTML as it is sent, never written into a file.
"""

from __future__ import annotations

import errno
import html
import ipaddress
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from smo_gen.build.output_folder import SERVE_FOLDER
from smo_gen.build.request import BuildRequest
from smo_gen.config.site_config import SiteConfig, load_config
from smo_gen.errors import Problem, SmoError
from smo_gen.reporter import ShowProgress
from smo_gen.serve.events import EventHub
from smo_gen.serve.handler import SiteHTTPServer
from smo_gen.serve.rebuild import LiveBuild
from smo_gen.serve.watcher import SiteWatcher, make_watch_plan

LOOPBACK_NAMES = ("localhost",)


@dataclass(frozen=True)
class ServeOptions:
    """What the person asked `smo-gen serve` for."""

    site_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = False
    future: bool = False
    expired: bool = False
    delay: float = 0.15  # seconds of quiet before a burst of saves is rebuilt
    workers: int | None = None


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """The host part of the local address: the wildcard addresses are reached through loopback."""
    host = host.strip("[]")
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class LiveServer:
    """The serve build, its HTTP server and its watcher; start() and stop() them together."""

    def __init__(
        self,
        options: ServeOptions,
        echo: Callable[[str], None] | None = None,
        show_progress: ShowProgress | None = None,
    ) -> None:
        self.options = options
        self.echo = echo or (lambda message: None)
        self.show_progress = show_progress
        self.site_dir = options.site_dir.resolve()
        self.config = _try_load_config(self.site_dir)
        cache_dir = self.config.cache_dir if self.config else self.site_dir / ".smo-cache"
        self.output_dir = cache_dir / SERVE_FOLDER
        self.hub = EventHub()
        self._server: SiteHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._watcher: SiteWatcher | None = None
        self._build: LiveBuild | None = None
        self._preview: tuple[str, bytes] | None = None
        self._preview_lock = threading.Lock()

    @property
    def build(self) -> LiveBuild:
        assert self._build is not None, "start() first"
        return self._build

    @property
    def port(self) -> int:
        assert self._server is not None, "start() first"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{url_host(self.options.host)}:{self.port}/"

    def start(self) -> str:
        """Bind, build once, then serve and watch in the background; returns the site's URL."""
        self._server = self._bind()
        try:
            self._start_serving()
        except BaseException:
            self.stop()
            raise
        return self.url

    def _start_serving(self) -> None:
        assert self._server is not None
        if not is_loopback(self.options.host):
            self.echo(
                f"warning: serving on {self.options.host}: anyone who can reach this machine can read the site, "
                "drafts included. Use the default --host 127.0.0.1 to keep it to yourself."
            )
        options = self.options
        request = BuildRequest(
            site_dir=self.site_dir,
            drafts=options.drafts,
            future=options.future,
            expired=options.expired,
            output_dir=self.output_dir,
            base_url=self.url,
            workers=options.workers,
            link_copies=True,
            strict=False,  # a writer's preview shows every warning and never refuses to build
            force_output=True,  # its own folder in the cache, which nobody else writes into
        )
        self._build = LiveBuild(request, self.hub, self.echo, self.show_progress)
        self._build.rebuild()
        plan = make_watch_plan(self.site_dir, self.config, extra_ignored=(self.output_dir,))
        self._watcher = SiteWatcher(plan, self._build.rebuild, options.delay)
        self._watcher.start()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="smo-gen-http", kwargs={"poll_interval": 0.2}
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop watching, end every event stream and connection, and join the threads."""
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        self.hub.close()
        if self._server is not None:
            if self._thread is not None:
                self._server.shutdown()
                self._thread.join()
                self._thread = None
            self._server.drop_connections()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def report_page(self) -> bytes:
        """The campaign report from feedback.json, the ledger and the serve build's manifest."""
        from smo_gen.errors import SmoError
        from smo_gen.feedback.report import load_report
        from smo_gen.feedback.report_html import render_report_html

        try:
            return render_report_html(load_report(self.site_dir, output_dir=self.output_dir)).encode("utf-8")
        except SmoError as error:
            items = "".join(f"<li>{html.escape(str(problem))}</li>" for problem in error.problems)
            return f"<!DOCTYPE html><title>Report</title><h1>No report yet</h1><ul>{items}</ul>".encode()

    def preview_page(self) -> bytes:
        """The social preview, rendered once per build however often it is asked for."""
        from smo_gen.serve.preview import render_preview_page  # here: most requests never need Jinja for it

        state = self.build.state
        key = f"{state.generation}/{len(state.problems)}"
        with self._preview_lock:
            if self._preview is None or self._preview[0] != key:
                self._preview = (key, render_preview_page(self.output_dir, self.url, state.problems, self.site_dir))
            return self._preview[1]

    def _bind(self) -> SiteHTTPServer:
        host, port = self.options.host, self.options.port
        try:
            return SiteHTTPServer((host.strip("[]"), port), self)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SmoError(
                    Problem(
                        f"port {port} on {host} is already in use (another smo-gen serve?)",
                        hint="stop the other server, choose another --port, or use --port 0 for any free port",
                    )
                ) from None
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EACCES) or isinstance(exc, socket.gaierror):
                raise SmoError(Problem(f"cannot listen on {host}:{port}: {exc.strerror or exc}")) from None
            raise


def _try_load_config(site_dir: Path) -> SiteConfig | None:
    try:
        return load_config(site_dir)
    except SmoError:
        return None  # the first build reports it, and the server waits for a fix
