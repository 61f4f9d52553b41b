"""Writing a rendered site into the output folder, touching only what changed.

Everything is rendered before this runs, so a build that fails never reaches the output
folder: the last good site stays exactly as it was. (Large feeds may be assembled partly from
ranges of the files the last build wrote, see `assembled`; those files are only read.) Where
the system allows, the new site is assembled beside the output folder and switched in whole
(see `switch`); elsewhere each file is written to a temporary name and renamed into place,
so readers never see half a file.
A record of what was written (in the cache folder, not the output) lets the next build skip
unchanged files and remove the ones no page produces any more.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import shutil
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from smo_gen.atomic_write import start_writeback, write_atomically
from smo_gen.build.output_folder import (
    MARKER_NAME,
    TEMPORARY_SUFFIX,
    OutputWriteError,
    Record,
    dump_output_record,
    load_output_record,
    look_at_output_folder,
    marker_text,
    read_marker,
)
from smo_gen.build.switch import CannotStage, Staging, tidy
from smo_gen.build.workers import usable_cores
from smo_gen.errors import BuildError, Problem
from smo_gen.file_looks import FileLook, look_at_file
from smo_gen.path_names import MAX_NAME_BYTES, find_long_names
from smo_gen.render.document_parts import Assembled, Source, write_assembled
from smo_gen.render.outputs import Output
from smo_gen.reporter import Progress, no_progress

# Creating files is mostly kernel work (inode and directory updates), so more threads than
# cores only contend: on 2 cores, 2 threads wrote a 1,000-page site faster than 8 (1.46 s
# against 1.63 s, medians of 3 alternating builds).
WRITE_THREADS = max(2, usable_cores())
WRITE_THREADS_MINIMUM = 64  # below this, starting threads costs more than it saves
# Outputs this large (full-content feeds, the manifest: 100 MB each at 10,000 pages) are
# written on threads of their own: writing and copying release the GIL. (They come assembled,
# fingerprint and all: see `assembled`.)
LARGE_OUTPUT = 1 << 20


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int
    # Every file in the output folder afterwards (as `look_at_output_folder` gives it) when the
    # sweep for stale files took that look anyway; None when it did not.
    look: dict[str, FileLook] | None = field(default=None, compare=False)


class EarlyWrites:
    """Large assembled outputs written to their temporary names while the rest is rendered.

    A build with one page edited renders in one process, on one core; copying the kept
    entries of each 100 MB feed (0.08-0.2 s) can run on the other core meanwhile. Only the
    temporary file beside the output is written early: `write_site` renames it into place
    with everything else, so a build that fails before then leaves the output folder as it
    was, once `discard` has removed what was staged.
    """

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self._pool: ThreadPoolExecutor | None = None
        self._staged: dict[str, tuple[Assembled, Path, Future[None]]] = {}
        # Where the next site is assembled (see `switch`), opened with the first early write;
        # `write_site` takes it over. None: not opened, or files are replaced one by one.
        self.staging: Staging | None = None

    def offer(self, dest: str, data: bytes | Assembled | None) -> None:
        """Start writing `data` for `dest` if it is a large document cut from the last build's file."""
        if not (isinstance(data, Assembled) and data.source is not None and data.size >= LARGE_OUTPUT):
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="smo-gen-early")
            self.staging = Staging.open(self.output_dir)
        root = self.staging.path if self.staging is not None else self.output_dir
        temporary = _temporary_name(root / dest)
        self._staged[dest] = (data, temporary, self._pool.submit(_write_early, temporary, data))

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
    _clear(temporary)
    write_assembled(temporary, data)
    start_writeback(temporary)  # or the rename over the old file would do it (see there)


# An output's record (see `output_folder.Record`) holds the size and modification time of the
# file as written, so a file changed by hand since (even to the same size) is not taken for current.


