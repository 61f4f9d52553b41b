"""The whole-site switch: a build's changes replace the output folder in one step.

A build that changes anything assembles the new site in a hidden folder beside the output
folder (`.public.smo-next-XXXXXXXX` beside `public/`, on the same file system): every file of
the current site that stays is hard-linked there (copied where the file system refuses a
link), the changed files are written there, the stale ones removed; then the two folders
trade places in one system call (Linux's renameat2 with RENAME_EXCHANGE) and the old tree,
now under the hidden name, is deleted. A build stopped at any moment (killed, the disk full,
the machine off) leaves the output folder holding either the whole old site or the whole new
one, never a mix. The output folder stays a real folder: a deploy checkout's history
(`public/.git`, see `KEPT_NAMES`) is moved into the new tree just before the exchange, and
any such history found in a tree about to be deleted is moved back first.

Where the exchange is not available (another system, a file system refusing it, an output
folder that is a link), `Staging.open` gives None and the writer falls back to replacing
file by file, each under a temporary name renamed into place.

A hidden folder left by a stopped build is removed by the next build (`clear_leftovers`);
one that another build still works in is locked (flock) and left alone.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import secrets
import shutil
import stat
import threading
from collections.abc import Callable, Collection
from pathlib import Path

from smo_gen.build import spare as spares
from smo_gen.build.output_folder import KEPT_NAMES, TEMPORARY_SUFFIX
from smo_gen.build.spare import Kept, SpareRequest
from smo_gen.libc import last_errno, libc_function
from smo_gen.side_process import SideProcessFailed, SideTask, side_process
from smo_gen.tree_links import NotLinkable, link_tree
from smo_gen.workers import child_succeeded, fork_task

STAGING_INFIX = ".smo-next-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


# The descriptors holding staging folders locked. A process forked meanwhile (a render
# worker) closes its copies, or a worker outliving a killed build would keep the lock, and the
# folder would never be seen as left over.
_LOCKS: set[int] = set()


def _forget_locks() -> None:
    for descriptor in _LOCKS:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks)


_REMOVERS: list[threading.Thread] = []  # old trees being deleted (see `Staging.switch`)


def wait_for_removals() -> None:
    """Return once the old trees of this process's switches are deleted."""
    while _REMOVERS:
        _REMOVERS.pop().join()


class CannotStage(Exception):
    """The output folder cannot be switched whole: it holds something a staged tree cannot
    carry (a device, a socket), or the system refused the exchange (a mount point)."""


@functools.cache
def _exchange_call() -> Callable[[str, str], None] | None:
    """renameat2(..., RENAME_EXCHANGE) through the C library (glibc 2.28 or later), or None
    where there is no such call. Looked up once."""
    # Looked up on first use, not at import: a build that changes nothing never needs it.
    function = libc_function("renameat2", ("int", "char_p", "int", "char_p", "uint"))
    if function is None:
        return None

    def exchange(first: str, second: str) -> None:
        if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) != 0:
            code = last_errno()
            raise OSError(code, os.strerror(code), first, None, second)

    return exchange


# The "top of a folder hierarchy" flag of ext2/3/4 (`chattr +T`), through FS_IOC_GETFLAGS and
# FS_IOC_SETFLAGS (ioctl numbers of Linux, for an int).
_FS_IOC_GETFLAGS = 0x80086601
_FS_IOC_SETFLAGS = 0x40086602
_FS_TOPDIR_FL = 0x00020000


def spread_folders(descriptor: int) -> None:
    """Ask the file system to spread the folders made in the folder open at `descriptor` over
    the disk, as it spreads those at its top (ext2/3/4's `chattr +T`); where it has no such
    flag, nothing changes.

    Why: ext4 without a journal never gives out an inode freed in the last 30 seconds, and
    looks at each such inode again for every new one it gives out near them (in the deleted
    folder's block group, where a new folder beside it goes). Right after `public/` was deleted
    (a cold build in CI, the bench), 2,000 new folders and files there cost 0.73-0.95 s of CPU;
    0.10-0.15 s with the flag, which puts each new folder in a group of its own choosing.
    """
    import fcntl
    import struct

    try:
        (flags,) = struct.unpack("i", fcntl.ioctl(descriptor, _FS_IOC_GETFLAGS, struct.pack("i", 0)))
        if not flags & _FS_TOPDIR_FL:
            fcntl.ioctl(descriptor, _FS_IOC_SETFLAGS, struct.pack("i", flags | _FS_TOPDIR_FL))
    except OSError:
        pass  # another file system, or one that keeps no such flag: only slower


