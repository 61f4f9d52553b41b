"""Encodes a card image to PNG, JPEG or WebP: fast, deterministic (no metadata), always under 5 MB.

PNG, measured on a typical 1200x630 drawn card (2 cores, Pillow 13): Pillow's encoder at its
default level takes ~16 ms (73 KB), at compress_level=1 ~12 ms (69 KB): most of that is its
adaptive row filtering. Quantizing to a palette first costs ~9 ms by itself. Flat colours and
text need no filter, so drawn cards are written here with filter "None" and zlib level 1:
~4-5 ms and 58 KB. Photos do need filters, so photographic cards go through Pillow at level 1.
WebP at method 4 costs ~35-45 ms a card; JPEG ~2 ms.
Text on one colour is drawn as a palette image (see `palette.py`): one byte a pixel, which
Pillow's encoder writes at level 1 in ~2.3 ms (32 KB), where the RGB card took ~9 ms (59 KB).
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

MAX_CARD_BYTES = 5 * 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPE_RGB = 2


def render_image_bytes(image: Image.Image, format: str, quality: int, photographic: bool = False) -> bytes:
    """Encode an RGB or palette `image`; falls back to smaller settings in the rare case the result exceeds 5 MB."""
    if format == "png" and image.mode == "P":
        data = _encode_photo_png(image)  # one byte a pixel: Pillow's filters cost little here
    elif format == "png":
        data = _encode_photo_png(image) if photographic else render_flat_png(image)
    else:
        data = _encode_lossy(image if image.mode == "RGB" else image.convert("RGB"), format, quality)
    if len(data) > MAX_CARD_BYTES:
        data = _encode_small(image, format)
    return data


def render_flat_png(image: Image.Image) -> bytes:
    """A PNG of an RGB image with no row filters: fast and small for flat colours and text."""
    rgb = image.convert("RGB")
    pixels = memoryview(rgb.tobytes())
    stride = rgb.width * 3
    # Feed zlib row by row instead of building the 2 MB filtered buffer first: touching that much
    # fresh memory cost more (~4 ms) than compressing it.
    compressor = zlib.compressobj(1)
    parts = []
    for start in range(0, len(pixels), stride):
        parts.append(compressor.compress(b"\x00"))  # filter type 0 (None) for this row
        parts.append(compressor.compress(pixels[start : start + stride]))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", rgb.width, rgb.height, 8, _COLOUR_TYPE_RGB, 0, 0, 0)
    idat = b"".join(parts)
    return b"".join([_PNG_SIGNATURE, _chunk(b"IHDR", header), _chunk(b"IDAT", idat), _chunk(b"IEND", b"")])


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _encode_photo_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _encode_lossy(image: Image.Image, format: str, quality: int) -> bytes:
    buffer = io.BytesIO()
    if format == "jpeg":
        image.save(buffer, "JPEG", quality=quality, subsampling="4:2:0")
    else:
        image.save(buffer, "WEBP", quality=quality, method=4)
    return buffer.getvalue()


def _encode_small(image: Image.Image, format: str) -> bytes:
    # Only a card full of noise gets here. A 256-colour palette is at most 1 byte a pixel, and the
    # card size is capped at 4 Mpx, so the PNG fits; JPEG and WebP at quality 40 always do.
    if format != "png":
        return _encode_lossy(image, format, 40)
    buffer = io.BytesIO()
    image.quantize(256, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", compress_level=9)
    return buffer.getvalue()
