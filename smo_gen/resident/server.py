"""The build server: after a build that succeeded, the process forks and the child stays, listening
on the folder's socket. It runs the builds clients send it, in their folder, environment and umask,
printing to their terminal, until it has waited IDLE_SECONDS for one.

It never runs a build that has no cache yet: that one starts in a process of its own, as on CI.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import io
import os
import select
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from smo_gen.resident.address import lasting_environment, server_address, wanted
from smo_gen.resident.frames import FrameReader, send_frame
from smo_gen.workers import can_fork

if TYPE_CHECKING:  # imported when a server starts, not by every client
    from smo_gen.config.site_config import SiteConfig

IDLE_SECONDS = 15 * 60
CHECK_SECONDS = 60  # how often an idle server looks whether its socket is still its own
LONGEST_LOG = 1 << 20
NO_CACHE = "no cache yet: a first build runs in a process of its own"
COLLECT_AFTER_SECONDS = 0.5  # the pause after a build before collecting its garbage


def stay_resident(argv: Sequence[str], stamp: str) -> None:
    """Leave a build server behind for the next builds in this folder, if they may use one and
    none is listening yet. Call after a build that succeeded, with nothing left to write; returns
    in this process at once (the server is a forked child that outlives it)."""
    if not wanted(argv, os.environ) or not can_fork():
        return
    try:
        address = server_address(os.getcwd(), os.environ, stamp)
    except OSError:
        return
    listener = _listen(address) if address is not None else None
    if listener is None or address is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        child = os.fork()
    except OSError:
        listener.close()
        _remove(address)
        return
    if child:
        listener.close()
        return
    status = 1  # pragma: no cover - the child: the tests talk to it through its socket
    try:  # pragma: no cover
        _detach(listener)
        BuildServer(listener, address, stamp, _site_config(argv)).serve()
        status = 0
    finally:  # pragma: no cover - never back into the caller's code, nor its exit handlers
        os._exit(status)


def _listen(address: str) -> socket.socket | None:
    """A socket listening at `address`, replacing one left by a server that has stopped; None
    when a server answers there already (or the folder cannot hold one)."""
    try:
        os.makedirs(os.path.dirname(address), mode=0o700, exist_ok=True)
        _stop_other_servers(address)
    except OSError:
        return None
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            listener.bind(address)
        except OSError as error:
            if error.errno != errno.EADDRINUSE or _answers(address):
                raise
            _remove(address)
            listener.bind(address)
        listener.listen(8)
    except OSError:
        listener.close()
        return None
    return listener


def _answers(address: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(address)
        except OSError:
            return False
    return True


def _stop_other_servers(address: str) -> None:
    """Ask the servers for the same folder with another environment or code to stop: a changed
    smo-gen (a pull, an edit) or a changed environment leaves them idle for good."""
    folder = os.path.dirname(address)
    for name in os.listdir(folder):
        other = os.path.join(folder, name)
        if other == address or not name.endswith(".sock"):
            continue
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            try:
                connection.settimeout(1.0)
                connection.connect(other)
                send_frame(connection, {"stop": True})
                connection.recv(1)  # until the server closes the connection: it has read the request
            except OSError:
                _remove(other)  # no server behind it


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _detach(listener: socket.socket) -> None:  # pragma: no cover - runs in the server only
    """Leave the caller's session and its terminal, pipes and files: whoever waits for the build's
    output (a shell's `$(...)`, a CI step) sees it end when the build does."""
    os.setsid()
    nowhere = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(nowhere, descriptor)
    os.close(nowhere)
    # Descriptors the caller's parent passed down are inheritable; Python's own never are.
    for name in os.listdir("/proc/self/fd"):
        descriptor = int(name)
        if descriptor > 2 and descriptor != listener.fileno():
            with contextlib.suppress(OSError):
                if os.get_inheritable(descriptor):
                    os.close(descriptor)


class ClientStream(io.TextIOBase):
    """sys.stdout or sys.stderr while a build runs for a client: each write goes to the client,
    which prints it. It answers `isatty` and `encoding` as the client's own stream does, so
    progress lines and colours appear where they would."""

    def __init__(self, connection: socket.socket, key: str, description: Any) -> None:
        self.connection = connection
        self.key = key
        described = description if isinstance(description, dict) else {}
        self.terminal = bool(described.get("tty"))
        self._encoding = str(described.get("encoding") or "utf-8")
        self.gone = False  # the client went (killed): the build goes on, printing nowhere

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return self.terminal

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text and not self.gone:
            try:
                send_frame(self.connection, {self.key: text})
            except OSError:
                self.gone = True
        return len(text)


class BuildServer:
    """One folder's build server: answers clients one at a time until idle for IDLE_SECONDS."""

    def __init__(self, listener: socket.socket, address: str, stamp: str, config: SiteConfig | None = None) -> None:
        self.listener = listener
        self.config = config  # of the site last built, as built
        self.cache_dir = config.cache_dir if config else None  # of the site last built: read ahead between builds
        self.address = address
        self.stamp = stamp
        self.environment = lasting_environment(os.environ)  # what each client's must equal
        self.listening = os.stat(address).st_ino
        self.connection: socket.socket | None = None
        self.interrupted = False

    def serve(self) -> None:
        """Answer clients until idle too long, told to stop, or after a build that did not end well."""
        from smo_gen.build.caches.data import keep_cache_reads
        from smo_gen.dataclass_code import reused_dataclass_code
        from smo_gen.regex_code import reused_regex_code
        from smo_gen.side_process import start_side_process, stop_side_process

        os.register_at_fork(after_in_child=self._close_in_child)
        keep_cache_reads()
        start_side_process()  # takes the folder work builds would fork children for
        # Kept compiled code, active for the server's life: each build's own `with` finds it
        # active and reads nothing (3 ms a build), and what builds compile is kept at the end.
        self.log(f"serving builds in {os.getcwd()!r}, until idle for {IDLE_SECONDS} s")
        try:
            with reused_dataclass_code(), reused_regex_code():
                self._answer_until_idle()
        finally:
            stop_side_process()
        self.log("stopped")
        if self._socket_is_ours():
            _remove(self.address)
        self.listener.close()

    def _answer_until_idle(self) -> None:
        idle_until = time.monotonic() + IDLE_SECONDS
        garbage = False  # a build's cycles, not collected yet
        spare_wanted = True  # the cold build that started this server kept no spare tree
        keep_serving = True
        # Warmed up before the first build: clients that come meanwhile wait (~40 ms at 1,000
        # pages, ~0.3 s at 10,000). A build after an edit then reads none of the page cache.
        self.read_ahead(stop=lambda: False)
        self.log("ready: caches read")
        while keep_serving:
            paused = garbage or spare_wanted
            wait = COLLECT_AFTER_SECONDS if paused else min(CHECK_SECONDS, idle_until - time.monotonic())
            self.listener.settimeout(max(0.0, wait))
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                if garbage:
                    # Builds run with the collector off. Collecting (20 ms at 1,000 pages) waits
                    # for a pause, so a client that comes at once never waits for it.
                    gc.collect()
                    garbage = False
                elif spare_wanted:
                    # Made in a pause too: a client that comes meanwhile waits for it (~0.2 s at
                    # 1,000 pages, about a second at 10,000), and one that comes at once builds
                    # with a mirror of its own.
                    self.make_spare()
                    spare_wanted = False
                    self.log("spare tree kept")
                elif time.monotonic() >= idle_until or not self._socket_is_ours():
                    return
                continue
            with connection:
                connection.settimeout(None)
                self.connection = connection
                keep_serving = self.answer(connection)
                self.connection = None
            garbage = True
            idle_until = time.monotonic() + IDLE_SECONDS
            if keep_serving:
                self.read_ahead()

    def read_ahead(self, stop: Callable[[], bool] | None = None) -> None:
        """Read the cache files the next build will read (those the last one replaced, and all
        of them at the start: see `read_ahead.read_caches_ahead`), one at a time until `stop()`
        (default: until a client waits)."""
        from smo_gen.build.read_ahead import read_caches_ahead

        with contextlib.suppress(OSError):
            read_caches_ahead(self.cache_dir, stop or self._client_waiting)

    def make_spare(self) -> None:
        """Keep the spare tree the next build stages its changes in, where the build that started
        this server (a cold one) kept none: linking the whole site (~3,000 entries at 1,000 pages)
        is then not part of the first edit's build (see `early_writes.make_spare_ahead`)."""
        from smo_gen.build.early_writes import make_spare_ahead

        if self.config is not None:
            with contextlib.suppress(OSError):
                make_spare_ahead(self.config)

    def _client_waiting(self) -> bool:
        return bool(select.select([self.listener], [], [], 0)[0])

    def answer(self, connection: socket.socket) -> bool:
        """Read one request and answer it; whether to go on serving."""
        started = time.monotonic()
        try:
            request = FrameReader(connection).next_frame()
            if request is None:
                return True
            if request.get("stop"):
                self.log("stopped: a newer server for this folder asked")
                return False
            send_frame(connection, {"pid": os.getpid()})
            reason = self.decline_reason(request)
            if reason:
                self.log(f"declined {request.get('argv')!r} in {request.get('cwd')!r}: {reason}")
                send_frame(connection, {"decline": reason})
                # A cold build is about to run beside this server, whose caches are gone: it
                # stops rather than hold its memory and collect its garbage on a core that
                # build needs. That build leaves a server of its own.
                return reason != NO_CACHE

        except OSError:
            return True
        replied = False

        def reply(status: int) -> None:
            """Tell the client how the build ended, once: as soon as it has finished (output
            complete, summary printed), before the records are tidied; else when it returns."""
            nonlocal replied
            if replied:
                return
            replied = True
            seconds = time.monotonic() - started
            # Logged first: once the client has the status, its caller may read the log.
            self.log(f"built {request['argv']!r} in {request['cwd']!r}: exit status {status}, {seconds:.3f} s")
            with contextlib.suppress(OSError):
                send_frame(connection, {"exit": status})

        # What went stale since (a cold build run beside this server rewrote the whole cache, say)
        # is read first, as at the start: this build or the next reads it either way.
        self.read_ahead(stop=lambda: False)
        status, keep_serving = self.build(request, functools.partial(reply, 0))
        if replied and status != 0:  # after the output was complete: the client heard 0
            self.log(f"then failed while tidying its records: exit status {status}")
        reply(status)
        return keep_serving

    def log(self, line: str) -> None:
        """Add a line to the server's log, `<socket>.log` (started afresh at a megabyte): what it
        did, never the environment a client sent."""
        path = self.address.removesuffix(".sock") + ".log"
        with contextlib.suppress(OSError):
            mode = "w" if os.path.exists(path) and os.path.getsize(path) > LONGEST_LOG else "a"
            with open(path, mode, encoding="utf-8", errors="backslashreplace") as log:
                log.write(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} pid {os.getpid()} {line}\n")

    def decline_reason(self, request: dict[str, Any]) -> str:
        """Why this server will not run `request` (the client then builds itself); "" when it will."""
        argv, cwd, environ = request.get("argv"), request.get("cwd"), request.get("env")
        if not (isinstance(argv, list) and argv[:1] == ["build"] and all(isinstance(arg, str) for arg in argv)):
            return "not a build"
        if not (isinstance(cwd, str) and isinstance(environ, dict) and isinstance(request.get("umask"), int)):
            return "not a request"
        if not all(isinstance(key, str) and isinstance(value, str) for key, value in environ.items()):
            return "not a request"
        if request.get("stamp") != self.stamp or lasting_environment(environ) != self.environment:
            return "another environment or smo-gen"
        if server_address(cwd, environ, self.stamp) != self.address:
            return "another folder"
        try:
            os.chdir(cwd)
        except OSError:
            return "no such folder"
        config = _site_config(argv)
        cache_dir = config.cache_dir if config else None
        if cache_dir is not None and not cache_dir.is_dir():
            return NO_CACHE
        self.cache_dir = cache_dir
        return ""

    def build(self, request: dict[str, Any], finished: Callable[[], None]) -> tuple[int, bool]:
        """Run the request's `smo-gen build` here, calling `finished` once the build has succeeded
        (see `cli.ON_FINISHED`); its exit status, and whether to go on serving (not after Ctrl-C
        or a crash, whose half-done state this process would keep)."""
        from smo_gen.cli import ON_FINISHED, main

        os.environ.clear()
        os.environ.update(request["env"])
        os.umask(request["umask"])
        connection = self.connection
        assert connection is not None
        streams = sys.stdout, sys.stderr
        sys.stdout = ClientStream(connection, "out", request.get("stdout"))
        sys.stderr = ClientStream(connection, "err", request.get("stderr"))
        self.interrupted = False
        previous = signal.signal(signal.SIGINT, self._on_interrupt)
        keep_serving = True
        try:
            main.main(args=request["argv"], prog_name="smo-gen", standalone_mode=True, obj={ON_FINISHED: finished})
            status = 0
        except SystemExit as stop:
            status = _exit_status(stop.code)
        except Exception:  # noqa: BLE001 - a bug: shown as the build's own process would show it
            traceback.print_exc()
            status, keep_serving = 1, False
        finally:
            signal.signal(signal.SIGINT, previous)
            sys.stdout, sys.stderr = streams
        return status, keep_serving and not self.interrupted

    def _on_interrupt(self, number: int, frame: FrameType | None) -> None:
        self.interrupted = True
        raise KeyboardInterrupt

    def _socket_is_ours(self) -> bool:
        try:
            return os.stat(self.address).st_ino == self.listening
        except OSError:
            return False

    def _close_in_child(self) -> None:
        """In a process this one forks (a worker): not a server, so not holding its sockets."""
        self.listener.close()
        if self.connection is not None:
            self.connection.close()


def _site_config(argv: Sequence[str]) -> SiteConfig | None:
    """The settings of the site `smo-gen ARGV` builds, in this folder, with its options applied;
    None when that cannot be told (bad options, a broken site.toml): the build then says what is
    wrong, as it would anyway."""
    from click import ClickException

    from smo_gen.build.command import load_request_config
    from smo_gen.build.request import BuildRequest
    from smo_gen.cli import build
    from smo_gen.errors import SmoError

    try:
        with build.make_context("build", list(argv[1:]), resilient_parsing=True) as context:
            params = context.params
            output_dir = params["output_dir"]
            request = BuildRequest(
                Path(params["site_dir"]).resolve(),
                output_dir=Path(output_dir).resolve() if output_dir else None,
                base_url=params["base_url"],
            )
        return load_request_config(request)
    except (ClickException, SmoError, OSError, KeyError, TypeError, ValueError):
        return None


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message"), as Python prints it
    return 1
