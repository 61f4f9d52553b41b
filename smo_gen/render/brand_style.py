"""The site's `[brand]` as CSS for the theme: colours as custom properties, its font as @font-face.

The theme's stylesheet draws everything with custom properties (`--accent`, `--hero`, ...);
`render_brand_css` returns the few lines that set them from site.toml, so a page needs no
second stylesheet and no request. Colours that text sits on get a text colour of enough
contrast (WCAG AA, 4.5:1) computed here, so any brand colour stays readable, in dark mode too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

from smo_gen.config.site_config import BrandConfig

DARK_PAPER = "#0f1216"  # the theme's dark-mode page colour (themes/default/static/css/smo.css)
LIGHT_PAPER = "#ffffff"
_FONT_FORMATS = {".woff2": "woff2", ".woff": "woff", ".ttf": "truetype", ".otf": "opentype"}
AA = 4.5


def render_brand_css(brand: BrandConfig, static_dir: Path, path: Callable[[str], str] = quote) -> str:
    """CSS setting the theme's colours and font from `[brand]`; empty when it sets nothing.

    `path` makes a site path of a file's path under static/ (the site may live under /blog/)."""
    light: dict[str, str] = {}
    dark: dict[str, str] = {}
    if brand.accent:
        light |= _accent_properties(brand.accent, LIGHT_PAPER)
        dark |= _accent_properties(brand.accent, DARK_PAPER)
    if brand.background:
        light |= {"--hero": brand.background, "--hero-ink": ink_for(brand.background)}
        deep = mix(brand.background, DARK_PAPER, 0.22)
        dark |= {"--hero": deep, "--hero-ink": ink_for(deep)}
    rules = []
    font_url = _font_path(brand, static_dir)
    if font_url:
        fmt = _FONT_FORMATS.get(Path(font_url).suffix.lower())
        source = f'url("{path(font_url)}")' + (f' format("{fmt}")' if fmt else "")
        rules.append(f'@font-face{{font-family:"Brand";src:{source};font-display:swap}}')
        light["--font"] = '"Brand", ' + "var(--system-font)"
    if light:
        rules.append(":root{" + ";".join(f"{key}:{value}" for key, value in light.items()) + "}")
    if dark:
        body = ";".join(f"{key}:{value}" for key, value in dark.items())
        rules.append("@media (prefers-color-scheme: dark){:root{" + body + "}}")
    return "\n".join(rules)


def _accent_properties(accent: str, paper: str) -> dict[str, str]:
    """The button colour (the accent itself), its text colour, and a link colour readable on `paper`."""
    return {"--accent": accent, "--accent-ink": ink_for(accent), "--link": readable_on(accent, paper)}


def _font_path(brand: BrandConfig, static_dir: Path) -> str | None:
    """The site path of the brand's font when it is published (under static/); else None."""
    if brand.font is None or not brand.font.is_relative_to(static_dir.resolve()):
        return None
    return "/" + brand.font.relative_to(static_dir.resolve()).as_posix()


def ink_for(background: str) -> str:
    """Near-black or white, whichever reads better on `background`."""
    dark, light = "#111418", "#ffffff"
    return dark if contrast(dark, background) >= contrast(light, background) else light


def readable_on(colour: str, paper: str, ratio: float = AA) -> str:
    """`colour`, mixed toward black or white just enough to reach `ratio` against `paper`."""
    if contrast(colour, paper) >= ratio:
        return colour
    toward = "#000000" if luminance(paper) > 0.5 else "#ffffff"
    for step in range(1, 21):
        candidate = mix(toward, colour, step / 20)
        if contrast(candidate, paper) >= ratio:
            return candidate
    return toward


def mix(first: str, second: str, share: float) -> str:
    """`share` of `first` and the rest of `second`, as '#rrggbb'."""
    a, b = _rgb(first), _rgb(second)
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True))


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a '#rrggbb' colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def make_local_url_function(base_url: str) -> Callable[[str], str]:
    """`local_url('https://site.example/cards/a.png')` -> '/cards/a.png': the site's own files are
    shown from wherever the site is served (a preview, `serve`), never fetched from the live site."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"

    def local_url(url: str) -> str:
        return url[len(origin) :] if url.startswith(origin + "/") else url

    return local_url
