"""The spare tree: the site before the last switch, kept to stage the next build in.

The whole-site switch (see `switch`) needs a complete new tree for every build that changes
anything. Made afresh, that tree costs a folder a page and a hard link a file, and deleting the
old tree after the exchange costs as much again: 0.2 s of a one-edit build at 1,000 pages,
~2 s at 10,000. Instead, the tree the exchange swaps out is kept in the cache folder
(`.smo-cache/spare-<key>/`, on the output folder's file system). Right after the switch, the
files that differ from the new site (the ones this build wrote or removed) are unlinked from
it, and a note (`spare-<key>.json`) says which paths the spare now lacks. Every other file in
it is a hard link to the same file in the output folder, so the spare costs no disk space.

The next build brings the spare up to date by linking the noted paths back from the output
folder, and any file someone else added, removed or replaced in the output folder since (told
by comparing the folder's look with the note), then writes its changes there and exchanges
the two: paying for what changed, not for the size of the site.

A spare whose note is missing or does not match (a build stopped while it used the spare, an
output folder replaced by hand) is never trusted: it is deleted and the next tree made afresh.
Empty folders someone made in the output folder by hand are not carried over by a spare.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from smo_gen.atomic_write import replace_cache_file
from smo_gen.build.caches.data import dump_cache_data, read_cache_data
from smo_gen.build.output_folder import MARKER_NAME, WrittenFile, is_temporary, output_folder_key
from smo_gen.build.output_state import OutputState
from smo_gen.file_looks import FileLook

SPARE_PREFIX = "spare-"


@dataclass(frozen=True)
class SpareNote:
    """What a kept spare tree is, against the output folder it was switched out of."""

    output_dir: str
    live: tuple[int, int]  # device and inode of the output folder after the switch
    spare: tuple[int, int]  # device and inode of the spare folder
    missing: frozenset[str]  # files of the output folder the spare lacks
    foreign: Mapping[str, FileLook]  # files in the output folder no build wrote, as they were


@dataclass(frozen=True)
class SpareRequest:
    """Where to keep the tree a switch swaps out (see `switch`), and the output folder as this
    build looked at it before writing: its files, and those the last build wrote."""

    path: Path
    look: Mapping[str, FileLook]
    recorded: Collection[str]


@dataclass(frozen=True)
class Kept:
    """What the spare differs in from the site just switched in: the paths it is to lose, and
    the files of the new site no build wrote."""

    missing: Collection[str]
    foreign: Mapping[str, FileLook]


def make_spare_request(state: OutputState | None) -> SpareRequest | None:
    """What `switch.Staging.open` needs to take the spare tree kept by the last switch as the
    folder to assemble the next site in; None when the output folder was not looked at."""
    if state is None or state.folder_look is None:
        return None
    return SpareRequest(spare_dir(state.output_dir, state.cache_dir), state.folder_look, state.files.keys())


def make_kept(
    state: OutputState,
    current: Mapping[str, WrittenFile],
    written: Collection[str],
    look: Mapping[str, FileLook] | None,
) -> Kept | None:
    """How the tree about to be switched out will differ from the new site (`current`, after
    `written` was written): the files written or removed (and temporary files and the marker),
    and the files of the new site no build wrote. None when the output folder was not looked
    at: the old tree is then deleted."""
    if look is None or state.folder_look is None:
        return None
    missing = set(written) | {dest for dest in state.files if dest not in current}
    missing.update(dest for dest in state.folder_look if is_temporary(dest))
    missing.add(MARKER_NAME)
    return Kept(missing, foreign_files(look, current))


def spare_dir(output_dir: Path, cache_dir: Path) -> Path:
    """Where the spare tree of `output_dir` is kept."""
    return cache_dir / f"{SPARE_PREFIX}{output_folder_key(output_dir)}"


def _note_path(spare: Path) -> Path:
    return spare.with_name(spare.name + ".json")


def _identity(path: Path) -> tuple[int, int]:
    info = os.stat(path, follow_symlinks=False)
    return info.st_dev, info.st_ino


def foreign_files(look: Mapping[str, FileLook], recorded: Iterable[str]) -> dict[str, FileLook]:
    """The files of an output folder's `look` that no build wrote (not `recorded`, not temporary)."""
    ours = set(recorded)
    return {dest: seen for dest, seen in look.items() if dest not in ours and not is_temporary(dest)}


