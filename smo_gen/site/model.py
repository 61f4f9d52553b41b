"""The site model: published pages, tags and images, assembled once and frozen.

Everything here is pure: the disk was read before, and "now" is passed in.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smo_gen.config.share_settings import ShareSettings
from smo_gen.config.site_config import BrandConfig, SiteConfig
from smo_gen.content.campaigns import Audience
from smo_gen.content.content_links import ContentLink
from smo_gen.content.media import Media
from smo_gen.content.page import Page
from smo_gen.errors import Problem
from smo_gen.path_names import check_segments
from smo_gen.site.sections import SectionSettings, own_pages, section_folder, sort_pages
from smo_gen.urls import absolute_url, output_file_for, slugify
from smo_gen.utm import UtmSettings

if TYPE_CHECKING:  # loaded only when feedback.json exists: sanitising replies needs nh3
    from smo_gen.site.podcasts import Podcast
    from smo_gen.site.responses import PageResponses


@dataclass(frozen=True)
class TaxonomyKind:
    """A way of grouping pages by the names they list in one front matter key (Hugo's and Zola's
    taxonomies): each name gets a page and feeds, and the kind an index of them."""

    key: str  # the front matter key, the URL folder and the Page field: "tags"
    singular: str  # "tag"
    title: str  # the index page's heading: "Topics"

    @property
    def url_path(self) -> str:
        return f"/{self.key}/"

    def term_title(self, name: str) -> str:
        """The heading of one name's page: 'Tagged “cars”', 'Category “News”'."""
        return f"Tagged “{name}”" if self.key == "tags" else f"{self.singular.capitalize()} “{name}”"


TAGS = TaxonomyKind("tags", "tag", "Topics")
CATEGORIES = TaxonomyKind("categories", "category", "Categories")
TAGS_PATH = TAGS.url_path


@dataclass(frozen=True)
class SocialImage:
    """The image a share shows: where it is and what it measures."""

    url: str  # absolute
    width: int | None
    height: int | None
    mime: str | None
    alt: str
    byte_size: int | None = None  # of the file as published, when it is one of the site's (feeds declare it)
    # Where it is on disk, if local: text as the folder walk found it (a build of 10,000 pages
    # made a Path for every page's image only to carry it to the few that draw a card from it).
    file_path: str | None = field(default=None, compare=False)

    def stable_identity(self) -> str:
        """Every field in one string, so digesting thousands of these stays cheap."""
        return self._identity

    # Asked for by the image's page, its feed entries and its manifest line: made once.
    @functools.cached_property
    def _identity(self) -> str:
        return f"{self.url}|{self.width}|{self.height}|{self.mime}|{self.alt}|{self.byte_size}|{self.file_path}"


def image_identity(image: SocialImage | None) -> str | None:
    """`image.stable_identity()`, or None for no image: what output keys digest of a page's image."""
    return image.stable_identity() if image is not None else None  # every field, cheaper than repr


@dataclass(frozen=True)
class FeedArtwork:
    """The pictures feed readers show for every feed of the site, drawn from `[feeds] icon` and
    `logo` (else `[brand] logo`) at the sizes each format asks for (see render/feed_pictures.py)."""

    rss_image: SocialImage | None = None  # RSS <image>: at most 144 wide and 400 high (RSS 2.0)
    icon: SocialImage | None = None  # square 512x512: Atom <icon>, JSON Feed `icon`
    favicon: SocialImage | None = None  # square 64x64: JSON Feed `favicon`
    logo: SocialImage | None = None  # 2:1: Atom <logo>


@dataclass(frozen=True)
class Tag:
    """One name of a taxonomy (a tag, a category) and the published pages that list it."""

    name: str
    slug: str
    url_path: str
    pages: tuple[Page, ...]
    kind: TaxonomyKind = TAGS


