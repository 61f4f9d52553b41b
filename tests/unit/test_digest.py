"""The stable digest that keys every output: equal values give equal digests, different ones differ."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import PurePosixPath

import pytest

from smo_gen.digest import Digester, stable_digest


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
