"""What a build may trust of its input files: each one's size and modification time, seen once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from smo_gen.file_looks import FileLook, look_at_file


@dataclass(frozen=True)
class FileLooks:
    """The looks (size, modification time) of input files, by full path, that the build stamp
    took before the build read anything and found settled (see build_stamp.is_settled): a
    file that looks now as it did when a cached value was made from it is unchanged.

    Taken once, by `build_stamp.look_at_inputs`, and passed down: it spares each later stage
    a stat per file, and every stage trusts the same look.
    """

    trusted: Mapping[str, FileLook] = field(default_factory=lambda: MappingProxyType({}), repr=False)

    def get(self, path: str | os.PathLike[str]) -> FileLook | None:
        """The trusted look of the file at `path`; None when the build stamp did not take one."""
        return self.trusted.get(os.fspath(path))

    def is_trusted(self, path: str | os.PathLike[str]) -> bool:
        return os.fspath(path) in self.trusted

    def look(self, path: str | os.PathLike[str]) -> FileLook | None:
        """The trusted look of the file at `path`, or one taken now (None: there is no file)."""
        key = os.fspath(path)
        return self.trusted.get(key) or look_at_file(Path(key))


NO_LOOKS = FileLooks()  # nothing trusted: every file is looked at when asked for
