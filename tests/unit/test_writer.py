"""Writing the output folder: only what changed is written, what is gone is removed, nothing else."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from smo_gen.build import early_writes, output_files, writer
from smo_gen.build.output_folder import dump_output_record, look_at_output_folder
from smo_gen.build.output_state import OutputState
from smo_gen.build.spare import SpareRequest
from smo_gen.build.stale_files import leftover_temporaries
from smo_gen.build.write_options import WriteOptions
from smo_gen.build.writer import WriteStats, write_site
from smo_gen.errors import BuildError
from smo_gen.render.outputs import Output


class Folders:
    def __init__(self, tmp_path: Path) -> None:
        self.output_dir = tmp_path / "public"
        self.cache_dir = tmp_path / ".smo-cache"

    def write(self, outputs: list[Output]) -> WriteStats:
        return write_site(outputs, self.output_dir, self.cache_dir)

    def files(self) -> dict[str, bytes]:
        return {
            path.relative_to(self.output_dir).as_posix(): path.read_bytes()
            for path in sorted(self.output_dir.rglob("*"))
            if path.is_file()
        }

    def mtimes(self) -> dict[str, int]:
        return {
            path.relative_to(self.output_dir).as_posix(): path.stat().st_mtime_ns
            for path in self.output_dir.rglob("*")
            if path.is_file()
        }

    def age_everything(self) -> None:
        """Set every file's time far into the past, so any rewrite shows as a new time."""
        for path in self.output_dir.rglob("*"):
            if path.is_file():
                os.utime(path, ns=(1_000_000_000, 1_000_000_000))


@pytest.fixture
def folders(tmp_path: Path) -> Folders:
    return Folders(tmp_path)


SITE = [
    Output("index.html", b"<h1>Home</h1>"),
    Output("spring-sale/index.html", b"<h1>Spring sale</h1>"),
    Output("manifest.json", b"{}"),
]


def test_first_write_creates_every_file(folders: Folders) -> None:
    assert folders.write(SITE) == WriteStats(written=3, unchanged=0, removed=0)
    assert folders.files() == {
        "index.html": b"<h1>Home</h1>",
        "manifest.json": b"{}",
        "spring-sale/index.html": b"<h1>Spring sale</h1>",
    }


