"""switch: the staged tree a build assembles the new site in asks the file system to spread its folders."""

from __future__ import annotations

import errno
import fcntl
import os
import struct
from pathlib import Path

import pytest

from smo_gen.build import switch


def flags(path: Path) -> int | None:
    """The folder's ext2/3/4 flags (`lsattr`), or None where the file system keeps none."""
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return int(struct.unpack("i", fcntl.ioctl(descriptor, switch._FS_IOC_GETFLAGS, struct.pack("i", 0)))[0])
    except OSError:
        return None
    finally:
        os.close(descriptor)


def test_a_staged_tree_spreads_its_folders_where_the_file_system_can(tmp_path: Path) -> None:
    if flags(tmp_path) is None:
        pytest.skip("this file system keeps no folder flags")
    staging = switch.Staging.open(tmp_path / "public")
    if staging is None:
        pytest.skip("no folder exchange here")
    try:
        found = flags(staging.path)
        if found is None or not found & switch._FS_TOPDIR_FL:
            pytest.skip("this file system keeps no top-of-hierarchy flag")  # xfs, btrfs, tmpfs
        (staging.path / "spring-sale").mkdir()
        staging.switch()
        assert (tmp_path / "public" / "spring-sale").is_dir()
        public = flags(tmp_path / "public")
        assert public is not None and public & switch._FS_TOPDIR_FL  # `lsattr -d public` shows T
    finally:
        staging.discard()


def test_a_file_system_without_the_flag_stages_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> bytes:
        raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")

    monkeypatch.setattr(fcntl, "ioctl", refuse)
    staging = switch.Staging.open(tmp_path / "public")
    if staging is None:
        pytest.skip("no folder exchange here")
    (staging.path / "index.html").write_text("<h1>Sale</h1>")
    staging.switch()
    assert (tmp_path / "public" / "index.html").read_text() == "<h1>Sale</h1>"
