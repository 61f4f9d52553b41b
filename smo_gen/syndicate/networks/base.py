"""The protocol every network adapter follows, and the composing they share.

`compose(entry, target) -> Post` is pure: the text (a template filled with the page's message,
title, description, UTM-tagged link and hashtags, shortened to the network's limit: hashtags go
first, then the message is cut with an ellipsis, never the link), the link card when the network
needs one from us, and the idempotency key. `publish` and `reconcile` do the I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import ClassVar

from smo_gen.share import UTM_SOURCES
from smo_gen.utm import tag_url

from ..entries import Entry
from ..http import Http
from ..post import Card, Post, Receipt, Secret
from ..targets import Target
from ..template import SHRINKABLE, Segment, join_text, render_segments, template_fields
from ..text import count_code_points, shorten


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
        link = tag_url(
            entry.url, entry.utm, network=self.utm_source, slug=entry.slug,
            campaign=entry.campaign, audience=entry.audience,
        )
        template = target.template or self.default_template
        tags = make_hashtags(entry.tags)[: self.max_hashtags] if "hashtags" in template_fields(template) else []
        values = {"message": entry.message, "title": entry.title, "description": entry.description}
        segments, shortened = self.fit(template, values, link, tags, self.limit_for(target))
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
            segments = render({k: shorten(v, size) if k in fields else v for k, v in values.items()}, [])
            if measure(join_text(segments)) <= limit:
                best, low = segments, size + 1
            else:
                high = size - 1
        if best is None:
            raise CannotCompose(f"the post cannot fit in {limit} characters, even without its text")
        return best, True

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        raise NotImplementedError

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        """Find the post made by an earlier, interrupted attempt; None when there is none."""
        return None


def make_key(site_url: str, entry_id: str, target_name: str) -> str:
    """The idempotency key of one page on one target: the same on every run and every machine."""
    return hashlib.sha256(f"{site_url}\n{entry_id}\n{target_name}".encode()).hexdigest()[:32]


def make_hashtags(tags: tuple[str, ...]) -> list[str]:
    """Tags that make working hashtags (letters, digits, underscores), as the share links use them."""
    return [tag for tag in tags if tag and all(ch.isalnum() or ch == "_" for ch in tag)]


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
