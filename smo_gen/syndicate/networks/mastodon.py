"""Mastodon (and compatible servers): `POST /api/v1/statuses` with an `Idempotency-Key`.

The character limit comes from the server (`/api/v2/instance`: configuration.statuses.max_characters,
default 500); every URL counts as 23 characters and emoji sequences as one. Mastodon makes the link
card itself from the page's Open Graph tags. A repeated request with the same Idempotency-Key returns
the first status (Mastodon keeps keys for an hour), and `reconcile` looks for the link among the
account's latest statuses, so a post that timed out is found rather than made twice.
Token: an access token with the `write:statuses` scope (plus `read:accounts` and `read:statuses`).
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from ..http import Failure, Http
from ..post import Post, Receipt, Secret
from ..targets import Target
from ..text import count_with_short_urls
from .base import Network


class Mastodon(Network):
    name = "mastodon"
    label = "Mastodon"
    limit = 500
    length_rule = "graphemes, every URL 23"
    max_hashtags = 5
    idempotent = True
    reconcilable = True
    card_note = "Mastodon makes the link card from the page's Open Graph tags"

    def measure(self, text: str) -> int:
        return count_with_short_urls(text)

    def resolve(self, target: Target, http: Http) -> Target:
        if target.max_characters:
            return target
        try:
            info = http.json("GET", f"{target.option('instance')}/api/v2/instance", self.label)
            limit = info["configuration"]["statuses"]["max_characters"]
        except (Failure, KeyError, TypeError):
            return target  # an older or unusual server: the default limit stands
        return replace(target, max_characters=int(limit)) if isinstance(limit, int) and limit > 0 else target

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        body: dict[str, Any] = {"status": post.text, "visibility": post.target.option("visibility") or "public"}
        if post.language:
            body["language"] = post.language.split("-")[0].lower()
        status = http.json(
            "POST", f"{post.target.option('instance')}/api/v1/statuses", self.label,
            json=body, headers={**_auth(secret), "Idempotency-Key": post.key},
        )
        return Receipt(str(status["id"]), status.get("url") or status.get("uri"))

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        instance = post.target.option("instance")
        account = http.json("GET", f"{instance}/api/v1/accounts/verify_credentials", self.label, headers=_auth(secret))
        statuses = http.json(
            "GET", f"{instance}/api/v1/accounts/{account['id']}/statuses", self.label,
            params={"limit": 40, "exclude_replies": "true"}, headers=_auth(secret),
        )
        for status in statuses:
            content = str(status.get("content") or "")
            card_url = str((status.get("card") or {}).get("url") or "")
            if post.link in (html.unescape(content), card_url) or post.link in html.unescape(content):
                return Receipt(str(status["id"]), status.get("url") or status.get("uri"))
        return None


def _auth(secret: Secret | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.reveal()}"} if secret else {}
