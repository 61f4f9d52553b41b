"""The record of what the previous build wrote into an output folder, and which files are still as written.

An output's record (see `output_folder.WrittenFile`) holds the size and modification time of
the file as written, so a file changed by hand since (even to the same size) is not taken for current.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from smo_gen.atomic_write import replace_cache_file
from smo_gen.build.output_folder import (
    MARKER_NAME,
    WrittenFile,
    dump_output_record,
    load_output_record,
    look_at_output_folder,
    marker_text,
    read_marker,
    remember_saved_record,
)
from smo_gen.file_looks import FileLook, look_at_file
from smo_gen.render.document_parts import Source


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
        self.cache_dir = cache_dir  # where the spare tree is kept (see `spare`)
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
        # One with no folder yet holds nothing: its look after writing is then what this build
        # wrote (see writer._finish), and the build stamp need not walk 10,000 folders for it.
        take_look = folder_look or functools.partial(look_at_output_folder, output_dir)
        self.folder_look: dict[str, FileLook] | None = None
        if marked or self.files:
            self.folder_look = take_look()
        elif not output_dir.exists():
            self.folder_look = {}

    def is_current(self, dest: str, key: str) -> bool:
        """True when the file at `dest` was made from the same inputs and is still there."""
        record = self.files.get(dest)
        return record is not None and record.key == key and self.confirmed(dest, record, self.look(dest)) is not None

    def confirmed(self, dest: str, record: WrittenFile, look: FileLook | None) -> WrittenFile | None:
        """`record` of the file at `dest`, whose look is `look`, when the file is `intact`: with
        the file's time as it is now, kept here too, so a touched file is not read again."""
        if look is None or not intact(self.output_dir, dest, record, look):
            return None
        if record.mtime_ns != look[1]:
            record = self.files[dest] = record._replace(mtime_ns=look[1])
        return record

    def look(self, dest: str) -> FileLook | None:
        """The size and modification time of the file at `dest` before this build wrote."""
        if self.folder_look is not None:
            return self.folder_look.get(dest)
        return look_at_file(self.output_dir / dest)

    def written(self, dest: str) -> Source | None:
        """The file at `dest` as the last build wrote it, when it still is (see `intact`)."""
        record = self.files.get(dest)
        look = self.look(dest)
        if record is None or look is None or self.confirmed(dest, record, look) is None:
            return None
        return Source(str(self.output_dir / dest), look, record.fingerprint)

    def reads_site(self, dest: str) -> bool:
        record = self.files.get(dest)
        return record is not None and record.reads_site


def intact(output_dir: Path, dest: str, record: WrittenFile, look: FileLook) -> bool:
    """True when the file at `dest`, whose size and modification time are `look`, is still
    the one `record` describes.

    Size and modification time as written decide it; a file whose time alone changed
    (touched, copied back) is read and compared by digest (the caller records its new time:
    see `OutputState.confirmed`). A file changed by hand, even to the same size, is not intact.
    """
    if look[0] != record.size:
        return False
    if look[1] == record.mtime_ns:
        return True
    try:
        if not record.fingerprint.startswith("sha256:"):
            return False  # a copy: its source is known by name, size and time, not by digest
        return "sha256:" + hashlib.sha256((output_dir / dest).read_bytes()).hexdigest() == record.fingerprint
    except OSError:
        return False


def save_record(state: OutputState, files: dict[str, WrittenFile], output_dir: Path) -> None:
    new_state = dump_output_record(output_dir, files)
    if new_state != state.stored:
        state.path.parent.mkdir(parents=True, exist_ok=True)
        written = replace_cache_file(state.path, new_state)
        remember_saved_record(state.path, written, new_state, files)
        state.path.with_suffix(".pickle").unlink(missing_ok=True)  # the record as earlier versions kept it, never read
