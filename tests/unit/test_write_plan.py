"""Planning a write: which outputs change, which are current, what is in the way, before any file is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.build.output_state import OutputState
from smo_gen.build.write_plan import plan_writes
from smo_gen.build.writer import write_site
from smo_gen.errors import BuildError
from smo_gen.render.outputs import Output


def planned(tmp_path: Path, outputs: list[Output]) -> tuple[list[str], int, bool, list[str]]:
    """What `plan_writes` decides for `outputs`: dests to write, how many are current, whether
    anything is stale, and what is in the way (relative to the output folder)."""
    out = tmp_path / "public"
    plan = plan_writes(outputs, OutputState(out, tmp_path / "cache"), {}, link=False)
    return (
        [output.dest for _, output in plan.changed],
        plan.unchanged,
        plan.stale,
        [path.relative_to(out).as_posix() for path in plan.in_the_way],
    )


def test_a_write_plan_keeps_what_was_written_and_names_what_changed(tmp_path: Path) -> None:
    write_site(
        [Output("index.html", b"home"), Output("old/index.html", b"old")], tmp_path / "public", tmp_path / "cache"
    )
    before = sorted(path.name for path in (tmp_path / "public").rglob("*"))
    outputs = [Output("index.html", b"home"), Output("new/index.html", b"new")]
    assert planned(tmp_path, outputs) == (["new/index.html"], 1, True, [])
    assert sorted(path.name for path in (tmp_path / "public").rglob("*")) == before  # planning writes nothing


def test_a_file_the_last_build_wrote_where_a_folder_is_now_needed_is_in_the_way(tmp_path: Path) -> None:
    write_site([Output("offer", b"a file")], tmp_path / "public", tmp_path / "cache")
    assert planned(tmp_path, [Output("offer/index.html", b"a page")]) == (["offer/index.html"], 0, True, ["offer"])


def test_a_file_someone_else_put_in_the_way_stops_the_plan(tmp_path: Path) -> None:
    write_site([Output("index.html", b"home")], tmp_path / "public", tmp_path / "cache")
    (tmp_path / "public" / "offer").write_text("not smo-gen's")
    with pytest.raises(BuildError, match="public/offer is in the way of public/offer/index.html"):
        planned(tmp_path, [Output("index.html", b"home"), Output("offer/index.html", b"a page")])