def load_note(spare: Path, output_dir: Path) -> SpareNote | None:
    """The note of the spare at `spare`, when it is there and fits `output_dir` as it is now."""
    _, data = read_cache_data(_note_path(spare))
    if not isinstance(data, dict):
        return None
    try:
        live, kept = data["live"], data["spare"]
        missing, foreign = data["missing"], data["foreign"]
        note = SpareNote(
            output_dir=str(data["output_dir"]),
            live=(int(live[0]), int(live[1])),
            spare=(int(kept[0]), int(kept[1])),
            missing=frozenset(str(dest) for dest in missing),
            foreign={str(dest): (int(seen[0]), int(seen[1])) for dest, seen in foreign.items()},
        )
        fits = (
            note.output_dir == str(output_dir) and _identity(output_dir) == note.live and _identity(spare) == note.spare
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OSError):
        return None
    return note if fits else None


def has_note(spare: Path) -> bool:
    """Whether a spare was kept at `spare` with its note (whether it fits is seen when it is opened)."""
    return _note_path(spare).exists()


def forget_note(spare: Path) -> None:
    """Remove the note: from now on the spare is being changed, and is not to be trusted."""
    _note_path(spare).unlink(missing_ok=True)


def save_note(spare: Path, output_dir: Path, missing: Iterable[str], foreign: Mapping[str, FileLook]) -> None:
    """Write the note of a spare that lacks `missing` and is otherwise the output folder."""
    data = {
        "output_dir": str(output_dir),
        "live": list(_identity(output_dir)),
        "spare": list(_identity(spare)),
        "missing": sorted(missing),
        "foreign": {dest: list(seen) for dest, seen in foreign.items()},
    }
    replace_cache_file(_note_path(spare), dump_cache_data(data))


def stale_paths(note: SpareNote, look: Mapping[str, FileLook], recorded: Iterable[str]) -> set[str]:
    """The paths where the spare may differ from the output folder as `look` sees it now: the
    noted ones, the marker, and the files someone else added, replaced or removed since."""
    now = foreign_files(look, recorded)
    paths = set(note.missing)
    paths.add(MARKER_NAME)
    paths.update(dest for dest, seen in now.items() if note.foreign.get(dest) != seen)
    paths.update(dest for dest in note.foreign if dest not in now)
    return paths


def bring_up_to_date(spare: Path, output_dir: Path, paths: Iterable[str]) -> None:
    """Make each of `paths` in the spare what it is in the output folder: a hard link to the
    same file (a copy where linking fails), the same symbolic link, or nothing."""
    for dest in sorted(paths):
        target, source = spare / dest, output_dir / dest
        if through_link(spare, dest) or through_link(output_dir, dest):
            continue  # what lies behind a link is never the site's: never linked, never removed
        try:
            info = os.stat(source, follow_symlinks=False)
        except FileNotFoundError:
            remove_path(target)
            remove_empty_folders(spare, dest)
            continue
        if stat.S_ISDIR(info.st_mode):  # its files are in `paths` too, or linked already
            if not target.is_dir() or target.is_symlink():
                remove_path(target)
            continue
        remove_path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if stat.S_ISLNK(info.st_mode):
            os.symlink(os.readlink(source), target)
            continue
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            shutil.copy2(source, target, follow_symlinks=False)


def trim(spare: Path, paths: Iterable[str]) -> None:
    """Unlink `paths` from the spare (the old versions of what a build changed), with the
    folders that leaves empty."""
    for dest in sorted(paths, reverse=True):
        if not through_link(spare, dest):
            remove_path(spare / dest)
            remove_empty_folders(spare, dest)


def through_link(root: Path, dest: str) -> bool:
    """True when a folder on the way to `dest` under `root` is a symbolic link."""
    parts = dest.split("/")[:-1]
    return any(os.path.islink(root.joinpath(*parts[: depth + 1])) for depth in range(len(parts)))


def remove_path(path: Path) -> None:
    """Remove a file or link at `path` (a folder with everything in it); nothing there is fine."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            raise


def remove_empty_folders(root: Path, dest: str) -> None:
    """Remove the folders of `dest` under `root` that are empty, deepest first."""
    parts = dest.split("/")[:-1]
    while parts:
        with contextlib.suppress(OSError):
            os.rmdir(root.joinpath(*parts))
            parts.pop()
            continue
        break
