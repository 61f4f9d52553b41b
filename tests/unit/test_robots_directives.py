"""Robots meta directives (smo_gen/config/robots_directives.py): checked, and the site's and a page's combined."""

from __future__ import annotations

import pytest

from smo_gen.config.robots_directives import DEFAULT_ROBOTS, combine_robots, parse_robots, says_noindex


@pytest.mark.parametrize(
    ("value", "directives"),
    [
        ("max-image-preview:large", ("max-image-preview:large",)),
        ("noindex, NoFollow", ("noindex", "nofollow")),
        ("max-image-preview: large , max-snippet:-1", ("max-image-preview:large", "max-snippet:-1")),
        (["noarchive", "max-video-preview:30"], ("noarchive", "max-video-preview:30")),
        ("noindex, noindex", ("noindex",)),
        ("", ()),
    ],
)
def test_directives_are_read_from_text_or_a_list(value: object, directives: tuple[str, ...]) -> None:
    assert parse_robots(value) == (directives, None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "max-image-preview:big",
            (
                "'max-image-preview:big': max-image-preview takes none, standard or large, "
                "such as 'max-image-preview:large'"
            ),
        ),
        ("nofolow", "'nofolow' is not a robots directive (did you mean 'nofollow'?)"),
        (
            "max-snippet",
            (
                "'max-snippet' needs a value after a colon (a number of characters, or -1 for no limit), "
                "such as 'max-snippet:-1'"
            ),
        ),
        (
            "max-snippet:many",
            (
                "'max-snippet:many': max-snippet takes a number of characters, or -1 for no limit, "
                "such as 'max-snippet:-1'"
            ),
        ),
        (
            "please-index-me",
            (
                "'please-index-me' is not a robots directive; expected directives separated by commas, "
                "such as 'max-image-preview:large' or 'noindex, nofollow'"
            ),
        ),
        (True, "expected directives separated by commas, such as 'max-image-preview:large' or 'noindex, nofollow'"),
    ],
)
def test_a_wrong_directive_is_named_with_the_expected_form(value: object, message: str) -> None:
    assert parse_robots(value) == ((), message)


def test_an_indexable_page_allows_large_image_previews_by_default() -> None:
    assert combine_robots(DEFAULT_ROBOTS, (), noindex=False) == "max-image-preview:large"


def test_a_page_says_its_own_word_on_what_the_site_also_says() -> None:
    site = ("max-image-preview:large", "max-snippet:-1")
    assert (
        combine_robots(site, ("max-image-preview:standard",), noindex=False)
        == "max-snippet:-1, max-image-preview:standard"
    )
    assert combine_robots(site, ("nofollow",), noindex=False) == "max-image-preview:large, max-snippet:-1, nofollow"


@pytest.mark.parametrize(
    ("page", "noindex", "content"),
    [
        ((), True, "noindex"),  # front matter noindex: true, or an unpublished page
        (("noindex",), False, "noindex"),  # once, never "noindex, noindex"
        (("noindex", "nofollow"), True, "noindex, nofollow"),
        (("none",), True, "none"),  # 'none' is noindex and nofollow already
        (
            ("index", "max-snippet:20", "noarchive"),
            True,
            "noindex, noarchive",
        ),  # what only an indexed page shows is dropped
    ],
)
def test_a_page_not_to_be_indexed_says_noindex_once_and_drops_the_preview_sizes(
    page: tuple[str, ...], noindex: bool, content: str
) -> None:
    assert combine_robots(DEFAULT_ROBOTS, page, noindex=noindex) == content


def test_no_directives_at_all_write_no_robots_meta() -> None:
    assert combine_robots((), (), noindex=False) is None


def test_noindex_and_none_both_keep_a_page_out() -> None:
    assert says_noindex(("none",)) and says_noindex(("nofollow", "noindex"))
    assert not says_noindex(("nofollow",))