@dataclass(frozen=True)
class Section:
    """A content folder with an `_index.md` (as in Hugo and Zola): a page at the folder's URL
    that introduces the folder and lists its own published pages (see site/sections.py)."""

    url_path: str
    intro: Page  # the `_index.md`: title, description, body, params for templates
    pages: tuple[Page, ...]  # in the section's order (`sort_by`, newest first by default)
    settings: SectionSettings = field(default_factory=SectionSettings)

    @property
    def title(self) -> str:
        return self.intro.title

    def has_feeds(self, per_section: bool) -> bool:
        """Whether the section gets feeds: its own `generate_feeds`, else [feeds] per_section."""
        return per_section if self.settings.generate_feeds is None else self.settings.generate_feeds


@dataclass(frozen=True)
class HomeIntro:
    """What `content/_index.md` says about the home page, if it exists."""

    title: str = ""
    description: str = ""
    body_html: str = ""
    source_path: str = ""
    links: tuple[ContentLink, ...] = ()  # in body_html, for the link check
    settings: SectionSettings = field(default_factory=SectionSettings)


@dataclass(frozen=True)
class BuildOptions:
    """What a build includes, and the one moment it treats as now."""

    now: dt.datetime
    drafts: bool = False
    future: bool = False
    expired: bool = False


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    now: dt.datetime
    pages: tuple[Page, ...]  # published, newest first
    tags: tuple[Tag, ...]  # by name
    categories: tuple[Tag, ...] = ()  # by name
    # Taxonomy pages ("/tags/", "/tags/cars/") that a content page of the site's own takes (a
    # Jekyll theme's archive pages): the generated one is left out.
    own_lists: frozenset[str] = frozenset()
    # What the home page and the main feed list: the root section's pages (see collect_sections).
    home_pages: tuple[Page, ...] | None = None
    images: Mapping[str, SocialImage] = field(default_factory=dict)  # site path -> image to share (card)
    # Site path -> shape ("1:1", "16:9", "4:3", "2:3") -> the card of that shape ([cards] shapes, Pinterest).
    shaped_images: Mapping[str, Mapping[str, SocialImage]] = field(default_factory=dict)
    photos: Mapping[str, SocialImage] = field(default_factory=dict)  # page url_path -> its own image
    default_image: SocialImage | None = None
    home: HomeIntro = field(default_factory=HomeIntro)
    sections: tuple[Section, ...] = ()  # by URL
    variants: tuple[Page, ...] = ()  # audience variants of published pages
    media: Mapping[str, tuple[Media, ...]] = field(default_factory=dict)  # page url_path -> video/audio
    audiences: Mapping[str, Audience] = field(default_factory=dict)
    utm: UtmSettings = field(default_factory=UtmSettings)
    share: ShareSettings = field(default_factory=ShareSettings)
    hubs: tuple[str, ...] = ()  # WebSub hubs every feed names
    syndication: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # page -> (network, post URL)
    responses: Mapping[str, PageResponses] = field(default_factory=dict)  # page -> its replies and reactions
    podcasts: Mapping[str, Podcast] = field(default_factory=dict)  # feed scope's site path -> its podcast channel
    feed_artwork: FeedArtwork = field(default_factory=FeedArtwork)

    @property
    def taxonomies(self) -> tuple[tuple[TaxonomyKind, tuple[Tag, ...]], ...]:
        """Each taxonomy with its names; tags always (the tag index is always built), others
        when some page uses them."""
        if not self.categories:
            return ((TAGS, self.tags),)
        return ((TAGS, self.tags), (CATEGORIES, self.categories))

    @property
    def listed_on_home(self) -> tuple[Page, ...]:
        """The pages of the home page and the main feed, in the home page's order."""
        return self.pages if self.home_pages is None else self.home_pages

    @property
    def all_pages(self) -> tuple[Page, ...]:
        """Every page that gets its own HTML file: the published pages and their variants."""
        return self.pages + self.variants

    def variants_of(self, page: Page) -> tuple[Page, ...]:
        return self._variants_by_page.get(page.url_path, ())

    def audience_pages(self, name: str) -> tuple[Page, ...]:
        return self._variants_by_audience.get(name, ())

    def main_page(self, page: Page) -> Page:
        """The page itself, or for a variant the page it varies."""
        if page.variant_of is None:
            return page
        return self._pages_by_path.get(page.variant_of, page)

    # Indexes built once per Site: every page asks for its variants and main page, so scanning
    # the tuples each time made a build quadratic in the number of pages. They live in the
    # instance's __dict__, not in its fields, so digests and equality ignore them.
    @functools.cached_property
    def _variants_by_page(self) -> dict[str, tuple[Page, ...]]:
        return _group(self.variants, lambda variant: variant.variant_of or "")

    @functools.cached_property
    def _variants_by_audience(self) -> dict[str, tuple[Page, ...]]:
        return _group(self.variants, lambda variant: variant.audience or "")

    @functools.cached_property
    def _pages_by_path(self) -> dict[str, Page]:
        return {page.url_path: page for page in self.pages}

    def section_of(self, page: Page) -> Section | None:
        """The section `page` (or the main page of a variant) belongs to; None for the root section's."""
        return self._sections_by_page.get(self.main_page(page).url_path)

    @functools.cached_property
    def _sections_by_page(self) -> dict[str, Section]:
        # A transparent section passes its pages up to the one above as well: the nearest one,
        # the deepest folder, wins.
        found: dict[str, Section] = {}
        for section in sorted(self.sections, key=lambda section: section.intro.source_path.count("/")):
            found.update((page.url_path, section) for page in section.pages)
        return found

    def url(self, url_path: str) -> str:
        """The absolute URL of `url_path` (each page's is asked for by its page, feeds and lists)."""
        known = self._urls.get(url_path)
        if known is None:
            known = self._urls[url_path] = absolute_url(self.config.base_url, url_path)
        return known

    @functools.cached_property
    def _urls(self) -> dict[str, str]:
        return {}

    @functools.cached_property
    def published_options(self) -> BuildOptions:
        """A build of only what is published, at this site's moment (see `unpublished_status`):
        made once, not for each of the few times every page asks."""
        return BuildOptions(now=self.now)

    @functools.cached_property
    def unpublished_statuses(self) -> dict[int, tuple[Page, str | None]]:
        """What `unpublished_status` found, by the page's id (with the page, to tell ids reused)."""
        return {}

    @property
    def brand(self) -> BrandConfig:
        """site.toml's `[brand]` (logo, logo_url, accent, background, font), for templates."""
        return self.config.brand

    def image_for(self, url_path: str) -> SocialImage | None:
        """The image a share of the page at `url_path` shows."""
        return self.images.get(url_path) or self.photos.get(url_path) or self.default_image

    def tag(self, name: str) -> Tag | None:
        slug = slugify(name)
        return next((tag for tag in self.tags if tag.slug == slug), None)

    @functools.cached_property
    def updated(self) -> dt.datetime:
        """The newest change on the site, so feeds say when they last changed."""
        moments = [page.modified for page in self.pages if page.modified]
        return max(moments) if moments else self.now


