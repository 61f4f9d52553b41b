"""What syndication produces and records: a composed `Post`, and the `Receipt` for a published one."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

from smo_gen.syndicate.targets import Target
from smo_gen.syndicate.template import Segment, join_text


@dataclass(frozen=True)
class Card:
    """A link card that we build ourselves, for networks that do not fetch one from the page."""

    url: str
    title: str
    description: str
    image_path: Path | None = None  # the file inside the output folder, uploaded as a thumbnail
    image_type: str | None = None
    image_alt: str = ""


@dataclass(frozen=True)
class Facet:
    """A Bluesky rich-text feature, located by UTF-8 byte offsets into the text."""

    kind: Literal["link", "tag"]
    byte_start: int
    byte_end: int
    value: str


@dataclass(frozen=True)
class Post:
    """Exactly what one target would receive for one page; made by a network's pure `compose`."""

    entry_id: str
    target: Target
    segments: tuple[Segment, ...]
    link: str  # the UTM-tagged page URL
    length: int  # as the network counts it
    limit: int
    key: str  # idempotency key: Mastodon's Idempotency-Key, Bluesky's record key, ...
    card: Card | None = None
    card_note: str = ""  # how the link card comes about, for the dry run
    facets: tuple[Facet, ...] = ()
    language: str = ""
    shortened: bool = False
    fields: Mapping[str, str] = field(default_factory=dict)  # network-specific extras (e.g. a title)
    attempted_at: dt.datetime | None = None  # when it was first recorded as pending: how far back to reconcile
    parts: tuple[str, ...] = ()  # a thread's further parts, each a reply to the one before (`thread = true`)

    @property
    def text(self) -> str:
        return join_text(self.segments)


@dataclass(frozen=True)
class Receipt:
    """Where a published post lives: the network's id for it and, when it has one, its web address."""

    remote_id: str | None
    url: str | None
    thread: tuple[str, ...] = ()  # the ids of every part, first to last, when the post is a thread


class Secret:
    """A credential from the environment; never shown, whatever prints it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


def redact(text: str, secrets: Mapping[str, Secret] | list[Secret]) -> str:
    """`text` with every secret, and every part of one that an error page may echo, replaced by '***'.

    A webhook URL (Discord, Slack) is secret by its path and query, and a proxy's error page may
    echo the path, a segment of it, percent-encoded, escaped, or cut short; a Telegram token sits in
    the path after "bot". So each secret is split into its parts, each part is looked for in the
    forms it may take, and any run of `MIN_SECRET_RUN` or more characters of a part is hidden too.
    """
    values = secrets.values() if isinstance(secrets, Mapping) else secrets
    parts = sorted({part for secret in values for part in secret_parts(secret.reveal())}, key=len, reverse=True)
    for part in parts:
        for form in sorted(_encoded_forms(part), key=len, reverse=True):
            text = text.replace(form, "***")
    for part in parts:
        if "://" not in part:  # runs of a whole URL would hide "https://" and the host too
            text = _hide_runs(text, part)
    return text


MIN_SECRET_RUN = 6  # shorter runs of a secret are too common in ordinary text to hide


def secret_parts(value: str) -> set[str]:
    """The whole secret and the pieces of it that identify it (path segments, query values, token halves)."""
    parts = {value} if len(value) >= 4 else set()
    pieces: list[str] = []
    if "://" in value:
        split = urlsplit(value)
        pieces += split.path.split("/") + [split.username or "", split.password or "", split.fragment]
        pieces += [item for _, item in parse_qsl(split.query, keep_blank_values=True)]
        pieces += [unquote(piece) for piece in pieces]
    else:
        pieces.append(value.strip())
    for piece in pieces:
        for bit in (piece, *piece.split(":"), piece.removeprefix("bot")):
            # An identifier has digits or is long; "webhooks" and "services" are not secrets.
            if len(bit) >= MIN_SECRET_RUN and (any(ch.isdigit() for ch in bit) or len(bit) >= 20):
                parts.add(bit)
    return parts


def _encoded_forms(part: str) -> set[str]:
    quoted = quote(part, safe="")
    return {
        part,
        quoted,
        quoted.lower(),
        quote(part, safe="/"),
        quote_plus(part),
        quote(quoted, safe=""),
        html.escape(part),
        part.replace("/", "\\/"),
        json.dumps(part)[1:-1],
    }


def _hide_runs(text: str, part: str) -> str:
    """`text` with every run of at least `MIN_SECRET_RUN` characters that also occurs in `part` hidden."""
    if len(part) < MIN_SECRET_RUN:
        return text
    out: list[str] = []
    index = 0
    while index < len(text):
        end = index + MIN_SECRET_RUN
        if end <= len(text) and text[index:end] in part:
            while end < len(text) and text[index : end + 1] in part:
                end += 1
            out.append("***")
            index = end
        else:
            out.append(text[index])
            index += 1
    return "".join(out)
