"""What to set in a smo-gen site to meet each destination's rule, in one place.

The keys are those of the README: site.toml tables and front-matter keys. Podcast settings are
a podcast's table in site.toml (`[podcasts.<section>]`, see README "Podcasts").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from smo_gen.check.profiles.feed_documents import FeedItem
from smo_gen.check.profiles.verdicts import Level, ProfileFinding

# A rule each item must meet: what breaks it, what the items that break it do, its fix and its level.
ItemRule = tuple[Callable[[FeedItem], bool], str, str, Level]

IMAGE = "give the page an 'image' in its front matter, or keep drawn cards on ([cards]) so every page has one"
LARGER_IMAGE = "use an 'image' at least 1200 px wide, or leave it out for a drawn card (1200x630)"
ROBOTS = (
    "let the page's robots meta tag say max-image-preview:large: the 'robots' setting under [social] in site.toml "
    "or in the page's front matter (a theme must keep the default head's robots tag)"
)
NOINDEX = "remove 'noindex' from the page's front matter (or its 'robots' setting) if it is meant to be found"
TITLE = "give the page a 'title' in its front matter (a theme must keep the default head's og:title)"
DESCRIPTION = "give the page a 'description' in its front matter"
FEED_LIMIT = "keep limit at 30 or more under [feeds] in site.toml, and publish at least 30 pages"
FULL_CONTENT = "set full_content = true under [feeds] in site.toml"
FEED_IMAGES = "give each page an 'image', or keep drawn cards on ([cards]): feeds carry each page's share image"
FEED_ICON = "set icon (square) and logo under [feeds] in site.toml, or a logo under [brand]"
SITE_TITLE = "set title in site.toml"
SITE_DESCRIPTION = "set description in site.toml"
SITE_LANGUAGE = 'set language in site.toml (for example language = "en-GB")'
BASE_URL = "set base_url in site.toml to the site's https:// address"
AUTHOR = "set name under [author] in site.toml, or the page's 'author'"
HUB = 'list a hub under [websub] in site.toml (hubs = ["https://pubsubhubbub.appspot.com/"])'
FEDIVERSE_CREATOR = (
    "set fediverse_creator = \"@you@your.server\" under [social] in site.toml (or the page's 'fediverse_creator', "
    "or its author's 'fediverse', in front matter)"
)
PINTEREST_CARD = 'add "pinterest" to [share] networks in site.toml: smo-gen then draws each page\'s 1000x1500 card'
PINTEREST_OPT_OUT = "remove the pinterest meta tag from the theme's head"


def podcast_key(key: str, example: str) -> str:
    """How to set one of a podcast's settings."""
    return f"set {key} in the podcast's table of site.toml ([podcasts.<section>] {key} = {example})"


def episode_key(key: str, example: str) -> str:
    return f"set '{key}' in each episode's front matter ({key}: {example})"


def name_items(items: Sequence[FeedItem], wrong: Callable[[FeedItem], bool], most: int = 3) -> tuple[int, str]:
    """How many of `items` are wrong, and the first few named by their title."""
    found = [item for item in items if wrong(item)]
    names = ", ".join(f"'{item.title or item.link or item.guid or '?'}'" for item in found[:most])
    more = f" and {len(found) - most} more" if len(found) > most else ""
    return len(found), names + more


def item_findings(items: Sequence[FeedItem], noun: str, rules: Sequence[ItemRule]) -> list[ProfileFinding]:
    """A finding for each rule some of `items` break: how many of them, and the first few by name."""
    findings = []
    for wrong, what, fix, level in rules:
        found, names = name_items(items, wrong)
        if found:
            findings.append(ProfileFinding(level, f"{found} of {len(items)} {noun} {what}: {names}", fix))
    return findings
