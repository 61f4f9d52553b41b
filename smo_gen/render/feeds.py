"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site and for each tag.

RSS and Atom are written as text where feed_head and feed_xml can (they write the bytes
feedgen and lxml write, faster), else by feedgen; JSON Feed (which feedgen does not know) by hand. Every
feed carries full content (or summaries) with relative links made absolute, dates with
offsets, and the page's permalink as a stable id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smo_gen import __version__
from smo_gen.config.site_config import DEFAULT_FEED_FILES
from smo_gen.content.campaigns import AUDIENCES_PATH, Audience, translation_language
from smo_gen.content.media import Media
from smo_gen.content.page import Page
from smo_gen.dates import format_rfc3339
from smo_gen.render.document_parts import Assembled, PreviousDocument
from smo_gen.render.feed_head import GENERATOR, FeedHead, empty_feed
from smo_gen.render.feed_media import (
    add_artwork,
    add_atom_enclosures,
    add_rss_enclosure,
    enclosures,
    image_attributes,
    parse_own_feed,
)
from smo_gen.render.feed_xml import atom_entry, clean_xml_text, escape_text, rss_item
from smo_gen.render.json_text import dumps_indented
from smo_gen.render.kept_entries import assemble_json_document, assemble_xml_feed, cut_xml_entries
from smo_gen.render.podcast_feed import ItunesChannel, ItunesItem
from smo_gen.site.model import Section, Site, Tag
from smo_gen.site.podcasts import Podcast
from smo_gen.urls import make_links_absolute

if TYPE_CHECKING:  # imported when a feed is rendered: lxml is slow to load and most builds render none
    from feedgen.feed import FeedGenerator

FEED_FILES = DEFAULT_FEED_FILES  # the names unless [feeds] says otherwise: use config.feeds.files
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
FEED_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


@dataclass(frozen=True)
class FeedLink:
    """A feed as a page's <head> announces it."""

    kind: str
    url: str
    mime: str
    title: str


@dataclass(frozen=True)
class FeedScope:
    """Which pages a feed holds and what it is called: the whole site, one tag, section or audience."""

    url_path: str  # folder the feed files live in: "/" or "/tags/cars/"
    title: str
    description: str
    home_url_path: str
    pages: tuple[Page, ...]
    language: str | None = None  # when not the site's: a translation audience's feed


def site_scope(site: Site) -> FeedScope:
    return FeedScope("/", site.config.title, site.config.description, "/", _feed_pages(site, site.listed_on_home))


def tag_scope(site: Site, tag: Tag) -> FeedScope:
    return FeedScope(
        tag.url_path,
        f"{site.config.title}: {tag.name}",
        f"Pages tagged '{tag.name}' on {site.config.title}"
        if tag.kind.key == "tags"
        else f"Pages in the {tag.kind.singular} '{tag.name}' on {site.config.title}",
        tag.url_path,
        _feed_pages(site, tag.pages),
    )


def section_scope(site: Site, section: Section) -> FeedScope:
    return FeedScope(
        section.url_path,
        f"{site.config.title}: {section.title}",
        section.intro.description or f"{section.title} on {site.config.title}",
        section.url_path,
        _feed_pages(site, section.pages),
    )


def audience_scope(site: Site, audience: Audience) -> FeedScope:
    """The campaigns' variants for one audience, with their own titles and messages."""
    url_path = f"{AUDIENCES_PATH}{audience.name}/"
    return FeedScope(
        url_path,
        f"{site.config.title}: {audience.label}",
        # `notes` are the team's own words about the audience: never published.
        f"Campaigns on {site.config.title} for {audience.label}" + (f" ({audience.region})" if audience.region else ""),
        url_path,
        _feed_pages(site, site.audience_pages(audience.name)),
        translation_language(audience, site.config.language),
    )


def _feed_pages(site: Site, pages: Sequence[Page]) -> tuple[Page, ...]:
    # Undated pages have no place in a time-ordered feed (Atom requires a date per entry).
    # A section may list its pages in another order (`sort_by`); a feed is always newest first.
    dated = sorted((page for page in pages if page.date is not None), key=lambda page: page.sort_key)
    return tuple(dated[: site.config.feeds.limit])


def feed_links(site: Site, scope: FeedScope) -> list[FeedLink]:
    return [
        FeedLink(
            kind,
            site.url(scope.url_path + site.config.feeds.files[kind]),
            FEED_TYPES[kind],
            f"{scope.title} ({FEED_LABELS[kind]})",
        )
        for kind in site.config.feeds.formats
    ]


