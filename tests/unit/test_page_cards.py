"""Card file names: readable, and never too long for a file system."""

from __future__ import annotations

import os

from smo_gen.cards.page_cards import CARD_NAME_BYTES, card_name


def test_card_names_follow_the_page_path() -> None:
    assert card_name("/a/b/") == "a-b"
    assert card_name("/") == "home"
    assert card_name("/feeds/cars.xml") == "feeds-cars-xml"


def test_a_long_card_name_is_shortened_and_kept_apart() -> None:
    first, second = (
        card_name("/" + "a" * 200 + "/" + "b" * 200 + "/"),
        card_name("/" + "a" * 200 + "/" + "c" * 200 + "/"),
    )
    assert len(os.fsencode(first)) <= CARD_NAME_BYTES and first.startswith("a" * 100)
    assert first != second


def test_a_shortened_name_never_cuts_a_letter_in_half() -> None:
    name = card_name("/" + "é" * 200 + "/")
    assert len(os.fsencode(name)) <= CARD_NAME_BYTES
    assert name.startswith("é" * 70)
