"""Measuring images so the meta tags state their real size and type."""

from __future__ import annotations

import os
import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from smo_gen.build.caches.file_keyed import FileKeyedCache
from smo_gen.build.caches.file_looks import NO_LOOKS, FileLooks
from smo_gen.build.caches.header import cache_header
from smo_gen.build.files import FileLook
from smo_gen.build.workers import chunk_size, worker_pool, workers_for

# Formats the social networks accept for link previews.
SHAREABLE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# Far above any photo a page needs; stops a decompression bomb before Pillow decodes it.
MAX_PIXELS = 80_000_000
MAX_BYTES = 50 * 1024 * 1024
# What Pillow raises for a damaged or hostile file besides its own bomb errors (a text or ICC
# chunk that inflates past its limit is a ValueError): all mean "this file is unusable".
DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError)
PARALLEL_MINIMUM = 500  # images to measure; below this, worker processes cost more than they save


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


def _facts_or_none(path: Path) -> ImageFacts | None:
    try:
        return measure_image(path)
    except ImageProblem:
        return None  # measured again when asked for, which raises it with its message


class MeasuredImages:
    """Image facts remembered between builds, keyed by path, size and modification time
    (`looks`: the build's trusted looks, which spare a stat each).

    Measuring opens every image; a build where no image changed should open none.
    """

    def __init__(self, path: Path, looks: FileLooks = NO_LOOKS) -> None:
        self.looks = looks
        self.cache = FileKeyedCache(path.parent, path.stem, cache_header(libraries=("pillow",)), _is_facts)

    def measure_many(self, paths: Iterable[str | Path], workers: int | None = None) -> None:
        """Measure, on all cores, the images among `paths` never measured before.

        `measure` then finds them remembered (or measures again to raise the problem). A
        cold build of 10,000 pages opens 10,000 images: ~1 s on one core. (An image changed
        since it was measured is measured again by `measure`: edits come a few at a time.)
        """
        missing: dict[str, FileLook] = {}
        for path in paths:
            key = os.fspath(path)
            if self.cache.stored(key) is not None:
                continue
            look = self.looks.look(key)
            if look is None:
                continue  # measure reports it
            missing[key] = look
        workers = workers_for(workers)
        if workers < 2 or len(missing) < PARALLEL_MINIMUM:
            return  # measured one by one as asked for
        found = [Path(key) for key in missing]
        with worker_pool(workers) as pool:
            results = list(pool.map(_facts_or_none, found, chunksize=chunk_size(len(found), workers, smallest=16)))
        for (key, measured_look), facts in zip(missing.items(), results, strict=True):
            if facts is not None:
                self.cache.put(key, measured_look, [facts.width, facts.height, facts.mime])

    def measure(self, image_path: str | Path) -> ImageFacts:
        """Like measure_image, but without opening a file seen unchanged before.

        Paths may come as text: a site of 10,000 pages asks for each page's image every build,
        and making a Path of each only to look it up showed.
        """
        key = os.fspath(image_path)
        look = self.looks.look(key)
        if look is None:
            return measure_image(Path(key))  # raises the right ImageProblem
        kept = self.cache.get(key, look)
        if kept is not None:
            width, height, mime = kept
            return ImageFacts(width, height, mime, look[0])
        facts = measure_image(Path(key))
        self.cache.put(key, look, [facts.width, facts.height, facts.mime])
        return facts

    def save(self) -> None:
        self.cache.save()


def _is_facts(value: object) -> bool:
    """[width, height, type], as MeasuredImages keeps them."""
    return (
        isinstance(value, list) and len(value) == 3 and type(value[0]) is int and type(value[1]) is int
        and isinstance(value[2], str)
    )
