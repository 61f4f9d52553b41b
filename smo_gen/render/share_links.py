"""Share links: one plain `<a href>` per network, with no script, widget or tracker of ours.

Every link shares the page URL tagged with UTM parameters (`utm_source` is the network's name in
`UTM_SOURCES`), and every value is percent-encoded as UTF-8 with spaces as `%20`, so quotes, `&`, `#`,
`+`, `%`, emoji, newlines and any script survive the trip to the network's compose box.

Text used per network: the *message* (falling back to the title) is the post text on X, Bluesky,
Mastodon, WhatsApp and Telegram and the body of an email; the *title* (falling back to the message)
is the Reddit and Hacker News title and the email subject. Hashtags go in X's `hashtags` parameter
and are appended as `#tag` to the Bluesky and Mastodon text, where they are searchable; the other
networks have no use for them.

Mastodon has no central server. With `mastodon_instance` set, the link opens that server's own
`/share` page. Without it, the link opens Share₂Fedi (`MASTODON_SHARE_PAGE`), an open-source page that
asks readers for their own server and forwards the text there; it also serves Misskey, Pleroma and
other Fediverse servers. We do not guess a server such as mastodon.social, because most readers'
accounts live elsewhere and a guessed server would make them sign in to the wrong place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from smo_gen.errors import Problem, did_you_mean
from smo_gen.schema import describe_value
from smo_gen.utm import UtmSettings, quote_component, url_tagger

_QUERY_PIECES = re.compile(r"([?&])")  # split keeping the separators

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

MASTODON_SHARE_PAGE = "https://s2f.kytta.dev/"

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

_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


@dataclass(frozen=True)
class ShareLink:
    """One share link: the network's id, its human name and the href to put in `<a href>`."""

    network: str
    label: str
    href: str


@dataclass(frozen=True)
class ShareSettings:
    """Which networks get share links, in what order, and the Mastodon server to share to."""

    networks: tuple[str, ...] = SHARE_NETWORKS
    mastodon_instance: str | None = None


@dataclass(frozen=True)
class _Shared:
    """What one network's link shares: the tagged page URL and the texts that go with it."""

    url: str
    title: str
    message: str
    hashtags: tuple[str, ...]
    mastodon_instance: str | None
    media: str | None = None


def parse_share_settings(table: Mapping[str, Any], where: str) -> tuple[ShareSettings, list[Problem]]:
    """Make `ShareSettings` from site.toml's `[share]` table; `where` names the file in problems."""
    if not isinstance(table, Mapping):
        return ShareSettings(), [
            Problem(f"expected a table, got {describe_value(table)}", path=where, key="share")
        ]
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


def make_share_links(
    *,
    page_url: str,
    title: str,
    message: str,
    networks: Sequence[str],
    utm: UtmSettings,
    slug: str,
    campaign: str | None,
    audience: str | None,
    mastodon_instance: str | None = None,
    hashtags: Sequence[str] = (),
    media: str | None = None,
) -> list[ShareLink]:
    """Make one share link per network, in the order given, each sharing its own UTM-tagged URL.

    `media` is the absolute URL of the image Pinterest pins (the page's 2:3 card).

    Raises ValueError for a network or Mastodon server that `parse_share_settings` would reject.
    """
    instance = None
    if mastodon_instance is not None:
        instance = _normalize_host(mastodon_instance)
        if instance is None:
            raise ValueError(f"not a valid Mastodon host name: {mastodon_instance!r}")
    tags = tuple(tag for tag in (raw.strip().lstrip("#").strip() for raw in hashtags) if tag)
    links: list[ShareLink] = []
    tag = url_tagger(page_url, utm, slug=slug, campaign=campaign, audience=audience)
    for network in networks:
        if network not in _BUILDERS:
            raise ValueError(
                f"unknown share network {network!r}; expected one of {', '.join(ALL_NETWORKS)}"
            )
        shared = _Shared(url=tag(UTM_SOURCES[network]), title=title, message=message, hashtags=tags, mastodon_instance=instance, media=media)
        links.append(
            ShareLink(network=network, label=NETWORK_LABELS[network], href=_BUILDERS[network](shared))
        )
    return links


def _render_query(pairs: Sequence[tuple[str, str]]) -> str:
    """Render `name=value` pairs, leaving out empty values; '/', '&', '#' are encoded too."""
    return "&".join(f"{name}={_quote(value)}" for name, value in pairs if value)


def _quote(value: str) -> str:
    """`quote(value, safe="")`, piece by piece between '?' and '&', each piece remembered.

    Percent-encoding goes character by character, so pieces can be encoded apart. Each
    network shares its own UTM-tagged URL, yet the page's URL, a post's text and most
    `utm_*=value` pairs are the same for every network of a page, or of every page.
    """
    return "".join(map(quote_component, _QUERY_PIECES.split(value)))


