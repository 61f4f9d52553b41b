"""The document around a feed's entries (its head and tail), written as text, byte for byte as
feedgen and lxml's pretty print write a feed without entries.

Every RSS and Atom feed is assembled from that document and its entries (see kept_entries).
Asking feedgen for it cost each build that renders a feed the import of feedgen, lxml and
dateutil (13-30 ms, a tenth of a one-edit build at 1,000 pages) and a document per feed.
Like feed_xml's entries, `empty_feed` says what it is not sure of by returning None: a podcast
(feedgen's iTunes extension), WebSub hubs (added to RSS by parsing the document again), an
empty or naive value (feedgen's own checks), text XML cannot carry. Those go the feedgen way,
which stays the reference: tests/unit/test_feed_head.py compares both ways' bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smo_gen.render.feed_xml import (
    element,
    empty_element,
    encode_lines,
    escape_attribute,
    escape_text,
    format_rfc2822,
)
from smo_gen.site.model import FeedArtwork
from smo_gen.site.podcasts import Podcast

GENERATOR = ("smo-gen", "https://github.com/smo-gen/smo-gen")  # the name and address feeds give as their maker
RSS_DOCS = "http://www.rssboard.org/rss-specification"  # what feedgen writes as every RSS feed's <docs>
_RSS_ROOT = (
    '<rss xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' version="2.0">'
)
_ATOM_ROOT = '<feed xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom"'
_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>"


@dataclass(frozen=True)
class FeedHead:
    """What a feed says of itself, before its entries: the values both writers take."""

    kind: str  # "rss" or "atom"
    title: str  # cleaned for XML
    description: str  # cleaned for XML
    home_url: str  # the feed's id and its alternate link
    self_url: str
    language: str
    updated: dt.datetime
    author_name: str  # cleaned for XML
    author_url: str | None
    version: str  # smo-gen's
    artwork: FeedArtwork
    hubs: tuple[str, ...] = ()
    podcast: Podcast | None = None


def empty_feed(head: FeedHead) -> bytes | None:
    """The feed document of `head` with no entries, as feedgen and lxml print it; None when
    only feedgen may say (see the module's docstring)."""
    if head.podcast is not None or head.hubs or head.updated.tzinfo is None or head.updated.year < 1000:
        return None
    pictures = (head.artwork.rss_image, head.artwork.icon, head.artwork.logo)
    if not (head.title and head.description and head.home_url and head.self_url):
        return None  # feedgen refuses a feed without them, and says which
    if any(picture is not None and not picture.url for picture in pictures):
        return None  # feedgen leaves some out and prints others empty
    lines = _rss_lines(head) if head.kind == "rss" else _atom_lines(head)
    return encode_lines([_DECLARATION, *lines, ""])


def _rss_lines(head: FeedHead) -> list[str]:
    lines = [
        _RSS_ROOT,
        "  <channel>",
        element("    ", "title", head.title),
        element("    ", "link", head.home_url),
        element("    ", "description", head.description),
        empty_element("    ", "atom:link", (("href", head.self_url), ("rel", "self"))),
        element("    ", "docs", RSS_DOCS),
        element("    ", "generator", GENERATOR[0]),
    ]
    image = head.artwork.rss_image
    if image is not None:
        lines += [
            "    <image>",
            element("      ", "url", image.url),
            element("      ", "title", head.title),
            element("      ", "link", head.home_url),
            element("      ", "width", str(image.width)),
            element("      ", "height", str(image.height)),
            "    </image>",
        ]
    if head.language:
        lines.append(element("    ", "language", head.language))
    lines += [element("    ", "lastBuildDate", format_rfc2822(head.updated)), "  </channel>", "</rss>"]
    return lines


def _atom_lines(head: FeedHead) -> list[str]:
    language = f' xml:lang="{escape_attribute(head.language)}"' if head.language else ""
    lines = [
        f"{_ATOM_ROOT}{language}>",
        element("  ", "id", head.home_url),
        element("  ", "title", head.title),
        element("  ", "updated", head.updated.isoformat()),
    ]
    if head.author_name:  # Atom requires a name: feedgen leaves out an author without one
        lines += ["  <author>", element("    ", "name", head.author_name)]
        if head.author_url:
            lines.append(element("    ", "uri", head.author_url))
        lines.append("  </author>")
    lines += [
        empty_element("  ", "link", (("href", head.self_url), ("rel", "self"))),
        empty_element("  ", "link", (("href", head.home_url), ("rel", "alternate"))),
        _generator(head.version),
    ]
    if head.artwork.icon is not None:
        lines.append(element("  ", "icon", head.artwork.icon.url))
    if head.artwork.logo is not None:
        lines.append(element("  ", "logo", head.artwork.logo.url))
    lines += [element("  ", "subtitle", head.description), "</feed>"]
    return lines


def _generator(version: str) -> str:
    name, uri = GENERATOR
    attributes = f'uri="{escape_attribute(uri)}" version="{escape_attribute(version)}"'
    return f"  <generator {attributes}>{escape_text(name)}</generator>"