def test_a_first_write_into_no_folder_knows_the_folder_it_made(folders: Folders, tmp_path: Path) -> None:
    """The look the build stamp keeps comes from what was written, not from walking the new folder."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG fake")
    outputs = [*SITE, Output("images/logo.png", source=logo)]
    options = WriteOptions(OutputState(folders.output_dir, folders.cache_dir))
    look = write_site(outputs, folders.output_dir, folders.cache_dir, options).look
    assert look == look_at_output_folder(folders.output_dir)
    assert set(look) == {"index.html", "spring-sale/index.html", "manifest.json", "images/logo.png"}


def test_second_write_of_the_same_site_writes_nothing(folders: Folders) -> None:
    folders.write(SITE)
    folders.age_everything()
    before = folders.mtimes()
    assert folders.write(SITE) == WriteStats(written=0, unchanged=3, removed=0)
    assert folders.mtimes() == before, "no file may be touched when nothing changed"


def test_changed_output_is_rewritten_and_only_it(folders: Folders) -> None:
    folders.write(SITE)
    folders.age_everything()
    before = folders.mtimes()
    changed = [SITE[0], Output("spring-sale/index.html", b"<h1>Spring sale: now 50%</h1>"), SITE[2]]
    assert folders.write(changed) == WriteStats(written=1, unchanged=2, removed=0)
    after = folders.mtimes()
    assert [name for name in after if after[name] != before[name]] == ["spring-sale/index.html"]
    assert folders.files()["spring-sale/index.html"] == b"<h1>Spring sale: now 50%</h1>"


def test_same_size_change_is_still_written(folders: Folders) -> None:
    folders.write([Output("a.txt", b"aaaa")])
    folders.write([Output("a.txt", b"bbbb")])
    assert folders.files() == {"a.txt": b"bbbb"}


def test_output_deleted_by_hand_is_written_again(folders: Folders) -> None:
    folders.write(SITE)
    (folders.output_dir / "index.html").unlink()
    assert folders.write(SITE).written == 1
    assert (folders.output_dir / "index.html").read_bytes() == b"<h1>Home</h1>"


def test_removed_output_is_deleted_with_its_empty_folder(folders: Folders) -> None:
    folders.write(SITE)
    assert folders.write([SITE[0], SITE[2]]) == WriteStats(written=0, unchanged=2, removed=1)
    assert sorted(folders.files()) == ["index.html", "manifest.json"]
    assert not (folders.output_dir / "spring-sale").exists()


def test_foreign_files_in_a_folder_that_is_not_ours_are_kept(folders: Folders) -> None:
    folders.output_dir.mkdir()
    (folders.output_dir / "notes.txt").write_text("mine")
    (folders.output_dir / "old").mkdir()
    (folders.output_dir / "old" / "page.html").write_text("mine too")
    outputs = [Output("index.html", b"home")]  # no manifest.json: the folder never becomes ours
    folders.write(outputs)
    folders.write(outputs)
    assert folders.files() == {"index.html": b"home", "notes.txt": b"mine", "old/page.html": b"mine too"}


def test_files_put_in_by_hand_are_kept_even_in_a_folder_that_is_ours(folders: Folders) -> None:
    folders.write(SITE)
    (folders.output_dir / "stale").mkdir()
    (folders.output_dir / "stale" / "index.html").write_text("put here by hand")
    (folders.output_dir / "CNAME").write_text("example.com")
    assert folders.write([SITE[0], SITE[2]]).removed == 1  # the page it wrote, and only that
    assert sorted(folders.files()) == ["CNAME", "index.html", "manifest.json", "stale/index.html"]


def test_without_its_record_the_writer_deletes_nothing(folders: Folders) -> None:
    folders.write(SITE)
    for path in folders.cache_dir.iterdir():
        path.unlink()
    assert folders.write([SITE[0], SITE[2]]).removed == 0
    assert sorted(folders.files()) == ["index.html", "manifest.json", "spring-sale/index.html"]


def test_a_record_naming_files_outside_the_output_folder_is_not_followed(folders: Folders, tmp_path: Path) -> None:
    folders.write(SITE)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    state = OutputState(folders.output_dir, folders.cache_dir)
    planted = dict(state.files)
    planted["../precious.txt"] = planted["index.html"]
    planted[str(precious)] = planted["index.html"]
    state.path.write_bytes(dump_output_record(folders.output_dir, planted))
    assert folders.write(SITE).removed == 0
    assert precious.read_text() == "keep me"


def test_a_folder_replaced_by_a_link_is_never_written_or_swept_through(folders: Folders, tmp_path: Path) -> None:
    folders.write(SITE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not ours")
    sale = folders.output_dir / "spring-sale"
    (sale / "index.html").unlink()
    sale.rmdir()
    sale.symlink_to(elsewhere)
    with pytest.raises(BuildError, match="spring-sale is in the way of public/spring-sale/index.html"):
        folders.write(SITE)
    folders.write([SITE[0], SITE[2]])  # the page is gone: its recorded file lies behind a link
    assert (elsewhere / "index.html").read_text() == "not ours"


def test_a_file_smo_gen_did_not_write_in_the_way_fails_before_anything_is_written(folders: Folders) -> None:
    folders.write(SITE)
    (folders.output_dir / "offer").write_text("mine")
    before = folders.files()
    with pytest.raises(BuildError) as caught:
        folders.write([Output("index.html", b"<h1>New home</h1>"), Output("offer/index.html", b"page")])
    assert str(caught.value) == (
        "public/offer is in the way of public/offer/index.html, and smo-gen did not write it "
        "(move or delete it by hand, then build again)"
    )
    assert folders.files() == before


def test_a_folder_with_files_smo_gen_did_not_write_is_not_replaced_by_a_file(folders: Folders) -> None:
    folders.write([Output("offer/index.html", b"page")])
    (folders.output_dir / "offer" / "notes.txt").write_text("mine")
    with pytest.raises(BuildError, match="public/offer/notes.txt is in the way of public/offer"):
        folders.write([Output("offer", b"a file now")])
    assert (folders.output_dir / "offer" / "notes.txt").read_text() == "mine"


def test_a_name_too_long_for_the_temporary_file_is_still_written(folders: Folders) -> None:
    name = "a" * 250 + ".txt"
    folders.write([Output("index.html", b"home")])
    folders.write([Output("index.html", b"home"), Output(name, b"long")])
    assert folders.files()[name] == b"long"
    folders.write([Output("index.html", b"home"), Output(name, b"longer")])
    assert folders.files()[name] == b"longer"


def test_a_name_too_long_for_any_file_system_fails_before_anything_is_written(folders: Folders) -> None:
    with pytest.raises(BuildError, match="has a name of 256 bytes; file systems allow 255"):
        folders.write([Output("index.html", b"home"), Output("tags/" + "é" * 128 + "/index.html", b"x")])
    assert not folders.output_dir.exists()


def test_a_full_disk_is_a_clear_error_and_leaves_the_previous_site_whole(
    folders: Folders, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders.write(SITE)
    before = {
        p.relative_to(folders.output_dir).as_posix(): p.read_bytes()
        for p in folders.output_dir.rglob("*")
        if p.is_file()
    }
    real = output_files._write_content

    def fill_up(path: Path, output: Output, link: bool = False) -> None:
        if output.dest == "spring-sale/index.html":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, output, link)

    monkeypatch.setattr(output_files, "_write_content", fill_up)
    new = [Output("index.html", b"<h1>New</h1>"), Output("spring-sale/index.html", b"<h1>New sale</h1>"), SITE[2]]
    with pytest.raises(writer.OutputWriteError) as caught:
        folders.write(new)
    assert str(caught.value) == (
        "disk full while writing public/spring-sale/index.html "
        "(free some space or fix the permission, then build again)"
    )
    assert caught.value.outcome == "no page of the previous site was replaced."
    after = {
        p.relative_to(folders.output_dir).as_posix(): p.read_bytes()
        for p in folders.output_dir.rglob("*")
        if p.is_file()
    }
    assert after == before
    assert [p.name for p in folders.output_dir.parent.iterdir() if ".smo-next-" in p.name] == []
    monkeypatch.undo()
    assert folders.write(new).written == 2


def test_version_control_folder_in_the_output_survives(folders: Folders) -> None:
    # Deploying public/ as a git checkout (GitHub Pages) is common; its history is not ours to delete.
    folders.write(SITE)
    git_dir = folders.output_dir / ".git"
    (git_dir / "objects").mkdir(parents=True)
    (git_dir / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (git_dir / "objects" / "ab").write_text("blob")
    (git_dir / "refs" / "tags").mkdir(parents=True)  # empty in a fresh clone, and git needs it
    folders.write([SITE[0], SITE[2]])  # a page removed: the tidy-up runs
    assert (git_dir / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (git_dir / "objects" / "ab").exists()
    assert (git_dir / "refs" / "tags").is_dir()


def test_copied_files_are_written_and_then_left_alone(folders: Folders, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG fake")
    outputs = [Output("images/logo.png", source=logo)]
    assert folders.write(outputs).written == 1
    assert folders.files() == {"images/logo.png": b"\x89PNG fake"}
    assert folders.write(outputs) == WriteStats(written=0, unchanged=1, removed=0)
    logo.write_bytes(b"\x89PNG changed")
    assert folders.write(outputs).written == 1
    assert folders.files() == {"images/logo.png": b"\x89PNG changed"}


def test_no_temporary_files_are_left_behind(folders: Folders) -> None:
    folders.write(SITE)
    leftovers = [p.name for p in folders.output_dir.rglob("*") if p.name.endswith(".smo-tmp")]
    assert leftovers == []


def test_moving_the_output_folder_writes_everything_again(folders: Folders, tmp_path: Path) -> None:
    folders.write(SITE)
    folders.output_dir = tmp_path / "dist"
    assert folders.write(SITE).written == 3


def test_a_file_that_becomes_a_folder_is_replaced(tmp_path: Path) -> None:

    out, cache = tmp_path / "public", tmp_path / "cache"
    write_site([Output("manifest.json", b"{}"), Output("offer", b"old file")], out, cache)
    write_site([Output("manifest.json", b"{}"), Output("offer/index.html", b"<p>now a page</p>")], out, cache)
    assert (out / "offer" / "index.html").read_bytes() == b"<p>now a page</p>"
    write_site([Output("manifest.json", b"{}"), Output("offer", b"a file again")], out, cache)
    assert (out / "offer").read_bytes() == b"a file again"


def test_a_file_changed_by_hand_to_the_same_size_is_written_again(folders: Folders) -> None:
    folders.write(SITE)
    (folders.output_dir / "spring-sale/index.html").write_bytes(b"<h1>Spring SALE</h1>")
    assert folders.write(SITE).written == 1
    assert folders.files()["spring-sale/index.html"] == b"<h1>Spring sale</h1>"


def test_a_file_only_touched_is_kept_and_its_new_time_recorded(folders: Folders) -> None:
    folders.write(SITE)
    folders.age_everything()  # times changed, bytes not: compared by digest, so nothing is written
    before = folders.mtimes()
    assert folders.write(SITE) == WriteStats(written=0, unchanged=3, removed=0)
    assert folders.mtimes() == before
    state = OutputState(folders.output_dir, folders.cache_dir)
    assert all(record.mtime_ns == 1_000_000_000 for record in state.files.values())  # no digest next time


def test_large_outputs_are_written_side_by_side_and_kept_when_unchanged(folders: Folders) -> None:
    # Full-content feeds are megabytes each: written on threads of their own.
    feed, atom = b"<rss>" + b"x" * (1 << 21) + b"</rss>", b"<feed>" + b"y" * (1 << 21) + b"</feed>"
    outputs = [*SITE, Output("feed.xml", feed), Output("atom.xml", atom), Output("tags/a/feed.xml", feed)]
    assert folders.write(outputs) == WriteStats(written=6, unchanged=0, removed=0)
    assert folders.files()["atom.xml"] == atom and folders.files()["tags/a/feed.xml"] == feed
    folders.age_everything()
    assert folders.write(outputs) == WriteStats(written=0, unchanged=6, removed=0)
    edited = [*SITE, Output("feed.xml", feed + b"\n"), Output("atom.xml", atom), Output("tags/a/feed.xml", feed)]
    assert folders.write(edited) == WriteStats(written=1, unchanged=5, removed=0)
    assert folders.files()["feed.xml"] == feed + b"\n"
    assert [name for name, mtime in folders.mtimes().items() if mtime != 1_000_000_000] == ["feed.xml"]


def test_a_replaced_large_file_is_freed_by_a_thread_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    out, cache = tmp_path / "public", tmp_path / "cache"
    monkeypatch.setattr(writer.Staging, "open", lambda output_dir, spare=None: None)  # files replaced one by one
    old, new = b"o" * (early_writes.LARGE_OUTPUT + 1), b"n" * (early_writes.LARGE_OUTPUT + 2)
    write_site([Output("feed.xml", data=old, key="1")], out, cache)
    released: list[tuple[str, bytes]] = []
    real_close_all = output_files._close_all

    def close_all(descriptors: list[int]) -> None:
        for descriptor in descriptors:  # what each held descriptor still reads, and where it is closed
            released.append((threading.current_thread().name, os.pread(descriptor, 1, 0)))
        real_close_all(descriptors)

    monkeypatch.setattr(output_files, "_close_all", close_all)
    stats = write_site([Output("feed.xml", data=new, key="2")], out, cache)
    for thread in threading.enumerate():
        if thread.name == "smo-gen-release":
            thread.join()
    assert stats.written == 1
    assert (out / "feed.xml").read_bytes() == new
    assert released == [("smo-gen-release", b"o")]  # the old file, held past the rename
    assert not list(out.glob(".*.smo-tmp"))


def test_small_files_are_replaced_without_holding_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    out, cache = tmp_path / "public", tmp_path / "cache"
    monkeypatch.setattr(writer.Staging, "open", lambda output_dir, spare=None: None)  # files replaced one by one
    write_site([Output("index.html", data=b"old", key="1")], out, cache)
    held: list[list[int]] = []
    monkeypatch.setattr(writer, "release_later", held.append)
    write_site([Output("index.html", data=b"new", key="2")], out, cache)
    assert held == [[]]
    assert (out / "index.html").read_bytes() == b"new"


def _large_feed_in(out: Path, cache: Path) -> tuple[bytes, Output]:
    """A large feed written by a first build, and the next build's version cut from it."""
    import hashlib

    from smo_gen.build.early_writes import LARGE_OUTPUT
    from smo_gen.file_looks import look_at_file
    from smo_gen.render.document_parts import Source, assemble

    old = b"<feed>" + b"e" * LARGE_OUTPUT + b"</feed>"
    write_site([Output("feed.xml", data=old, key="1")], out, cache)
    look = look_at_file(out / "feed.xml")
    assert look is not None
    source = Source(str(out / "feed.xml"), look, "sha256:" + hashlib.sha256(old).hexdigest())
    document = assemble([b"<feed>NEW", (6, len(old))], source)
    return b"<feed>NEW" + old[6:], Output("feed.xml", data=document, key="2")


