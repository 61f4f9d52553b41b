"""Facebook Pages (`POST /{page-id}/feed`) and Threads (a container, then `threads_publish`).

Both speak the Graph API: errors come as `{"error": {"message", "code", ...}}`, code 190 is an
invalid or expired token (whatever the HTTP status), and codes 4, 17, 32, 613 and 80001 are rate
limits. Both fetch the link card from the page's Open Graph tags. Neither has an idempotency key;
`reconcile` looks for the link among the latest posts.
Facebook: a Page access token with `pages_manage_posts` and `pages_read_engagement`.
Threads: a Threads user access token with `threads_basic` and `threads_content_publish`.
"""

from __future__ import annotations

from typing import Any

import httpx

from smo_gen.syndicate.answers import answer_id, answer_object, answer_url
from smo_gen.syndicate.http import CredentialRejected, Http, RateLimited
from smo_gen.syndicate.networks.base import Network
from smo_gen.syndicate.post import Post, Receipt, Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record

_TOKEN_CODES = {102, 190}
_RATE_CODES = {4, 17, 32, 613, 80001, 80002}


class GraphNetwork(Network):
    def call(self, http: Http, method: str, url: str, secret: Secret | None, **options: Any) -> Any:
        response = http.send(method, url, headers=_bearer(secret), **options)
        error = _graph_error(response)
        if error is not None:
            code = error.get("code")
            message = str(error.get("message") or "unknown error")
            if code in _TOKEN_CODES:
                raise CredentialRejected(f"credential rejected by {self.label} (code {code}): {message}")
            if code in _RATE_CODES and response.status_code != 429:
                raise RateLimited(f"{self.label} rate limit (code {code}): {message}", None)
        return _checked(http, response, self.label)


def _checked(http: Http, response: httpx.Response, label: str) -> Any:
    http.check(response, label, read_error)
    return response.json() if response.content else {}


class Facebook(GraphNetwork):
    name = "facebook"
    label = "Facebook"
    limit = 63206
    default_template = "{message}"
    reconcilable = True
    card_note = "Facebook makes the link card from the page's Open Graph tags"
    deletable = True  # `DELETE /{post-id}`

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        api = target.option("api_url")
        self.delete_each(record, http, lambda post_id: ("DELETE", f"{api}/{post_id}", {"headers": _bearer(secret)}))

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        api, page = post.target.option("api_url"), post.target.option("page_id")
        answer = self.call(http, "POST", f"{api}/{page}/feed", secret, data={"message": post.text, "link": post.link})
        post_id = answer_id(answer_object(answer, "the answer").get("id"))
        return Receipt(post_id, f"https://www.facebook.com/{post_id}")

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        api, page = post.target.option("api_url"), post.target.option("page_id")
        feed = self.call(
            http, "GET", f"{api}/{page}/feed", secret, params={"fields": "id,link,permalink_url", "limit": 25}
        )
        for item in feed.get("data", []):
            if item.get("link") == post.link:
                post_id = answer_id(item.get("id"))
                return Receipt(post_id, answer_url(item.get("permalink_url")) or f"https://www.facebook.com/{post_id}")
        return None


class Threads(GraphNetwork):
    name = "threads"
    label = "Threads"
    limit = 500
    default_template = "{message}\n\n{hashtags}"
    max_hashtags = 1  # Threads takes one topic tag per post
    reconcilable = True
    card_note = "Threads makes the link card from the page's Open Graph tags (link_attachment)"

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        api, threads = post.target.option("api_url"), _threads_url(post)
        text = {"media_type": "TEXT", "text": post.text, "link_attachment": post.link}
        container = self.call(http, "POST", threads, secret, data=text)
        published = self.call(
            http,
            "POST",
            f"{threads}_publish",
            secret,
            data={"creation_id": answer_id(answer_object(container, "the container").get("id"))},
        )
        media_id = answer_id(answer_object(published, "the answer").get("id"))
        details = self.call(http, "GET", f"{api}/{media_id}", secret, params={"fields": "permalink"})
        return Receipt(media_id, answer_url(answer_object(details, "the details").get("permalink"), "permalink"))

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        fields = {"fields": "id,permalink,text,link_attachment_url", "limit": 25}
        latest = self.call(http, "GET", _threads_url(post), secret, params=fields)
        for item in latest.get("data", []):
            if item.get("link_attachment_url") == post.link or post.link in str(item.get("text", "")):
                return Receipt(answer_id(item.get("id")), answer_url(item.get("permalink"), "permalink"))
        return None


def _threads_url(post: Post) -> str:
    """The Threads endpoint of the target's user: their posts, and where new ones are made."""
    return f"{post.target.option('api_url')}/{post.target.option('user_id')}/threads"


def _graph_error(response: httpx.Response) -> dict[str, Any] | None:
    if response.is_success:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else None


def read_error(response: httpx.Response) -> str:
    error = _graph_error(response)
    if error:
        return str(error.get("message") or error)
    return response.text[:300] or response.reason_phrase


def _bearer(secret: Secret | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.reveal()}"} if secret else {}