class ContentCache:
    """What the feeds of a build share: each page's feed HTML, made absolute once however many
    feeds include it, the part of its entry keys that is the same in every kind of feed, and
    each feed scope's time of last update."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.cache: dict[str, str] = {}
        self.escaped: dict[str, str] = {}  # url_path -> its feed HTML escaped for XML
        self.shown: dict[str, str] = {}  # url_path -> digest of what any entry of the page shows
        self.updated_at: dict[str, dt.datetime] = {}

    def shown_digest(self, page: Page) -> str:
        """A digest of what any entry of `page` shows, in every kind of feed (see `entry_key`)."""
        digest = self.shown.get(page.url_path)
        if digest is None:
            text = _page_shown(self.site, page)
            digest = self.shown[page.url_path] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return digest

    def updated(self, scope: FeedScope) -> dt.datetime:
        """When the newest page of `scope` changed (the site's time when none says)."""
        if scope.url_path not in self.updated_at:
            modified = (page.modified for page in scope.pages if page.modified)
            self.updated_at[scope.url_path] = max(modified, default=self.site.updated)
        return self.updated_at[scope.url_path]

    def html(self, page: Page) -> str:
        if page.url_path not in self.cache:
            absolute = make_links_absolute(page.body_html, self.site.url(page.url_path))
            self.cache[page.url_path] = clean_xml_text(absolute)
        return self.cache[page.url_path]

    def xml_html(self, page: Page) -> str:
        """The page's feed HTML as the text of an XML element: escaped once for RSS and Atom both."""
        escaped = self.escaped.get(page.url_path)
        if escaped is None:
            escaped = self.escaped[page.url_path] = escape_text(self.html(page))
        return escaped


def render_feed(
    kind: str, site: Site, scope: FeedScope, contents: ContentCache, previous: PreviousDocument | None = None
) -> Assembled:
    """The feed file of `kind` for `scope`, reusing the entries of `previous`, the file the
    last build wrote in its place (the build layer reads it: see build/caches/feed_entries.py).
    The document says where its entries lie, for the next build."""
    renderers: dict[str, Callable[[Site, FeedScope, ContentCache, PreviousDocument | None], Assembled]] = {
        "rss": render_rss,
        "atom": render_atom,
        "json": render_json_feed,
    }
    return renderers[kind](site, scope, contents, previous)


def feed_file(scope: FeedScope, kind: str, files: Mapping[str, str] = FEED_FILES) -> str:
    """Where the feed of `kind` for `scope` goes in the output folder (`files`: the site's names)."""
    return scope.url_path.lstrip("/") + files[kind]


def entry_key(site: Site, page: Page, kind: str, contents: ContentCache, podcast: Podcast | None = None) -> str:
    """A digest of everything the feed entry of `page` shows in a feed of `kind` (`podcast`:
    the show an RSS feed's entries are episodes of).

    Keys are kept per feed file, so they need not tell the kinds apart: every kind of entry
    shows the same fields and image, so they share the page's digest, made once (three feeds
    of 10,000 entries hashed 30,000 texts for their keys, 0.06 s of a one-edit build).
    """
    shown = contents.shown_digest(page)
    if podcast is None:
        return shown
    return hashlib.sha256(f"{podcast!r}\0{shown}".encode("utf-8", "surrogatepass")).hexdigest()


def _page_shown(site: Site, page: Page) -> str:
    full = site.config.feeds.full_content
    image = site.image_for(page.url_path)
    shown = (full, site.url(page.url_path), tuple(enclosures(site, page)), image.stable_identity() if image else None)
    identity = page.stable_identity()
    if identity is not None:
        # The page's identity (its source digest) decides every field of the page: three
        # feeds of 10,000 entries digest it instead of each entry's fields and body.
        return f"{shown!r}{identity}"
    authors = tuple((author.name, author.url) for author in page.authors)
    fields = (page.title, page.summary, page.date, page.modified, page.tags, authors, page.body_html if full else None)
    return repr((shown, fields))


def _feed_head(site: Site, scope: FeedScope, kind: str, contents: ContentCache) -> FeedHead:
    """What the feed of `kind` for `scope` says of itself, for feedgen and feed_head alike."""
    podcast = site.podcasts.get(scope.url_path) if kind == "rss" else None
    return FeedHead(
        kind=kind,
        title=clean_xml_text(podcast.title if podcast else scope.title),
        description=clean_xml_text(scope.description or scope.title),
        home_url=site.url(scope.home_url_path),
        self_url=site.url(scope.url_path + site.config.feeds.files[kind]),
        language=podcast.language if podcast else scope.language or site.config.language,
        updated=contents.updated(scope),
        author_name=clean_xml_text(site.config.author.name or site.config.title),
        author_url=site.config.author.url,
        version=__version__,
        artwork=site.feed_artwork,
        hubs=site.hubs,
        podcast=podcast,
    )


def feed_generator(head: FeedHead) -> FeedGenerator:
    """feedgen set up with `head`: the reference for feed_head, and the way of what it declines."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    # Media RSS (media:content) carries each item's image in RSS and Atom alike.
    feed.load_extension("media", atom=True, rss=True)
    if head.kind == "rss":
        # RSS <author> must be an e-mail address; Dublin Core's creator carries a name.
        feed.load_extension("dc", atom=False, rss=True)
    if head.podcast is not None:
        feed.register_extension("itunes", ItunesChannel, ItunesItem, atom=False, rss=True)
        feed.itunes.podcast = head.podcast
    feed.id(head.home_url)
    feed.title(head.title)
    feed.description(head.description)
    # feedgen takes the RSS <link> from the last link added, so the page comes after "self".
    feed.link(href=head.self_url, rel="self")
    if head.kind == "atom":  # RSS gets them after printing: see _add_rss_hubs
        for hub in head.hubs:
            feed.link(href=hub, rel="hub")
    feed.link(href=head.home_url, rel="alternate")
    feed.language(head.language)
    add_artwork(feed, head.artwork, head.kind, head.title, head.home_url)
    feed.updated(head.updated)
    feed.lastBuildDate(head.updated)
    feed.generator(GENERATOR[0], version=head.version, uri=GENERATOR[1])
    feed.author(name=head.author_name, uri=head.author_url)
    return feed


def _add_entries(
    feed: FeedGenerator, site: Site, pages: Sequence[Page], contents: ContentCache, kind: str, scope: FeedScope
) -> None:
    full = site.config.feeds.full_content
    podcast = site.podcasts.get(scope.url_path) if kind == "rss" else None
    for page in pages:
        url = site.url(page.url_path)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(clean_xml_text(page.title))
        entry.link(href=url)
        entry.guid(url, permalink=True)
        if page.summary:
            entry.description(clean_xml_text(page.summary), isSummary=True)
        if full:
            entry.content(contents.html(page), type="html" if kind == "atom" else None)
        assert page.date is not None  # _feed_pages keeps dated pages only
        entry.published(page.date)
        entry.updated(page.modified or page.date)
        for tag in dict.fromkeys((*page.categories, *page.tags)):
            entry.category(term=clean_xml_text(tag))
        image = site.image_for(page.url_path)
        if image is not None:
            entry.media.content(image_attributes(image), group=None)
        if kind == "rss":
            add_rss_enclosure(entry, site, page)
        if podcast is not None:
            files = enclosures(site, page)
            entry.itunes.describe(podcast, page, files[0] if files and files[0].kind == "audio" else None)
        for author in page.authors:
            if kind == "rss":
                entry.dc.dc_creator(clean_xml_text(author.name))
            else:
                entry.author(name=clean_xml_text(author.name), uri=author.url)


def _add_rss_hubs(rss: bytes, site: Site) -> bytes:
    """<atom:link rel="hub"> in the channel, which feedgen's RSS writer leaves out."""
    if not site.hubs:
        return rss
    from lxml import etree

    root = parse_own_feed(rss)
    channel = root.find("channel")
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    position = list(channel).index(self_link) + 1 if self_link is not None else 0
    for offset, hub in enumerate(site.hubs):
        link = etree.Element("{http://www.w3.org/2005/Atom}link", {"href": hub, "rel": "hub"})
        channel.insert(position + offset, link)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def render_rss(site: Site, scope: FeedScope, contents: ContentCache, previous: PreviousDocument | None) -> Assembled:
    podcast = site.podcasts.get(scope.url_path)

    def write(page: Page, body: str | None) -> bytes | None:
        return rss_item(site, page, body, podcast)

    return _render_xml_feed("rss", site, scope, contents, previous, write, podcast)


def render_atom(site: Site, scope: FeedScope, contents: ContentCache, previous: PreviousDocument | None) -> Assembled:
    def write(page: Page, body: str | None) -> bytes | None:
        return atom_entry(site, page, body)

    return _render_xml_feed("atom", site, scope, contents, previous, write)


def _render_xml_feed(
    kind: str,
    site: Site,
    scope: FeedScope,
    contents: ContentCache,
    previous: PreviousDocument | None,
    write: Callable[[Page, str | None], bytes | None],
    podcast: Podcast | None = None,
) -> Assembled:
    """The RSS or Atom feed of `scope`: `write(page, body)` writes an entry as text (`body`: the
    page's feed HTML as XML text, in a full-content feed), or declines it to feedgen."""
    full = site.config.feeds.full_content

    def write_page(page: Page) -> bytes | None:
        return write(page, contents.xml_html(page) if full else None)

    keys = [entry_key(site, page, kind, contents, podcast) for page in scope.pages]
    empty = _empty_document(kind, site, scope, contents)
    return assemble_xml_feed(kind, keys, previous, empty, _entry_writer(kind, site, scope, contents, write_page))


def _entry_writer(
    kind: str, site: Site, scope: FeedScope, contents: ContentCache, write: Callable[[Page], bytes | None]
) -> Callable[[list[int]], list[bytes]]:
    """Entries of `scope`'s pages by number: written as text (`write`), or by feedgen where `write` declines."""

    def make_entries(indexes: list[int]) -> list[bytes]:
        written = {index: write(scope.pages[index]) for index in indexes}
        declined = [index for index, entry in written.items() if entry is None]
        if declined:
            pages = [scope.pages[index] for index in declined]
            written.update(zip(declined, feedgen_entries(kind, site, scope, contents, pages), strict=True))
        return [entry for entry in written.values() if entry is not None]

    return make_entries


def feedgen_entries(
    kind: str, site: Site, scope: FeedScope, contents: ContentCache, pages: Sequence[Page]
) -> list[bytes]:
    """The entries of `pages` in the feed of `kind` as feedgen and lxml print them: the
    reference that feed_xml's entries are compared with, and the way of those it declines."""
    return cut_xml_entries(kind, serialize_feed(kind, site, scope, contents, pages), len(pages))


def _empty_document(kind: str, site: Site, scope: FeedScope, contents: ContentCache) -> bytes:
    """The document of `scope`'s feed of `kind` without entries: written as text, or by feedgen
    where feed_head declines."""
    return empty_feed(_feed_head(site, scope, kind, contents)) or serialize_feed(kind, site, scope, contents, ())


def serialize_feed(kind: str, site: Site, scope: FeedScope, contents: ContentCache, pages: Sequence[Page]) -> bytes:
    """The whole RSS or Atom document of `scope` with entries for `pages` only, by feedgen and lxml."""
    feed = feed_generator(_feed_head(site, scope, kind, contents))
    _add_entries(feed, site, pages, contents, kind, scope)
    if kind == "rss":
        return _add_rss_hubs(bytes(feed.rss_str(pretty=True)), site)
    return add_atom_enclosures(bytes(feed.atom_str(pretty=True)), site, pages)


def render_json_feed(
    site: Site, scope: FeedScope, contents: ContentCache, previous: PreviousDocument | None
) -> Assembled:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    config = site.config
    data: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": scope.title,
        "home_page_url": site.url(scope.home_url_path),
        "feed_url": site.url(scope.url_path + site.config.feeds.files["json"]),
        "language": scope.language or config.language,
    }
    if scope.description:
        data["description"] = scope.description
    if site.hubs:
        data["hubs"] = [{"type": "WebSub", "url": hub} for hub in site.hubs]
    if config.author.name:
        data["authors"] = [_json_author(config.author.name, config.author.url)]
    if site.feed_artwork.icon is not None:
        data["icon"] = site.feed_artwork.icon.url
    if site.feed_artwork.favicon is not None:
        data["favicon"] = site.feed_artwork.favicon.url

    def make_item(index: int) -> bytes:
        return dumps_indented(_json_item(site, scope.pages[index], contents), 2).encode("utf-8")

    keys = [entry_key(site, page, "json", contents) for page in scope.pages]
    return assemble_json_document(data, "items", keys, previous, make_item)


