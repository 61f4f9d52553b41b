"""The output folder's look, taken by a child process on another core while the build goes on.

Every build looks at each file in the output folder (size and modification time): the build
stamp compares that look with the last build's, and the writer uses it to tell a file it wrote
from one changed by hand. At 10,000 pages the folder is 10,000 folders and the look takes
0.2 s, in which a build could be looking at its inputs and parsing. So `build` forks a child
that takes the look and hands it back through a pipe.

Only where a fork is safe: on Linux, and in a process with no other thread (a fork copies one
thread of a process whose other threads may hold locks; `serve` builds on a thread of its
own). Elsewhere, and if the child fails, the look is taken in this process when first needed.
A build server hands the walk to its side process instead (see `side_process`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from smo_gen.build.output_folder import UNLOOKED_NAMES, look_at_output_folder
from smo_gen.file_looks import FileLook
from smo_gen.side_process import SideProcessFailed, side_process
from smo_gen.workers import child_succeeded, fork_task


class OutputFolderLook:
    """`look_at_output_folder(folder)`, started now and given by `result()`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._look: dict[str, FileLook] | None = None
        self._child: int | None = None
        self._pipe: int | None = None
        side = side_process()  # a build server's: it never forks (see `side_process`)
        self._side_task = side.submit("look", str(folder), sorted(UNLOOKED_NAMES)) if side else None
        if self._side_task is not None:
            return
        readable, writable = os.pipe()

        def hand_over() -> None:  # in the child: take the look and write it into the pipe
            os.close(readable)
            view = memoryview(pickle.dumps(look_at_output_folder(self.folder), protocol=pickle.HIGHEST_PROTOCOL))
            while view:
                view = view[os.write(writable, view) :]

        self._child = fork_task(hand_over)
        os.close(writable)
        if self._child is None:
            os.close(readable)  # no child: the look is taken here when asked for
        else:
            self._pipe = readable

    def result(self) -> dict[str, FileLook]:
        """The look: the child's, or one taken now if there is no child or it failed."""
        if self._look is None and self._side_task is not None:
            task, self._side_task = self._side_task, None
            with contextlib.suppress(SideProcessFailed):
                self._look = dict(task.result())
        if self._look is None:
            data = self._collect()
            self._look = pickle.loads(data) if data else look_at_output_folder(self.folder)
        return self._look

    def _collect(self) -> bytes:
        if self._pipe is None:
            return b""
        chunks = []
        try:
            while chunk := os.read(self._pipe, 1 << 20):
                chunks.append(chunk)
        finally:
            status = self._wait()
        return b"".join(chunks) if status == 0 else b""

    def close(self) -> None:
        """Stop the child if its look was never asked for (the build failed or stopped early)."""
        if self._side_task is not None:
            self._side_task.cancel()
            self._side_task = None
        if self._child is not None:
            os.kill(self._child, signal.SIGKILL)
        self._wait()

    def _wait(self) -> int | None:
        status = None
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._child is not None:
            status = 0 if child_succeeded(self._child) else 1
            self._child = None
        return status


@contextmanager
def output_folder_look(folder: Path) -> Iterator[OutputFolderLook]:
    """An `OutputFolderLook` of `folder` whose child is waited for when the block ends."""
    look = OutputFolderLook(folder)
    try:
        yield look
    finally:
        look.close()
