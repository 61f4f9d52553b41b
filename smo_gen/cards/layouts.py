"""Places a card's texts, logo, photo and colour areas for its size and its named layout (pure).

The named layouts ("text", "photo-panel", "photo-gradient", "split") compute every box from the
card's size, so one layout serves the 1200x630 Open Graph card and every extra shape. They keep
the title, subtitle, site name and logo inside the SAFE AREA: the centred square of a landscape
card (630x630 in 1200x630), so a network that crops the card to a square still shows them all
("split" excepted: its text sits beside the photo). A square or portrait card is its own safe area.
The "custom" layout is the boxes of card.toml as written, scaled to a shape of another size.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from smo_gen.cards.schema import Colour
from smo_gen.cards.settings import CardSettings, LogoStyle, TextStyle

Box = tuple[int, int, int, int]
NAMED_LAYOUTS = ("text", "photo-panel", "photo-gradient", "split")
# The gradient and the panel are the background colour at these alphas: dark enough for white
# text, light enough at the gradient's top that the photo keeps its colours.
GRADIENT_ALPHA = 235
PANEL_ALPHA = 225
# The named layouts' type sizes at a 630-pixel short side, scaled with it.
_REFERENCE_SIDE = 630


@dataclass(frozen=True)
class Placement:
    """Where everything of one card goes.

    `settings` has the text and logo boxes placed for the card's size; `photo_box` is where the
    photo is cover-cropped (None: no photo); `under` are opaque areas drawn on the background
    first, `over` areas drawn over the photo (either may be translucent); `gradient` is the
    (top, bottom) of the background colour fading in over the photo; `panel` is drawn behind
    the texts, from just above the title's first line down to its own bottom.
    """

    settings: CardSettings
    layout: str
    photo_box: Box | None = None
    under: tuple[tuple[Box, Colour], ...] = ()
    over: tuple[tuple[Box, Colour], ...] = ()
    gradient: tuple[int, int] | None = None
    panel: tuple[Box, Colour] | None = None

    @property
    def is_flat(self) -> bool:
        """True when the card is opaque areas of colour and text only (a palette card can draw it)."""
        return (
            self.photo_box is None and self.gradient is None and self.panel is None and self.settings.logo.path is None
        )


def layout_name(settings: CardSettings, has_photo: bool) -> str:
    """The layout drawn: "auto" chosen by whether there is a photo; a photo layout without one is "text"."""
    name = settings.layout
    if name == "auto":
        return "photo-gradient" if has_photo else "text"
    if name in ("photo-panel", "photo-gradient", "split") and not has_photo:
        return "text"
    return name


def place(settings: CardSettings, size: tuple[int, int], has_photo: bool) -> Placement:
    """The placement of a `size` card drawn with `settings`, with or without a photo behind it."""
    name = layout_name(settings, has_photo)
    width, height = size
    if name == "custom":
        scaled = _scaled(settings, size)
        return Placement(scaled, name, (0, 0, width, height) if has_photo else None)
    side = min(width, height)
    unit = side / _REFERENCE_SIDE
    pad = round(side * 0.07)
    safe = ((width - side) // 2, 0, side, side) if width > height else (0, 0, width, height)
    accent = settings.accent
    if name == "text":
        flank = _mix(settings.background, accent, 0.10)
        under = _flanks(size, safe, flank) + (((0, height - round(10 * unit), width, round(10 * unit)), accent),)
        boxes = _stack(_inset(safe, pad), unit, settings, logo_on_top=True)
        return Placement(boxes, name, None, under)
    if name == "split":
        if width > height:  # the photo on the left, the text in a square on the right
            photo: Box = (0, 0, width - height, height)
            column: Box = (width - height, 0, height, height)
        else:  # the photo on top, the text below
            photo_height = round(height * (0.45 if height > width else 0.42))
            photo, column = (0, 0, width, photo_height), (0, photo_height, width, height - photo_height)
        bar = round(10 * unit)
        rule: Box = (column[0], column[1], bar, column[3]) if width > height else (0, column[1], width, bar)
        # Sized for the column, not the card: below a square's photo the text has half its height.
        column_side = min(column[2], column[3])
        boxes = _stack(
            _inset(column, round(column_side * 0.07)), column_side / _REFERENCE_SIDE, settings, logo_on_top=True
        )
        return Placement(boxes, name, photo, over=((rule, accent),))
    content = _inset(safe, pad)
    if name == "photo-gradient":
        boxes = _stack(content, unit, settings, logo_on_top=False, top_share=0.30)
        return Placement(boxes, name, (0, 0, width, height), gradient=(round(height * 0.2), height))
    # photo-panel: a translucent panel of the background colour in the safe area's lower part
    inner = round(pad * 0.6)
    panel_box = (
        safe[0] + pad - inner,
        round(height * 0.25),
        safe[2] - 2 * (pad - inner),
        height - round(height * 0.25) - pad + inner,
    )
    boxes = _stack(content, unit, settings, logo_on_top=False, top_share=0.30)
    panel_colour = settings.background[:3] + (PANEL_ALPHA,)
    return Placement(boxes, name, (0, 0, width, height), panel=(panel_box, panel_colour))


def _stack(
    area: Box, unit: float, settings: CardSettings, *, logo_on_top: bool, top_share: float = 0.0
) -> CardSettings:
    """Title, subtitle and site name (and the logo) stacked in `area`, the title as large as the rest allows.

    With `logo_on_top` the logo is centred above the title and the site name centred at the
    bottom; otherwise the logo starts the bottom row with the site name beside it. `top_share`
    of the area is left free above the title (the photo shows there).
    """
    x, y, width, height = area
    gap = round(22 * unit)
    has_logo = settings.logo.path is not None
    row_height = round(44 * unit)
    row_y = y + height - row_height
    logo_box: Box = (x, y, width, round(76 * unit)) if logo_on_top else (x, row_y, round(150 * unit), row_height)
    site_box: Box = (x, row_y, width, row_height)
    site_align = "center"
    if has_logo and not logo_on_top:  # the site name beside the logo, never under it
        shift = logo_box[2] + gap
        site_box, site_align = (x + shift, row_y, width - shift, row_height), "left"
        logo_box = (x, row_y, round(150 * unit), row_height)
    subtitle_height = round(26 * unit * 1.3 * 2 + 4 * unit)
    subtitle_y = row_y - gap - subtitle_height
    title_top = y + round(height * top_share)
    if has_logo and logo_on_top:
        title_top = max(title_top, y + logo_box[3] + gap)
    title_box: Box = (x, title_top, width, subtitle_y - gap - title_top)
    # Over a photo the title sits low, under the photo's subject; on colour it is centred.
    title = _text(settings.title, title_box, unit, (68, 30, 8), "center", "middle" if logo_on_top else "bottom")
    subtitle_box: Box = (x, subtitle_y, width, subtitle_height)
    subtitle = _text(settings.subtitle, subtitle_box, unit, (26, 22, 2), "center", "top", line_height=1.3)
    site_name = _text(settings.site_name, site_box, unit, (26, 18, 1), site_align, "middle", color=settings.accent)
    logo = LogoStyle(logo_box, settings.logo.path)
    return dataclasses.replace(settings, title=title, subtitle=subtitle, site_name=site_name, logo=logo)


def _text(
    style: TextStyle, box: Box, unit: float, sizes: tuple[int, int, int], align: str, valign: str, **more: Any
) -> TextStyle:
    """`style` placed in `box`: (size, min_size at a 630-pixel side, max_lines) = `sizes`."""
    size, min_size, max_lines = sizes
    return dataclasses.replace(
        style,
        box=box,
        size=round(size * unit),
        min_size=round(min_size * unit),
        max_lines=max_lines,
        align=align,
        valign=valign,
        **more,
    )


def _scaled(settings: CardSettings, size: tuple[int, int]) -> CardSettings:
    """The custom boxes stretched from the configured card size to `size`."""
    if size == (settings.width, settings.height):
        return settings
    across, down = size[0] / settings.width, size[1] / settings.height

    def scale(box: Box) -> Box:
        return (round(box[0] * across), round(box[1] * down), round(box[2] * across), round(box[3] * down))

    def text(style: TextStyle) -> TextStyle:
        return dataclasses.replace(style, box=scale(style.box))

    return dataclasses.replace(
        settings,
        title=text(settings.title),
        subtitle=text(settings.subtitle),
        site_name=text(settings.site_name),
        logo=dataclasses.replace(settings.logo, box=scale(settings.logo.box)),
    )


def _inset(box: Box, pad: int) -> Box:
    return (box[0] + pad, box[1] + pad, box[2] - 2 * pad, box[3] - 2 * pad)


def _flanks(size: tuple[int, int], safe: Box, colour: Colour) -> tuple[tuple[Box, Colour], ...]:
    """The parts of a landscape card outside its safe square, a shade apart, so the square reads as one."""
    width, height = size
    if safe[2] >= width:
        return ()
    return (((0, 0, safe[0], height), colour), ((safe[0] + safe[2], 0, width - safe[0] - safe[2], height), colour))


def _mix(base: Colour, other: Colour, share: float) -> Colour:
    mixed = tuple(round(a + (b - a) * share) for a, b in zip(base[:3], other[:3], strict=True))
    return (mixed[0], mixed[1], mixed[2], 255)
