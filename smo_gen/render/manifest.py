"""`manifest.json`: the published pages as data, the contract between build and syndication.

Syndication reads only this file, so it must say everything a post needs (URL, title,
description, dates, tags, image) and carry a schema version that changes when its shape does.
Each page and variant says when it is live (`live_from`, `live_until`) and whether it is a
`draft`, exactly as the build decides, whatever options the build itself was run with.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any
from urllib.parse import unquote

from smo_gen import __version__
from smo_gen.config.site_config import built_settings
from smo_gen.content.media import Media
from smo_gen.content.page import CallToAction, Page
from smo_gen.content.placements import SHARE_VARIANT_KEY
from smo_gen.content.share_variants import page_utm
from smo_gen.dates import format_rfc3339
from smo_gen.digest import stable_digest
from smo_gen.render.document_parts import Assembled, PreviousDocument
from smo_gen.render.kept_entries import assemble_json_document
from smo_gen.render.social_meta import describe_page
from smo_gen.site.model import Site, SocialImage, image_identity, publication_window

MANIFEST_SCHEMA = 1
MANIFEST_FILE = "manifest.json"


def make_manifest(site: Site) -> dict[str, Any]:
    """Every published page, each with its audience variants, as plain data."""
    return {**_head(site), "pages": [_page_entry(site, page) for page in site.pages]}


def _head(site: Site) -> dict[str, Any]:
    return {
        "schema": MANIFEST_SCHEMA,
        "generator": f"smo-gen {__version__}",
        "site": {
            "title": site.config.title,
            "url": site.config.base_url,
            "language": site.config.language,
            "description": site.config.description,
        },
    }


def _page_entry(site: Site, page: Page) -> dict[str, Any]:
    entry = _entry(site, page)
    entry["variants"] = [_entry(site, variant) for variant in site.variants_of(page)]
    return entry


def _entry_key(site: Site, page: Page, settings: str) -> str | None:
    """A digest of everything the entry of `page` shows, or None for pages built by hand.

    Each page's identity (its source digest) decides its fields; site.toml (`settings`)
    decides the rest, except the images and media found for it, which are digested too.
    """
    group = (page, *site.variants_of(page))
    identities = [member.stable_identity() for member in group]
    if None in identities:
        return None
    found = [
        (
            image_identity(site.image_for(member.url_path)),
            site.media.get(member.url_path, ()),
            site.shaped_images.get(member.url_path),
        )
        for member in group
    ]
    return hashlib.sha256(f"{settings}{identities!r}{found!r}".encode("utf-8", "surrogatepass")).hexdigest()


def _entry(site: Site, page: Page) -> dict[str, Any]:
    image = site.image_for(page.url_path)
    utm = page_utm(site.utm, page)
    live_from, live_until = publication_window(page)
    entry: dict[str, Any] = {
        "id": page.url_path,
        "url": site.url(page.url_path),
        "path": page.url_path,
        "slug": page.slug,
        "source": page.source_path,
        "audience": page.audience,
        "campaign": page.campaign_id,
        "title": page.title,
        "description": describe_page(page, site),
        "summary": page.summary,
        "message": page.share_message,
        "date_published": format_rfc3339(page.date) if page.date else None,
        "date_modified": format_rfc3339(page.modified) if page.modified else None,
        "publish_date": format_rfc3339(page.publish_date) if page.publish_date else None,
        "expires": format_rfc3339(page.expiry_date) if page.expiry_date else None,
        "draft": page.draft,
        # When the page is live, decided as the build decides (`publication_window`), so that
        # syndication never posts a scheduled or expired page from a --future or --expired build.
        "live_from": format_rfc3339(live_from) if live_from else None,
        "live_until": format_rfc3339(live_until) if live_until else None,
        "tags": list(page.tags),
        "categories": list(page.categories),
        "authors": [author.name for author in page.authors],
        "language": page.language or site.config.language,
        "canonical": page.canonical or site.url(page.url_path),
        "noindex": page.noindex,
        "utm": dataclasses.asdict(utm),
        "cta": _cta(page.cta),
        "image": None,
        "media": [_media(item) for item in site.media.get(page.url_path, ())],
        "digest": page.digest,
    }
    # Syndication's own, only when the front matter sets them: the posting window, and what the
    # post says per network or target.
    for key, moment in (("syndicate_after", page.syndicate_after), ("syndicate_before", page.syndicate_before)):
        if moment:
            entry[key] = format_rfc3339(moment)
    if page.messages:
        entry["messages"] = dict(page.messages)
    if not page.syndicated:
        entry["syndicate"] = False
    if page.params.get(SHARE_VARIANT_KEY):  # an A/B share variant: syndication alternates them
        entry["variant"] = page.params[SHARE_VARIANT_KEY]
    if image:
        entry["image"] = _image_entry(site, image)
    shaped = site.shaped_images.get(page.url_path)
    if shaped:  # only with [cards] shapes or Pinterest sharing: older manifests keep their form
        entry["images"] = {shape: _image_entry(site, card) for shape, card in shaped.items()}
    return entry


def _image_entry(site: Site, image: SocialImage) -> dict[str, Any]:
    return {
        "url": image.url,
        # The file inside the output folder, for syndication to upload as a link-card thumbnail.
        "file": _output_file(site, image.url),
        "width": image.width,
        "height": image.height,
        "type": image.mime,
        "alt": image.alt,
    }


def _media(media: Media) -> dict[str, Any]:
    return {
        "kind": media.kind,
        "url": media.url,
        "type": media.mime,
        "size": media.byte_size,
        "width": media.width,
        "height": media.height,
        "duration": media.duration,
        "platform": media.platform.name if media.platform else None,
        "embed_url": media.platform.embed_url if media.platform else None,
    }


def _cta(cta: CallToAction | None) -> dict[str, Any] | None:
    if cta is None:
        return None
    return {"label": cta.label, "url": cta.url, "secondary": _cta(cta.secondary)}


def _output_file(site: Site, url: str) -> str | None:
    base = site.config.base_url
    return unquote(url[len(base) :]) if url.startswith(base) else None


def render_manifest(
    site: Site, previous: PreviousDocument | None = None, extra: dict[str, Any] | None = None
) -> Assembled:
    """The manifest as JSON with one page (and its variants) a line: readable, diffable, and
    written by json's C encoder (indented output goes through its pure-Python one).

    Each page's line is kept between builds (as feed entries are), so an edit makes one line.
    `previous` is the manifest the last build wrote, with where its lines lie (the build layer
    reads it: see build/caches/feed_entries.py); `extra` adds top-level keys (the short links and QR codes).
    """
    config = site.config
    # Digested once, not in each of 10,000 keys.
    settings = stable_digest(built_settings(config), site.utm)
    keys: list[str] = []
    made: dict[int, bytes] = {}
    for index, page in enumerate(site.pages):
        key = _entry_key(site, page, settings)
        if key is None:
            made[index] = _line(site, page)
            key = "made:" + hashlib.sha256(made[index]).hexdigest()
        keys.append(key)
    return assemble_json_document(
        {**_head(site), **(extra or {})},
        "pages",
        keys,
        previous,
        lambda index: made.get(index) or _line(site, site.pages[index]),
    )


def _line(site: Site, page: Page) -> bytes:
    return json.dumps(_page_entry(site, page), ensure_ascii=False).encode("utf-8")
