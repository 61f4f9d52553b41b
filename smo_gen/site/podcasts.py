"""The site's podcasts: each `[podcasts.<section>]` table checked against its section, its image
and its episodes, with what Apple Podcasts requires filled in or warned about.

Apple's requirements (Apple Podcasts for Creators, "Podcast RSS feed requirements",
https://podcasters.apple.com/support/823-podcast-requirements): a square JPEG or PNG of 1400 to
3000 pixels, a category, an owner's e-mail, `itunes:explicit`; episodes as MP3, M4A, MOV, MP4,
M4V, PDF or EPUB files (the W3C feed validator warns of any other).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from smo_gen.config.podcast_settings import ROOT_PODCAST, PodcastConfig
from smo_gen.config.site_config import SiteConfig
from smo_gen.content.media import Media
from smo_gen.content.page import Page
from smo_gen.errors import Problem, did_you_mean
from smo_gen.site.image_facts import ImageMeasurer
from smo_gen.site.page_assets import AssetIndex, resolve_share_image
from smo_gen.urls import is_absolute

if TYPE_CHECKING:
    from smo_gen.site.model import Section, SocialImage

# Apple's artwork: square, 1400 to 3000 pixels a side, JPEG or PNG (and an URL ending so).
ARTWORK_SIDES = (1400, 3000)
ARTWORK_TYPES = ("image/jpeg", "image/png")
ARTWORK_SUFFIXES = (".jpg", ".png")
# The episode files Apple Podcasts plays (and the W3C validator accepts in a podcast feed).
EPISODE_SUFFIXES = (".mp3", ".m4a", ".mp4", ".m4v", ".mov", ".pdf", ".epub")


@dataclass(frozen=True)
class Podcast:
    """A podcast feed's channel, as the feed writes it: every default filled in."""

    url_path: str  # the feed scope's: "/" or "/episodes/"
    title: str
    author: str
    owner_name: str
    owner_email: str
    category: str
    subcategory: str
    explicit: bool
    image: SocialImage | None  # measured when it is a file of the site
    type: str
    language: str


class _Report:
    """Problems of one `[podcasts.<section>]` table, each naming the table's line in site.toml."""

    def __init__(self, settings: PodcastConfig, problems: list[Problem]) -> None:
        self.key = f"podcasts.{settings.section}" if settings.section != ROOT_PODCAST else 'podcasts."/"'
        self.line = settings.line
        self.problems = problems

    def warn(self, message: str, hint: str | None = None, key: str = "") -> None:
        self.problems.append(
            Problem(message, path="site.toml", line=self.line, key=self.key + key, hint=hint, severity="warning")
        )

    def error(self, message: str, hint: str | None = None, key: str = "") -> None:
        self.problems.append(Problem(message, path="site.toml", line=self.line, key=self.key + key, hint=hint))


def resolve_podcasts(
    config: SiteConfig,
    sections: Sequence[Section],
    home_pages: Sequence[Page],
    media: Mapping[str, tuple[Media, ...]],
    assets: AssetIndex,
    measured: ImageMeasurer,
) -> tuple[dict[str, Podcast], list[Problem]]:
    """Each podcast by its feed scope's site path, and the problems of each (errors for a table
    naming no section, warnings for what Apple requires and the show lacks)."""
    by_path = {section.url_path: section for section in sections}
    podcasts: dict[str, Podcast] = {}
    problems: list[Problem] = []
    for settings in config.podcasts:
        report = _Report(settings, problems)
        section = by_path.get(settings.url_path)
        if section is None and settings.section != ROOT_PODCAST:
            names = sorted(path.strip("/") for path in by_path)
            hint = did_you_mean(settings.section, names) or (
                "the sections (content folders with an _index.md) are: " + ", ".join(names)
                if names
                else 'make the folder a section with an _index.md, or use [podcasts."/"] for the whole site'
            )
            report.error(f"no section '{settings.url_path}' to make a podcast of", hint)
            continue
        # The feed's own title unless the table names the show otherwise (see render/feeds.py's scopes).
        if "rss" not in config.feeds.formats or (
            section is not None and not section.has_feeds(config.feeds.per_section)
        ):
            report.error(
                "is a podcast, but the feed it would be written in is turned off",
                'keep "rss" in [feeds] formats, and the section\'s feeds on ([feeds] per_section, its generate_feeds)',
            )
            continue
        title = settings.title or (f"{config.title}: {section.title}" if section else config.title)
        image = _artwork(config, settings, assets, measured, title, report)
        if not settings.category:
            report.warn(
                "has no 'category': Apple Podcasts requires one",
                'for example category = "Business" and subcategory = "Marketing"',
            )
        if not settings.owner_email:
            report.warn("has no 'owner_email': Apple Podcasts requires one to confirm the show is yours")
        podcast = Podcast(
            url_path=settings.url_path,
            title=title,
            author=settings.author or config.author.name or config.title,
            owner_name=settings.owner_name or config.author.name or config.title,
            owner_email=settings.owner_email,
            category=settings.category,
            subcategory=settings.subcategory,
            explicit=settings.explicit,
            image=image,
            type=settings.type,
            language=settings.language or config.language,
        )
        podcasts[podcast.url_path] = podcast
        problems.extend(_episode_problems(section.pages if section is not None else home_pages, media))
    return podcasts, problems


