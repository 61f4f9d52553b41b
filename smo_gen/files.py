"""Writing a file so that readers see the old bytes or the new ones, never half of either; reading caches."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

# Folders of an output folder that are never ours to write or tidy (a deploy checkout's history).
KEPT_NAMES = frozenset({".git", ".hg", ".svn"})


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


def load_cache_pickle(path: Path) -> object | None:
    """What a cache file holds, or None when it is missing, damaged or written by other code."""
    try:
        with open(path, "rb") as handle:
            loaded: object = pickle.load(handle)
            return loaded
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError, IndexError):
        return None
