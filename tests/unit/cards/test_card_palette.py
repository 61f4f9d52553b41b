"""Text-on-colour cards are drawn as palette images that look the same as the RGB drawing."""

from __future__ import annotations

import dataclasses
import io

from PIL import Image, ImageChops

from smo_gen.cards import CardSettings
from smo_gen.cards.draw import _render, render_card
from smo_gen.cards.draw_text import draw_text
from smo_gen.cards.schema import TEXT_BOXES
from smo_gen.cards.typeset import typeset_text
from tests.unit.cards.helpers import make_plan


def rgb_drawing(settings: CardSettings, **changes: object) -> Image.Image:
    """The card drawn the plain way: every text straight onto an RGB canvas."""
    plan = make_plan(settings, **changes)
    canvas = Image.new("RGB", (settings.width, settings.height), settings.background[:3])
    for box in TEXT_BOXES:
        style = getattr(settings, box)
        draw_text(canvas, typeset_text(plan.source.text_of(box), style, plan.font_chain(box)), style.color)
    return canvas


def test_a_text_card_is_a_palette_png_within_two_levels_of_the_rgb_drawing(settings: CardSettings) -> None:
    plan = make_plan(settings)
    with Image.open(io.BytesIO(render_card(plan))) as card:
        assert (card.format, card.mode, card.size) == ("PNG", "P", (1200, 630))
        shown = card.convert("RGB")
    difference = ImageChops.difference(shown, rgb_drawing(settings))
    assert max(high for _, high in difference.getextrema()) <= 2


def test_boxes_that_overlap_show_the_later_box_on_top(settings: CardSettings) -> None:
    same_place = dataclasses.replace(settings.subtitle, box=settings.title.box, valign="bottom")
    overlapping = dataclasses.replace(settings, subtitle=same_place)
    card = _render(make_plan(overlapping, title="IIIIIIII", subtitle="________")).convert("RGB")
    expected = rgb_drawing(overlapping, title="IIIIIIII", subtitle="________")
    difference = ImageChops.difference(card, expected)
    assert max(high for _, high in difference.getextrema()) <= 2


def test_a_card_with_a_colour_emoji_stays_rgb(settings: CardSettings) -> None:
    assert _render(make_plan(settings, title="Party time 🎉")).mode == "RGB"
