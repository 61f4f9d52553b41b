"""Short links on the site's own domain: `/go/<code>/` for every share link, syndicated link and QR code.

Each tracked link (a page, or one of its audience or A/B variants, shared on one network or printed
at one placement) gets a code made from its campaign, audience, network, placement and variant, so
the code never changes while those do not, whatever else of the site changes. Readers who follow
it get a static page that sends them on (meta refresh plus a plain link, no script), and the host's
redirect rules (`_redirects`, an nginx `map`, an Apache `.htaccess`) can answer it before that page.

`make_link_table` is pure; site.toml's `[short_links]` table turns the short links on.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from smo_gen.config.share_settings import UTM_SOURCES
from smo_gen.content.page import Page
from smo_gen.content.placements import SHARE_VARIANT_KEY, page_placements
from smo_gen.content.share_variants import page_utm
from smo_gen.errors import Problem
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import TableReader, make_toml_line_finder
from smo_gen.site.model import Site
from smo_gen.utm import UtmSettings, tag_url

SECTION = "short_links"
DEFAULT_PATH = "/go/"
CODE_LENGTH = 7  # base32: 35 bits, so a site of thousands of links meets no clash in practice
QR_NETWORK = "qr"  # the utm_source (and the network in reports) of a printed QR code
_PATH = lazy_pattern(r"^/([a-z0-9][a-z0-9_-]*/)+$")


@dataclass(frozen=True)
class ShortLinkSettings:
    """`[short_links]`: whether links go through `/go/<code>/`, and under which folder."""

    enabled: bool = False
    path: str = DEFAULT_PATH


@dataclass(frozen=True)
class TrackedLink:
    """One link the site hands out: who it is for, where it leads (UTM-tagged) and its short code."""

    code: str
    page: str  # the url_path of the page (or variant) it leads to
    campaign: str
    audience: str  # "" for the main page
    network: str  # the utm_source: a network's name, or "qr"
    placement: str  # "" unless printed: "window", "flyer"
    variant: str  # "" unless an A/B share variant: "a", "b"
    target_url: str  # absolute, with the utm_* parameters

    def key(self) -> tuple[str, str, str, str, str]:
        return (self.campaign, self.audience, self.network, self.placement, self.variant)


@dataclass(frozen=True)
class LinkTable:
    """Every tracked link of a site, and how short links are set up."""

    settings: ShortLinkSettings
    links: tuple[TrackedLink, ...]

    def short_path(self, link: TrackedLink) -> str:
        return f"{self.settings.path}{link.code}/"

    def for_page(self, url_path: str) -> tuple[TrackedLink, ...]:
        return tuple(link for link in self.links if link.page == url_path)

    def share_urls(self, site: Site, url_path: str) -> dict[str, str]:
        """network -> the absolute short URL the page's share links carry (empty when short links are off)."""
        if not self.settings.enabled:
            return {}
        return {link.network: site.url(self.short_path(link)) for link in self.for_page(url_path) if not link.placement}

    def printed_url(self, site: Site, link: TrackedLink) -> str:
        """What a QR code encodes: the short link when they are on, else the tagged page URL."""
        return site.url(self.short_path(link)) if self.settings.enabled else link.target_url


def parse_short_link_settings(sections: Mapping[str, Any], text: str) -> tuple[ShortLinkSettings, list[Problem]]:
    """Read `[short_links]` (present: on, unless `enabled = false`); `text` is site.toml's, for line numbers."""
    if SECTION not in sections:
        return ShortLinkSettings(), []
    problems: list[Problem] = []
    reader = TableReader(
        sections[SECTION],
        path="site.toml",
        prefix=f"{SECTION}.",
        problems=problems,
        line_of=make_toml_line_finder(text),
    )
    enabled = reader.boolean("enabled", True)
    path = reader.string("path", DEFAULT_PATH)
    if not path.startswith("/"):
        path = "/" + path
    if not path.endswith("/"):
        path += "/"
    if not _PATH.match(path) or path == "/":
        reader.problem(
            "path", f"expected a folder such as '/go/' (lower-case letters, digits, '-' and '_'), got '{path}'"
        )
        path = DEFAULT_PATH
    for key in sorted(set(reader.table) - reader.seen):
        reader.problem(key, f"unknown key '{key}'", "expected one of: enabled, path")
    return ShortLinkSettings(enabled=enabled, path=path), problems


def short_code(campaign: str, audience: str, network: str, placement: str, variant: str, salt: str = "") -> str:
    """The code of a link: the same five values always give the same code (lower-case base32)."""
    text = f"{campaign}\x1f{audience}\x1f{network}\x1f{placement}\x1f{variant}\x1f{salt}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH].lower()


