"""side_process: a build server's folder work done by a small process of its own (the output
folder's look and the staging tree's links are tested with their callers, in test_background_look
and test_switch): answers in any order, failures reported, never used by a forked child."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from smo_gen import side_process as sides
from smo_gen.build.output_folder import KEPT_NAMES, TEMPORARY_SUFFIX, look_at_output_folder
from smo_gen.side_process import SideProcess, SideProcessFailed


def make_tree(root: Path) -> Path:
    for name in ("spring/index.html", "summer/index.html", "feed.xml", ".git/HEAD", f".feed.xml{TEMPORARY_SUFFIX}"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    return root


def test_it_links_a_tree_as_the_build_would(side: SideProcess, tmp_path: Path) -> None:
    source, target = make_tree(tmp_path / "public"), tmp_path / "staged"
    target.mkdir()
    side.submit("link", str(source), str(target), ["summer/index.html"], sorted(KEPT_NAMES), TEMPORARY_SUFFIX).result()
    linked = sorted(str(path.relative_to(target)) for path in target.rglob("*") if path.is_file())
    assert linked == ["feed.xml", "spring/index.html"]  # not the skipped, kept or temporary files
    assert os.stat(target / "feed.xml").st_ino == os.stat(source / "feed.xml").st_ino  # a link, not a copy


def test_answers_come_in_whatever_order_they_are_asked_for(side: SideProcess, tmp_path: Path) -> None:
    root = make_tree(tmp_path / "public")
    first = side.submit("look", str(root), [])
    second = side.submit("look", str(root / "spring"), [])
    forgotten = side.submit("look", str(root), [])
    forgotten.cancel()
    assert dict(second.result()) == {"index.html": look_at_output_folder(root)["spring/index.html"]}
    assert len(first.result()) == 5
    assert [name for name, _ in side.submit("look", str(root / "summer"), []).result()] == ["index.html"]


def test_a_task_that_fails_is_reported_and_the_next_one_runs(side: SideProcess, tmp_path: Path) -> None:
    with pytest.raises(SideProcessFailed, match="link: FileNotFoundError"):
        side.submit("link", str(tmp_path / "missing"), str(tmp_path), [], [], TEMPORARY_SUFFIX).result()
    (tmp_path / "page.html").write_text("<p>", encoding="utf-8")
    assert [name for name, _ in side.submit("look", str(tmp_path), []).result()] == ["page.html"]


def test_tasks_given_to_a_process_that_is_gone_fail(side: SideProcess, tmp_path: Path) -> None:
    side._process.kill()
    side._process.wait()
    with pytest.raises(SideProcessFailed):
        side.submit("look", str(tmp_path), []).result()
    assert sides.side_process() is None


def test_a_forked_child_never_uses_its_parents_side_process(side: SideProcess) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    child = os.fork()
    if child == 0:  # pragma: no cover - the parent sees the status
        os._exit(0 if sides.side_process() is None else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert sides.side_process() is side and side.alive
