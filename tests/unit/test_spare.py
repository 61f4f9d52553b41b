"""The spare tree: the site a switch swapped out, kept in the cache folder and brought up to
date by the next build, which then writes only what changed (see `smo_gen.build.spare`)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from smo_gen import side_process as sides
from smo_gen.build import switch
from smo_gen.build.early_writes import EarlyWrites, make_spare_ahead
from smo_gen.build.output_state import OutputState
from smo_gen.build.spare import spare_dir
from smo_gen.build.switch import wait_for_removals
from smo_gen.build.write_options import WriteOptions
from smo_gen.build.writer import WriteStats, write_site
from smo_gen.render.outputs import Output
from tests.support.builders import make_config

pytestmark = pytest.mark.skipif(switch._exchange_call() is None, reason="no renameat2(RENAME_EXCHANGE) here")

PAGES = [Output(f"p{number}/index.html", f"<h1>Page {number}</h1>".encode()) for number in range(6)]
FEED = Output("feed.xml", b"<rss>six pages</rss>")


class Site:
    def __init__(self, tmp_path: Path) -> None:
        self.output_dir = tmp_path / "public"
        self.cache_dir = tmp_path / ".smo-cache"
        self.spare_dir = spare_dir(self.output_dir, self.cache_dir)

    def write(self, outputs: list[Output]) -> WriteStats:
        stats = write_site(outputs, self.output_dir, self.cache_dir)
        wait_for_removals()  # the spare is trimmed and noted on a thread of its own
        return stats

    def files(self, folder: Path | None = None) -> dict[str, bytes]:
        root = folder or self.output_dir
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


def _edited(number: int, text: str) -> list[Output]:
    pages = [Output(page.dest, text.encode()) if index == number else page for index, page in enumerate(PAGES)]
    return [*pages, Output("feed.xml", f"<rss>{text}</rss>".encode())]


def test_the_swapped_out_site_is_kept_as_links_without_the_changed_files(site: Site) -> None:
    site.write([*PAGES, FEED])
    site.write(_edited(2, "edited"))
    spare = site.files(site.spare_dir)
    assert "p2/index.html" not in spare and "feed.xml" not in spare  # the old versions take no space
    assert spare["p1/index.html"] == b"<h1>Page 1</h1>"
    assert os.stat(site.spare_dir / "p1/index.html").st_ino == os.stat(site.output_dir / "p1/index.html").st_ino
    assert not [p for p in site.output_dir.parent.iterdir() if switch.STAGING_INFIX in p.name]


def test_builds_through_the_spare_leave_what_a_clean_build_leaves(site: Site, tmp_path: Path) -> None:
    site.write([*PAGES, FEED])
    for number, text in enumerate(["one", "two", "three"]):
        outputs = _edited(number, text)
        if number == 2:
            outputs = [output for output in outputs if output.dest != "p4/index.html"]  # a page deleted
        site.write(outputs)
        clean = Site(tmp_path / f"clean{number}")
        clean.write(outputs)
        assert site.files() == clean.files()
    assert not (site.output_dir / "p4").exists()


def test_the_next_build_switches_the_spare_in_rather_than_a_new_tree(site: Site) -> None:
    site.write([*PAGES, FEED])
    site.write(_edited(1, "first"))
    for text in ("second", "third"):
        spare_folder = os.stat(site.spare_dir / "p5").st_ino  # a new tree would make every folder anew
        spare_file = os.stat(site.spare_dir / "p5/index.html").st_ino
        site.write(_edited(1, text))
        assert os.stat(site.output_dir / "p5").st_ino == spare_folder
        assert os.stat(site.output_dir / "p5/index.html").st_ino == spare_file
        assert site.files()["p1/index.html"] == text.encode()


def test_files_put_into_replaced_in_or_removed_from_the_output_by_hand_stay_so(site: Site) -> None:
    (site.output_dir).mkdir()
    site.write([*PAGES, FEED])
    (site.output_dir / "CNAME").write_text("example.com\n")
    (site.output_dir / "keep.txt").write_text("first")
    site.write(_edited(0, "a"))  # CNAME and keep.txt go into the spare as links
    (site.output_dir / "CNAME").unlink()
    (site.output_dir / "keep.txt").unlink()
    (site.output_dir / "keep.txt").write_text("second, longer")
    (site.output_dir / "notes").mkdir()
    (site.output_dir / "notes/todo.txt").write_text("mine")
    site.write(_edited(0, "b"))
    files = site.files()
    assert "CNAME" not in files
    assert files["keep.txt"] == b"second, longer"
    assert files["notes/todo.txt"] == b"mine"
    assert files["p0/index.html"] == b"b"


def test_an_output_file_changed_by_hand_is_written_again_through_the_spare(site: Site) -> None:
    site.write([*PAGES, FEED])
    site.write(_edited(0, "a"))
    (site.output_dir / "p3/index.html").unlink()
    (site.output_dir / "p3/index.html").write_bytes(b"vandalised")
    site.write(_edited(0, "b"))
    assert site.files()["p3/index.html"] == b"<h1>Page 3</h1>"


def test_a_spare_without_its_note_is_not_trusted(site: Site) -> None:
    site.write([*PAGES, FEED])
    site.write(_edited(0, "a"))
    site.spare_dir.with_name(site.spare_dir.name + ".json").unlink()  # as a build stopped while using it leaves it
    (site.spare_dir / "stray.html").write_text("half-written")
    site.write(_edited(0, "b"))
    assert "stray.html" not in site.files()
    assert site.files()["p0/index.html"] == b"b"
    assert not [p for p in site.cache_dir.iterdir() if ".old-" in p.name]


def test_a_spare_for_an_output_folder_replaced_by_hand_is_not_trusted(site: Site, tmp_path: Path) -> None:
    site.write([*PAGES, FEED])
    site.write(_edited(0, "a"))
    copy = tmp_path / "copy"
    site.output_dir.rename(copy)
    copy.rename(site.output_dir)  # the same folder: still trusted
    (site.output_dir / "p5/index.html").write_bytes(b"x")
    site.write(_edited(0, "b"))
    assert site.files()["p5/index.html"] == b"<h1>Page 5</h1>"
    other = tmp_path / "other"
    other.mkdir()
    for dest, data in site.files().items():
        (other / dest).parent.mkdir(parents=True, exist_ok=True)
        (other / dest).write_bytes(data)
    (other / "p5/index.html").write_bytes(b"<h1>Page 5</h1>")
    (other / "extra.txt").write_text("extra")
    os.rename(site.output_dir, tmp_path / "gone")
    os.rename(other, site.output_dir)  # another folder in its place: its files are what counts
    site.write(_edited(0, "c"))
    assert site.files()["extra.txt"] == b"extra"
    assert site.files()["p0/index.html"] == b"c"


def test_nothing_behind_a_link_in_the_output_is_touched(site: Site, tmp_path: Path) -> None:
    site.write([*PAGES, FEED])
    site.write(_edited(0, "a"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not ours")
    outputs = [output for output in _edited(0, "b") if output.dest != "p4/index.html"]
    (site.output_dir / "p4/index.html").unlink()
    (site.output_dir / "p4").rmdir()
    (site.output_dir / "p4").symlink_to(elsewhere)
    site.write(outputs)
    site.write([output for output in _edited(0, "c") if output.dest != "p4/index.html"])
    assert (elsewhere / "index.html").read_text() == "not ours"
    assert (site.output_dir / "p4").is_symlink()


def _write_with_early(site: Site, outputs: list[Output], rendered: list[Output]) -> WriteStats:
    """A build that renders `rendered` in one process, telling the writer of each as it goes."""
    state = OutputState(site.output_dir, site.cache_dir)
    early = EarlyWrites(site.output_dir, state)
    try:
        for output in rendered:
            early.offer(output.dest, output.data)
        stats = write_site(outputs, site.output_dir, site.cache_dir, WriteOptions(state=state, early=early))
    finally:
        early.discard()
    wait_for_removals()
    return stats


def test_links_made_while_rendering_become_the_new_site_and_then_the_spare(site: Site, tmp_path: Path) -> None:
    site.write([*PAGES, FEED])
    outputs = _edited(3, "edited")
    assert _write_with_early(site, outputs, outputs[3:4]).written == 2
    clean = Site(tmp_path / "clean")
    clean.write(outputs)
    assert site.files() == clean.files()
    assert site.files(site.spare_dir)["p1/index.html"] == b"<h1>Page 1</h1>"
    again = _edited(3, "again")
    _write_with_early(site, again, again[3:4])
    assert site.files()["p3/index.html"] == b"again"


def test_links_made_for_a_build_that_changed_nothing_are_kept_as_the_spare(site: Site) -> None:
    site.write([*PAGES, FEED])
    before = site.files()
    assert _write_with_early(site, [*PAGES, FEED], PAGES[:1]).written == 0  # rendered, the same bytes
    assert site.files() == before
    assert site.files(site.spare_dir) == before
    assert not [p for p in site.output_dir.parent.iterdir() if switch.STAGING_INFIX in p.name]
    assert _write_with_early(site, _edited(0, "x"), PAGES[:1]).written == 2
    assert site.files()["p0/index.html"] == b"x"


def test_a_spare_left_half_deleted_by_a_stopped_build_goes_with_the_next_build(site: Site) -> None:
    site.write([*PAGES, FEED])
    site.write(_edited(0, "a"))
    aside = site.spare_dir.with_name(site.spare_dir.name + ".old-0badc0de")
    (aside / "p1").mkdir(parents=True)
    (aside / "p1/index.html").write_text("old")
    site.write(_edited(0, "b"))
    assert not aside.exists()
    assert site.files()["p0/index.html"] == b"b"


@pytest.mark.parametrize("with_side_process", [False, True])
def test_a_spare_made_ahead_is_the_tree_the_next_build_switches_in(
    site: Site, tmp_path: Path, with_side_process: bool
) -> None:
    config = replace(make_config(tmp_path), output_dir=site.output_dir, cache_dir=site.cache_dir)
    site.write([*PAGES, FEED])  # a first build: no tree swapped out, so no spare
    assert not site.spare_dir.exists()
    if with_side_process:  # as a build server makes it
        sides.start_side_process()
    try:
        make_spare_ahead(config)
    finally:
        sides.stop_side_process()
    assert site.files(site.spare_dir) == site.files()
    assert os.stat(site.spare_dir / "p3/index.html").st_ino == os.stat(site.output_dir / "p3/index.html").st_ino
    spare_folder = os.stat(site.spare_dir / "p5").st_ino
    site.write(_edited(1, "first"))
    assert os.stat(site.output_dir / "p5").st_ino == spare_folder  # switched in, not made anew
    clean = Site(tmp_path / "clean")
    clean.write(_edited(1, "first"))
    assert site.files() == clean.files()
    make_spare_ahead(config)  # one is kept now: left as it is
    assert "p1/index.html" not in site.files(site.spare_dir)
