"""A cold build on worker processes does on the parse workers what the main process did alone
after them: each page-cache shard is encoded and written by the worker that parsed its pages,
and each page's share image is measured where the page is parsed. The site, its warnings and
what the next build reuses are as when the main process does it all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from smo_gen.build import command as build_module
from smo_gen.build import parsing, render_workers
from smo_gen.build.caches import images
from smo_gen.site.image_facts import ImageFacts
from tests.support.sites import build, png_bytes, tree_digest, write_site


def post(n: int, front: str) -> str:
    body = "A paragraph long enough to be kept apart from the JSON of the page cache. " * 10
    return f"---\ntitle: Post {n}\ndate: 2026-05-{1 + n % 28:02d}\ntags: [t{n % 3}]\n{front}---\n{body}\n"


def site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for n in range(24):
        files[f"static/images/p{n}.png"] = png_bytes(1200 + n, 630)
        files[f"content/posts/p{n}.md"] = post(n, f"image: /images/p{n}.png\n")
    files["content/posts/shared.md"] = post(30, "image: /images/p1.png\n")  # one image, two pages
    files["content/posts/remote.md"] = post(31, "image: https://cdn.example/a.png\n")
    files["content/posts/draft.md"] = post(34, "image: /images/p2.png\ndraft: true\n")
    # A page bundle sharing its featured image, named by no key.
    files["content/trip/index.md"] = post(35, "")
    files["content/trip/feature.png"] = png_bytes(1200, 640)
    files["content/trip/other.png"] = png_bytes(1200, 650)
    return files


@pytest.fixture(autouse=True)
def no_build_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    """About the pipeline's own work, which the build stamp would skip outright."""
    monkeypatch.setattr(build_module, "find_current_stamp", lambda *args: None)


@pytest.fixture
def measured_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The images the main process measures itself (a worker's are measured in its own process)."""
    paths: list[str] = []
    real = images.measure_image

    def counting(path: Path) -> ImageFacts:
        paths.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(images, "measure_image", counting)
    return paths


def settled(site: Path) -> Path:
    """`site` with its files modified an hour ago, so a build trusts their looks (see build_stamp)."""
    for path in site.rglob("*"):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 3600 * 10**9))
    return site


def cache_files(site: Path) -> dict[str, int]:
    cache = site / ".smo-cache"
    return {path.name: path.stat().st_mtime_ns for path in [cache / "images.json", *(cache / "pages").iterdir()]}


def test_a_cold_build_on_workers_gives_the_serial_build_and_the_next_build_reuses_all_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, measured_here: list[str]
) -> None:
    serial = write_site(tmp_path / "serial", site_files())
    _, serial_report = build(serial, workers=1)
    assert "p3.png" in measured_here  # measured in this process, serially

    monkeypatch.setattr(parsing, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(render_workers, "PARALLEL_MINIMUM", 2)
    parallel = settled(write_site(tmp_path / "parallel", site_files()))
    measured_here.clear()
    _, parallel_report = build(parallel, workers=2)
    assert tree_digest(parallel / "public") == tree_digest(serial / "public")
    assert sorted(map(str, parallel_report.problems)) == sorted(
        str(problem).replace(str(serial), str(parallel)) for problem in serial_report.problems
    )
    # Every page's image was measured on the parse workers; the site's default image, one for
    # the whole site, is measured here.
    assert measured_here == ["default.png"]

    # The next build reads every page and image from the caches the workers wrote.
    before = cache_files(parallel)
    parsed: list[int] = []
    real_parse_all = parsing._parse_all

    def counting(todo, *args):  # type: ignore[no-untyped-def]
        parsed.append(len(todo))
        return real_parse_all(todo, *args)

    monkeypatch.setattr(parsing, "_parse_all", counting)
    (parallel / "public").rename(tmp_path / "old-public")  # so that the site is rendered again
    measured_here.clear()
    build(parallel, workers=2)
    assert parsed == [0] and measured_here == []
    assert cache_files(parallel) == before  # nothing in them changed, so nothing was written
    assert tree_digest(parallel / "public") == tree_digest(serial / "public")
