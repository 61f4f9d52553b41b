"""Values made from files, kept between builds with the look of the file each was made from.

Parsing a page, measuring an image and digesting a photo each depend only on the file's bytes
(and the code and settings the cache's header names). A file that looks as it did (same size
and modification time) when its value was made is taken as unchanged, as make and git do, so
a build where nothing changed opens none of them. A value whose file has another look, or
whose file was not asked for this build, is dropped when the cache is saved.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from smo_gen.build.caches.data import NO_TYPES, CacheTypes, keeps_cache_reads, load_mapped_cache_data
from smo_gen.build.caches.header import cache_header
from smo_gen.build.caches.sharded import ShardedCache, ShardFile
from smo_gen.build.caches.trusted_looks import NO_LOOKS, FileLooks
from smo_gen.file_looks import FileLook, hash_file

Entry = list[Any]  # [size, modification time, value]: the look (None, None when untrusted) the value was made at


class FileKeyedCache:
    """Values by key (a file's path), each with the look of the file when it was made.

    Kept in `folder/<stem>.json` (or `shards` files: see ShardedCache) under `header` (see
    caches.header). `is_value` tells a value this cache holds from anything else a file may
    hold; `types` names the dataclasses values may hold.
    """

    def __init__(
        self,
        folder: Path,
        stem: str,
        header: str,
        is_value: Callable[[object], bool],
        shards: int = 1,
        types: CacheTypes = NO_TYPES,
    ) -> None:
        self.store = ShardedCache(folder, stem, header, shards, types)
        self.entries, self.dropped = _checked_entries(str(folder / stem), self.store.shards, is_value)
        self.kept: dict[str, Entry] = {}  # what this build asked for or made: what is saved

    def get(self, key: str, look: FileLook | None) -> Any | None:
        """The value made from the file `key` when it looked as `look` (None: none, or no look)."""
        entry = self.kept.get(key) or self.entries.get(key)
        if entry is None or look is None or entry[0] != look[0] or entry[1] != look[1]:
            return None
        self.kept[key] = entry
        return entry[2]

    def stored(self, key: str) -> Any | None:
        """The value last made for `key`, whatever its file looks like now (the caller checks it)."""
        entry = self.kept.get(key) or self.entries.get(key)
        return None if entry is None else entry[2]

    def put(self, key: str, look: FileLook | None, value: Any) -> None:
        """Keep `value`, made from the file `key` as it looked at `look` (None: a look not to trust)."""
        entry = new_entry(look, value)
        stored = self.entries.get(key)
        # The stored entry itself when nothing changed: saving then finds it the very same object.
        self.kept[key] = stored if stored is not None and stored[2] is value and stored[:2] == entry[:2] else entry

    def shard_of(self, key: str) -> int:
        """The number of the file `key`'s entry is kept in."""
        return self.store.shard_of(key)

    def shard_file(self, index: int) -> ShardFile:
        """The file (and header) of the entries numbered `index` by `shard_of`."""
        return self.store.shard_file(index)

    def written_elsewhere(self, shards: set[int]) -> None:
        """The files of `shards` were written by `sharded.write_shard` elsewhere (a worker
        process), each holding exactly this build's entries of its shard, in the order put:
        `save` leaves them as they are."""
        if not shards:
            return  # most builds: nothing parsed on workers, nothing to look through
        grouped: dict[int, dict[str, Entry]] = {index: {} for index in shards}
        for key, entry in self.kept.items():
            group = grouped.get(self.store.shard_of(key))
            if group is not None:
                group[key] = entry
        for index, entries in grouped.items():
            self.store.written(index, entries)

    def save(self) -> None:
        """Keep exactly the values asked for or made this build; writes only when that changes anything."""
        if (
            self.dropped
            or self.kept.keys() != self.entries.keys()
            or any(self.entries[key] is not entry for key, entry in self.kept.items())
        ):
            self.store.save(self.kept)


def new_entry(look: FileLook | None, value: Any) -> Entry:
    """The entry a cache keeps for `value`, made now from a file that looked as `look` (None:
    a look not to trust): what `put` keeps, and what a shard written elsewhere must hold."""
    return [*(look or (None, None)), value]


# Where a process keeps cache reads (a build server: see data.keep_cache_reads), the shards of
# its next build are the very same objects: the entries found valid in each are kept, by the
# cache and the shard's identity, and not looked through again (5 ms a build at 1,000 pages).
_Checked = dict[int, tuple[dict[str, Any], Callable[[object], bool], dict[str, Entry]]]
_checked: dict[str, _Checked] = {}


def _checked_entries(
    cache: str, shards: list[dict[str, Any]], is_value: Callable[[object], bool]
) -> tuple[dict[str, Entry], bool]:
    """The valid entries of all `shards`, and whether any was not valid (dropped)."""
    entries: dict[str, Entry] = {}
    dropped = False
    for shard, _, valid in _check(cache, shards, is_value).values():
        dropped = dropped or len(valid) != len(shard)
        entries.update(valid)
    return entries, dropped


def read_entries_ahead(
    folder: Path,
    stem: str,
    paths: Iterable[Path],
    is_value: Callable[[object], bool],
    types: CacheTypes = NO_TYPES,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Read the files `paths` of the cache `folder/stem` as `FileKeyedCache` reads them, one at
    a time until `stop()`, and find their valid entries, for a process that keeps cache reads (a
    build server before a build: see data.keep_cache_reads). What was kept of other shards is
    let go here, not in the build (freeing a whole cache's pages, replaced by a cold build beside
    the server, took 60 ms at 10,000 pages)."""
    stored = []
    for path in paths:
        if stop():
            return
        stored.append(load_mapped_cache_data(path, types))
    if keeps_cache_reads():
        shards = [value[1] for value in stored if isinstance(value, list) and len(value) == 2]
        _check(str(folder / stem), [shard for shard in shards if isinstance(shard, dict)], is_value)


def _check(cache: str, shards: list[dict[str, Any]], is_value: Callable[[object], bool]) -> _Checked:
    """Each shard's valid entries, by the shard's identity, in the shards' order; kept as the
    cache's (only these shards: those of earlier builds are let go) where reads are kept."""
    keeping = keeps_cache_reads()
    known = _checked.get(cache, {}) if keeping else {}
    checked: _Checked = {}
    for shard in shards:
        seen = known.get(id(shard))
        if seen is not None and seen[0] is shard and seen[1] is is_value:
            checked[id(shard)] = seen
        else:
            valid = {key: entry for key, entry in shard.items() if _is_entry(entry, is_value)}
            checked[id(shard)] = (shard, is_value, valid)
    if keeping:
        _checked[cache] = checked
    return checked


def _is_entry(entry: object, is_value: Callable[[object], bool]) -> bool:
    if not (isinstance(entry, list) and len(entry) == 3):
        return False
    size, mtime_ns = entry[0], entry[1]
    trusted = type(size) is int and type(mtime_ns) is int
    return (trusted or (size is None and mtime_ns is None)) and is_value(entry[2])


def read_digests_ahead(path: Path) -> None:
    """Read the digests file at `path` as `FileDigests` reads it (see `read_entries_ahead`)."""
    read_entries_ahead(path.parent, path.stem, [path], _is_digest)


class FileDigests:
    """SHA-256 of whole files, remembered between builds by path, size and modification time.

    Card names hash the photos and fonts they are drawn from: without this, every build read
    and hashed every photo of the site again (0.1 s of a one-edit build at 1,000 pages).
    """

    def __init__(self, path: Path, looks: FileLooks = NO_LOOKS) -> None:
        self.looks = looks
        self.cache = FileKeyedCache(path.parent, path.stem, cache_header(), _is_digest)

    def digest(self, file: Path) -> str:
        """The hex SHA-256 of `file`'s bytes; raises OSError when it cannot be read."""
        key = os.fspath(file)
        look = self.looks.look(key)
        kept = self.cache.get(key, look)
        if kept is not None:
            return str(kept)
        digest = hash_file(file)
        if look is not None:
            self.cache.put(key, look, digest)
        return digest

    def save(self) -> None:
        """Keep the digests of the files asked for this build (the others are forgotten)."""
        self.cache.save()


def _is_digest(value: object) -> bool:
    return isinstance(value, str)
