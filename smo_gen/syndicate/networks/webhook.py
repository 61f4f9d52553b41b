"""A generic JSON webhook: everything about the post, for your own automation (Zapier, n8n, ...).

`POST <url>` with `{"page": {...}, "target", "text", "link", "hashtags", "idempotency_key"}` and an
`Idempotency-Key` header; an optional credential is sent as a bearer token. Any 2xx is success; a
JSON answer may say `{"id": ..., "url": ...}`. Set `idempotent = true` when the receiver drops
repeats of a key, so that ambiguous failures may be retried.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from smo_gen.syndicate.answers import answer_id, answer_url
from smo_gen.syndicate.entries import Entry
from smo_gen.syndicate.http import Http
from smo_gen.syndicate.networks.base import Network, make_card
from smo_gen.syndicate.post import Post, Receipt, Secret
from smo_gen.syndicate.targets import Target


class Webhook(Network):
    name = "webhook"
    label = "Webhook"
    limit = 100_000
    card_note = "the page's title, description and image are in the payload"

    def resolve(self, target: Target, http: Http) -> Target:
        return target

    def finish(self, post: Post, entry: Entry) -> Post:
        return replace(
            post,
            card=make_card(entry, post.link),
            fields={
                "page_url": entry.url,
                "image_url": entry.image.url if entry.image else "",
            },
        )

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        card = post.card
        payload: dict[str, Any] = {
            "page": {
                "id": post.entry_id,
                "url": post.fields.get("page_url", ""),
                "title": card.title if card else "",
                "description": card.description if card else "",
                "image": post.fields.get("image_url") or None,
            },
            "target": post.target.name,
            "text": post.text,
            "link": post.link,
            "hashtags": [segment.value for segment in post.segments if segment.kind == "tag"],
            "idempotency_key": post.key,
        }
        headers = {"Idempotency-Key": post.key}
        if secret:
            headers["Authorization"] = f"Bearer {secret.reveal()}"
        response = http.check(http.send("POST", post.target.option("url"), json=payload, headers=headers), self.label)
        try:
            answer = response.json()
        except ValueError:
            answer = {}  # any 2xx is success: "ok", an empty 204, a page of HTML
        if not isinstance(answer, dict):
            answer = {}  # a list (n8n answers with the workflow's items): nothing about the post
        remote_id = answer.get("id")
        return Receipt(None if remote_id is None else answer_id(remote_id), answer_url(answer.get("url")))


def is_idempotent(target: Target) -> bool:
    return target.network == "webhook" and target.option("idempotent").lower() == "true"
