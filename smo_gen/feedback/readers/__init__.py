"""Readers: one per network, each turning a syndicated post into its counts and replies.

read(target, record, context) -> Reading      # I/O; raises Failure, PostGone or NotRead
"""

from __future__ import annotations

from smo_gen.feedback.readers.base import NotRead, PostGone, ReadContext, Reader, Reading
from smo_gen.feedback.readers.bluesky import BlueskyReader
from smo_gen.feedback.readers.linkedin import LinkedInReader
from smo_gen.feedback.readers.mastodon import MastodonReader
from smo_gen.feedback.readers.meta import FacebookReader, ThreadsReader
from smo_gen.feedback.readers.reddit import RedditReader

_NOT_READ = {
    "x": "X's API requires elevated access",
    "telegram": "Telegram's Bot API cannot read reactions or replies to channel posts",
    "discord": "webhooks cannot read replies",
    "slack": "webhooks cannot read replies",
    "webhook": "a webhook has no replies to read",
}


class Unreadable:
    """A network whose replies cannot be read: reported as "not read", never as a failure."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def read(self, target: object, record: object, context: ReadContext) -> Reading:
        raise NotRead(self.reason)


def make_readers() -> dict[str, Reader]:
    readers: dict[str, Reader] = {
        "mastodon": MastodonReader(),
        "bluesky": BlueskyReader(),
        "reddit": RedditReader(),
        "linkedin": LinkedInReader(),
        "facebook": FacebookReader(),
        "threads": ThreadsReader(),
    }
    for network, reason in _NOT_READ.items():
        readers[network] = Unreadable(reason)
    return readers


__all__ = ["NotRead", "PostGone", "ReadContext", "Reader", "Reading", "make_readers"]
