"""Reusing each feed entry's text between builds, so one edit re-renders one entry.

A full-content feed of every post is megabytes of text; editing one post used to render all
of it again. A build renders the feed's head and tail and only the entries whose key (a
digest of what the entry shows) is new, and takes the others from the feed file the last
build wrote: the cache folder keeps where each entry lies in that file, and the file's size
and CRC-32, never the text itself (that was a second copy of every feed: 300 MB at 10,000
pages, read and partly rewritten by every build). A clean build goes the same way with
nothing kept, so the bytes are the same either way.

The XML feeds are pretty-printed by lxml, where an element's text depends only on its depth,
so an entry cut out of one document is exactly the entry in any other of the same kind.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .build_stamp import distribution_versions
from .files import load_cache_pickle, output_folder_key, write_atomically
from .json_text import with_list_last_spans
from .page import Page
from .parsing import code_stamp

CACHE_FOLDER = "feeds"
Spans = dict[str, tuple[int, int]]  # entry key -> where the entry lies in the document
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
    """The entries of one feed (or manifest) file as the last build wrote it, by key.

    They are cut from the file in the output folder, at the places its index records. A file
    that is not the one indexed (changed by hand, deleted, or never written because that build
    failed) has another size or CRC-32, and then nothing is kept: every entry is rendered.
    (A CRC catches any edit but a contrived one; it costs a third of a SHA-256 over 100 MB.)
    """

    def __init__(self, cache_dir: Path, dest: str, output_dir: Path) -> None:
        folder = cache_dir / CACHE_FOLDER
        self.folder_key = output_folder_key(output_dir)
        self.base = f"{self.folder_key}-{hashlib.sha256(dest.encode()).hexdigest()[:16]}"
        self.index_path = folder / f"{self.base}.pickle"
        self.document_path = output_dir / dest
        self._entries: dict[str, bytes | memoryview] | None = None

    @property
    def entries(self) -> Mapping[str, bytes | memoryview]:
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    def _load(self) -> dict[str, bytes | memoryview]:
        index = load_cache_pickle(self.index_path)
        if not (isinstance(index, tuple) and len(index) == 4 and index[0] == _cache_header()):
            return {}
        _, size, checksum, spans = index
        try:
            document = self.document_path.read_bytes()
        except OSError:
            return {}
        if len(document) != size or zlib.crc32(document) != checksum or not isinstance(spans, dict):
            return {}
        whole = memoryview(document)  # entries as views: the join that makes the new feed copies them once
        return {key: whole[start:end] for key, (start, end) in spans.items()}

    def save(self, document: bytes, spans: Spans) -> None:
        """Index `document`, the file this build writes, for the next build."""
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        index = (_cache_header(), len(document), zlib.crc32(document), spans)
        write_atomically(self.index_path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
        # Caches of earlier versions kept each entry's text, in shards ('<folder>-<feed>-x16-03.pickle').
        for stale in self.index_path.parent.glob(f"{self.folder_key}-*-x*-*.pickle"):
            stale.unlink(missing_ok=True)


def assemble_xml_feed(
    kind: str,
    pages: Sequence[Page],
    keys: Sequence[str],
    cache: EntryCache,
    serialize: Callable[[Sequence[Page]], bytes],
) -> bytes:
    """The feed document: head and tail from a document without entries, each entry kept or new.

    `serialize(pages)` renders the whole feed document with entries for `pages` only.
    """
    empty = serialize(())
    end = empty.rindex(_END[kind])
    head, tail = empty[:end], empty[end:]
    missing = [index for index, key in enumerate(keys) if key not in cache.entries]
    fresh: dict[str, bytes] = {}
    if missing:
        document = serialize([pages[index] for index in missing])
        rendered = _cut_entries(document, *_ENTRY[kind])
        if len(rendered) != len(missing):  # cannot happen with lxml's output; never guess
            raise ValueError(f"expected {len(missing)} {kind} entries in the rendered feed, found {len(rendered)}")
        fresh = dict(zip((keys[index] for index in missing), rendered, strict=True))
    parts: list[bytes | memoryview] = [head]
    spans: Spans = {}
    position = len(head)
    for key in keys:
        entry = fresh.get(key) or cache.entries[key]
        parts.append(entry)
        spans[key] = (position, position + len(entry))
        position += len(entry)
    parts.append(tail)
    document = b"".join(parts)  # one copy of a feed of megabytes
    cache.save(document, spans)
    return document


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
) -> bytes:
    """`head` with `list_key` last, holding each item (JSON text) kept or made with `make_item(index)`."""
    items = [cache.entries.get(key) or make_item(index) for index, key in enumerate(keys)]
    document, places = with_list_last_spans(head, list_key, items)
    cache.save(document, dict(zip(keys, places, strict=True)))
    return document
