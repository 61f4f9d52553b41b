"""switch: tidying beside the output folder (what stopped builds left is removed, and a build
that finds nothing to tidy does not load the C library to ask how it would switch), and the
staged tree a build assembles the new site in, which asks the file system to spread its folders."""

from __future__ import annotations

import errno
import fcntl
import os
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smo_gen import side_process as sides
from smo_gen import workers
from smo_gen.build import switch
from smo_gen.build.switch import staging_prefix, tidy


def test_a_staging_folder_left_by_a_stopped_build_is_removed(tmp_path: Path) -> None:
    if switch._exchange_call() is None:
        pytest.skip("no renameat2 here: builds never stage, so nothing is left to tidy")
    output_dir = tmp_path / "public"
    output_dir.mkdir()
    left = tmp_path / f"{staging_prefix(output_dir)}stopped"
    (left / "posts").mkdir(parents=True)
    (left / "posts/index.html").write_text("half a site")
    (tmp_path / "notes.txt").write_text("the author's")
    tidy(output_dir)
    switch.wait_for_removals()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt", "public"]


def test_with_nothing_to_tidy_the_c_library_is_not_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(switch, "_exchange_call", lambda: asked.append(True))
    output_dir = tmp_path / "public"
    output_dir.mkdir()
    (tmp_path / "public-notes").mkdir()  # beside the output, but no staging folder
    tidy(output_dir)
    tidy(tmp_path / "missing/public")  # no parent folder at all
    assert asked == []
    assert (tmp_path / "public-notes").is_dir()


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


@pytest.fixture(params=["forked", "thread", "side process"])
def mirrored_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Where a mirror is made: in a forked process where this one runs no other thread, else on
    a thread, or by a build server's side process."""
    monkeypatch.setattr(workers.threading, "active_count", lambda: 2 if request.param == "thread" else 1)
    if request.param == "side process":
        sides.start_side_process()
    try:
        yield request.param
    finally:
        sides.stop_side_process()


def test_a_mirror_made_beside_the_build_links_every_file(tmp_path: Path, mirrored_by: str) -> None:
    output_dir = tmp_path / "public"
    (output_dir / "spring-sale").mkdir(parents=True)
    (output_dir / "spring-sale/index.html").write_text("<h1>Sale</h1>")
    (output_dir / "feed.xml").write_text("<rss/>")
    staging = switch.Staging.open(output_dir)
    if staging is None:
        pytest.skip("no folder exchange here")
    try:
        staging.start_mirror()
        assert (staging._mirror_child is not None) == (mirrored_by == "forked" and sys.platform == "linux")
        assert (staging._side_task is not None) == (mirrored_by == "side process")
        staging.wait_mirrored()
        assert staging.complete
        for dest in ("spring-sale/index.html", "feed.xml"):
            assert os.stat(staging.path / dest).st_ino == os.stat(output_dir / dest).st_ino
    finally:
        staging.discard()


@pytest.mark.parametrize("mirrored_by", ["forked", "side process"], indirect=True)  # on a thread: the system's error
def test_a_mirror_that_fails_in_its_process_leaves_the_writer_to_replace_file_by_file(
    tmp_path: Path, mirrored_by: str
) -> None:
    output_dir = tmp_path / "public"
    output_dir.mkdir()
    os.mkfifo(output_dir / "pipe")  # nothing a staged tree can carry
    staging = switch.Staging.open(output_dir)
    if staging is None:
        pytest.skip("no folder exchange here")
    try:
        staging.start_mirror()
        with pytest.raises(switch.CannotStage):
            staging.wait_mirrored()
        assert not staging.complete  # never kept as the spare
    finally:
        staging.discard()
