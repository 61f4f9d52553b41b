"""LinkedIn: `POST /rest/posts` with an article (title, description, thumbnail) and commentary.

3000 characters. The commentary is in LinkedIn's "little text" format, so its special characters
are escaped and hashtags written as `{hashtag|\\#|tag}`. LinkedIn does not fetch cards for API
posts: the thumbnail is uploaded with the Images API (`/rest/images?action=initializeUpload`).
No idempotency key exists; `reconcile` looks for the link among the author's latest posts.
Token: OAuth 2.0 with `w_member_social` (a person) or `w_organization_social` (a page), and
`r_member_social` / `r_organization_social` for reconciling.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from smo_gen.syndicate.answers import answer_id
from smo_gen.syndicate.entries import Entry
from smo_gen.syndicate.http import Http, Rejected
from smo_gen.syndicate.networks.base import Network, make_card
from smo_gen.syndicate.post import Post, Receipt, Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record

_LITTLE_TEXT_SPECIAL = re.compile(r"([\\|{}@\[\]()<>#*_~])")


class LinkedIn(Network):
    name = "linkedin"
    label = "LinkedIn"
    limit = 3000
    default_template = "{message}\n\n{hashtags}"
    max_hashtags = 5
    reconcilable = True
    deletable = True  # `DELETE /rest/posts/{urn}`

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        headers = {
            **_bearer(secret),
            "LinkedIn-Version": target.option("api_version"),
            "X-Restli-Protocol-Version": "2.0.0",
        }
        api = target.option("api_url")
        self.delete_each(
            record, http, lambda urn: ("DELETE", f"{api}/rest/posts/{quote(urn, safe='')}", {"headers": headers})
        )

    def finish(self, post: Post, entry: Entry) -> Post:
        card = make_card(entry, post.link)
        note = "article card: title, description" + (", thumbnail uploaded" if card.image_path else "")
        return replace(post, card=card, card_note=note)

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        author = post.target.option("author")
        article: dict[str, Any] = {"source": post.link}
        if post.card:
            article.update(title=post.card.title, description=post.card.description)
            thumbnail = self._upload_thumbnail(post, secret, http)
            if thumbnail:
                article["thumbnail"] = thumbnail
        body = {
            "author": author,
            "commentary": render_commentary(post),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "content": {"article": article},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        response = http.check(
            http.send("POST", f"{self._api(post)}/rest/posts", json=body, headers=self._headers(post, secret)),
            self.label,
        )
        urn = response.headers.get("x-restli-id") or response.headers.get("x-linkedin-id") or ""
        if not urn:
            return Receipt(None, None)
        urn = answer_id(urn, "x-restli-id")
        return Receipt(urn, f"https://www.linkedin.com/feed/update/{urn}/")

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        found = http.json(
            "GET",
            f"{self._api(post)}/rest/posts",
            self.label,
            params={"q": "author", "author": post.target.option("author"), "count": 20},
            headers=self._headers(post, secret),
        )
        for element in found.get("elements", []):
            source = ((element.get("content") or {}).get("article") or {}).get("source")
            if source == post.link:
                urn = answer_id(element.get("id"))
                return Receipt(urn, f"https://www.linkedin.com/feed/update/{urn}/")
        return None

    def _upload_thumbnail(self, post: Post, secret: Secret | None, http: Http) -> str | None:
        if post.card is None or post.card.image_path is None:
            return None
        try:
            data = post.card.image_path.read_bytes()
        except OSError as error:
            raise Rejected(f"cannot read the card image {post.card.image_path}: {error.strerror}") from None
        upload = http.json(
            "POST",
            f"{self._api(post)}/rest/images",
            self.label,
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": post.target.option("author")}},
            headers=self._headers(post, secret),
        )["value"]
        http.check(http.send("PUT", upload["uploadUrl"], content=data, headers=_bearer(secret)), self.label)
        return str(upload["image"])

    def _api(self, post: Post) -> str:
        return post.target.option("api_url")

    def _headers(self, post: Post, secret: Secret | None) -> dict[str, str]:
        return {
            **_bearer(secret),
            "LinkedIn-Version": post.target.option("api_version"),
            "X-Restli-Protocol-Version": "2.0.0",
        }


def render_commentary(post: Post) -> str:
    """The post's text in LinkedIn's little-text format."""
    parts = []
    for segment in post.segments:
        if segment.kind == "tag":
            parts.append(f"{{hashtag|\\#|{segment.value}}}")
        else:
            parts.append(_LITTLE_TEXT_SPECIAL.sub(r"\\\1", segment.text))
    return "".join(parts)


def _bearer(secret: Secret | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.reveal()}"} if secret else {}
