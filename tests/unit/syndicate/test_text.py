"""Each network's length rule."""

from __future__ import annotations

import pytest

from smo_gen.syndicate.text import (
    count_graphemes,
    count_utf16,
    count_with_short_urls,
    count_x_weighted,
    shorten_link_text,
)

FAMILY = "👩‍👩‍👧‍👦"  # four people joined by zero-width joiners: one grapheme
THUMBS = "👍🏽"  # emoji + skin tone: one grapheme
FLAG = "🇬🇷"  # two regional indicators: one grapheme


@pytest.mark.parametrize(
    ("text", "expected"),
    [("hello", 5), (FAMILY, 1), (THUMBS, 1), (FLAG, 1), ("é", 1), ("e\u0301", 1), ("Καλοκαίρι", 9), ("नमस्ते", 3)],
)
def test_graphemes_count_what_a_reader_sees(text: str, expected: int) -> None:
    assert count_graphemes(text) == expected


def test_mastodon_counts_every_url_as_23() -> None:
    url = "https://example.com/" + "a" * 200 + "?utm_source=mastodon"
    assert count_with_short_urls(f"Hi {FAMILY} {url}") == 3 + 1 + 1 + 23


def test_x_weighs_urls_emoji_and_cjk() -> None:
    assert count_x_weighted("https://example.com/very/long/path/indeed/yes") == 23
    assert count_x_weighted("abc") == 3
    assert count_x_weighted(FAMILY) == 2
    assert count_x_weighted("日本語") == 6
    assert count_x_weighted("Καλοκαίρι") == 9  # Greek is below U+1100: weight 1
    assert count_x_weighted("—“”") == 3  # general punctuation counts 1


def test_telegram_counts_utf16_units() -> None:
    assert count_utf16("a🍋") == 3


def test_link_text_is_shortened_like_bluesky_apps_do() -> None:
    assert shorten_link_text("https://shop.example/a/") == "shop.example/a/"
    assert shorten_link_text("https://shop.example/" + "x" * 40) == "shop.example/" + "x" * 14 + "..."
