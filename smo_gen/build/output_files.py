"""Writing output files into place: folder by folder on threads, under temporary names, then renamed."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from smo_gen.build.early_writes import LARGE_OUTPUT, EarlyWrites
from smo_gen.build.output_folder import clear_temporary, temporary_name
from smo_gen.build.write_options import WriteOptions
from smo_gen.render.document_parts import Assembled, write_assembled
from smo_gen.render.outputs import Output, WrittenAhead
from smo_gen.workers import usable_cores

# Creating files is mostly kernel work (inode and directory updates), so more threads than
# cores only contend: on 2 cores, 2 threads wrote a 1,000-page site faster than 8 (1.46 s
# against 1.63 s, medians of 3 alternating builds).
WRITE_THREADS = max(2, usable_cores())
WRITE_THREADS_MINIMUM = 64  # below this, starting threads costs more than it saves


def write_files(
    changed: list[tuple[Path, Output]],
    options: WriteOptions,
    in_place: bool,
    held: list[int] | None = None,
    done: list[str] | None = None,
    placed: int = 0,
) -> None:
    """Write `changed`, folder by folder, several folders at a time; add each output's dest to
    `done` once written. `placed` outputs were written ahead in their place and left out of
    `changed`: the progress counts them first.

    Creating folders and files is system calls (a cold build makes thousands of each), which
    release the GIL, so threads run them side by side, one a core (WRITE_THREADS).
    `in_place` (a new output folder, where nothing can be in the way and no reader can see an
    old file) writes files in place, without a temporary name and a rename.
    """
    by_folder: dict[Path, list[tuple[Path, Output]]] = {}
    tasks: list[tuple[Path, list[tuple[Path, Output]]]] = []
    written, total = placed, placed + len(changed)
    for target, output in changed:
        # A large output gets a task of its own, unless written early already: it is only renamed.
        if _size(output) >= LARGE_OUTPUT and not (options.early is not None and options.early.has(output)):
            tasks.append((target.parent, [(target, output)]))
        else:
            by_folder.setdefault(target.parent, []).append((target, output))
    tasks += by_folder.items()
    write = functools.partial(_write_folder, options=options, in_place=in_place, held=held, done=done)
    if placed:  # all at once; but a count starts at one, the count a terminal always shows first
        options.progress(1, total)
        if placed > 1:
            options.progress(placed, total)
    if total - written < WRITE_THREADS_MINIMUM and len(tasks) - len(by_folder) < 2:
        for task in tasks:
            written += write(task)
            options.progress(written, total)
        return
    with ThreadPoolExecutor(WRITE_THREADS) as pool:
        for count in pool.map(write, tasks):  # draining the results re-raises the first error
            written += count
            options.progress(written, total)


def _write_folder(
    folder: tuple[Path, list[tuple[Path, Output]]],
    options: WriteOptions,
    in_place: bool,
    held: list[int] | None = None,
    done: list[str] | None = None,
) -> int:
    """Write the files of one folder; return how many."""
    path, files = folder
    path.mkdir(parents=True, exist_ok=True)
    for target, output in files:
        try:
            # An assembled output may copy from the file it replaces, so it never overwrites it in place.
            if in_place and not (isinstance(output.data, Assembled) and output.data.source):
                _write_in_place(target, output, options.link)
            else:
                _write_file(target, output, held, options.early, options.link)
        except OSError as error:
            if error.errno in (errno.ENOSPC, errno.EDQUOT):  # say which output, not which source it copied
                raise OSError(error.errno, error.strerror, str(target)) from error
            raise
        if done is not None:
            done.append(output.dest)  # list.append is atomic: threads share it
    return len(files)


def written_ahead_at(output: Output, target: str) -> bool:
    """Whether `output` is in place at `target` already: written there by the worker that
    rendered it (see `render_workers.write_ahead`) or placed there by `copies_ahead`."""
    return isinstance(output.data, WrittenAhead) and output.data.path == target


def _write_in_place(target: Path, output: Output, link: bool) -> None:
    """Write a file that did not exist (in a new output folder); never leave half of it."""
    try:
        _write_content(target, output, link)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _size(output: Output) -> int:
    if isinstance(output.data, (Assembled, WrittenAhead)):
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
    temporary = temporary_name(target)
    try:
        if early is None or early.take(output) is None:
            clear_temporary(temporary)
            _write_content(temporary, output, link)
        if held is not None and _size(output) >= LARGE_OUTPUT:
            with contextlib.suppress(OSError):  # nothing there (or unreadable): nothing to hold
                held.append(os.open(target, os.O_RDONLY))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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
    elif isinstance(output.data, WrittenAhead):
        # Written ahead into a staged tree the build could not switch in: placed again from
        # the source of a copy, else copied from that tree (`writer.write_site` deletes it once done).
        if output.source is not None:
            place_copy(output.source, path, link)
        else:
            shutil.copyfile(output.data.path, path)
    elif output.data is not None:
        # os.open with the final mode: no chmod afterwards, and the umask is respected.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(output.data)
    else:
        assert output.source is not None
        place_copy(output.source, path, link)


def place_copy(source: str | Path, path: Path, link: bool) -> None:
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


def remove_obstacle(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
