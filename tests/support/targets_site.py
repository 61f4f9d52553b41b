"""A built site with syndication targets, shared by the syndication and feedback tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tests.support.sites import build, write_site

TARGETS_PAGES: dict[str, str | bytes] = {
    "content/summer-fizz.md": """\
        ---
        title: Summer Fizz is back
        date: 2026-05-01
        description: Our lemonade returns for the summer, colder than ever.
        message: "Summer Fizz is back 🍋 — ice-cold, in every shop. Καλοκαίρι! 👩‍👩‍👧"
        tags: [drinks, summer]
        campaign: summer-fizz-2026
        audiences:
          cold:
            message: "A bottle of sunshine for grey days ☀️"
        ---
        The lemonade of the summer.
        """,
    "content/zero-cola.md": """\
        ---
        title: Zero-sugar cola
        date: 2026-06-01
        description: Our cola goes zero sugar.
        tags: [drinks]
        ---
        Zero sugar.
        """,
    "content/draft.md": "---\ntitle: Not yet\ndate: 2026-05-02\ndraft: true\n---\nDraft.\n",
}


def targets_toml(base_url: str, targets: str) -> str:
    return f"""\
title = "Test Shop"
base_url = "{base_url}"
description = "A shop used in tests."
timezone = "Europe/Berlin"

[audiences.cold]
label = "Cold climates"

{targets}
"""


def target_table(name: str, **options: str) -> str:
    """A site.toml `[targets.NAME]` table (after a blank line) with `options` as string keys, in order."""
    return f"\n[targets.{name}]\n" + "".join(f'{key} = "{value}"\n' for key, value in options.items())


def mastodon_and_bluesky(instance: str, token_env: str) -> str:
    """site.toml tables for a Mastodon target on `instance` and a Bluesky one."""
    return target_table("mastodon-eu", network="mastodon", instance=instance, credential=token_env) + target_table(
        "bsky", network="bluesky", handle="shop.example", credential="SMO_TEST_BSKY_PASSWORD"
    )


def write_targets_site(root: Path, base_url: str, targets: str, pages: Mapping[str, str | bytes] | None = None) -> Path:
    """Write a site (TARGETS_PAGES unless `pages` are given) whose site.toml holds `targets`, and build it."""
    root.mkdir(parents=True, exist_ok=True)
    write_site(root, dict(pages if pages is not None else TARGETS_PAGES), targets_toml(base_url, targets))
    build(root)
    return root
