"""Bluesky: an `app.bsky.feed.post` record on the account's PDS, created with a fixed record key.

300 graphemes. The link shows shortened in the text ("example.com/spring-sa...") while a link facet,
located by UTF-8 byte offsets, carries the full UTM-tagged URL; hashtags get tag facets. Bluesky
does not fetch cards, so we attach an `app.bsky.embed.external` card with the page's title,
description and image (uploaded with `com.atproto.repo.uploadBlob`, at most 1,000,000 bytes).

Exactly once: the record key is TID-shaped and derived from the page, so a second `createRecord`
for the same page fails instead of posting twice, and `com.atproto.repo.getRecord` tells whether an
interrupted attempt went through. Credential: an app password (Settings → App passwords).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from typing import Any

from smo_gen.syndicate.entries import Entry
from smo_gen.syndicate.http import Http, Rejected
from smo_gen.syndicate.networks.base import Network, make_card, with_fields
from smo_gen.syndicate.post import Facet, Post, Receipt, Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndicate.text import count_graphemes, shorten_link_text
from smo_gen.syndication_ledger import Record

COLLECTION = "app.bsky.feed.post"
MAX_BLOB_BYTES = 1_000_000
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


class Bluesky(Network):
    name = "bluesky"
    label = "Bluesky"
    limit = 300
    length_rule = "graphemes"
    max_hashtags = 5
    idempotent = True  # a fixed record key cannot be created twice
    reconcilable = True
    deletable = True  # but not editable: a Bluesky post cannot be changed once made

    def __init__(self) -> None:
        self._sessions: dict[str, dict[str, Any]] = {}

    def measure(self, text: str) -> int:
        return count_graphemes(text)

    def link_text(self, link: str) -> str | None:
        return shorten_link_text(link)

    def finish(self, post: Post, entry: Entry) -> Post:
        card = make_card(entry, post.link)
        note = "external card: title, description"
        if card.image_path is not None:
            note += f", thumbnail uploaded from {card.image_path.name}"
        rkey = make_record_key(post.key, entry.published)
        post = replace(post, card=card, card_note=note, facets=make_facets(post), key=rkey)
        if post.parts:  # each part of a thread has its own fixed record key too
            parts = [make_record_key(f"{post.key}/{index}", entry.published) for index in range(1, len(post.parts) + 1)]
            return with_fields(post, rkey=rkey, parts=" ".join(parts))
        return with_fields(post, rkey=rkey)

    def publish(self, post: Post, secret: Secret | None, http: Http) -> Receipt:
        session = self._session(post.target, secret, http)
        record: dict[str, Any] = {
            "$type": COLLECTION,
            "text": post.text,
            "createdAt": _now(),
        }
        if post.language:
            record["langs"] = [post.language]
        if post.facets:
            record["facets"] = [_facet_json(facet) for facet in post.facets]
        if post.card:
            external: dict[str, Any] = {
                "uri": post.card.url,
                "title": post.card.title,
                "description": post.card.description,
            }
            thumb = self._upload_thumb(post, session, http)
            if thumb:
                external["thumb"] = thumb
            record["embed"] = {"$type": "app.bsky.embed.external", "external": external}
        first = self._create(post, session, post.key, record, http)
        return self._finish_thread(post, session, first, http)

    def _create(
        self, post: Post, session: dict[str, Any], rkey: str, record: dict[str, Any], http: Http
    ) -> dict[str, Any]:
        answer = http.json(
            "POST",
            f"{post.target.option('service')}/xrpc/com.atproto.repo.createRecord",
            self.label,
            json={"repo": session["did"], "collection": COLLECTION, "rkey": rkey, "record": record},
            headers=_auth(session),
        )
        return {"uri": str(answer["uri"]), "cid": str(answer["cid"])}

    def _get(self, post: Post, session: dict[str, Any], rkey: str, http: Http) -> dict[str, Any] | None:
        response = http.send(
            "GET",
            f"{post.target.option('service')}/xrpc/com.atproto.repo.getRecord",
            params={"repo": session["did"], "collection": COLLECTION, "rkey": rkey},
        )
        if response.status_code == 400 and "RecordNotFound" in response.text:
            return None
        answer = http.check(response, self.label).json()
        return {"uri": str(answer["uri"]), "cid": str(answer["cid"])}

    def _finish_thread(self, post: Post, session: dict[str, Any], first: dict[str, str], http: Http) -> Receipt:
        """Each further part as a reply (root: the first part, parent: the one before), under its own
        fixed record key, so a part an interrupted run already made is found, never made twice."""
        receipt = self._receipt(post, session["did"])
        if not post.parts:
            return receipt
        parent, uris = first, [first["uri"]]
        for rkey, text in zip(post.fields["parts"].split(), post.parts, strict=True):
            made = self._get(post, session, rkey, http)
            if made is None:
                record: dict[str, Any] = {
                    "$type": COLLECTION,
                    "text": text,
                    "createdAt": _now(),
                    "reply": {"root": first, "parent": parent},
                }
                if post.language:
                    record["langs"] = [post.language]
                made = self._create(post, session, rkey, record, http)
            parent = made
            uris.append(made["uri"])
        return Receipt(receipt.remote_id, receipt.url, tuple(uris))

    def reconcile(self, post: Post, secret: Secret | None, http: Http) -> Receipt | None:
        session = self._session(post.target, secret, http)
        first = self._get(post, session, post.key, http)
        return None if first is None else self._finish_thread(post, session, first, http)

    def delete(self, target: Target, record: Record, secret: Secret | None, http: Http) -> None:
        """`com.atproto.repo.deleteRecord` for each part (deleting a record that is gone is a no-op)."""
        session = self._session(target, secret, http)
        for uri in reversed(record.remote_ids):
            http.json(
                "POST",
                f"{target.option('service')}/xrpc/com.atproto.repo.deleteRecord",
                self.label,
                json={"repo": session["did"], "collection": COLLECTION, "rkey": uri.rsplit("/", 1)[-1]},
                headers=_auth(session),
            )

    def _receipt(self, post: Post, did: str) -> Receipt:
        handle = post.target.option("handle")
        return Receipt(f"at://{did}/{COLLECTION}/{post.key}", f"https://bsky.app/profile/{handle}/post/{post.key}")

    def _session(self, target: Target, secret: Secret | None, http: Http) -> dict[str, Any]:
        if target.name not in self._sessions:
            session = http.json(
                "POST",
                f"{target.option('service')}/xrpc/com.atproto.server.createSession",
                self.label,
                json={"identifier": target.option("handle"), "password": secret.reveal() if secret else ""},
            )
            self._sessions[target.name] = session
        return self._sessions[target.name]

    def _upload_thumb(self, post: Post, session: dict[str, Any], http: Http) -> dict[str, Any] | None:
        card = post.card
        if card is None or card.image_path is None:
            return None
        try:
            data = card.image_path.read_bytes()
        except OSError as error:
            raise Rejected(f"cannot read the card image {card.image_path}: {error.strerror}") from None
        if len(data) > MAX_BLOB_BYTES:
            return None  # Bluesky refuses larger thumbnails; the card goes without one
        answer = http.json(
            "POST",
            f"{post.target.option('service')}/xrpc/com.atproto.repo.uploadBlob",
            self.label,
            content=data,
            headers={**_auth(session), "Content-Type": card.image_type or "image/png"},
        )
        blob: dict[str, Any] = answer["blob"]
        return blob


def make_facets(post: Post) -> tuple[Facet, ...]:
    """Link and tag facets at UTF-8 byte offsets of the post's text."""
    facets: list[Facet] = []
    offset = 0
    for segment in post.segments:
        size = len(segment.text.encode("utf-8"))
        if segment.kind == "link":
            facets.append(Facet("link", offset, offset + size, segment.value))
        elif segment.kind == "tag":
            facets.append(Facet("tag", offset, offset + size, segment.value))
        offset += size
    return tuple(facets)


def make_record_key(key: str, published: dt.datetime | None) -> str:
    """A TID-shaped record key: the page's publication time in microseconds plus 30 bits of `key`.

    The same page and target always give the same key; a page without a date takes a time within 2024.
    """
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    if published is not None:
        seconds = int(published.timestamp())
        micros = seconds * 1_000_000 + (digest >> 44) % 1_000_000
    else:
        micros = 1_704_067_200_000_000 + digest % (366 * 86_400 * 1_000_000)
    clock_id = digest & 0x3FF
    value = (micros << 10) | clock_id
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def _facet_json(facet: Facet) -> dict[str, Any]:
    feature = (
        {"$type": "app.bsky.richtext.facet#link", "uri": facet.value}
        if facet.kind == "link"
        else {"$type": "app.bsky.richtext.facet#tag", "tag": facet.value}
    )
    return {"index": {"byteStart": facet.byte_start, "byteEnd": facet.byte_end}, "features": [feature]}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _auth(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['accessJwt']}"}