def _json_item(site: Site, page: Page, contents: ContentCache) -> dict[str, Any]:
    config = site.config
    url = site.url(page.url_path)
    item: dict[str, Any] = {"id": url, "url": url, "title": page.title}
    if config.feeds.full_content:
        item["content_html"] = contents.html(page)
    else:
        item["content_text"] = page.summary or page.title
    if page.summary:
        item["summary"] = page.summary
    image = site.image_for(page.url_path)
    if image:
        item["image"] = image.url
    assert page.date is not None
    item["date_published"] = format_rfc3339(page.date)
    item["date_modified"] = format_rfc3339(page.modified or page.date)
    if page.tags:
        item["tags"] = list(page.tags)
    if page.authors:
        item["authors"] = [_json_author(a.name, a.url) for a in page.authors]
    attachments = [_json_attachment(m) for m in enclosures(site, page)]
    if attachments:
        item["attachments"] = attachments
    return item


def _json_attachment(media: Media) -> dict[str, Any]:
    attachment: dict[str, Any] = {"url": media.url, "mime_type": media.mime, "size_in_bytes": media.byte_size}
    if media.title:
        attachment["title"] = media.title
    if media.duration:
        attachment["duration_in_seconds"] = media.duration
    return attachment


def _json_author(name: str, url: str | None) -> dict[str, str]:
    return {"name": name, **({"url": url} if url else {})}
