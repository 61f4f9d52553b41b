"""copies_ahead: the site's copied files placed in a new staged tree while the pages render."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.build.caches.trusted_looks import NO_LOOKS
from smo_gen.build.copies_ahead import CopiesAhead, CopyRequest
from smo_gen.build.write_plan import output_fingerprint
from smo_gen.render.outputs import Output, WrittenAhead


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "static"
    (folder / "images").mkdir(parents=True)
    for name in ("a.png", "b.png", "theme.css", "site.css"):
        (folder / "images" / name).write_bytes(name.encode() * 100)
    return folder


def placed(request: CopyRequest, stage: Path | None) -> list[Output]:
    copies = CopiesAhead(request, stage)
    copies.start()
    return copies.outputs()


@pytest.mark.parametrize("link", [False, True], ids=["copied", "linked"])
def test_copies_are_placed_and_known_as_the_writer_would_know_them(tmp_path: Path, sources: Path, link: bool) -> None:
    stage = tmp_path / "stage"
    stage.mkdir()
    copies = [Output("images/a.png", source=sources / "images/a.png"), Output("b.png", source=sources / "images/b.png")]
    outputs = placed(CopyRequest(copies, (), NO_LOOKS, link), stage)
    for copy, output in zip(copies, outputs, strict=True):
        assert isinstance(output.data, WrittenAhead) and output.source == copy.source
        target = stage / copy.dest
        assert target.read_bytes() == Path(str(copy.source)).read_bytes()
        assert target.samefile(str(copy.source)) is link
        assert (output.data.fingerprint, output.data.size) == output_fingerprint(copy, NO_LOOKS, link)
        assert output.data.mtime_ns == target.stat().st_mtime_ns


def test_only_the_copy_that_ends_up_in_the_site_is_placed(tmp_path: Path, sources: Path) -> None:
    stage = tmp_path / "stage"
    stage.mkdir()
    theme = Output("style.css", source=sources / "images/theme.css")
    site = Output("style.css", source=sources / "images/site.css")  # the site's file overrides the theme's
    page = Output("index.html", source=sources / "images/a.png")  # a rendered page takes this path
    outputs = placed(CopyRequest([theme, site, page], {"index.html"}, NO_LOOKS, False), stage)
    assert outputs[0] == theme and outputs[2] == page  # left as they were: the writer decides
    assert isinstance(outputs[1].data, WrittenAhead)
    assert (stage / "style.css").read_bytes() == (sources / "images/site.css").read_bytes()
    assert not (stage / "index.html").exists()


def test_a_copy_that_cannot_be_placed_is_left_to_the_writer(tmp_path: Path, sources: Path) -> None:
    stage = tmp_path / "stage"
    stage.mkdir()
    missing = Output("gone.png", source=sources / "gone.png")
    (stage / "there.png").write_bytes(b"someone else's")
    there = Output("there.png", source=sources / "images/a.png")
    assert placed(CopyRequest([missing, there], (), NO_LOOKS, False), stage) == [missing, there]
    assert sorted(p.name for p in stage.iterdir()) == ["there.png"]
    assert (stage / "there.png").read_bytes() == b"someone else's"


def test_without_a_new_tree_nothing_is_placed(sources: Path) -> None:
    copies = [Output("a.png", source=sources / "images/a.png")]
    assert placed(CopyRequest(copies, (), NO_LOOKS, True), None) == copies


def test_stopping_waits_for_the_thread_and_places_no_more(tmp_path: Path, sources: Path) -> None:
    stage = tmp_path / "stage"
    stage.mkdir()
    copies = [Output(f"{n}.png", source=sources / "images/a.png") for n in range(500)]
    ahead = CopiesAhead(CopyRequest(copies, (), NO_LOOKS, True), stage)
    ahead.start()
    ahead.stop()
    count = len(list(stage.iterdir()))
    assert sorted(p.name for p in stage.iterdir()) == sorted(f"{n}.png" for n in range(count))
    assert len(list(stage.iterdir())) == count  # nothing more once stopped
