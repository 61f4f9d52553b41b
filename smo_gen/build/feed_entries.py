"""Reusing each feed entry's text between builds, so one edit re-renders one entry.

A full-content feed of every post is megabytes of text; editing one post used to render all
of it again. A build renders the feed's head and tail and only the entries whose key (a
digest of what the entry shows) is new, and takes the others from the feed file the last
build wrote, as ranges the writer copies file to file (see `assembled`). The cache folder
keeps where each entry lies in that file and the fingerprint the file was written with,
never the text itself. A clean build goes the same way with nothing kept, so the bytes are
the same either way.

The XML feeds are pretty-printed by lxml, where an element's text depends only on its depth,
so an entry cut out of one document is exactly the entry in any other of the same kind.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from smo_gen.atomic_write import write_atomically
from smo_gen.build.cache_data import dump_cache_data, load_cache_data
from smo_gen.build.output_folder import output_folder_key
from smo_gen.content.page import Page
from smo_gen.installation import code_stamp, distribution_versions
from smo_gen.render.document_parts import Assembled, Range, Source, assemble
from smo_gen.render.json_text import list_last_frame

CACHE_FOLDER = "feeds"
Spans = dict[str, Range]  # entry key -> where the entry lies in the document
# An entry of each XML kind as lxml pretty-prints it: its depth decides its indentation, so
# it starts at a line holding only its start tag. (The end tag may follow an element added
# after printing, as Atom enclosures are; markup in the entry's text is escaped, so the first
# end tag after the start is the entry's own.)
_ENTRY = {"rss": (b"\n    <item>\n", b"</item>\n"), "atom": (b"\n  <entry>\n", b"</entry>\n")}
# Where entries go in a document without any: before the end of <channel> or <feed>.
_END = {"rss": b"  </channel>\n", "atom": b"</feed>\n"}


@functools.lru_cache(maxsize=1)
def _cache_header() -> str:
    # Entries written by other code or other library versions may be serialized differently.
    return f"{code_stamp()} {distribution_versions('feedgen', 'lxml')}"


class EntryCache:
    """Where the entries of one feed (or manifest) file lie in the file the last build wrote, by key.

    `previous` is that file as the writer recorded it, when it is still as written (see
    `OutputState.written`). The index holds the fingerprint of the document it describes; a
    file that is not that document (changed by hand, deleted, or never written because that
    build failed) has another fingerprint or no record, and then nothing is kept.
    """

    def __init__(self, cache_dir: Path, dest: str, output_dir: Path, previous: Source | None) -> None:
        folder = cache_dir / CACHE_FOLDER
        self.folder_key = output_folder_key(output_dir)
        self.base = f"{self.folder_key}-{hashlib.sha256(dest.encode()).hexdigest()[:16]}"
        self.index_path = folder / f"{self.base}.json"
        self.previous = previous
        self._entries: dict[str, Range] | None = None

    @property
    def entries(self) -> Mapping[str, Range]:
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    def _load(self) -> dict[str, Range]:
        if self.previous is None:
            return {}
        index = load_cache_data(self.index_path)
        if not (isinstance(index, list) and len(index) == 3 and index[0] == _cache_header()):
            return {}
        _, fingerprint, spans = index
        if fingerprint != self.previous.fingerprint or not isinstance(spans, dict):
            return {}
        kept: dict[str, Range] = {}
        for key, span in spans.items():
            if not (isinstance(span, list) and len(span) == 2 and type(span[0]) is int and type(span[1]) is int):
                return {}
            if not 0 <= span[0] <= span[1]:
                return {}
            kept[key] = (span[0], span[1])
        return kept

    def assemble(self, pieces: Sequence[bytes | memoryview | Range], spans: Spans) -> Assembled:
        """The document of `pieces` (ranges are of the previous file), indexed for the next build."""
        document = assemble(pieces, self.previous)
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        index = [_cache_header(), document.fingerprint, spans]  # a span (start, end) is written as a list
        write_atomically(self.index_path, dump_cache_data(index), durable=False)
        # Caches of earlier versions, never read: pickles, of the index or of each entry's text
        # in shards ('<folder>-<feed>-x16-03.pickle').
        for stale in self.index_path.parent.glob(f"{self.folder_key}-*.pickle"):
            stale.unlink(missing_ok=True)
        return document


class _Layout:
    """The pieces of a document in order, and where each entry lands in it."""

    def __init__(self) -> None:
        self.pieces: list[bytes | memoryview | Range] = []
        self.spans: Spans = {}
        self.size = 0

    def add(self, piece: bytes | memoryview | Range, key: str | None = None) -> None:
        length = piece[1] - piece[0] if isinstance(piece, tuple) else len(piece)
        if key is not None:
            self.spans[key] = (self.size, self.size + length)
        self.pieces.append(piece)
        self.size += length


def assemble_xml_feed(
    kind: str,
    pages: Sequence[Page],
    keys: Sequence[str],
    cache: EntryCache,
    serialize: Callable[[Sequence[Page]], bytes],
) -> Assembled:
    """The feed document: head and tail from a document without entries, each entry kept or new.

    `serialize(pages)` renders the whole feed document with entries for `pages` only.
    """
    empty = serialize(())
    end = empty.rindex(_END[kind])
    head, tail = empty[:end], empty[end:]
    kept = cache.entries
    missing = [index for index, key in enumerate(keys) if key not in kept]
    fresh: dict[str, bytes] = {}
    if missing:
        document = serialize([pages[index] for index in missing])
        rendered = _cut_entries(document, *_ENTRY[kind])
        if len(rendered) != len(missing):  # cannot happen with lxml's output; never guess
            raise ValueError(f"expected {len(missing)} {kind} entries in the rendered feed, found {len(rendered)}")
        fresh = dict(zip((keys[index] for index in missing), rendered, strict=True))
    layout = _Layout()
    layout.add(head)
    for key in keys:
        layout.add(fresh.get(key) or kept[key], key)
    layout.add(tail)
    return cache.assemble(layout.pieces, layout.spans)


def _cut_entries(document: bytes, start: bytes, end: bytes) -> list[bytes]:
    """Each entry's text, from the line of its start tag to its end tag's line end.

    bytes.find rather than a regular expression: ten times faster over a feed of megabytes.
    """
    entries = []
    position = document.find(start)
    while position != -1:
        finish = document.find(end, position)
        if finish == -1:
            break  # an unterminated entry: the count check refuses the document
        finish += len(end)
        entries.append(document[position + 1 : finish])  # from after the newline before it
        position = document.find(start, finish - 1)  # its newline is the end tag's
    return entries


def assemble_json_document(
    head: Mapping[str, Any], list_key: str, keys: Sequence[str], cache: EntryCache, make_item: Callable[[int], bytes]
) -> Assembled:
    """`head` with `list_key` last, holding each item (JSON text) kept or made with `make_item(index)`."""
    opening, separator, closing = list_last_frame(head, list_key, bool(keys))
    kept = cache.entries
    layout = _Layout()
    layout.add(opening)
    for index, key in enumerate(keys):
        item = kept.get(key) or make_item(index)
        if index:
            before = layout.pieces[-1]
            if isinstance(before, tuple) and isinstance(item, tuple) and item[0] == before[1] + len(separator):
                # Two items that were neighbours last time: the separator between them is taken
                # from the same file, so the run of kept items stays one range to copy.
                layout.add((before[1], item[0]))
            else:
                layout.add(separator)
        layout.add(item, key)
    layout.add(closing)
    return cache.assemble(layout.pieces, layout.spans)