def _group(pages: Iterable[Page], key: Callable[[Page], str]) -> dict[str, tuple[Page, ...]]:
    groups: dict[str, list[Page]] = {}
    for page in pages:
        groups.setdefault(key(page), []).append(page)
    return {name: tuple(members) for name, members in groups.items()}


def publication_window(page: Page) -> tuple[dt.datetime | None, dt.datetime | None]:
    """When `page` comes out (its publishDate, else its date) and when it goes (its expiryDate).

    The one rule for scheduling: builds decide with it, and the manifest carries its answer so
    that `smo-gen syndicate` decides the same way whatever options the build was run with.
    """
    return page.publish_date or page.date, page.expiry_date


def why_unpublished(page: Page, options: BuildOptions) -> str | None:
    """Why `page` stays out of this build, or None when it is published."""
    if page.draft and not options.drafts:
        return "draft"
    publish_at, expires_at = publication_window(page)
    if publish_at and publish_at > options.now and not options.future:
        return "scheduled"
    if expires_at and expires_at <= options.now and not options.expired:
        return "expired"
    return None


def unpublished_status(site: Site, page: Page) -> str | None:
    """'draft', 'scheduled' or 'expired' for a page only a --drafts/--future/--expired build has:
    the theme shows it a banner and its metadata says noindex. None for a published page."""
    # Asked of every page by its output, each list showing it and the sitemap: answered once a
    # page (comparing aware times took ~9 ms a pass at 10,000 pages).
    known = site.unpublished_statuses.get(id(page))
    if known is not None and known[0] is page:
        return known[1]
    status = why_unpublished(page, site.published_options)
    site.unpublished_statuses[id(page)] = (page, status)  # the page kept, so its id stays its own
    return status


