"""X: `POST /2/tweets` with the text, the link counted as 23 and a weighted 280-character limit.

X makes the card from the page's `twitter:` tags. No idempotency key exists; `reconcile` looks for
the link among the account's latest posts (`/2/users/me`, then `/2/users/:id/tweets`).
Token: an OAuth 2.0 user-context access token with `tweet.write`, `tweet.read` and `users.read`.
"""

from __future__ import annotations

from typing import Any

import httpx

from smo_gen.syndicate.answers import answer_id, answer_object
from smo_gen.syndicate.http import Http
from smo_gen.syndicate.networks.base import Network
from smo_gen.syndicate.post import Post, Receipt, Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndicate.text import count_x_weighted
from smo_gen.syndication_ledger import Record


class X(Network):
    name = "x"
    label = "X"
    limit = 280
    length_rule = "weighted: URLs 23, emoji and CJK 2"
    max_hashtags = 2
    reconcilable = True
    card_note = "X makes the card from the page's twitter: tags"
    deletable = True  # `DELETE /2/tweets/:id`; editing is not offered to apps

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        api = target.option("api_url")
        self.delete_each(
            record, http, lambda tweet: ("DELETE", f"{api}/2/tweets/{tweet}", {"headers": _bearer(secret)})
        )

    def measure(self, text: str) -> int:
        return count_x_weighted(text)

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        answer = http.json(
            "POST",
            f"{post.target.option('api_url')}/2/tweets",
            self.label,
            read_error,
            json={"text": post.text},
            headers=_bearer(secret),
        )
        tweet_id = answer_id(answer_object(answer_object(answer, "the answer").get("data"), "its data").get("id"))
        return Receipt(tweet_id, f"https://x.com/i/web/status/{tweet_id}")

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        api = post.target.option("api_url")
        me = http.json("GET", f"{api}/2/users/me", self.label, read_error, headers=_bearer(secret))
        latest = http.json(
            "GET",
            f"{api}/2/users/{me['data']['id']}/tweets",
            self.label,
            read_error,
            params={"max_results": 10, "tweet.fields": "entities"},
            headers=_bearer(secret),
        )
        for tweet in latest.get("data", []):
            urls = [url.get("expanded_url") for url in (tweet.get("entities") or {}).get("urls", [])]
            if post.link in urls or post.link in str(tweet.get("text", "")):
                tweet_id = answer_id(tweet.get("id"))
                return Receipt(tweet_id, f"https://x.com/i/web/status/{tweet_id}")
        return None


def read_error(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        if body.get("detail"):
            return str(body["detail"])
        errors = body.get("errors") or []
        if errors and isinstance(errors[0], dict):
            return str(errors[0].get("message") or errors[0].get("detail") or errors[0])
        if body.get("title"):
            return str(body["title"])
    return response.reason_phrase


def _bearer(secret: Secret | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.reveal()}"} if secret else {}
