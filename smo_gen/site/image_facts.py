"""Measuring images so the meta tags state their real size and type."""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from smo_gen.site.jpeg_headers import HEADER_BYTES, plain_jpeg_size

# Formats the social networks accept for link previews.
SHAREABLE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# Far above any photo a page needs; stops a decompression bomb before Pillow decodes it.
MAX_PIXELS = 80_000_000
MAX_BYTES = 50 * 1024 * 1024
# What Pillow raises for a damaged or hostile file besides its own bomb errors (a text or ICC
# chunk that inflates past its limit is a ValueError): all mean "this file is unusable".
DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError)


@dataclass(frozen=True)
class ImageFacts:
    """What the file really is: measured, never typed in by hand."""

    width: int
    height: int
    mime: str
    byte_size: int


class ImageProblem(ValueError):
    """The file cannot serve as an image; the message says why, for a person."""


def measure_image(path: Path) -> ImageFacts:
    """Read an image's header for its size and type, without decoding the pixels."""
    try:
        byte_size = path.stat().st_size
    except FileNotFoundError:
        raise ImageProblem("does not exist") from None
    except OSError as exc:
        raise ImageProblem(f"cannot be read ({exc.strerror})") from None
    if byte_size > MAX_BYTES:
        raise ImageProblem(f"is {byte_size // (1024 * 1024)} MB; images for sharing must be far smaller")
    plain = _plain_jpeg_size(path)
    if plain is not None and plain[0] * plain[1] <= MAX_PIXELS:
        return ImageFacts(plain[0], plain[1], SHAREABLE_TYPES["JPEG"], byte_size)
    from PIL import Image, UnidentifiedImageError  # here, not at the top: most builds measure nothing

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                kind = image.format or ""
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem("is far too many pixels to be a real image (a decompression bomb?)") from None
    except UnidentifiedImageError:
        raise ImageProblem("is not an image file Pillow can read (corrupt, or not an image)") from None
    except DECODE_ERRORS as exc:
        raise ImageProblem(f"cannot be read: it is damaged or not what it claims to be ({exc})") from None
    if width * height > MAX_PIXELS:
        raise ImageProblem(f"is {width}x{height} pixels; resize it below {MAX_PIXELS // 1_000_000} megapixels")
    if kind not in SHAREABLE_TYPES:
        shown = kind or path.suffix
        raise ImageProblem(f"is {shown}; social networks need JPEG, PNG, WebP or GIF")
    return ImageFacts(width, height, SHAREABLE_TYPES[kind], byte_size)


def _plain_jpeg_size(path: Path) -> tuple[int, int] | None:
    """The size of the file if it is a plain JPEG (see `jpeg_headers`); None for Pillow to measure."""
    if path.suffix.lower() not in (".jpg", ".jpeg"):
        return None  # other files, and JPEGs named otherwise, go to Pillow as before
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEADER_BYTES)
    except OSError:
        return None
    return plain_jpeg_size(head)


class ImageMeasurer(Protocol):
    """What measures the site's images for their pages: `MeasuredImages` (build/caches/images.py),
    which remembers them between builds."""

    def measure_many(self, paths: Iterable[str | Path], workers: int | None = None) -> None:
        """Measure `paths` ahead, on all cores when there are many (or leave them to `measure`)."""

    def measure(self, image_path: str | Path) -> ImageFacts:
        """The facts of one image, as `measure_image` gives them (raising ImageProblem)."""
        raise NotImplementedError
