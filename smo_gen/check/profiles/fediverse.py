"""Mastodon and the fediverse: link previews with the author's account.

Where the rules come from (read 2026-12):

- Mastodon pull request 30398, "Add support for fediverse:creator OpenGraph tag" (merged May
  2024, Mastodon 4.3): `<meta name="fediverse:creator" content="username@domain">` links the
  preview card to the author's fediverse account; it is shown only for publishers a server's
  moderators have approved for trending. The value is an account, `user@domain`, written
  `@user@domain` by convention (both are read).
- docs.joinmastodon.org, "PreviewCard" entity: the card is made from og:title, og:description
  and og:image (with its width and height); without og:title the page's <title> is used.

Not published: any length for the title or description (the web client clamps them with CSS),
an image size; no number is judged. Judged: every shareable page (lists are shared too); the
author attribution only on article pages.
"""

from __future__ import annotations

import re

from smo_gen.check.profiles import fixes
from smo_gen.check.profiles.built_output import BuiltOutput, BuiltPage
from smo_gen.check.profiles.verdicts import Profile, ProfileFinding, fail, warn

# user@domain, with or without the leading @: a WebFinger account as Mastodon resolves it.
ACCOUNT = re.compile(r"@?[A-Za-z0-9_.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def fediverse_rules(page: BuiltPage, output: BuiltOutput) -> list[ProfileFinding]:
    findings: list[ProfileFinding] = []
    creators = page.tags.meta.get("fediverse:creator", ())
    for creator in creators:
        if not ACCOUNT.fullmatch(creator.strip()):
            findings.append(
                fail(f"fediverse:creator '{creator}' is not an account (expected @user@host)", fixes.FEDIVERSE_CREATOR)
            )
    if not creators and page.is_article:
        findings.append(
            warn("no fediverse:creator: Mastodon's preview names no author account", fixes.FEDIVERSE_CREATOR)
        )
    if not page.tags.first("og:title"):
        findings.append(warn("no og:title: Mastodon's card shows the page's <title>", fixes.TITLE))
    if not page.tags.first("og:description"):
        findings.append(warn("no og:description: Mastodon's card has no text under the title", fixes.DESCRIPTION))
    image_url = page.tags.image_url
    if not image_url:
        findings.append(warn("no og:image: Mastodon's card has no picture", fixes.IMAGE))
    elif isinstance(facts := output.measure(image_url), str):
        findings.append(fail(f"og:image {facts}: {image_url}", fixes.IMAGE))
    return findings


PROFILE = Profile(
    "fediverse",
    "Mastodon and the fediverse",
    "github.com/mastodon/mastodon/pull/30398; docs.joinmastodon.org/entities/PreviewCard",
    page_rules=fediverse_rules,
)
