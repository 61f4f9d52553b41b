"""One `smo-gen syndicate` at a time per site: an exclusive `flock` on a lock file."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from smo_gen.errors import Problem, SmoError


@contextmanager
def hold_lock(path: Path) -> Iterator[None]:
    """Hold the lock at `path` for the block; fail at once with a clear message if it is taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 64, 0).decode("ascii", "replace").strip()
            raise SmoError(
                Problem(
                    "another 'smo-gen syndicate' is running for this site" + (f" (process {holder})" if holder else ""),
                    path=str(path),
                    hint="wait for it to finish; nothing was posted by this run",
                )
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
