"""Values kept by a file's path, size and modification time (FileDigests shows it), and the trusted looks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from smo_gen.build.caches.file_keyed import FileDigests, FileKeyedCache
from smo_gen.build.caches.trusted_looks import FileLooks


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"first picture")
    return path


def test_a_digest_is_of_the_files_bytes_and_remembered_by_the_next_build(
    tmp_path: Path, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache" / "digests.json"
    first = FileDigests(store)
    assert first.digest(photo) == sha256(b"first picture")
    first.save()

    opened: list[str] = []
    real_open = open
    monkeypatch.setattr(
        "builtins.open", lambda file, *args, **kwargs: opened.append(str(file)) or real_open(file, *args, **kwargs)
    )
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
    assert FileDigests(store, FileLooks({str(photo): look})).digest(photo) == sha256(b"first picture")
    moved_on = (look[0], look[1] + 1)  # what the build saw differs from the record: read again
    photo.write_bytes(b"third picture")
    assert FileDigests(store, FileLooks({str(photo): moved_on})).digest(photo) == sha256(b"third picture")


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
    assert set(FileDigests(store).cache.entries) == {str(photo)}


def test_a_missing_file_raises_and_a_damaged_store_counts_as_empty(tmp_path: Path) -> None:
    store = tmp_path / "digests.json"
    store.write_bytes(b"not JSON")
    digests = FileDigests(store)
    assert digests.cache.entries == {}
    with pytest.raises(OSError):
        digests.digest(tmp_path / "gone.jpg")


def test_a_value_is_given_back_only_while_its_file_looks_the_same_and_another_header_empties_the_cache(
    tmp_path: Path,
) -> None:
    cache = FileKeyedCache(tmp_path, "facts", "header 1", is_value=lambda value: isinstance(value, int))
    cache.put("a.md", (10, 1000), 7)
    cache.put("b.md", None, 8)  # made from a file whose look was not trusted
    cache.save()

    again = FileKeyedCache(tmp_path, "facts", "header 1", is_value=lambda value: isinstance(value, int))
    assert again.get("a.md", (10, 1000)) == 7
    assert again.get("a.md", (10, 1001)) is None  # touched since
    assert again.get("b.md", None) is None and again.stored("b.md") == 8  # the caller checks it (by digest)
    assert FileKeyedCache(tmp_path, "facts", "header 2", is_value=lambda value: True).entries == {}
    assert FileKeyedCache(tmp_path, "facts", "header 1", is_value=lambda value: isinstance(value, str)).entries == {}


def test_trusted_looks_spare_a_stat_and_others_are_taken_when_asked(tmp_path: Path, photo: Path) -> None:
    looks = FileLooks({str(photo): (1, 2)})
    assert looks.is_trusted(photo) and looks.get(photo) == (1, 2) == looks.look(photo)
    other = tmp_path / "other.jpg"
    other.write_bytes(b"four")
    assert not looks.is_trusted(other) and looks.get(other) is None
    assert looks.look(other) == (4, other.stat().st_mtime_ns)
    assert looks.look(tmp_path / "gone.jpg") is None


def test_a_process_that_keeps_cache_reads_checks_each_shard_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smo_gen.build.caches import data, file_keyed
    from smo_gen.build.caches.file_keyed import read_entries_ahead

    monkeypatch.setattr(data, "_kept_reads", {})  # as in a build server
    monkeypatch.setattr(file_keyed, "_checked", {})
    checked: list[object] = []

    def is_value(value: object) -> bool:
        checked.append(value)
        return value != "bad"

    cache = FileKeyedCache(tmp_path, "values", "h", is_value, shards=4)
    for number in range(20):
        cache.put(f"file-{number}", (number, 1), f"value-{number}")
    cache.put("damaged", (1, 1), "bad")
    cache.save()
    read_entries_ahead(tmp_path, "values", sorted(tmp_path.glob("values-*.json")), is_value)  # as the server does
    assert len(checked) == 21
    again = FileKeyedCache(tmp_path, "values", "h", is_value, shards=4)
    assert len(checked) == 21  # nothing checked in the build
    assert again.get("file-3", (3, 1)) == "value-3" and again.get("damaged", (1, 1)) is None and again.dropped
