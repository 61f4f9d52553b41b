"""Fediverse accounts for fediverse:creator (smo_gen/config/fediverse_handles.py)."""

from __future__ import annotations

import pytest

from smo_gen.config.fediverse_handles import parse_fediverse_handle


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("@ann@mastodon.social", "@ann@mastodon.social"),
        ("ann@mastodon.social", "@ann@mastodon.social"),  # the first '@' added
        ("@Ann_B@Social.Example.ORG", "@Ann_B@social.example.org"),  # the server in lower case, the name kept
        ("@news.desk@xn--bcher-kva.example", "@news.desk@xn--bcher-kva.example"),
    ],
)
def test_accounts_are_written_as_mastodon_shows_them(text: str, handle: str) -> None:
    assert parse_fediverse_handle(text) == (handle, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "https://mastodon.social/@ann",
            (
                "'https://mastodon.social/@ann' is the account's web address; "
                "write the account itself: '@ann@mastodon.social'"
            ),
        ),
        (
            "@ann",
            (
                "'@ann' does not say which server the account is on; "
                "expected '@user@instance', such as '@ann@mastodon.social'"
            ),
        ),
        (
            "@ann@localhost",
            "'@ann@localhost' is not a fediverse account; expected '@user@instance', such as '@ann@mastodon.social'",
        ),
        (
            "ann smith",
            "'ann smith' is not a fediverse account; expected '@user@instance', such as '@ann@mastodon.social'",
        ),
    ],
)
def test_anything_else_is_an_error_showing_the_expected_form(text: str, message: str) -> None:
    assert parse_fediverse_handle(text) == (None, message)
