"""Social metadata for every page: title, description, canonical, Open Graph, X card, JSON-LD.

This is the one place that holds every fallback (no description -> summary -> site
description; no image -> card or site default; no author handle -> site's), so templates
only print what it returns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from smo_gen.config.language_tags import og_locale_for
from smo_gen.config.robots_directives import combine_robots
from smo_gen.content.media import Media
from smo_gen.content.page import Author, Page
from smo_gen.dates import format_rfc3339
from smo_gen.shortening import shorten
from smo_gen.site.model import Site, SocialImage, unpublished_status
from smo_gen.site.pagination import Pager
from smo_gen.site.translations import alternate_locales, language_versions, page_language, page_og_locale

DESCRIPTION_LIMIT = 200
# Google's structured-data advice: images of 16:9, 4:3 and 1:1, at least 1200 pixels wide.
JSON_LD_SHAPES = ("16:9", "4:3", "1:1")
# X's documented minimums: a large image card needs 300x157, a summary card 144x144.
LARGE_CARD_MIN = (300, 157)
SUMMARY_CARD_MIN = (144, 144)


class MetaTag(NamedTuple):
    """One `<meta>` of the head. A tuple, not a frozen dataclass: a page makes about 25 of
    them, and a frozen dataclass takes four times as long to make (1.0 us against 0.25)."""

    attribute: str  # "name" or "property"
    key: str
    content: str


@dataclass(frozen=True)
class Alternate:
    """A `<link rel="alternate" hreflang>`: one language version of the page, URL absolute."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class Credits:
    """Who the networks credit: the X handle (twitter:creator), the fediverse account (fediverse:creator)."""

    x: str | None = None
    fediverse: str | None = None


@dataclass(frozen=True)
class Locales:
    """og:locale of the page, and og:locale:alternate: those of its other language versions."""

    own: str | None
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Player:
    """What X's player card needs: an https page that plays the media, and its size."""

    url: str
    width: int
    height: int
    stream_url: str | None = None
    stream_type: str | None = None


@dataclass(frozen=True)
class PageMeta:
    """What a page's <head> says about it, all URLs absolute."""

    title: str  # for <title>
    social_title: str  # for og:title and twitter:title
    description: str
    url: str
    canonical_url: str
    robots: str | None
    image: SocialImage | None
    tags: tuple[MetaTag, ...]
    json_ld: str
    prev_url: str | None = None  # <link rel="prev"> on a list split into pages
    next_url: str | None = None
    alternates: tuple[Alternate, ...] = ()  # the page's language versions, itself and x-default included
    language: str | None = None  # a list page's <html lang> when not the site's (a translation audience's list)


def describe_page(page: Page, site: Site) -> str:
    """The page's description, or the best stand-in for one."""
    text = page.description or page.summary or site.config.description
    return shorten(text, DESCRIPTION_LIMIT)


def make_page_meta(page: Page, site: Site) -> PageMeta:
    """Metadata for a content page (og:type article)."""
    url = site.url(page.url_path)
    description = describe_page(page, site)
    image = site.image_for(page.url_path)
    authors = page.authors or ((_site_author(site),) if site.config.author.name else ())
    article: list[MetaTag] = []
    if page.date:
        article.append(MetaTag("property", "article:published_time", format_rfc3339(page.date)))
    if page.lastmod:
        article.append(MetaTag("property", "article:modified_time", format_rfc3339(page.lastmod)))
    for author in authors:
        article.append(MetaTag("property", "article:author", author.url or author.name))
    section = site.section_of(page)
    if section or page.categories:
        article.append(MetaTag("property", "article:section", section.title if section else page.categories[0]))
    for tag in page.tags:
        article.append(MetaTag("property", "article:tag", tag))
    media = site.media.get(page.url_path, ())
    media_tags = [tag for item in media for tag in _og_media_tags(item)]
    credits = Credits(
        x=next((a.x_handle for a in page.authors if a.x_handle), None) or site.config.author.social.get("x"),
        fediverse=page.fediverse_creator
        or next((a.fediverse for a in page.authors if a.fediverse), None)
        or site.config.social.fediverse_creator,
    )
    noindex = page.noindex or unpublished_status(site, page) is not None
    versions = language_versions(site, page)
    meta = _assemble(
        site,
        title=f"{page.title} · {site.config.title}",
        social_title=page.title,
        description=description,
        url=url,
        canonical_url=page.canonical or url,
        og_type="article",
        image=image,
        extra=media_tags + article,
        credits=credits,
        robots=combine_robots(site.config.social.robots, page.robots, noindex=noindex),
        locales=Locales(page_og_locale(site, page), alternate_locales(site, page, versions)),
        json_ld=_article_json_ld(page, site, url, description, image, authors),
        player=player_for(site, page) if image else None,
    )
    return replace(
        meta, alternates=tuple(Alternate(version.hreflang, site.url(version.url_path)) for version in versions)
    )


