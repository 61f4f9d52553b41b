"""Apple's `itunes:` tags in a podcast section's RSS feed, channel and items.

Written by a feedgen extension of our own: feedgen's `podcast` extension writes
`itunes:explicit` as yes/no/clean, which Apple and the W3C feed validator no longer accept
(they want true/false), and knows no `itunes:type` for episodes' shows. The tags and their
values follow Apple Podcasts for Creators, "Podcast RSS feed requirements"
(https://podcasters.apple.com/support/823-podcast-requirements).
"""

from __future__ import annotations

from typing import Any

from smo_gen.content.media import Media
from smo_gen.content.page import Page
from smo_gen.site.podcasts import Podcast

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def _sub(parent: Any, name: str, content: str | None = None, **attributes: str) -> Any:
    from lxml import etree

    element = etree.SubElement(parent, f"{{{ITUNES_NS}}}{name}", attributes)
    if content is not None:
        element.text = content
    return element


def _flag(value: bool) -> str:
    return "true" if value else "false"


def format_duration(seconds: float) -> str:
    """`itunes:duration` as Apple shows it: H:MM:SS, whole seconds (rounded)."""
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class ItunesChannel:
    """A feedgen extension writing the channel's itunes tags of `podcast` (set before writing)."""

    def __init__(self) -> None:
        self.podcast: Podcast | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS}

    def extend_rss(self, feed: Any) -> Any:
        podcast = self.podcast
        if podcast is None:
            return feed
        channel = feed[0]
        _sub(channel, "author", podcast.author)
        owner = _sub(channel, "owner")
        _sub(owner, "name", podcast.owner_name)
        if podcast.owner_email:
            _sub(owner, "email", podcast.owner_email)
        if podcast.image is not None:
            _sub(channel, "image", href=podcast.image.url)
        if podcast.category:
            category = _sub(channel, "category", text=podcast.category)
            if podcast.subcategory:
                _sub(category, "category", text=podcast.subcategory)
        _sub(channel, "explicit", _flag(podcast.explicit))
        _sub(channel, "type", podcast.type)
        return feed

    def extend_atom(self, feed: Any) -> Any:
        return feed


class ItunesItem:
    """A feedgen entry extension writing an episode's itunes tags (set by `describe`)."""

    def __init__(self) -> None:
        self.tags: list[tuple[str, str]] = []

    def describe(self, podcast: Podcast, page: Page, audio: Media | None) -> None:
        """The tags of `page` as an episode of `podcast` (`audio`: its measured file, if any)."""
        episode = page.episode
        explicit = podcast.explicit if episode is None or episode.explicit is None else episode.explicit
        tags = [("explicit", _flag(explicit))]
        if audio is not None and audio.duration:
            tags.append(("duration", format_duration(audio.duration)))
        if episode is not None:
            if episode.number is not None:
                tags.append(("episode", str(episode.number)))
            if episode.season is not None:
                tags.append(("season", str(episode.season)))
            if episode.episode_type is not None:
                tags.append(("episodeType", episode.episode_type))
        self.tags = tags

    def extend_rss(self, item: Any) -> Any:
        for name, text in self.tags:
            _sub(item, name, text)
        return item

    def extend_atom(self, entry: Any) -> Any:
        return entry
