"""Checks one raw card table (theme, site or page) key by key and normalises its values.

Every layer is checked on its own so that a problem names the file it came from
(`site.toml: cards.title.size: …`, `content/a.md: card.title.size: …`). The result is a
plain nested dict of clean values (colours as RGBA tuples, paths made absolute) which
`settings.py` merges layer over layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smo_gen.cards.fonts import load_font_info
from smo_gen.cards.source_images import UnusableImage, check_image
from smo_gen.content.card_overrides import LAYOUTS
from smo_gen.errors import Problem, did_you_mean

FORMATS = ("png", "jpeg", "webp")
PHOTO_STYLES = ("title", "crop")
# Extra card shapes ([cards] shapes): name -> size. The 1200x630 Open Graph card is always drawn.
SHAPES = {"1:1": (1200, 1200), "16:9": (1200, 675), "4:3": (1200, 900), "2:3": (1000, 1500)}
ALIGNS = ("left", "center", "right")
VALIGNS = ("top", "middle", "bottom")
TEXT_BOXES = ("title", "subtitle", "site_name")
# A card is at most 4 Mpx so even a palette PNG of pure noise stays under the 5 MB limit.
MAX_CARD_PIXELS = 4_000_000

Colour = tuple[int, int, int, int]
_COLOUR = re.compile(r"#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?")


@dataclass(frozen=True)
class Where:
    """Where a table came from: the file named in messages, its key prefix, and the base for relative paths."""

    path: str
    prefix: str
    base_dir: Path
    line: int | None = None  # of the table in its file, where known (a page's `card`)

    def problem(self, key: str, message: str, hint: str | None = None) -> Problem:
        return Problem(message, path=self.path, line=self.line, key=f"{self.prefix}.{key}", hint=hint)


Check = Callable[[Any, str, Where], tuple[Any, Problem | None]]


def _integer(low: int, high: int) -> Check:
    def check(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
        if isinstance(value, bool) or not isinstance(value, int):
            return None, where.problem(key, f"expected an integer, got {value!r}")
        if not low <= value <= high:
            return None, where.problem(key, f"expected {low} to {high}, got {value}")
        return value, None

    return check


def _number(low: float, high: float) -> Check:
    def check(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, where.problem(key, f"expected a number, got {value!r}")
        if not low <= value <= high:
            return None, where.problem(key, f"expected {low} to {high}, got {value}")
        return float(value), None

    return check


def _choice(choices: tuple[str, ...]) -> Check:
    def check(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
        if value in choices:
            return value, None
        hint = did_you_mean(str(value), choices) or "one of " + ", ".join(repr(c) for c in choices)
        return None, where.problem(key, f"unknown value {value!r}", hint)

    return check


def _colour(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
    match = _COLOUR.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None, where.problem(key, f"expected a colour like '#1d2b53' or '#1d2b5380', got {value!r}")
    rgb, alpha = match.group(1), match.group(2) or "ff"
    return tuple(int(part, 16) for part in (rgb[0:2], rgb[2:4], rgb[4:6], alpha)), None


def _file(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
    if not isinstance(value, str):
        return None, where.problem(key, f"expected a file path, got {value!r}")
    path = (where.base_dir / value).resolve()
    if not path.is_file():
        return None, where.problem(key, f"file not found: {value}", f"looked for {path}")
    return path, None


# What makes a found file unusable: (message, hint), or None when it can be used.
Unusable = Callable[[Any, Path], tuple[str, str | None] | None]


def _usable_file(value: Any, key: str, where: Where, unusable: Unusable) -> tuple[Any, Problem | None]:
    path, problem = _file(value, key, where)
    if problem:
        return None, problem
    why = unusable(value, path)
    return (None, where.problem(key, *why)) if why else (path, None)


def _unusable_font(value: Any, path: Path) -> tuple[str, str | None] | None:
    try:
        load_font_info(path)
    except OSError as error:
        return f"cannot use font {value}: {error}", "use a .ttf or .otf file"
    return None


def _unusable_image(value: Any, path: Path) -> tuple[str, str | None] | None:
    try:
        check_image(path)
    except UnusableImage as error:
        return str(error), error.hint
    return None


def _font(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
    return _usable_file(value, key, where, _unusable_font)


def _image(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
    """An image path (checked from its header), or "" to switch off what a lower layer set."""
    return (None, None) if value == "" else _usable_file(value, key, where, _unusable_image)


def _optional_font(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
    """A font path, or "" to switch off what a lower layer set."""
    return (None, None) if value == "" else _font(value, key, where)


def _font_list(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
    if not isinstance(value, list):
        return None, where.problem(key, f"expected a list of font files, got {value!r}")
    paths = []
    for index, item in enumerate(value):
        path, problem = _font(item, f"{key}[{index}]", where)
        if problem:
            return None, problem
        paths.append(path)
    return tuple(paths), None


def _shapes(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
    names = ", ".join(repr(name) for name in SHAPES)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None, where.problem(key, f"expected a list of shapes, got {value!r}", f"any of {names}")
    for item in value:
        if item not in SHAPES:
            return None, where.problem(key, f"unknown shape {item!r}", did_you_mean(item, SHAPES) or f"any of {names}")
    return tuple(dict.fromkeys(value)), None


def _box(value: Any, key: str, where: Where) -> tuple[Any, Problem | None]:
    is_box = isinstance(value, list) and len(value) == 4
    if not is_box or not all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        return None, where.problem(key, f"expected [x, y, width, height] in pixels, got {value!r}")
    if value[2] <= 0 or value[3] <= 0:
        return None, where.problem(key, f"width and height must be positive, got {value!r}")
    return tuple(value), None


TEXT_KEYS: dict[str, Check] = {
    "box": _box,
    "font": _font,
    "size": _integer(6, 400),
    "min_size": _integer(6, 400),
    "color": _colour,
    "max_lines": _integer(1, 20),
    "line_height": _number(0.5, 3.0),
    "align": _choice(ALIGNS),
    "valign": _choice(VALIGNS),
}
LOGO_KEYS: dict[str, Check] = {"box": _box, "path": _image}
TOP_KEYS: dict[str, Check] = {
    "width": _integer(100, 4096),
    "height": _integer(100, 4096),
    "format": _choice(FORMATS),
    "photo_format": _choice(FORMATS),
    "photo": _choice(PHOTO_STYLES),
    "layout": _choice(LAYOUTS),
    "accent": _colour,
    "shapes": _shapes,
    "quality": _integer(1, 100),
    "background": _colour,
    "background_image": _image,
    "overlay": _colour,
    "fonts": _font_list,
    "emoji_font": _optional_font,
}
TABLES: dict[str, dict[str, Check]] = {**{name: TEXT_KEYS for name in TEXT_BOXES}, "logo": LOGO_KEYS}


def check_table(table: Mapping[str, Any], where: Where) -> tuple[dict[str, Any], list[Problem]]:
    """Check every key of one raw card table; return the clean values and the problems found."""
    clean: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in table.items():
        if key in TABLES:
            if not isinstance(value, Mapping):
                problems.append(where.problem(key, f"expected a table, got {value!r}"))
                continue
            clean[key] = _check_keys(value, TABLES[key], key, where, problems)
        elif key in TOP_KEYS:
            _check_one(clean, key, value, TOP_KEYS[key], key, where, problems)
        else:
            hint = did_you_mean(key, [*TOP_KEYS, *TABLES])
            problems.append(where.problem(key, "unknown key", hint))
    return clean, problems


def _check_keys(
    table: Mapping[str, Any], checks: dict[str, Check], prefix: str, where: Where, problems: list[Problem]
) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in table.items():
        if key in checks:
            _check_one(clean, key, value, checks[key], f"{prefix}.{key}", where, problems)
        else:
            problems.append(where.problem(f"{prefix}.{key}", "unknown key", did_you_mean(key, checks)))
    return clean


def _check_one(
    clean: dict[str, Any],
    key: str,
    value: Any,
    check: Check,
    full_key: str,
    where: Where,
    problems: list[Problem],
) -> None:
    result, problem = check(value, full_key, where)
    if problem:
        problems.append(problem)
    else:
        clean[key] = result
