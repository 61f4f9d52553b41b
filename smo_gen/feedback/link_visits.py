"""Counting what the site's own links brought, from its access log: no cookie, no third party.

Two things are counted per campaign, audience, network, placement and A/B variant: hits on a short
link (`/go/<code>/`, known from the build's manifest.json) and landings on a page whose query carries
`utm_*` tags (matched to the link that carries exactly those tags, else taken at face value).

Left out, each counted so the report can say how many: HEAD requests (link checkers and previews
ask for headers only), other methods, failed answers (status 400 and up), robots (by user agent:
crawlers, link-preview fetchers, command-line tools; an empty agent too), and repeats: the same
address asking for the same link again within `window` of the visit that was counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from smo_gen.feedback.access_log import AccessLog, Request

DEFAULT_WINDOW = dt.timedelta(minutes=30)
Key = tuple[str, str, str, str, str]  # campaign, audience, network, placement, variant
# Tokens of the user agents of programs, not people: crawlers, the fetchers that draw link previews
# on social networks and chat apps, monitors, and HTTP libraries and tools.
BOT_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|preview|fetcher|facebookexternalhit|facebookcatalog|embedly|"
    r"whatsapp|skypeuripreview|mastodon|pleroma|akkoma|misskey|http\.rb|bluesky|cardyb|"
    r"curl/|wget/|python|httpx|aiohttp|go-http-client|java/|okhttp|libwww|node-fetch|axios|"
    r"headlesschrome|phantomjs|lighthouse|pingdom|uptime|monitor|scanner|validator|checker|feed|"
    r"google-|googleother|mediapartners|externalagent|externalfetcher|iframely|vkshare|ia_archiver|"
    r"semrush|ahrefs|yandex|baidu|bytespider|petalbot|scrapy|postman|httpclient|undici|zgrab|masscan|nmap|nuclei|censys",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class KnownLink:
    """A link of the build (from manifest.json's `links`): what it is for and where it leads."""

    code: str
    key: Key
    target_path: str
    utm: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class LinkCatalogue:
    site_url: str
    short_path: str  # "/go/", inside the site's own path
    links: tuple[KnownLink, ...]


@dataclass(frozen=True)
class VisitRow:
    campaign: str
    audience: str
    network: str
    placement: str
    variant: str
    short_hits: int = 0
    landings: int = 0

    @property
    def visits(self) -> int:
        return self.short_hits + self.landings


@dataclass(frozen=True)
class VisitCounts:
    """Counted visits per link, and what was left out and why."""

    rows: tuple[VisitRow, ...]
    head: int = 0
    other_methods: int = 0
    failed: int = 0
    bots: int = 0
    repeats: int = 0
    unknown_codes: int = 0
    unreadable: int = 0
    window: dt.timedelta = DEFAULT_WINDOW

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.rows)


def parse_link_catalogue(manifest: Mapping[str, Any]) -> LinkCatalogue:
    site_url = str(manifest.get("site", {}).get("url") or "/")
    table = manifest.get("links") or {}
    base_path = urlsplit(site_url).path.rstrip("/")
    links = []
    for item in table.get("items", ()):
        target = urlsplit(str(item.get("target") or ""))
        key: Key = tuple(
            str(item.get(name) or "") for name in ("campaign", "audience", "network", "placement", "variant")
        )  # type: ignore[assignment]
        links.append(KnownLink(str(item["code"]), key, target.path, _utm_of(target.query)))
    return LinkCatalogue(site_url, base_path + str(table.get("path") or "/go/"), tuple(links))


def _utm_of(query: str) -> frozenset[tuple[str, str]]:
    return frozenset(
        (name.casefold(), value.casefold()) for name, value in parse_qsl(query) if name.casefold().startswith("utm_")
    )


def is_bot(agent: str | None) -> bool:
    """Whether a user agent is a program's; None (a log format without agents) is taken as a person."""
    if agent is None:
        return False
    return not agent.strip() or agent.strip() == "-" or BOT_AGENT.search(agent) is not None


def count_visits(log: AccessLog, catalogue: LinkCatalogue, window: dt.timedelta = DEFAULT_WINDOW) -> VisitCounts:
    """Count short-link hits and tagged landings per link, leaving out HEAD, failures, robots and repeats."""
    by_code = {link.code: link for link in catalogue.links}
    by_target = {(link.target_path, link.utm): link for link in catalogue.links}
    short = re.compile(re.escape(catalogue.short_path) + r"([a-z0-9]+)(?:/|/index\.html)?$")
    excluded = dict.fromkeys(("head", "other_methods", "failed", "bots", "repeats", "unknown_codes"), 0)
    counted: dict[Key, list[int]] = {}
    last: dict[tuple[str, str, object], dt.datetime] = {}
    for request in sorted(log.requests, key=lambda request: request.time):
        found = _classify(request, short, by_code, by_target)
        if found is None:
            continue  # not a link of ours: an ordinary page view
        kind, key, identity = found
        reason = _left_out(request)
        if reason is None and kind == "unknown":
            reason = "unknown_codes"
        if reason is None:
            seen = (request.address, kind, identity)
            earlier = last.get(seen)
            if earlier is not None and request.time - earlier < window:
                reason = "repeats"
            else:
                last[seen] = request.time
        if reason is not None:
            excluded[reason] += 1
            continue
        counted.setdefault(key, [0, 0])[0 if kind == "short" else 1] += 1
    rows = tuple(
        VisitRow(*key, short_hits=hits, landings=landings) for key, (hits, landings) in sorted(counted.items())
    )
    return VisitCounts(rows, unreadable=log.unreadable, window=window, **excluded)


def _left_out(request: Request) -> str | None:
    if request.method == "HEAD":
        return "head"
    if request.method != "GET":
        return "other_methods"
    if request.status >= 400:
        return "failed"
    if is_bot(request.agent):
        return "bots"
    return None


def _classify(
    request: Request,
    short: re.Pattern[str],
    by_code: Mapping[str, KnownLink],
    by_target: Mapping[tuple[str, frozenset[tuple[str, str]]], KnownLink],
) -> tuple[str, Key, object] | None:
    """("short" | "landing" | "unknown", the link's key, what a repeat must match), or None for other requests."""
    parts = urlsplit(request.target)
    path = unquote(parts.path)
    match = short.match(path)
    if match:
        link = by_code.get(match.group(1))
        if link is None:
            return "unknown", ("", "", "", "", ""), match.group(1)
        return "short", link.key, link.code
    utm = _utm_of(parts.query)
    if not utm:
        return None
    link = by_target.get((parts.path, utm)) or by_target.get((path, utm))
    if link is not None:
        return "landing", link.key, (link.target_path, utm)
    return "landing", _face_value(dict(utm)), (path, utm)


def _face_value(utm: Mapping[str, str]) -> Key:
    """A tagged landing no link of this build carries: campaign, source and content as they are."""
    content = utm.get("utm_content", "")
    placement = content if utm.get("utm_medium") == "qr" else ""
    audience = "" if placement else content
    return (utm.get("utm_campaign", "(no campaign)"), audience, utm.get("utm_source", "(no source)"), placement, "")
