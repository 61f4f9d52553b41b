"""The protocol every network adapter follows, and the composing they share.

`compose(entry, target) -> Post` is pure: the text (a template filled with the page's message,
title, description, UTM-tagged link and hashtags, shortened to the network's limit: hashtags go
first, then the message is cut with an ellipsis, never the link), the link card when the network
needs one from us, and the idempotency key. `publish` and `reconcile` do the I/O.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from smo_gen.config.share_settings import UTM_SOURCES
from smo_gen.shortening import ELLIPSIS, shorten_graphemes, split_at_words
from smo_gen.syndicate.entries import Entry
from smo_gen.syndicate.http import Http
from smo_gen.syndicate.post import Card, Post, Receipt, Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndicate.template import SHRINKABLE, Segment, join_text, render_segments, template_fields
from smo_gen.syndicate.text import count_code_points
from smo_gen.syndication_ledger import Record
from smo_gen.utm import tag_url


class CannotCompose(Exception):
    """The post cannot be made to fit (the link alone is too long, say)."""


class Network:
    """Base adapter: subclasses set the class attributes and implement `publish` (and `reconcile`)."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    limit: ClassVar[int] = 500
    length_rule: ClassVar[str] = "characters"
    default_template: ClassVar[str] = "{message}\n\n{url}\n\n{hashtags}"
    max_hashtags: ClassVar[int] = 0  # how many of the page's tags become hashtags; 0 where unused
    # Exactly-once: an idempotent network dedupes a repeated request itself (Idempotency-Key, a fixed
    # record key); a reconcilable one can find an earlier post. Neither: an ambiguous failure is not retried.
    idempotent: ClassVar[bool] = False
    reconcilable: ClassVar[bool] = False
    card_note: ClassVar[str] = "the network makes the link card from the page's Open Graph tags"
    # `--sync`: whether a post's text can be changed, and whether a post can be deleted, through the API.
    editable: ClassVar[bool] = False
    deletable: ClassVar[bool] = False

    def measure(self, text: str) -> int:
        """The length of `text` as this network counts it."""
        return count_code_points(text)

    @property
    def utm_source(self) -> str:
        return UTM_SOURCES.get(self.name, self.name)

    def resolve(self, target: Target, http: Http) -> Target:
        """Learn what composing needs from the server (Mastodon's character limit); I/O, optional."""
        return target

    def limit_for(self, target: Target) -> int:
        return target.max_characters or self.limit

    def compose(self, entry: Entry, target: Target) -> Post:
        link = entry.short_links.get(self.utm_source) or tag_url(
            entry.url,
            entry.utm,
            network=self.utm_source,
            slug=entry.slug,
            campaign=entry.campaign,
            audience=entry.audience,
        )
        template = target.template or self.default_template
        tags = make_hashtags(entry.tags)[: self.max_hashtags] if "hashtags" in template_fields(template) else []
        values = {
            "message": message_for(entry, target, self.name),
            "title": entry.title,
            "description": entry.description,
        }
        threaded = self.split_thread(template, values, link, tags, self.limit_for(target)) if target.thread else None
        segments, shortened = (
            threaded[0] if threaded else self.fit(template, values, link, tags, self.limit_for(target))
        )
        text = join_text(segments)
        post = Post(
            entry_id=entry.id,
            target=target,
            segments=tuple(segments),
            link=link,
            length=self.measure(text),
            limit=self.limit_for(target),
            key=make_key(entry.site_url, entry.id, target.name),
            card_note=self.card_note,
            language=entry.language,
            shortened=shortened,
            parts=threaded[1] if threaded else (),
        )
        return self.finish(post, entry)

    def finish(self, post: Post, entry: Entry) -> Post:
        """Add what this network needs beyond the text (a card, facets, extra fields)."""
        return post

    def link_text(self, link: str) -> str | None:
        """What the link shows as in the text; None for the full URL."""
        return None

    def fit(
        self, template: str, values: dict[str, str], link: str, tags: list[str], limit: int
    ) -> tuple[list[Segment], bool]:
        measure = self.measure
        link_text = self.link_text(link)

        def render(current: dict[str, str], kept_tags: list[str]) -> list[Segment]:
            return render_segments(template, current, link=link, link_text=link_text, hashtags=kept_tags)

        for count in range(len(tags), -1, -1):
            segments = render(values, tags[:count])
            if measure(join_text(segments)) <= limit:
                return segments, count < len(tags)
        fields = [name for name in SHRINKABLE if name in template_fields(template) and values.get(name)]
        low, high = 0, max((len(values[name]) for name in fields), default=0)
        best: list[Segment] | None = None
        while low <= high:  # the longest cut, in graphemes, that fits
            size = (low + high) // 2
            segments = render({k: shorten_graphemes(v, size) if k in fields else v for k, v in values.items()}, [])
            if measure(join_text(segments)) <= limit:
                best, low = segments, size + 1
            else:
                high = size - 1
        if best is None:
            raise CannotCompose(f"the post cannot fit in {limit} characters, even without its text")
        return best, True

    def split_thread(
        self, template: str, values: dict[str, str], link: str, tags: list[str], limit: int
    ) -> tuple[tuple[list[Segment], bool], tuple[str, ...]] | None:
        """A post too long for one: the first part (the template, the link and hashtags, the message's
        beginning and "…"), then the rest of the message in parts, each within `limit`. None when it
        fits in one post or has no message to split."""
        link_text = self.link_text(link)

        def render(message: str, kept: list[str]) -> list[Segment]:
            return render_segments(
                template, {**values, "message": message}, link=link, link_text=link_text, hashtags=kept
            )

        message = values.get("message", "")
        if not message or "message" not in template_fields(template):
            return None
        if self.measure(join_text(render(message, tags))) <= limit:
            return None

        def first_fits(kept: list[str]) -> Callable[[str], bool]:
            return lambda head: self.measure(join_text(render(head + ELLIPSIS, kept))) <= limit

        for kept in (tags, []):
            head, rest = split_at_words(message, first_fits(kept))
            if head:
                break
        else:
            raise CannotCompose(f"the post cannot fit in {limit} characters, even as a thread")
        parts: list[str] = []
        while rest:
            if self.measure(rest) <= limit:
                parts.append(rest)
                break
            part, rest = split_at_words(rest, lambda h: self.measure(h + ELLIPSIS) <= limit)
            if not part:
                raise CannotCompose(f"a part of the thread cannot fit in {limit} characters")
            parts.append(part + ELLIPSIS)
        return (render(head + ELLIPSIS, kept), kept != tags), tuple(parts)

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        raise NotImplementedError

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        """Find the post made by an earlier, interrupted attempt; None when there is none."""
        return None

    def edit(self, post: Post, record: Record, secret: Secret | None, http: Http, *, in_doubt: bool) -> None:
        """Make the post `record` names say what `post` says (`editable` networks).

        `in_doubt`: an earlier attempt may have gone through; check first where a repeat would show.
        """
        raise NotImplementedError

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        """Delete the post `record` names (every part of a thread); one already gone is fine."""
        raise NotImplementedError

    def delete_each(
        self, record: Record, http: Http, request: Callable[[str], tuple[str, str, dict[str, Any]]]
    ) -> None:
        """Send the deletion `request(remote_id)` (method, URL, options) for each part, the last part
        first so that no reply is left without its parent; a 404 means it is already gone."""
        for remote_id in reversed(record.remote_ids):
            method, url, options = request(remote_id)
            response = http.send(method, url, **options)
            if response.status_code != 404:
                http.check(response, self.label)


