"""Audio lengths read from the files' headers, for podcast feeds' itunes:duration."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.content.audio_length import read_audio_duration
from smo_gen.content.media import MediaProblem
from tests.support.media_files import m4a_bytes, mp3_bytes, mp3_frames, wav_bytes


@pytest.mark.parametrize(
    ("name", "data", "seconds"),
    [
        ("tone.wav", wav_bytes(1.5), 1.5),
        ("episode.mp3", mp3_bytes(12), mp3_frames(12) * 1152 / 44_100),
        ("episode.m4a", m4a_bytes(61.5), 61.5),
    ],
)
def test_the_length_comes_from_the_file(tmp_path: Path, name: str, data: bytes, seconds: float) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert read_audio_duration(path) == pytest.approx(seconds, abs=0.01)


def test_a_format_whose_length_is_not_read_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "notes.mid"
    path.write_bytes(b"MThd")
    assert read_audio_duration(path) is None


@pytest.mark.parametrize(
    ("name", "data"), [("broken.wav", b"RIFF\x00\x00"), ("text.mp3", b"not audio at all " * 4), ("empty.m4a", b"")]
)
def test_a_damaged_file_is_a_problem_for_a_person(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(MediaProblem, match="is not readable audio"):
        read_audio_duration(path)
