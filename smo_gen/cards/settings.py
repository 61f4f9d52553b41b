"""Card settings: the theme's `card.toml`, overridden by site.toml `[cards]`, overridden by a page's `card`.

card.toml format (every key optional; a missing key keeps the built-in default shown)::

    width = 1200              # card size in pixels, 100..4096 each, at most 4 Mpx in all
    height = 630
    format = "png"            # "png" | "jpeg" | "webp": cards of text on colour
    photo_format = "jpeg"     # the same choice for cards over a photo (a page's image, background_image)
    photo = "title"           # a page's image: "title" draws the texts over it, "crop" uses it alone
    layout = "custom"         # "auto" | "text" | "photo-panel" | "photo-gradient" | "split": placed by
                              # smo_gen.cards.layouts for every size; "custom": the boxes below
    accent = "#38bdf8"        # accent colour of the named layouts (bars, site name)
    shapes = []               # extra sizes: "1:1", "16:9", "4:3", "2:3"
    quality = 85              # jpeg/webp quality 1..100
    background = "#0f172a"    # colour: "#rrggbb" or "#rrggbbaa"
    background_image = ""     # image cover-cropped behind the text; "" = none
    overlay = "#0f172aa0"     # colour drawn over background_image (use alpha) for contrast
    fonts = ["fonts/DejaVuSans.ttf"]  # fallback fonts tried after a box's own font, in order
    emoji_font = "fonts/NotoColorEmoji-Single.ttf"  # tried last; "" = none

    [title]                   # also [subtitle] and [site_name]
    box = [80, 80, 1040, 280] # x, y, width, height
    font = "fonts/DejaVuSans-Bold.ttf"
    size = 76                 # the largest size that fits between size and min_size is used;
    min_size = 44             # at min_size, text that still does not fit ends in "…"
    color = "#ffffff"
    max_lines = 3
    line_height = 1.15        # times the font size
    align = "left"            # left | center | right
    valign = "bottom"         # top | middle | bottom

    [logo]
    box = [980, 500, 140, 80] # the logo is scaled to fit inside, keeping its aspect ratio
    path = ""                 # "" = no logo

Paths are relative to the file that names them: the theme directory for card.toml, the site
directory for site.toml and front matter. `fonts` lists add to the chain of the layer below
(theme fonts first, then the site's, e.g. a CJK font); every other key replaces. A `min_size`
above `size` is lowered to `size`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smo_gen.cards.schema import MAX_CARD_PIXELS, TABLES, TEXT_BOXES, Colour, Where, check_table
from smo_gen.content.card_overrides import CardOverrides
from smo_gen.errors import Problem

THEME_CARD_FILE = "card.toml"


@dataclass(frozen=True)
class TextStyle:
    """How one text box (title, subtitle, site name) is laid out."""

    box: tuple[int, int, int, int] = (80, 80, 1040, 280)
    font: Path | None = None  # None: start with the first fallback font
    size: int = 64
    min_size: int = 40
    color: Colour = (255, 255, 255, 255)
    max_lines: int = 3
    line_height: float = 1.2
    align: str = "left"
    valign: str = "top"


@dataclass(frozen=True)
class LogoStyle:
    """Where the site logo goes, if there is one."""

    box: tuple[int, int, int, int] = (980, 500, 140, 80)
    path: Path | None = None


@dataclass(frozen=True)
class CardSettings:
    """Everything that decides how a card looks, with every path absolute and checked."""

    width: int = 1200
    height: int = 630
    format: str = "png"
    # Photos are ~10x smaller and ~20x faster to encode as JPEG than as PNG (1.1 MB, 40-90 ms a card).
    photo_format: str = "jpeg"
    photo: str = "title"  # "title": texts over the page's image (each variant its own card); "crop": image alone
    quality: int = 85
    layout: str = "custom"  # see layouts.py; the default theme's card.toml says "auto"
    accent: Colour = (56, 189, 248, 255)  # bars and the site name in the named layouts
    shapes: tuple[str, ...] = ()  # extra sizes drawn besides width x height (schema.SHAPES)
    background: Colour = (15, 23, 42, 255)
    background_image: Path | None = None
    overlay: Colour = (15, 23, 42, 160)
    fonts: tuple[Path, ...] = ()
    emoji_font: Path | None = None
    title: TextStyle = field(default_factory=TextStyle)
    subtitle: TextStyle = field(
        default_factory=lambda: TextStyle(box=(80, 380, 1040, 100), size=34, min_size=34, max_lines=2)
    )
    site_name: TextStyle = field(
        default_factory=lambda: TextStyle(box=(80, 530, 800, 44), size=30, min_size=22, max_lines=1)
    )
    logo: LogoStyle = field(default_factory=LogoStyle)
    site_dir: Path = Path(".")  # base for paths in page overrides

    def files(self) -> set[Path]:
        """Every file these settings draw with: fonts, background image, logo."""
        named = [*self.fonts, self.emoji_font, self.background_image, self.logo.path]
        named += [self.title.font, self.subtitle.font, self.site_name.font]
        return {path for path in named if path is not None}

    def font_chain(self, box: str) -> tuple[Path, ...]:
        """The fonts tried, in order, for the text box named `box`: its font, `fonts`, `emoji_font`."""
        style: TextStyle = getattr(self, box)
        chain = [style.font] if style.font else []
        chain += [path for path in self.fonts if path not in chain]
        if self.emoji_font and self.emoji_font not in chain:
            chain.append(self.emoji_font)
        return tuple(chain)


def load_theme_card_table(theme_dir: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Read the theme's card.toml; a theme without one uses the built-in defaults."""
    path = theme_dir / THEME_CARD_FILE
    if not path.is_file():
        return {}, []
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [Problem(f"cannot read the theme's card layout: {error}", path=str(path))]


