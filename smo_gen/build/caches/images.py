"""Image facts remembered between builds, keyed by each image's path, size and modification time."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from smo_gen.build.caches.file_keyed import FileKeyedCache, read_entries_ahead
from smo_gen.build.caches.header import cache_header
from smo_gen.build.caches.trusted_looks import NO_LOOKS, FileLooks
from smo_gen.content.page import Page
from smo_gen.file_looks import FileLook
from smo_gen.site.image_facts import ImageFacts, ImageProblem, measure_image
from smo_gen.site.page_assets import ShareImageFiles
from smo_gen.workers import chunk_size, import_now, worker_pool, workers_for

PARALLEL_MINIMUM = 500  # images to measure; below this, worker processes cost more than they save
# Pillow and the plugins Image.open loads, imported once before workers fork rather than in each (15 ms each).
PILLOW_MODULES = ("PIL.Image", "PIL.JpegImagePlugin", "PIL.PngImagePlugin")


def _facts_or_none(path: Path) -> ImageFacts | None:
    try:
        return measure_image(path)
    except ImageProblem:
        return None  # measured again when asked for, which raises it with its message


class MeasuredAhead(NamedTuple):
    """An image measured where its page was parsed (see `MeasuredImages.beside_parsing`)."""

    path: str
    look: FileLook  # the file's look when it was measured
    facts: list[object]  # [width, height, type], as the cache keeps them


FACTS_FILE = "images.json"  # in the cache folder


def read_image_facts_ahead(cache_dir: Path) -> None:
    """Read the image facts as `MeasuredImages` reads them (see file_keyed.read_entries_ahead)."""
    path = cache_dir / FACTS_FILE
    read_entries_ahead(path.parent, path.stem, [path], _is_facts)


class MeasuredImages:
    """Image facts remembered between builds, keyed by path, size and modification time
    (`looks`: the build's trusted looks, which spare a stat each): the build's ImageMeasurer
    (see site/image_facts.py), saved by the build once the images are resolved.

    Measuring opens every image; a build where no image changed should open none.
    """

    def __init__(self, path: Path, looks: FileLooks = NO_LOOKS) -> None:
        self.looks = looks
        self.cache = FileKeyedCache(path.parent, path.stem, cache_header(libraries=("pillow",)), _is_facts)
        # Measured where the pages were parsed, kept apart until asked for: a guess (a draft's
        # image, say) that no page shares must not be saved.
        self.ahead: dict[str, MeasuredAhead] = {}

    def beside_parsing(self, files: ShareImageFiles) -> Callable[[Page], MeasuredAhead | None]:
        """What measures a page's share image where the page is parsed, on a parse worker
        (see parsing.parse_files): images never measured before, each once in a worker.
        Give what it returns to `take_ahead`."""
        if not files.all_jpegs():
            # Before the workers fork, not in each; plain JPEGs are measured without it (25 ms).
            import_now(PILLOW_MODULES)
        seen: set[str] = set()

        def measure(page: Page) -> MeasuredAhead | None:
            key = files.file_of(page)
            if key is None or key in seen or self.cache.stored(key) is not None:
                return None
            seen.add(key)
            look = self.looks.look(key)
            facts = _facts_or_none(Path(key)) if look is not None else None
            if look is None or facts is None:
                return None  # measured when asked for, which raises its problem
            return MeasuredAhead(key, look, [facts.width, facts.height, facts.mime])

        return measure

    def take_ahead(self, measured: Iterable[object]) -> None:
        """Images measured beside parsing, for `measure` to find."""
        for item in measured:
            if isinstance(item, MeasuredAhead):
                self.ahead[item.path] = item

    def measure_many(self, paths: Iterable[str | Path], workers: int | None = None) -> None:
        """Measure, on all cores, the images among `paths` never measured before.

        `measure` then finds them remembered (or measures again to raise the problem). A
        cold build of 10,000 pages opens 10,000 images: ~1 s on one core. (An image changed
        since it was measured is measured again by `measure`: edits come a few at a time.)
        """
        missing: dict[str, FileLook] = {}
        for path in paths:
            key = os.fspath(path)
            if self.cache.stored(key) is not None or key in self.ahead:
                continue
            look = self.looks.look(key)
            if look is None:
                continue  # measure reports it
            missing[key] = look
        workers = workers_for(workers)
        if workers < 2 or len(missing) < PARALLEL_MINIMUM:
            return  # measured one by one as asked for
        found = [Path(key) for key in missing]
        with worker_pool(workers, preload=PILLOW_MODULES) as pool:
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
        ahead = self.ahead.get(key)
        # A file the build stamp did not look at is looked at now, unless a parse worker looked
        # at it moments ago, measuring it: a cold build's 10,000 stats took 0.1 s on one core.
        look = self.looks.get(key) or (ahead.look if ahead is not None else self.looks.look(key))
        if look is None:
            return measure_image(Path(key))  # raises the right ImageProblem
        kept = self.cache.get(key, look)
        if kept is None and ahead is not None and ahead.look == look:
            kept = ahead.facts
            self.cache.put(key, look, kept)
        if kept is not None:
            width, height, mime = kept
            return ImageFacts(width, height, mime, look[0])
        facts = measure_image(Path(key))
        self.cache.put(key, look, [facts.width, facts.height, facts.mime])
        return facts

    def save(self) -> None:
        """Keep the facts of the images asked for this build; those measured ahead and never
        asked for are forgotten (at 10,000 pages they are 10,000 records held to the end)."""
        self.cache.save()
        self.ahead.clear()


def _is_facts(value: object) -> bool:
    """[width, height, type], as MeasuredImages keeps them."""
    return (
        isinstance(value, list)
        and len(value) == 3
        and type(value[0]) is int
        and type(value[1]) is int
        and isinstance(value[2], str)
    )