def test_a_large_output_written_early_is_renamed_into_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    out, cache = tmp_path / "public", tmp_path / "cache"
    expected, output = _large_feed_in(out, cache)
    early = early_writes.EarlyWrites(out)
    early.offer("feed.xml", output.data)
    early.offer("index.html", b"<p>small</p>")  # small outputs are the writer's, as before
    assert list(early._staged) == ["feed.xml"]
    staged = early._staged["feed.xml"][1]  # in the folder the next site is assembled in
    early._staged["feed.xml"][2].result()  # wait for the copy the writer would otherwise wait for
    assert staged.read_bytes() == expected  # written while the rest would render
    writes: list[Path] = []
    monkeypatch.setattr(output_files, "write_assembled", lambda target, document: writes.append(target))
    stats = write_site([output], out, cache, WriteOptions(early=early))
    assert stats.written == 1 and writes == []  # renamed, not written again
    assert (out / "feed.xml").read_bytes() == expected
    assert not staged.exists()


def test_what_was_written_early_for_a_build_that_stops_is_removed(tmp_path: Path) -> None:

    out, cache = tmp_path / "public", tmp_path / "cache"
    _, output = _large_feed_in(out, cache)
    before = (out / "feed.xml").read_bytes()
    early = early_writes.EarlyWrites(out)
    early.offer("feed.xml", output.data)
    early.discard()  # as the pipeline does when rendering fails after the feed was made
    assert sorted(path.name for path in out.iterdir()) == ["feed.xml"]
    assert (out / "feed.xml").read_bytes() == before


