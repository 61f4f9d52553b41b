"""`smo-gen serve`: a local preview that rebuilds and reloads as you edit.

server.py   LiveServer: the serve build, the HTTP server, the watcher, start/stop
handler.py  the HTTP requests: files, 404s, the event stream, /_smo/
paths.py    request path -> file inside the served folder (no traversal, no listings)
watcher.py  watchdog events -> debounced ChangeSet
rebuild.py  LiveBuild: one build at a time, its outcome published as events
events.py   EventHub: Server-Sent Events to every open tab
reload.py   the reload script and its injection into served HTML
overlay.py  a failed build's problems as an overlay, escaped
preview.py  /_smo/: each page's share as X, Facebook, LinkedIn, Mastodon and Bluesky show it
"""

from __future__ import annotations

import signal
import threading
import webbrowser
from collections.abc import Callable
from types import FrameType

from smo_gen.reporter import ShowProgress
from smo_gen.serve.server import LiveServer, ServeOptions

__all__ = ["LiveServer", "ServeOptions", "serve_until_stopped"]


def serve_until_stopped(
    options: ServeOptions,
    echo: Callable[[str], None],
    open_browser: bool = False,
    show_progress: ShowProgress | None = None,
) -> None:
    """Serve until Ctrl-C (SIGINT) or SIGTERM, then stop everything cleanly.

    `show_progress(stage, done, total)` hears each build's long stages (the terminal's line)."""
    live = LiveServer(options, echo, show_progress)
    stopping = threading.Event()

    def on_terminate(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous = signal.signal(signal.SIGTERM, on_terminate)
    try:
        url = live.start()
        echo(f"Serving {live.site_dir} at {url}")
        echo(f"Social previews: {url}_smo/  ·  built into {live.output_dir}  ·  Ctrl-C to stop")
        if open_browser:
            webbrowser.open(url)
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        live.stop()
        signal.signal(signal.SIGTERM, previous)
    echo("Stopped.")
