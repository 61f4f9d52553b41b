"""The next tree staged as a build starts: an edit into an existing output folder links that
folder into its staging tree on another core from the start of the build, and what it writes
is exactly what a clean build writes, whether it succeeds, fails, or cannot fork."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smo_gen.build import command as build_module
from smo_gen.build import early_writes, pipeline
from smo_gen.build.switch import STAGING_INFIX, _exchange_call
from smo_gen.errors import BuildError
from tests.support.sites import build, clean_copy_build, tree_digest, write_and_build, write_site


def page(title: str, body: str = "First paragraph.\n\nSecond paragraph.") -> str:
    return f"---\ntitle: {title}\ndate: 2026-05-01\ntags: [news]\n---\n{body}\n"


PAGES = {f"content/post-{n}.md": page(f"Post {n}") for n in range(5)}


@pytest.fixture(autouse=True)
def no_build_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build here runs the pipeline (the stamp would skip a build of files just written),
    and may fork as `smo-gen build` does (a test runner may keep threads of its own: the links
    are then made on a thread, which changes when they are made, not which)."""
    monkeypatch.setattr(build_module, "find_current_stamp", lambda *args: None)
    monkeypatch.setattr(early_writes, "can_fork", lambda: True)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    if _exchange_call() is None:
        pytest.skip("no renameat2 here: builds replace file by file and stage no tree")
    return write_and_build(tmp_path / "site", PAGES)


def without_spare(site: Path) -> None:
    """As right after a clean build: no spare tree kept, so the edit links a new tree."""
    for spare in (site / ".smo-cache").glob("spare-*"):
        shutil.rmtree(spare) if spare.is_dir() else spare.unlink()


def staged_beside(site: Path) -> list[str]:
    return [path.name for path in site.iterdir() if STAGING_INFIX in path.name]


def record_order(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """'staging' when a build opens its staging tree early, 'parse' when it parses."""
    order: list[str] = []
    open_staging, parse_content = early_writes.EarlyWrites.open_staging, pipeline.parse_content

    def opened(self: early_writes.EarlyWrites, spare: Path) -> None:
        open_staging(self, spare)
        if self.staging is not None:
            order.append("staging")

    monkeypatch.setattr(early_writes.EarlyWrites, "open_staging", opened)
    monkeypatch.setattr(pipeline, "parse_content", lambda *args: order.append("parse") or parse_content(*args))
    return order


def test_an_edit_after_a_clean_build_stages_before_parsing_and_writes_a_clean_builds_bytes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = record_order(monkeypatch)
    without_spare(site)
    write_site(site, {"content/post-2.md": page("Post 2", "First paragraph.\n\nEdited.")}, site_toml=None)
    build(site)
    assert order == ["staging", "parse"]
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "clean")
    assert staged_beside(site) == []
    assert list((site / ".smo-cache").glob("spare-*")), "the old tree is kept as the spare for the next edit"
    # The next edit stages in that spare, brought up to date when rendering starts (it costs
    # what changed), and still writes what a clean build writes.
    write_site(site, {"content/post-3.md": page("Post 3 renamed")}, site_toml=None)
    order.clear()
    build(site)
    assert order == ["parse"]
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "clean")


def test_a_build_that_fails_after_staging_leaves_the_output_as_it_was(site: Path, tmp_path: Path) -> None:
    without_spare(site)
    before = tree_digest(site / "public")
    write_site(site, {"content/post-1.md": "---\ntitle: [unclosed\n---\nBody.\n"}, site_toml=None)
    with pytest.raises(BuildError):
        build(site)
    assert tree_digest(site / "public") == before
    assert staged_beside(site) == []
    write_site(site, {"content/post-1.md": page("Post 1 mended")}, site_toml=None)
    build(site)
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "clean")


def test_a_build_that_changes_no_output_keeps_the_staged_tree_as_the_spare(site: Path) -> None:
    without_spare(site)
    before = tree_digest(site / "public")
    build(site)  # the stamp is off: the pipeline runs, finds every output current
    assert tree_digest(site / "public") == before
    assert staged_beside(site) == []
    assert list((site / ".smo-cache").glob("spare-*"))


def test_where_no_process_can_be_forked_the_tree_is_staged_when_rendering_starts(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (`serve` builds beside its own threads: linking on a thread would take turns with the
    # whole build for the interpreter, so it waits for the rendering, as before.)
    monkeypatch.setattr(early_writes, "can_fork", lambda: False)
    order = record_order(monkeypatch)
    without_spare(site)
    write_site(site, {"content/post-4.md": page("Post 4", "Edited without a fork.")}, site_toml=None)
    build(site)
    assert order == ["parse"]
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "clean")
