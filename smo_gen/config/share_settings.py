"""Site.toml's `[share]` table: which networks get share links, in what order, and the Mastodon
server to share to, with the networks' names, labels and `utm_source` values.

Read with the rest of site.toml; render/share_links.py makes the links, and syndication and the
feedback report use the same names and labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from smo_gen.errors import Problem, did_you_mean
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import describe_value

_HOST_LABEL = lazy_pattern(r"(?!-)[a-z0-9-]{1,63}(?<!-)")

SHARE_NETWORKS: tuple[str, ...] = (
    "x",
    "facebook",
    "linkedin",
    "bluesky",
    "mastodon",
    "reddit",
    "hackernews",
    "whatsapp",
    "telegram",
    "email",
)
# Networks known besides the default ones: Pinterest pins an image, so its link is there only when
# asked for (and makes the build draw each page's 1000x1500 card for it).
OPTIONAL_NETWORKS: tuple[str, ...] = ("pinterest",)
ALL_NETWORKS = SHARE_NETWORKS + OPTIONAL_NETWORKS

NETWORK_LABELS: Mapping[str, str] = {
    "x": "X",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "reddit": "Reddit",
    "hackernews": "Hacker News",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "email": "Email",
    "pinterest": "Pinterest",
    "threads": "Threads",  # no share button; named in replies read back by `smo-gen feedback`
}

# The `utm_source` each network's links carry; syndication should use the same names so that a
# network's shares and its syndicated posts add up to one source in analytics.
UTM_SOURCES: Mapping[str, str] = {network: network for network in ALL_NETWORKS}

# Names people are likely to write for a network, mapped to ours, for "did you mean" hints.
_ALIASES: Mapping[str, str] = {
    "twitter": "x",
    "tweet": "x",
    "fb": "facebook",
    "bsky": "bluesky",
    "fediverse": "mastodon",
    "hn": "hackernews",
    "hacker_news": "hackernews",
    "ycombinator": "hackernews",
    "wa": "whatsapp",
    "mail": "email",
    "e-mail": "email",
}


@dataclass(frozen=True)
class ShareSettings:
    """Which networks get share links, in what order, and the Mastodon server to share to."""

    networks: tuple[str, ...] = SHARE_NETWORKS
    mastodon_instance: str | None = None


def parse_share_settings(table: Mapping[str, Any], where: str) -> tuple[ShareSettings, list[Problem]]:
    """Make `ShareSettings` from site.toml's `[share]` table; `where` names the file in problems."""
    if not isinstance(table, Mapping):
        return ShareSettings(), [Problem(f"expected a table, got {describe_value(table)}", path=where, key="share")]
    problems: list[Problem] = []
    networks = SHARE_NETWORKS
    instance: str | None = None
    known_keys = ("networks", "mastodon_instance")
    for key, value in table.items():
        if key == "networks":
            networks, network_problems = _parse_networks(value, where)
            problems.extend(network_problems)
        elif key == "mastodon_instance":
            instance, instance_problems = _parse_instance(value, where)
            problems.extend(instance_problems)
        else:
            hint = did_you_mean(str(key), known_keys) or f"expected one of: {', '.join(known_keys)}"
            problems.append(Problem(f"unknown key '{key}'", path=where, key="share", hint=hint))
    return ShareSettings(networks=networks, mastodon_instance=instance), problems


def _parse_networks(value: object, where: str) -> tuple[tuple[str, ...], list[Problem]]:
    """Validate `share.networks`: known names, order kept, each once."""
    key = "share.networks"
    if not isinstance(value, list):
        return SHARE_NETWORKS, [
            Problem(f"expected a list of network names, got {describe_value(value)}", path=where, key=key)
        ]
    problems: list[Problem] = []
    networks: list[str] = []
    for item in value:
        if not isinstance(item, str):
            problems.append(Problem(f"expected a network name, got {describe_value(item)}", path=where, key=key))
        elif item not in ALL_NETWORKS:
            problems.append(Problem(f"unknown network '{item}'", path=where, key=key, hint=_suggest_network(item)))
        elif item in networks:
            problems.append(Problem(f"network '{item}' is listed twice", path=where, key=key, severity="warning"))
        else:
            networks.append(item)
    return tuple(networks), problems


def _suggest_network(name: str) -> str:
    folded = name.strip().casefold()
    if folded in ALL_NETWORKS:
        return f"did you mean '{folded}'?"
    if folded in _ALIASES:
        return f"did you mean '{_ALIASES[folded]}'?"
    return did_you_mean(folded, ALL_NETWORKS) or f"expected one of: {', '.join(ALL_NETWORKS)}"


def _parse_instance(value: object, where: str) -> tuple[str | None, list[Problem]]:
    """Validate `share.mastodon_instance`: a bare host name such as 'mastodon.social'."""
    key = "share.mastodon_instance"
    if not isinstance(value, str):
        return None, [Problem(f"expected a host name, got {describe_value(value)}", path=where, key=key)]
    if "://" in value or value.startswith("//"):
        netloc = urlsplit(value if "://" in value else "https:" + value).netloc
        hint = _suggest_host(netloc.rpartition("@")[2])
        return None, [Problem(f"expected a host name, not a URL: '{value}'", path=where, key=key, hint=hint)]
    if any(mark in value for mark in "/?#"):
        hint = _suggest_host(re.split(r"[/?#]", value, maxsplit=1)[0])
        return None, [Problem(f"expected a host name without a path: '{value}'", path=where, key=key, hint=hint)]
    normalized = normalize_host(value)
    if normalized is None:
        return None, [Problem(f"not a valid host name: '{value}'", path=where, key=key)]
    return normalized, []


def _suggest_host(candidate: str) -> str | None:
    host = normalize_host(candidate)
    return f"did you mean '{host}'?" if host else None


def normalize_host(value: str) -> str | None:
    """Return the host (with optional port) in lower-case ASCII, IDNA-encoded; None if invalid."""
    name, colon, port = value.partition(":")
    if colon and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return None
    try:
        ascii_name = name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_name.split(".")
    if not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return None
    return ascii_name + (f":{port}" if colon else "")