def make_list_meta(
    site: Site,
    *,
    url_path: str,
    title: str | None,
    description: str | None,
    pager: Pager | None = None,
    language: str | None = None,
) -> PageMeta:
    """Metadata for the home page and list pages (og:type website); `language` is the list's when it
    is not the site's (a translation audience's list page).

    A list split into pages (`pager`) shares the list's image on every page; the pages after
    the first say their number in the title and are canonical to themselves, as each shows
    other entries.
    """
    if pager is not None:
        url_path = pager.url_path
        if pager.number > 1:
            title = f"{title or site.config.title} (page {pager.number} of {pager.total})"
    url = site.url(url_path)
    full_title = f"{title} · {site.config.title}" if title else site.config.title
    text = shorten(description or site.config.description or site.config.title, DESCRIPTION_LIMIT)
    image = site.image_for(pager.list_path if pager else url_path)
    kind = "WebSite" if url_path == "/" else "CollectionPage"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": full_title,
        "url": url,
        "description": text,
        "inLanguage": language or site.config.language,
    }
    if image:
        urls = [image.url, *(shaped.url for shaped in _json_ld_shapes(site, pager.list_path if pager else url_path))]
        data["image"] = urls[0] if len(urls) == 1 else urls
    meta = _assemble(
        site,
        title=full_title,
        social_title=title or site.config.title,
        description=text,
        url=url,
        canonical_url=url,
        og_type="website",
        image=image,
        extra=[],
        credits=Credits(site.config.author.social.get("x"), site.config.social.fediverse_creator),
        robots=combine_robots(site.config.social.robots, (), noindex=False),
        locales=Locales(og_locale_for(language) if language else site.config.og_locale),
        json_ld=render_json_ld(data),
        player=None,
    )
    if language:
        meta = replace(meta, language=language)
    if pager is None:
        return meta
    prev_url = site.url(pager.prev_path) if pager.prev_path else None
    next_url = site.url(pager.next_path) if pager.next_path else None
    return replace(meta, prev_url=prev_url, next_url=next_url)


def _assemble(
    site: Site,
    *,
    title: str,
    social_title: str,
    description: str,
    url: str,
    canonical_url: str,
    og_type: str,
    image: SocialImage | None,
    extra: list[MetaTag],
    credits: Credits,
    robots: str | None,
    locales: Locales,
    json_ld: str,
    player: Player | None,
) -> PageMeta:
    config = site.config
    og = [
        MetaTag("property", "og:type", og_type),
        MetaTag("property", "og:site_name", config.title),
        MetaTag("property", "og:title", social_title),
        MetaTag("property", "og:description", description),
        MetaTag("property", "og:url", url),
    ]
    if locales.own:
        og.append(MetaTag("property", "og:locale", locales.own))
    og += [MetaTag("property", "og:locale:alternate", locale) for locale in locales.alternates]
    if config.social.facebook_app_id:
        og.append(MetaTag("property", "fb:app_id", config.social.facebook_app_id))
    twitter = [MetaTag("name", "twitter:card", "player" if player else _twitter_card(image))]
    if config.social.x_site:
        twitter.append(MetaTag("name", "twitter:site", config.social.x_site))
    if credits.x:
        twitter.append(MetaTag("name", "twitter:creator", credits.x))
    twitter += [
        MetaTag("name", "twitter:title", shorten(social_title, 70)),
        MetaTag("name", "twitter:description", description),
    ]
    if image:
        og += _og_image_tags(image)
        twitter.append(MetaTag("name", "twitter:image", image.url))
        if image.alt:
            twitter.append(MetaTag("name", "twitter:image:alt", shorten(image.alt, 420)))
    if player:
        twitter += [
            MetaTag("name", "twitter:player", player.url),
            MetaTag("name", "twitter:player:width", str(player.width)),
            MetaTag("name", "twitter:player:height", str(player.height)),
        ]
        if player.stream_url and player.stream_type:
            twitter.append(MetaTag("name", "twitter:player:stream", player.stream_url))
            twitter.append(MetaTag("name", "twitter:player:stream:content_type", player.stream_type))
    return PageMeta(
        title=title,
        social_title=social_title,
        description=description,
        url=url,
        canonical_url=canonical_url,
        robots=robots,
        image=image,
        # Mastodon reads the first fediverse:creator only: there is one.
        tags=tuple(
            og
            + extra
            + twitter
            + ([MetaTag("name", "fediverse:creator", credits.fediverse)] if credits.fediverse else [])
        ),
        json_ld=json_ld,
    )


