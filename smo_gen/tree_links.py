"""Filling a new folder with hard links to every file of another: the tree a build stages its
changes in (see build/switch.py). Standard library only, so a side process can run it (see
`side_process`)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil


class NotLinkable(Exception):
    """An entry that is neither a file, a folder nor a symbolic link (a socket, a named pipe)."""


def link_tree(
    source: str, target: str, skip: frozenset[str], kept_names: frozenset[str], temporary_suffix: str
) -> None:
    """Hard-link every file under `source` into `target` (copying where a link fails), making
    its folders, but the files named in `skip` (relative, '/'-separated), the top-level
    entries in `kept_names` and hidden files ending in `temporary_suffix` (left by stopped builds).
    """
    _link_into(source, target, "", skip, kept_names, temporary_suffix)


def _link_into(
    source: str, target: str, prefix: str, skip: frozenset[str], kept_names: frozenset[str], temporary_suffix: str
) -> None:
    with os.scandir(source) as entries:
        for entry in entries:
            name = entry.name
            if not prefix and name in kept_names:
                continue
            if name.startswith(".") and name.endswith(temporary_suffix):
                continue  # left by a stopped build (of an earlier version): never part of a site
            dest = prefix + name
            made = os.path.join(target, name)
            if entry.is_dir(follow_symlinks=False):
                # Made with the umask's mode, as the build makes folders (a mode set by hand on
                # a subfolder is not carried over: copying each one's cost a stat and a chmod).
                with contextlib.suppress(FileExistsError):  # made already for an early write
                    os.mkdir(made)
                _link_into(entry.path, made, dest + "/", skip, kept_names, temporary_suffix)
            elif dest in skip:
                continue
            elif entry.is_symlink():
                os.symlink(os.readlink(entry.path), made)
            elif entry.is_file(follow_symlinks=False):
                try:
                    os.link(entry.path, made, follow_symlinks=False)
                except OSError as error:
                    if error.errno in (errno.ENOSPC, errno.EDQUOT):
                        raise
                    shutil.copy2(entry.path, made, follow_symlinks=False)  # keeps the time the record knows
            else:
                raise NotLinkable(entry.path)
