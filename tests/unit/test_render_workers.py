"""render_workers: which outputs a worker writes into the staged tree itself, and what it hands back of them."""

from __future__ import annotations

from pathlib import Path

from smo_gen.build import render_workers
from smo_gen.build.render_workers import WriteAhead, write_ahead
from smo_gen.build.write_plan import output_fingerprint
from smo_gen.render.document_parts import Assembled, Source
from smo_gen.render.outputs import Output, Planned

PAGE = "<!doctype html><title>Spring sale ✓</title>".encode()


def ahead(tmp_path: Path, *dests: str) -> WriteAhead:
    return WriteAhead(str(tmp_path), frozenset(dests))


def test_a_page_is_written_in_place_and_known_as_the_writer_would_know_it(tmp_path: Path) -> None:
    written = write_ahead(ahead(tmp_path, "spring-sale/index.html"), "spring-sale/index.html", PAGE)
    assert written is not None
    target = tmp_path / "spring-sale" / "index.html"
    assert target.read_bytes() == PAGE
    assert written.path == str(target)
    assert (written.fingerprint, written.size) == output_fingerprint(Output("spring-sale/index.html", PAGE))
    assert written.mtime_ns == target.stat().st_mtime_ns
    assert written.index is None


def test_an_assembled_document_is_written_whole_and_keeps_only_its_index(tmp_path: Path) -> None:
    parts = (b"<feed>", b"<entry>one</entry>", b"</feed>")
    document = Assembled(parts, sum(map(len, parts)), "sha256:feed", entries={"one": (6, 24)})
    written = write_ahead(ahead(tmp_path, "feed.xml"), "feed.xml", document)
    assert written is not None
    assert (tmp_path / "feed.xml").read_bytes() == bytes(document)
    assert (written.fingerprint, written.size) == ("sha256:feed", len(bytes(document)))
    assert written.index is not None
    assert (written.index.parts, dict(written.index.entries)) == ((), {"one": (6, 24)})


def test_what_may_not_be_written_ahead_comes_back_to_the_writer(tmp_path: Path) -> None:
    cut = Assembled((b"x", (0, 4)), 5, "sha256:cut", Source(str(tmp_path / "old.xml"), (4, 1), "sha256:old"))
    assert write_ahead(None, "a/index.html", PAGE) is None  # no staged tree
    assert write_ahead(ahead(tmp_path, "a/index.html"), "b/index.html", PAGE) is None  # a path shared with another
    assert write_ahead(ahead(tmp_path, "a/index.html"), "a/index.html", None) is None  # nothing to write
    assert write_ahead(ahead(tmp_path, "feed.xml"), "feed.xml", cut) is None  # cut from the last build's file
    assert list(tmp_path.iterdir()) == []


def test_a_file_already_in_the_tree_is_left_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(b"someone else's")
    assert write_ahead(ahead(tmp_path, "index.html"), "index.html", PAGE) is None
    assert (tmp_path / "index.html").read_bytes() == b"someone else's"


def test_a_file_that_cannot_be_written_leaves_nothing_half_written(tmp_path: Path) -> None:
    (tmp_path / "taken").write_bytes(b"a file where a folder is needed")
    assert write_ahead(ahead(tmp_path, "taken/index.html"), "taken/index.html", PAGE) is None
    assert (tmp_path / "taken").read_bytes() == b"a file where a folder is needed"


def test_only_outputs_with_a_path_of_their_own_are_written_ahead(tmp_path: Path) -> None:
    plans = [Planned(dest, (), lambda: PAGE) for dest in ("a/index.html", "b/index.html", "a/index.html")]
    found = render_workers._write_ahead_for(plans, tmp_path)
    assert found is not None and found.dests == frozenset({"b/index.html"})
    assert render_workers._write_ahead_for(plans, None) is None
