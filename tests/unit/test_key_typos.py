"""A key one slip away from a key that decides publication is an error, never a silent change."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pytest

from smo_gen.content.key_typos import publication_key_slip
from smo_gen.content.page_parser import KEY_ALIASES, KNOWN_KEYS, make_source_text, parse_page

SPELLINGS = {name: name for name in KNOWN_KEYS} | KEY_ALIASES


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("drafts", "draft"),
        ("imgae", "image"),
        ("imag", "image"),
        ("dat", "date"),
        ("publsihDate", "publishDate"),
        ("publish_data", "publish_date"),
        ("expiryDat", "expiryDate"),
        ("slgu", "slug"),
        ("urls", "url"),
    ],
)
def test_slips_of_publication_keys_are_recognised(key: str, meant: str) -> None:
    assert publication_key_slip(key, SPELLINGS) == meant


@pytest.mark.parametrize(
    "key", ["data", "link", "images", "show_date", "teaser", "header", "author_profile", "titel", "tag"]
)
def test_keys_themes_really_use_and_other_slips_are_left_alone(key: str) -> None:
    assert publication_key_slip(key, SPELLINGS) is None


def parse_problems(text: str) -> list[str]:
    made, problem = make_source_text(PurePosixPath("sale.md"), "content/sale.md", text.encode("utf-8"))
    assert problem is None and made is not None
    _, problems = parse_page(made, dt.UTC, "en")
    return [str(problem) for problem in problems]


def test_a_draft_typo_is_an_error_on_its_line_with_the_fix() -> None:
    assert parse_problems("---\ntitle: Sale\ndrafts: true\n---\n") == [
        (
            "content/sale.md:3: front matter: 'drafts': is not a key smo-gen knows, so the page is published, "
            "not kept as a draft (did you mean 'draft'? rename the key)"
        )
    ]


def test_an_image_typo_is_an_error_and_other_unknown_keys_stay_warnings() -> None:
    problems = parse_problems("---\ntitle: Sale\nimgae: sale.png\nsubtitel: x\n---\n")
    assert problems[0] == (
        "content/sale.md:3: front matter: 'imgae': is not a key smo-gen knows, so shares show the drawn card, "
        "not this image (did you mean 'image'? rename the key)"
    )
    assert problems[1].startswith(
        "warning: content/sale.md:4: front matter: 'subtitel': is not a key smo-gen knows; kept for templates"
    )


def test_a_table_key_whose_lines_were_not_indented_says_so() -> None:
    assert parse_problems("---\ntitle: Sale\ncta:\nlabel: Buy\n---\n")[0] == (
        "content/sale.md:3: front matter: 'cta': has nothing under it "
        "(indent the lines that belong to it by two spaces, or remove the key)"
    )
