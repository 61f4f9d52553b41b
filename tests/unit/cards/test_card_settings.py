"""The theme's card.toml, site.toml [cards] and front-matter `card` tables: merging and error messages."""

from __future__ import annotations

from pathlib import Path

from smo_gen.cards import CardSettings, parse_card_settings, plan_card
from smo_gen.content.card_overrides import CardOverrides
from tests.unit.cards.helpers import THEME_DIR, make_settings, make_source


def messages(problems: list) -> list[str]:
    return [str(problem) for problem in problems]


def test_default_theme_gives_a_1200x630_png_card_with_its_fonts(settings: CardSettings) -> None:
    assert (settings.width, settings.height, settings.format) == (1200, 630, "png")
    assert settings.title.font == THEME_DIR / "fonts" / "DejaVuSans-Bold.ttf"
    assert settings.font_chain("title")[-1] == THEME_DIR / "fonts" / "NotoColorEmoji-Single.ttf"


def test_site_table_overrides_the_theme_key_by_key(site_dir: Path) -> None:
    settings = make_settings(site_dir, {"width": 800, "height": 418, "title": {"color": "#ff000080"}})
    assert (settings.width, settings.height) == (800, 418)
    assert settings.title.color == (255, 0, 0, 128)
    assert settings.title.size == 76, "keys the site does not set keep the theme's value"


def test_site_fonts_are_added_after_the_theme_fonts(site_dir: Path) -> None:
    (site_dir / "cjk.ttf").write_bytes((THEME_DIR / "fonts" / "DejaVuSans.ttf").read_bytes())
    settings = make_settings(site_dir, {"fonts": ["cjk.ttf"]})
    assert settings.fonts == (THEME_DIR / "fonts" / "DejaVuSans.ttf", site_dir / "cjk.ttf")


def test_unknown_key_suggests_the_close_one(site_dir: Path) -> None:
    _, problems = parse_card_settings({"title": {"colour": "#fff"}, "widht": 1000}, THEME_DIR, site_dir)
    assert messages(problems) == [
        "site.toml: cards.title.colour: unknown key (did you mean 'color'?)",
        "site.toml: cards.widht: unknown key (did you mean 'width'?)",
    ]


def test_bad_values_are_all_reported_with_their_key(site_dir: Path) -> None:
    table = {"format": "gif", "title": {"size": "big", "align": "centre"}, "background": "navy"}
    _, problems = parse_card_settings(table, THEME_DIR, site_dir)
    assert messages(problems) == [
        "site.toml: cards.format: unknown value 'gif' (one of 'png', 'jpeg', 'webp')",
        "site.toml: cards.title.size: expected an integer, got 'big'",
        "site.toml: cards.title.align: unknown value 'centre' (did you mean 'center'?)",
        "site.toml: cards.background: expected a colour like '#1d2b53' or '#1d2b5380', got 'navy'",
    ]


def test_missing_font_file_is_an_error_naming_the_key(site_dir: Path) -> None:
    _, problems = parse_card_settings({"fonts": ["fonts/NotoSansCJK.otf"]}, THEME_DIR, site_dir)
    assert len(problems) == 1
    assert str(problems[0]).startswith("site.toml: cards.fonts[0]: file not found: fonts/NotoSansCJK.otf")


def test_a_file_that_is_not_a_font_is_an_error(site_dir: Path) -> None:
    (site_dir / "font.ttf").write_text("not a font")
    _, problems = parse_card_settings({"title": {"font": "font.ttf"}}, THEME_DIR, site_dir)
    assert [p.key for p in problems] == ["cards.title.font"]
    assert "cannot use font font.ttf" in problems[0].message


def test_oversized_card_is_refused(site_dir: Path) -> None:
    settings, problems = parse_card_settings({"width": 4000, "height": 4000}, THEME_DIR, site_dir)
    assert messages(problems) == [
        "site.toml: cards.width: a 4000x4000 card is too large (at most 4,000,000 pixels, e.g. 2400x1260)"
    ]
    assert (settings.width, settings.height) == (1200, 630)


def test_lowering_size_below_the_theme_min_size_lowers_min_size(site_dir: Path) -> None:
    settings = make_settings(site_dir, {"title": {"size": 30}})
    assert (settings.title.size, settings.title.min_size) == (30, 30)


def test_page_overrides_apply_to_that_page_only(settings: CardSettings) -> None:
    plan, problems = plan_card(make_source(overrides=CardOverrides(settings={"title": {"color": "#00ff00"}})), settings)
    assert problems == [] and plan is not None
    assert plan.settings.title.color == (0, 255, 0, 255)
    assert settings.title.color == (255, 255, 255, 255)


def test_bad_page_override_names_the_page_and_front_matter_key(settings: CardSettings) -> None:
    _, problems = plan_card(make_source(overrides=CardOverrides(settings={"title": {"sise": 40}})), settings)
    assert messages(problems) == ["content/spring-sale.md: card.title.sise: unknown key (did you mean 'size'?)"]
