"""write_atomically, replace_cache_file and the piece writer the build's large files go through."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from smo_gen.atomic_write import replace_cache_file, write_atomically, write_pieces
from smo_gen.build.caches.data import LONG_TEXT, dump_tagged_data, dump_tagged_pieces


def test_bytes_and_pieces_make_the_same_file(tmp_path: Path) -> None:
    pieces = [b"head\x00", *(b"<p>%d</p>" % number for number in range(1_500)), b""]  # three batches, an empty piece
    write_atomically(tmp_path / "pieces", pieces, durable=False)
    write_atomically(tmp_path / "bytes", b"".join(pieces), durable=False)
    assert (tmp_path / "pieces").read_bytes() == (tmp_path / "bytes").read_bytes() == b"".join(pieces)
    assert oct((tmp_path / "pieces").stat().st_mode & 0o777) == "0o644"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bytes", "pieces"]  # no temporary left


def test_a_short_write_goes_on_where_it_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_writev = os.writev
    calls: list[int] = []

    def short_writev(descriptor: int, buffers: Sequence[bytes]) -> int:  # as a signal may cut one
        calls.append(len(buffers))
        return real_writev(descriptor, [b"".join(buffers)[:8]])  # stops inside the second piece

    monkeypatch.setattr(os, "writev", short_writev)
    descriptor = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        write_pieces(descriptor, [b"alpha-", b"beta-", b"gamma-", b"delta"])
    finally:
        os.close(descriptor)
    assert (tmp_path / "out").read_bytes() == b"alpha-beta-gamma-delta" and calls == [4]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "cache.json"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(target, [b"new", "not bytes"], durable=False)  # type: ignore[list-item]
    assert target.read_bytes() == b"old" and [path.name for path in tmp_path.iterdir()] == ["cache.json"]


def test_a_cache_file_as_pieces_is_its_bytes() -> None:
    value = ["header", {"a": "é" * LONG_TEXT, "b": "\ud800" + "x" * LONG_TEXT, "c": ("short", 1)}]
    assert b"".join(dump_tagged_pieces(value, texts_apart=True)) == dump_tagged_data(value, texts_apart=True)
    assert dump_tagged_pieces(["plain"], texts_apart=True) == [dump_tagged_data(["plain"])]


def test_a_bytearray_is_one_piece(tmp_path: Path) -> None:
    write_atomically(tmp_path / "out", bytearray(b"whole"), durable=False)
    assert (tmp_path / "out").read_bytes() == b"whole"


def test_a_cache_file_is_replaced_by_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "cache.json"
    old = replace_cache_file(target, b"old")  # none there before: the same
    new = replace_cache_file(target, [b"ne", b"w"])
    assert target.read_bytes() == b"new" and oct(target.stat().st_mode & 0o777) == "0o644"
    assert new.st_ino == target.stat().st_ino != old.st_ino  # the look returned is the file's
    assert [path.name for path in tmp_path.iterdir()] == ["cache.json"]  # no temporary left


def test_a_failed_cache_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "cache.json"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        replace_cache_file(target, [b"new", "not bytes"])  # type: ignore[list-item]
    assert target.read_bytes() == b"old" and [path.name for path in tmp_path.iterdir()] == ["cache.json"]
