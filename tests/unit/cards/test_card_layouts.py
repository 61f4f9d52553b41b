"""The named layouts: every shape keeps the texts and logo in the safe square; photos stay vivid."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from smo_gen.cards import CardPlan, CardPlanner, CardSettings
from smo_gen.cards.draw import render_card, render_card_image
from smo_gen.cards.layouts import NAMED_LAYOUTS, layout_name, place
from smo_gen.cards.schema import SHAPES
from smo_gen.cards.typeset import typeset_text
from smo_gen.content.card_overrides import CardOverrides
from tests.unit.cards.helpers import make_settings, make_source, write_image

SIZES = [(1200, 630), *SHAPES.values()]
LONG_TITLE = "Introducing the Volta: our lightest electric bike yet, built for the city commute"


def safe_square(size: tuple[int, int]) -> tuple[int, int, int, int]:
    width, height = size
    side = min(width, height)
    return ((width - side) // 2, 0, (width + side) // 2, side) if width > height else (0, 0, width, height)


def inside(box: tuple[int, int, int, int], area: tuple[int, int, int, int]) -> bool:
    x, y, width, height = box
    return area[0] <= x and area[1] <= y and x + width <= area[2] and y + height <= area[3]


def overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.fixture
def logo(site_dir: Path) -> Path:
    return write_image(site_dir / "logo.png", (300, 100), (200, 40, 40))


def with_logo(site_dir: Path, layout: str) -> CardSettings:
    """Card settings for `layout` with the logo of the `logo` fixture."""
    return make_settings(site_dir, {"layout": layout, "logo": {"path": "logo.png"}})


@pytest.mark.usefixtures("logo")
@pytest.mark.parametrize("layout", ["text", "photo-panel", "photo-gradient"])
@pytest.mark.parametrize("size", SIZES)
def test_texts_and_logo_stay_in_the_safe_square_and_apart(site_dir: Path, layout: str, size: tuple[int, int]) -> None:
    placed = place(with_logo(site_dir, layout), size, has_photo=True).settings
    boxes = {
        "title": placed.title.box,
        "subtitle": placed.subtitle.box,
        "site_name": placed.site_name.box,
        "logo": placed.logo.box,
    }
    for name, box in boxes.items():
        assert inside(box, safe_square(size)), f"{name} {box} leaves the safe square of a {size} card"
    names = list(boxes)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            assert not overlaps(boxes[first], boxes[second]), f"{first} and {second} overlap at {size}"


@pytest.mark.usefixtures("logo")
@pytest.mark.parametrize("layout", NAMED_LAYOUTS)
@pytest.mark.parametrize("size", SIZES)
def test_a_long_title_is_shown_whole_in_every_shape(site_dir: Path, layout: str, size: tuple[int, int]) -> None:
    settings = with_logo(site_dir, layout)
    placed = place(settings, size, has_photo=True).settings
    text = typeset_text(LONG_TITLE, placed.title, settings.font_chain("title"))
    shown = " ".join("".join(run.text for run in line.runs) for line in text.lines)
    assert not text.truncated and shown == LONG_TITLE


def test_auto_is_text_without_a_photo_and_a_gradient_with_one(theme_settings: CardSettings) -> None:
    assert layout_name(theme_settings, has_photo=False) == "text"
    assert layout_name(theme_settings, has_photo=True) == "photo-gradient"
    for layout in NAMED_LAYOUTS:
        chosen = make_settings(theme_settings.site_dir, {"layout": layout})
        assert layout_name(chosen, has_photo=False) == "text", "a photo layout without a photo draws text"


def plan_of(settings: CardSettings, shape: str | None = None, **changes: object) -> CardPlan:
    plan, problems = CardPlanner(settings).plan(make_source(**changes), shape)
    assert plan is not None, problems
    return plan


def test_the_gradient_keeps_the_top_of_the_photo_as_it_is(site_dir: Path) -> None:
    photo = write_image(site_dir / "photo.png", (1200, 630), (250, 200, 40))
    settings = make_settings(site_dir, {"layout": "photo-gradient"})
    card = render_card_image(plan_of(settings, image_path=photo))
    assert card.getpixel((20, 20)) == (250, 200, 40), "the photo's top is not washed over"
    assert card.getpixel((20, 620)) != (250, 200, 40), "the bottom is darkened for the text"


def test_the_panel_leaves_the_photo_vivid_around_it(site_dir: Path) -> None:
    photo = write_image(site_dir / "photo.png", (1200, 630), (40, 160, 90))
    settings = make_settings(site_dir, {"layout": "photo-panel"})
    card = render_card_image(plan_of(settings, image_path=photo))
    assert card.getpixel((20, 600)) == (40, 160, 90) and card.getpixel((600, 20)) == (40, 160, 90)
    assert card.getpixel((600, 560)) != (40, 160, 90), "the panel is behind the texts"


def test_split_puts_the_photo_beside_the_text(site_dir: Path) -> None:
    photo = write_image(site_dir / "photo.png", (1200, 630), (40, 90, 200))
    settings = make_settings(site_dir, {"layout": "split"})
    card = render_card_image(plan_of(settings, image_path=photo))
    assert card.getpixel((100, 315)) == (40, 90, 200)
    assert card.getpixel((1180, 20)) == settings.background[:3]
    tall = render_card_image(plan_of(settings, "2:3", image_path=photo))
    assert tall.getpixel((500, 40)) == (40, 90, 200) and tall.getpixel((20, 1480)) == settings.background[:3]


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_shape_has_its_size_and_its_own_name(theme_settings: CardSettings, shape: str) -> None:
    plan = plan_of(theme_settings, shape)
    assert (plan.width, plan.height) == SHAPES[shape]
    assert plan.filename.startswith(f"spring-sale-{shape.replace(':', 'x')}.")
    assert plan.key != plan_of(theme_settings).key
    with Image.open(io.BytesIO(render_card(plan))) as image:
        assert image.size == SHAPES[shape]


def test_a_layout_name_alone_in_front_matter_chooses_the_layout(site_dir: Path, theme_settings: CardSettings) -> None:
    photo = write_image(site_dir / "photo.png", (1200, 630))
    split = plan_of(theme_settings, image_path=photo, overrides=CardOverrides(layout="split"))
    assert split.settings.layout == "split"
    assert split.key != plan_of(theme_settings, image_path=photo).key


def test_text_cards_stay_palette_images_with_their_colour_areas(theme_settings: CardSettings) -> None:
    card = render_card_image(plan_of(theme_settings))
    data = render_card(plan_of(theme_settings))
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "P"
        assert ImageChops.difference(image.convert("RGB"), card).getbbox() is None
    assert card.getpixel((20, 20)) != theme_settings.background[:3], "the sides outside the safe square are shaded"
    assert card.getpixel((600, 625)) == theme_settings.accent[:3], "the accent bar runs along the bottom"