def staging_prefix(output_dir: Path) -> str:
    return f".{output_dir.name}{STAGING_INFIX}"


class Staging:
    """A folder where the next site is assembled, then switched in: a hidden one beside
    `output_dir`, or the spare tree kept by the last switch."""

    def __init__(
        self,
        output_dir: Path,
        path: Path,
        descriptor: int,
        exchange: Callable[[str, str], None],
        spare: SpareRequest | None = None,
        complete: bool = False,
    ) -> None:
        self.output_dir = output_dir
        self.path = path
        self._descriptor = descriptor  # holds the lock telling other builds this folder is in use
        self._exchange = exchange
        self.spare = spare
        # Every file of the output folder is in it as a link (the spare brought up to date, or a
        # mirror made by `start_mirror`), so outputs are unlinked before they are written.
        self.complete = complete
        self.written = False  # set by the writer before it writes into a complete tree
        self._mirroring: threading.Thread | None = None
        self._mirror_child: int | None = None  # the process making the mirror, where one does
        self._side_task: SideTask | None = None  # or the side process's task making it
        self._mirror_error: Exception | None = None

    @classmethod
    def open(cls, output_dir: Path, spare: SpareRequest | None = None) -> Staging | None:
        """A locked staging folder for `output_dir`, or None where the switch cannot be made
        (see the module's docstring): the spare tree in `spare.path` brought up to date where
        it can be trusted, else a new folder. Leftovers of stopped builds are removed first."""
        exchange = _exchange_call()
        if exchange is None or output_dir.is_symlink():
            return None
        if spare is not None:
            reused = _open_spare(output_dir, spare, exchange)
            if reused is not None:
                return cls(output_dir, spare.path, reused, exchange, spare, complete=True)
        try:
            output_dir.parent.mkdir(parents=True, exist_ok=True)
            clear_leftovers(output_dir)
            path = output_dir.parent / f"{staging_prefix(output_dir)}{secrets.token_hex(4)}"
            os.mkdir(path)
        except OSError:
            return None
        descriptor = -1
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
            _LOCKS.add(descriptor)
            import fcntl  # Linux only, as is the exchange

            fcntl.flock(descriptor, fcntl.LOCK_EX)
            # Does this file system exchange folders? Two empty ones inside tell.
            first, second = path / ".exchange-a", path / ".exchange-b"
            first.mkdir()
            second.mkdir()
            exchange(str(first), str(second))
            first.rmdir()
            second.rmdir()
            if output_dir.is_dir():
                info = output_dir.stat()
                if info.st_dev != os.stat(path).st_dev:
                    raise OSError(errno.EXDEV, "another file system")  # a mount point: no exchange
                os.chmod(path, stat.S_IMODE(info.st_mode))
            spread_folders(descriptor)
        except OSError:
            if descriptor >= 0:
                _LOCKS.discard(descriptor)
                os.close(descriptor)
            shutil.rmtree(path, ignore_errors=True)
            return None
        return cls(output_dir, path, descriptor, exchange, spare)

    def mirror(self, skip: Collection[str]) -> None:
        """Hard-link every file of the output folder into the staging folder (copying where a
        link fails), but those named in `skip` (outputs about to be written afresh), temporary
        files of stopped builds and the version-control folders (moved by `switch`)."""
        if self.output_dir.is_dir():
            try:
                link_tree(str(self.output_dir), str(self.path), frozenset(skip), KEPT_NAMES, TEMPORARY_SUFFIX)
            except NotLinkable as error:
                raise CannotStage(str(error)) from error

    def start_mirror(self) -> None:
        """Link every file of the output folder into this new folder beside the build: a build
        that renders in one process (an edit) links meanwhile, on the other core.

        In a forked process where that is safe (Linux, no other thread in this one): on a thread,
        the ~3,000 system calls of a 1,000-page site took turns with the rendering for the
        interpreter, and the first edit after a cold build took 0.47 s instead of 0.33. A build
        server's side process makes them instead (see `side_process`).
        """
        started = (self._mirroring, self._mirror_child, self._side_task)
        if self.complete or any(task is not None for task in started):
            return
        self.complete = True
        side = side_process()  # a build server's: it never forks (see `side_process`)
        if side is not None:
            if self.output_dir.is_dir():  # else nothing to link, as `mirror` finds
                self._side_task = side.submit(
                    "link", str(self.output_dir), str(self.path), [], sorted(KEPT_NAMES), TEMPORARY_SUFFIX
                )
            return
        self._mirror_child = fork_task(functools.partial(self.mirror, ()))
        if self._mirror_child is not None:
            return

        def run() -> None:
            try:
                self.mirror(())
            except (OSError, CannotStage) as error:  # raised again by `wait_mirrored`, in the build's thread
                self._mirror_error = error

        self._mirroring = threading.Thread(target=run, name="smo-gen-mirror", daemon=True)
        self._mirroring.start()

    def wait_mirrored(self) -> None:
        """Return once `start_mirror`'s links are made, raising what making them raised (from a
        process: CannotStage, so the writer replaces file by file and says what the system refused)."""
        if self._mirroring is not None:
            self._mirroring.join()
            self._mirroring = None
        if self._mirror_child is not None:
            child, self._mirror_child = self._mirror_child, None
            if not child_succeeded(child):
                self._mirror_error = CannotStage(str(self.output_dir))
        if self._side_task is not None:
            task, self._side_task = self._side_task, None
            try:
                task.result()
            except SideProcessFailed:
                self._mirror_error = CannotStage(str(self.output_dir))
        if self._mirror_error is not None:
            error, self._mirror_error = self._mirror_error, None
            self.complete = False  # half made: never kept as the spare
            raise error

    def unlink(self, dests: Collection[str]) -> None:
        """Unlink `dests` from a complete tree before they are written: each is a hard link to
        the live file, which writing in place would change."""
        for dest in dests:
            if not spares.through_link(self.path, dest):
                spares.remove_path(self.path / dest)

    def switch(self, kept: Kept | None = None) -> None:
        """Make the staged tree the output folder in one step; then keep the old tree as the
        spare (with `kept`, see `spare`) or delete it."""
        old = str(self.path)
        if not self.output_dir.exists():
            os.rename(self.path, self.output_dir)  # nothing there: a plain rename is the switch
            self.close()
            return
        _move_kept(self.output_dir, self.path)
        try:
            self._exchange(str(self.path), str(self.output_dir))
        except OSError as error:
            _move_kept(self.path, self.output_dir)
            if error.errno in (errno.EXDEV, errno.EBUSY, errno.EINVAL, errno.ENOTSUP):
                raise CannotStage(str(self.output_dir)) from error  # a mount point, say: file by file instead
            raise
        if kept is not None and self.spare is not None and self._relock(Path(old)) and self._make_spare(Path(old)):
            # Trimming the spare (the old versions of the changed files) runs beside what the
            # build still does; the note that makes it trusted is written last.
            task = functools.partial(self._keep, self.spare.path, kept)
            remover = threading.Thread(target=task, name="smo-gen-trim-spare")
        else:
            self.close()
            # Deleting the old tree took longer than linking the new one (0.11-0.19 s against
            # 0.05-0.09 s at 1,000 pages): it runs beside what the build still does. The thread
            # is not a daemon, so the process ends only once it is done; a build stopped before
            # then leaves the folder to the next build.
            remover = threading.Thread(
                target=_remove_tree, args=(Path(old), self.output_dir), name="smo-gen-remove-old"
            )
        _REMOVERS.append(remover)
        remover.start()

    def _relock(self, old: Path) -> bool:
        """Hold the lock on the old tree (the descriptor held till now is on the new, live one)."""
        import fcntl

        try:
            descriptor = os.open(old, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            return False
        _LOCKS.add(descriptor)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            _LOCKS.discard(descriptor)
            os.close(descriptor)
            return False
        self.close()
        self._descriptor = descriptor
        return True

    def _make_spare(self, old: Path) -> bool:
        """Put the old tree at the spare's place (it is there when the spare was reused);
        False when it cannot go there (the cache folder on another file system, another
        build's spare in the way)."""
        assert self.spare is not None
        target = self.spare.path
        if old == target:
            return True
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if os.stat(target.parent).st_dev != os.stat(old).st_dev:
                return False
            if os.path.lexists(target) and not _remove_unlocked(target, self.output_dir):
                return False
            spares.forget_note(target)
            os.rename(old, target)
        except OSError:
            return False
        self.path = target
        return True

    def _keep(self, spare_path: Path, kept: Kept) -> None:
        try:
            spares.trim(spare_path, kept.missing)
            spares.save_note(spare_path, self.output_dir, kept.missing, kept.foreign)
        except OSError:
            _remove_tree(spare_path, self.output_dir)  # never trusted without its note
        finally:
            self.close()

    def discard(self) -> None:
        """Remove the staging folder, the output folder left as it was. A complete tree nobody
        wrote into is kept as the spare (see `spare`), as up to date as it was made."""
        try:
            self.wait_mirrored()
            mirrored = True
        except (OSError, CannotStage):
            mirrored = False
        if mirrored and self.complete and not self.written and self.spare is not None:
            with contextlib.suppress(OSError):
                if self._make_spare(self.path):
                    foreign = spares.foreign_files(self.spare.look, self.spare.recorded)
                    spares.save_note(self.path, self.output_dir, (), foreign)
                    self.close()
                    return
        self.close()
        spares.forget_note(self.path)
        _remove_tree(self.path, self.output_dir)

    def close(self) -> None:
        if self._descriptor >= 0:
            _LOCKS.discard(self._descriptor)
            os.close(self._descriptor)
            self._descriptor = -1


def _open_spare(output_dir: Path, spare: SpareRequest, exchange: Callable[[str, str], None]) -> int | None:
    """Lock the spare tree at `spare.path` and bring it up to date with `output_dir`; return the
    lock's descriptor, or None when there is no spare to trust (an untrusted one is deleted)."""
    import fcntl

    for aside in spare.path.parent.glob(f"{spare.path.name}.old-*"):  # left by a build stopped while deleting it
        _remove_tree_later(aside, output_dir)
    if not os.path.isdir(spare.path):
        return None
    try:
        descriptor = os.open(spare.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None  # another build is using it
    _LOCKS.add(descriptor)
    note = spares.load_note(spare.path, output_dir)
    spares.forget_note(spare.path)  # changed from here on: trusted again only once noted anew
    try:
        _move_kept(spare.path, output_dir)  # a build stopped right before its exchange left it there
        if note is None:
            raise OSError(errno.ESTALE, "no note", str(spare.path))
        spares.bring_up_to_date(spare.path, output_dir, spares.stale_paths(note, spare.look, spare.recorded))
        os.chmod(spare.path, stat.S_IMODE(os.stat(output_dir).st_mode))
    except OSError:
        _LOCKS.discard(descriptor)
        os.close(descriptor)
        _remove_tree_later(spare.path, output_dir)
        return None
    return descriptor


def _remove_unlocked(path: Path, output_dir: Path) -> bool:
    """Delete the spare at `path` unless another build holds it; True once it is gone."""
    import fcntl

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    spares.forget_note(path)
    _remove_tree(path, output_dir)
    return True


def _remove_tree_later(path: Path, output_dir: Path) -> None:
    """Move `path` out of the way at once and delete it on a thread beside the build."""
    aside = path if ".old-" in path.name else path.with_name(f"{path.name}.old-{secrets.token_hex(4)}")
    try:
        _move_kept(path, output_dir)
        if aside != path:
            os.rename(path, aside)
    except OSError:
        _remove_tree(path, output_dir)
        return
    remover = threading.Thread(target=_remove_tree, args=(aside, output_dir), name="smo-gen-remove-spare")
    _REMOVERS.append(remover)
    remover.start()


def tidy(output_dir: Path) -> None:
    """Remove what stopped builds left beside `output_dir`, where builds stage (see `clear_leftovers`)."""
    # Leftovers are looked for first: asking the C library for the exchange call (loading
    # ctypes) cost a build with nothing changed 1.5-4 ms, and there almost never are any.
    with contextlib.suppress(OSError):
        if _leftovers(output_dir) and _exchange_call() is not None:
            clear_leftovers(output_dir)


def _leftovers(output_dir: Path) -> list[Path]:
    """The staging folders beside `output_dir` (none when its parent folder is missing)."""
    prefix = staging_prefix(output_dir)
    with os.scandir(output_dir.parent) as entries:
        return [Path(entry.path) for entry in entries if entry.name.startswith(prefix)]


def clear_leftovers(output_dir: Path) -> None:
    """Remove the staging folders stopped builds left beside `output_dir` (a version-control
    folder found in one is moved back into the output folder first). A folder another build
    holds locked is left alone."""
    import fcntl

    for path in _leftovers(output_dir):
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue  # another build is working in it
        try:
            _remove_tree(path, output_dir)
        finally:
            os.close(descriptor)


def _move_kept(source: Path, target: Path) -> None:
    """Move the version-control folders from `source` into `target`, where it has none."""
    for name in KEPT_NAMES:
        if os.path.lexists(source / name) and not os.path.lexists(target / name):
            os.rename(source / name, target / name)


def _remove_tree(path: Path, output_dir: Path) -> None:
    """Delete an old or unused tree; a deploy checkout's history in it goes back to the output folder."""
    with contextlib.suppress(OSError):
        if output_dir.is_dir():
            _move_kept(path, output_dir)
    shutil.rmtree(path, ignore_errors=True)
