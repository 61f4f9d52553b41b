"""Documents assembled from new text and ranges of a file already written.

Editing one post changes one entry of each full-content feed, and a feed of 10,000 posts is
100 MB. The entries that did not change are taken as ranges of the file the last build wrote
at the same place, and the writer copies those ranges file to file (`os.copy_file_range`: in
the kernel, never read into this process, joined or hashed).

A document is known by a fingerprint, as the writer records every output. One made of new
text only is known by its SHA-256, like any other rendered output. One that takes ranges is
known by the digest of its recipe: the fingerprint of the file it cuts from, the ranges and
the new text. Equal fingerprints still mean equal bytes, which is all the writer relies on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from smo_gen.atomic_write import write_all, write_pieces
from smo_gen.errors import BuildError, Problem

Range = tuple[int, int]  # start and end of a run of bytes in the source file
COPY_CHUNK = 1 << 30  # bytes asked of one copy_file_range call (Linux copies under 2 GiB a call)


@dataclass(frozen=True)
class Source:
    """A file as the last build wrote it: where it is, how it looked and what it was known by."""

    path: str
    look: tuple[int, int]  # size, modification time in nanoseconds (a build.files.FileLook)
    fingerprint: str


@dataclass(frozen=True)
class PreviousDocument:
    """A document the last build wrote (feeds, the manifest), and where each of its entries
    lies in it, by key: the build layer reads both and hands them to the renderer."""

    source: Source
    entries: Mapping[str, Range]


@dataclass(frozen=True)
class Assembled:
    """A document's bytes as parts: new text, or a range of `source`; and where each of its
    entries lies in it, by key, for the build layer to keep for the next build."""

    parts: tuple[bytes | Range, ...]
    size: int
    fingerprint: str
    source: Source | None = None
    entries: Mapping[str, Range] = field(default_factory=dict, compare=False, repr=False)

    def __bytes__(self) -> bytes:
        """The whole document in memory (for tests and for handing it between processes)."""
        if self.source is None:
            return b"".join(part for part in self.parts if isinstance(part, bytes))
        with open(self.source.path, "rb") as stream:
            _check_source(stream.fileno(), self.source)
            return b"".join(
                part if isinstance(part, bytes) else os.pread(stream.fileno(), part[1] - part[0], part[0])
                for part in self.parts
            )


class SourceChanged(BuildError):
    """The file an assembled document cuts from changed after the build looked at it (someone
    edited the output folder during the build). Nothing half-made is left in its place."""

    def __init__(self, path: str) -> None:
        super().__init__(Problem("changed while the site was building", path=path, hint="run the build again"))


def assemble(
    pieces: Iterable[bytes | memoryview | Range],
    source: Source | None,
    entries: Mapping[str, Range] = MappingProxyType({}),
) -> Assembled:
    """The document made of `pieces` in order: new text, or ranges of `source`; `entries` says
    where each entry lies in it."""
    pieces = list(pieces)
    texts = [piece if isinstance(piece, bytes) else bytes(piece) for piece in pieces if not isinstance(piece, tuple)]
    if len(texts) == len(pieces):  # new text only
        return _new_document(texts, entries)
    parts: list[bytes | Range] = []
    text: list[bytes | memoryview] = []
    for piece in pieces:
        if isinstance(piece, tuple):
            if text:
                parts.append(b"".join(text))
                text = []
            if parts and isinstance(parts[-1], tuple) and parts[-1][1] == piece[0]:
                parts[-1] = (parts[-1][0], piece[1])  # runs of kept entries are one copy
            else:
                parts.append(piece)
        else:
            text.append(piece)
    if text:
        parts.append(b"".join(text))
    size = sum(len(part) if isinstance(part, bytes) else part[1] - part[0] for part in parts)
    assert source is not None, "ranges need a source"
    recipe = hashlib.sha256(source.fingerprint.encode())
    for part in parts:
        if isinstance(part, tuple):
            recipe.update(b"R%d:%d\0" % part)
        else:
            recipe.update(b"T%d\0" % len(part))
            recipe.update(part)
    return Assembled(tuple(parts), size, "assembled:" + recipe.hexdigest(), source, entries)


def _new_document(texts: list[bytes], entries: Mapping[str, Range]) -> Assembled:
    """A document of new text only, kept as the pieces it came in and known by its SHA-256.

    Never joined: a full-content feed of 10,000 posts is 100 MB, and joining it made 100 MB
    more, every page of it new memory (a seventh of a cold build's page faults at 10,000 pages).
    The pieces are written one after another, a batch a call (atomic_write.write_pieces).
    """
    digest = hashlib.sha256()
    size = 0
    for text in texts:
        digest.update(text)
        size += len(text)
    return Assembled(tuple(texts), size, "sha256:" + digest.hexdigest(), entries=entries)


def write_assembled(target: Path, document: Assembled) -> None:
    """Write `document` to `target` (a new file), copying its ranges from its source."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        if document.source is None:
            write_pieces(descriptor, new_text(document))
            return
        try:
            source = os.open(document.source.path, os.O_RDONLY)
        except FileNotFoundError:
            raise SourceChanged(document.source.path) from None
        try:
            _check_source(source, document.source)
            for part in document.parts:
                if isinstance(part, bytes):
                    write_all(descriptor, part)
                else:
                    _copy_range(source, descriptor, part, document.source.path)
        finally:
            os.close(source)
    finally:
        os.close(descriptor)


def _check_source(descriptor: int, source: Source) -> None:
    stat = os.fstat(descriptor)
    if (stat.st_size, stat.st_mtime_ns) != source.look:
        raise SourceChanged(source.path)


def new_text(document: Assembled) -> Sequence[bytes]:
    """The parts of a document that takes nothing from a file (no `source`): all text."""
    texts = [part for part in document.parts if isinstance(part, bytes)]
    if len(texts) != len(document.parts):
        raise ValueError("a document that takes ranges of a file is not all new text")
    return texts


def _copy_range(source: int, target: int, run: Range, path: str) -> None:
    """Append the bytes `run` of `source` (the file at `path`) to `target`: in the kernel where it can."""
    start, end = run
    try:
        while start < end:
            # No target offset: the copy goes at the file's position and moves it on.
            copied = os.copy_file_range(source, target, min(end - start, COPY_CHUNK), start)
            if copied == 0:
                raise SourceChanged(path)  # shorter than when it was looked at
            start += copied
        return
    except (AttributeError, OSError):
        pass  # no copy_file_range on this system, or not between these two files: copy by hand
    while start < end:
        chunk = os.pread(source, min(end - start, 1 << 24), start)
        if not chunk:
            raise SourceChanged(path)
        write_all(target, chunk)
        start += len(chunk)
