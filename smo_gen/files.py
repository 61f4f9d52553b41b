"""Writing a file so that readers see the old bytes or the new ones, never half of either; looking at files."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Folders of an output folder that are never ours to write or tidy (a deploy checkout's history).
KEPT_NAMES = frozenset({".git", ".hg", ".svn"})
OUTPUT_MARKER = ".smo-gen-output"  # says a folder is smo-gen's output: see `output_folder`
FileLook = tuple[int, int]  # size, modification time in nanoseconds


def output_folder_key(output_dir: Path) -> str:
    """A short name for an output folder, so records about `public/` and serve's folder stay apart."""
    return hashlib.sha256(str(output_dir).encode()).hexdigest()[:12]


def write_atomically(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data`: a temporary file beside it, renamed over it.

    `durable` also flushes the file and its folder to disk before returning, for records that
    must survive a crash (the syndication ledger: a post recorded as pending must stay so).
    Caches and build outputs can be made again, so they skip that cost.
    """
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; these files are read by web servers and people
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def start_writeback(path: Path) -> None:
    """Ask the kernel to start writing the file's data to disk now, without waiting for it.

    ext4 does that anyway when a file is renamed over another (its `auto_da_alloc` guard
    against empty files after a crash), inside the rename: 0.01-0.05 s for a 100 MB feed
    here. Done beforehand, on a thread that has nothing else to do, the rename is instant.
    Linux only (`sync_file_range`); elsewhere nothing happens.
    """
    start = _sync_file_range()
    if start is None:
        return
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return  # a failure here only means the rename does the work
    try:
        start(descriptor, 0, 0, _SYNC_FILE_RANGE_WRITE)  # returns -1 on failure: the same
    finally:
        os.close(descriptor)


_SYNC_FILE_RANGE_WRITE = 2  # from <fcntl.h>: start writeback of dirty pages, do not wait


@functools.lru_cache(maxsize=1)
def _sync_file_range() -> Callable[[int, int, int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: only builds that replace large files need it

    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def look_at_file(path: Path) -> FileLook | None:
    """The file's size and modification time, or None when there is no file."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def hash_file(path: Path) -> str:
    """The hex SHA-256 of the bytes of the file at `path`, read a megabyte at a time."""
    hasher = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def walk_files(
    root: Path, skip: frozenset[Path] = frozenset(), skip_names: frozenset[str] = frozenset(), prefix: str = ""
) -> list[tuple[str, FileLook]]:
    """Every file under `root` (relative name, look), in a stable order, leaving out `skip`
    folders and entries named in `skip_names`.

    A symbolic link is not followed (it may loop, or point anywhere): it is given as modified
    just now, so a site with one is always looked at as unsettled and built in full.
    """
    found: list[tuple[str, FileLook]] = []
    _walk_into(str(root), prefix, {str(path) for path in skip}, skip_names, found)
    return found


def _walk_into(folder: str, prefix: str, skip: set[str], skip_names: frozenset[str], found: list[tuple[str, FileLook]]) -> None:
    # One list filled by plain recursion: at 10,000 pages the output folder holds 20,000 files
    # in 10,000 folders, and nested generators and a Path a folder took half the time.
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=_entry_name)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name in skip_names:
            continue
        if entry.is_symlink():
            found.append((prefix + name, (-1, time.time_ns())))
        elif entry.is_dir():
            if entry.path not in skip:
                _walk_into(entry.path, prefix + name + "/", skip, skip_names, found)
        elif entry.is_file():
            stat = entry.stat()
            found.append((prefix + name, (stat.st_size, stat.st_mtime_ns)))


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def look_at_output_folder(output_dir: Path) -> dict[str, FileLook]:
    """Every file in an output folder with its size and modification time (version control's
    folders and smo-gen's marker left out). The writer and the build stamp take the same look."""
    return dict(walk_files(output_dir, skip_names=_UNLOOKED_NAMES))


_UNLOOKED_NAMES = KEPT_NAMES | {OUTPUT_MARKER}
