"""A local fake of the Bluesky AppView's `app.bsky.feed.getPostThread`, shaped as documented.

https://docs.bsky.app/docs/api/app-bsky-feed-get-post-thread: `{"thread": threadViewPost}` where a
threadViewPost has `post` (uri, cid, author {did, handle, displayName, avatar}, record {$type, text,
createdAt}, replyCount, repostCount, likeCount, quoteCount, indexedAt) and `replies` (threadViewPost,
notFoundPost or blockedPost). A missing post answers 400 `{"error": "NotFound"}`.
"""

from __future__ import annotations

import json
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

THREAD = "app.bsky.feed.defs#threadViewPost"


def post_view(
    uri: str,
    handle: str,
    text: str,
    created_at: str,
    name: str | None = None,
    likes: int = 0,
    reposts: int = 0,
    replies: int = 0,
) -> dict[str, Any]:
    author: dict[str, Any] = {
        "did": f"did:plc:{handle.split('.')[0]}",
        "handle": handle,
        "avatar": f"https://cdn.bsky.app/img/avatar/plain/{handle}/x@jpeg",
    }
    if name is not None:
        author["displayName"] = name
    return {
        "uri": uri,
        "cid": "bafyreib" + "a" * 52,
        "author": author,
        "record": {"$type": "app.bsky.feed.post", "text": text, "createdAt": created_at, "langs": ["en"]},
        "replyCount": replies,
        "repostCount": reposts,
        "likeCount": likes,
        "quoteCount": 0,
        "indexedAt": created_at,
        "viewer": {},
        "labels": [],
    }


def thread(post: dict[str, Any], replies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"$type": THREAD, "post": post, "replies": replies or []}


class FakeAppView:
    """Answers getPostThread for the threads it was given; records every query."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.threads: dict[str, dict[str, Any]] = {}
        self.queries: list[dict[str, str]] = []
        server.expect_request("/xrpc/app.bsky.feed.getPostThread").respond_with_handler(self._answer)

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def _answer(self, request: Request) -> Response:
        self.queries.append(dict(request.args))
        uri = request.args.get("uri", "")
        if uri not in self.threads:
            body = {"error": "NotFound", "message": f"Post not found: {uri}"}
            return Response(json.dumps(body), status=400, content_type="application/json")
        return Response(json.dumps({"thread": self.threads[uri]}), status=200, content_type="application/json")
