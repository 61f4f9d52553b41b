"""Plans a page's card without drawing it: the file name (a hash of every input) and problems found up front.

Because the name is known before drawing, the core can write og:image URLs first, and an
unchanged card keeps its URL (and its cached file) from build to build.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import PIL

from smo_gen.cards.fonts import digest_path, find_missing, load_font_info
from smo_gen.cards.layouts import layout_name
from smo_gen.cards.schema import SHAPES, TEXT_BOXES
from smo_gen.cards.settings import CardSettings, apply_card_overrides, settings_values
from smo_gen.cards.source_images import UnusableImage, check_image, check_size
from smo_gen.cards.system_fonts import find_system_fonts, font_package
from smo_gen.content.card_overrides import NO_CARD_OVERRIDES, CardOverrides
from smo_gen.errors import Problem

# Bump when the drawing code changes what a card looks like, so every card gets a new URL.
RENDERER_VERSION = "7"  # 2: photos resized with bicubic; 3: overlay by lookup table; 4: whole-pixel crops;
# 5: text on colour as a palette image; 6: an emoji wraps with its neighbouring word; 7: named layouts,
# balanced lines
EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp"}
MIME_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
KEY_LENGTH = 12


@dataclass(frozen=True)
class CardSource:
    """What one page (or audience variant) contributes to its card."""

    page_path: str
    name: str
    title: str
    subtitle: str
    site_name: str
    image_path: Path | None = None
    image_line: int | None = None
    focal_point: tuple[float, float] | None = None
    overrides: CardOverrides = NO_CARD_OVERRIDES  # the page's front-matter `card`
    image_size: tuple[int, int] | None = None  # measured already (for the meta tags); else read here

    def text_of(self, box: str) -> str:
        """The text drawn in the box named `box` ("title", "subtitle" or "site_name")."""
        return str(getattr(self, box))


@dataclass(frozen=True)
class CardPlan:
    """A card to draw: its file name (stem, input hash, extension), size, type and its page's settings."""

    source: CardSource
    key: str
    filename: str
    width: int
    height: int
    mime: str
    settings: CardSettings = field(default_factory=CardSettings)
    format: str = "png"  # settings.format, or settings.photo_format for a card over a photo
    # Installed fonts a text box needs for characters the site's and theme's fonts lack, by box.
    system_fonts: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)

    def font_chain(self, box: str) -> tuple[Path, ...]:
        """The fonts tried, in order, for the text box named `box`: the layout's, then the system's."""
        return self.settings.font_chain(box) + self.system_fonts.get(box, ())

    @property
    def is_photo(self) -> bool:
        """True when the card is made from the page's image (alone, or under the texts)."""
        return self.source.image_path is not None


class CardPlanner:
    """Plans the cards of a build. Each distinct layout (the site's, or a page's with its
    overrides) is fingerprinted once rather than once a card: its ~250 values and font
    digests took 0.1 ms a card, 0.1 s of every build of 1,000 pages.

    `digest(path)` is the SHA-256 of a file a card is drawn from (photo, fonts, background).
    """

    def __init__(self, settings: CardSettings, digest: Callable[[Path], str] = digest_path) -> None:
        self.settings = settings
        self.digest = digest
        self._layouts: dict[int, tuple[CardSettings, _FingerprintedTable]] = {}

    def plan(self, source: CardSource, shape: str | None = None) -> tuple[CardPlan | None, list[Problem]]:
        """Name the card for `source`; None (with an error) when its image cannot be used.

        `shape` names one of schema.SHAPES to draw instead of the layout's own width and height
        (a file name of its own: 'post-1x1.<hash>.png').
        """
        system_fonts: dict[str, tuple[Path, ...]] = {}
        settings, problems = apply_card_overrides(self.settings, source.overrides, source.page_path)
        width, height = SHAPES[shape] if shape else (settings.width, settings.height)
        focal_point, focal_problems = _check_focal_point(source)
        problems += focal_problems
        if source.image_path is not None:
            try:
                if source.image_size is not None:
                    image_size = check_size(source.image_path, source.image_size)
                else:
                    image_size = check_image(source.image_path)
            except UnusableImage as error:
                problems.append(_image_problem(source, str(error), error.hint, "error"))
                return None, problems
            if shape is None and (image_size[0] < width or image_size[1] < height):
                message = f"image is {image_size[0]}x{image_size[1]}, smaller than the {width}x{height} card"
                problems.append(_image_problem(source, message, "it will look blurry; use a larger image", "warning"))
            if settings.photo == "crop":
                inputs = _photo_inputs(source, focal_point, settings, (width, height))
            else:
                system_fonts, glyph_problems = find_fonts(source, settings)
                problems += glyph_problems
                drawn = _drawn_inputs(source, self._layout(settings), system_fonts)
                inputs = {**drawn, "image": source.image_path, "focal_point": focal_point}
        else:
            system_fonts, glyph_problems = find_fonts(source, settings)
            problems += glyph_problems
            inputs = _drawn_inputs(source, self._layout(settings), system_fonts)
        inputs["size"] = [width, height]
        key = make_card_key(inputs, self.digest)
        over_photo = source.image_path is not None or settings.background_image is not None
        if layout_name(settings, over_photo) == "text":
            over_photo = False  # the text layout leaves the photo out
        format = settings.photo_format if over_photo else settings.format
        stem = f"{source.name}-{shape.replace(':', 'x')}" if shape else source.name
        filename = f"{stem}.{key}.{EXTENSIONS[format]}"
        source = replace(source, focal_point=focal_point)
        plan = CardPlan(source, key, filename, width, height, MIME_TYPES[format], settings, format, system_fonts)
        return plan, problems

    def _layout(self, settings: CardSettings) -> _FingerprintedTable:
        known = self._layouts.get(id(settings))
        if known is None or known[0] is not settings:  # kept with its settings, so the id stays theirs
            layout = settings_values(settings)
            del layout["site_dir"]  # where the site lives does not change the picture
            known = (settings, _FingerprintedTable(_fingerprint(layout, self.digest)))
            self._layouts[id(settings)] = known
        return known[1]


