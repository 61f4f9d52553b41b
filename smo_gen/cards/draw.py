"""Draws one card: the page's photo cover-cropped, or the theme's layout with the page's texts."""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image, ImageDraw

from smo_gen.cards.draw_text import draw_text
from smo_gen.cards.encode import render_image_bytes
from smo_gen.cards.layouts import GRADIENT_ALPHA, place
from smo_gen.cards.palette import can_draw_as_palette, render_palette_card
from smo_gen.cards.plan import CardPlan
from smo_gen.cards.schema import TEXT_BOXES, Colour
from smo_gen.cards.settings import CardSettings
from smo_gen.cards.source_images import load_contained, load_cover
from smo_gen.cards.typeset import TypesetText, typeset_text

# Let Pillow keep a few freed memory blocks for the next card: each card makes several
# card-sized images, and fresh memory for each cost ~0.5 ms a card in page faults.
_REUSED_BLOCKS = 8
Image.core.set_blocks_max(max(Image.core.get_blocks_max(), _REUSED_BLOCKS))  # type: ignore[attr-defined]


def render_card(plan: CardPlan) -> bytes:
    """The card's file bytes; raises images.UnusableImage when an image turns out corrupt on decoding."""
    settings = plan.settings
    photographic = plan.is_photo or settings.background_image is not None
    return render_image_bytes(_render(plan), plan.format, settings.quality, photographic)


def render_card_image(plan: CardPlan) -> Image.Image:
    """The card as an RGB image, before encoding."""
    image = _render(plan)
    return image if image.mode == "RGB" else image.convert("RGB")


def _render(plan: CardPlan) -> Image.Image:
    """The card as an RGB image, or a palette ("P") image when it is text on opaque colours."""
    settings, source = plan.settings, plan.source
    size = (plan.width, plan.height)
    if source.image_path is not None and settings.photo == "crop":
        return load_cover(source.image_path, size, source.focal_point, settings.background)
    photo = source.image_path or settings.background_image
    placement = place(settings, size, photo is not None)
    laid = placement.settings
    texts = [
        (typeset_text(source.text_of(box), getattr(laid, box), plan.font_chain(box)), getattr(laid, box).color)
        for box in TEXT_BOXES
    ]
    opaque = all(colour[3] == 255 for _, colour in (*placement.under, *placement.over))
    if placement.is_flat and opaque and settings.background[3] == 255 and can_draw_as_palette(texts):
        return render_palette_card(size, settings.background, texts, (*placement.under, *placement.over))
    if placement.layout == "custom":
        canvas = _render_background(settings, size, source.image_path, source.focal_point)
    elif photo is not None and placement.photo_box == (0, 0, *size):  # the cropped photo is the canvas
        focal_point = source.focal_point if source.image_path else None
        canvas = load_cover(photo, size, focal_point, settings.background)
    else:
        canvas = Image.new("RGB", size, settings.background[:3])
        _fill(canvas, placement.under)
        if photo is not None and placement.photo_box is not None:
            x, y, width, height = placement.photo_box
            focal_point = source.focal_point if source.image_path else None
            canvas.paste(load_cover(photo, (width, height), focal_point, settings.background), (x, y))
    if placement.layout != "custom":
        if placement.gradient is not None:
            _gradient(canvas, placement.gradient, settings.background)
        _fill(canvas, placement.over)
        if placement.panel is not None:
            _panel(canvas, placement.panel, texts[0][0], round(min(size) * 0.04))
    for text, colour in texts:
        draw_text(canvas, text, colour)
    if laid.logo.path is not None:
        x, y, width, height = laid.logo.box
        logo = load_contained(laid.logo.path, (width, height))
        beside_name = placement.layout in ("photo-panel", "photo-gradient")  # starts the site name's row
        left = x if beside_name else x + (width - logo.width) // 2
        canvas.paste(logo, (left, y + (height - logo.height) // 2), logo)
    return canvas


def _fill(canvas: Image.Image, fills: tuple[tuple[tuple[int, int, int, int], Colour], ...]) -> None:
    """Paint each (box, colour), blending a translucent colour with what is under it."""
    for (x, y, width, height), colour in fills:
        if colour[3] == 255:
            canvas.paste(colour[:3], (x, y, x + width, y + height))
        else:
            canvas.paste(colour[:3], (x, y, x + width, y + height), Image.new("L", (width, height), colour[3]))


def _gradient(canvas: Image.Image, span: tuple[int, int], colour: Colour) -> None:
    """The background colour fading in from clear at span[0] to GRADIENT_ALPHA at 60% of the span,
    then solid to span[1]: the photo above stays as it is, the text below stays readable."""
    top, bottom = span
    ramp = _ramp_mask(canvas.width, max(1, round((bottom - top) * 0.6)))
    canvas.paste(colour[:3], (0, top, canvas.width, top + ramp.height), ramp)
    if top + ramp.height < bottom:  # the solid part: a lookup table is faster than a masked paste
        box = (0, top + ramp.height, canvas.width, bottom)
        canvas.paste(darken(canvas.crop(box), colour[:3] + (GRADIENT_ALPHA,)), box)


@functools.lru_cache(maxsize=8)
def _ramp_mask(width: int, height: int) -> Image.Image:
    """0 at the top to GRADIENT_ALPHA at the bottom, made once a size (2 ms to resize)."""
    fade = Image.linear_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    return fade.point([round(value * GRADIENT_ALPHA / 255) for value in range(256)])


def _panel(
    canvas: Image.Image, panel: tuple[tuple[int, int, int, int], Colour], title: TypesetText, radius: int
) -> None:
    """The translucent panel behind the texts, its top just above the title's first line."""
    (x, y, width, height), colour = panel
    if title.lines:
        top = round(title.lines[0].baseline - title.size * 1.05) - radius
        height, y = y + height - max(y, top), max(y, top)
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width - 1, height - 1), radius, fill=colour[3])
    canvas.paste(colour[:3], (x, y, x + width, y + height), mask)


def _render_background(
    settings: CardSettings, size: tuple[int, int], page_image: Path | None, focal_point: tuple[float, float] | None
) -> Image.Image:
    """The page's own image, else the layout's background image, under the overlay; else plain colour."""
    image = page_image or settings.background_image
    if image is None:
        return Image.new("RGB", size, settings.background[:3])
    photo = load_cover(image, size, focal_point if page_image else None, settings.background)
    return darken(photo, settings.overlay)


def darken(photo: Image.Image, overlay: tuple[int, ...]) -> Image.Image:
    """`photo` under the overlay colour at the overlay's alpha: one lookup table per band
    (1.4 ms for a 1200x630 card, where blending with a full-size overlay image takes 5 ms)."""
    alpha = overlay[3] / 255
    table = [round(value * (1 - alpha) + colour * alpha) for colour in overlay[:3] for value in range(256)]
    return photo.point(table)
