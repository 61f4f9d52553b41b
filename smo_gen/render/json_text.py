"""JSON documents assembled from parts that are already serialized (kept feed items, manifest lines)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def list_last_frame(head: Mapping[str, Any], key: str, has_items: bool) -> tuple[bytes, bytes, bytes]:
    """What goes before the first item, between items and after the last, so that `head` as JSON
    indented by two, with `key` added last holding the items one a line, is exactly what
    `json.dumps(indent=2)` writes.

    Each item is JSON text already (it may span lines, indented for its depth). Serializing
    the whole document with `indent` would re-encode every item in json's pure-Python encoder.
    `head` must have at least one key.
    """
    text = json.dumps(head, ensure_ascii=False, indent=2).encode("utf-8")
    name = json.dumps(key).encode("utf-8")
    opening = text[:-2] + b",\n  " + name  # text ends '\n}': reopen the object
    if not has_items:
        return opening + b": []\n}\n", b"", b""
    return opening + b": [\n    ", b",\n    ", b"\n  ]\n}\n"
