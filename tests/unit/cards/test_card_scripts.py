"""Titles in every script are drawn: characters the layout's fonts lack come from installed fonts.

These tests need Debian's fonts-noto-cjk and fonts-noto-core (`make tools` installs them); where
they are missing the tests skip, and under CI=true they fail.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from PIL import Image

from smo_gen.cards import CardSettings, plan_card
from smo_gen.cards.draw import render_card_image
from smo_gen.cards.draw_text import draw_text
from smo_gen.cards.plan import CardPlan
from smo_gen.cards.system_fonts import find_system_fonts, load_system_fonts
from smo_gen.cards.typeset import run_width, typeset_text
from tests.support.fonts import no_system_fonts  # noqa: F401 (a fixture)
from tests.unit.cards.helpers import make_plan, make_source

TITLE = "春のセール: Весенняя распродажа"


def require_font_for(char: str, package: str) -> Path:
    [path] = find_system_fonts(char, bold=True) or [None]
    if path is None:
        reason = f"no installed font has {char!r}: install {package} (`make tools`)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def ink(card: Image.Image, box: tuple[int, int, int, int], background: tuple[int, ...]) -> int:
    """How many pixels of `box` differ from the background."""
    region = card.crop(box).convert("RGB")
    return sum(1 for pixel in region.get_flattened_data() if pixel != background[:3])


def test_a_japanese_and_russian_title_has_every_glyph_drawn(settings: CardSettings) -> None:
    cjk_font = require_font_for("春", "fonts-noto-cjk")
    plan, problems = plan_card(make_source(title=TITLE, subtitle="", site_name=""), settings)
    assert plan is not None and problems == []
    assert plan.system_fonts == {"title": (cjk_font,)}
    text = typeset_text(TITLE, settings.title, plan.font_chain("title"))
    runs = [run for line in text.lines for run in line.runs]
    assert all(run.font is not None for run in runs), [run.text for run in runs if run.font is None]
    assert (runs[0].text, runs[0].font and runs[0].font.path) == ("春のセール", cjk_font)
    # The pixels: where the Japanese run goes there is ink, and little without its font (same layout).
    first = text.lines[0]
    width = round(run_width(runs[0], text.size))
    region = (round(first.x), round(first.baseline - text.size), round(first.x) + width, round(first.baseline))
    drawn = ink(render_card_image(plan), region, settings.background)
    assert drawn > width * text.size * 0.15, f"only {drawn} pixels of ink where 春のセール should be"
    rest = dataclasses.replace(first, runs=first.runs[1:], x=first.x + run_width(runs[0], text.size))
    without = dataclasses.replace(text, lines=(rest,))
    canvas = Image.new("RGB", (settings.width, settings.height), settings.background[:3])
    draw_text(canvas, without, settings.title.color)
    assert ink(canvas, region, settings.background) < drawn / 3


def test_titles_in_thai_devanagari_korean_and_chinese_have_no_missing_glyphs(settings: CardSettings) -> None:
    require_font_for("ก", "fonts-noto-core")
    require_font_for("春", "fonts-noto-cjk")
    for title in (
        "ลดราคาฤดูใบไม้ผลิ สินค้าทั้งหมด",
        "वसंत बिक्री: सभी उत्पादों पर छूट",
        "봄 세일: 모든 제품 40% 할인",
        "春季大促销：所有商品八折优惠",
        "تخفيضات الربيع",
        "מבצע אביב",
    ):
        plan, problems = plan_card(make_source(title=title, subtitle=title), settings)
        assert plan is not None and [str(problem) for problem in problems] == [], title
        card = render_card_image(plan)
        x, y, width, height = settings.title.box
        assert ink(card, (x, y, x + width, y + height), settings.background) > 2000, f"{title} left no ink"


def test_bold_boxes_get_a_bold_fallback_font(settings: CardSettings) -> None:
    require_font_for("春", "fonts-noto-cjk")
    plan = make_plan(settings, title="春", subtitle="春", site_name="")
    assert "Bold" in plan.system_fonts["title"][0].name and "Bold" not in plan.system_fonts["subtitle"][0].name


def test_the_system_font_is_part_of_the_card_name(settings: CardSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    require_font_for("春", "fonts-noto-cjk")
    source = make_source(title=TITLE)
    first, _ = plan_card(source, settings, digest=lambda path: "a")
    updated, _ = plan_card(source, settings, digest=lambda path: "b" if "CJK" in path.name else "a")
    assert first and updated and first.filename != updated.filename, "an updated CJK font must redraw the card"


@pytest.mark.usefixtures("no_system_fonts")
def test_without_any_covering_font_the_warning_names_the_page_characters_and_package(settings: CardSettings) -> None:
    plan, problems = plan_card(make_source(title=TITLE, subtitle="", site_name=""), settings)
    assert isinstance(plan, CardPlan) and plan.system_fonts == {}
    [problem] = problems
    assert (problem.severity, problem.path, problem.key) == ("warning", "content/spring-sale.md", "card")
    assert "'春' (U+6625), 'の' (U+306E)" in problem.message
    assert problem.hint and "apt install fonts-noto-cjk" in problem.hint


def test_system_fonts_are_listed_once_per_process() -> None:
    load_system_fonts()
    assert load_system_fonts.cache_info().currsize == 1
