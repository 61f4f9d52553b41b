"""The machine's own fonts (found through fontconfig), for characters no site or theme font has.

One `fc-list` call per process lists every installed font with the characters it covers (~20 ms
for 300 fonts); each character is then given the most suitable font that covers it, remembered,
so a large site of Japanese titles asks fontconfig once and searches each character once.

The choice is deterministic: fonts are ranked by a fixed preference (sans before serif, upright,
normal width, the weight asked for, the shorter family name, then the path), never by the order
fontconfig happens to list them. The chosen files are part of the card's cache key, so installing
or updating a font redraws the cards it changes.
"""

from __future__ import annotations

import bisect
import functools
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_FC_FORMAT = "%{file}|%{index}|%{family[0]}|%{style[0]}|%{weight}|%{slant}|%{width}|%{charset}\n"
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
_FC_REGULAR, _FC_BOLD = 80, 200  # fontconfig's weight scale
_FC_NORMAL_WIDTH = 100


@dataclass(frozen=True)
class SystemFont:
    """One installed font face and the ranges of code points it covers (first, last inclusive)."""

    path: Path
    family: str
    style: str
    weight: int
    slant: int
    width: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def covers(self, code: int) -> bool:
        """True when the font has a glyph for code point `code`."""
        index = bisect.bisect_right(self.starts, code) - 1
        return index >= 0 and code <= self.ends[index]


def parse_fc_list(text: str) -> tuple[SystemFont, ...]:
    """The fonts in `fc-list --format` output (see `_FC_FORMAT`), first faces of outline fonts only.

    Only face 0 of a collection is kept: the rest of the drawing code opens face 0, and for the
    CJK collections every face covers the same characters.
    """
    fonts = []
    for line in text.splitlines():
        fields = line.split("|")
        if len(fields) != 8 or fields[1] != "0" or not fields[0].lower().endswith(_FONT_SUFFIXES):
            continue
        path, _, family, style, weight, slant, width, charset = fields
        starts, ends = _parse_charset(charset)
        if starts:
            fonts.append(
                SystemFont(Path(path), family, style, _number(weight), _number(slant), _number(width), starts, ends)
            )
    return tuple(fonts)


def _number(text: str) -> int:
    try:
        return round(float(text))
    except ValueError:
        return 0  # a variable font lists a range ("[40 210]"): rank it as if unknown


def _parse_charset(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts, ends = [], []
    for part in text.split():
        first, _, last = part.partition("-")
        try:
            starts.append(int(first, 16))
            ends.append(int(last or first, 16))
        except ValueError:
            continue
    return tuple(starts), tuple(ends)


def rank(font: SystemFont, bold: bool) -> tuple[object, ...]:
    """Sort key: the most suitable font for card text first."""
    family = font.family.lower()
    return (
        font.slant != 0,
        abs(font.width - _FC_NORMAL_WIDTH),
        "sans" not in family,
        "mono" in family,
        abs(font.weight - (_FC_BOLD if bold else _FC_REGULAR)),
        len(font.family),
        font.family,
        str(font.path),
    )


@functools.lru_cache(maxsize=1)
def load_system_fonts() -> tuple[SystemFont, ...]:
    """Every installed outline font (empty where fontconfig is missing or fails)."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", _FC_FORMAT], capture_output=True, text=True, timeout=60, check=True
        )
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return ()
    return parse_fc_list(listed.stdout)


@functools.lru_cache(maxsize=2)
def _ranked(bold: bool) -> tuple[SystemFont, ...]:
    return tuple(sorted(load_system_fonts(), key=lambda font: rank(font, bold)))


@functools.lru_cache(maxsize=65536)
def _font_for(code: int, bold: bool) -> Path | None:
    return next((font.path for font in _ranked(bold) if font.covers(code)), None)


def forget_system_fonts() -> None:
    """Forget the font list and each character's choice, so the next card asks fontconfig again
    (fonts were installed or removed, or FONTCONFIG_FILE now names another configuration)."""
    load_system_fonts.cache_clear()
    _ranked.cache_clear()
    _font_for.cache_clear()


def find_system_fonts(chars: Iterable[str], bold: bool) -> tuple[Path, ...]:
    """Installed fonts that cover `chars`, in the order the characters first need them."""
    paths: list[Path] = []
    for char in chars:
        path = _font_for(ord(char), bold)
        if path is not None and path not in paths:
            paths.append(path)
    return tuple(paths)


# Which Debian package covers a script, by words in its characters' Unicode names.
_CJK_WORDS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPH", "FULLWIDTH", "HALFWIDTH")
_EMOJI = range(0x1F000, 0x1FB00)


def font_package(chars: Iterable[str]) -> str:
    """The Debian/Ubuntu font package that would most likely cover `chars`, for a hint."""
    chars = list(chars)
    if any(word in unicodedata.name(char, "") for char in chars for word in _CJK_WORDS):
        return "fonts-noto-cjk"
    if any(ord(char) in _EMOJI for char in chars):
        return "fonts-noto-color-emoji"
    return "fonts-noto-core (or fonts-noto-extra)"