def parse_card_settings(
    table: dict[str, Any],
    theme_dir: Path,
    site_dir: Path,
    where: str = "site.toml",
    brand: Mapping[str, Any] | None = None,
) -> tuple[CardSettings, list[Problem]]:
    """Merge the theme's card.toml, the site's brand (clean values, see `brand_values`) and the
    site's `[cards]` table, in that order, and check every key."""
    theme_table, problems = load_theme_card_table(theme_dir)
    theme_where = Where(str(theme_dir / THEME_CARD_FILE), "card", theme_dir)
    theme_values, theme_problems = check_table(theme_table, theme_where)
    site_values, site_problems = check_table(table, Where(where, "cards", site_dir))
    problems += theme_problems + site_problems
    merged = merge_values(settings_values(CardSettings()), theme_values)
    merged = merge_values(merge_values(merged, dict(brand or {})), site_values)
    merged["site_dir"] = site_dir
    settings, size_problems = make_settings(merged, Where(where, "cards", site_dir))
    return settings, problems + size_problems


def brand_values(accent: str | None, background: str | None, logo: Path | None, font: Path | None) -> dict[str, Any]:
    """The card values a site's `[brand]` sets (checked already): the accent and background
    colours, text colours that read on that background, the logo, and the font of the title and
    site name."""
    values: dict[str, Any] = {}
    if accent:
        values["accent"] = _rgba(accent)
    if background:
        colour = _rgba(background)
        red, green, blue = (channel / 255 for channel in colour[:3])
        light = 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.55
        values["background"], values["overlay"] = colour, colour[:3] + (160,)
        values["title"] = {"color": _rgba("#0f172a" if light else "#ffffff")}
        values["subtitle"] = {"color": _rgba("#334155" if light else "#cbd5e1")}
    if logo:
        values["logo"] = {"path": logo}
    if font:
        for box in ("title", "site_name"):
            values[box] = {**values.get(box, {}), "font": font}
    return values


def _rgba(colour: str) -> tuple[int, int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), 255)


def apply_card_overrides(
    settings: CardSettings, overrides: CardOverrides, page_path: str
) -> tuple[CardSettings, list[Problem]]:
    """Apply a page's front-matter `card`; problems name the page, its `card` line and `card.<key>`."""
    table = overrides.table()
    if not table:
        return settings, []
    where = Where(page_path, "card", settings.site_dir, overrides.line)
    values, problems = check_table(table, where)
    page_settings, size_problems = make_settings(merge_values(settings_values(settings), values), where)
    return page_settings, problems + size_problems


def settings_values(settings: CardSettings) -> dict[str, Any]:
    """The settings as the nested dict of clean values that `check_table` produces."""
    return {f.name: _shallow_dict(getattr(settings, f.name)) for f in dataclasses.fields(settings)}


def _shallow_dict(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return value


def merge_values(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """Lay `top` over `base`: tables merge key by key, `fonts` lists add up, the rest replaces."""
    merged = dict(base)
    for key, value in top.items():
        if key in TABLES:
            merged[key] = {**base.get(key, {}), **value}
        elif key == "fonts":
            merged[key] = tuple(base.get(key, ())) + tuple(p for p in value if p not in base.get(key, ()))
        else:
            merged[key] = value
    return merged


def make_settings(values: dict[str, Any], where: Where) -> tuple[CardSettings, list[Problem]]:
    """Build frozen settings from merged clean values, checking what only the whole can tell."""
    problems: list[Problem] = []
    tables: dict[str, Any] = {name: TextStyle(**values[name]) for name in TEXT_BOXES}
    for name, style in tables.items():
        # A layer that only lowers `size` should not have to lower the theme's `min_size` too.
        tables[name] = dataclasses.replace(style, min_size=min(style.min_size, style.size))
        if style.font is None and not values["fonts"]:
            problems.append(where.problem(f"{name}.font", "no font for this text", "set font or fonts"))
    scalars: dict[str, Any] = {key: value for key, value in values.items() if key not in TABLES}
    settings = CardSettings(**scalars, **tables, logo=LogoStyle(**values["logo"]))
    if settings.width * settings.height > MAX_CARD_PIXELS:
        problems.append(
            where.problem(
                "width",
                f"a {settings.width}x{settings.height} card is too large",
                f"at most {MAX_CARD_PIXELS:,} pixels, e.g. 2400x1260",
            )
        )
        settings = dataclasses.replace(settings, width=1200, height=630)
    return settings, problems
