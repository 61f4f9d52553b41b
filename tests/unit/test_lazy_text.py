"""LazyText fields: a record given a TextRef decodes it on the first read, and only then."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, dataclass, replace

import pytest

from smo_gen.lazy_text import LazyText, TextRef, lazy_fields, lazy_texts


@lazy_texts("body")
@dataclass(frozen=True)
class Note:
    title: str
    body: str
    tags: tuple[str, ...] = ()


def kept(text: str) -> tuple[TextRef, memoryview]:
    data = memoryview(("pad" + text + "tail").encode("utf-8", "surrogatepass"))
    start = len(b"pad")
    return TextRef(data, start, len(data) - start - len(b"tail")), data


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
    assert type(vars(note)["body"]) is TextRef  # nothing decoded yet
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
    note.__dict__.update(title="t", body=TextRef(data, 0, len(data)), tags=())
    assert note.body == "ok \ufffd\ufffd ok"


def test_a_record_without_the_field_has_no_such_attribute() -> None:
    note = object.__new__(Note)
    with pytest.raises(AttributeError):
        note.body  # noqa: B018 - the read is the test


def test_the_class_names_its_lazy_fields() -> None:
    assert lazy_fields(Note) == {"body"}
    assert isinstance(vars(Note)["body"], LazyText)
    assert lazy_fields(TextRef) == frozenset()
