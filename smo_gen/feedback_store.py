"""`feedback.json`: what the networks said about each syndicated post, committed with the site.

Beside site.toml, schema 1, sorted and indented so that diffs stay small and stable:

    {
      "schema": 1,
      "hidden": ["mastodon-eu:110200"],
      "posts": {
        "/spring-sale/": {
          "mastodon-eu": {
            "network": "mastodon", "remote_id": "1101", "url": "https://…/1101",
            "counts": {"likes": 3, "replies": 1, "reposts": 2},
            "updated": "2026-05-02T09:00:00Z",
            "replies": {
              "110200": {"author": {"name": "Ana", "handle": "ana@example.social",
                                    "url": "https://example.social/@ana", "avatar": "https://…"},
                         "content": "<p>Lovely!</p>", "format": "html",
                         "created_at": "2026-05-01T11:00:00Z", "url": "https://…/110200"}
            }
          }
        }
      }
    }

Replies are stored as the network sent them (`format` is "html" for Mastodon, "text" elsewhere) and
sanitised when they are shown (`site/responses.py`), so a stricter policy applies to old replies too.
`hidden` lists response ids (`<target>:<reply id>`) that the site does not show. `updated` changes only
when the counts or replies did, so a run that learns nothing writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from smo_gen.atomic_write import write_atomically
from smo_gen.data_files import parse_json_text, read_data_text
from smo_gen.errors import Problem, SmoError

FEEDBACK_NAME = "feedback.json"
FEEDBACK_SCHEMA = 1
MAX_STORED_CHARACTERS = 20_000  # a bound against a broken or hostile server, far above any network's limit
FORMATS = ("html", "text")


@dataclass(frozen=True)
class ReplyAuthor:
    name: str = ""
    handle: str = ""
    url: str | None = None
    avatar: str | None = None


@dataclass(frozen=True)
class Reply:
    """One reply or comment, as the network sent it (unsanitised)."""

    id: str
    author: ReplyAuthor
    content: str
    format: str  # "html" or "text"
    created_at: str | None = None
    url: str | None = None
    warning: str | None = None  # a content warning (Mastodon spoiler_text)


@dataclass(frozen=True)
class Counts:
    likes: int = 0
    reposts: int = 0
    replies: int = 0


@dataclass(frozen=True)
class PostFeedback:
    """Everything read about one page's post on one target."""

    network: str
    remote_id: str | None = None
    url: str | None = None
    counts: Counts = Counts()
    replies: dict[str, Reply] = field(default_factory=dict)
    updated: str | None = None


@dataclass
class FeedbackStore:
    posts: dict[str, dict[str, PostFeedback]] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()

    def get(self, entry_id: str, target: str) -> PostFeedback | None:
        return self.posts.get(entry_id, {}).get(target)

    def set(self, entry_id: str, target: str, feedback: PostFeedback) -> None:
        self.posts.setdefault(entry_id, {})[target] = feedback


def storable(text: str, limit: int = MAX_STORED_CHARACTERS) -> str:
    """Text that can be written as UTF-8 (no lone surrogates, no NUL), within a sane size."""
    cleaned = "".join(ch for ch in text[: limit * 2] if not ("\ud800" <= ch <= "\udfff") and ch != "\x00")
    return cleaned[:limit]


def merge_feedback(old: PostFeedback | None, new: PostFeedback, now: str) -> PostFeedback:
    """Add new replies (by id) and take the new counts; nothing stored before is dropped."""
    if old is None:
        return replace(new, updated=now) if (new.replies or new.counts != Counts()) else new
    replies = dict(old.replies)
    for reply_id, reply in new.replies.items():
        replies.setdefault(reply_id, reply)
    merged = replace(
        old,
        network=new.network,
        remote_id=new.remote_id or old.remote_id,
        url=new.url or old.url,
        counts=new.counts,
        replies=replies,
    )
    changed = merged.counts != old.counts or len(replies) != len(old.replies)
    return replace(merged, updated=now) if changed else merged


