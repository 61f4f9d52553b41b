"""Post templates such as "{message}\\n\\n{url}\\n\\n{hashtags}", rendered into typed segments.

Rendering keeps track of which part of the text is the link and which parts are hashtags, so an
adapter can turn them into rich-text facets (Bluesky) or markup (LinkedIn) at exact offsets. A
field that renders empty takes the separator after it along, so no blank lines or double spaces
are left behind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from smo_gen.errors import did_you_mean

FIELDS: tuple[str, ...] = ("message", "title", "description", "url", "hashtags")
SHRINKABLE: tuple[str, ...] = ("message", "description", "title")

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")

SegmentKind = Literal["text", "link", "tag"]


@dataclass(frozen=True)
class Segment:
    """A piece of a post's text: plain text, the link (`value` is its full URL) or a hashtag."""

    kind: SegmentKind
    text: str
    value: str = ""


def check_template(template: str) -> list[str]:
    """Why `template` cannot be used; empty when it is fine."""
    problems: list[str] = []
    for match in _TOKEN.finditer(template):
        name = match.group(1)
        if name is not None and name not in FIELDS:
            hint = did_you_mean(f"{{{name}}}", [f"{{{f}}}" for f in FIELDS])
            problems.append(
                f"unknown placeholder '{{{name}}}'"
                + (f" ({hint})" if hint else f" (expected some of {', '.join('{' + f + '}' for f in FIELDS)})")
            )
        elif match.group(0) in ("{", "}"):
            problems.append(f"unmatched '{match.group(0)}' (write '{match.group(0) * 2}' for a literal one)")
    return problems


def template_fields(template: str) -> set[str]:
    return {m.group(1) for m in _TOKEN.finditer(template) if m.group(1) is not None}


def _split(template: str) -> list[tuple[bool, str]]:
    """(is_field, text) pieces, literal text first, alternating; `{{`/`}}` become braces."""
    pieces: list[tuple[bool, str]] = []
    literal: list[str] = []
    position = 0
    for match in _TOKEN.finditer(template):
        literal.append(template[position : match.start()])
        token = match.group(0)
        if match.group(1) is not None:
            pieces.append((False, "".join(literal)))
            pieces.append((True, match.group(1)))
            literal = []
        else:
            literal.append(token[0])
        position = match.end()
    literal.append(template[position:])
    pieces.append((False, "".join(literal)))
    return pieces


def render_segments(
    template: str,
    values: Mapping[str, str],
    *,
    link: str,
    link_text: str | None = None,
    hashtags: Sequence[str] = (),
) -> list[Segment]:
    """Fill `template`; `{url}` becomes a link segment, `{hashtags}` one tag segment per tag."""
    pieces = _split(template)
    leading = pieces[0][1]
    fields: list[tuple[list[Segment], str]] = []  # (rendered field, the literal after it)
    for index in range(1, len(pieces), 2):
        name = pieces[index][1]
        after = pieces[index + 1][1]
        fields.append((_render_field(name, values, link, link_text, hashtags), after))
    out: list[Segment] = []
    if leading.strip():
        out.append(Segment("text", leading))
    rendered = [(segments, after) for segments, after in fields if segments]
    for position, (segments, after) in enumerate(rendered):
        out.extend(segments)
        is_last = position == len(rendered) - 1
        if after and (not is_last or after.strip()):
            out.append(Segment("text", after))
    if not fields and leading:
        out = [Segment("text", leading)]
    return _trim(out)


def _render_field(
    name: str, values: Mapping[str, str], link: str, link_text: str | None, hashtags: Sequence[str]
) -> list[Segment]:
    if name == "url":
        return [Segment("link", link_text or link, link)] if link else []
    if name == "hashtags":
        segments: list[Segment] = []
        for tag in hashtags:
            if segments:
                segments.append(Segment("text", " "))
            segments.append(Segment("tag", f"#{tag}", tag))
        return segments
    value = values.get(name, "")
    return [Segment("text", value)] if value else []


def _trim(segments: list[Segment]) -> list[Segment]:
    """Strip whitespace at both ends of the text (only ever from plain-text segments)."""
    while segments and segments[0].kind == "text" and not segments[0].text.strip():
        segments.pop(0)
    while segments and segments[-1].kind == "text" and not segments[-1].text.strip():
        segments.pop()
    if segments and segments[0].kind == "text":
        segments[0] = Segment("text", segments[0].text.lstrip())
    if segments and segments[-1].kind == "text":
        segments[-1] = Segment("text", segments[-1].text.rstrip())
    return segments


def join_text(segments: Sequence[Segment]) -> str:
    return "".join(segment.text for segment in segments)