def _post_text(shared: _Shared, *, with_hashtags: bool) -> str:
    """The text of a post on networks that take a single text field: message, URL, then hashtags."""
    parts = [shared.message or shared.title, shared.url]
    if with_hashtags:
        parts.extend(f"#{tag}" for tag in shared.hashtags)
    return " ".join(part for part in parts if part)


def _share_on_x(shared: _Shared) -> str:
    # Documented at docs.x.com (x-for-websites/post-button/guides/web-intent) as /intent/tweet.
    query = _render_query(
        [
            ("text", shared.message or shared.title),
            ("url", shared.url),
            ("hashtags", ",".join(shared.hashtags)),
        ]
    )
    return f"https://x.com/intent/tweet?{query}"


def _share_on_facebook(shared: _Shared) -> str:
    return f"https://www.facebook.com/sharer/sharer.php?{_render_query([('u', shared.url)])}"


def _share_on_linkedin(shared: _Shared) -> str:
    return f"https://www.linkedin.com/sharing/share-offsite/?{_render_query([('url', shared.url)])}"


def _share_on_bluesky(shared: _Shared) -> str:
    text = _post_text(shared, with_hashtags=True)
    return f"https://bsky.app/intent/compose?{_render_query([('text', text)])}"


def _share_on_mastodon(shared: _Shared) -> str:
    query = _render_query([("text", _post_text(shared, with_hashtags=True))])
    if shared.mastodon_instance:
        return f"https://{shared.mastodon_instance}/share?{query}"
    return f"{MASTODON_SHARE_PAGE}?{query}"


def _share_on_reddit(shared: _Shared) -> str:
    query = _render_query([("url", shared.url), ("title", shared.title or shared.message)])
    return f"https://www.reddit.com/submit?{query}"


def _share_on_hackernews(shared: _Shared) -> str:
    query = _render_query([("u", shared.url), ("t", shared.title or shared.message)])
    return f"https://news.ycombinator.com/submitlink?{query}"


def _share_on_whatsapp(shared: _Shared) -> str:
    return f"https://wa.me/?{_render_query([('text', _post_text(shared, with_hashtags=False))])}"


def _share_on_telegram(shared: _Shared) -> str:
    query = _render_query([("url", shared.url), ("text", shared.message or shared.title)])
    return f"https://t.me/share/url?{query}"


def _share_by_email(shared: _Shared) -> str:
    # RFC 6068 section 5: line breaks in a body are CRLF, whatever the message was written with.
    message = re.sub(r"\r\n|\r|\n", "\r\n", shared.message)
    body = f"{message}\r\n\r\n{shared.url}" if message else shared.url
    return f"mailto:?{_render_query([('subject', shared.title or shared.message), ('body', body)])}"


def _share_on_pinterest(shared: _Shared) -> str:
    # Pinterest's "Save" button link (developers.pinterest.com, Save button widget): the page, the
    # image to pin and its description.
    query = _render_query(
        [("url", shared.url), ("media", shared.media or ""), ("description", shared.message or shared.title)]
    )
    return f"https://www.pinterest.com/pin/create/button/?{query}"


_BUILDERS: Mapping[str, Callable[[_Shared], str]] = {
    "x": _share_on_x,
    "facebook": _share_on_facebook,
    "linkedin": _share_on_linkedin,
    "bluesky": _share_on_bluesky,
    "mastodon": _share_on_mastodon,
    "reddit": _share_on_reddit,
    "hackernews": _share_on_hackernews,
    "whatsapp": _share_on_whatsapp,
    "telegram": _share_on_telegram,
    "email": _share_by_email,
    "pinterest": _share_on_pinterest,
}


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
            problems.append(
                Problem(f"expected a network name, got {describe_value(item)}", path=where, key=key)
            )
        elif item not in _BUILDERS:
            problems.append(
                Problem(f"unknown network '{item}'", path=where, key=key, hint=_suggest_network(item))
            )
        elif item in networks:
            problems.append(
                Problem(f"network '{item}' is listed twice", path=where, key=key, severity="warning")
            )
        else:
            networks.append(item)
    return tuple(networks), problems


def _suggest_network(name: str) -> str:
    folded = name.strip().casefold()
    if folded in _BUILDERS:
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
        return None, [
            Problem(f"expected a host name without a path: '{value}'", path=where, key=key, hint=hint)
        ]
    normalized = _normalize_host(value)
    if normalized is None:
        return None, [Problem(f"not a valid host name: '{value}'", path=where, key=key)]
    return normalized, []


def _suggest_host(candidate: str) -> str | None:
    host = _normalize_host(candidate)
    return f"did you mean '{host}'?" if host else None


def _normalize_host(value: str) -> str | None:
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