def parse_feedback(text: str, where: str = FEEDBACK_NAME) -> FeedbackStore:
    hint = "fix it by hand or restore it from version control (git checkout -- feedback.json)"

    def fail(message: str, key: str | None = None) -> SmoError:
        return SmoError(Problem(message, path=where, key=key, hint=hint))

    data = parse_json_text(text, where, hint)
    if not isinstance(data, dict):
        raise fail("expected a JSON object")
    if data.get("schema") != FEEDBACK_SCHEMA:
        raise fail(f"schema {data.get('schema')!r} is not {FEEDBACK_SCHEMA}, the format this smo-gen knows", "schema")
    unknown = set(data) - {"schema", "hidden", "posts"}
    if unknown:
        raise fail(f"unknown key '{min(unknown)}'")
    hidden = data.get("hidden", [])
    if not isinstance(hidden, list) or not all(isinstance(item, str) for item in hidden):
        raise fail('expected a list of response ids such as "mastodon-eu:110200"', "hidden")
    posts = data.get("posts", {})
    if not isinstance(posts, dict):
        raise fail("expected an object of pages", "posts")
    store = FeedbackStore(hidden=tuple(sorted(set(hidden))))
    for entry_id, targets in posts.items():
        if not isinstance(targets, dict):
            raise fail("expected an object of targets", f"posts.{entry_id}")
        for target, raw in targets.items():
            key = f"posts.{entry_id}.{target}"
            try:
                store.set(entry_id, target, _parse_post(raw))
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise fail(f"malformed entry ({error})", key) from None
    return store


def _parse_post(raw: dict[str, Any]) -> PostFeedback:
    counts = raw.get("counts") or {}
    replies = {
        str(reply_id): _parse_reply(str(reply_id), item) for reply_id, item in (raw.get("replies") or {}).items()
    }
    return PostFeedback(
        network=_text(raw["network"]),
        remote_id=_optional(raw.get("remote_id")),
        url=_optional(raw.get("url")),
        counts=Counts(**{name: _count(counts.get(name)) for name in ("likes", "reposts", "replies")}),
        replies=replies,
        updated=_optional(raw.get("updated")),
    )


def _parse_reply(reply_id: str, raw: dict[str, Any]) -> Reply:
    author = raw.get("author") or {}
    fmt = raw.get("format", "text")
    if fmt not in FORMATS:
        raise ValueError(f"reply {reply_id}: format '{fmt}' is not html or text")
    return Reply(
        id=reply_id,
        author=ReplyAuthor(
            _text(author.get("name", "")),
            _text(author.get("handle", "")),
            _optional(author.get("url")),
            _optional(author.get("avatar")),
        ),
        content=_text(raw.get("content", "")),
        format=fmt,
        created_at=_optional(raw.get("created_at")),
        url=_optional(raw.get("url")),
        warning=_optional(raw.get("warning")),
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _optional(value: object) -> str | None:
    return None if value is None or value == "" else _text(value)


def _count(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"expected a count, got {value!r}")
    return value


def render_feedback(store: FeedbackStore) -> str:
    posts = {
        entry_id: {target: _post_json(item) for target, item in sorted(targets.items())}
        for entry_id, targets in sorted(store.posts.items())
        if targets
    }
    data: dict[str, Any] = {"schema": FEEDBACK_SCHEMA, "hidden": sorted(set(store.hidden)), "posts": posts}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _post_json(item: PostFeedback) -> dict[str, Any]:
    data: dict[str, Any] = {
        "network": item.network,
        "counts": {"likes": item.counts.likes, "reposts": item.counts.reposts, "replies": item.counts.replies},
        "replies": {reply_id: _reply_json(reply) for reply_id, reply in item.replies.items()},
    }
    for name in ("remote_id", "url", "updated"):
        if getattr(item, name):
            data[name] = getattr(item, name)
    return data


def _reply_json(reply: Reply) -> dict[str, Any]:
    author = {
        name: getattr(reply.author, name) for name in ("name", "handle", "url", "avatar") if getattr(reply.author, name)
    }
    data: dict[str, Any] = {"author": author, "content": reply.content, "format": reply.format}
    for name in ("created_at", "url", "warning"):
        if getattr(reply, name):
            data[name] = getattr(reply, name)
    return data


def load_feedback(path: Path) -> FeedbackStore:
    text = read_data_text(path, hint="feedback.json must be the plain JSON file smo-gen writes")
    return FeedbackStore() if text is None else parse_feedback(text, str(path))


def write_feedback(path: Path, store: FeedbackStore) -> bool:
    """Replace feedback.json atomically when its text changes; True when it was written.

    Nothing read and no file yet: nothing is written (a first `feedback` before any post)."""
    if not store.posts and not store.hidden and not path.exists():
        return False
    text = render_feedback(store)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    write_atomically(path, text.encode("utf-8"))
    return True