def _fingerprint(
    output: Output, looks: Mapping[str, FileLook] = MappingProxyType({}), link: bool = False
) -> tuple[str, int]:
    """What the output's bytes are known by, and how many there are: for a copy, its source's
    look, from `looks` (the build's trusted look at its inputs) or a stat, and whether it is
    linked (so a copy is made afresh when the setting changes)."""
    if isinstance(output.data, Assembled):
        return output.data.fingerprint, output.data.size
    if output.data is not None:
        return "sha256:" + hashlib.sha256(output.data).hexdigest(), len(output.data)
    assert output.source is not None
    source = str(output.source)
    look = looks.get(source)
    if look is None:
        info = os.stat(output.source)
        look = info.st_size, info.st_mtime_ns
    return f"{'link' if link else 'file'}:{source}:{look[0]}:{look[1]}", look[0]


class OutputState:
    """What the previous build wrote into this output folder, file by file."""

    def __init__(
        self,
        output_dir: Path,
        cache_dir: Path,
        folder_look: Callable[[], dict[str, FileLook]] | None = None,
        base_url: str | None = None,
    ) -> None:
        """`folder_look()` gives the output folder's look taken before this build writes (default:
        `look_at_output_folder`, taken here). With `base_url`, the folder is marked as that
        site's output (see `output_folder`) when it is not yet."""
        self.output_dir = output_dir
        # One record per output folder, so `serve` (its own folder) and `build` never undo each
        # other's record; JSON, never a pickle: the cache folder may come from a checkout.
        record = load_output_record(output_dir, cache_dir)
        self.path, self.stored, self.files = record.path, record.stored, record.files
        marked = read_marker(output_dir) is not None
        self.marker = marker_text(base_url) if base_url is not None else None
        if self.marker is not None and marked and (output_dir / MARKER_NAME).read_bytes() == self.marker:
            self.marker = None  # marked already
        # A folder that is ours (marked, or written by a build that kept a record) is looked at
        # once, before this build writes, and that look serves every check below.
        take_look = folder_look or functools.partial(look_at_output_folder, output_dir)
        self.folder_look: dict[str, FileLook] | None = take_look() if marked or self.files else None

    def is_current(self, dest: str, key: str) -> bool:
        """True when the file at `dest` was made from the same inputs and is still there."""
        record = self.files.get(dest)
        return record is not None and record[2] == key and intact(self.output_dir, dest, record, self.look(dest))

    def look(self, dest: str) -> FileLook | None:
        """The size and modification time of the file at `dest` before this build wrote."""
        if self.folder_look is not None:
            return self.folder_look.get(dest)
        return look_at_file(self.output_dir / dest)

    def written(self, dest: str) -> Source | None:
        """The file at `dest` as the last build wrote it, when it still is (see `intact`)."""
        record = self.files.get(dest)
        look = self.look(dest)
        if record is None or look is None or not intact(self.output_dir, dest, record, look):
            return None
        return Source(str(self.output_dir / dest), look, str(record[0]))

    def reads_site(self, dest: str) -> bool:
        record = self.files.get(dest)
        return bool(record and record[3])


