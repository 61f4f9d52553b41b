"""What syndication produces and records: a composed `Post`, and the `Receipt` for a published one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .targets import Target
from .template import Segment, join_text


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

    @property
    def text(self) -> str:
        return join_text(self.segments)


@dataclass(frozen=True)
class Receipt:
    """Where a published post lives: the network's id for it and, when it has one, its web address."""

    remote_id: str | None
    url: str | None


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
    """`text` with every secret value replaced by '***'."""
    values = secrets.values() if isinstance(secrets, Mapping) else secrets
    for secret in values:
        value = secret.reveal()
        if len(value) >= 4:
            text = text.replace(value, "***")
    return text