def _artwork(
    config: SiteConfig,
    settings: PodcastConfig,
    assets: AssetIndex,
    measured: ImageMeasurer,
    title: str,
    report: _Report,
) -> SocialImage | None:
    """The show's measured artwork, with a warning for each of Apple's rules it breaks."""
    if not settings.image:
        report.warn("has no 'image': Apple Podcasts requires square artwork of 1400 to 3000 pixels")
        return None
    local = None if is_absolute(settings.image) else assets.find(settings.image, PurePosixPath("."))
    image, message = resolve_share_image(config, measured, settings.image, title, local)
    if message or image is None:
        report.error(message or "cannot be used", None, ".image")
        return None
    if not image.url.lower().endswith(ARTWORK_SUFFIXES):
        report.warn(f"Apple Podcasts needs an image URL ending in .jpg or .png, got {image.url}", None, ".image")
    low, high = ARTWORK_SIDES
    if image.mime is not None and image.mime not in ARTWORK_TYPES:
        report.warn(f"the image is {image.mime}; Apple Podcasts takes JPEG or PNG artwork", None, ".image")
    if (
        image.width is not None
        and image.height is not None
        and (image.width != image.height or not low <= image.width <= high)
    ):
        report.warn(
            f"the image is {image.width}x{image.height}; Apple Podcasts needs square artwork of {low} to {high} pixels",
            "for example a 3000x3000 PNG",
            ".image",
        )
    return image


def _episode_problems(pages: Sequence[Page], media: Mapping[str, tuple[Media, ...]]) -> list[Problem]:
    """Warnings for episodes podcast apps would skip or show without a length."""
    problems = []
    for page in sorted(pages, key=lambda page: str(page.source_path)):  # the feed's order is newest first
        if page.date is None:
            continue  # not in the feed
        audio = next((item for item in media.get(page.url_path, ()) if item.kind == "audio"), None)
        line = page.line_of("audio")
        if audio is None:
            message = "has no 'audio': in a podcast's feed, an episode without a file is skipped by podcast apps"
            problems.append(Problem(message, path=page.source_path, key="front matter: 'audio'", severity="warning"))
        elif audio.byte_size is None:
            message = "audio on another site: its size and length cannot be measured, and podcast apps need both"
            problems.append(
                Problem(message, path=page.source_path, line=line, key="front matter: 'audio'", severity="warning")
            )
        elif not audio.url.lower().split("?")[0].endswith(EPISODE_SUFFIXES):
            message = (
                f"'{audio.url.rsplit('/', 1)[-1]}' is {audio.mime}; Apple Podcasts plays MP3 and M4A (AAC) episodes"
            )
            problems.append(
                Problem(
                    message,
                    path=page.source_path,
                    line=line,
                    key="front matter: 'audio'",
                    hint="convert it, e.g. ffmpeg -i in.wav -b:a 128k out.mp3",
                    severity="warning",
                )
            )
    return problems
