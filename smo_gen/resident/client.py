"""Hand `smo-gen build` to this folder's build server, if one is listening.

This runs before anything else is imported, and costs about a millisecond when there is no server:
it uses `_socket`, the C module under `socket` (whose enums and helpers took 10 ms to import).
"""

from __future__ import annotations

import _socket
import os
import sys

from smo_gen.resident.address import server_address
from smo_gen.resident.frames import FrameReader, send_frame

# `typing` and what it imports cost the client 12 ms; mypy reads the names below all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TextIO

STOPPED = "smo-gen: the build server stopped before the build ended; building here instead.\n"
_INTERRUPT = 2  # SIGINT: the same number everywhere a server runs, without importing `signal`


def build_through_server(argv: Sequence[str], stamp: str) -> int | None:
    """Run `smo-gen ARGV` in the build server for this folder and print what it prints.

    The build's exit status; None when this process should build itself: no server, or one that
    declined, or one that stopped half-way (its output is then as a stopped build leaves it).
    """
    try:
        cwd = os.getcwd()
    except OSError:  # the folder was removed under the shell
        return None
    environ = dict(os.environ)
    address = server_address(cwd, environ, stamp)
    if address is None or not os.path.exists(address):
        return None
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        try:
            connection.connect(address)
            send_frame(connection, _request(argv, cwd, environ, stamp))
        except OSError:  # a server that has stopped leaves its socket: the next build replaces it
            return None
        except KeyboardInterrupt:  # before the server heard of the build: nothing to stop
            return _aborted()
        return _follow(connection)
    finally:
        connection.close()


def _request(argv: Sequence[str], cwd: str, environ: dict[str, str], stamp: str) -> dict[str, Any]:
    umask = os.umask(0o022)  # reading the mask means setting one: set it back at once
    os.umask(umask)
    return {
        "argv": list(argv),
        "cwd": cwd,
        "env": environ,
        "stamp": stamp,
        "umask": umask,
        "stdout": _describe(sys.stdout),
        "stderr": _describe(sys.stderr),
    }


def _describe(stream: TextIO) -> dict[str, Any]:
    """What the server's stand-in for `stream` answers when asked: a terminal or not, and its encoding."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return {"tty": terminal, "encoding": getattr(stream, "encoding", None) or "utf-8"}


def _follow(connection: _socket.socket) -> int | None:
    """Print what the server sends until it says how the build ended.

    Ctrl-C stops the build in the server, as it would stop a build here: it is passed on once
    (when the server has said who it is, if it comes before), and the server says when it has
    stopped. After Ctrl-C this process never builds instead.
    """
    server_pid = 0
    interrupted = False
    frames = FrameReader(connection)
    while True:
        try:
            frame = frames.next_frame()
            if frame is None:
                return _lost(interrupted)
            if "pid" in frame:
                server_pid = int(frame["pid"])
                if interrupted:
                    _interrupt(server_pid)
            elif "out" in frame:
                _print(sys.stdout, frame["out"])
            elif "err" in frame:
                _print(sys.stderr, frame["err"])
            elif "exit" in frame:
                return int(frame["exit"])
            elif "decline" in frame:
                return _aborted() if interrupted else None
        except KeyboardInterrupt:
            if not interrupted and server_pid:
                _interrupt(server_pid)
            interrupted = True
        except OSError:
            return _lost(interrupted)


def _interrupt(server_pid: int) -> None:
    try:
        os.kill(server_pid, _INTERRUPT)
    except OSError:  # gone already: the connection closes, and `_lost` says so
        pass


def _lost(interrupted: bool) -> int | None:
    """The server went without saying how the build ended: build here, unless after Ctrl-C."""
    if interrupted:
        return _aborted()
    sys.stderr.write(STOPPED)
    return None


def _aborted() -> int:
    """Ctrl-C before any build began: as click says it, with its exit status."""
    sys.stderr.write("Aborted!\n")
    return 1


def _print(stream: TextIO, text: object) -> None:
    stream.write(str(text))
    stream.flush()
