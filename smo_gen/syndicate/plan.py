"""A syndication plan: every post a run would make, for review before anything is posted.

`smo-gen syndicate --plan FILE` writes it (a dry run); `smo-gen syndicate --publish --plan FILE`
posts only what still matches it. Each post carries a fingerprint of everything the network would
receive (target, page, text, link, card and its image's bytes), so a post whose page, template or
image changed after the plan was approved is refused by name rather than posted unreviewed:

    {
      "schema": 1,
      "site": "https://fizz-and-drive.example/",
      "posts": [
        {"page": "/spring-sale/", "target": "mastodon-eu", "network": "mastodon",
         "text": "…", "link": "https://…?utm_source=mastodon…", "card": null, "fingerprint": "sha256:…"}
      ]
    }
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smo_gen.atomic_write import write_atomically
from smo_gen.data_files import parse_json_text, read_data_text
from smo_gen.errors import Problem, SmoError
from smo_gen.syndicate.post import Post

PLAN_SCHEMA = 1
_COMPARED = ("text", "link", "card", "network")


@dataclass(frozen=True)
class PlannedPost:
    """One approved post: what it said, and the fingerprint that must still match."""

    page: str
    target: str
    details: Mapping[str, Any]  # network, text, link, card: shown to the reviewer, compared on refusal
    fingerprint: str


@dataclass(frozen=True)
class Plan:
    site_url: str
    posts: Mapping[tuple[str, str], PlannedPost]  # (page, target) -> the post


def describe_post(post: Post) -> dict[str, Any]:
    """What the reviewer reads, and what the fingerprint covers (plus the card image's bytes)."""
    card = post.card
    described: dict[str, Any] = {
        "network": post.target.network,
        "text": post.text,
        "link": post.link,
        "card": None
        if card is None
        else {
            "url": card.url,
            "title": card.title,
            "description": card.description,
            "image": card.image_path.name if card.image_path else None,
            "image_alt": card.image_alt,
        },
    }
    if post.parts:  # a thread's further parts; absent otherwise, so earlier plans still match
        described["parts"] = list(post.parts)
    return described


def fingerprint_post(post: Post) -> str:
    """A digest of everything `post` sends, so that any change to it shows."""
    described = {
        **describe_post(post),
        "page": post.entry_id,
        "target": post.target.name,
        "fields": dict(post.fields),
        "language": post.language,
        "image_bytes": _image_digest(post),
    }
    return "sha256:" + hashlib.sha256(json.dumps(described, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _image_digest(post: Post) -> str | None:
    if post.card is None or post.card.image_path is None:
        return None
    try:
        return hashlib.sha256(post.card.image_path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"  # publishing will say why; the plan still changes when it comes back


def render_plan(site_url: str, posts: Iterable[Post]) -> str:
    items = [
        {
            "page": post.entry_id,
            "target": post.target.name,
            **describe_post(post),
            "fingerprint": fingerprint_post(post),
        }
        for post in sorted(posts, key=lambda post: (post.entry_id, post.target.name))
    ]
    document = {"schema": PLAN_SCHEMA, "site": site_url, "posts": items}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_plan(path: Path, site_url: str, posts: Iterable[Post]) -> None:
    write_atomically(path, render_plan(site_url, posts).encode("utf-8"))


def parse_plan(text: str, where: str) -> Plan:
    hint = "make it again with 'smo-gen syndicate --plan FILE'"

    def fail(message: str, key: str | None = None) -> SmoError:
        return SmoError(Problem(message + "; nothing was posted", path=where, key=key, hint=hint))

    data = parse_json_text(text, where, hint, suffix="; nothing was posted")
    if not isinstance(data, dict) or data.get("schema") != PLAN_SCHEMA:
        raise fail(f"not a syndication plan of schema {PLAN_SCHEMA}")
    site, items = data.get("site"), data.get("posts")
    if not isinstance(site, str) or not isinstance(items, list):
        raise fail("expected 'site' (the site's URL) and 'posts' (a list)")
    posts: dict[tuple[str, str], PlannedPost] = {}
    for index, item in enumerate(items):
        key = f"posts[{index}]"
        if not isinstance(item, dict):
            raise fail("expected an object", key)
        page, target, fingerprint = item.get("page"), item.get("target"), item.get("fingerprint")
        if not (isinstance(page, str) and isinstance(target, str) and isinstance(fingerprint, str)):
            raise fail("expected 'page', 'target' and 'fingerprint' as text", key)
        if (page, target) in posts:
            raise fail(f"{page} on {target} is planned twice", key)
        details = {name: item.get(name) for name in _COMPARED}
        posts[(page, target)] = PlannedPost(page, target, details, fingerprint)
    return Plan(site, posts)


def load_plan(path: Path) -> Plan:
    text = read_data_text(path, hint="give the file written by 'smo-gen syndicate --plan FILE'")
    if text is None:
        raise SmoError(
            Problem(
                "no such plan; nothing was posted",
                path=str(path),
                hint="write one with 'smo-gen syndicate --plan FILE' first",
            )
        )
    return parse_plan(text, str(path))


def plan_refusal(plan: Plan, post: Post, where: str) -> str | None:
    """Why `post` may not be posted under `plan` (not in it, or changed since), or None when it matches."""
    planned = plan.posts.get((post.entry_id, post.target.name))
    if planned is None:
        return f"not in the approved plan {where}; plan it and have the plan approved first"
    if planned.fingerprint == fingerprint_post(post):
        return None
    now = describe_post(post)
    changed = [name for name in _COMPARED if planned.details.get(name) != now[name]] or [
        "image, language or extra fields"
    ]
    return f"its {', '.join(changed)} changed since the plan {where} was made; plan it again for approval"
