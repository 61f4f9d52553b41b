"""A built site as the destination profiles read it: each page's head, the feeds, the images.

Everything comes from the output folder, as a crawler or a feed reader fetches it once the site
is deployed: HTML heads parsed like `smo-gen check` parses them, feeds with ElementTree (RSS,
Atom) or json, images measured from their files.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin

from smo_gen.check.command import ImageMeasurer, iter_page_files, local_file_for, site_base_url
from smo_gen.check.profiles.feed_documents import FeedDocument, FeedItem, NotAFeed, parse_feed
from smo_gen.check.social_rules import ShareTags, parse_share_tags, tag_attributes
from smo_gen.errors import BuildError, Problem
from smo_gen.site.image_facts import ImageFacts

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
_LINK = re.compile(r"<link\b([^>]*)>", re.IGNORECASE)
_PIN_MEDIA = re.compile(r"pinterest\.com/pin/create/button/\?[^\"'>]*?\bmedia=([^&\"'>]+)")
MIN_SERIES = 2  # audio items that make a feed without itunes: tags a podcast
# Names feed readers try when a site announces no feed.
USUAL_FEED_NAMES = ("feed.xml", "atom.xml", "rss.xml", "index.xml", "feed.json")


@dataclass(frozen=True)
class BuiltPage:
    file: str  # relative to the output folder, '/' separated
    tags: ShareTags
    pin_images: tuple[str, ...] = ()  # the images its Pinterest "Save" links pin

    @property
    def is_article(self) -> bool:
        return self.tags.first("og:type") == "article"

    @property
    def robots(self) -> tuple[str, ...]:
        """The directives of the page's robots meta tags (and Google's own), lower case."""
        values = [*self.tags.meta.get("robots", ()), *self.tags.meta.get("googlebot", ())]
        return tuple(part.strip().lower() for value in values for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class BuiltFeed:
    file: str
    document: FeedDocument | None
    problem: str | None = None  # why it could not be read


class BuiltOutput:
    """The pages, feeds and images of one output folder, each read once."""

    def __init__(self, output_dir: Path, base_url: str | None) -> None:
        if not output_dir.is_dir():
            raise BuildError(
                Problem(f"{output_dir} does not exist", hint="run 'smo-gen build' first, or pass --output")
            )
        self.output_dir = output_dir
        self.base_url = site_base_url(output_dir, base_url)
        self.measurer = ImageMeasurer(output_dir, self.base_url)
        self._feeds: dict[str, BuiltFeed] = {}

    @functools.cached_property
    def pages(self) -> tuple[BuiltPage, ...]:
        """Every shareable page (not redirects, not the 404 page), as `smo-gen check` reads them."""
        pages = []
        for path in iter_page_files(self.output_dir):
            html = _read_text(path)
            tags = parse_share_tags(html)
            if not tags.redirects:
                pins = tuple(unquote(unescape(match.group(1))) for match in _PIN_MEDIA.finditer(html))
                pages.append(BuiltPage(path.relative_to(self.output_dir).as_posix(), tags, tuple(dict.fromkeys(pins))))
        return tuple(pages)

    def measure(self, url: str) -> ImageFacts | str | None:
        """An image's facts, why it cannot be measured, or None for another host's image."""
        return self.measurer.measure(url)

    def file_for(self, url: str) -> Path | None:
        return local_file_for(url, self.base_url, self.output_dir)

    def feed(self, rel: str) -> BuiltFeed:
        if rel not in self._feeds:
            path = self.output_dir / rel
            try:
                self._feeds[rel] = BuiltFeed(rel, parse_feed(path.read_bytes(), path.name))
            except OSError as error:
                self._feeds[rel] = BuiltFeed(rel, None, f"cannot be read ({error.strerror})")
            except NotAFeed as error:
                self._feeds[rel] = BuiltFeed(rel, None, str(error))
        return self._feeds[rel]

    def announced_feeds(self) -> list[BuiltFeed]:
        """The feeds the home page announces (`<link rel="alternate">`): those an aggregator finds.
        Without any, the usual feed names at the top of the site."""
        home = self.output_dir / "index.html"
        found: list[str] = []
        if home.is_file():
            head = _read_text(home).split("</head>", 1)[0]
            for match in _LINK.finditer(head):
                attributes = tag_attributes(match.group(1))
                if (
                    "alternate" in attributes.get("rel", "").lower().split()
                    and attributes.get("type", "").lower() in FEED_TYPES
                ):
                    path = self.file_for(urljoin(self.base_url or "", attributes.get("href", "")))
                    if path is not None and path.is_file():
                        found.append(path.relative_to(self.output_dir.resolve()).as_posix())
        if not found:
            found = [name for name in USUAL_FEED_NAMES if (self.output_dir / name).is_file()]
        return [self.feed(rel) for rel in dict.fromkeys(found)]

    def podcast_feeds(self) -> list[BuiltFeed]:
        """Every RSS feed of the build that is a podcast, wherever it is: one with itunes: tags, or
        an audio series without them (two items or more, every one carrying audio; a tag's feed
        holding one audio page is no series)."""
        feeds = []
        for path in sorted(self.output_dir.rglob("*.xml")):
            with path.open("rb") as file:
                start = file.read(4096)
            if b"<rss" not in start:
                continue
            feed = self.feed(path.relative_to(self.output_dir).as_posix())
            document = feed.document
            if (
                document is None
                or document.podcast is not None
                or (len(document.items) >= MIN_SERIES and all(_has_audio(item) for item in document.items))
            ):
                feeds.append(feed)
        return feeds


def _has_audio(item: FeedItem) -> bool:
    return any((enclosure.type or "").startswith("audio/") for enclosure in item.enclosures)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise BuildError(Problem(f"cannot be read: {exc.strerror}", path=str(path))) from None
