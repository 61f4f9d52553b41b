"""`manifest.json`: the published pages as data, the contract between build and syndication.

Syndication reads only this file, so it must say everything a post needs (URL, title,
description, dates, tags, image) and carry a schema version that changes when its shape does.
"""

from __future__ import annotations

import json
from typing import Any

from . import __version__
from .dates import format_rfc3339
from .meta import describe_page
from .site import Site

MANIFEST_SCHEMA = 1


def make_manifest(site: Site) -> dict[str, Any]:
    entries = []
    for page in site.pages:
        image = site.image_for(page.url_path)
        entry: dict[str, Any] = {
            "id": page.url_path,
            "url": site.url(page.url_path),
            "path": page.url_path,
            "source": page.source_path,
            "title": page.title,
            "description": describe_page(page, site),
            "summary": page.summary,
            "date_published": format_rfc3339(page.date) if page.date else None,
            "date_modified": format_rfc3339(page.modified) if page.modified else None,
            "expires": format_rfc3339(page.expiry_date) if page.expiry_date else None,
            "tags": list(page.tags),
            "authors": [author.name for author in page.authors],
            "language": page.language or site.config.language,
            "canonical": page.canonical or site.url(page.url_path),
            "noindex": page.noindex,
            "image": None,
            "digest": page.digest,
        }
        if image:
            entry["image"] = {
                "url": image.url,
                "width": image.width,
                "height": image.height,
                "type": image.mime,
                "alt": image.alt,
            }
        entries.append(entry)
    return {
        "schema": MANIFEST_SCHEMA,
        "generator": f"smo-gen {__version__}",
        "site": {
            "title": site.config.title,
            "url": site.config.base_url,
            "language": site.config.language,
            "description": site.config.description,
        },
        "pages": entries,
    }


def render_manifest(site: Site) -> bytes:
    return (json.dumps(make_manifest(site), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
