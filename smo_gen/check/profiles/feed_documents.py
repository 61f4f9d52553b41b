"""A built feed read into what the destinations look at, whatever its format (RSS, Atom, JSON Feed).

RSS and Atom are read with ElementTree, JSON Feed with json; nothing here knows how smo-gen
wrote them, so the profiles judge any build. Images come from where readers find them: Media
RSS `media:content`/`media:thumbnail`, image enclosures, JSON Feed `image`, and `<img>` in the
item's HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from typing import Any, Literal
from xml.etree import ElementTree

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
MEDIA = "http://search.yahoo.com/mrss/"
WEBFEEDS = "http://webfeeds.org/rss/1.0"
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")

Kind = Literal["rss", "atom", "json"]


class NotAFeed(ValueError):
    """The file is not a feed this reader knows; the message says why."""


@dataclass(frozen=True)
class ImageRef:
    """An image a feed points to, with the size it declares (if any)."""

    url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: str | None
    type: str | None


@dataclass(frozen=True)
class FeedItem:
    title: str | None
    link: str | None
    guid: str | None
    summary: str  # the item's description as text (tags and entities removed)
    full_content: bool  # the whole article (content:encoded, Atom content, JSON content_html)
    published: bool
    author: bool
    images: tuple[ImageRef, ...]
    enclosures: tuple[Enclosure, ...]
    duration: str | None = None  # itunes:duration
    explicit: str | None = None  # itunes:explicit


@dataclass(frozen=True)
class PodcastChannel:
    """The channel's itunes: tags."""

    image: str | None
    categories: tuple[str, ...]  # 'Technology', 'Technology/Podcasting' for a subcategory
    explicit: str | None
    author: str | None
    owner_name: str | None
    owner_email: str | None
    type: str | None


@dataclass(frozen=True)
class FeedDocument:
    kind: Kind
    title: str | None
    link: str | None
    description: str | None
    language: str | None
    icon: str | None  # a small square image: Atom icon, JSON Feed icon/favicon, webfeeds:icon
    logo: str | None  # a wide image: RSS <image>, Atom logo, webfeeds:logo
    hub: bool  # announces a WebSub hub
    items: tuple[FeedItem, ...]
    podcast: PodcastChannel | None


def parse_feed(data: bytes, name: str) -> FeedDocument:
    """Read a feed file; NotAFeed when it is neither RSS, Atom nor JSON Feed."""
    if name.endswith(".json"):
        try:
            document = json.loads(data)
        except ValueError as error:
            raise NotAFeed(f"is not JSON: {error}") from None
        if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
            raise NotAFeed("is not a JSON Feed (no jsonfeed.org version)")
        return _json_feed(document)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise NotAFeed(f"is not well-formed XML: {error}") from None
    if root.tag == "rss" and root.find("channel") is not None:
        return _rss(root)
    if root.tag == f"{{{ATOM}}}feed":
        return _atom(root)
    raise NotAFeed(f"is not RSS or Atom (its root is <{root.tag}>)")