def plan_card(
    source: CardSource, settings: CardSettings, digest: Callable[[Path], str] = digest_path
) -> tuple[CardPlan | None, list[Problem]]:
    """Name the card for `source` alone (see `CardPlanner.plan`)."""
    return CardPlanner(settings, digest).plan(source)


def make_card_key(inputs: Mapping[str, Any], digest: Callable[[Path], str] = digest_path) -> str:
    """A short hash of everything that decides a card's bytes; files are replaced by their digests."""
    canonical = json.dumps(_fingerprint(inputs, digest), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:KEY_LENGTH]


def _renderer() -> dict[str, str]:
    return {"version": RENDERER_VERSION, "pillow": PIL.__version__}


def _photo_inputs(
    source: CardSource, focal_point: tuple[float, float] | None, settings: CardSettings, size: tuple[int, int]
) -> dict[str, Any]:
    # Only what changes a cropped photo: the title is not drawn on it, so editing the title keeps the URL.
    return {
        "kind": "photo",
        "renderer": _renderer(),
        "image": source.image_path,
        "focal_point": focal_point,
        "size": list(size),
        "format": settings.photo_format,
        "quality": settings.quality,
        "background": settings.background,
    }


def _drawn_inputs(
    source: CardSource, layout: _FingerprintedTable, system_fonts: Mapping[str, tuple[Path, ...]]
) -> dict[str, Any]:
    texts = {box: unicodedata.normalize("NFC", source.text_of(box)) for box in TEXT_BOXES}
    inputs = {"kind": "drawn", "renderer": _renderer(), "texts": texts, "layout": layout}
    if system_fonts:  # the installed fonts drawn with (as digests): a new or updated font redraws
        inputs["system_fonts"] = dict(system_fonts)
    return inputs


class _FingerprintedTable(dict[str, Any]):
    """A table whose files are digests already: `_fingerprint` passes it through as it is."""


def _fingerprint(value: Any, digest: Callable[[Path], str]) -> Any:
    if isinstance(value, _FingerprintedTable):
        return value
    if isinstance(value, Path):
        return "sha256:" + digest(value)
    if isinstance(value, Mapping):
        return {str(key): _fingerprint(item, digest) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_fingerprint(item, digest) for item in value]
    return value


def _check_focal_point(source: CardSource) -> tuple[tuple[float, float] | None, list[Problem]]:
    point = source.focal_point
    if point is None:
        return None, []
    valid = len(point) == 2 and all(isinstance(n, int | float) and 0 <= n <= 1 for n in point)
    if valid:
        return (float(point[0]), float(point[1])), []
    problem = Problem(
        f"expected [x, y] with both between 0 and 1, got {list(point)!r}",
        path=source.page_path,
        line=source.image_line,
        key="focal_point",
        hint="[0.5, 0.5] is the centre of the image",
    )
    return None, [problem]


def _image_problem(source: CardSource, message: str, hint: str | None, severity: str) -> Problem:
    return Problem(
        message,
        path=source.page_path,
        line=source.image_line,
        key="image",
        hint=hint,
        severity="warning" if severity == "warning" else "error",
    )


def find_fonts(source: CardSource, settings: CardSettings) -> tuple[dict[str, tuple[Path, ...]], list[Problem]]:
    """The installed fonts each text box needs beyond the layout's own, and a warning per box for
    characters that even those lack (they are left out of the card)."""
    found: dict[str, tuple[Path, ...]] = {}
    problems = []
    for box in TEXT_BOXES:
        text = unicodedata.normalize("NFC", source.text_of(box))
        chain = settings.font_chain(box)
        missing = find_missing(text, chain)
        if not missing:
            continue
        bold = bool(chain) and load_font_info(chain[0]).bold
        system = find_system_fonts(missing, bold)
        if system:
            found[box] = system
            missing = find_missing(text, chain + system)
        if missing:
            problems.append(_missing_glyph_problem(source, box, missing))
    return found, problems


def _missing_glyph_problem(source: CardSource, box: str, missing: list[str]) -> Problem:
    shown = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in missing[:8])
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return Problem(
        f"social card {box.replace('_', ' ')} has characters no font can draw: {shown}{more}",
        path=source.page_path,
        key="card",
        hint=(
            "they are left out of the card; install a font that has them (on Debian or Ubuntu: "
            f"apt install {font_package(missing)}), or add one to cards.fonts in site.toml"
        ),
        severity="warning",
    )
