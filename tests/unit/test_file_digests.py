"""FileDigests: file digests remembered between builds by path, size and modification time."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from smo_gen.build.file_digests import FileDigests


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"first picture")
    return path


def test_a_digest_is_of_the_files_bytes_and_remembered_by_the_next_build(tmp_path: Path, photo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "cache" / "digests.json"
    first = FileDigests(store)
    assert first.digest(photo) == sha256(b"first picture")
    first.save()

    opened: list[str] = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda file, *args, **kwargs: opened.append(str(file)) or real_open(file, *args, **kwargs))
    assert FileDigests(store).digest(photo) == sha256(b"first picture")
    assert str(photo) not in opened, "an unchanged file is not read again"


def test_a_changed_file_is_digested_again(tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "digests.json"
    first = FileDigests(store)
    first.digest(photo)
    first.save()
    before = photo.stat().st_mtime_ns
    photo.write_bytes(b"other picture")  # the same size
    os.utime(photo, ns=(before + 1_000_000_000, before + 1_000_000_000))
    assert FileDigests(store).digest(photo) == sha256(b"other picture")


def test_a_trusted_look_spares_the_stat_and_decides(tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "digests.json"
    first = FileDigests(store)
    first.digest(photo)
    first.save()
    look = (photo.stat().st_size, photo.stat().st_mtime_ns)
    assert FileDigests(store, {str(photo): look}).digest(photo) == sha256(b"first picture")
    moved_on = (look[0], look[1] + 1)  # what the build saw differs from the record: read again
    photo.write_bytes(b"third picture")
    assert FileDigests(store, {str(photo): moved_on}).digest(photo) == sha256(b"third picture")


def test_files_no_longer_asked_for_are_forgotten(tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "digests.json"
    other = tmp_path / "other.jpg"
    other.write_bytes(b"other")
    first = FileDigests(store)
    first.digest(photo)
    first.digest(other)
    first.save()
    second = FileDigests(store)
    second.digest(photo)
    second.save()
    assert set(FileDigests(store).entries) == {str(photo)}


def test_a_missing_file_raises_and_a_damaged_store_counts_as_empty(tmp_path: Path) -> None:
    store = tmp_path / "digests.json"
    store.write_bytes(b"not JSON")
    digests = FileDigests(store)
    assert digests.entries == {}
    with pytest.raises(OSError):
        digests.digest(tmp_path / "gone.jpg")