def _text(parent: ElementTree.Element, tag: str) -> str | None:
    """The text of `parent`'s first child `tag`, stripped; None where there is none."""
    element = parent.find(tag)
    if element is None or element.text is None or not element.text.strip():
        return None
    return element.text.strip()


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def as_text(html: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", html)).split())


def _images_in(html: str | None) -> list[ImageRef]:
    return [ImageRef(unescape(match.group(1) or match.group(2))) for match in _IMG.finditer(html or "")]


def _media_images(element: ElementTree.Element) -> list[ImageRef]:
    found = []
    for media in (*element.iter(f"{{{MEDIA}}}content"), *element.iter(f"{{{MEDIA}}}thumbnail")):
        url = media.get("url")
        kind = media.get("medium") or ("image" if (media.get("type") or "").startswith("image/") else "")
        if url and (kind == "image" or media.tag.endswith("thumbnail")):
            found.append(ImageRef(url, _int(media.get("width")), _int(media.get("height"))))
    return found


def _xml_item_images(item: ElementTree.Element, enclosures: tuple[Enclosure, ...], *html: str | None) -> list[ImageRef]:
    """An RSS item's or Atom entry's images: Media RSS, image enclosures, then <img> in its `html` texts."""
    images = _media_images(item) + [ImageRef(e.url) for e in enclosures if (e.type or "").startswith("image/")]
    for text in html:
        images += _images_in(text)
    return images


def _rss(root: ElementTree.Element) -> FeedDocument:
    channel = root.find("channel")
    assert channel is not None
    items = []
    for item in channel.findall("item"):
        enclosures = tuple(
            Enclosure(enclosure.get("url", ""), enclosure.get("length"), enclosure.get("type"))
            for enclosure in item.findall("enclosure")
        )
        encoded = _text(item, f"{{{CONTENT}}}encoded")
        description = _text(item, "description")
        images = _xml_item_images(item, enclosures, encoded, description)
        items.append(
            FeedItem(
                title=_text(item, "title"),
                link=_text(item, "link"),
                guid=_text(item, "guid"),
                summary=as_text(description or ""),
                full_content=encoded is not None,
                published=_text(item, "pubDate") is not None,
                author=_text(item, f"{{{DC}}}creator") is not None or _text(item, "author") is not None,
                images=tuple(images),
                enclosures=enclosures,
                duration=_text(item, f"{{{ITUNES}}}duration"),
                explicit=_text(item, f"{{{ITUNES}}}explicit"),
            )
        )
    image = channel.find("image")
    return FeedDocument(
        kind="rss",
        title=_text(channel, "title"),
        link=_text(channel, "link"),
        description=_text(channel, "description"),
        language=_text(channel, "language"),
        icon=_text(channel, f"{{{WEBFEEDS}}}icon"),
        logo=_text(image, "url") if image is not None else _text(channel, f"{{{WEBFEEDS}}}logo"),
        hub=any(link.get("rel") == "hub" for link in channel.findall(f"{{{ATOM}}}link")),
        items=tuple(items),
        podcast=_podcast(channel),
    )


def _podcast(channel: ElementTree.Element) -> PodcastChannel | None:
    if not any(child.tag.startswith(f"{{{ITUNES}}}") for child in channel):
        return None
    categories = []
    for category in channel.findall(f"{{{ITUNES}}}category"):
        text = category.get("text", "")
        categories.append(text)
        categories += [f"{text}/{sub.get('text', '')}" for sub in category.findall(f"{{{ITUNES}}}category")]
    image = channel.find(f"{{{ITUNES}}}image")
    owner = channel.find(f"{{{ITUNES}}}owner")
    return PodcastChannel(
        image=image.get("href") if image is not None else None,
        categories=tuple(category for category in categories if category.strip("/")),
        explicit=_text(channel, f"{{{ITUNES}}}explicit"),
        author=_text(channel, f"{{{ITUNES}}}author"),
        owner_name=_text(owner, f"{{{ITUNES}}}name") if owner is not None else None,
        owner_email=_text(owner, f"{{{ITUNES}}}email") if owner is not None else None,
        type=_text(channel, f"{{{ITUNES}}}type"),
    )


def _atom(root: ElementTree.Element) -> FeedDocument:
    def link_of(element: ElementTree.Element, rel: str = "alternate") -> str | None:
        for link in element.findall(f"{{{ATOM}}}link"):
            if link.get("rel", "alternate") == rel and link.get("href"):
                return link.get("href")
        return None

    items = []
    for entry in root.findall(f"{{{ATOM}}}entry"):
        links = entry.findall(f"{{{ATOM}}}link")
        enclosures = tuple(
            Enclosure(link.get("href", ""), link.get("length"), link.get("type"))
            for link in links
            if link.get("rel") == "enclosure"
        )
        summary = _text(entry, f"{{{ATOM}}}summary")
        content_html = _text(entry, f"{{{ATOM}}}content")
        images = _xml_item_images(entry, enclosures, content_html, summary)
        items.append(
            FeedItem(
                title=_text(entry, f"{{{ATOM}}}title"),
                link=link_of(entry),
                guid=_text(entry, f"{{{ATOM}}}id"),
                summary=as_text(summary or ""),
                full_content=content_html is not None,
                published=entry.find(f"{{{ATOM}}}published") is not None
                or entry.find(f"{{{ATOM}}}updated") is not None,
                author=entry.find(f"{{{ATOM}}}author") is not None or root.find(f"{{{ATOM}}}author") is not None,
                images=tuple(images),
                enclosures=enclosures,
            )
        )
    return FeedDocument(
        kind="atom",
        title=_text(root, f"{{{ATOM}}}title"),
        link=link_of(root),
        description=_text(root, f"{{{ATOM}}}subtitle"),
        language=root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        icon=_text(root, f"{{{ATOM}}}icon"),
        logo=_text(root, f"{{{ATOM}}}logo"),
        hub=link_of(root, "hub") is not None,
        items=tuple(items),
        podcast=None,
    )


def _json_feed(document: dict[str, Any]) -> FeedDocument:
    def text(value: Any) -> str | None:
        return value.strip() if isinstance(value, str) and value.strip() else None

    items = []
    for entry in document.get("items") or []:
        if not isinstance(entry, dict):
            continue
        attachments = [a for a in entry.get("attachments") or [] if isinstance(a, dict)]
        enclosures = tuple(
            Enclosure(str(a.get("url", "")), str(a.get("size_in_bytes", "")) or None, a.get("mime_type"))
            for a in attachments
        )
        images = [ImageRef(url) for url in (text(entry.get("image")), text(entry.get("banner_image"))) if url]
        images += _images_in(text(entry.get("content_html")))
        items.append(
            FeedItem(
                title=text(entry.get("title")),
                link=text(entry.get("url")),
                guid=text(entry.get("id")),
                summary=as_text(text(entry.get("summary")) or ""),
                full_content=bool(text(entry.get("content_html")) or text(entry.get("content_text"))),
                published=bool(text(entry.get("date_published"))),
                author=bool(entry.get("authors") or entry.get("author") or document.get("authors")),
                images=tuple(images),
                enclosures=enclosures,
            )
        )
    hubs = document.get("hubs")
    return FeedDocument(
        kind="json",
        title=text(document.get("title")),
        link=text(document.get("home_page_url")),
        description=text(document.get("description")),
        language=text(document.get("language")),
        icon=text(document.get("icon")) or text(document.get("favicon")),
        logo=text(document.get("icon")),
        hub=bool(hubs),
        items=tuple(items),
        podcast=None,
    )