def write_site(
    outputs: Iterable[Output],
    output_dir: Path,
    cache_dir: Path,
    state: OutputState | None = None,
    looks: Mapping[str, FileLook] = MappingProxyType({}),
    early: EarlyWrites | None = None,
    progress: Progress = no_progress,
    link: bool = False,
) -> WriteStats:
    """Bring `output_dir` in line with `outputs`: write what changed, remove what is gone.

    An output with neither data nor source is one the build found current (`is_current`):
    it is kept as it is. `looks` are trusted sizes and times of source files, by full path.
    `early` holds outputs already written to their temporary names while rendering.
    `progress` hears how many of the changed files are written. With `link`, outputs copied
    from a source file are hard links to it where the file system allows (see `_place_copy`).
    """
    state = state or OutputState(output_dir, cache_dir)
    previous = state.files
    fresh = not output_dir.exists()  # nothing can be in the way
    current: dict[str, Record] = {}
    changed: list[tuple[Path, Output]] = []
    unchanged = 0
    for output in outputs:
        if output.data is None and output.source is None:
            current[output.dest] = previous[output.dest]
            unchanged += 1
            continue
        fingerprint, size = _fingerprint(output, looks, link)
        before = previous.get(output.dest)
        if before is not None and before[:2] == [fingerprint, size] and intact(output_dir, output.dest, before, state.look(output.dest)):
            current[output.dest] = [fingerprint, size, output.key, output.reads_site, before[4]]
            unchanged += 1
            continue
        current[output.dest] = [fingerprint, size, output.key, output.reads_site, None]  # time once written
        changed.append((output_dir / output.dest, output))
    problems = find_long_names(output.dest for _, output in changed)
    in_the_way = [] if fresh else find_obstacles(changed, output_dir, previous, problems)
    if problems:
        raise BuildError(problems)
    stale = [dest for dest in previous if dest not in current]
    needed = bool(changed or in_the_way or stale or state.marker is not None)  # else nothing is touched
    staging = early.take_staging() if early is not None else None
    if staging is not None and not needed:
        staging.discard()  # early writes for outputs found unchanged after all
        staging = None
    if staging is None and needed:
        staging = Staging.open(output_dir)
    elif not needed:
        tidy(output_dir)  # a build stopped after its switch left the old tree beside the output
    if staging is not None:
        try:
            return _write_staged(staging, state, current, changed, in_the_way, bool(stale), early, progress, link, unchanged)
        except CannotStage:  # the staging folder is removed: write file by file instead
            early = None  # its files went to the staging folder
    done: list[str] = []  # outputs written so far, recorded as ours even if writing stops
    held: list[int] = []  # replaced large files, freed beside the rest of the build
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        if state.marker is not None:
            _atomic_write_bytes(output_dir / MARKER_NAME, state.marker)
        for path in in_the_way:
            _remove_obstacle(path)
        _write_files(changed, output_dir, fresh, held, early, progress, link, done)
    except OSError as error:
        written = {dest: current[dest] for dest in done}
        for dest, record in written.items():  # as written: not written again next time
            record[4] = (look_at_file(output_dir / dest) or (0, None))[1]
        with contextlib.suppress(OSError):  # the disk may be full for the record too
            _save_record(state, {**previous, **written}, output_dir)
        raise OutputWriteError(error, output_dir, "new" if fresh else "partly" if done else "untouched") from error
    finally:
        release_later(held)
        if early is not None:
            early.discard()  # staged for an output found unchanged after all
    return _finish(output_dir, output_dir, state, current, changed, unchanged)


def _finish(
    root: Path, output_dir: Path, state: OutputState, current: dict[str, Record], changed: list[tuple[Path, Output]], unchanged: int,
    save: bool = True,
) -> WriteStats:
    """Remove the stale files under `root` (the output folder or the staged tree), record
    the time each changed file was written, and save the record unless told not to."""
    removed, look = _remove_stale(root, current, state.files, state.folder_look)
    for target, output in changed:
        written_look = look_at_file(target)
        current[output.dest][4] = written_look[1] if written_look else None
        if look is not None and written_look is not None:
            look[output.dest] = written_look
    if save:
        _save_record(state, current, output_dir)
    return WriteStats(len(changed), unchanged, removed, look)


