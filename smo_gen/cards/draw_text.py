"""Draws typeset text onto a card: outline fonts directly, colour bitmap (emoji) fonts scaled from their strike."""

from __future__ import annotations

import math

from PIL import Image, ImageDraw

from smo_gen.cards.fonts import Run, load_pillow_font
from smo_gen.cards.schema import Colour
from smo_gen.cards.typeset import TypesetText, run_width


def draw_text(canvas: Image.Image, text: TypesetText, color: Colour | int) -> None:
    """Draw every line of `text` onto `canvas` in `color` (an int on a one-band canvas)."""
    draw = ImageDraw.Draw(canvas)
    for line in text.lines:
        x = line.x
        for index, run in enumerate(line.runs):
            if run.font is None:
                continue  # reported when the card was planned; drawing a tofu box helps nobody
            if run.font.fixed_size:
                _draw_bitmap_run(canvas, run, text.size, x, line.baseline)
            else:
                font = load_pillow_font(run.font.path, text.size)
                draw.text((x, line.baseline), run.text, font=font, fill=color, anchor="ls")
            if index + 1 < len(line.runs):
                x += run_width(run, text.size)


def _draw_bitmap_run(canvas: Image.Image, run: Run, size: int, x: float, baseline: float) -> None:
    """Colour emoji fonts only have one pixel size (109 for Noto): draw there, then scale to `size`."""
    assert run.font is not None and run.font.fixed_size is not None
    strike = run.font.fixed_size
    font = load_pillow_font(run.font.path, strike)
    ascent, descent = font.getmetrics()
    width = math.ceil(font.getlength(run.text))
    if width <= 0:
        return
    glyphs = Image.new("RGBA", (width, ascent + descent))
    ImageDraw.Draw(glyphs).text((0, ascent), run.text, font=font, anchor="ls", embedded_color=True)
    scale = size / strike
    scaled = glyphs.resize(
        (max(1, round(width * scale)), max(1, round((ascent + descent) * scale))), Image.Resampling.LANCZOS
    )
    canvas.paste(scaled, (round(x), round(baseline - ascent * scale)), scaled)
