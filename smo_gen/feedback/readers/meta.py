"""Facebook Pages and Threads, both on Meta's Graph API.

Facebook: `GET /{post-id}?fields=reactions.summary(total_count),comments.summary(true){…},shares`
with the page's token. Threads: `GET /{media-id}/replies` and `GET /{media-id}/insights` (likes,
replies, reposts) with the user's token (`threads_read_replies`, `threads_manage_insights`).
"""

from __future__ import annotations

from typing import Any

from smo_gen.feedback.readers.base import ReadContext, Reading, bearer, count, get_json, make_reply, post_url
from smo_gen.feedback.readers.replies import reading_of
from smo_gen.feedback_store import Counts, Reply
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record

FACEBOOK_FIELDS = (
    "reactions.limit(0).summary(total_count),"
    "comments.limit(100).summary(true){id,message,from,created_time,permalink_url},shares"
)


class FacebookReader:
    label = "Facebook"

    def read(self, target: Target, record: Record, context: ReadContext) -> Reading:
        answer = get_json(
            context,
            post_url(context, target, record, "/"),
            self.label,
            params={"fields": FACEBOOK_FIELDS},
            headers=bearer(context.secret),
        )
        comments = answer.get("comments") or {}
        counts = Counts(
            likes=count(((answer.get("reactions") or {}).get("summary") or {}).get("total_count")),
            reposts=count((answer.get("shares") or {}).get("count")),
            replies=count((comments.get("summary") or {}).get("total_count")),
        )
        return reading_of(counts, comments.get("data"), _facebook_reply)


def _facebook_reply(item: dict[str, Any]) -> Reply | None:
    author = item.get("from") or {}  # only present when the app may see the commenter
    return make_reply(
        item.get("id"),
        name=author.get("name") or "",
        content=item.get("message") or "",
        created_at=item.get("created_time"),
        url=item.get("permalink_url"),
    )


class ThreadsReader:
    label = "Threads"

    def read(self, target: Target, record: Record, context: ReadContext) -> Reading:
        media = post_url(context, target, record, "/")
        headers = bearer(context.secret)
        insights = get_json(
            context, f"{media}/insights", self.label, headers=headers, params={"metric": "likes,replies,reposts"}
        )
        values = {str(item.get("name")): _metric(item) for item in insights.get("data") or [] if isinstance(item, dict)}
        answer = get_json(
            context,
            f"{media}/replies",
            self.label,
            headers=headers,
            params={"fields": "id,text,username,permalink,timestamp"},
        )
        counts = Counts(
            likes=values.get("likes", 0), reposts=values.get("reposts", 0), replies=values.get("replies", 0)
        )
        return reading_of(counts, answer.get("data"), _threads_reply)


def _threads_reply(item: dict[str, Any]) -> Reply | None:
    return make_reply(
        item.get("id"),
        name=item.get("username") or "",
        handle=f"@{item.get('username') or ''}",
        author_url=f"https://www.threads.net/@{item['username']}" if item.get("username") else None,
        content=item.get("text") or "",
        created_at=item.get("timestamp"),
        url=item.get("permalink"),
    )


def _metric(item: dict[str, Any]) -> int:
    total = item.get("total_value")
    if isinstance(total, dict):
        return count(total.get("value"))
    series = item.get("values") or [{}]
    return count(series[-1].get("value") if isinstance(series[-1], dict) else None)