def _write_staged(
    staging: Staging,
    state: OutputState,
    current: dict[str, Record],
    changed: list[tuple[Path, Output]],
    in_the_way: list[Path],
    stale: bool,
    early: EarlyWrites | None,
    progress: Progress,
    link: bool,
    unchanged: int,
) -> WriteStats:
    """`write_site` through a staged tree (see `switch`): the output folder is replaced whole,
    or not at all."""
    output_dir, root = staging.output_dir, staging.path
    # The changed files are left out of the mirror, so they are written straight to their
    # place in the staged tree (nobody reads it yet), without a temporary name.
    staged = [(root / output.dest, output) for _, output in changed]
    try:
        staging.mirror({output.dest for _, output in changed})  # CannotStage: replaced file by file instead
        if state.marker is not None:
            _atomic_write_bytes(root / MARKER_NAME, state.marker)
        for path in in_the_way:
            _remove_obstacle(root / path.relative_to(output_dir))
        _write_files(staged, root, True, None, early, progress, link)
        if early is not None:
            early.discard()  # staged for an output found unchanged after all: not part of the site
        stats = _finish(root, output_dir, state, current, staged, unchanged, save=False)
        # Recorded before the switch: a build stopped between the two finds every file of
        # either tree in the record, and rewrites what does not match.
        _save_record(state, {**state.files, **current} if stale else current, output_dir)
        staging.switch()
    except OSError as error:
        staging.discard()
        shown = _as_output_path(error, root, output_dir)
        raise OutputWriteError(shown, output_dir, "untouched" if output_dir.exists() else "unmade") from error
    except BaseException:  # CannotStage, or the build interrupted
        staging.discard()
        raise
    finally:
        if early is not None:
            early.discard()
    if stale:
        _save_record(state, current, output_dir)  # without the files this build removed
    return stats


def _as_output_path(error: OSError, root: Path, output_dir: Path) -> OSError:
    """`error` naming the output file, not its place in the staged tree."""
    if isinstance(error.filename, str) and Path(error.filename).is_relative_to(root):
        shown = output_dir / Path(error.filename).relative_to(root)
        return OSError(error.errno, error.strerror, str(shown))
    return error


def _save_record(state: OutputState, files: dict[str, Record], output_dir: Path) -> None:
    new_state = dump_output_record(output_dir, files)
    if new_state != state.stored:
        state.path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write_bytes(state.path, new_state)
        state.path.with_suffix(".pickle").unlink(missing_ok=True)  # the record as earlier versions kept it, never read



def intact(output_dir: Path, dest: str, record: Record, look: FileLook | None) -> bool:
    """True when the file at `dest`, whose size and modification time are `look`, is still
    the one `record` describes.

    Size and modification time as written decide it; a file whose time alone changed
    (touched, copied back) is read and compared by digest, and its new time recorded. A
    file changed by hand, even to the same size, is not intact.
    """
    if look is None or look[0] != record[1]:
        return False
    if look[1] == record[4]:
        return True
    fingerprint = str(record[0])
    try:
        if not fingerprint.startswith("sha256:"):
            return False  # a copy: its source is known by name, size and time, not by digest
        if "sha256:" + hashlib.sha256((output_dir / dest).read_bytes()).hexdigest() != fingerprint:
            return False
    except OSError:
        return False
    record[4] = look[1]
    return True


def find_obstacles(
    changed: list[tuple[Path, Output]], output_dir: Path, previous: Mapping[str, Record], problems: list[Problem]
) -> list[Path]:
    """What is in the way of the outputs to write, to remove before writing: a file where a
    folder is now needed ('a' before 'a/index.html'), a folder where a file is now needed.

    Only what the last build wrote may go (and a link, never followed); anything else in the
    way is added to `problems`, before a single file is written.
    """
    obstacles: list[Path] = []
    looked: dict[str, bool] = {}  # folder -> in the way (each looked at once)
    for target, output in changed:
        parts = output.dest.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in looked:
                looked[folder] = _is_in_the_way(output_dir / folder)
                if looked[folder]:
                    _add_obstacle(output_dir, folder, output.dest, previous, obstacles, problems)
            if looked[folder]:
                break
        else:
            if target.is_dir() and not target.is_symlink() and output.dest not in looked:
                looked[output.dest] = True
                _add_obstacle(output_dir, output.dest, output.dest, previous, obstacles, problems)
    return obstacles


def _is_in_the_way(folder: Path) -> bool:
    """True when `folder` exists as something other than a folder (a file, or a link, which a
    build never writes through)."""
    try:
        mode = folder.lstat().st_mode
    except OSError:
        return False
    return not stat.S_ISDIR(mode)


