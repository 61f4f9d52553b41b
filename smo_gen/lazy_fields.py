"""Record fields read back from a cache file only when first read, not when the record is made.

A page read back from the page cache holds its body's HTML and the links in it, but a build
that edits one page of 10,000 reads them for almost none of the others: their outputs and
feed entries are current, and their links keep the link check's last verdicts. Decoding the
HTML of all of them was a third of reading the cache (0.16 of 0.47 s at 10,000 pages), and
reading their links another third. So the cache may give such a field as a `Deferred`, where
its text lies in the cache file's bytes, and the field's `LazyField` makes the value on the
first read.

A record made by its constructor holds its values, as before: only the cache's reader (see
build/caches/data.py) places a `Deferred`, and reading the field never shows one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from smo_gen.errors import BuildError, Problem

_Record = TypeVar("_Record", bound=type)


class Deferred:
    """Where a value's UTF-8 text lies in bytes kept while anything refers to them, and what
    makes the value of that text (None: the text is the value)."""

    __slots__ = ("data", "length", "make", "start")

    def __init__(self, data: memoryview, start: int, length: int, make: Callable[[str], Any] | None = None) -> None:
        self.data = data
        self.start = start
        self.length = length
        self.make = make

    def value(self) -> Any:
        """The value. Bytes that are not UTF-8 (a cache file damaged on disk) read as U+FFFD in a
        text, and as a BuildError saying so in a value made from one: the reader checked where
        the text lies, not each byte of it, which would cost what reading it does."""
        data = self.data[self.start : self.start + self.length]
        try:
            text = str(data, "utf-8", "surrogatepass")
        except UnicodeDecodeError:
            text = str(data, "utf-8", "replace")
        if self.make is None:
            return text
        try:
            return self.make(text)
        except ValueError:
            raise BuildError(
                Problem("a file of the build's cache is damaged", hint="delete the cache folder and build again")
            ) from None

    def __reduce__(self) -> tuple[Callable[[Any], Any], tuple[Any]]:
        # A record is copied or pickled with its instance dictionary: the value goes as itself
        # (a memoryview cannot be pickled).
        return _itself, (self.value(),)


def _itself(value: Any) -> Any:
    return value


class LazyField:
    """A field whose value may be a `Deferred`, made when the field is first read.

    A data descriptor, so that the value stays under the field's own name in the record's
    dictionary: moving it elsewhere changed the shape of every page's dictionary, and reading
    any field of 10,000 pages got slower than the decoding saved.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, record: object, owner: type | None = None) -> Any:
        if record is None:
            return self
        fields = record.__dict__
        try:
            value = fields[self.name]
        except KeyError:
            raise AttributeError(self.name) from None
        if type(value) is Deferred:
            value = fields[self.name] = value.value()
        return value

    def __set__(self, record: object, value: Any) -> None:
        # Reached by object.__setattr__ only: a frozen dataclass's own __setattr__ refuses first.
        record.__dict__[self.name] = value


def lazy_fields(*names: str) -> Callable[[_Record], _Record]:
    """A class decorator (outside `@dataclass`) making the fields `names` `LazyField`s."""

    def install(cls: _Record) -> _Record:
        for name in names:
            setattr(cls, name, LazyField(name))
        return cls

    return install


def lazy_field_names(cls: type) -> frozenset[str]:
    """The names of `cls`'s `LazyField`s."""
    return frozenset(
        name for klass in cls.__mro__ for name, value in vars(klass).items() if isinstance(value, LazyField)
    )
