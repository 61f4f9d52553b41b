"""JSON documents assembled from parts that are already serialized (kept feed items, manifest lines)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


def with_list_last(head: Mapping[str, Any], key: str, items: Sequence[bytes]) -> bytes:
    """`head` as JSON indented by two, with `key` added last holding `items`, one a line.

    Each item is JSON text already (it may span lines, indented for its depth). Serializing
    the whole document with `indent` would re-encode every item in json's pure-Python encoder.
    `head` must have at least one key.
    """
    text = json.dumps(head, ensure_ascii=False, indent=2).encode("utf-8")
    name = json.dumps(key).encode("utf-8")
    opening = text[:-2] + b",\n  " + name  # text ends '\n}': reopen the object
    if not items:
        return opening + b": []\n}\n"
    parts = [opening, b": [\n    "]
    for item in items:
        parts += (item, b",\n    ")
    parts[-1] = b"\n  ]\n}\n"  # in place of the separator after the last item
    return b"".join(parts)  # one join, so a document of megabytes is copied once
