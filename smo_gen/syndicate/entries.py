"""The pages to syndicate, read from the build's `manifest.json` (syndication reads nothing else)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from smo_gen.data_files import read_data_text
from smo_gen.errors import Problem, SmoError
from smo_gen.render.manifest import MANIFEST_FILE, MANIFEST_SCHEMA
from smo_gen.utm import UtmSettings, parse_utm_settings


@dataclass(frozen=True)
class EntryImage:
    url: str
    path: Path | None  # the file in the output folder, for networks that want the image uploaded
    type: str | None
    alt: str


@dataclass(frozen=True)
class Entry:
    """One published page (or audience variant) as the manifest describes it."""

    id: str
    url: str
    site_url: str
    slug: str
    title: str
    description: str
    message: str
    campaign: str | None
    audience: str | None
    tags: tuple[str, ...]
    language: str
    draft: bool
    published: dt.datetime | None
    publish_date: dt.datetime | None
    expires: dt.datetime | None
    live_from: dt.datetime | None  # when the page comes out, as the build decides (publishDate, else date)
    live_until: dt.datetime | None  # when it goes (expiryDate)
    utm: UtmSettings
    image: EntryImage | None
    variants: tuple[Entry, ...] = ()
    syndicate_after: dt.datetime | None = None  # the page's posting window (front matter)
    syndicate_before: dt.datetime | None = None
    messages: Mapping[str, str] = field(default_factory=dict)  # per network or target name
    syndicated: bool = True  # False: the front matter says 'syndicate: false'
    short_links: Mapping[str, str] = field(default_factory=dict)  # utm_source -> the site's /go/<code>/ URL
    share_variant: str | None = None  # "a", "b": an A/B share variant of its page


@dataclass(frozen=True)
class Manifest:
    site_url: str
    site_title: str
    entries: tuple[Entry, ...]


def load_manifest(output_dir: Path) -> Manifest:
    path = output_dir / MANIFEST_FILE
    text = read_data_text(path, hint="rebuild the site with 'smo-gen build'")
    if text is None:
        raise SmoError(Problem(f"no {MANIFEST_FILE} in {output_dir}", hint="run 'smo-gen build' first"))
    return parse_manifest(text, output_dir, where=str(path))


def parse_manifest(text: str, output_dir: Path, where: str = MANIFEST_FILE) -> Manifest:
    """Parse a manifest; image files are located inside `output_dir`."""
    try:
        data = json.loads(text)
        if data.get("schema") != MANIFEST_SCHEMA:
            raise SmoError(
                Problem(
                    f"schema {data.get('schema')!r} is not the {MANIFEST_SCHEMA} this smo-gen reads",
                    path=where,
                    hint="rebuild the site with this version of smo-gen",
                )
            )
        site = data["site"]
        short = short_links_by_page(data)
        entries = tuple(_entry(page, site, output_dir, short=short) for page in data["pages"])
        return Manifest(site_url=str(site["url"]), site_title=str(site.get("title") or ""), entries=entries)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SmoError(
            Problem(
                f"not a manifest smo-gen can read: {error}", path=where, hint="rebuild the site with 'smo-gen build'"
            )
        ) from None


def _entry(
    page: Mapping[str, Any],
    site: Mapping[str, Any],
    output_dir: Path,
    main_slug: str = "",
    short: Mapping[str, Mapping[str, str]] | None = None,
) -> Entry:
    path = str(page["path"])
    slug = main_slug or PurePosixPath(path.rstrip("/") or "/").name or "index"
    utm, _ = parse_utm_settings(page.get("utm") or {}, MANIFEST_FILE)
    image = page.get("image")
    return Entry(
        id=str(page["id"]),
        url=str(page["url"]),
        site_url=str(site["url"]),
        slug=slug,
        title=str(page.get("title") or ""),
        description=str(page.get("description") or ""),
        message=str(page.get("message") or page.get("title") or ""),
        campaign=page.get("campaign"),
        audience=page.get("audience"),
        tags=tuple(str(tag) for tag in page.get("tags") or ()),
        language=str(page.get("language") or site.get("language") or ""),
        draft=bool(page.get("draft")),
        published=_moment(page.get("date_published")),
        publish_date=_moment(page.get("publish_date")),
        expires=_moment(page.get("expires")),
        # Manifests of earlier versions lack the window: the build's rule, applied to their dates.
        live_from=_moment(
            page["live_from"] if "live_from" in page else page.get("publish_date") or page.get("date_published")
        ),
        live_until=_moment(page["live_until"] if "live_until" in page else page.get("expires")),
        utm=utm,
        image=EntryImage(
            url=str(image["url"]),
            path=output_dir / image["file"] if image.get("file") else None,
            type=image.get("type"),
            alt=str(image.get("alt") or ""),
        )
        if image
        else None,
        variants=tuple(_entry(variant, site, output_dir, slug, short) for variant in page.get("variants") or ()),
        syndicate_after=_moment(page.get("syndicate_after")),
        syndicate_before=_moment(page.get("syndicate_before")),
        messages={str(k): str(v) for k, v in (page.get("messages") or {}).items()},
        syndicated=page.get("syndicate", True) is not False,
        short_links=(short or {}).get(path, {}),
        share_variant=str(page["variant"]) if page.get("variant") else None,
    )


def short_links_by_page(data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Page path -> utm_source -> short URL, from the manifest's `links` (present with `[short_links]`)."""
    found: dict[str, dict[str, str]] = {}
    links = data.get("links") or {}
    for item in links.get("items", ()) if links.get("enabled") else ():
        if item.get("short_url") and not item.get("placement"):
            found.setdefault(str(item["page"]), {})[str(item["network"])] = str(item["short_url"])
    return found


def _moment(value: object) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def is_live(entry: Entry, now: dt.datetime) -> str | None:
    """Why `entry` must not be posted now (a draft, scheduled, expired), or None when it may be.

    Checked against now, from the window the manifest carries: a --drafts, --future or --expired
    build lists such pages, but they are still not posted until they are live.
    """
    if entry.draft:
        return "a draft"
    if entry.live_from and entry.live_from > now:
        return f"scheduled for {entry.live_from.isoformat()}"
    if entry.live_until and entry.live_until <= now:
        return f"expired on {entry.live_until.isoformat()}"
    return None


def matches_page(entry: Entry, wanted: str) -> bool:
    """`--page` accepts the page's URL, its path ('/spring-sale/'), or the path without slashes."""
    wanted = wanted.strip()
    if "://" in wanted:
        return wanted.rstrip("/") == entry.url.rstrip("/") or urlsplit(wanted).path.rstrip("/") == entry.id.rstrip("/")
    return wanted.strip("/") == entry.id.strip("/")


def entries_for(entry: Entry, audiences: Sequence[str], turn: int = 0) -> Iterator[Entry]:
    """What a target posts for a page: its audience variants when it names audiences, else the page.

    A page without a variant for any of the target's audiences is posted as itself, or, when it
    has A/B share variants, as the one whose turn it is (`turn`: the target's place in the run),
    so the variants alternate across targets.
    """
    variants = [variant for variant in entry.variants if audiences and variant.audience in audiences]
    if variants:
        yield from variants
        return
    shares = [variant for variant in entry.variants if variant.share_variant]
    yield shares[turn % len(shares)] if shares else entry
