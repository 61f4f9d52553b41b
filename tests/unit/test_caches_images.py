"""Measuring images: on all cores when there are many, remembered between builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.build.caches import images
from smo_gen.build.caches.images import MeasuredImages
from smo_gen.site.image_facts import ImageProblem
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