def next_publication_change(pages: Iterable[Page], options: BuildOptions) -> dt.datetime | None:
    """The first moment after `options.now` when a page comes out (scheduled) or goes (expiry)."""
    moments = []
    for page in pages:
        if page.draft and not options.drafts:
            continue
        publish_at, expires_at = publication_window(page)
        if publish_at and publish_at > options.now and not options.future:
            moments.append(publish_at)
        if expires_at and expires_at > options.now and not options.expired:
            moments.append(expires_at)
    return min(moments, default=None)


def select_published(pages: Iterable[Page], options: BuildOptions) -> list[Page]:
    return sorted((p for p in pages if why_unpublished(p, options) is None), key=lambda p: p.sort_key)


def collect_tags(pages: Sequence[Page], kind: TaxonomyKind = TAGS) -> tuple[Tag, ...]:
    """Group pages by the slugs of the names they list for `kind` (tags by default); a name is
    shown as first written on its newest page."""
    names: dict[str, str] = {}
    members: dict[str, list[Page]] = {}
    for page in pages:
        for name in page.terms(kind.key):
            slug = slugify(name)
            names.setdefault(slug, name)
            members.setdefault(slug, []).append(page)
    return tuple(
        Tag(names[slug], slug, f"{kind.url_path}{slug}/", tuple(members[slug]), kind)
        for slug in sorted(names, key=lambda s: names[s].casefold())
    )


def find_own_lists(
    pages: Sequence[Page], taxonomies: Sequence[tuple[TaxonomyKind, Sequence[Tag]]]
) -> tuple[frozenset[str], list[Problem]]:
    """The taxonomy indexes and term pages whose URL a content page takes, with a warning for
    each, since the generated list is then left out."""
    lists = {kind.url_path: f"the {kind.singular} index" for kind, _ in taxonomies}
    lists |= {
        term.url_path: f"the page of {kind.singular} '{term.name}'" for kind, terms in taxonomies for term in terms
    }
    taken = [page for page in pages if page.url_path in lists]
    problems = [
        Problem(
            f"takes the place of {lists[page.url_path]} at '{page.url_path}': "
            "the generated list is left out, its feeds stay",
            path=page.source_path,
            line=page.line_of("url"),
            key="front matter: 'url'" if page.line_of("url") else None,
            hint="give the page another 'url' to keep both",
            severity="warning",
        )
        for page in taken
    ]
    return frozenset(page.url_path for page in taken), problems


def collect_sections(
    root_folder: str, home: HomeIntro, intros: Iterable[tuple[Page, SectionSettings]], pages: Sequence[Page]
) -> tuple[tuple[Section, ...], tuple[Page, ...]]:
    """A section for each published `_index.md` below the top (`root_folder`, "content/"), holding
    its own `pages` (published), and the pages the home page lists.

    The home page is the root section, as in Zola: it lists the pages outside every section and
    those that transparent sections pass up. When none of them has a date (a site whose posts
    all live in sections, as most Hugo sites), it lists every published page, as Hugo's home
    feed does.
    """
    settings = {section_folder(intro.source_path): (intro, found) for intro, found in intros}
    members = own_pages(root_folder, {folder: found for folder, (_, found) in settings.items()}, pages)
    sections = [Section(intro.url_path, intro, members[folder], found) for folder, (intro, found) in settings.items()]
    home_pages = members[root_folder]
    if not any(page.date for page in home_pages):
        home_pages = tuple(pages)
    home_pages = sort_pages(home_pages, home.settings.sort_by)
    return tuple(sorted(sections, key=lambda section: section.url_path)), home_pages


