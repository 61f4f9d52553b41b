"""JSON documents assembled from parts that are already serialized (kept feed items, manifest lines)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


def with_list_last(head: Mapping[str, Any], key: str, items: Sequence[bytes | memoryview]) -> bytes:
    """`head` as JSON indented by two, with `key` added last holding `items`, one a line.

    Each item is JSON text already (it may span lines, indented for its depth). Serializing
    the whole document with `indent` would re-encode every item in json's pure-Python encoder.
    `head` must have at least one key.
    """
    opening, separator, closing = list_last_frame(head, key, bool(items))
    return opening + separator.join(items) + closing


def list_last_frame(head: Mapping[str, Any], key: str, has_items: bool) -> tuple[bytes, bytes, bytes]:
    """What goes before the first item, between items and after the last, for `with_list_last`."""
    text = json.dumps(head, ensure_ascii=False, indent=2).encode("utf-8")
    name = json.dumps(key).encode("utf-8")
    opening = text[:-2] + b",\n  " + name  # text ends '\n}': reopen the object
    if not has_items:
        return opening + b": []\n}\n", b"", b""
    return opening + b": [\n    ", b",\n    ", b"\n  ]\n}\n"