def _add_obstacle(
    output_dir: Path, name: str, dest: str, previous: Mapping[str, Record], obstacles: list[Path], problems: list[Problem]
) -> None:
    path = output_dir / name
    if path.is_dir() and not path.is_symlink():
        foreign = [
            rel for rel in (p.relative_to(output_dir).as_posix() for p in _files_under(path)) if rel not in previous
        ]
    else:
        foreign = [] if name in previous else [name]
    if not foreign:
        obstacles.append(path)
        return
    problems.append(
        Problem(
            f"{output_dir.name}/{foreign[0]} is in the way of {output_dir.name}/{dest}, and smo-gen did not write it",
            hint="move or delete it by hand, then build again",
        )
    )


def _files_under(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):  # links are listed, never followed
        for name in files + [f for f in folders if os.path.islink(os.path.join(root, f))]:
            yield Path(root, name)


def _remove_obstacle(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _write_files(
    changed: list[tuple[Path, Output]],
    output_dir: Path,
    fresh: bool,
    held: list[int] | None = None,
    early: EarlyWrites | None = None,
    progress: Progress = no_progress,
    link: bool = False,
    done: list[str] | None = None,
) -> None:
    """Write `changed`, folder by folder, several folders at a time; add each output's dest to
    `done` once written.

    Creating folders and files is system calls (a cold build makes thousands of each), which
    release the GIL, so threads run them side by side, one a core (WRITE_THREADS).
    In a `fresh` output folder (it did not exist) nothing can be in the way and no reader can
    see an old file, so files are written in place, without a temporary name and a rename.
    """
    by_folder: dict[Path, list[tuple[Path, Output]]] = {}
    tasks: list[tuple[Path, list[tuple[Path, Output]]]] = []
    for target, output in changed:
        if _size(output) >= LARGE_OUTPUT:
            tasks.append((target.parent, [(target, output)]))  # a task of its own
        else:
            by_folder.setdefault(target.parent, []).append((target, output))
    tasks += by_folder.items()
    write = functools.partial(_write_folder, in_place=fresh, held=held, early=early, link=link, done=done)
    written = 0
    if len(changed) < WRITE_THREADS_MINIMUM and len(tasks) - len(by_folder) < 2:
        for task in tasks:
            written += write(task)
            progress(written, len(changed))
        return
    with ThreadPoolExecutor(WRITE_THREADS) as pool:
        for count in pool.map(write, tasks):  # draining the results re-raises the first error
            written += count
            progress(written, len(changed))


def _write_folder(
    folder: tuple[Path, list[tuple[Path, Output]]],
    in_place: bool,
    held: list[int] | None = None,
    early: EarlyWrites | None = None,
    link: bool = False,
    done: list[str] | None = None,
) -> int:
    """Write the files of one folder; return how many."""
    path, files = folder
    path.mkdir(parents=True, exist_ok=True)
    for target, output in files:
        try:
            # An assembled output may copy from the file it replaces, so it never overwrites it in place.
            if in_place and not (isinstance(output.data, Assembled) and output.data.source):
                _write_in_place(target, output, link)
            else:
                _write_file(target, output, held, early, link)
        except OSError as error:
            if error.errno in (errno.ENOSPC, errno.EDQUOT):  # say which output, not which source it copied
                raise OSError(error.errno, error.strerror, str(target)) from error
            raise
        if done is not None:
            done.append(output.dest)  # list.append is atomic: threads share it
    return len(files)


def _write_in_place(target: Path, output: Output, link: bool) -> None:
    """Write a file that did not exist (in a new output folder); never leave half of it."""
    try:
        _write_content(target, output, link)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _size(output: Output) -> int:
    if isinstance(output.data, Assembled):
        return output.data.size
    return len(output.data) if output.data is not None else 0


def _write_file(
    target: Path, output: Output, held: list[int] | None = None, early: EarlyWrites | None = None, link: bool = False
) -> None:
    """Write one output under a temporary name beside it and rename it into place.

    With `held`, a large file replaced this way is kept open and its descriptor added there,
    so that freeing it waits for `release_later` (see there). An output `early` wrote already
    is only renamed.
    """
    if link and output.source is not None and _same_file(output.source, target):
        return  # linked already, its source since touched: a rename onto the same file would do nothing
    temporary = _temporary_name(target)
    try:
        if early is None or early.take(output) is None:
            _clear(temporary)
            _write_content(temporary, output, link)
        if held is not None and _size(output) >= LARGE_OUTPUT:
            with contextlib.suppress(OSError):  # nothing there (or unreadable): nothing to hold
                held.append(os.open(target, os.O_RDONLY))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _temporary_name(target: Path) -> Path:
    """The name `target` is written under before it is renamed into place: beside it, hidden,
    and never too long for the file system (a long name is replaced by its digest)."""
    name = f".{target.name}{TEMPORARY_SUFFIX}"
    if len(os.fsencode(name)) > MAX_NAME_BYTES:
        name = f".{hashlib.sha256(os.fsencode(target.name)).hexdigest()[:32]}.long{TEMPORARY_SUFFIX}"
    return target.with_name(name)


def _clear(temporary: Path) -> None:
    """Remove a temporary file a stopped build left. Never written into: it may be a hard link
    to a source file (see `_place_copy`)."""
    temporary.unlink(missing_ok=True)


def _same_file(source: str | Path, target: Path) -> bool:
    try:
        return os.path.samefile(source, target)
    except OSError:
        return False


def release_later(held: list[int]) -> None:
    """Close `held` (replaced files kept open) on a thread of its own.

    Renaming over a file frees its blocks in the renaming thread. Held open, the old files are
    freed when closed, by this thread, beside what the build still does after writing
    (sweeping stale files, saving its records and caches; in `serve`, telling the browser to
    reload): the writing of a one-edit build at 10,000 pages went from 0.46-0.50 to 0.27-0.32 s.
    A process does not end before the close returns: the kernel finishes it either way.
    """
    if held:
        threading.Thread(target=_close_all, args=(held,), name="smo-gen-release", daemon=True).start()


def _close_all(descriptors: list[int]) -> None:
    for descriptor in descriptors:
        os.close(descriptor)


def _write_content(path: Path, output: Output, link: bool = False) -> None:
    if isinstance(output.data, Assembled):
        write_assembled(path, output.data)
    elif output.data is not None:
        # os.open with the final mode: no chmod afterwards, and the umask is respected.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(output.data)
    else:
        assert output.source is not None
        _place_copy(output.source, path, link)


def _place_copy(source: str | Path, path: Path, link: bool) -> None:
    """Make `path` a copy of `source`: with `link`, a hard link to it where the file system
    allows one, else a copy of its bytes.

    A link makes no new file: after the output folder was deleted, copying 3,000 small images
    took 0.25-1.3 s and linking them 0.04 s. It shares the source's bytes, which is why it is
    a setting (`hard_link_static`) and not the default: a tool that edits the output in place
    would edit the source too.
    """
    if link:
        try:
            os.link(source, path)
            return
        except FileNotFoundError:
            raise  # no source: the same error a copy would give
        except OSError:
            pass  # another file system, or one without links: copy
    shutil.copyfile(source, path)


def _atomic_write_bytes(target: Path, data: bytes) -> None:
    write_atomically(target, data, durable=False)



# A temporary file this much older than the build is no other build's, still being written:
# it was left by a build that was stopped (killed, the machine off) while writing.
LEFTOVER_AGE_NS = 5 * 60 * 10**9


def leftover_temporaries(look: Mapping[str, FileLook], now_ns: int) -> list[str]:
    """The temporary files (see `_temporary_name`) in an output folder's `look` that a stopped
    build left behind: old enough that no build still running is writing them."""
    return [
        name
        for name, (_, mtime_ns) in look.items()
        if name.endswith(TEMPORARY_SUFFIX) and name.rpartition("/")[2].startswith(".") and mtime_ns < now_ns - LEFTOVER_AGE_NS
    ]


def _remove_stale(
    output_dir: Path, current: dict[str, Record], previous: dict[str, Record], before: dict[str, FileLook] | None
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
