"""What a build client and its server say to each other over a Unix socket: dictionaries of
strings, numbers and lists, each sent as its length and its `marshal` form.

`marshal`, not JSON: it is built in, where `json` imports `re` (5 ms of the client's start), and
both ends are the same Python (the server's address names it) and the same user (its folder is
private). The client sends one request; the server answers with frames that each hold one key:
`pid` (first), `out` and `err` (text to print), then `exit` (the build's status) or `decline`
(build it yourself).
"""

from __future__ import annotations

import marshal

# `typing` and what it imports cost the client 12 ms; mypy reads the names below all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from _socket import socket
    from typing import Any

LONGEST_FRAME = 64 << 20  # a request holds the environment; an answer, some printed lines
_LENGTH_BYTES = 4


def send_frame(connection: socket, frame: dict[str, Any]) -> None:
    """Send one frame (raises OSError when the other side has gone)."""
    data = marshal.dumps(frame)
    connection.sendall(len(data).to_bytes(_LENGTH_BYTES, "big") + data)


class FrameReader:
    """The frames the other side sends, one at a time. A read stopped by a signal (Ctrl-C) can be
    tried again: what had arrived stays in the reader."""

    def __init__(self, connection: socket) -> None:
        self.connection = connection
        self.pending = b""

    def next_frame(self) -> dict[str, Any] | None:
        """The next frame; None once the connection is closed, or at something that is not a frame
        (too long, not a dictionary), which ends the conversation as closing would."""
        if not self._fill(_LENGTH_BYTES):
            return None
        length = int.from_bytes(self.pending[:_LENGTH_BYTES], "big")
        if length > LONGEST_FRAME or not self._fill(_LENGTH_BYTES + length):
            return None
        data = self.pending[_LENGTH_BYTES : _LENGTH_BYTES + length]
        self.pending = self.pending[_LENGTH_BYTES + length :]
        try:
            frame = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        return frame if isinstance(frame, dict) else None

    def _fill(self, size: int) -> bool:
        while len(self.pending) < size:
            chunk = self.connection.recv(max(1 << 16, size - len(self.pending)))
            if not chunk:
                return False
            self.pending += chunk
        return True
