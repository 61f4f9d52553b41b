"""Documents of entries (feeds, the manifest) made of the last build's entries and new ones, so
one edit re-renders one entry.

A full-content feed of every post is megabytes of text; editing one post used to render all
of it again. A build renders the feed's head and tail and only the entries whose key (a
digest of what the entry shows) is new, and takes the others from the feed file the last
build wrote, as ranges the writer copies file to file (see `document_parts`). Which entries
that file holds, and where, comes in as a plain value (`PreviousDocument`): the build layer
reads it before rendering and keeps the new document's `entries` after (see
build/caches/feed_entries.py); nothing here reads or writes a file. A clean build goes the
same way with nothing kept, so the bytes are the same either way.

The XML feeds are pretty-printed by lxml, where an element's text depends only on its depth,
so an entry cut out of one document is exactly the entry in any other of the same kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from smo_gen.render.document_parts import Assembled, PreviousDocument, Range, assemble
from smo_gen.render.json_text import list_last_frame

Spans = dict[str, Range]  # entry key -> where the entry lies in the document
# An entry of each XML kind as lxml pretty-prints it: its depth decides its indentation, so
# it starts at a line holding only its start tag. (The end tag may follow an element added
# after printing, as Atom enclosures are; markup in the entry's text is escaped, so the first
# end tag after the start is the entry's own.)
_ENTRY = {"rss": (b"\n    <item>\n", b"</item>\n"), "atom": (b"\n  <entry>\n", b"</entry>\n")}
# Where entries go in a document without any: before the end of <channel> or <feed>.
_END = {"rss": b"  </channel>\n", "atom": b"</feed>\n"}


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

    def assemble(self, previous: PreviousDocument | None) -> Assembled:
        """The document of the pieces (ranges are of the previous file), with where its entries lie."""
        return assemble(self.pieces, previous.source if previous is not None else None, self.spans)


def assemble_xml_feed(
    kind: str,
    keys: Sequence[str],
    previous: PreviousDocument | None,
    empty: bytes,
    make_entries: Callable[[list[int]], list[bytes]],
) -> Assembled:
    """The feed document: head and tail from `empty` (the document without entries), each
    entry kept from `previous` or new.

    `make_entries(indexes)` renders the entries numbered `indexes`, each as `cut_xml_entries` cuts it.
    """
    end = empty.rindex(_END[kind])
    head, tail = empty[:end], empty[end:]
    kept = _kept(previous)
    missing = [index for index, key in enumerate(keys) if key not in kept]
    fresh: dict[str, bytes] = {}
    if missing:
        fresh = dict(zip((keys[index] for index in missing), make_entries(missing), strict=True))
    layout = _Layout()
    layout.add(head)
    for key in keys:
        layout.add(fresh.get(key) or kept[key], key)
    layout.add(tail)
    return layout.assemble(previous)


def cut_xml_entries(kind: str, document: bytes, count: int) -> list[bytes]:
    """The `count` entries of a feed document of `kind` as lxml printed it, each from the line
    of its start tag to its end tag's line end; ValueError when there are not that many."""
    rendered = _cut_entries(document, *_ENTRY[kind])
    if len(rendered) != count:  # cannot happen with lxml's output; never guess
        raise ValueError(f"expected {count} {kind} entries in the rendered feed, found {len(rendered)}")
    return rendered


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
    head: Mapping[str, Any],
    list_key: str,
    keys: Sequence[str],
    previous: PreviousDocument | None,
    make_item: Callable[[int], bytes],
) -> Assembled:
    """`head` with `list_key` last, holding each item (JSON text) kept from `previous` or made
    with `make_item(index)`."""
    opening, separator, closing = list_last_frame(head, list_key, bool(keys))
    kept = _kept(previous)
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
    return layout.assemble(previous)


def _kept(previous: PreviousDocument | None) -> Mapping[str, Range]:
    return previous.entries if previous is not None else {}
