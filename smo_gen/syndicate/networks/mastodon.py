"""Mastodon (and compatible servers): `POST /api/v1/statuses` with an `Idempotency-Key`.

The character limit comes from the server (`/api/v2/instance`: configuration.statuses.max_characters,
default 500); every URL counts as 23 characters and emoji sequences as one. Mastodon makes the link
card itself from the page's Open Graph tags. A repeated request with the same Idempotency-Key returns
the first status (Mastodon keeps keys for an hour), and `reconcile` pages back through the account's
statuses to the first attempt looking for the link, so a post that timed out is found rather than made
twice, however late the next run comes.
Token: an access token with the `write:statuses` scope (plus `read:accounts` and `read:statuses`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace
from typing import Any

from smo_gen.syndicate.answers import answer_id, answer_list, answer_object, answer_url
from smo_gen.syndicate.http import Failure, Http
from smo_gen.syndicate.networks.base import Network
from smo_gen.syndicate.post import Post, Receipt, Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndicate.text import count_with_short_urls
from smo_gen.syndication_ledger import Record, parse_moment

PAGE_SIZE = 40  # the most Mastodon returns per page
MAX_RECONCILE_PAGES = 50  # 2,000 statuses back
CLOCK_SKEW = dt.timedelta(minutes=15)  # our clock against the server's


class Mastodon(Network):
    name = "mastodon"
    label = "Mastodon"
    limit = 500
    length_rule = "graphemes, every URL 23"
    max_hashtags = 5
    idempotent = True
    reconcilable = True
    card_note = "Mastodon makes the link card from the page's Open Graph tags"
    editable = True
    deletable = True

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

    def edit(self, post: Post, record: Record, secret: Secret | None, http: Http, *, in_doubt: bool) -> None:
        """`PUT /api/v1/statuses/:id`; after a doubtful attempt, `GET …/source` first, since every PUT is an edit."""
        status = f"{post.target.option('instance')}/api/v1/statuses/{record.remote_id}"
        if in_doubt:
            source = answer_object(
                http.json("GET", f"{status}/source", self.label, headers=_auth(secret)), "the source"
            )
            if source.get("text") == post.text:
                return
        body: dict[str, Any] = {"status": post.text}
        if post.language:
            body["language"] = post.language.split("-")[0].lower()
        answer_object(http.json("PUT", status, self.label, json=body, headers=_auth(secret)), "the edited status")

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        instance = target.option("instance")
        self.delete_each(
            record, http, lambda status: ("DELETE", f"{instance}/api/v1/statuses/{status}", {"headers": _auth(secret)})
        )

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        status = self._post_status(post, post.text, post.key, None, secret, http)
        return self._finish_thread(post, status, secret, http)

    def _post_status(
        self,
        post: Post,
        text: str,
        key: str,
        reply_to: str | None,
        secret: Secret | None,
        http: Http,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"status": text, "visibility": post.target.option("visibility") or "public"}
        if post.language:
            body["language"] = post.language.split("-")[0].lower()
        if reply_to is not None:
            body["in_reply_to_id"] = reply_to
        status = http.json(
            "POST",
            f"{post.target.option('instance')}/api/v1/statuses",
            self.label,
            json=body,
            headers={**_auth(secret), "Idempotency-Key": key},
        )
        return answer_object(status, "the new status")

    def _finish_thread(self, post: Post, first: dict[str, Any], secret: Secret | None, http: Http) -> Receipt:
        """Post the thread's parts after `first`, each a reply to the one before; parts an interrupted
        run already made are found as our own replies in the chain (`/context`) and not made again."""
        receipt = _receipt(first)
        if not post.parts:
            return receipt
        instance = post.target.option("instance")
        context = answer_object(
            http.json(
                "GET", f"{instance}/api/v1/statuses/{receipt.remote_id}/context", self.label, headers=_auth(secret)
            ),
            "the thread",
        )
        replies = [answer_object(s, "a reply") for s in answer_list(context.get("descendants") or [], "the replies")]
        account = answer_object(first.get("account") or {}, "the account").get("id")
        ids = [answer_id(first.get("id"))]
        for index, text in enumerate(post.parts, 1):
            made = next(
                (
                    s
                    for s in replies
                    if s.get("in_reply_to_id") == ids[-1]
                    and answer_object(s.get("account") or {}, "its account").get("id") == account
                ),
                None,
            )
            status = made or self._post_status(post, text, f"{post.key}-{index}", ids[-1], secret, http)
            ids.append(answer_id(status.get("id")))
        return Receipt(receipt.remote_id, receipt.url, tuple(ids))

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        """Page back through the account's statuses (newest first, `max_id` paging) to the first attempt.

        However many statuses came after it, and long after the Idempotency-Key expired, the post is
        found by its link. Past `MAX_RECONCILE_PAGES` pages without reaching that moment the answer is
        unknown, which keeps the post pending rather than risking a second one.
        """
        instance = post.target.option("instance")
        account = answer_object(
            http.json("GET", f"{instance}/api/v1/accounts/verify_credentials", self.label, headers=_auth(secret)),
            "the account",
        )
        url = f"{instance}/api/v1/accounts/{answer_id(account.get('id'))}/statuses"
        params: dict[str, str | int] = {"limit": PAGE_SIZE, "exclude_replies": "true", "exclude_reblogs": "true"}
        since = (post.attempted_at - CLOCK_SKEW) if post.attempted_at else None
        for _ in range(MAX_RECONCILE_PAGES):
            statuses = answer_list(
                http.json("GET", url, self.label, params=params, headers=_auth(secret)), "the statuses"
            )
            for status in statuses:
                status = answer_object(status, "a status")
                if _links_to(status, post.link):
                    return self._finish_thread(post, status, secret, http)
            if not statuses:
                return None  # the account's first status is behind us
            oldest = parse_moment(statuses[-1].get("created_at"))
            if since is not None and oldest is not None and oldest < since:
                return None  # reached the moment of the first attempt: it was never posted
            params = {**params, "max_id": answer_id(statuses[-1].get("id"))}  # the page before the oldest seen
        when = post.attempted_at.isoformat() if post.attempted_at else "the first attempt"
        raise Failure(
            f"looked through {MAX_RECONCILE_PAGES * PAGE_SIZE:,} statuses without reaching {when}: "
            "look for the post on the account, then record it with --populate or remove the entry"
        )


def _links_to(status: dict[str, Any], link: str) -> bool:
    """Whether the status carries exactly `link` (not a longer link that starts with it)."""
    content = html.unescape(str(status.get("content") or ""))
    card = status.get("card")
    if isinstance(card, dict) and card.get("url") == link:
        return True
    return re.search(re.escape(link) + r"(?=$|[\s\"'<])", content) is not None


def _receipt(status: dict[str, Any]) -> Receipt:
    return Receipt(answer_id(status.get("id")), answer_url(status.get("url") or status.get("uri")))


def _auth(secret: Secret | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.reveal()}"} if secret else {}
