"""Where the entries of each feed (and the manifest) lie in the file the last build wrote.

The renderers make a feed of entries kept from the last build's file and new ones (see
render/kept_entries.py); they neither read nor write a file. The build layer keeps, per
document, an index: where each entry lies in the file and the fingerprint that file was
written with, never the text itself. Before a feed is rendered, `EntryIndexes.previous` gives
the file as the last build wrote it with its index, as a plain value; after rendering,
`EntryIndexes.save` keeps the new documents' indexes for the next build.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from smo_gen.atomic_write import replace_cache_file
from smo_gen.build.caches.data import dump_cache_data, load_cache_data
from smo_gen.build.caches.header import FEED_LIBRARIES, cache_header
from smo_gen.build.output_folder import output_folder_key
from smo_gen.render.document_parts import Assembled, PreviousDocument, Range, Source
from smo_gen.render.outputs import Output

CACHE_FOLDER = "feeds"


@functools.lru_cache(maxsize=1)
def _cache_header() -> str:
    # Entries written by other code or other library versions may be serialized differently.
    return cache_header(libraries=FEED_LIBRARIES)


def read_entry_indexes_ahead(cache_dir: Path) -> None:
    """Read every feed's entry index in `cache_dir` as `EntryIndexes` reads it, for a process that
    keeps cache reads (a build server before its first build: see data.keep_cache_reads)."""
    for path in sorted((cache_dir / CACHE_FOLDER).glob("*.json")):
        load_cache_data(path)


class EntryIndexes:
    """The entry indexes of the documents written into one output folder, under `cache_dir/feeds/`.

    `written(dest)` is the file the last build wrote at `dest`, when it is still as written
    (see `OutputState.written`). An index holds the fingerprint of the document it describes;
    a file that is not that document (changed by hand, deleted, or never written because that
    build failed) has another fingerprint or no record, and then nothing is kept.
    """

    def __init__(self, cache_dir: Path, output_dir: Path, written: Callable[[str], Source | None]) -> None:
        self.folder = cache_dir / CACHE_FOLDER
        self.folder_key = output_folder_key(output_dir)
        self.written = written

    def index_path(self, dest: str) -> Path:
        return self.folder / f"{self.folder_key}-{hashlib.sha256(dest.encode()).hexdigest()[:16]}.json"

    def previous(self, dest: str) -> PreviousDocument | None:
        """The document the last build wrote at `dest` and where its entries lie (None: nothing to keep)."""
        source = self.written(dest)
        if source is None:
            return None
        entries = _entries(load_cache_data(self.index_path(dest)), source.fingerprint)
        return PreviousDocument(source, entries) if entries else None

    def save(self, outputs: Iterable[Output]) -> None:
        """Keep the index of each document among `outputs` rendered this build."""
        saved = False
        for output in outputs:
            if isinstance(output.data, Assembled):
                path = self.index_path(output.dest)
                path.parent.mkdir(parents=True, exist_ok=True)
                index = [
                    _cache_header(),
                    output.data.fingerprint,
                    output.data.entries,
                ]  # a span (start, end) is written as a list
                replace_cache_file(path, dump_cache_data(index))
                saved = True
        if saved:
            # Caches of earlier versions, never read: pickles, of the index or of each entry's
            # text in shards ('<folder>-<feed>-x16-03.pickle').
            for stale in self.folder.glob(f"{self.folder_key}-*.pickle"):
                stale.unlink(missing_ok=True)


def _entries(index: object, fingerprint: str) -> dict[str, Range]:
    """The spans an index file holds when it describes the document known by `fingerprint`."""
    if not (isinstance(index, list) and len(index) == 3 and index[0] == _cache_header()):
        return {}
    _, indexed, spans = index
    if indexed != fingerprint or not isinstance(spans, dict):
        return {}
    kept: dict[str, Range] = {}
    for key, span in spans.items():
        if not (isinstance(span, list) and len(span) == 2 and type(span[0]) is int and type(span[1]) is int):
            return {}
        if not 0 <= span[0] <= span[1]:
            return {}
        kept[key] = (span[0], span[1])
    return kept