def _og_image_tags(image: SocialImage) -> list[MetaTag]:
    tags = [MetaTag("property", "og:image", image.url)]
    if image.url.startswith("https://"):
        tags.append(MetaTag("property", "og:image:secure_url", image.url))
    if image.mime:
        tags.append(MetaTag("property", "og:image:type", image.mime))
    if image.width and image.height:
        tags.append(MetaTag("property", "og:image:width", str(image.width)))
        tags.append(MetaTag("property", "og:image:height", str(image.height)))
    if image.alt:
        tags.append(MetaTag("property", "og:image:alt", image.alt))
    return tags


PLAYER_PATH = "player/"


def player_for(site: Site, page: Page) -> Player | None:
    """X's player card, where its documented requirements are met: an https player page
    that can be framed, with a known size. Otherwise the page keeps the large image card."""
    video = next((m for m in site.media.get(page.url_path, ()) if m.kind == "video"), None)
    if video is None or not video.width or not video.height:
        return None
    if video.platform is not None:
        return Player(video.platform.embed_url, video.width, video.height)
    player_url = site.url(page.url_path + PLAYER_PATH)
    if not player_url.startswith("https://"):
        return None
    return Player(player_url, video.width, video.height, video.url, video.mime)


def _og_media_tags(media: Media) -> list[MetaTag]:
    prefix = f"og:{media.kind}"
    url = media.platform.embed_url if media.platform else media.url
    tags = [MetaTag("property", prefix, url)]
    if url.startswith("https://"):
        tags.append(MetaTag("property", f"{prefix}:secure_url", url))
    tags.append(MetaTag("property", f"{prefix}:type", media.mime))
    if media.kind == "video" and media.width and media.height:
        tags.append(MetaTag("property", f"{prefix}:width", str(media.width)))
        tags.append(MetaTag("property", f"{prefix}:height", str(media.height)))
    return tags


def _twitter_card(image: SocialImage | None) -> str:
    min_width, min_height = LARGE_CARD_MIN
    if image and image.width and image.height and image.width >= min_width and image.height >= min_height:
        return "summary_large_image"
    return "summary"


def _site_author(site: Site) -> Author:
    author = site.config.author
    return Author(author.name, url=author.url, x_handle=author.social.get("x"))


def _article_json_ld(
    page: Page, site: Site, url: str, description: str, image: SocialImage | None, authors: tuple[Author, ...]
) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": shorten(page.title, 110),
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.canonical or url},
        "inLanguage": page_language(site, page),
        "publisher": {"@type": "Organization", "name": site.config.title, "url": site.config.base_url},
    }
    if page.date:
        data["datePublished"] = format_rfc3339(page.date)
        data["dateModified"] = format_rfc3339(page.modified or page.date)
    if authors:
        data["author"] = [{"@type": "Person", "name": a.name, **({"url": a.url} if a.url else {})} for a in authors]
    if image:
        objects = [_image_object(each) for each in (image, *_json_ld_shapes(site, page.url_path))]
        data["image"] = objects[0] if len(objects) == 1 else objects
    main = site.main_page(page)
    if page.language != main.language and page.canonical is None:  # a translation, canonical to itself
        data["translationOfWork"] = {"@id": site.url(main.url_path)}
    if page.categories:
        data["articleSection"] = list(page.categories)
    if page.tags:
        data["keywords"] = list(page.tags)
    return render_json_ld(data)


def _image_object(image: SocialImage) -> dict[str, Any]:
    image_data: dict[str, Any] = {"@type": "ImageObject", "url": image.url}
    if image.width and image.height:
        image_data.update(width=image.width, height=image.height)
    return image_data


def _json_ld_shapes(site: Site, url_path: str) -> list[SocialImage]:
    """The page's cards of the shapes search engines ask for (1:1, 4:3, 16:9), when drawn;
    Pinterest's 2:3 card is for Pinterest alone."""
    shaped = site.shaped_images.get(url_path, {})
    return [shaped[shape] for shape in JSON_LD_SHAPES if shape in shaped]


def render_json_ld(data: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> element that no text can break out of.

    `<`, `>` and `&` become \\u escapes (still the same JSON), so "</script>" or "<!--" in a
    title cannot end the element; U+2028/2029 are escaped for old JavaScript parsers.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text