def give_way_to_generated(
    pages: Sequence[Page], reserved: Mapping[str, str], home: HomeIntro
) -> tuple[list[Page], HomeIntro, list[Problem]]:
    """Pages written for another generator at a path smo-gen writes itself, set aside.

    Jekyll sites keep their home, 404 and tag-archive pages as content ('permalink: /'), where
    a template fills them; smo-gen writes those pages itself. A page at '/' introduces the
    home page (as `content/_index.md` does, unless there is one); the others are left out,
    with a warning naming them, instead of failing the build.
    """
    kept = []
    problems = []
    for page in pages:
        owner = reserved.get(page.url_path)
        is_page = page.url_path.endswith(("/", ".html"))  # a page where a feed or file goes is a mistake
        if owner is None or not is_page or page.variant_of:
            kept.append(page)
            continue
        if page.url_path == "/" and home == HomeIntro():
            home = HomeIntro(page.title, page.description, page.body_html)
            continue
        line = page.line_of("url")
        problems.append(
            Problem(
                f"'{page.url_path}' is {owner}, which smo-gen writes itself; this page is left out",
                path=page.source_path,
                line=line,
                key="front matter: 'url'" if line else None,
                hint="give it another 'url' to keep it",
                severity="warning",
            )
        )
    return kept, home, problems


def find_url_clashes(pages: Sequence[Page], reserved: Mapping[str, str]) -> list[Problem]:
    """Two pages (or a page and a generated file) at one URL, and pages whose URL cannot be
    written (see `path_names.check_segments`: hidden folders, names too long).

    URLs are compared as the files that serve them ('/sale/index.html' clashes with '/sale/'),
    ignoring case and Unicode normalisation ('café' written with one accented letter or with
    an accent after the 'e'): case-insensitive or normalising file systems (macOS, Windows)
    would store both in one file.
    """
    owners: dict[str, str] = {file_key(path): what for path, what in reserved.items()}
    tag_errors: dict[str, str | None] = {}  # tag -> why its page cannot be written: tags repeat across pages
    problems = []
    for page in pages:
        url_key = "url" if page.line_of("url") else "slug"
        paths = [(page.url_path, url_key), *((alias, "aliases") for alias in page.aliases)]
        for path, key in paths:
            if error := check_segments(path):
                problems.append(_located(page, key, error, _SEGMENT_HINTS[key]))
                continue
            folded = file_key(path)
            if folded in owners:
                message = f"'{path}' is already used by {owners[folded]}"
                problems.append(_located(page, key, message, "give one of them another 'slug' or 'url'"))
            else:
                owners[folded] = page.source_path
        for tag in page.tags:  # pages sharing a tag share its page: only its name can be wrong
            if tag not in tag_errors:
                tag_errors[tag] = check_segments(f"{TAGS_PATH}{slugify(tag)}/")
            if error := tag_errors[tag]:
                problems.append(_located(page, "tags", error, _SEGMENT_HINTS["tags"]))
    return problems


def _located(page: Page, key: str, message: str, hint: str) -> Problem:
    """A problem with the front-matter `key` of `page`, at its line when it has one (made only
    for the few pages with a problem: asking every page's lines showed at 10,000 pages)."""
    line = page.line_of(key)
    return Problem(message, path=page.source_path, line=line, key=f"front matter: '{key}'" if line else None, hint=hint)


_SEGMENT_HINTS = {
    "url": "choose another 'url'",
    "slug": "give the page a shorter 'slug' (or rename its file)",
    "aliases": "choose another alias",
    "tags": "shorten the tag",
}


def file_key(url_path: str) -> str:
    """The file serving `url_path` as a case-insensitive, normalising file system knows it."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", output_file_for(url_path)).casefold())
