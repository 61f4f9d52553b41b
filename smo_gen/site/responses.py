"""Responses ready for a page: `load_responses(site_dir)` → `{page id: PageResponses}`.

Every text is sanitised here, when it is shown, from the raw replies in feedback.json (see
`reply_sanitizer.py`), so the template can print `content_html` as it is and autoescape the rest. Hidden
replies (feedback.json's `hidden` list of `<target>:<reply id>`) are left out. Remote avatars are
never hot-linked: each author gets initials.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from smo_gen.config.share_settings import NETWORK_LABELS
from smo_gen.feedback_store import FEEDBACK_NAME, FeedbackStore, Reply, load_feedback, storable
from smo_gen.site.reply_sanitizer import clean_name, initials, sanitize_html, text_to_html
from smo_gen.urls import safe_url

_LIKE_WORDS = {
    "mastodon": ("favourite", "favourites"),
    "reddit": ("upvote", "upvotes"),
    "facebook": ("reaction", "reactions"),
    "linkedin": ("reaction", "reactions"),
}
_REPOST_WORDS = {
    "mastodon": ("boost", "boosts"),
    "reddit": ("crosspost", "crossposts"),
    "facebook": ("share", "shares"),
}


@dataclass(frozen=True)
class ResponseItem:
    """One reply, safe to show."""

    id: str  # "<target>:<reply id>", the id to list in feedback.json's `hidden` to hide it
    network: str
    network_label: str
    author_name: str
    author_handle: str
    author_url: str | None  # https only, else None (the name is shown unlinked)
    author_initials: str
    content_html: str  # sanitised; safe to output with |safe
    warning: str  # a content warning, shown before the text; "" when none
    created_at: str | None  # RFC 3339, for <time datetime>
    created_label: str  # e.g. "2026-05-01 11:00 UTC"
    url: str | None  # the reply on its network (http/https only)


@dataclass(frozen=True)
class NetworkReactions:
    """Counts for one network (summed over its targets), with links to the syndicated posts."""

    network: str
    label: str
    likes: int
    reposts: int
    replies: int
    like_word: str
    repost_word: str
    post_urls: tuple[str, ...]


@dataclass(frozen=True)
class PageResponses:
    page_id: str
    replies: tuple[ResponseItem, ...]
    reactions: tuple[NetworkReactions, ...]

    @property
    def total(self) -> int:
        return len(self.replies) + sum(r.likes + r.reposts for r in self.reactions)


def load_responses(site_dir: Path) -> dict[str, PageResponses]:
    """The responses of every page with any, from `<site_dir>/feedback.json` ({} without one)."""
    return make_responses(load_feedback(site_dir / FEEDBACK_NAME))


def make_responses(store: FeedbackStore) -> dict[str, PageResponses]:
    hidden = set(store.hidden)
    pages: dict[str, PageResponses] = {}
    for page_id, targets in sorted(store.posts.items()):
        items: list[ResponseItem] = []
        totals: dict[str, list[int]] = {}
        links: dict[str, list[str]] = {}
        for target, post in sorted(targets.items()):
            counts = totals.setdefault(post.network, [0, 0, 0])
            counts[0] += post.counts.likes
            counts[1] += post.counts.reposts
            counts[2] += post.counts.replies
            url = safe_url(post.url, ("http", "https"))
            if url:
                links.setdefault(post.network, []).append(url)
            for reply in post.replies.values():
                item_id = f"{target}:{reply.id}"
                if item_id not in hidden and reply.id not in hidden:
                    items.append(make_item(item_id, post.network, reply))
        items.sort(key=lambda item: (item.created_at or "", item.id))
        reactions = tuple(
            NetworkReactions(
                network,
                NETWORK_LABELS.get(network, network.title()),
                likes=counts[0],
                reposts=counts[1],
                replies=counts[2],
                like_word=_word(_LIKE_WORDS, network, counts[0], ("like", "likes")),
                repost_word=_word(_REPOST_WORDS, network, counts[1], ("repost", "reposts")),
                post_urls=tuple(links.get(network, ())),
            )
            for network, counts in sorted(totals.items())
        )
        if items or any(r.likes or r.reposts or r.replies for r in reactions):
            pages[page_id] = PageResponses(page_id, tuple(items), reactions)
    return pages


def make_item(item_id: str, network: str, reply: Reply) -> ResponseItem:
    name = clean_name(reply.author.name) or clean_name(reply.author.handle) or "Someone"
    # Bounded as `feedback` bounds what it stores: a feedback.json edited or committed by hand
    # could hold a megabyte in one reply, sanitised again by every build.
    raw = storable(reply.content)
    content = sanitize_html(raw) if reply.format == "html" else text_to_html(raw)
    created = _timestamp(reply.created_at)
    return ResponseItem(
        id=item_id,
        network=network,
        network_label=NETWORK_LABELS.get(network, network.title()),
        author_name=name,
        author_handle=clean_name(reply.author.handle),
        author_url=safe_url(reply.author.url),
        author_initials=initials(name),
        content_html=content,
        warning=clean_name(reply.warning or "", 200),
        created_at=created,
        created_label=f"{created[:10]} {created[11:16]} UTC" if created else "",
        url=safe_url(reply.url, ("http", "https")),
    )


def _timestamp(value: str | None) -> str | None:
    """An RFC 3339 UTC time ("2026-05-01T11:00:00Z") from what a network sent, or None."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _word(words: dict[str, tuple[str, str]], network: str, count: int, default: tuple[str, str]) -> str:
    singular, plural = words.get(network, default)
    return singular if count == 1 else plural
