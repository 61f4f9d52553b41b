"""LazyFields: a record given a Deferred value makes it on the first read, and only then."""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import FrozenInstanceError, dataclass, replace

import pytest

from smo_gen.errors import BuildError
from smo_gen.lazy_fields import Deferred, LazyField, lazy_field_names, lazy_fields


@lazy_fields("body", "tags")
@dataclass(frozen=True)
class Note:
    title: str
    body: str
    tags: tuple[str, ...] = ()


def kept(text: str) -> tuple[Deferred, memoryview]:
    data = memoryview(("pad" + text + "tail").encode("utf-8", "surrogatepass"))
    start = len(b"pad")
    return Deferred(data, start, len(data) - start - len(b"tail")), data


def a_note_from_a_cache(text: str) -> Note:
    """A Note as the cache reader makes one: its fields set without the constructor."""
    note = object.__new__(Note)
    note.__dict__.update(title="t", body=kept(text)[0], tags=())
    return note


def test_a_record_made_by_its_constructor_holds_its_text() -> None:
    note = Note("t", "<p>body</p>")
    assert note.body == "<p>body</p>" and vars(note)["body"] == "<p>body</p>"
    assert note == Note("t", "<p>body</p>") and hash(note) == hash(Note("t", "<p>body</p>"))


def test_a_text_ref_is_decoded_on_the_first_read_and_kept() -> None:
    note = a_note_from_a_cache("café “quoted” \ud800")
    assert type(vars(note)["body"]) is Deferred  # nothing decoded yet
    assert note.body == "café “quoted” \ud800"
    assert vars(note)["body"] == "café “quoted” \ud800"  # decoded once: the text replaces the reference
    assert note == Note("t", "café “quoted” \ud800")


def test_the_field_stays_frozen() -> None:
    note = a_note_from_a_cache("x")
    with pytest.raises(FrozenInstanceError):
        note.body = "other"  # type: ignore[misc]
    assert note.body == "x"


def test_replace_copy_and_pickle_carry_the_text() -> None:
    note = a_note_from_a_cache("<p>long</p>")
    assert replace(note, title="u").body == "<p>long</p>"
    assert copy.deepcopy(a_note_from_a_cache("<p>deep</p>")).body == "<p>deep</p>"
    assert copy.copy(a_note_from_a_cache("<p>shallow</p>")).body == "<p>shallow</p>"
    back = pickle.loads(pickle.dumps(a_note_from_a_cache("<p>sent</p>")))  # to a worker process
    assert back.body == "<p>sent</p>" and back == Note("t", "<p>sent</p>")


def test_bytes_that_are_not_utf8_read_as_replacement_characters() -> None:
    data = memoryview(b"ok \xff\xfe ok")
    note = object.__new__(Note)
    note.__dict__.update(title="t", body=Deferred(data, 0, len(data)), tags=())
    assert note.body == "ok \ufffd\ufffd ok"


def test_a_record_without_the_field_has_no_such_attribute() -> None:
    note = object.__new__(Note)
    with pytest.raises(AttributeError):
        note.body  # noqa: B018 - the read is the test


def test_the_class_names_its_lazy_fields() -> None:
    assert lazy_field_names(Note) == {"body", "tags"}
    assert isinstance(vars(Note)["body"], LazyField)
    assert lazy_field_names(Deferred) == frozenset()
    assert Note("t", "b").tags == ()  # the field's default still applies


def a_note_with_deferred_tags(text: str) -> Note:
    data = memoryview(text.encode())
    note = object.__new__(Note)
    note.__dict__.update(title="t", body="b", tags=Deferred(data, 0, len(data), lambda text: tuple(json.loads(text))))
    return note


def test_a_deferred_value_is_made_from_its_text_on_the_first_read() -> None:
    note = a_note_with_deferred_tags('["a", "b"]')
    assert type(vars(note)["tags"]) is Deferred
    assert note.tags == ("a", "b") and vars(note)["tags"] == ("a", "b")
    assert pickle.loads(pickle.dumps(a_note_with_deferred_tags('["c"]'))).tags == ("c",)


def test_a_value_that_cannot_be_made_is_a_build_error_saying_what_to_do() -> None:
    note = a_note_with_deferred_tags('["a", ')
    with pytest.raises(BuildError) as raised:
        note.tags  # noqa: B018 - the read is the test
    assert "cache is damaged" in str(raised.value) and "delete the cache folder" in str(raised.value)
