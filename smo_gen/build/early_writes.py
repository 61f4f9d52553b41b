"""Large assembled outputs written to their temporary names while the rest of the site renders."""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from smo_gen.atomic_write import start_writeback
from smo_gen.build.output_folder import clear_temporary, temporary_name
from smo_gen.build.output_look import output_folder_look
from smo_gen.build.output_state import OutputState
from smo_gen.build.spare import SpareRequest, has_note, make_spare_request, spare_dir
from smo_gen.build.switch import Staging, wait_for_removals
from smo_gen.config.site_config import SiteConfig
from smo_gen.render.document_parts import Assembled, write_assembled
from smo_gen.render.outputs import Output, WrittenAhead
from smo_gen.side_process import side_process
from smo_gen.workers import can_fork

if TYPE_CHECKING:  # copies_ahead writes as output_files does, which imports this module
    from smo_gen.build.copies_ahead import CopiesAhead, CopyRequest

# Outputs this large (full-content feeds, the manifest: 100 MB each at 10,000 pages) are
# written on threads of their own: writing and copying release the GIL. (They come assembled,
# fingerprint and all: see `document_parts`.)
LARGE_OUTPUT = 1 << 20


class EarlyWrites:
    """Large assembled outputs written to their temporary names while the rest is rendered.

    A build with one page edited renders in one process, on one core; copying the kept
    entries of each 100 MB feed (0.08-0.2 s) can run on the other core meanwhile. Only the
    temporary file beside the output is written early: `write_site` renames it into place
    with everything else, so a build that fails before then leaves the output folder as it
    was, once `discard` has removed what was staged.
    """

    def __init__(self, output_dir: Path, state: OutputState | None = None) -> None:
        self.output_dir = output_dir
        self._state = state  # where the staging folder may come from (see `spare.make_spare_request`)
        self._opened = False
        self._pool: ThreadPoolExecutor | None = None
        self._staged: dict[str, tuple[Assembled, Path, Future[None]]] = {}
        # Where the next site is assembled (see `switch`), opened with the first output offered;
        # `write_site` takes it over. None: not opened, or files are replaced one by one.
        self.staging: Staging | None = None
        self._new: Path | None = None  # the staged tree, when it is one for a new output folder
        self._copies: CopiesAhead | None = None

    def open_staging(self, spare: Path) -> None:
        """Make a new staging folder now, and have a forked process fill it with links to the
        current files while this one reads, models and renders the site: where no spare tree
        was kept (`spare`: its place, see `spare`), as on the first edit after a clean build.

        Called as a build into an existing output folder starts, once the stamp said something
        changed, and only where the links are made in a process of their own (`can_fork`; on a
        thread they would take turns with the whole build for the interpreter). Linking a
        10,000-page site (10,000 folders, 20,000 files) takes ~0.8 s of system time: begun with
        the rendering, that edit waited for the end of it; begun here, it runs beside the parse
        and the model too, forked from a process that has not read the page cache yet (a
        smaller fork, and no pages copied as the build goes on). A kept spare is brought up to
        date when rendering starts, as before: that costs what changed. `take_state` says
        where the tree goes after the switch; a build that changes nothing keeps it as the spare.
        """
        if self._opened or not (can_fork() or side_process()) or not self.output_dir.is_dir() or has_note(spare):
            return
        self._open(None)  # where the tree switched out goes is known once the state is taken

    def take_state(self, state: OutputState) -> None:
        """The output folder as this build found it: where a staging folder may come from, and
        where one opened early keeps the tree it switches out (see `spare.make_spare_request`)."""
        self._state = state
        if self.staging is not None and self.staging.spare is None:
            self.staging.spare = make_spare_request(state)

    def _open(self, spare: SpareRequest | None) -> None:
        """Open the staging folder (`spare`: see `Staging.open`) and start linking the current files into it."""
        self._opened = True
        self.staging = Staging.open(self.output_dir, spare)
        if self.staging is not None:
            self.staging.start_mirror()

    def offer(self, dest: str, data: bytes | Assembled | WrittenAhead | None) -> None:
        """Start writing `data` for `dest` if it is a large document cut from the last build's file."""
        if not self._opened and self.output_dir.is_dir():
            # Something is rendered, so something is likely to change: the staging folder is
            # made now, and a new one filled with links to the current files meanwhile.
            self._open(make_spare_request(self._state))
        if not (isinstance(data, Assembled) and data.source is not None and data.size >= LARGE_OUTPUT):
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="smo-gen-early")
        root = self.staging.path if self.staging is not None else self.output_dir
        temporary = temporary_name(root / dest)
        self._staged[dest] = (data, temporary, self._pool.submit(_write_early, temporary, data))

    def stage_new(self) -> Path | None:
        """Where render workers may write what they render (see `render_workers.write_ahead`):
        the new, empty tree staged for an output folder that does not exist yet (the first
        build, or one after the folder was deleted). None where there is an output folder, or
        where the system cannot switch a staged tree in (the writer then writes file by file)."""
        if self._opened or os.path.lexists(self.output_dir) or not self.output_dir.parent.is_dir():
            return None  # a build that fails makes no folder above the output folder
        self._opened = True
        # No spare tree (see `spare`): it mirrors an output folder that is gone.
        self.staging = Staging.open(self.output_dir)
        self._new = self.staging.path if self.staging is not None else None
        return self._new

    def copy_ahead(self, request: CopyRequest) -> CopiesAhead:
        """The copies of `request`, to be placed in the new staged tree (see `stage_new`) while
        the pages render; where there is none, `CopiesAhead.outputs` gives them as they are."""
        from smo_gen.build.copies_ahead import CopiesAhead

        self._copies = CopiesAhead(request, self._new)
        return self._copies

    def has(self, output: Output) -> bool:
        """Whether `output`'s bytes are being written here (`take` then gives their file)."""
        staged = self._staged.get(output.dest)
        return staged is not None and staged[0] is output.data

    def take(self, output: Output) -> Path | None:
        """The temporary file holding `output`'s bytes, once written (raising what writing it
        raised), or None when it was not staged."""
        staged = self._staged.pop(output.dest, None)
        if staged is None:
            return None
        data, temporary, done = staged
        if data is not output.data:  # not what is being written now: never rename it into place
            done.exception()
            temporary.unlink(missing_ok=True)
            return None
        done.result()
        return temporary

    def discard(self) -> None:
        """Wait for the writes under way, then remove every temporary file not taken (and the
        staging folder, unless `write_site` took it)."""
        if self._copies is not None:
            self._copies.stop()  # before its tree is deleted
        for _, temporary, done in self._staged.values():
            done.exception()  # waits; an error is moot for a file nobody will use
            temporary.unlink(missing_ok=True)
        self._staged.clear()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self.staging is not None:
            self.staging.discard()
            self.staging = None

    def take_staging(self) -> Staging | None:
        """The staging folder the early writes went to, now the caller's to switch or discard."""
        staging, self.staging = self.staging, None
        return staging


