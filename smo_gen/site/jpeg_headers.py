"""The size of a plain JPEG, read from its headers without Pillow, where Pillow would read the same.

Measuring a share image with Pillow costs ~130 us an image (and importing Pillow 25 ms): a
10,000-page site with a photo a page spends ~1.3 s of CPU on it in a cold build. Most photos
are plain JPEGs whose size is two numbers in the frame header. `plain_jpeg_size` reads them only
where Pillow 13's JPEG reader (JpegImagePlugin) would open the file without a doubt and report
that size as a JPEG: every header before the scan well formed, one baseline, extended or
progressive frame of 8-bit samples in 1, 3 or 4 components, and none of the segments Pillow
parses further (EXIF, whose resolution it reads; MPF, which makes the file an MPO; Photoshop
resources). Anything else is None, and Pillow measures the file (`image_facts.measure_image`),
with its own errors. tests/unit/test_jpeg_headers.py checks both agree on every image at hand.
"""

from __future__ import annotations

HEADER_BYTES = 16384  # read at most this much of a file: the headers of a plain JPEG take well under 1 KB

_SOI = b"\xff\xd8\xff"
_FRAMES = frozenset({0xC0, 0xC1, 0xC2})  # baseline, extended sequential, progressive (Huffman)
_SKIPPED = frozenset({0xC4, 0xDD, 0xFE})  # Huffman tables, restart interval, comment: read past
_SCAN = 0xDA


def plain_jpeg_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) of the JPEG whose first bytes are `head`, or None where Pillow is to say."""
    if not head.startswith(_SOI):
        return None
    size: tuple[int, int] | None = None
    position = 2
    while position + 4 <= len(head):
        if head[position] != 0xFF:
            return None  # junk between segments, which Pillow skips
        marker = head[position + 1]
        length = int.from_bytes(head[position + 2 : position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(head):
            return None
        body = head[position + 4 : end]
        if marker == _SCAN:
            return size
        if marker in _FRAMES:
            if size is not None:
                return None  # a second frame header
            size = _frame_size(body)
            if size is None:
                return None
        elif marker == 0xDB:
            if not _tables_whole(body):
                return None
        elif 0xE0 <= marker <= 0xEF:
            if not _plain_application(marker, body):
                return None
        elif marker not in _SKIPPED:
            return None
        position = end
    return None  # no scan within the bytes read


def _frame_size(body: bytes) -> tuple[int, int] | None:
    """The size a frame header gives, where Pillow takes it without complaint."""
    if len(body) < 6 or (len(body) - 6) % 3 or body[0] != 8 or body[5] not in (1, 3, 4):
        return None  # Pillow reads each component's three bytes, and 8-bit samples in 1, 3 or 4
    height = int.from_bytes(body[1:3], "big")
    width = int.from_bytes(body[3:5], "big")
    return (width, height) if width and height else None


def _tables_whole(body: bytes) -> bool:
    """Whether every quantization table of a DQT segment is whole, as Pillow checks."""
    while body:
        table = 1 + (1 if body[0] // 16 == 0 else 2) * 64
        if len(body) < table:
            return False
        body = body[table:]
    return True


def _plain_application(marker: int, body: bytes) -> bool:
    """Whether an APPn segment is one Pillow stores without parsing it in a way that can fail."""
    if marker == 0xE0 and body.startswith(b"JFIF"):
        return len(body) >= 7  # Pillow reads the version unguarded
    if marker == 0xE1 and body.startswith(b"Exif\0\0"):
        return False  # Pillow reads the resolution from it
    if marker == 0xE2 and body.startswith(b"MPF\0"):
        return False  # a multi-picture file: Pillow may open it as an MPO
    if marker == 0xE2 and body.startswith(b"ICC_PROFILE\0"):
        return len(body) >= 14  # Pillow reads the fragment count from it
    if marker == 0xED and body.startswith(b"Photoshop 3.0\0"):
        return False  # Pillow parses its resources
    if marker == 0xEE and body.startswith(b"Adobe"):
        return len(body) >= 7  # Pillow reads the version unguarded
    return True
