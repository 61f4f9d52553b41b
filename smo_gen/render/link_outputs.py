"""The files short links and QR codes add to a build, each planned with the values that decide it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from smo_gen.render.qr_codes import plan_qr_codes, render_qr_png, render_qr_svg
from smo_gen.render.short_links import (
    LinkTable,
    render_htaccess,
    render_netlify_redirects,
    render_nginx_map,
    render_redirect_page,
)
from smo_gen.site.model import Site
from smo_gen.urls import output_file_for

NETLIFY_FILE = "_redirects"
NGINX_FILE = "short-links.nginx.conf"  # inside the short-link folder
APACHE_FILE = ".htaccess"  # inside the short-link folder: it then applies to nothing else

LinkOutput = tuple[str, tuple[Any, ...], Callable[[], bytes]]  # dest, inputs, render


def own_redirects(static_dir: Path) -> bytes:
    """The site's own `_redirects` from its static folder, if it has one.

    Read here, while planning, because the build's `_redirects` replaces the static copy: it
    must carry the site's own rules (first, so they win on Netlify) as well as the short links.
    """
    path = static_dir / NETLIFY_FILE
    try:
        return path.read_bytes() if path.is_file() else b""
    except OSError:
        return b""


def _join_redirects(own: bytes, table: LinkTable, base_path: str) -> bytes:
    rules = render_netlify_redirects(table, base_path)
    if not own:
        return rules
    return own + (b"" if own.endswith(b"\n") else b"\n") + rules


def plan_link_outputs(site: Site, table: LinkTable) -> Iterator[LinkOutput]:
    """The `/go/<code>/` pages and host rules (with `[short_links]`), and every QR code's PNG and SVG."""
    if table.settings.enabled and table.links:
        base_path = urlsplit(site.config.base_url).path.rstrip("/")
        titles = {page.url_path: page.title for page in site.all_pages}
        for link in table.links:
            title = titles.get(link.page) or link.campaign
            page_url = site.url(link.page)
            render = functools.partial(render_redirect_page, table, link, page_url, title)
            yield output_file_for(table.short_path(link)), ("short link", link, page_url, title), render
        folder = table.settings.path.strip("/")
        rules = ("short link rules", table.links, table.settings, base_path)
        own = own_redirects(site.config.static_dir)
        yield NETLIFY_FILE, (*rules, own), functools.partial(_join_redirects, own, table, base_path)
        yield f"{folder}/{NGINX_FILE}", rules, functools.partial(render_nginx_map, table, base_path)
        yield f"{folder}/{APACHE_FILE}", rules, functools.partial(render_htaccess, table, base_path)
    for code in plan_qr_codes(site, table):
        title = f"{code.link.campaign} {code.link.audience} {code.link.placement}".replace("  ", " ")
        yield code.png, ("qr png", code.data), functools.partial(render_qr_png, code.data)
        yield code.svg, ("qr svg", code.data, title), functools.partial(render_qr_svg, code.data, title)
