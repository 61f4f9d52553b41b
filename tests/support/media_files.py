"""Small, real media files for tests: an MP4 whose boxes state its size, and a WAV tone."""

from __future__ import annotations

import io
import math
import struct
import wave


def _box(name: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + name + payload


def mp4_bytes(width: int, height: int, seconds: float = 2.0, padding: int = 1000) -> bytes:
    """An MP4 container with the boxes players and smo-gen read for size and duration."""
    timescale = 1000
    mvhd = bytes(4) + struct.pack(">IIII", 0, 0, timescale, int(seconds * timescale)) + bytes(80)
    tkhd = bytes(4) + bytes(72) + struct.pack(">II", width << 16, height << 16)
    trak = _box(b"trak", _box(b"tkhd", tkhd))
    moov = _box(b"moov", _box(b"mvhd", mvhd) + trak)
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    return ftyp + moov + _box(b"mdat", bytes(padding))


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A short tone as 16-bit mono PCM WAV."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = (int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(seconds * rate)))
        out.writeframes(b"".join(struct.pack("<h", f) for f in frames))
    return buffer.getvalue()


def mp3_bytes(seconds: float) -> bytes:
    """A constant-bitrate MP3 of silent frames: MPEG-1 Layer III, 128 kbit/s, 44.1 kHz.

    Each frame holds 1152 samples (26.12 ms) in 417 bytes; players and tinytag read the
    length from the frame headers, so the file plays for `frames * 1152 / 44100` seconds.
    """
    header = bytes([0xFF, 0xFB, 0x90, 0x00])  # sync, MPEG-1 Layer III no CRC, 128k, 44.1 kHz, no padding
    frame = header + bytes(144 * 128_000 // 44_100 - len(header))
    return frame * mp3_frames(seconds)


def mp3_frames(seconds: float) -> int:
    """How many frames `mp3_bytes(seconds)` holds (its length is this many times 1152/44100 s)."""
    return round(seconds * 44_100 / 1152)


def m4a_bytes(seconds: float) -> bytes:
    """An MPEG-4 audio container whose movie header states its length."""
    timescale = 1000
    mvhd = bytes(4) + struct.pack(">IIII", 0, 0, timescale, int(seconds * timescale)) + bytes(80)
    ftyp = _box(b"ftyp", b"M4A " + struct.pack(">I", 0) + b"M4A mp42isom")
    return ftyp + _box(b"moov", _box(b"mvhd", mvhd)) + _box(b"mdat", bytes(500))
