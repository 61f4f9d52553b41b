"""The stable digest that keys every output: equal values give equal digests, different ones differ."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import PurePosixPath
from types import MappingProxyType

import pytest

from smo_gen.digest import Digester, joined_exactly, stable_digest


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: int


@dataclasses.dataclass(frozen=True)
class Known:
    identity: str
    noise: str

    def stable_identity(self) -> str | None:
        return self.identity or None


class Text(str):
    pass


VALUES = [
    None,
    True,
    1,
    1.0,
    "1",
    b"1",
    Text("1x"),
    "1x",
    (1, 2),
    [1, 2],
    (1, 2, 3),
    [1, 2, 3],
    {"a": 1},
    {"a": 1, "b": 2, "c": 3},
    {1, 2},
    dt.date(2026, 5, 1),
    dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    PurePosixPath("a/b"),
    Point(1, 2),
    Known("k", "n"),
]


def test_the_same_value_gives_the_same_digest_in_any_digester() -> None:
    for value in VALUES:
        assert Digester().digest(value) == stable_digest(value) == stable_digest(value)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("1", 1),
        (1, True),
        (1, 1.0),
        ("1", b"1"),
        ("ab", ("a", "b")),
        (Point(1, 2), Point(2, 1)),
        ({"a": 1}, {"a": 2}),
        ((1, 2, 3), (1, 2, 4)),
        ((("a",), "b"), ("a", ("b",))),
        (Known("k", "x"), Known("j", "x")),
    ],
)
def test_different_values_give_different_digests(one: object, other: object) -> None:
    assert stable_digest(one) != stable_digest(other)


def test_a_string_subclass_digests_as_its_text() -> None:
    assert stable_digest(Text("campaign")) == stable_digest("campaign")


def test_an_object_that_knows_its_identity_is_digested_by_it_alone() -> None:
    assert stable_digest(Known("k", "one")) == stable_digest(Known("k", "other"))
    assert stable_digest(Known("", "one")) != stable_digest(Known("", "other"))  # no identity: its fields


def test_remembered_digests_follow_the_object_not_its_id() -> None:
    digester = Digester()
    first = digester.digest([Point(n, n) for n in range(3)], (Point(1, 1), Point(2, 2), Point(3, 3)))
    # New objects may reuse freed ids; the memo must not hand back the old digest.
    again = digester.digest([Point(n, n + 1) for n in range(3)], (Point(1, 2), Point(2, 3), Point(3, 4)))
    assert again != first
    assert again == Digester().digest([Point(n, n + 1) for n in range(3)], (Point(1, 2), Point(2, 3), Point(3, 4)))


def test_small_values_feed_the_documented_stream() -> None:
    # Fast paths (constants, one update per string) must not change what is digested: caches
    # made by earlier builds stay valid only while the stream stays the same.
    import hashlib

    stream = b"NoneType:None;bool:True;bool:False;L0[]L0[]s1:aint:7;L1[s2:\xc3\xa9]"
    assert stable_digest(None, True, False, (), [], "a", 7, ["é"]) == hashlib.sha256(stream).hexdigest()


def _stream_values() -> list[object]:
    shared = Point(3, 4)
    known = Known("k", "n")
    many = tuple(Point(n, -n) for n in range(5))
    return [
        {},
        {"a": {}},
        ({}, {}, {"x": ()}),
        {"a": 1, "b": (1, 2, 3), "c": None},
        MappingProxyType({"m": 1, "n": 2, "o": 3}),
        (shared, shared, shared, known, known),
        [many, many, (many, many, many)],
        ("s", "é", "", Text("t"), b"b", 1, 2.5, True, None),
        tuple(f"item {n}" for n in range(40)),
        (known, Known("", "fields"), Point(1, 2), dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)),
        {1: "one", (2, 3): "pair", "three": frozenset({"a", "b"})},
        (PurePosixPath("a/b"), dt.date(2026, 5, 1), dt.time(1, 2), {3, 1, 2}),
        ((), [], (None,), ("one",), ("a", "b"), ("a", "b", "c")),
    ]


# Digests of `_stream_values()` made by the digester before its types were sorted once per type
# and long tuples' items fed without a call each: the fast paths must feed the same stream.
STREAM_DIGESTS = [
    "81cf25fd87c8014efe53701c0f957f8d164e73a7bff479ca5964b48ff5adbc49",
    "aeaefd88dbf5de8d5822b0d27843c92762eef2f693b4a48decbe5acdadb4b2b7",
    "0fdddf8170aa0f0723c35380fb693b662a404b3459b878d6422797351efcc5cb",
    "292bd14d2f07c4f1b9b7665d3b5a0b8a46caa9689db6f37e3ae029b3f1e85b15",
    "f2caebe6d15697ba6da4533990495f99e067aac969537725a09793b81b5b10ac",
    "66adf26e0b16201670aa7c5a532b917724dcddacfb9e539e3c3905e15a5cb361",
    "0cb810716095b70ffe8f845f457b778c6a036ca5a843a3f09a5a164bf1fed9c9",
    "7ec5725e92a489236c3db1f1b0cf7ed1de0da052668770285d4cb5d9c765eb9a",
    "bec7da6b9fe7747b7b913e96d7081d9928695d6f745239ce0f9f6b365dbbf63f",
    "81fd0391e7d89eccea09f0f9bc7a1b9be1ab000b44b2a77d23035f7cbd5d56ef",
    "4a1977f02a5ee0eb78f80562c757e0a0b3d664aea67015702cb1887bf460ef8d",
    "cf574045429d39fb45c3253a4d97ad154d494a6798dd17de865550cb8027b02a",
    "f2952313b864e2b1ff7d4349a82f870ec68723182b77b6e24da3ff52335afe64",
]


def test_records_mappings_and_long_tuples_feed_the_stream_of_earlier_builds() -> None:
    # One digester for all, as a build uses it: the second time an object comes it is remembered.
    digester = Digester()
    assert [digester.digest(value) for value in _stream_values()] == STREAM_DIGESTS
    assert Digester().digest(*_stream_values()) == "a6aa9bcf0c72540d8d6f3a08fef7d2822e71a28d5e5042ff30527c709d2480fa"


def test_an_object_whose_identity_is_unknown_is_digested_by_its_fields_each_time() -> None:
    digester = Digester()
    first = digester.digest(Known("", "one"))
    assert digester.digest(Known("", "two")) != first
    assert digester.digest(Known("k", "two")) == digester.digest(Known("k", "three"))


@pytest.mark.parametrize(
    "texts",
    [("a", "b"), ("a\x1eb", "c"), ("a", "b\x1e"), ("a\x1e", "b"), (), ("",), ("", "")],
)
def test_joined_texts_tell_their_parts_apart(texts: tuple[str, ...]) -> None:
    # Two different lists of texts never give the same joined text, separator inside or not.
    others = [("a\x1eb",), ("a", "b", ""), ("a", "b"), ("a\x1eb", "c"), ("",), ()]
    for other in others:
        if other != texts:
            assert joined_exactly(list(other), "\x1e") != joined_exactly(list(texts), "\x1e")
    assert joined_exactly(["a", "b"], "\x1e").endswith("a\x1eb")  # a plain join where it can be