def test_an_early_write_that_failed_fails_the_write_and_leaves_nothing_behind(tmp_path: Path) -> None:
    from smo_gen.render.document_parts import SourceChanged

    out, cache = tmp_path / "public", tmp_path / "cache"
    _, output = _large_feed_in(out, cache)
    (out / "feed.xml").write_bytes(b"edited by hand during the build")
    early = early_writes.EarlyWrites(out)
    early.offer("feed.xml", output.data)
    with pytest.raises(SourceChanged):
        write_site([output], out, cache, WriteOptions(early=early))
    assert sorted(path.name for path in out.iterdir()) == ["feed.xml"]
    assert (out / "feed.xml").read_bytes() == b"edited by hand during the build"


def test_an_early_write_is_used_only_for_the_very_document_it_was_made_from(tmp_path: Path) -> None:

    out, cache = tmp_path / "public", tmp_path / "cache"
    _, output = _large_feed_in(out, cache)
    early = early_writes.EarlyWrites(out)
    early.offer("feed.xml", output.data)
    replacement = Output("feed.xml", data=b"<feed>other</feed>", key="3")
    assert early.take(replacement) is None
    assert not (out / ".feed.xml.smo-tmp").exists()


def test_starting_writeback_early_keeps_the_file_as_it_is(tmp_path: Path) -> None:
    import sys

    from smo_gen import atomic_write

    path = tmp_path / "feed.xml"
    path.write_bytes(b"x" * 100_000)
    atomic_write.start_writeback(path)
    assert path.read_bytes() == b"x" * 100_000
    if sys.platform.startswith("linux"):
        assert atomic_write._sync_file_range() is not None  # glibc's sync_file_range, found through ctypes


