"""A build that stages a new output folder has its render workers write each output they render
straight into the staged tree (render_workers.write_ahead): the site, its record and what a
failed build leaves behind are as when the writer writes everything after rendering."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from smo_gen.build import command as build_module
from smo_gen.build import parsing, render_workers, switch
from smo_gen.build.copies_ahead import CopiesAhead
from smo_gen.build.early_writes import EarlyWrites
from smo_gen.errors import BuildError
from smo_gen.render.outputs import Output
from tests.support.sites import build, tree_digest, write_site


def page(n: int, body: str = "First paragraph.\n\nSecond paragraph.", front: str = "") -> str:
    tags = "a, b" if n % 3 else "c"
    return f"---\ntitle: Page {n} ünïcode ✓\ndate: 2026-05-01\ntags: [{tags}]\n{front}---\n{body}\n"


PAGES = {f"content/p{n}.md": page(n) for n in range(30)}


@pytest.fixture(autouse=True)
def no_build_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    """About the pipeline's own work, which the build stamp would skip outright."""
    monkeypatch.setattr(build_module, "find_current_stamp", lambda *args: None)


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes even for a small site."""
    monkeypatch.setattr(parsing, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(render_workers, "PARALLEL_MINIMUM", 2)


def reference_build(site: Path, **options: object) -> None:
    """Build `site` in this process, the writer writing every file after rendering (nothing
    written or placed ahead): the reference."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EarlyWrites, "stage_new", lambda self: None)
        build(site, workers=1, **options)


def serial_site(tmp_path: Path) -> Path:
    site = write_site(tmp_path / "serial", PAGES)
    reference_build(site)
    return site


def record(site: Path) -> dict[str, tuple[str, int]]:
    """The output record's fingerprint and size of each file (times differ from build to build:
    a copy is known by its source's name, size and time)."""
    (path,) = (site / ".smo-cache").glob("outputs-*.json")
    files = json.loads(path.read_text())["files"]
    return {dest: (_timeless(entry[0].replace(str(site), "SITE")), entry[1]) for dest, entry in files.items()}


def _timeless(fingerprint: str) -> str:
    return fingerprint if fingerprint.startswith("sha256:") else fingerprint.rsplit(":", 1)[0]


def leftovers(site: Path) -> list[str]:
    """Staging folders, spool folders and temporary files a build left behind."""
    found = [p.name for p in site.iterdir() if ".smo-next-" in p.name]
    found += [p.name for p in (site / ".smo-cache").glob("spool-*")]
    found += [p.name for p in site.rglob("*.smo-tmp")]
    return found


