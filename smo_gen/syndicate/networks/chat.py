"""Telegram (a bot's `sendMessage`), Discord and Slack (incoming webhooks).

None of them offers an idempotency key or a way to list what was posted, so an ambiguous failure
(a timeout after sending, a 5xx) is never retried: the ledger keeps the post pending and the run
says to check the channel. Connection failures and rate limits are retried as usual.
Telegram: the bot token from @BotFather; the bot must be an admin of the channel (`chat_id` is
"@channelname" or a numeric id). Discord and Slack: the credential is the webhook URL itself.
"""

from __future__ import annotations

from typing import Any

import httpx

from smo_gen.syndicate.answers import answer_id, answer_object
from smo_gen.syndicate.http import CredentialRejected, Http, Rejected, describe_error
from smo_gen.syndicate.networks.base import Network
from smo_gen.syndicate.post import Post, Receipt, Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndicate.text import count_utf16
from smo_gen.syndication_ledger import Record


class Telegram(Network):
    name = "telegram"
    label = "Telegram"
    limit = 4096
    length_rule = "UTF-16 code units"
    max_hashtags = 5
    card_note = "Telegram shows a link preview from the page's Open Graph tags"
    editable = True
    deletable = True

    def measure(self, text: str) -> int:
        return count_utf16(text)

    def edit(self, post: Post, record: Record, secret: Secret | None, http: Http, *, in_doubt: bool) -> None:
        """`editMessageText`; "message is not modified" means it already says this (a repeat)."""
        try:
            http.json(
                "POST",
                self._method(post.target, secret, "editMessageText"),
                self.label,
                _telegram_error,
                json={
                    "chat_id": post.target.option("chat_id"),
                    "message_id": _message_id(record),
                    "text": post.text,
                    "link_preview_options": {"url": post.link},
                },
            )
        except Rejected as failure:
            if "message is not modified" not in failure.message:
                raise

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        """`deleteMessage` (a bot may delete its own channel posts); one already gone is fine."""
        try:
            http.json(
                "POST",
                self._method(target, secret, "deleteMessage"),
                self.label,
                _telegram_error,
                json={"chat_id": target.option("chat_id"), "message_id": _message_id(record)},
            )
        except Rejected as failure:
            if "message to delete not found" not in failure.message:
                raise

    def _method(self, target: Target, secret: Secret | None, method: str) -> str:
        return f"{target.option('api_url')}/bot{secret.reveal() if secret else ''}/{method}"

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        token = secret.reveal() if secret else ""
        chat_id = post.target.option("chat_id")
        answer = http.json(
            "POST",
            f"{post.target.option('api_url')}/bot{token}/sendMessage",
            self.label,
            _telegram_error,
            json={"chat_id": chat_id, "text": post.text, "link_preview_options": {"url": post.link}},
        )
        message = answer_object(answer_object(answer, "the answer").get("result"), "its result")
        chat = answer_object(message.get("chat") or {}, "its chat")
        username = chat.get("username") or (chat_id[1:] if chat_id.startswith("@") else "")
        message_id = answer_id(message.get("message_id"), "message_id")
        username = answer_id(username, "chat username") if username else ""
        return Receipt(message_id, f"https://t.me/{username}/{message_id}" if username else None)


def _message_id(record: Record) -> int | str:
    remote_id = record.remote_id or ""
    return int(remote_id) if remote_id.isdigit() else remote_id


def _telegram_error(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:300]
    return str(body.get("description") or response.reason_phrase) if isinstance(body, dict) else response.reason_phrase


class Discord(Network):
    name = "discord"
    label = "Discord"
    limit = 2000
    default_template = "{message}\n\n{url}"
    card_note = "Discord makes the embed from the page's Open Graph tags"
    editable = True  # a webhook may edit and delete the messages it sent, by their id
    deletable = True

    def edit(self, post: Post, record: Record, secret: Secret | None, http: Http, *, in_doubt: bool) -> None:
        """`PATCH /webhooks/{id}/{token}/messages/{message_id}` (the same content twice is no change)."""
        response = http.send(
            "PATCH",
            f"{secret.reveal() if secret else ''}/messages/{record.remote_id}",
            json={"content": post.text, "allowed_mentions": {"parse": []}},
        )
        http.check(response, self.label)

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        response = http.send("DELETE", f"{secret.reveal() if secret else ''}/messages/{record.remote_id}")
        if not (response.status_code == 404 and "Unknown Message" in response.text):  # already gone
            http.check(response, self.label)

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        webhook = secret.reveal() if secret else ""
        response = http.send(
            "POST",
            webhook,
            params={"wait": "true"},
            json={"content": post.text, "allowed_mentions": {"parse": []}},
        )
        if response.status_code == 404:  # "Unknown Webhook": deleted, or a wrong URL
            raise CredentialRejected(f"credential rejected by Discord (404): {describe_error(response)}")
        message = answer_object(http.check(response, self.label).json(), "the new message")
        message_id = answer_id(message.get("id"))
        guild = post.target.option("guild_id")
        channel = answer_id(message.get("channel_id"), "channel_id") if guild else ""
        return Receipt(message_id, f"https://discord.com/channels/{guild}/{channel}/{message_id}" if guild else None)


class Slack(Network):
    name = "slack"
    label = "Slack"
    limit = 40000
    default_template = "{message}\n\n{url}"
    card_note = "Slack unfurls the link from the page's Open Graph tags"

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        webhook = secret.reveal() if secret else ""
        text = post.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        response = http.send("POST", webhook, json={"text": text, "unfurl_links": True})
        if response.status_code in (404, 410):  # no_service, channel_is_archived: the webhook is gone
            raise CredentialRejected(f"credential rejected by Slack ({response.status_code}): {response.text[:200]}")
        http.check(response, self.label)
        return Receipt(None, None)
