"""LinkedIn: the Community Management API's `socialActions` for a post's counts and comments.

`GET /rest/socialActions/{urn}` (likesSummary, commentsSummary) and `GET /rest/socialActions/{urn}/comments`.
Reading needs `r_member_social` (a person) or `r_organization_social` (a page). LinkedIn names the
commenter only by URN, so a comment shows "A LinkedIn member"; reposts are not counted by the API.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from smo_gen.feedback.readers.base import ReadContext, Reading, bearer, count, get_json, make_reply, post_url
from smo_gen.feedback.readers.replies import from_epoch, reading_of
from smo_gen.feedback_store import Counts, Reply
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record


class LinkedInReader:
    label = "LinkedIn"

    def read(self, target: Target, record: Record, context: ReadContext) -> Reading:
        urn = record.remote_id or ""
        headers = {
            "LinkedIn-Version": target.option("api_version"),
            "X-Restli-Protocol-Version": "2.0.0",
            **bearer(context.secret),
        }
        base = post_url(context, target, record, "/rest/socialActions/")
        summary = get_json(context, base, self.label, headers=headers)
        comments = get_json(context, f"{base}/comments", self.label, headers=headers, params={"count": 100})
        counts = Counts(
            likes=count((summary.get("likesSummary") or {}).get("totalLikes")),
            replies=count((summary.get("commentsSummary") or {}).get("aggregatedTotalComments")),
        )
        page = record.url or f"https://www.linkedin.com/feed/update/{urn}/"
        return reading_of(counts, comments.get("elements"), lambda item: _reply(item, page))


def _reply(item: dict[str, Any], post_url: str) -> Reply | None:
    comment_urn = item.get("commentUrn") or item.get("$URN") or item.get("id")
    return make_reply(
        comment_urn,
        name="A LinkedIn member",
        content=(item.get("message") or {}).get("text") or "",
        created_at=from_epoch((item.get("created") or {}).get("time")),
        url=f"{post_url}?commentUrn={quote(str(comment_urn), safe='')}" if comment_urn else None,
    )
