"""[brand] as the theme's CSS: colours, readable text on them, the font, local file URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.config.site_config import BrandConfig
from smo_gen.render.brand_style import (
    DARK_PAPER,
    contrast,
    ink_for,
    make_local_url_function,
    readable_on,
    render_brand_css,
)


def test_contrast_follows_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#123456", "#123456") == 1


@pytest.mark.parametrize(
    ("background", "ink"), [("#c2410c", "#ffffff"), ("#ffd43b", "#111418"), ("#0f172a", "#ffffff")]
)
def test_text_on_a_brand_colour_is_whichever_reads_better(background: str, ink: str) -> None:
    assert ink_for(background) == ink


@pytest.mark.parametrize(
    ("colour", "paper"), [("#ffd43b", "#ffffff"), ("#1d4ed8", DARK_PAPER), ("#c2410c", DARK_PAPER)]
)
def test_link_colours_are_moved_just_enough_to_be_read(colour: str, paper: str) -> None:
    readable = readable_on(colour, paper)
    assert readable != colour and contrast(readable, paper) >= 4.5


def test_a_colour_readable_already_is_kept() -> None:
    assert readable_on("#1d4ed8", "#ffffff") == "#1d4ed8"


def test_no_brand_no_css(tmp_path: Path) -> None:
    assert render_brand_css(BrandConfig(), tmp_path) == ""


def test_brand_colours_for_light_and_dark_mode(tmp_path: Path) -> None:
    css = render_brand_css(BrandConfig(accent="#c2410c", background="#fff7ed"), tmp_path)
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    assert (
        ":root{--accent:#c2410c;--accent-ink:#ffffff;--link:#c2410c;--hero:#fff7ed;--hero-ink:#111418}" == light.strip()
    )
    # In dark mode the hero is the brand's background mixed into the dark page, under white text.
    assert "--hero-ink:#ffffff" in dark and "--hero:#fff7ed" not in dark


def test_a_font_under_static_is_published_one_elsewhere_is_for_the_cards_only(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "fonts").mkdir(parents=True)
    font = static / "fonts" / "My Brand.woff2"
    font.write_bytes(b"")
    css = render_brand_css(BrandConfig(font=font), static, lambda path: "/blog" + path.replace(" ", "%20"))
    assert (
        '@font-face{font-family:"Brand";src:url("/blog/fonts/My%20Brand.woff2") format("woff2");font-display:swap}'
        in css
    )
    assert '--font:"Brand", var(--system-font)' in css
    outside = tmp_path / "Brand.ttf"
    outside.write_bytes(b"")
    assert render_brand_css(BrandConfig(font=outside), static) == ""


def test_the_sites_own_files_are_shown_from_wherever_it_is_served() -> None:
    local_url = make_local_url_function("https://shop.example/blog/")
    assert local_url("https://shop.example/blog/cards/a.png") == "/blog/cards/a.png"
    assert local_url("https://cdn.example/a.png") == "https://cdn.example/a.png"
    assert local_url("https://shop.example.evil/a.png") == "https://shop.example.evil/a.png"
