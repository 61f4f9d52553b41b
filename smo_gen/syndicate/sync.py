"""`smo-gen syndicate --sync`: what to do about a post already made, decided without any I/O.

A post whose page is gone (removed, expired, made a draft) is retracted where the network can
delete it; one whose page now says something else is edited where the network can edit it. What
was posted is known by its fingerprint in the ledger, so a second `--sync` finds nothing to do.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from smo_gen.syndicate.networks import Network
from smo_gen.syndicate.post import Post
from smo_gen.syndication_ledger import Record

SyncStatus = Literal["apply", "in sync", "not editable", "not deletable"]
SyncKind = Literal["edit", "retract", "record", "none"]


@dataclass(frozen=True)
class SyncAction:
    status: SyncStatus  # "apply": do `kind`; otherwise what to report
    kind: SyncKind = "none"
    detail: str = ""


def said_fingerprint(post: Post) -> str:
    """A digest of what `post` says (its text, every part of a thread, its extra fields such as a title)."""
    said = {"text": post.text, "parts": list(post.parts), "fields": dict(post.fields)}
    return "sha256:" + hashlib.sha256(json.dumps(said, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def sync_action(adapter: Network, record: Record, post: Post | None, gone: str | None) -> SyncAction:
    """For one posted record: `post` is what the live page says now (None when `gone` says why it is not live)."""
    where = f" at {record.url}" if record.url else ""
    if gone or post is None:
        why = f"its page is {gone or 'gone'}"
        if not adapter.deletable:
            return SyncAction(
                "not deletable",
                detail=f"{why}, but {adapter.label} offers no way to delete it: delete it by hand{where}",
            )
        if not record.remote_ids:
            return SyncAction(
                "not deletable",
                detail=f"{why}, but the ledger has no id for it (recorded by --populate?): delete it by hand{where}",
            )
        return SyncAction("apply", "retract", f"{why}: delete it")
    now = said_fingerprint(post)
    if record.fingerprint == now:
        return SyncAction("in sync")
    if record.fingerprint is None:
        return SyncAction(
            "apply",
            "record",
            "the ledger does not say what was posted: take what the page says now as posted (nothing is sent)",
        )
    if not adapter.editable:
        return SyncAction(
            "not editable", detail=f"the page's message or title changed, but {adapter.label} posts cannot be edited"
        )
    if not record.remote_id:
        return SyncAction(
            "not editable", detail="the page's message or title changed, but the ledger has no id for the post"
        )
    if len(record.thread) > 1 or post.parts:
        return SyncAction("not editable", detail="a thread's text changed; edit or delete its parts by hand")
    return SyncAction("apply", "edit", "the page's message or title changed: edit the post to say it")
