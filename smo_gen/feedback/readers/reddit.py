"""Reddit: `GET /comments/{id}.json` gives the submission (score, crossposts) and its comment tree.

The ledger keeps the submission's fullname (`t3_abc`). Comments are plain Markdown text, stored as
text (never rendered as Markdown or HTML); `more` stubs and deleted or removed comments are skipped.
"""

from __future__ import annotations

from typing import Any

from smo_gen.feedback.readers.base import ReadContext, Reading, bearer, count, get_json, make_reply
from smo_gen.feedback.readers.replies import from_epoch
from smo_gen.feedback_store import Counts, Reply
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record

_GONE = ("[deleted]", "[removed]")


class RedditReader:
    label = "Reddit"

    def read(self, target: Target, record: Record, context: ReadContext) -> Reading:
        api = context.settings.endpoint(target, "api_url", target.option("api_url"))
        submission = (record.remote_id or "").removeprefix("t3_")
        headers = {"User-Agent": target.option("user_agent") or "smo-gen feedback", **bearer(context.secret)}
        answer = get_json(
            context,
            f"{api}/comments/{submission}.json",
            self.label,
            params={"raw_json": 1, "limit": 500},
            headers=headers,
        )
        post_listing, comment_listing = answer[0], answer[1]
        post = post_listing["data"]["children"][0]["data"]
        counts = Counts(
            likes=count(post.get("score")),
            reposts=count(post.get("num_crossposts")),
            replies=count(post.get("num_comments")),
        )
        replies: list[Reply] = []
        _walk(comment_listing, replies)
        return Reading(counts, tuple(replies))


def _walk(listing: Any, into: list[Reply]) -> None:
    if not isinstance(listing, dict):
        return  # Reddit sends "" where a comment has no replies
    for child in (listing.get("data") or {}).get("children") or []:
        if not isinstance(child, dict) or child.get("kind") != "t1":
            continue
        data: dict[str, Any] = child.get("data") or {}
        author, body = str(data.get("author") or ""), str(data.get("body") or "")
        if author not in _GONE and body not in _GONE:
            reply = make_reply(
                data.get("name") or data.get("id"),
                name=author,
                handle=f"u/{author}",
                author_url=f"https://www.reddit.com/user/{author}/",
                content=body,
                created_at=from_epoch(data.get("created_utc")),
                url="https://www.reddit.com" + str(data["permalink"]) if data.get("permalink") else None,
            )
            if reply is not None:
                into.append(reply)
        _walk(data.get("replies"), into)