def link_networks(site: Site) -> tuple[str, ...]:
    """The utm_source names links are made for: the share networks, then syndication targets' networks."""
    names = [UTM_SOURCES.get(network, network) for network in site.share.networks]
    targets = site.config.sections.get("targets") or {}
    tables = targets.values() if isinstance(targets, dict) else targets
    for table in tables:
        network = table.get("network") if isinstance(table, dict) else None
        if isinstance(network, str) and network and UTM_SOURCES.get(network, network) not in names:
            names.append(UTM_SOURCES.get(network, network))
    return tuple(names)


def make_link_table(site: Site, settings: ShortLinkSettings) -> LinkTable:
    """Every page's links (per network, per QR placement), each with its code; codes never clash.

    Pages that share a campaign id would get the same code for the same audience, network and
    placement: the page first by path keeps the plain code, the others get one salted with their path.
    """
    if not settings.enabled and not any(_needs_codes(page) for page in site.all_pages):
        # Nothing this site publishes shows a code: skip the work (half a second at 1,000 pages).
        return LinkTable(settings, ())
    networks = link_networks(site)
    made: list[TrackedLink] = []
    for page in sorted(site.all_pages, key=lambda page: page.url_path):
        made += _page_links(site, page, networks)
    taken: set[str] = set()
    links: list[TrackedLink] = []
    for link in made:
        code, salt = link.code, ""
        while code in taken:
            salt += link.page
            code = short_code(*link.key(), salt=salt)
        taken.add(code)
        links.append(replace(link, code=code))
    return LinkTable(settings, tuple(links))


def _needs_codes(page: Page) -> bool:
    """Whether a page's links have codes to tell apart without short links: printed codes and A/B variants."""
    return bool(page.params.get(SHARE_VARIANT_KEY)) or bool(page_placements(page))


def _page_links(site: Site, page: Page, networks: Sequence[str]) -> list[TrackedLink]:
    utm = page_utm(site.utm, page)  # an A/B variant is told apart by its utm_content
    variant = str(page.params.get(SHARE_VARIANT_KEY) or "")
    campaign, audience = page.campaign_id, page.audience or ""
    page_url = site.url(page.url_path)

    def link(network: str, placement: str, settings: UtmSettings) -> TrackedLink:
        target = tag_url(page_url, settings, network=network, slug=page.slug, campaign=campaign, audience=page.audience)
        code = short_code(campaign, audience, network, placement, variant)
        return TrackedLink(code, page.url_path, campaign, audience, network, placement, variant, target)

    links = [link(network, "", utm) for network in networks]
    if not variant:  # a printed code shows the page itself, not one of its share texts
        for placement in page_placements(page):
            links.append(link(QR_NETWORK, placement, replace(utm, source="{network}", medium="qr", content=placement)))
    return links


def render_redirect_page(table: LinkTable, link: TrackedLink, page_url: str, title: str) -> bytes:
    """The page at `/go/<code>/`: a meta refresh and a plain link to the tagged page; no script."""
    target = escape(link.target_url, quote=True)
    text = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer-when-downgrade">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{escape(page_url, quote=True)}">
</head>
<body>
<p><a href="{target}">{escape(title)}</a></p>
</body>
</html>
"""
    return text.encode("utf-8")


def _sources(table: LinkTable, base_path: str) -> Iterable[tuple[str, TrackedLink]]:
    for link in sorted(table.links, key=lambda link: link.code):
        yield f"{base_path}{table.short_path(link)}", link


def render_netlify_redirects(table: LinkTable, base_path: str) -> bytes:
    """`_redirects` for Netlify and Cloudflare Pages: one 302 per short link, with and without its slash."""
    lines = ["# Short links made by smo-gen ([short_links] in site.toml). 302: every click reaches the logs."]
    for source, link in _sources(table, base_path):
        lines.append(f"{source} {link.target_url} 302")
        lines.append(f"{source.rstrip('/')} {link.target_url} 302")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_nginx_map(table: LinkTable, base_path: str) -> bytes:
    """An nginx `map` of the short links, to include in the `http` block (README shows the `server` side)."""
    lines = [
        "# Short links made by smo-gen. In http {}: include this file;",
        "# in server {}: if ($smo_short_link) { return 302 $smo_short_link; }",
        "map $uri $smo_short_link {",
        '    default "";',
    ]
    for source, link in _sources(table, base_path):
        target = link.target_url.replace("\\", "%5C").replace('"', "%22").replace("$", "%24")
        lines.append(f'    {source} "{target}";')
        lines.append(f'    {source.rstrip("/")} "{target}";')
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_htaccess(table: LinkTable, base_path: str) -> bytes:
    """An Apache `.htaccess` for the short-link folder: one `RedirectMatch 302` per code."""
    lines = ["# Short links made by smo-gen (mod_alias)."]
    for source, link in _sources(table, base_path):
        target = link.target_url.replace('"', "%22")
        lines.append(f'RedirectMatch 302 "^{re.escape(source.rstrip("/"))}/?$" "{target}"')
    return ("\n".join(lines) + "\n").encode("utf-8")
