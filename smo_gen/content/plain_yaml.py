"""Front matter written as plain `key: value` lines, read without PyYAML where that is sure to
give what PyYAML gives.

PyYAML (its C loader, as content/frontmatter.py calls it) took 0.03-0.05 ms of a bench page's
parse, as long as reading the page's Markdown without a syntax tree; most front matter is a
handful of lines such as

    title: "Spring sale"
    date: 2026-03-01T09:00:00+01:00
    tags: [sale, spring]
    draft: false

Every line must be blank, a comment starting the line, or `key: value` at the left edge, the key
a plain name written once, the value one of: nothing (null), a double-quoted string without
backslashes, a single-quoted one without quotes inside, a `[flow, list]` of such items, or a
plain scalar that starts with a letter, a digit or one of `/ ( . _ ~ + -` and holds no ': ',
'#' or brackets. Plain scalars (keys included) are resolved by the loader's own implicit resolvers,
so 'yes', 'on', '~', '12' or '2026-03-01' mean what they mean to it; a value it would read as
anything but text, null, a boolean or a plain decimal integer is left to PyYAML, as is any
other line, a tab, a control character or a line break other than '\\n'. None means "ask PyYAML".
`tests/unit/test_plain_yaml.py` holds the two to the same values over real sites' front matter
and generated tricky lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
# Characters YAML reads as something other than plain text, or that PyYAML's reader refuses:
# controls and tabs, and the line breaks of YAML 1.1 besides '\n' (NEL, U+2028, U+2029), and
# a byte-order mark.
_NOT_PLAIN_TEXT = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# How a plain scalar may start ('-' alone would be a list's entry) and go on.
_PLAIN_SCALAR = re.compile(r"(?:-[^ ]|[A-Za-z0-9/(._~+\u00a0-\U0010ffff])[^#\[\]{}]*")
_FLOW_ITEM = re.compile(r"(?:-[^ ,]|[A-Za-z0-9/(._~+\u00a0-\U0010ffff])[^#\[\]{},:]*")
_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_STR = "tag:yaml.org,2002:str"
_BOOLEANS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}

Resolvers = Mapping[str | None, Sequence[tuple[str, re.Pattern[str]]]]


class _NotPlain(Exception):
    """The text is not in the subset: PyYAML reads it."""


def parse_plain_yaml(raw: str, resolvers: Resolvers) -> dict[str, Any] | None:
    """The mapping `raw` holds, as PyYAML's loader with `resolvers` (its implicit resolvers)
    reads it; None when `raw` is not plain `key: value` lines (see the module's docstring)."""
    if _NOT_PLAIN_TEXT.search(raw):
        return None
    data: dict[str, Any] = {}
    try:
        for line in raw.split("\n"):
            if not line or line[0] == "#":
                continue
            match = _KEY_LINE.fullmatch(line.rstrip(" "))
            if match is None:
                return None
            key, value = match[1], match[2]
            if key in data or _resolve(key, resolvers) != _STR:
                return None  # a key given twice (an error), or one YAML reads as a boolean or null
            data[key] = _value(value or "", resolvers)
    except _NotPlain:
        return None
    return data or None


def _value(text: str, resolvers: Resolvers) -> Any:
    if text[:1] == "[":
        if text[-1] != "]":
            raise _NotPlain(text)
        inner = text[1:-1].strip(" ")
        return [_item(item.strip(" "), resolvers) for item in inner.split(",")] if inner else []
    if text[:1] in ('"', "'"):
        return _quoted(text)
    if text and not _PLAIN_SCALAR.fullmatch(text) or ": " in text or text.endswith(":"):
        raise _NotPlain(text)
    return _scalar(text, resolvers)


def _item(text: str, resolvers: Resolvers) -> Any:
    if text[:1] in ('"', "'"):
        return _quoted(text)
    if not _FLOW_ITEM.fullmatch(text):
        raise _NotPlain(text)
    return _scalar(text, resolvers)


def _quoted(text: str) -> str:
    """A quoted string that means its characters: no escapes, no quote inside."""
    quote = text[0]
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != quote or quote in inner or quote == '"' and "\\" in inner:
        raise _NotPlain(text)
    return inner


def _scalar(text: str, resolvers: Resolvers) -> Any:
    """A plain scalar, as the loader's implicit resolvers and safe constructors read it."""
    tag = _resolve(text, resolvers)
    if tag == _STR:
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return _BOOLEANS[text.lower()]
    if tag == "tag:yaml.org,2002:int" and _INTEGER.fullmatch(text):
        return int(text)
    raise _NotPlain(text)  # octal, hexadecimal, sexagesimal, floats, merge keys: PyYAML's to read


def _resolve(text: str, resolvers: Resolvers) -> str:
    """The tag a plain scalar gets, as PyYAML's BaseResolver.resolve gives it."""
    for tag, pattern in [*resolvers.get(text[:1], ()), *resolvers.get(None, ())]:
        if pattern.match(text):
            return tag
    return _STR
