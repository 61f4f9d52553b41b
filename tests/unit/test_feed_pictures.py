"""The feeds' icon and logo pictures: drawn from one source at each format's size."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from smo_gen.config.site_config import parse_config
from smo_gen.render.feed_pictures import SHAPES, draw_picture, picture_name, picture_sources
from smo_gen.site.image_facts import ImageProblem
from tests.support.sites import png_bytes

BASE = 'title = "Acme"\nbase_url = "https://acme.example"\n'
SHAPE = {shape.name: shape for shape in SHAPES}


def drawn_size(source: bytes, name: str) -> tuple[int, int]:
    with Image.open(io.BytesIO(draw_picture(source, SHAPE[name]))) as image:
        assert image.format == "PNG"
        return image.size


@pytest.mark.parametrize(
    ("source_size", "name", "size"),
    [
        ((1000, 500), "rss", (144, 72)),  # RSS 2.0: at most 144 wide, 400 high; the aspect kept
        ((300, 900), "rss", (48, 144)),
        ((1000, 500), "icon", (512, 512)),  # square, the source centred
        ((40, 40), "favicon", (64, 64)),
        ((512, 512), "logo", (600, 300)),  # Atom's 2:1
    ],
)
def test_each_shape_has_its_format_size(source_size: tuple[int, int], name: str, size: tuple[int, int]) -> None:
    assert drawn_size(png_bytes(*source_size), name) == size


def test_a_file_that_is_no_image_is_a_problem() -> None:
    with pytest.raises(ImageProblem, match="not an image"):
        draw_picture(b"<svg xmlns='http://www.w3.org/2000/svg'/>", SHAPE["icon"])


def test_names_change_with_the_source_and_the_shape() -> None:
    red, blue = png_bytes(64, 64, (255, 0, 0)), png_bytes(64, 64, (0, 0, 255))
    names = {picture_name(SHAPE[shape], source, "pillow 12") for shape in ("icon", "favicon") for source in (red, blue)}
    assert len(names) == 4
    assert picture_name(SHAPE["icon"], red, "pillow 12") == picture_name(SHAPE["icon"], red, "pillow 12")
    assert picture_name(SHAPE["icon"], red, "pillow 12") != picture_name(SHAPE["icon"], red, "pillow 13")


def test_sources_fall_back_from_icon_to_logo_to_the_brand(tmp_path: Path) -> None:
    for name in ("icon.png", "logo.png", "brand.png"):
        (tmp_path / name).write_bytes(png_bytes(64, 64))
    assert picture_sources(parse_config(BASE, tmp_path)) == {}
    brand = parse_config(BASE + '[brand]\nlogo = "brand.png"\n', tmp_path)
    assert picture_sources(brand) == {"icon": tmp_path / "brand.png", "logo": tmp_path / "brand.png"}
    icon_only = parse_config(BASE + '[feeds]\nicon = "icon.png"\n[brand]\nlogo = "brand.png"\n', tmp_path)
    assert picture_sources(icon_only) == {"icon": tmp_path / "icon.png", "logo": tmp_path / "icon.png"}
    both = parse_config(BASE + '[feeds]\nicon = "icon.png"\nlogo = "logo.png"\n', tmp_path)
    assert picture_sources(both) == {"icon": tmp_path / "icon.png", "logo": tmp_path / "logo.png"}
