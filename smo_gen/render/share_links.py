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

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from smo_gen.config.share_settings import ALL_NETWORKS, NETWORK_LABELS, UTM_SOURCES, normalize_host
from smo_gen.utm import UtmSettings, quote_component, url_tagger

_QUERY_PIECES = re.compile(r"([?&])")  # split keeping the separators
MASTODON_SHARE_PAGE = "https://s2f.kytta.dev/"


@dataclass(frozen=True)
class ShareLink:
    """One share link: the network's id, its human name and the href to put in `<a href>`;
    `new_tab`: whether it opens a web page (in a new tab) rather than the reader's e-mail program."""

    network: str
    label: str
    href: str
    new_tab: bool = True


@dataclass(frozen=True)
class _Network:
    """A share network as its links are made: resolved once per build, not per page."""

    name: str
    label: str
    source: str  # its utm_source
    build: Callable[[_Shared], str]


class _Shared(NamedTuple):
    """What one network's link shares: the tagged page URL and the texts that go with it.

    A tuple, not a frozen dataclass: one is made per link, ten a page (1.6 us each against 0.4)."""

    url: str
    title: str
    message: str
    hashtags: tuple[str, ...]
    mastodon_instance: str | None
    media: str | None = None


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
    short_urls: Mapping[str, str] | None = None,
) -> list[ShareLink]:
    """Make one share link per network, in the order given, each sharing its own UTM-tagged URL.

    `media` is the absolute URL of the image Pinterest pins (the page's 2:3 card). `short_urls`
    (utm_source -> the site's own `/go/<code>/` URL) replace the tagged URLs they name.

    Raises ValueError for a network or Mastodon server that `parse_share_settings` (config/share_settings.py)
    would reject.
    """
    resolved, instance = _resolve(tuple(networks), mastodon_instance)
    tags = tuple(tag for tag in (raw.strip().lstrip("#").strip() for raw in hashtags) if tag)
    links: list[ShareLink] = []
    tag = url_tagger(page_url, utm, slug=slug, campaign=campaign, audience=audience)
    short_urls = short_urls or {}
    for network in resolved:
        url = short_urls.get(network.source) or tag(network.source)
        href = network.build(_Shared(url, title, message, tags, instance, media))
        links.append(ShareLink(network.name, network.label, href, new_tab=not href.startswith("mailto:")))
    return links


@functools.lru_cache(maxsize=16)
def _resolve(networks: tuple[str, ...], mastodon_instance: str | None) -> tuple[tuple[_Network, ...], str | None]:
    """The networks as links are made for them, and the Mastodon server's host: the same for
    every page of a site, so made once (they were looked up for every page)."""
    instance = None
    if mastodon_instance is not None:
        instance = normalize_host(mastodon_instance)
        if instance is None:
            raise ValueError(f"not a valid Mastodon host name: {mastodon_instance!r}")
    unknown = [network for network in networks if network not in _BUILDERS]
    if unknown:
        raise ValueError(f"unknown share network {unknown[0]!r}; expected one of {', '.join(ALL_NETWORKS)}")
    resolved = tuple(_Network(name, NETWORK_LABELS[name], UTM_SOURCES[name], _BUILDERS[name]) for name in networks)
    return resolved, instance


def _render_query(pairs: Sequence[tuple[str, str]]) -> str:
    """Render `name=value` pairs, leaving out empty values; '/', '&', '#' are encoded too."""
    return "&".join(f"{name}={_quote(value)}" for name, value in pairs if value)


def _quote(value: str) -> str:
    """`quote(value, safe="")`, piece by piece between '?' and '&', each piece remembered.

    Percent-encoding goes character by character, so pieces can be encoded apart. Each
    network shares its own UTM-tagged URL, yet the page's URL, a post's text and most
    `utm_*=value` pairs are the same for every network of a page, or of every page.
    """
    if "?" not in value and "&" not in value:  # one piece (most posts' texts): no split to make
        return quote_component(value)
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