# --- hard links (`hard_link_static`, and always in `serve`) -----------------------------------------


def _logo(tmp_path: Path, data: bytes = b"\x89PNG fake") -> Path:
    logo = tmp_path / "static" / "logo.png"
    logo.parent.mkdir(exist_ok=True)
    logo.write_bytes(data)
    return logo


@pytest.mark.parametrize("fresh", [True, False], ids=["new output folder", "existing output folder"])
def test_linked_copies_are_the_source_file_itself(tmp_path: Path, fresh: bool) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    if not fresh:
        write_site([Output("index.html", b"<h1>Home</h1>")], out, cache)
    logo = _logo(tmp_path)
    outputs = [Output("index.html", b"<h1>Home</h1>"), Output("images/logo.png", source=logo)]
    write_site(outputs, out, cache, WriteOptions(link=True))
    assert (out / "images/logo.png").samefile(logo)
    assert write_site(outputs, out, cache, WriteOptions(link=True)) == WriteStats(written=0, unchanged=2, removed=0)
    assert [path.name for path in out.rglob("*.smo-tmp")] == []


def test_a_linked_source_edited_in_place_is_taken_up_and_leaves_nothing_behind(tmp_path: Path) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    logo = _logo(tmp_path)
    outputs = [Output("images/logo.png", source=logo)]
    write_site(outputs, out, cache, WriteOptions(link=True))
    logo.write_bytes(b"\x89PNG edited in place")  # same file: the output shows it at once
    os.utime(logo, ns=(2_000_000_000, 2_000_000_000))
    assert write_site(outputs, out, cache, WriteOptions(link=True)).written == 1  # its record follows the new look
    assert (out / "images/logo.png").samefile(logo)
    assert [path.name for path in out.rglob(".*")] == []  # rename onto the same file would have left one
    assert write_site(outputs, out, cache, WriteOptions(link=True)).written == 0


