"""Measuring images so the meta tags state their real size and type."""

from __future__ import annotations

import os
import struct
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from smo_gen.atomic_write import write_atomically
from smo_gen.build.cache_data import dump_cache_data, iter_typed_pairs, load_cache_data
from smo_gen.build.workers import chunk_size, worker_pool, workers_for
from smo_gen.file_looks import FileLook, look_at_file

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
    """Image facts remembered between builds, keyed by path, size and modification time.

    Measuring opens every image; a build where no image changed should open none.
    """

    def __init__(self, path: Path, looks: Mapping[str, FileLook] | None = None) -> None:
        self.path = path
        self.looks = looks or {}  # trusted sizes and times by full path (build_stamp), saving a stat each
        self.entries: dict[str, list[object]] = dict(iter_typed_pairs(load_cache_data(path), str, _is_facts_entry))
        self.changed = False

    def measure_many(self, paths: Iterable[str | Path], workers: int | None = None) -> None:
        """Measure, on all cores, the images among `paths` never measured before.

        `measure` then finds them remembered (or measures again to raise the problem). A
        cold build of 10,000 pages opens 10,000 images: ~1 s on one core. (An image changed
        since it was measured is measured again by `measure`: edits come a few at a time.)
        """
        missing: dict[str, list[int]] = {}
        for path in paths:
            key = os.fspath(path)
            if key in self.entries:
                continue
            look = self._look(key)
            if look is None:
                continue  # measure reports it
            missing[key] = list(look)
        workers = workers_for(workers)
        if workers < 2 or len(missing) < PARALLEL_MINIMUM:
            return  # measured one by one as asked for
        found = [Path(key) for key in missing]
        with worker_pool(workers) as pool:
            results = list(pool.map(_facts_or_none, found, chunksize=chunk_size(len(found), workers, smallest=16)))
        for (key, measured_look), facts in zip(missing.items(), results, strict=True):
            if facts is not None:
                self.entries[key] = [*measured_look, facts.width, facts.height, facts.mime]
                self.changed = True

    def measure(self, image_path: str | Path) -> ImageFacts:
        """Like measure_image, but without opening a file seen unchanged before.

        Paths may come as text: a site of 10,000 pages asks for each page's image every build,
        and making a Path of each only to look it up showed.
        """
        key = os.fspath(image_path)
        look = self._look(key)
        if look is None:
            return measure_image(Path(key))  # raises the right ImageProblem
        size, mtime_ns = look
        entry = self.entries.get(key)
        if isinstance(entry, list) and entry[:2] == [size, mtime_ns]:
            width, height, mime = entry[2:]
            return ImageFacts(int(width), int(height), str(mime), size)  # type: ignore[call-overload]
        facts = measure_image(Path(key))
        self.entries[key] = [size, mtime_ns, facts.width, facts.height, facts.mime]
        self.changed = True
        return facts

    def _look(self, key: str) -> FileLook | None:
        return self.looks.get(key) or look_at_file(Path(key))

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, dump_cache_data(self.entries), durable=False)


def _is_facts_entry(entry: object) -> bool:
    """[size, modification time, width, height, type], as MeasuredImages keeps them."""
    return (
        isinstance(entry, list) and len(entry) == 5 and all(type(number) is int for number in entry[:4])
        and isinstance(entry[4], str)
    )