def make_key(site_url: str, entry_id: str, target_name: str) -> str:
    """The idempotency key of one page on one target: the same on every run and every machine."""
    return hashlib.sha256(f"{site_url}\n{entry_id}\n{target_name}".encode()).hexdigest()[:32]


def make_hashtags(tags: tuple[str, ...]) -> list[str]:
    """The page's tags as working hashtags (letters, digits, underscores), each once.

    A tag of several words becomes one CamelCase hashtag ("summer drinks", "summer-drinks" →
    #SummerDrinks), which also reads well to screen readers; a tag with other characters
    (C++, "50%") is left out, since a hashtag would end at them.
    """
    hashtags: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        words = [word for word in _TAG_SEPARATORS.split(tag.strip().lstrip("#")) if word]
        if not words or not all(all(ch.isalnum() or ch == "_" for ch in word) for word in words):
            continue
        hashtag = words[0] if len(words) == 1 else "".join(word[:1].upper() + word[1:] for word in words)
        if hashtag.casefold() not in seen:
            seen.add(hashtag.casefold())
            hashtags.append(hashtag)
    return hashtags


_TAG_SEPARATORS = re.compile(r"[\s\-./·]+")


def message_for(entry: Entry, target: Target, network: str) -> str:
    """What the post says: the front matter's `messages` for this target, else for its network, else `message`."""
    return entry.messages.get(target.name) or entry.messages.get(network) or entry.message


def make_card(entry: Entry, link: str) -> Card:
    image = entry.image
    return Card(
        url=link,
        title=entry.title,
        description=entry.description,
        image_path=image.path if image else None,
        image_type=image.type if image else None,
        image_alt=image.alt if image else "",
    )


def with_fields(post: Post, **fields: str) -> Post:
    return replace(post, fields={**post.fields, **fields})
