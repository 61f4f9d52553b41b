"""list_last_frame: the same document json.dumps(indent=2) writes, from items serialized once."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from smo_gen.render.json_text import list_last_frame


def with_list_last(head: Mapping[str, Any], key: str, items: Sequence[bytes]) -> bytes:
    opening, separator, closing = list_last_frame(head, key, bool(items))
    return opening + separator.join(items) + closing


def test_indented_items_give_exactly_what_json_dumps_gives() -> None:
    head = {"version": "1.1", "title": "Ünïcode <shop>"}
    items = [{"id": "a", "tags": ["x", "y"]}, {"id": "b", "nested": {"k": None}}]
    texts = [json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ").encode() for item in items]
    expected = json.dumps({**head, "items": items}, ensure_ascii=False, indent=2) + "\n"
    assert with_list_last(head, "items", texts).decode() == expected
    assert (
        with_list_last(head, "items", []).decode()
        == json.dumps({**head, "items": []}, indent=2, ensure_ascii=False) + "\n"
    )


def test_one_line_items_parse_back() -> None:
    pages = [{"path": "/a/"}, {"path": "/b/"}]
    data = with_list_last({"schema": 1}, "pages", [json.dumps(p).encode() for p in pages])
    assert json.loads(data) == {"schema": 1, "pages": pages}
    assert data.count(b"\n") == 7  # lines: '{', schema, '"pages": [', two pages, ']', '}'