def test_turning_links_off_makes_copies_that_can_be_edited_alone(tmp_path: Path) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    logo = _logo(tmp_path)
    outputs = [Output("images/logo.png", source=logo)]
    write_site(outputs, out, cache, WriteOptions(link=True))
    assert write_site(outputs, out, cache, WriteOptions(link=False)).written == 1
    copy = out / "images/logo.png"
    assert not copy.samefile(logo)
    copy.write_bytes(b"optimized by some tool")
    assert logo.read_bytes() == b"\x89PNG fake"
    assert write_site(outputs, out, cache, WriteOptions(link=True)).written == 1
    assert copy.samefile(logo)


def test_links_fall_back_to_copies_where_the_file_system_refuses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")  # EXDEV: the output on another disk

    monkeypatch.setattr(os, "link", refuse)
    out, cache = tmp_path / "public", tmp_path / "cache"
    logo = _logo(tmp_path)
    write_site([Output("images/logo.png", source=logo)], out, cache, WriteOptions(link=True))
    assert (out / "images/logo.png").read_bytes() == b"\x89PNG fake"
    assert not (out / "images/logo.png").samefile(logo)


def test_a_missing_source_fails_as_a_copy_would(tmp_path: Path) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    with pytest.raises(FileNotFoundError):
        write_site([Output("images/logo.png", source=tmp_path / "gone.png")], out, cache, WriteOptions(link=True))


def test_a_temporary_left_linked_to_a_source_is_never_written_through(tmp_path: Path) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    write_site([Output("manifest.json", b"{}"), Output("logo.png", b"old")], out, cache)
    logo = _logo(tmp_path)
    os.link(logo, out / ".logo.png.smo-tmp")  # a linking build stopped before its rename
    write_site([Output("manifest.json", b"{}"), Output("logo.png", b"rendered bytes")], out, cache)
    assert (out / "logo.png").read_bytes() == b"rendered bytes"
    assert logo.read_bytes() == b"\x89PNG fake"


def test_temporary_files_a_stopped_build_left_are_removed_once_old(folders: Folders) -> None:
    folders.write(SITE)
    stopped = folders.output_dir / "spring-sale/.index.html.smo-tmp"  # a build killed while writing
    running = folders.output_dir / ".feed.xml.smo-tmp"  # another build, writing right now
    stopped.write_bytes(b"<h1>Spri")
    running.write_bytes(b"<rss")
    os.utime(stopped, ns=(1_000_000_000, 1_000_000_000))
    (folders.output_dir / "notes.smo-tmp").write_text("not a name smo-gen gives its temporary files")
    assert folders.write(SITE).removed == 1
    assert not stopped.exists()
    assert running.exists() and (folders.output_dir / "notes.smo-tmp").exists()