def written_ahead(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The outputs workers write ahead from now on, as the main process hears of them."""
    dests: list[str] = []
    real = render_workers._unspooled

    def heard(result: render_workers.RenderResult | render_workers.Spooled) -> render_workers.RenderResult:
        unspooled = real(result)
        if isinstance(unspooled.data, render_workers.WrittenAhead):
            dests.append(unspooled.data.path)
        return unspooled

    monkeypatch.setattr(render_workers, "_unspooled", heard)
    return dests


@pytest.mark.usefixtures("in_workers")
def test_outputs_written_by_the_workers_are_the_site_the_writer_would_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = serial_site(tmp_path)
    ahead = written_ahead(monkeypatch)
    site = write_site(tmp_path / "parallel", PAGES)
    summary, _ = build(site, workers=2)
    assert len(ahead) >= 30  # every page, at least, came back as a file written
    assert tree_digest(site / "public") == tree_digest(serial / "public")
    assert record(site) == record(serial)
    assert summary.written == len(tree_digest(site / "public")) - 1  # all but the folder's marker
    assert leftovers(site) == []


@pytest.mark.usefixtures("in_workers")
def test_the_build_after_a_cold_one_written_ahead_writes_nothing_then_only_the_edit(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES)
    build(site, workers=2)
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    again, _ = build(site, workers=2)
    assert (again.rendered, again.written) == (0, 0)
    (site / "content/p7.md").write_text(page(7, "An edited paragraph."), encoding="utf-8")
    edited, _ = build(site, workers=2)
    after = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    changed = {p.relative_to(site / "public").as_posix() for p, t in after.items() if before.get(p) != t}
    assert "p7/index.html" in changed and "p8/index.html" not in changed
    assert edited.written == len(changed)
    reference = write_site(tmp_path / "reference", {**PAGES, "content/p7.md": page(7, "An edited paragraph.")})
    reference_build(reference)
    assert tree_digest(site / "public") == tree_digest(reference / "public")


@pytest.mark.usefixtures("in_workers")
def test_a_build_failing_after_its_outputs_were_written_ahead_leaves_no_output_and_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = written_ahead(monkeypatch)
    broken = "{% extends 'base.html' %}{% block content %}{{ page.missing_field }}{% endblock %}"
    files = {"content/p3.md": page(3, front="template: broken.html\n"), "templates/broken.html": broken}
    site = write_site(tmp_path / "site", {**PAGES, **files})
    with pytest.raises(BuildError) as failed:  # found as the pages are rendered, reported once all are
        build(site, workers=2)
    assert "templates/broken.html:1: template error:" in str(failed.value)
    assert ahead  # the workers had written their outputs
    assert not (site / "public").exists()
    assert leftovers(site) == []


@pytest.mark.usefixtures("in_workers")
def test_a_build_failing_after_writes_ahead_leaves_the_previous_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site", PAGES)
    build(site, workers=2)
    before = tree_digest(site / "public")
    (site / ".smo-cache" / "kept").mkdir()
    os.rename(site / "public", site / ".smo-cache" / "kept" / "public")
    ahead = written_ahead(monkeypatch)
    (site / "content/p3.md").write_text(page(3, "See [the missing page](/nowhere/)."), encoding="utf-8")
    with pytest.raises(BuildError, match="/nowhere/"):  # strict: the broken link is an error, found after rendering
        build(site, workers=2, strict=True)
    assert ahead and not (site / "public").exists()
    os.rename(site / ".smo-cache" / "kept" / "public", site / "public")  # an output folder that is there
    with pytest.raises(BuildError, match="/nowhere/"):
        build(site, workers=2, strict=True)
    assert tree_digest(site / "public") == before
    assert leftovers(site) == []


def _die_midway(descriptor: int, data: object) -> None:
    """In a worker: write part of the first output, then die as a killed process does."""
    os.write(descriptor, b"<!doctype html><html><head>")
    os._exit(70)


@pytest.mark.usefixtures("in_workers")
def test_a_worker_dying_mid_write_fails_the_build_and_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_workers, "_write_new", _die_midway)
    site = write_site(tmp_path / "site", PAGES)
    with pytest.raises(Exception, match="terminated abruptly|process pool"):
        build(site, workers=2)
    assert not (site / "public").exists()
    assert leftovers(site) == []


def _refuse(descriptor: int, data: object) -> None:
    os.close(descriptor)
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.usefixtures("in_workers")
def test_an_output_a_worker_could_not_write_is_written_by_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = serial_site(tmp_path)
    monkeypatch.setattr(render_workers, "_write_new", _refuse)  # the disk was full a moment
    site = write_site(tmp_path / "site", PAGES)
    build(site, workers=2)
    assert tree_digest(site / "public") == tree_digest(serial / "public")
    assert record(site) == record(serial)
    assert leftovers(site) == []


@pytest.mark.usefixtures("in_workers")
def test_outputs_written_ahead_are_copied_file_by_file_when_the_switch_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = serial_site(tmp_path)

    def refuse(self: switch.Staging, kept: object = None) -> None:  # a mount point, say
        raise switch.CannotStage(str(self.output_dir))

    monkeypatch.setattr(switch.Staging, "switch", refuse)
    ahead = written_ahead(monkeypatch)
    site = write_site(tmp_path / "site", PAGES)
    build(site, workers=2)
    assert ahead
    assert tree_digest(site / "public") == tree_digest(serial / "public")
    assert record(site) == record(serial)
    assert leftovers(site) == []


def test_no_outputs_are_written_ahead_into_an_output_folder_that_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_workers, "PARALLEL_MINIMUM", 2)
    serial = serial_site(tmp_path)
    site = write_site(tmp_path / "site", PAGES)
    (site / "public").mkdir()
    ahead = written_ahead(monkeypatch)
    build(site, workers=2)
    assert ahead == []
    assert tree_digest(site / "public") == tree_digest(serial / "public")


@pytest.mark.usefixtures("in_workers")
@pytest.mark.parametrize("link", [False, True], ids=["copies", "hard links"])
def test_static_files_placed_while_the_pages_render_are_the_writer_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, link: bool
) -> None:
    files = {**PAGES, "static/robots-extra.txt": "User-agent: *\n", "static/images/a/b.svg": "<svg/>"}
    serial = write_site(tmp_path / "serial", files)
    reference_build(serial, link_copies=link)
    site = write_site(tmp_path / "site", files)
    placed_ahead: list[str] = []
    real_outputs = CopiesAhead.outputs

    def outputs(self: CopiesAhead) -> list[Output]:
        found = real_outputs(self)
        placed_ahead.extend(output.dest for output in found if isinstance(output.data, render_workers.WrittenAhead))
        return found

    monkeypatch.setattr(CopiesAhead, "outputs", outputs)
    build(site, workers=2, link_copies=link)
    assert {"robots-extra.txt", "images/a/b.svg", "images/default.png"} <= set(placed_ahead)
    assert tree_digest(site / "public") == tree_digest(serial / "public")
    assert record(site) == record(serial)
    placed = site / "public/images/a/b.svg"
    assert placed.samefile(site / "static/images/a/b.svg") is link
    again, _ = build(site, workers=2, link_copies=link)
    assert again.written == 0


@pytest.mark.usefixtures("in_workers")
def test_a_failed_build_into_a_folder_not_made_yet_makes_no_folder(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**PAGES, "content/p3.md": page(3, "See [the missing page](/nowhere/).")})
    with pytest.raises(BuildError, match="/nowhere/"):
        build(site, workers=2, strict=True, output_dir=tmp_path / "deploy" / "public")
    assert not (tmp_path / "deploy").exists()
    build(site, workers=2, output_dir=tmp_path / "deploy" / "public")
    assert (tmp_path / "deploy" / "public" / "p3" / "index.html").is_file()
