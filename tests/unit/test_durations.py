"""Audio lengths remembered between builds: a file read once is not opened again while it is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.build.caches import durations as durations_module
from smo_gen.build.caches.durations import MeasuredDurations
from tests.support.media_files import wav_bytes


def test_a_length_is_read_once_while_the_file_is_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    audio = tmp_path / "episode.wav"
    audio.write_bytes(wav_bytes(2.0))
    first = MeasuredDurations(tmp_path / "cache" / "durations.json")
    assert first.duration(audio) == 2.0
    first.save()

    reads: list[Path] = []
    real = durations_module.read_audio_duration
    monkeypatch.setattr(durations_module, "read_audio_duration", lambda path: reads.append(path) or real(path))
    second = MeasuredDurations(tmp_path / "cache" / "durations.json")
    assert second.duration(audio) == 2.0
    assert reads == [], "an unchanged file's length comes from the cache"

    audio.write_bytes(wav_bytes(3.0))
    assert MeasuredDurations(tmp_path / "cache" / "durations.json").duration(audio) == 3.0
    assert reads == [audio], "a changed file is read again"
