"""Mastodon: `GET /api/v1/statuses/:id` for the counts, `GET /api/v1/statuses/:id/context` for replies.

The target's token is sent when its environment variable is set; public posts read without one.
Only public and unlisted replies are kept: followers-only replies and direct mentions, which the
token's owner can see in the context, are private and never end up on a page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from smo_gen.feedback.readers.base import ReadContext, Reading, bearer, count, get_json, make_reply, post_url
from smo_gen.feedback.readers.replies import reading_of
from smo_gen.feedback_store import Counts, Reply
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record

PUBLIC = ("public", "unlisted")


class MastodonReader:
    label = "Mastodon"

    def read(self, target: Target, record: Record, context: ReadContext) -> Reading:
        status_url = post_url(context, target, record, "/api/v1/statuses/", "instance")
        status = get_json(context, status_url, self.label, headers=bearer(context.secret))
        thread = get_json(context, f"{status_url}/context", self.label, headers=bearer(context.secret))
        counts = Counts(
            likes=count(status.get("favourites_count")),
            reposts=count(status.get("reblogs_count")),
            replies=count(status.get("replies_count")),
        )
        host = urlsplit(status_url).netloc
        return reading_of(
            counts,
            thread.get("descendants"),
            lambda item: reply_of(item, host) if item.get("visibility", "public") in PUBLIC else None,
        )


def reply_of(status: dict[str, Any], host: str) -> Reply | None:
    account = status.get("account") or {}
    acct = str(account.get("acct") or account.get("username") or "")
    handle = f"@{acct}" if "@" in acct or not acct else f"@{acct}@{host}"
    return make_reply(
        status.get("id"),
        name=account.get("display_name") or account.get("username") or "",
        handle=handle,
        author_url=account.get("url"),
        avatar=account.get("avatar_static") or account.get("avatar"),
        content=status.get("content") or "",
        format="html",
        created_at=status.get("created_at"),
        url=status.get("url") or status.get("uri"),
        warning=status.get("spoiler_text") or None,
    )
