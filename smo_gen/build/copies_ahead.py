"""The site's copied files (static files, page assets, cards) placed in a new staged tree while the pages render."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from smo_gen.build.caches.trusted_looks import FileLooks
from smo_gen.build.output_files import place_copy
from smo_gen.build.write_plan import output_fingerprint
from smo_gen.render.outputs import Output, WrittenAhead


@dataclass(frozen=True)
class CopyRequest:
    """What to copy ahead, and how (see `CopiesAhead`)."""

    copies: list[Output]  # in the build's order: a later copy to the same path wins (see `pipeline._dedupe`)
    rendered: Collection[str]  # paths rendered outputs take: their copies are never part of the site
    looks: FileLooks  # the build's trusted looks at its inputs, which the record's fingerprints use
    link: bool  # hard links where the file system allows (`hard_link_static`)


class CopiesAhead:
    """Copies placed into the tree staged for a new output folder, on a thread of their own,
    while the pages render; the writer then has nothing left to do for them.

    The bench site at 10,000 pages links 10,000 images (about 1,000 at 1,000 pages), each
    a system call or two the writer made after rendering, when every other core had finished.
    """

    def __init__(self, request: CopyRequest, stage: Path | None) -> None:
        """Copies for `stage` (a new, empty tree nobody reads yet); None: none are placed ahead."""
        self._request = request
        self._stage = stage
        self._placed: dict[int, WrittenAhead] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start placing the copies.

        Called once the render workers are forked: a process forked while this thread runs
        would inherit whatever it holds.
        """
        stage = self._stage
        if stage is None or self._thread is not None:
            return
        last = {output.dest: index for index, output in enumerate(self._request.copies)}
        todo = [index for dest, index in last.items() if dest not in self._request.rendered]
        self._thread = threading.Thread(target=self._place_all, args=(stage, todo), name="smo-gen-copies", daemon=True)
        self._thread.start()

    def _place_all(self, stage: Path, todo: list[int]) -> None:
        made: set[str] = set()
        for index in todo:
            if self._stop.is_set():
                return
            placed = _place(stage, self._request.copies[index], self._request, made)
            if placed is not None:
                self._placed[index] = placed

    def outputs(self) -> list[Output]:
        """The copies, each one placed as an output written ahead; once every one is placed."""
        if self._thread is not None:
            self._thread.join()
        return [
            replace(output, data=self._placed[index]) if index in self._placed else output
            for index, output in enumerate(self._request.copies)
        ]

    def stop(self) -> None:
        """Stop placing copies and return once the thread is done (the build failed: its staged tree goes)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def _place(stage: Path, output: Output, request: CopyRequest, made: set[str]) -> WrittenAhead | None:
    """Place one copy in `stage`: what the record knows of it, or None where it was not placed
    (the writer places it after rendering, and says what the system refused)."""
    if output.source is None or output.data is not None:
        return None
    target = os.path.join(stage, output.dest)
    placed = False
    try:
        fingerprint, _ = output_fingerprint(output, request.looks, request.link)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)  # render workers make folders in the same tree
            made.add(folder)
        if os.path.lexists(target):
            return None  # nothing of this build's: left to the writer
        placed = True
        place_copy(output.source, Path(target), request.link)
        info = os.stat(target)
    except FileExistsError:
        return None  # made meanwhile by something else: left as it is, and to the writer
    except OSError:
        if placed:
            with contextlib.suppress(OSError):
                os.unlink(target)
        return None
    return WrittenAhead(target, info.st_size, fingerprint, info.st_mtime_ns)
