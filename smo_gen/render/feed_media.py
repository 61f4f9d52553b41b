"""What feeds carry besides text: each item's image and media files, and the feed's own pictures.

Every RSS and Atom item shows the image its page shares (og:image's: the page's image, else
its card, else the site's default) as Media RSS `media:content`
(https://www.rssboard.org/media-rss), and an Atom entry also as a `rel="enclosure"` link;
sizes and bytes are the measured file's. RSS keeps its one `<enclosure>` for the audio or video.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from smo_gen.content.media import Media
from smo_gen.content.page import Page
from smo_gen.site.model import FeedArtwork, Site, SocialImage

if TYPE_CHECKING:  # imported when a feed is rendered: lxml is slow to load and most builds render none
    from feedgen.feed import FeedGenerator


def add_artwork(feed: FeedGenerator, artwork: FeedArtwork, kind: str, title: str, home_url: str) -> None:
    """The feed's own pictures: RSS <image> (title and link as the channel's, as the RSS 2.0
    specification asks), Atom <icon> and <logo>."""
    if kind == "rss" and artwork.rss_image is not None:
        image = artwork.rss_image
        feed.image(url=image.url, title=title, link=home_url, width=str(image.width), height=str(image.height))
    elif kind == "atom":
        if artwork.icon is not None:
            feed.icon(artwork.icon.url)
        if artwork.logo is not None:
            feed.logo(artwork.logo.url)


def image_attributes(image: SocialImage) -> dict[str, str]:
    """A feed item's image as media:content describes it: url, medium and what is measured of
    it. An image on another site has no measured size or bytes, so those are left out rather
    than guessed; its type is the one its URL's suffix names, if any."""
    mime = image.mime or mimetypes.guess_type(image.url.split("?")[0])[0]
    attributes = {"url": image.url, "medium": "image"}
    if mime:
        attributes["type"] = mime
    if image.width and image.height:
        attributes["width"], attributes["height"] = str(image.width), str(image.height)
    if image.byte_size is not None:
        attributes["fileSize"] = str(image.byte_size)
    return attributes


def enclosures(site: Site, page: Page) -> list[Media]:
    """The page's measured media files, audio first: RSS carries only one, and podcast
    readers look for the audio."""
    files = [m for m in site.media.get(page.url_path, ()) if m.is_file and m.byte_size]
    return sorted(files, key=lambda m: m.kind != "audio")


def add_rss_enclosure(entry: Any, site: Site, page: Page) -> None:
    files = enclosures(site, page)
    if files:
        entry.enclosure(files[0].url, str(files[0].byte_size), files[0].mime)


def add_atom_enclosures(atom: bytes, site: Site, pages: Sequence[Page]) -> bytes:
    """Add <link rel="enclosure"> to each Atom entry.

    feedgen 1.0 drops every attribute but href from entry links (the loop variable shadows
    the link's data), which would turn an enclosure into a second 'alternate' link; so the
    enclosures are added to the finished document instead.
    """
    images = [site.image_for(page.url_path) for page in pages]
    if not any(images) and not any(enclosures(site, page) for page in pages):
        return atom
    from lxml import etree

    namespace = "{http://www.w3.org/2005/Atom}"
    root = parse_own_feed(atom)
    for element, page, image in zip(root.iter(f"{namespace}entry"), pages, images, strict=True):
        for item in enclosures(site, page):
            attributes = {"rel": "enclosure", "href": item.url, "type": item.mime, "length": str(item.byte_size)}
            etree.SubElement(element, f"{namespace}link", attributes)
        if image is not None:
            described = image_attributes(image)
            attributes = {"rel": "enclosure", "href": image.url}
            attributes |= {
                name: described[key] for name, key in (("type", "type"), ("length", "fileSize")) if key in described
            }
            etree.SubElement(element, f"{namespace}link", attributes)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def parse_own_feed(document: bytes) -> Any:
    """A feed this build just wrote, parsed to add what feedgen leaves out. lxml refuses text
    nodes past 10 MB by default, a guard for documents from elsewhere; a full-content feed of
    a long page is ours, so the limit is lifted."""
    from lxml import etree

    return etree.fromstring(document, etree.XMLParser(huge_tree=True))
