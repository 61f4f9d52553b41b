"""Photo cards: cover crop around the focal point, and clear errors for unusable images."""

from __future__ import annotations

import dataclasses
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from smo_gen.cards import CardSettings, draw_cards, plan_card
from smo_gen.cards.draw import render_card_image
from tests.unit.cards.helpers import make_plan, make_source, noise_image, png_bytes

RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)


@pytest.fixture
def settings(settings: CardSettings) -> CardSettings:
    """These tests look at the photo itself, so the texts are not drawn over it."""
    return dataclasses.replace(settings, photo="crop")


@pytest.fixture
def stripes(tmp_path: Path) -> Path:
    """A 3000x630 image: red, green and blue vertical thirds."""
    image = Image.new("RGB", (3000, 630), RED)
    image.paste(GREEN, (1000, 0, 2000, 630))
    image.paste(BLUE, (2000, 0, 3000, 630))
    image.save(tmp_path / "stripes.png")
    return tmp_path / "stripes.png"


def colours_left_centre_right(card: Image.Image) -> tuple[object, object, object]:
    middle = card.height // 2
    return (
        card.getpixel((5, middle)),
        card.getpixel((card.width // 2, middle)),
        card.getpixel((card.width - 5, middle)),
    )


@pytest.mark.parametrize(
    ("focal_point", "expected"),
    [
        (None, (RED, GREEN, BLUE)),  # centred: 900..2100 shows all three thirds
        ((0.0, 0.5), (RED, RED, GREEN)),  # pinned to the left edge: 0..1200
        ((1.0, 0.5), (GREEN, BLUE, BLUE)),  # pinned to the right edge: 1800..3000
        ((0.5, 0.5), (RED, GREEN, BLUE)),
    ],
)
def test_cover_crop_keeps_the_focal_point_in_view(
    stripes: Path, settings: CardSettings, focal_point: tuple[float, float] | None, expected: tuple
) -> None:
    card = render_card_image(make_plan(settings, image_path=stripes, focal_point=focal_point))
    assert card.size == (1200, 630)
    assert colours_left_centre_right(card) == expected, f"focal point {focal_point}"


def test_focal_point_is_centred_when_the_edge_allows(tmp_path: Path, settings: CardSettings) -> None:
    image = Image.new("RGB", (4000, 630), RED)
    image.paste(BLUE, (2380, 0, 2420, 630))  # a thin blue mark at x = 0.6
    image.save(tmp_path / "mark.png")
    card = render_card_image(make_plan(settings, image_path=tmp_path / "mark.png", focal_point=(0.6, 0.5)))
    assert card.getpixel((600, 315)) == BLUE, "the focal point should land in the middle of the card"


def test_transparent_image_shows_the_card_background(tmp_path: Path, settings: CardSettings) -> None:
    Image.new("RGBA", (1200, 630), (0, 0, 0, 0)).save(tmp_path / "clear.png")
    card = render_card_image(make_plan(settings, image_path=tmp_path / "clear.png"))
    assert card.getpixel((600, 315)) == settings.background[:3]


def plan_problems(settings: CardSettings, image: Path) -> list[str]:
    plan, problems = plan_card(make_source(image_path=image, image_line=4), settings)
    assert plan is None, "no card can be planned from an unusable image"
    return [str(problem) for problem in problems]


def test_missing_image_is_an_error_with_page_and_line(tmp_path: Path, settings: CardSettings) -> None:
    missing = tmp_path / "nope.jpg"
    assert plan_problems(settings, missing) == [f"content/spring-sale.md:4: image: image not found: {missing}"]


def test_file_that_is_not_an_image_is_an_error(tmp_path: Path, settings: CardSettings) -> None:
    (tmp_path / "hero.jpg").write_text("<html>not found</html>")
    [problem] = plan_problems(settings, tmp_path / "hero.jpg")
    assert problem.startswith("content/spring-sale.md:4: image: not an image we can read:")
    assert problem.endswith("(use PNG, JPEG, WebP or GIF)")


def png_header_only(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims width x height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 99)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(7000, 7000), (60000, 60000)])
def test_decompression_bomb_is_refused_from_its_header(
    tmp_path: Path, settings: CardSettings, width: int, height: int
) -> None:
    (tmp_path / "bomb.png").write_bytes(png_header_only(width, height))
    [problem] = plan_problems(settings, tmp_path / "bomb.png")
    assert problem.startswith("content/spring-sale.md:4: image: image is too large to use safely:"), problem
    assert problem.endswith("(at most 40,000,000 pixels; resize it, e.g. to 2400 pixels wide)")


def test_corrupt_image_data_is_an_error_when_drawing_not_a_crash(tmp_path: Path, settings: CardSettings) -> None:
    data = png_bytes(noise_image((1600, 900)))
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])  # header fine, pixels cut off
    plan = make_plan(settings, image_path=tmp_path / "cut.png", image_line=4)
    run = draw_cards([plan], settings, tmp_path / "cache")
    assert (run.drawn, plan.filename in run.files) == (0, False)
    assert [(p.severity, p.path, p.line, p.key) for p in run.problems] == [
        ("error", "content/spring-sale.md", 4, "image")
    ]
    assert "cannot decode image" in run.problems[0].message
    assert list((tmp_path / "cache").iterdir()) == [], "no half-written card is left behind"


def test_large_photo_card_stays_under_5_mb(tmp_path: Path, settings: CardSettings) -> None:
    noise_image((2400, 1260)).save(tmp_path / "noise.png")
    plan = make_plan(settings, image_path=tmp_path / "noise.png")
    run = draw_cards([plan], settings, tmp_path / "cache")
    assert run.problems == []
    assert run.files[plan.filename].stat().st_size < 5 * 1024 * 1024


def test_camera_jpeg_is_turned_upright_before_cropping(tmp_path: Path, settings: CardSettings) -> None:
    upright = Image.new("RGB", (2400, 1260), RED)
    upright.paste(BLUE, (0, 630, 2400, 1260))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display", as phones write it
    upright.transpose(Image.Transpose.ROTATE_90).save(tmp_path / "phone.jpg", exif=exif, quality=90)
    card = render_card_image(make_plan(settings, image_path=tmp_path / "phone.jpg"))
    top, bottom = card.getpixel((600, 100)), card.getpixel((600, 530))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60, f"top of the card should be red, got {top}"
    assert bottom[2] > 200 and bottom[0] < 60, f"bottom of the card should be blue, got {bottom}"
