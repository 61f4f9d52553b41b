"""Removing the files the last build wrote that no output produces any more."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from smo_gen.build.output_folder import WrittenFile, is_temporary
from smo_gen.file_looks import FileLook

# A temporary file this much older than the build is no other build's, still being written:
# it was left by a build that was stopped (killed, the machine off) while writing.
LEFTOVER_AGE_NS = 5 * 60 * 10**9


def leftover_temporaries(look: Mapping[str, FileLook], now_ns: int) -> list[str]:
    """The temporary files (see `output_folder.temporary_name`) in an output folder's `look` that a stopped
    build left behind: old enough that no build still running is writing them."""
    return [name for name, (_, mtime_ns) in look.items() if is_temporary(name) and mtime_ns < now_ns - LEFTOVER_AGE_NS]


def remove_stale_files(
    output_dir: Path,
    current: dict[str, WrittenFile],
    previous: dict[str, WrittenFile],
    before: dict[str, FileLook] | None,
) -> tuple[int, dict[str, FileLook] | None]:
    """Delete the files the last build wrote that this one no longer produces; return how
    many, and the folder's look without them (written files still to be looked at) when it
    was taken (`before`).

    Only files in the record go, never what someone else put there, and never a file reached
    through a link (a folder replaced by a link to elsewhere); and temporary files a build
    stopped while writing left behind (`leftover_temporaries`). Folders left empty go too.
    """
    look = dict(before) if before is not None else None
    removed = 0
    emptied: set[str] = set()
    links: dict[str, bool] = {}
    stale = {dest for dest in previous if dest not in current}
    stale.update(leftover_temporaries(before or {}, time.time_ns()))
    for dest in sorted(stale):
        path = output_dir / dest
        if look is not None:
            look.pop(dest, None)
        folders = ["/".join(dest.split("/")[:depth]) for depth in range(1, dest.count("/") + 1)]
        if any(links.setdefault(folder, (output_dir / folder).is_symlink()) for folder in folders):
            continue
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed += 1
            emptied.update(folders)
    for folder in sorted(emptied, key=lambda name: name.count("/"), reverse=True):
        try:
            (output_dir / folder).rmdir()  # only succeeds when empty
        except OSError:
            pass
    return removed, look
