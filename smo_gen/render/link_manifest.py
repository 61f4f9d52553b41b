"""The `links` table of manifest.json: every short link and QR code, for syndication and `smo-gen report`."""

from __future__ import annotations

from typing import Any

from smo_gen.render.qr_codes import plan_qr_codes
from smo_gen.render.short_links import LinkTable
from smo_gen.site.model import Site

LINKS_KEY = "links"


def make_link_manifest(site: Site, table: LinkTable) -> dict[str, Any]:
    """`{"links": {...}}` with short links, QR codes or A/B variants; else nothing (older manifests keep their form)."""
    codes = {code.link.code: code for code in plan_qr_codes(site, table)}
    if not any(table.settings.enabled or link.code in codes or link.variant for link in table.links):
        return {}
    items = []
    for link in table.links:
        if not table.settings.enabled and link.code not in codes and not link.variant:
            continue  # without short links only printed codes and A/B variants need telling apart
        item: dict[str, Any] = {
            "code": link.code,
            "short_url": site.url(table.short_path(link)) if table.settings.enabled else None,
            "target": link.target_url,
            "page": link.page,
            "campaign": link.campaign,
            "audience": link.audience or None,
            "network": link.network,
            "placement": link.placement or None,
            "variant": link.variant or None,
        }
        if link.code in codes:
            qr = codes[link.code]
            item["qr"] = {"data": qr.data, "png": qr.png, "svg": qr.svg}
        items.append(item)
    return {LINKS_KEY: {"enabled": table.settings.enabled, "path": table.settings.path, "items": items}}
