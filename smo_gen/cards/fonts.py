"""Which font draws which character: a per-character fallback chain read from the fonts' cmaps.

A box's chain is its own font, then the theme's `fonts`, then the site's `fonts` (e.g. a CJK
font), then `emoji_font`. Text is cut into clusters (a character with the combining marks,
variation selectors, skin-tone modifiers and zero-width-joined characters that follow it) and
each cluster goes to the first font whose cmap covers all of it, else character by character
to the first font that covers it. A character no font covers is reported, never drawn as tofu.

Emoji decision: the default theme ships `NotoColorEmoji-Single.ttf`, a 3 MB subset of Debian's
fonts-noto-color-emoji (SIL OFL 1.1; the full font is 11 MB, over our ~10 MB budget). It keeps
every single-code-point emoji and drops the ligature table, so skin-tone, ZWJ-family and flag
sequences draw as their parts. A site that wants those sets `emoji_font` to the full font.
Colour bitmap fonts (CBDT/sbix) only exist at fixed pixel sizes (109 for Noto): they are drawn
at that size and scaled, see `draw_text.py`.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError
from PIL import ImageFont

from smo_gen.file_looks import hash_file

_ZWJ = 0x200D
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)


@dataclass(frozen=True)
class FontInfo:
    """What we need to know about one font file before drawing with it."""

    path: Path
    codepoints: frozenset[int]
    fixed_size: int | None  # pixel size of a colour bitmap font's only strike; None for outline fonts
    bold: bool = False  # weight class 600 or more: fallback fonts found for it should be bold too


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn with one font (`font` is None for characters no font has)."""

    text: str
    font: FontInfo | None


@functools.lru_cache(maxsize=64)
def load_font_info(path: Path) -> FontInfo:
    """Read a font's cmap (and bitmap strike size) with fontTools; raises OSError if unreadable."""
    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            codepoints = frozenset(font.getBestCmap() or {})
            fixed_size = None
            bold = "OS/2" in font and font["OS/2"].usWeightClass >= 600
            if "CBLC" in font:
                fixed_size = font["CBLC"].strikes[0].bitmapSizeTable.ppemY
            elif "sbix" in font:
                fixed_size = min(font["sbix"].strikes)
    except (TTLibError, KeyError, IndexError, AssertionError) as error:
        raise OSError(f"not a usable font: {error}") from error
    return FontInfo(path, codepoints, fixed_size, bold)


@functools.lru_cache(maxsize=256)
def load_pillow_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow font object, cached per worker process."""
    return ImageFont.truetype(str(path), size)


@functools.lru_cache(maxsize=256)
def file_digest(path: Path, mtime_ns: int, size: int) -> str:
    """SHA-256 of a file; mtime and size are part of the cache key so an edited file is hashed again."""
    return hash_file(path)


def digest_path(path: Path) -> str:
    """SHA-256 of a file's bytes, remembered while the file is unchanged."""
    stat = path.stat()
    return file_digest(path, stat.st_mtime_ns, stat.st_size)


def iter_clusters(text: str) -> list[str]:
    """Cut text into clusters that must be drawn by one font to look right."""
    clusters: list[str] = []
    for char in text:
        code = ord(char)
        joins = clusters and (
            unicodedata.category(char) in ("Mn", "Me")
            or code in _VARIATION_SELECTORS
            or code in _SKIN_TONES
            or code == _ZWJ
            or ord(clusters[-1][-1]) == _ZWJ
            or (code in _REGIONAL_INDICATORS and len(clusters[-1]) == 1 and ord(clusters[-1]) in _REGIONAL_INDICATORS)
        )
        if joins:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


@functools.lru_cache(maxsize=4096)
def split_runs(text: str, chain: tuple[Path, ...]) -> list[Run]:
    """Cut text into runs, each drawn by the first font of the chain that covers it."""
    fonts = [load_font_info(path) for path in chain]
    if fonts and set(map(ord, text)) <= fonts[0].codepoints:
        return [Run(text, fonts[0])]  # the usual case, and a quick one
    pieces: list[tuple[list[str], FontInfo | None]] = []  # joined once: adding to a string each time was quadratic
    for cluster in iter_clusters(text):
        for char_or_cluster, font in _assign(cluster, fonts):
            if pieces and pieces[-1][1] == font:
                pieces[-1][0].append(char_or_cluster)
            else:
                pieces.append(([char_or_cluster], font))
    return [Run("".join(texts), font) for texts, font in pieces]


def find_missing(text: str, chain: tuple[Path, ...]) -> list[str]:
    """The characters of `text` that no font of the chain can draw, in order, without repeats."""
    missing: list[str] = []
    for run in split_runs(text, chain):
        if run.font is None:
            missing += [char for char in run.text if char not in missing]
    return missing


def _assign(cluster: str, fonts: list[FontInfo]) -> list[tuple[str, FontInfo | None]]:
    needed = {ord(char) for char in cluster if not _is_invisible(char)}
    if "\ufe0f" in cluster:  # emoji presentation asked for: colour fonts first
        fonts = sorted(fonts, key=lambda font: font.fixed_size is None)
    for font in fonts:
        if needed <= font.codepoints:
            return [(cluster, font)]
    parts: list[tuple[str, FontInfo | None]] = []
    for char in cluster:
        if _is_invisible(char):
            continue  # a joiner or selector no font has changes nothing visible: leave it out
        owner = next((font for font in fonts if ord(char) in font.codepoints), None)
        parts.append((char, owner))
    return parts


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or ord(char) in _VARIATION_SELECTORS
