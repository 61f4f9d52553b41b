"""What every reader shares: the result, the exceptions, and JSON fetching that names what went wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from smo_gen.feedback.settings import FeedbackSettings
from smo_gen.feedback_store import Counts, Reply, ReplyAuthor, storable
from smo_gen.syndicate.http import Ambiguous, Http, describe_error
from smo_gen.syndicate.post import Secret
from smo_gen.syndicate.targets import Target
from smo_gen.syndication_ledger import Record


@dataclass(frozen=True)
class Reading:
    counts: Counts
    replies: tuple[Reply, ...] = ()


@dataclass(frozen=True)
class ReadContext:
    http: Http
    secret: Secret | None
    settings: FeedbackSettings


class NotRead(Exception):
    """This network's replies cannot be read at all (X without elevated access): not a failure."""


class PostGone(Exception):
    """The post is not there any more (deleted, or removed by a moderator)."""


class Reader(Protocol):
    def read(self, target: Target, record: Record, context: ReadContext) -> Reading: ...


def post_url(context: ReadContext, target: Target, record: Record, path: str, default_option: str = "api_url") -> str:
    """The API URL of the recorded post: the endpoint (the target's `default_option` unless [feedback]
    says otherwise), `path`, then the post's remote id, quoted."""
    api = context.settings.endpoint(target, "api_url", target.option(default_option))
    return f"{api}{path}{quote(record.remote_id or '', safe='')}"


def get_json(context: ReadContext, url: str, label: str, **options: Any) -> Any:
    """GET `url` and decode its JSON; 404 (and 410) raise PostGone, other failures a `Failure`."""
    response = context.http.send("GET", url, follow_redirects=True, **options)
    if response.status_code in (404, 410) or (response.status_code == 400 and _says_not_found(response)):
        raise PostGone(f"{label} answered {response.status_code}: {describe_error(response)}")
    context.http.check(response, label)
    return decode(response, label)


def _says_not_found(response: httpx.Response) -> bool:
    """XRPC's way of saying 404: 400 with {"error": "NotFound"}."""
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("error") == "NotFound"


def decode(response: httpx.Response, label: str) -> Any:
    try:
        return response.json()
    except ValueError:
        raise Ambiguous(f"{label} answered {response.status_code} with a body that is not JSON") from None


def bearer(secret: Secret | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.reveal()}"} if secret else {}


def count(value: object) -> int:
    """A non-negative count from whatever the network sent (missing, null, a string of digits)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(0, value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return 0


def text(value: object, limit: int = 20_000) -> str:
    return storable(value, limit) if isinstance(value, str) else ""


def optional(value: object) -> str | None:
    return text(value, 2_000) or None


def make_reply(
    reply_id: object,
    *,
    name: object = "",
    handle: object = "",
    author_url: object = None,
    avatar: object = None,
    content: object = "",
    format: str = "text",
    created_at: object = None,
    url: object = None,
    warning: object = None,
) -> Reply | None:
    """A stored reply from a network's fields, or None when it has no id."""
    identifier = text(reply_id, 300)
    if not identifier:
        return None
    return Reply(
        id=identifier,
        author=ReplyAuthor(text(name, 300), text(handle, 300), optional(author_url), optional(avatar)),
        content=text(content),
        format=format,
        created_at=optional(created_at),
        url=optional(url),
        warning=optional(warning),
    )
