"""Shortening text to a limit: characters for meta tags, previews and replies; graphemes for posts."""

from __future__ import annotations

import pytest

from smo_gen.shortening import shorten, shorten_graphemes, split_at_words

FAMILY = "👩‍👩‍👧‍👦"  # four people joined by zero-width joiners: one grapheme of 7 code points
THUMBS = "👍🏽"  # emoji + skin tone: one grapheme of 2 code points


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short enough", 20, "Short enough"),
        ("Exactly ten", 11, "Exactly ten"),
        ("Save forty percent on garden chairs this week", 20, "Save forty percent…"),
        ("Save forty, percent on garden chairs", 12, "Save forty…"),
        ("Supercalifragilisticexpialidocious", 10, "Supercali…"),
        (
            "Summer Fizz: the coldest lemonade you'll taste this year, in every shop near you",
            40,
            "Summer Fizz: the coldest lemonade…",
        ),
        ("First line of a reply\nand the second one", 25, "First line of a reply…"),
    ],
)
def test_shorten_cuts_at_a_word_and_fits_the_limit(text: str, limit: int, expected: str) -> None:
    result = shorten(text, limit)
    assert result == expected
    assert len(result) <= limit


def test_shorten_counts_characters_but_never_splits_a_grapheme() -> None:
    # 10 code points: "ok " and the first 7 of the thumbs-and-family run do not make whole graphemes
    text = "ok" + THUMBS * 3 + FAMILY * 2
    result = shorten(text, 10)
    assert result == "ok" + THUMBS * 3 + "…"
    assert len(result) <= 10


def test_shorten_graphemes_counts_what_a_reader_sees() -> None:
    assert shorten_graphemes("Summer Fizz is back for everyone", 20) == "Summer Fizz is back…"
    assert shorten_graphemes(FAMILY * 5, 3) == FAMILY * 2 + "…"
    assert shorten_graphemes("short", 10) == "short"
    assert shorten_graphemes("anything", 1) == ""


def test_the_two_limits_differ_on_emoji() -> None:
    text = FAMILY * 4 + " fun"
    assert shorten_graphemes(text, 8) == text  # its 8 graphemes fit
    assert shorten(text, 8) == FAMILY + "…"  # but 8 characters hold one family


def test_split_at_words_gives_the_longest_beginning_that_fits_and_the_rest() -> None:
    head, rest = split_at_words("Summer Fizz is back for everyone", lambda part: len(part) <= 16)
    assert (head, rest) == ("Summer Fizz is", "back for everyone")
    assert split_at_words("word", lambda part: False) == ("", "word")
