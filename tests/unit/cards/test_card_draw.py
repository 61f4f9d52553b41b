"""What a drawn card looks like: size, text that really shows (any script, emoji), fitting, formats."""

from __future__ import annotations

import dataclasses
import io
import math
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from smo_gen.cards import CardSettings, plan_card
from smo_gen.cards.draw import render_card, render_card_image
from smo_gen.cards.encode import MAX_CARD_BYTES, render_image_bytes
from smo_gen.cards.typeset import run_width, typeset_text
from tests.support.fonts import no_system_fonts  # noqa: F401 (a fixture)
from tests.unit.cards.helpers import make_plan, make_settings, make_source, noise_image, render


def title_region(card: Image.Image, settings: CardSettings) -> Image.Image:
    x, y, width, height = settings.title.box
    return card.crop((x, y, x + width, y + height))


def ink(region: Image.Image, background: Image.Image) -> int:
    """How many pixels differ from the same region of a card without the text."""
    difference = ImageChops.difference(region, background).convert("L").point(lambda v: 255 if v > 40 else 0)
    return difference.histogram()[255]


def test_card_has_the_configured_size(site_dir: Path, settings: CardSettings) -> None:
    assert render(settings).size == (1200, 630)
    assert render(make_settings(site_dir, {"width": 800, "height": 418})).size == (800, 418)


def test_same_input_gives_byte_identical_files(settings: CardSettings) -> None:
    first, second = render_card(make_plan(settings)), render_card(make_plan(settings))
    assert first == second, "the same card drawn twice must give the same bytes"
    assert Image.open(io.BytesIO(first)).info.keys() <= {"dpi"}, "no metadata (dates, software) in the file"


@pytest.mark.parametrize(
    ("script", "letters"),
    [("accented Latin", "àéîõüçñßøÅŁŽ"), ("Greek", "ΑβγΔεζΩλπΣ"), ("Cyrillic", "ЖжЩщЯяЁёБбЫы")],
)
def test_non_latin_letters_draw_real_glyphs(settings: CardSettings, script: str, letters: str) -> None:
    blank = title_region(render(settings, title=""), settings)
    regions = {}
    for letter in letters:
        plan, problems = plan_card(make_source(title=letter), settings)
        assert problems == [] and plan is not None, f"{script} {letter!r}: unexpected {problems}"
        region = title_region(render_card_image(plan), settings)
        assert ink(region, blank) > 200, f"{script} letter {letter!r} left the title empty"
        regions[letter] = region.tobytes()
    # Missing-glyph boxes all look alike; real glyphs all differ.
    assert len(set(regions.values())) == len(letters), f"some {script} letters drew the same shape"


def test_emoji_draw_in_colour(settings: CardSettings) -> None:
    plan, problems = plan_card(make_source(title="Party 🎉"), settings)
    assert problems == [] and plan is not None
    _, saturation, value = title_region(render_card_image(plan), settings).convert("HSV").split()
    vivid = ImageChops.multiply(
        saturation.point(lambda v: 255 if v > 120 else 0), value.point(lambda v: 255 if v > 120 else 0)
    )
    saturated = vivid.histogram()[255]
    assert saturated > 300, "the emoji should be drawn in colour, not as an outline or a box"


@pytest.mark.usefixtures("no_system_fonts")
def test_title_with_characters_no_font_has_warns_naming_the_page(settings: CardSettings) -> None:
    plan, problems = plan_card(make_source(title="東京 sale"), settings)
    assert plan is not None, "a missing glyph is a warning: the card is still made"
    assert [(p.severity, p.path) for p in problems] == [("warning", "content/spring-sale.md")]
    assert "'東' (U+6771), '京' (U+4EAC)" in problems[0].message
    assert "title" in problems[0].message


def test_a_site_fallback_font_removes_the_warning(site_dir: Path) -> None:
    emoji = Path(__file__).resolve().parents[3] / "themes/default/fonts/NotoColorEmoji-Single.ttf"
    without = make_settings(site_dir, {"emoji_font": ""})
    _, problems = plan_card(make_source(title="Party 🎉"), without)
    assert [p.severity for p in problems] == ["warning"], "no emoji font: the emoji is reported"
    (site_dir / "emoji.ttf").write_bytes(emoji.read_bytes())
    with_font = make_settings(site_dir, {"emoji_font": "", "fonts": ["emoji.ttf"]})
    _, problems = plan_card(make_source(title="Party 🎉"), with_font)
    assert problems == []


