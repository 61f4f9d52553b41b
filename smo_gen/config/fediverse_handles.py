"""Fediverse accounts as Mastodon's author attribution names them: `@user@instance`.

A page's `<meta name="fediverse:creator" content="@ann@mastodon.social">` lets Mastodon (4.3
and later) show the author's account under the page's link preview. Mastodon reads the
first such tag, and shows it only when the account's profile lists the site under "author
attribution" (Mastodon pull request 30398; the tag is copied from Preferences > Public
profile > Verification).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from smo_gen.patterns import lazy_pattern

EXPECTED = "'@user@instance', such as '@ann@mastodon.social'"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HANDLE = lazy_pattern(
    rf"@?(?P<user>[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)@(?P<host>(?:{_LABEL}\.)+{_LABEL})", re.IGNORECASE
)
_PROFILE_PATH = lazy_pattern(r"/@(?P<user>[a-z0-9_.-]+)/?", re.IGNORECASE)


def parse_fediverse_handle(text: str) -> tuple[str | None, str | None]:
    """`text` as '@user@instance' (a missing first '@' added, the instance in lower case), or
    None and what is wrong with it, showing the expected form."""
    value = text.strip()
    if found := _HANDLE.fullmatch(value):
        return f"@{found['user']}@{found['host'].lower()}", None
    parts = urlsplit(value)
    profile = _PROFILE_PATH.fullmatch(parts.path) if parts.scheme in ("http", "https") and parts.hostname else None
    if profile and parts.hostname:
        return (
            None,
            f"'{value}' is the account's web address; write the account itself: '@{profile['user']}@{parts.hostname}'",
        )
    if re.fullmatch(r"@?[a-z0-9_.-]+", value, re.IGNORECASE):
        return None, f"'{value}' does not say which server the account is on; expected {EXPECTED}"
    return None, f"'{value}' is not a fediverse account; expected {EXPECTED}"
