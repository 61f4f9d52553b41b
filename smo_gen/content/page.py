"""The page model: what one Markdown file says, validated and typed."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smo_gen.content.card_overrides import NO_CARD_OVERRIDES, CardOverrides
from smo_gen.content.content_links import ContentLink
from smo_gen.content.episode import Episode
from smo_gen.content.media import MediaSpec
from smo_gen.errors import Problem, Severity
from smo_gen.lazy_fields import lazy_fields
from smo_gen.utm import NO_OVERRIDES, UtmOverrides


@dataclass(frozen=True)
class Author:
    """A person credited on a page."""

    name: str
    url: str | None = None
    x_handle: str | None = None
    fediverse: str | None = None  # '@user@instance', for Mastodon's author attribution


@dataclass(frozen=True)
class CallToAction:
    """What the landing page asks the reader to do next ("Book a test drive")."""

    label: str
    url: str  # as written: a path on this site, or an absolute URL
    secondary: CallToAction | None = None


@dataclass(frozen=True)
class AudienceOverrides:
    """What a page's front matter `audiences.<name>` changes on that audience's variant ("" keeps the page's)."""

    title: str = ""
    description: str = ""
    message: str = ""
    image: str = ""
    image_alt: str = ""
    cta: CallToAction | None = None
    sets_cta: bool = False  # 'cta' was given (one that could not be read leaves the variant none)
    messages: Mapping[str, str] = field(default_factory=dict)  # laid over the page's own


@dataclass(frozen=True)
class PermalinkFacts:
    """What a permalink pattern may use of a page, besides its title and date."""

    rel_path: str  # relative to the content folder, '/'-separated
    slug: str = ""  # front matter 'slug' as written
    categories: tuple[str, ...] = ()  # front matter 'categories' / 'category'
    pattern: str = ""  # the page's own pattern: a Jekyll 'permalink' with ':tokens'


# A page read back from the page cache reads its HTML and links when first asked (see smo_gen/lazy_fields.py).
@lazy_fields("body_html", "links")
@dataclass(frozen=True)
class Page:
    """One Markdown source, parsed. Paths and URLs are not yet checked against the disk."""

    source_path: str  # as shown to people: "content/spring-sale.md"
    url_path: str  # "/spring-sale/"
    slug: str
    title: str
    description: str  # written by the author, or "" (render/social_meta.py derives a fallback)
    summary: str  # plain text for lists and feeds
    body_html: str
    # Whether body_html may hold Zola's links by source file ('@/other.md', content/internal_links.py).
    # Parsing says exactly; looking for them in every body of 10,000 took 0.07 s a build.
    source_links: bool = True
    links: tuple[ContentLink, ...] = ()  # in body_html as written, by line of the source file (check/links.py)
    date: dt.datetime | None = None
    lastmod: dt.datetime | None = None
    publish_date: dt.datetime | None = None
    expiry_date: dt.datetime | None = None
    draft: bool = False
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # a second taxonomy, as Hugo's and Jekyll's
    image: str | None = None  # as written in front matter; resolved by site/image_facts.py
    image_key: str = "image"  # the front matter key that named it: "image", "images", "header.og_image"
    image_alt: str | None = None
    authors: tuple[Author, ...] = ()
    canonical: str | None = None  # an external canonical URL, if the page is a copy
    noindex: bool = False  # front matter 'noindex: true', or 'noindex' among its robots directives
    robots: tuple[str, ...] = ()  # front matter 'robots': laid over [social] robots
    fediverse_creator: str | None = None  # front matter: '@user@instance', over its authors' and the site's
    aliases: tuple[str, ...] = ()  # old site paths that should redirect here
    template: str = "page.html"
    weight: int | None = None  # its place in a section sorted by weight (lowest first)
    language: str | None = None
    word_count: int = 0
    message: str = ""  # the text a share or a syndicated post says; description stands in
    campaign: str | None = None  # campaign id for utm_campaign; the slug stands in
    cta: CallToAction | None = None
    utm: UtmOverrides = NO_OVERRIDES  # front matter 'utm': the page's own UTM templates
    audience_overrides: Mapping[str, AudienceOverrides] = field(default_factory=dict)  # front matter 'audiences'
    audience: str | None = None  # set on an audience variant
    variant_of: str | None = None  # the main page's url_path, on a variant
    video: MediaSpec | None = None
    audio: MediaSpec | None = None
    episode: Episode | None = None  # front matter 'episode', 'season', 'episode_type', 'explicit'
    card: CardOverrides = NO_CARD_OVERRIDES  # front matter 'card': the layout and card settings it changes
    focal_point: tuple[float, float] | None = None  # where to crop the image for its card, 0..1
    params: Mapping[str, Any] = field(default_factory=dict)  # keys smo-gen does not know
    # Syndication: when the page may be posted, and what each network (or target) says of it.
    syndicate_after: dt.datetime | None = None
    syndicate_before: dt.datetime | None = None
    messages: Mapping[str, str] = field(default_factory=dict)
    syndicated: bool = True  # front matter 'syndicate: false' keeps the page from every target
    key_lines: Mapping[str, int] = field(default_factory=dict)  # front matter key -> file line
    digest: str = ""  # of the source bytes, for caches
    # What `[permalinks]` patterns need; None when front matter 'url' fixed the path.
    permalink: PermalinkFacts | None = None

    # Asked by every sort of pages (the site's, each section's, each feed's, each tag's): made once a
    # page, not at each comparison; an aware date's timestamp() took ~70 ms of a one-edit build at
    # 10,000 pages. Kept in the instance's __dict__, outside the fields (see `_identity`).
    @functools.cached_property
    def sort_key(self) -> tuple[float, str]:
        """Newest first, then by path so equal dates keep a stable order."""
        timestamp = self.date.timestamp() if self.date else float("-inf")
        return (-timestamp, self.url_path)

    @property
    def campaign_id(self) -> str:
        return self.campaign or self.slug

    @property
    def share_message(self) -> str:
        return self.message or self.description or self.title

    @property
    def modified(self) -> dt.datetime | None:
        return self.lastmod or self.date

    def stable_identity(self) -> str | None:
        """What decides every field: the source's bytes and path (and for a variant, its audience).

        Everything else a page holds is parsed from those with settings that the build's
        environment digest covers, so digesting this is digesting the page. (The path counts
        on its own: a file renamed without changing its URL, which its front matter may fix,
        still shows its new source path in the manifest.)
        """
        return self._identity

    # Asked about nine times a page a build (its outputs, each feed, the manifest): made once.
    # It lives in the instance's __dict__, not in its fields, so equality and digests ignore it,
    # and `replace()` makes a page without it.
    @functools.cached_property
    def _identity(self) -> str | None:
        if not self.digest:
            return None  # built by hand (tests): digest the fields themselves
        return f"{self.digest}|{self.source_path}|{self.url_path}|{self.audience or ''}|{self.variant_of or ''}"

    def terms(self, taxonomy: str) -> tuple[str, ...]:
        """The names the page lists for a taxonomy: "tags" or "categories"."""
        return self.categories if taxonomy == "categories" else self.tags

    def problem(self, key: str, message: str, hint: str | None = None, severity: Severity = "error") -> Problem:
        """A problem with the front matter `key` of this page, at the key's line."""
        return Problem(
            message,
            path=self.source_path,
            line=self.line_of(key),
            key=f"front matter: '{key}'",
            hint=hint,
            severity=severity,
        )

    def line_of(self, key: str) -> int | None:
        """The front matter line of `key`; for a nested key ('audiences.hot.cta') not recorded, its parent's."""
        while key not in self.key_lines and "." in key:
            key = key.rsplit(".", 1)[0]
        return self.key_lines.get(key)
