"""A cache dictionary kept in several files, so that changing one entry rewrites one file.

The parse cache and the feed-entry caches hold every page (tens of megabytes at 10,000
pages); rewriting all of it because one page changed cost more than parsing that page. Each
key belongs to one of a fixed number of shards by a stable hash; a save writes only the
shards whose entries changed and removes shards left empty.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smo_gen.atomic_write import replace_cache_file
from smo_gen.build.caches.data import (
    NO_TYPES,
    CacheTypes,
    dump_tagged_data,
    dump_tagged_pieces,
    load_mapped_cache_data,
)

SHARDS = 16


@dataclass(frozen=True)
class ShardFile:
    """One shard's file and the header it is written under: what a worker process needs to
    write a shard it made all the entries of (see `write_shard`)."""

    path: Path
    header: object


def write_shard(shard: ShardFile, entries: dict[str, Any]) -> None:
    """Write `entries` as the whole of `shard`'s file; raises TypeError (writing nothing) when
    one of them is a value a cache cannot hold."""
    # Long texts (pages' HTML, 80 % of the page cache) after the JSON: reading 10,000 pages'
    # shards took 0.42 s with them in it, 0.33 s with them apart.
    pieces = dump_tagged_pieces([shard.header, entries], texts_apart=True)
    shard.path.parent.mkdir(parents=True, exist_ok=True)
    replace_cache_file(shard.path, pieces)
    shard.path.with_suffix(".pickle").unlink(missing_ok=True)  # as earlier versions kept it, never read


class ShardedCache:
    """Entries under `folder/<stem>-<n>.json` (`<stem>.json` when there is one shard), each file
    tagged with `header`: a file with another header (other code, other settings) counts as
    empty (see caches.header). Entries are data (see caches.data); `types` names the
    dataclasses they may hold."""

    def __init__(
        self, folder: Path, stem: str, header: object, shards: int = SHARDS, types: CacheTypes = NO_TYPES
    ) -> None:
        self.folder = folder
        self.stem = stem
        self.header = header
        self.types = types
        self.shards: list[dict[str, Any]] = [{} for _ in range(shards)]
        self.shards = [self._load(index) for index in range(shards)]

    def shard_of(self, key: str) -> int:
        return zlib.crc32(key.encode("utf-8", "surrogatepass")) % len(self.shards)

    @property
    def entries(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for shard in self.shards:
            merged.update(shard)
        return merged

    def get(self, key: str) -> Any:
        return self.shards[self.shard_of(key)].get(key)

    def save(self, entries: dict[str, Any]) -> None:
        """Keep exactly `entries`, rewriting only the shards that differ."""
        grouped: list[dict[str, Any]] = [{} for _ in self.shards]
        for key, value in entries.items():
            grouped[self.shard_of(key)][key] = value
        for index, (old, new) in enumerate(zip(self.shards, grouped, strict=True)):
            if _same(old, new):
                continue
            shard = self.shard_file(index)
            if new:
                try:
                    write_shard(shard, new)
                except TypeError:  # an entry a cache cannot hold: keep the others
                    new = {key: value for key, value in new.items() if _can_hold(value)}
                    write_shard(shard, new)
            else:
                shard.path.unlink(missing_ok=True)
                shard.path.with_suffix(".pickle").unlink(missing_ok=True)
            self.shards[index] = new

    def shard_file(self, index: int) -> ShardFile:
        """Where the shard `index` is kept, and under which header."""
        return ShardFile(self._path(index), self.header)

    def written(self, index: int, entries: dict[str, Any]) -> None:
        """The shard `index`'s file was written elsewhere (`write_shard`, in a worker process)
        holding exactly `entries`: a save leaves it as it is while those are what it keeps."""
        self.shards[index] = entries

    def _path(self, index: int) -> Path:
        if len(self.shards) == 1:
            return self.folder / f"{self.stem}.json"  # a cache small enough for one file
        return self.folder / f"{self.stem}-{index:02d}.json"

    def _load(self, index: int) -> dict[str, Any]:
        stored = load_mapped_cache_data(self._path(index), self.types)
        if isinstance(stored, list) and len(stored) == 2 and stored[0] == self.header and isinstance(stored[1], dict):
            return stored[1]
        return {}


def _can_hold(value: Any) -> bool:
    try:
        dump_tagged_data(value)
    except TypeError:
        return False
    return True


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    # Identity first: an entry carried over from the loaded shard is the very same object.
    return old.keys() == new.keys() and all(new[key] is value or new[key] == value for key, value in old.items())
