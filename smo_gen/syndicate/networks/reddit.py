"""Reddit: a link submission (`POST /api/submit`, kind=link) to one subreddit.

The post's text is the submission title (300 characters; the page title by default); Reddit makes
the thumbnail from the page. Errors arrive inside a 200 answer as `json.errors`; `ALREADY_SUB`
means the link is in the subreddit already, so `reconcile` (`/api/info?url=`) finds it.
Token: an OAuth bearer token with the `submit` scope (and `read`), for a script or web app.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from smo_gen.syndicate.answers import answer_id, answer_url
from smo_gen.syndicate.entries import Entry
from smo_gen.syndicate.http import Ambiguous, Http, RateLimited, Rejected
from smo_gen.syndicate.networks.base import Network
from smo_gen.syndicate.post import Post, Receipt, Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record


class Reddit(Network):
    name = "reddit"
    label = "Reddit"
    limit = 300
    default_template = "{title}"
    reconcilable = True
    card_note = "Reddit makes the thumbnail from the page's Open Graph tags"
    deletable = True  # `POST /api/del` with the post's fullname

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        headers = {
            "User-Agent": target.option("user_agent"),
            **({"Authorization": f"Bearer {secret.reveal()}"} if secret else {}),
        }
        api = target.option("api_url")
        self.delete_each(
            record,
            http,
            lambda name: (
                "POST",
                f"{api}/api/del",
                {"data": {"id": name if name.startswith("t3_") else f"t3_{name}"}, "headers": headers},
            ),
        )

    def finish(self, post: Post, entry: Entry) -> Post:
        return replace(post, fields={"subreddit": post.target.option("subreddit")})

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        answer = http.json(
            "POST",
            f"{post.target.option('api_url')}/api/submit",
            self.label,
            data={
                "sr": post.target.option("subreddit"),
                "kind": "link",
                "title": post.text,
                "url": post.link,
                "api_type": "json",
                "resubmit": "false",
                "sendreplies": "true",
            },
            headers=self._headers(post, secret),
        )
        result = answer.get("json", {})
        errors = result.get("errors") or []
        if errors:
            code, message = str(errors[0][0]), str(errors[0][1]) if len(errors[0]) > 1 else ""
            if code == "ALREADY_SUB":
                found = self.reconcile(post, secret, http)
                if found:
                    return found
            if code == "RATELIMIT":
                raise RateLimited(f"Reddit rate limit: {message}", None)
            raise Rejected(f"Reddit refused it ({code}): {message}")
        data = result.get("data") or {}
        if not data.get("name") and not data.get("id"):
            raise Ambiguous("Reddit answered without the new post's id")
        return Receipt(answer_id(data.get("name") or data.get("id")), answer_url(data.get("url")))

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        listing = http.json(
            "GET",
            f"{post.target.option('api_url')}/api/info",
            self.label,
            params={"url": post.link},
            headers=self._headers(post, secret),
        )
        subreddit = post.target.option("subreddit").casefold()
        for child in (listing.get("data") or {}).get("children", []):
            item: dict[str, Any] = child.get("data") or {}
            if str(item.get("subreddit", "")).casefold() == subreddit:
                permalink = item.get("permalink")
                url = (
                    "https://www.reddit.com" + permalink
                    if isinstance(permalink, str) and permalink.startswith("/")
                    else None
                )
                return Receipt(answer_id(item.get("name")), answer_url(url, "permalink"))
        return None

    def _headers(self, post: Post, secret: Secret | None) -> dict[str, str]:
        headers = {"User-Agent": post.target.option("user_agent")}
        if secret:
            headers["Authorization"] = f"Bearer {secret.reveal()}"
        return headers
