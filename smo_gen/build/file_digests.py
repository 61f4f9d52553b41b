"""Digests of whole files, remembered between builds by path, size and modification time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smo_gen.atomic_write import write_atomically
from smo_gen.build.cache_data import dump_cache_data, iter_typed_pairs, load_cache_data
from smo_gen.file_looks import FileLook, hash_file, look_at_file


class FileDigests:
    """SHA-256 of whole files, remembered between builds by path, size and modification time.

    Card names hash the photos and fonts they are drawn from: without this, every build read
    and hashed every photo of the site again (0.1 s of a one-edit build at 1,000 pages).
    """

    def __init__(self, path: Path, looks: Mapping[str, FileLook] | None = None) -> None:
        self.path = path
        self.looks = looks or {}  # trusted sizes and times by full path (build_stamp), saving a stat each
        loaded = load_cache_data(path)
        self.entries: dict[str, list[Any]] = dict(iter_typed_pairs(loaded, str, _is_digest_entry))
        self.used: set[str] = set()
        self.changed = False

    def digest(self, file: Path) -> str:
        """The hex SHA-256 of `file`'s bytes; raises OSError when it cannot be read."""
        key = os.fspath(file)
        self.used.add(key)
        look = self.looks.get(key) or look_at_file(file)
        entry = self.entries.get(key)
        if look is not None and entry is not None and entry[0] == look[0] and entry[1] == look[1]:
            return str(entry[2])
        digest = hash_file(file)
        if look is not None:
            self.entries[key] = [*look, digest]
            self.changed = True
        return digest

    def save(self) -> None:
        """Keep the digests of the files asked for this build (the others are forgotten)."""
        if not self.changed and self.entries.keys() <= self.used:
            return
        kept = {key: entry for key, entry in self.entries.items() if key in self.used}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, dump_cache_data(kept), durable=False)


def _is_digest_entry(entry: object) -> bool:
    """[size, modification time, hex digest], as FileDigests keeps them."""
    return (
        isinstance(entry, list) and len(entry) == 3 and type(entry[0]) is int and type(entry[1]) is int
        and isinstance(entry[2], str)
    )
