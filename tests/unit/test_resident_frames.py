"""What a build client and its server send each other."""

from __future__ import annotations

import socket

from smo_gen.resident.frames import LONGEST_FRAME, FrameReader, send_frame


def test_frames_arrive_whole_and_in_order_however_the_bytes_are_cut() -> None:
    sender, receiver = socket.socketpair()
    with sender, receiver:
        frames = [{"argv": ["build", "-q"], "env": {"HOME": "/h", "ODD": "caf\udce9"}}, {"out": "x" * 200_000}]
        for frame in frames:
            send_frame(sender, frame)
        sender.close()
        reader = FrameReader(receiver)
        assert [reader.next_frame(), reader.next_frame(), reader.next_frame()] == [*frames, None]


def test_anything_but_a_frame_ends_the_conversation() -> None:
    for data in [
        (LONGEST_FRAME + 1).to_bytes(4, "big"),  # longer than any frame
        (3).to_bytes(4, "big") + b"\xff\xff\xff",  # not marshal data
        (2).to_bytes(4, "big") + b"i\x01",  # cut short
    ]:
        sender, receiver = socket.socketpair()
        with sender, receiver:
            sender.sendall(data)
            sender.close()
            assert FrameReader(receiver).next_frame() is None
    sender, receiver = socket.socketpair()
    with sender, receiver:
        import marshal

        payload = marshal.dumps(["a list", "not a frame"])
        sender.sendall(len(payload).to_bytes(4, "big") + payload)
        assert FrameReader(receiver).next_frame() is None