def _write_early(temporary: Path, data: Assembled) -> None:
    temporary.parent.mkdir(parents=True, exist_ok=True)
    clear_temporary(temporary)
    write_assembled(temporary, data)
    start_writeback(temporary)  # or the rename over the old file would do it (see there)


def make_spare_ahead(config: SiteConfig) -> None:
    """Keep a spare tree for the site's output folder where none is kept (see `spare`), as a
    build that stages and then writes nothing keeps it: for a process that builds again and has
    the time now (a build server, after a cold build beside it). The next build then brings the
    spare up to date, paying for what changed, rather than linking the whole site beside it.
    """
    wait_for_removals()  # a spare still being trimmed after the last switch is kept as it is
    spare = spare_dir(config.output_dir, config.cache_dir)
    if has_note(spare) or not config.output_dir.is_dir() or not config.cache_dir.is_dir():
        return  # (a cache folder deleted meanwhile is not made again: the next build is a cold one)
    with output_folder_look(config.output_dir) as look:
        state = OutputState(config.output_dir, config.cache_dir, look.result, config.base_url)
    staging = Staging.open(config.output_dir, make_spare_request(state))
    if staging is None:
        return
    try:
        staging.start_mirror()
    finally:
        staging.discard()  # complete and unwritten: kept as the spare, with its note
