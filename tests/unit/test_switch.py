"""Tidying beside the output folder: what stopped builds left is removed, and a build that finds
nothing to tidy does not load the C library to ask how it would switch."""

from __future__ import annotations

from pathlib import Path

import pytest

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
