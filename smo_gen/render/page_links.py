"""The links a landing page shows: share links with UTM tags, and its call to action."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from smo_gen.content.campaigns import resolve_site_path, written_at
from smo_gen.content.page import Page
from smo_gen.content.share_variants import page_utm
from smo_gen.render.share_links import ShareLink, make_share_links
from smo_gen.site.model import Site
from smo_gen.urls import encode_path


def make_path_function(base_url: str) -> Callable[[str], str]:
    """`path('/tags/')` -> '/blog/tags/' when the site lives under /blog/."""
    base_path = urlsplit(base_url).path.rstrip("/")

    def path(url_path: str) -> str:
        return encode_path(base_path + (url_path if url_path.startswith("/") else "/" + url_path))

    return path


def hashtag_safe(tag: str) -> bool:
    """Tags that make a working hashtag: letters, digits and underscores only."""
    return bool(tag) and all(ch.isalnum() or ch == "_" for ch in tag)


def page_share_links(site: Site, page: Page, short_urls: Mapping[str, str] | None = None) -> list[ShareLink]:
    """Plain share links for the page, each carrying the network's UTM tags (or its short link, by utm_source)."""
    return make_share_links(
        page_url=site.url(page.url_path),
        title=page.title,
        message=page.share_message,
        networks=site.share.networks,
        utm=page_utm(site.utm, page),
        slug=page.slug,
        campaign=page.campaign_id,
        audience=page.audience,
        mastodon_instance=site.share.mastodon_instance,
        hashtags=[tag for tag in page.tags if hashtag_safe(tag)],
        media=_pin_image(site, page),
        short_urls=short_urls,
    )


def _pin_image(site: Site, page: Page) -> str | None:
    """The image a Pinterest link pins: the page's 2:3 card, else what the page shares."""
    pin = site.shaped_images.get(page.url_path, {}).get("2:3") or site.image_for(page.url_path)
    return pin.url if pin else None


def page_cta_links(site: Site, page: Page) -> list[tuple[str, str, str]]:
    """(label, href, kind) for the page's call to action, relative links made site paths."""
    if page.cta is None:
        return []
    links = [(page.cta.label, link_href(site, page, page.cta.url), "primary")]
    if page.cta.secondary:
        links.append((page.cta.secondary.label, link_href(site, page, page.cta.secondary.url), "secondary"))
    return links


def link_href(site: Site, page: Page, url: str) -> str:
    if urlsplit(url).scheme or url.startswith("//"):
        return url
    target = resolve_site_path(written_at(page), url)
    parts = urlsplit(url)
    suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return make_path_function(site.config.base_url)(target) + suffix
