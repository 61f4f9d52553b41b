"""A page's front-matter `card`, read once: a layout name or a table, and errors on its line."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pytest

from smo_gen.content.card_overrides import NO_CARD_OVERRIDES, CardOverrides
from smo_gen.content.page import Page
from smo_gen.content.page_parser import make_source_text, parse_page


def parse(front_matter: str) -> tuple[Page | None, list[str]]:
    text = f"---\ntitle: Sale\n{front_matter}\n---\nBody.\n"
    made, problem = make_source_text(PurePosixPath("sale.md"), "content/sale.md", text.encode("utf-8"))
    assert problem is None and made is not None
    page, problems = parse_page(made, dt.UTC, "en")
    return page, [str(problem) for problem in problems]


def test_a_layout_name_alone_is_the_layout() -> None:
    page, problems = parse("card: split")
    assert problems == []
    assert page is not None and page.card == CardOverrides(layout="split", line=3)
    assert page.card.table() == {"layout": "split"}


def test_a_table_gives_the_layout_and_keeps_the_other_settings_as_written() -> None:
    page, problems = parse("card:\n  layout: photo-panel\n  background: '#000000'\n  title:\n    size: 70")
    assert problems == []
    assert page is not None
    assert page.card == CardOverrides("photo-panel", {"background": "#000000", "title": {"size": 70}}, line=3)
    assert page.card.table() == {"background": "#000000", "title": {"size": 70}, "layout": "photo-panel"}


def test_a_table_without_a_layout_keeps_the_sites() -> None:
    page, _ = parse("card:\n  background: '#000000'")
    assert page is not None and page.card.layout is None and page.card.table() == {"background": "#000000"}


def test_no_card_changes_nothing() -> None:
    page, _ = parse("description: A sale")
    assert page is not None and page.card == NO_CARD_OVERRIDES and page.card.table() == {}


@pytest.mark.parametrize(
    ("front_matter", "error"),
    [
        ("card: splt", "content/sale.md:3: front matter: 'card': unknown layout 'splt' (did you mean 'split'?)"),
        ("card: 3", "content/sale.md:3: front matter: 'card': expected a layout name such as 'split', or a table"),
        (
            "card: [split]",
            "content/sale.md:3: front matter: 'card': expected a layout name such as 'split', or a table",
        ),
        (
            "card:\n  layout: wide",
            "content/sale.md:4: front matter: 'card.layout': unknown layout 'wide' (one of 'auto',",
        ),
        ("card:\n  layout: 2", "content/sale.md:4: front matter: 'card.layout': expected a layout name, got 2"),
    ],
)
def test_a_card_that_is_no_layout_is_an_error_naming_file_line_and_key(front_matter: str, error: str) -> None:
    _, problems = parse(front_matter)
    assert len(problems) == 1 and problems[0].startswith(error), problems
