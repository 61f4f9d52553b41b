"""Measuring images: on all cores when there are many, remembered between builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.build.caches import images
from smo_gen.build.caches.images import MeasuredImages
from smo_gen.content.discovery import FoundFile
from smo_gen.site.image_facts import ImageProblem
from smo_gen.site.page_assets import ShareImageFiles
from tests.support.builders import make_config, make_page
from tests.support.sites import png_bytes


def test_many_images_are_measured_in_workers_and_a_bad_one_still_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "PARALLEL_MINIMUM", 2)
    paths = []
    for n in range(4):
        path = tmp_path / f"photo-{n}.jpg"
        path.write_bytes(png_bytes(100 + n, 50, kind="JPEG"))
        paths.append(path)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image at all")

    measured = MeasuredImages(tmp_path / "cache" / "images.json")
    measured.measure_many([*paths, broken, tmp_path / "missing.png"], workers=2)
    assert sorted(measured.cache.kept) == sorted(str(path) for path in paths)  # measured in the workers

    monkeypatch.setattr(images, "measure_image", lambda path: pytest.fail(f"{path} measured again"))
    facts = [measured.measure(path) for path in paths]
    assert [(f.width, f.height, f.mime) for f in facts] == [(100 + n, 50, "image/jpeg") for n in range(4)]
    monkeypatch.undo()
    with pytest.raises(ImageProblem, match="not an image file"):
        measured.measure(broken)


def test_few_images_are_left_to_be_measured_when_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(png_bytes(120, 60))
    measured = MeasuredImages(tmp_path / "images.json")
    measured.measure_many([path], workers=2)
    assert measured.cache.kept == {}
    assert measured.measure(path).width == 120


def test_images_measured_beside_parsing_are_used_when_asked_for_and_only_those_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a parse worker measures for its pages: each image file once, never one measured in an
    # earlier build, never a broken one (left for `measure` to raise); kept only when asked for.
    (tmp_path / "static").mkdir()
    (tmp_path / "content").mkdir()
    for name, width in (("a.png", 100), ("b.png", 200), ("old.png", 300)):
        (tmp_path / "static" / name).write_bytes(png_bytes(width, 50))
    (tmp_path / "static" / "broken.png").write_bytes(b"not an image")
    config = make_config(tmp_path)
    static = [FoundFile(str(tmp_path / "static" / name), name) for name in ("a.png", "b.png", "old.png", "broken.png")]
    files = ShareImageFiles.make(config, [], static)

    earlier = MeasuredImages(tmp_path / "images.json")
    earlier.measure(str(tmp_path / "static" / "old.png"))
    earlier.save()
    measured = MeasuredImages(tmp_path / "images.json")
    beside = measured.beside_parsing(files)

    images_named = [
        ("one", "/a.png"),
        ("two", "b.png"),
        ("again", "a.png"),
        ("old", "old.png"),
        ("bad", "broken.png"),
        ("remote", "https://cdn.example/c.png"),
        ("none", None),
        ("lost", "lost.png"),
    ]
    found = [beside(make_page(slug=slug, image=image)) for slug, image in images_named]
    names = [Path(item.path).name if item else None for item in found]
    assert names == ["a.png", "b.png", None, None, None, None, None, None]
    measured.take_ahead(found)
    monkeypatch.setattr(images, "measure_image", lambda path: pytest.fail(f"{path} measured again"))
    assert measured.measure(str(tmp_path / "static" / "a.png")).width == 100
    assert measured.measure(str(tmp_path / "static" / "old.png")).width == 300
    monkeypatch.undo()
    with pytest.raises(ImageProblem, match="not an image file"):
        measured.measure(str(tmp_path / "static" / "broken.png"))
    measured.save()
    # b.png was measured ahead but never asked for (the page was a draft, say): not kept.
    kept = MeasuredImages(tmp_path / "images.json").cache.entries
    assert sorted(Path(key).name for key in kept) == ["a.png", "old.png"]
