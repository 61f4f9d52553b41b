"""Bluesky: `app.bsky.feed.getPostThread` from an AppView (the public one by default).

A PDS alone cannot answer it: replies live in other people's repositories, and only an AppView
indexes them. The post's `at://` URI comes from the ledger; replies are walked to `thread_depth`,
skipping `notFoundPost` and `blockedPost` entries.
"""

from __future__ import annotations

from typing import Any

from smo_gen.feedback.readers.base import PostGone, ReadContext, Reading, count, get_json, make_reply
from smo_gen.feedback_store import Counts, Reply
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record

THREAD_VIEW = "app.bsky.feed.defs#threadViewPost"


class BlueskyReader:
    label = "Bluesky"

    def read(self, target: Target, record: Record, context: ReadContext) -> Reading:
        uri = record.remote_id or ""
        if not uri.startswith("at://"):
            raise PostGone(f"the ledger's remote id '{uri}' is not an at:// URI")
        answer = get_json(
            context,
            f"{context.settings.appview(target)}/xrpc/app.bsky.feed.getPostThread",
            self.label,
            params={"uri": uri, "depth": context.settings.thread_depth, "parentHeight": 0},
        )
        thread = answer.get("thread") or {}
        if thread.get("$type", THREAD_VIEW) != THREAD_VIEW or "post" not in thread:
            raise PostGone(f"{self.label}: the post is {thread.get('$type', 'missing').rpartition('#')[2]}")
        post = thread["post"]
        counts = Counts(
            likes=count(post.get("likeCount")),
            reposts=count(post.get("repostCount")),
            replies=count(post.get("replyCount")),
        )
        replies: list[Reply] = []
        _walk(thread.get("replies") or [], replies)
        return Reading(counts, tuple(replies))


def _walk(items: list[Any], into: list[Reply]) -> None:
    for item in items:
        if not isinstance(item, dict) or item.get("$type", THREAD_VIEW) != THREAD_VIEW or "post" not in item:
            continue
        reply = reply_of(item["post"])
        if reply is not None:
            into.append(reply)
        _walk(item.get("replies") or [], into)


def reply_of(post: dict[str, Any]) -> Reply | None:
    author = post.get("author") or {}
    record = post.get("record") or {}
    handle = str(author.get("handle") or author.get("did") or "")
    rkey = str(post.get("uri", "")).rpartition("/")[2]
    return make_reply(
        post.get("uri"),
        name=author.get("displayName") or "",
        handle=f"@{handle}" if handle else "",
        author_url=f"https://bsky.app/profile/{handle}" if handle else None,
        avatar=author.get("avatar"),
        content=record.get("text") or "",
        created_at=record.get("createdAt") or post.get("indexedAt"),
        url=f"https://bsky.app/profile/{handle}/post/{rkey}" if handle and rkey else None,
    )
