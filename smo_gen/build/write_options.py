"""The options that let `write_site` do less work, in one value."""

from __future__ import annotations

from dataclasses import dataclass

from smo_gen.build.caches.trusted_looks import NO_LOOKS, FileLooks
from smo_gen.build.early_writes import EarlyWrites
from smo_gen.build.output_state import OutputState
from smo_gen.reporter import Progress, no_progress


@dataclass(frozen=True)
class WriteOptions:
    """What lets `write_site` do less work; none of it changes the bytes the output folder ends up with."""

    state: OutputState | None = None  # the last build's record and the folder's look, when taken already
    looks: FileLooks = NO_LOOKS  # trusted sizes and times of source files, by full path
    early: EarlyWrites | None = None  # outputs already written to their temporary names while rendering
    progress: Progress = no_progress  # hears how many of the changed files are written
    link: bool = False  # copies are hard links to their sources where the file system allows (see `output_files`)