def test_short_title_uses_the_largest_size_and_long_title_shrinks(settings: CardSettings) -> None:
    chain = settings.font_chain("title")
    short = typeset_text("Spring sale", settings.title, chain)
    long = typeset_text("Spring sale on every garden chair, table, parasol and hammock we sell", settings.title, chain)
    assert short.size == settings.title.size and len(short.lines) == 1
    assert settings.title.min_size <= long.size < settings.title.size
    assert not long.truncated


def test_title_too_long_for_the_box_ends_with_an_ellipsis(settings: CardSettings) -> None:
    title = " ".join(["Unbelievably"] * 40)
    text = typeset_text(title, settings.title, settings.font_chain("title"))
    assert text.truncated and text.size == settings.title.min_size
    assert len(text.lines) == settings.title.max_lines
    assert "".join(run.text for run in text.lines[-1].runs).endswith("…")


def test_text_stays_inside_its_box(settings: CardSettings) -> None:
    card = render(settings, title="W" * 200, subtitle="", site_name="")
    x, y, width, height = settings.title.box
    outside = card.copy()
    outside.paste(settings.background[:3], (x, y, x + width, y + height))
    plain = Image.new("RGB", card.size, settings.background[:3])
    assert ImageChops.difference(outside, plain).getbbox() is None, "the title spilled out of its box"


@pytest.mark.parametrize(("format", "pillow_format"), [("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WEBP")])
def test_each_format_gives_a_readable_file_of_that_type(site_dir: Path, format: str, pillow_format: str) -> None:
    data = render_card(make_plan(make_settings(site_dir, {"format": format})))
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == (pillow_format, (1200, 630))
    assert len(data) < MAX_CARD_BYTES


def test_flat_png_matches_the_drawn_pixels(settings: CardSettings) -> None:
    card = render(settings)
    decoded = Image.open(io.BytesIO(render_card(make_plan(settings)))).convert("RGB")
    assert ImageChops.difference(card, decoded).getbbox() is None, "PNG must be lossless"


def test_worst_case_image_still_fits_in_5_mb() -> None:
    noise = noise_image((2000, 2000))  # 12 MB of raw pixels that no compressor can shrink
    for format in ("png", "jpeg", "webp"):
        data = render_image_bytes(noise, format, 100, photographic=True)
        assert len(data) < MAX_CARD_BYTES, f"{format}: {len(data):,} bytes"
        assert Image.open(io.BytesIO(data)).size == (2000, 2000)


def test_the_overlay_darkens_a_photo_as_blending_would() -> None:
    from PIL import Image

    from smo_gen.cards.draw import darken

    photo = Image.effect_noise((64, 32), 80).convert("RGB")
    overlay = (15, 23, 42, 160)
    expected = Image.blend(photo, Image.new("RGB", photo.size, overlay[:3]), overlay[3] / 255)
    darkened = darken(photo, overlay)
    assert darkened.size == photo.size and darkened.mode == "RGB"
    assert max(abs(a - b) for a, b in zip(darkened.tobytes(), expected.tobytes(), strict=True)) <= 1
    assert darken(photo, (0, 0, 0, 0)).tobytes() == photo.tobytes()  # a transparent overlay changes nothing


def test_an_emoji_never_sits_alone_on_a_line(settings: CardSettings) -> None:
    chain = settings.font_chain("title")
    words = typeset_text("Lemonade Lemonade", dataclasses.replace(settings.title, min_size=60, size=60), chain)
    width = math.ceil(run_width(words.lines[0].runs[0], 60)) + 2  # the two words fit; the emoji does not
    style = dataclasses.replace(settings.title, size=60, min_size=60, box=(0, 0, width, 400), max_lines=3)
    text = typeset_text("Lemonade Lemonade 🍋", style, chain)
    shown = ["".join(run.text for run in line.runs) for line in text.lines]
    assert shown == ["Lemonade", "Lemonade 🍋"]


def test_lines_are_balanced_rather_than_filled_greedily(settings: CardSettings) -> None:
    chain = settings.font_chain("title")
    style = dataclasses.replace(settings.title, size=60, min_size=60, box=(0, 0, 1100, 400), max_lines=3)
    title = "The summer range of sparkling lemonades is here"  # greedy: 36 characters, then 11
    shown = ["".join(run.text for run in line.runs) for line in typeset_text(title, style, chain).lines]
    widths = [sum(run_width(run, 60) for run in line.runs) for line in typeset_text(title, style, chain).lines]
    assert " ".join(shown) == title and len(shown) == 2
    assert max(widths) - min(widths) < 0.25 * max(widths), f"lines of unlike lengths: {shown}"
