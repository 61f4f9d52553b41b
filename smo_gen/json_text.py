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
    return with_list_last_spans(head, key, items)[0]


def with_list_last_spans(
    head: Mapping[str, Any], key: str, items: Sequence[bytes | memoryview]
) -> tuple[bytes, list[tuple[int, int]]]:
    """`with_list_last`, and where each item lies in the document (start, end)."""
    text = json.dumps(head, ensure_ascii=False, indent=2).encode("utf-8")
    name = json.dumps(key).encode("utf-8")
    opening = text[:-2] + b",\n  " + name  # text ends '\n}': reopen the object
    if not items:
        return opening + b": []\n}\n", []
    parts: list[bytes | memoryview] = [opening, b": [\n    "]
    spans, position = [], len(opening) + len(parts[1])
    for item in items:
        parts += (item, _SEPARATOR)
        spans.append((position, position + len(item)))
        position += len(item) + len(_SEPARATOR)
    parts[-1] = b"\n  ]\n}\n"  # in place of the separator after the last item
    return b"".join(parts), spans  # one join, so a document of megabytes is copied once


_SEPARATOR = b",\n    "
