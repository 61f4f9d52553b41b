"""sitemap.xml and robots.txt.

A page with translations is listed with each of them, and every one of those entries names
the whole cluster as `<xhtml:link rel="alternate" hreflang>` (Google's sitemap form of
hreflang), the same cluster the pages' heads name (site/translations.py).
"""

from __future__ import annotations

import datetime as dt
from array import array
from html import escape
from typing import Any

from smo_gen.content.page import Page
from smo_gen.dates import format_rfc3339
from smo_gen.digest import joined_exactly
from smo_gen.site.model import Site
from smo_gen.site.translations import language_versions

_NO_OFFSET = dt.timedelta()
_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
_XHTML = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def sitemap_inputs(site: Site) -> tuple[Any, ...] | None:
    """What decides the sitemap's bytes, for its output's key; None where that is the whole site
    (translations: each page's cluster depends on its variants, audiences and their languages).

    Each page's path, last change (its full ISO text: the instant, compared for the lists, and
    the offset, printed) and whether it is left out; the site's newest change; which pages each
    section and tag lists (their newest change is one of those). A page edited in its body alone
    leaves the sitemap as it was: rendering it took ~0.1 s of a one-edit build at 10,000 pages,
    these inputs ~0.02 s. The site's address is in every key already (site.toml).
    """
    if site.variants:
        return None
    fields: list[str] = []
    for page in site.pages:
        modified = page.modified
        fields += (page.url_path, modified.isoformat() if modified else "", "x" if page.noindex else "")
        fields.append(page.canonical or "")
    shown = joined_exactly(fields, "\0")
    # Each list's pages by their place in `site.pages`, as bytes: 30,000 names at 10,000 pages cost more.
    place = {id(page): number for number, page in enumerate(site.pages)}
    lists = tuple(
        (url_path, array("q", [place.get(id(page), -1) for page in pages]).tobytes())
        for url_path, pages in _lists(site)
    )
    return ("sitemap", site.updated if site.pages else None, shown, lists)


def render_sitemap(site: Site) -> bytes:
    """Every indexable page, the home page, section and tag pages, with their last change."""
    modified: dict[int, dt.datetime | None] = {id(page): page.modified for page in site.pages}
    # Tags hold the pages again (three times over, on the bench corpus), and comparing aware
    # times of different offsets costs ten times more than naive ones: at 10,000 pages the
    # tags' newest times took a third of a 0.1 s sitemap. So each page's time is made a
    # naive UTC time once, to compare by; it is exact, and equal times keep the first.
    utc = {
        key: moment.replace(tzinfo=None) - (moment.utcoffset() or _NO_OFFSET)
        for key, moment in modified.items()
        if moment
    }
    lines = [_url_line(site.url("/"), site.updated if site.pages else None)]
    translated = False
    for page in site.pages:
        if page.noindex or page.canonical:
            continue  # a page that asks not to be indexed, or that is a copy of another
        versions = language_versions(site, page) if site.variants else ()
        if not versions:
            lines.append(_url_line(site.url(page.url_path), modified[id(page)]))
            continue
        translated = True
        cluster = "".join(
            f'<xhtml:link rel="alternate" hreflang="{version.hreflang}" href="{escape(site.url(version.url_path))}"/>'
            for version in versions
        )
        for url_path in dict.fromkeys(version.url_path for version in versions):  # x-default is the main page again
            lines.append(_url_line(site.url(url_path), modified[id(page)], cluster))
    for url_path, pages in _lists(site):
        newest = max(filter(utc.__contains__, map(id, pages)), key=utc.__getitem__, default=None)
        lines.append(_url_line(site.url(url_path), modified[newest] if newest is not None else None))
    # The xhtml namespace only where it is used: a sitemap without translations stays as it was.
    head = ['<?xml version="1.0" encoding="UTF-8"?>', _URLSET + (_XHTML if translated else "") + ">"]
    return ("\n".join([*head, *lines, "</urlset>"]) + "\n").encode("utf-8")


def _lists(site: Site) -> list[tuple[str, tuple[Page, ...]]]:
    """The list pages the sitemap names (sections, tags and categories), each with its pages."""
    lists = [(section.url_path, section.pages) for section in site.sections]
    lists += [
        (term.url_path, term.pages)
        for _, terms in site.taxonomies
        for term in terms
        if term.url_path not in site.own_lists
    ]
    return lists


def _url_line(url: str, lastmod: dt.datetime | None, cluster: str = "") -> str:
    # xml.sax.saxutils.escape does the same and takes 15 ms to import.
    lastmod_xml = f"<lastmod>{format_rfc3339(lastmod)}</lastmod>" if lastmod else ""
    return f"  <url><loc>{escape(url, quote=False)}</loc>{lastmod_xml}{cluster}</url>"


def render_robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.url('/sitemap.xml')}\n".encode()
