"""sitemap.xml and robots.txt."""

from __future__ import annotations

from html import escape

from .dates import format_rfc3339
from .site import Site


def render_sitemap(site: Site) -> bytes:
    """Every indexable page, the home page and tag pages, with their last change."""
    entries: list[tuple[str, str | None]] = [(site.url("/"), format_rfc3339(site.updated) if site.pages else None)]
    for page in site.pages:
        if page.noindex or page.canonical:
            continue  # a page that asks not to be indexed, or that is a copy of another
        modified = page.modified
        entries.append((site.url(page.url_path), format_rfc3339(modified) if modified else None))
    for tag in site.tags:
        newest = max((p.modified for p in tag.pages if p.modified), default=None)
        entries.append((site.url(tag.url_path), format_rfc3339(newest) if newest else None))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in entries:
        lastmod_xml = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        # xml.sax.saxutils.escape does the same and takes 15 ms to import.
        lines.append(f"  <url><loc>{escape(url, quote=False)}</loc>{lastmod_xml}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.url('/sitemap.xml')}\n".encode()
