"""list_last_frame and dumps_indented: the same text json.dumps(indent=2) writes, made faster."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from smo_gen.render.json_text import dumps_indented, list_last_frame


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


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.tuples(children)
        | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=400)
@given(value=json_values, level=st.integers(0, 3))
def test_indented_json_is_jsons_own(value: object, level: int) -> None:
    """A feed item written piece by piece is what json.dumps(indent=2) writes, at its depth."""
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
    assert dumps_indented(value, level) == expected


def test_keys_json_turns_into_text_go_through_json() -> None:
    value = {1: "one", None: [1.5, float("nan")], False: {}}
    assert dumps_indented(value, 1) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
