"""Audio lengths remembered between builds, keyed by each file's path, size and modification time."""

from __future__ import annotations

import os
from pathlib import Path

from smo_gen.build.caches.file_keyed import FileKeyedCache
from smo_gen.build.caches.header import cache_header
from smo_gen.build.caches.trusted_looks import NO_LOOKS, FileLooks
from smo_gen.content.audio_length import read_audio_duration


class MeasuredDurations:
    """The build's audio measurer (see site/page_media.py): reads a file's headers only when
    the file is new or changed since the last build, so a build of an unchanged podcast opens
    no audio file. Saved by the build once the media are resolved."""

    def __init__(self, path: Path, looks: FileLooks = NO_LOOKS) -> None:
        self.looks = looks
        self.cache = FileKeyedCache(path.parent, path.stem, cache_header(libraries=("tinytag",)), _is_duration)

    def duration(self, audio_path: Path) -> float | None:
        """Like read_audio_duration (raising MediaProblem), without opening a file seen unchanged before."""
        key = os.fspath(audio_path)
        look = self.looks.look(key)
        kept = self.cache.get(key, look)
        if kept is not None:
            return None if kept == "none" else float(kept)
        seconds = read_audio_duration(audio_path)
        if look is not None:
            self.cache.put(key, look, "none" if seconds is None else seconds)
        return seconds

    def save(self) -> None:
        self.cache.save()


def _is_duration(value: object) -> bool:
    """Seconds, or "none" for a format whose length is not read."""
    return value == "none" or (isinstance(value, (int, float)) and not isinstance(value, bool))
