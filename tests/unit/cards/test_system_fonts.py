"""Reading fontconfig's font list and choosing among the installed fonts, deterministically."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.cards.system_fonts import font_package, load_system_fonts, parse_fc_list, rank

LISTING = """\
/f/NotoSerifCJK-Regular.ttc|0|Noto Serif CJK JP|Regular|80|0|100|20-7e 3000-9fff
/f/NotoSansCJK-Bold.ttc|0|Noto Sans CJK JP|Bold|200|0|100|20-7e 3000-9fff
/f/NotoSansCJK-Bold.ttc|1|Noto Sans CJK KR|Bold|200|0|100|20-7e 3000-9fff
/f/NotoSansCJK-Regular.ttc|0|Noto Sans CJK JP|Regular|80|0|100|20-7e 3000-9fff
/f/NotoSansMonoCJK.ttc|0|Noto Sans Mono CJK JP|Regular|80|0|100|20-7e 3000-9fff
/f/NotoSansThai-Italic.ttf|0|Noto Sans Thai|Italic|80|100|100|e01-e5b
/f/NotoSansThai-Regular.ttf|0|Noto Sans Thai|Regular|80|0|100|e01-e5b
/f/font.pcf.gz|0|Fixed|Regular|80|0|100|20-7e
/f/Variable.ttf|0|Some Sans|Regular|[40 210]|0|100|41
not a font line
"""


def test_listing_keeps_first_faces_of_outline_fonts_with_their_ranges() -> None:
    fonts = parse_fc_list(LISTING)
    assert [(font.path.name, font.family) for font in fonts][:2] == [
        ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK JP"),
        ("NotoSansCJK-Bold.ttc", "Noto Sans CJK JP"),
    ]
    assert all(font.path.suffix != ".gz" for font in fonts) and len(fonts) == 7
    serif = fonts[0]
    assert serif.covers(0x3000) and serif.covers(0x6625) and serif.covers(0x9FFF)
    assert not serif.covers(0x7F) and not serif.covers(0x1F)


def test_ranking_prefers_upright_sans_of_the_asked_weight_whatever_the_listing_order() -> None:
    fonts = parse_fc_list(LISTING)
    for listed in (fonts, tuple(reversed(fonts))):
        cjk = [font for font in listed if font.covers(0x6625)]
        thai = [font for font in listed if font.covers(0xE01)]
        assert min(cjk, key=lambda font: rank(font, bold=True)).path == Path("/f/NotoSansCJK-Bold.ttc")
        assert min(cjk, key=lambda font: rank(font, bold=False)).path == Path("/f/NotoSansCJK-Regular.ttc")
        assert min(thai, key=lambda font: rank(font, bold=True)).style == "Regular"


def test_the_package_hint_names_the_debian_package_for_the_script() -> None:
    assert font_package("春") == "fonts-noto-cjk"
    assert font_package("한") == "fonts-noto-cjk"
    assert font_package("🦜") == "fonts-noto-color-emoji"
    assert font_package("ก").startswith("fonts-noto-core")


def test_without_fontconfig_there_are_no_system_fonts_and_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: object, **options: object) -> None:
        raise FileNotFoundError("fc-list")

    monkeypatch.setattr("smo_gen.cards.system_fonts.subprocess.run", missing)
    load_system_fonts.cache_clear()
    try:
        assert load_system_fonts() == ()
    finally:
        load_system_fonts.cache_clear()