def test_leftover_temporaries() -> None:
    now = 10**12
    look = {"a/.index.html.smo-tmp": (3, 1), ".x.smo-tmp": (3, now), "a/index.html": (3, 1), "b.smo-tmp": (1, 1)}
    assert leftover_temporaries(look, now) == ["a/.index.html.smo-tmp"]


def test_a_full_disk_in_a_new_folder_leaves_no_half_file(folders: Folders, monkeypatch: pytest.MonkeyPatch) -> None:
    real = output_files._write_content

    def half_then_full(path: Path, output: Output, link: bool = False) -> None:
        if output.dest == "spring-sale/index.html":
            path.write_bytes(b"<h1>Spr")
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, output, link)

    monkeypatch.setattr(output_files, "_write_content", half_then_full)
    with pytest.raises(writer.OutputWriteError) as caught:
        folders.write(SITE)
    assert str(caught.value).startswith("disk full while writing public/spring-sale/index.html")
    assert caught.value.outcome == "no output folder was made."
    assert not folders.output_dir.exists()
    assert list(folders.output_dir.parent.glob(".public.smo-next-*")) == []
    monkeypatch.undo()
    assert folders.write(SITE).written == 3


def test_a_full_disk_while_linking_the_site_leaves_it_whole(folders: Folders, monkeypatch: pytest.MonkeyPatch) -> None:
    from smo_gen.build import switch

    folders.write(SITE)
    before = folders.files()

    def full(source: str, target: str, *, follow_symlinks: bool = True) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", target)

    monkeypatch.setattr(switch.os, "link", full)
    with pytest.raises(writer.OutputWriteError) as caught:
        folders.write([Output("index.html", b"<h1>New</h1>"), *SITE[1:]])
    assert str(caught.value).startswith("disk full while writing public/")
    assert caught.value.outcome == "no page of the previous site was replaced."
    assert folders.files() == before
    assert [p.name for p in folders.output_dir.parent.iterdir() if ".smo-next-" in p.name] == []


def test_without_the_folder_exchange_files_are_replaced_one_by_one(
    folders: Folders, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        writer.Staging, "open", lambda output_dir, spare=None: None
    )  # another system, or a file system refusing it
    folders.write(SITE)
    assert folders.write([Output("index.html", b"<h1>New</h1>"), *SITE[1:]]).written == 1
    assert folders.files()["index.html"] == b"<h1>New</h1>"
    assert not list(folders.output_dir.rglob("*.smo-tmp"))


def test_an_exchange_refused_at_the_last_moment_falls_back_to_files_one_by_one(
    folders: Folders, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smo_gen.build import switch

    folders.write(SITE)
    (folders.output_dir / ".git").mkdir()

    def refuse(self: switch.Staging) -> None:  # an output folder that is a mount point, say
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    real_open = switch.Staging.open

    def opened(output_dir: Path, spare: SpareRequest | None = None) -> switch.Staging | None:
        staging = real_open(output_dir, spare)
        if staging is not None:
            monkeypatch.setattr(staging, "_exchange", lambda first, second: refuse(staging))
        return staging

    monkeypatch.setattr(writer.Staging, "open", opened)
    assert folders.write([Output("index.html", b"<h1>New</h1>"), *SITE[1:]]).written == 1
    assert folders.files()["index.html"] == b"<h1>New</h1>"
    assert (folders.output_dir / ".git").is_dir()
    assert [p.name for p in folders.output_dir.parent.iterdir() if ".smo-next-" in p.name] == []


def test_an_old_tree_a_build_stopped_after_its_switch_left_goes_with_the_next_build(folders: Folders) -> None:
    folders.write(SITE)
    left = folders.output_dir.parent / ".public.smo-next-0badc0de"  # stopped while deleting the old site
    (left / "spring-sale").mkdir(parents=True)
    (left / "spring-sale/index.html").write_bytes(b"old")
    assert folders.write(SITE).written == 0  # nothing changed: the output folder is not touched
    assert not left.exists()
