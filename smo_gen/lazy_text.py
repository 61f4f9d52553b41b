"""Record fields whose long text is decoded when first read, not when the record is made.

A page read back from the page cache holds its body's HTML, but a build that edits one page of
10,000 reads the bodies of almost none of the others: their outputs and feed entries are
current. Decoding all of them from the cache's bytes took a third of reading the cache (0.16 s
of 0.47 at 10,000 pages). So the cache may give such a field as a `TextRef`, where the text lies
in the cache file's bytes, and the field's `LazyText` decodes it on the first read.

A record made by its constructor holds plain text, as before: only the cache's reader (see
build/caches/data.py) places a `TextRef`, and reading the field never shows one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

_Record = TypeVar("_Record", bound=type)


class TextRef:
    """Where a UTF-8 text lies in bytes that are kept while anything refers to them."""

    __slots__ = ("data", "length", "start")

    def __init__(self, data: memoryview, start: int, length: int) -> None:
        self.data = data
        self.start = start
        self.length = length

    def text(self) -> str:
        """The text. Bytes that are not UTF-8 (a cache file damaged on disk) read as U+FFFD:
        the reader checked where the text lies, not each byte of it, which would cost what
        decoding it does."""
        data = self.data[self.start : self.start + self.length]
        try:
            return str(data, "utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return str(data, "utf-8", "replace")

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        # A record is copied or pickled with its instance dictionary: the text goes as a text
        # (a memoryview cannot be pickled).
        return str, (self.text(),)


class LazyText:
    """A field whose value may be a `TextRef`, decoded when the field is first read.

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
        if type(value) is TextRef:
            value = fields[self.name] = value.text()
        return value

    def __set__(self, record: object, value: Any) -> None:
        # Reached by object.__setattr__ only: a frozen dataclass's own __setattr__ refuses first.
        record.__dict__[self.name] = value


def lazy_texts(*names: str) -> Callable[[_Record], _Record]:
    """A class decorator (outside `@dataclass`) making the fields `names` `LazyText` fields."""

    def install(cls: _Record) -> _Record:
        for name in names:
            setattr(cls, name, LazyText(name))
        return cls

    return install


def lazy_fields(cls: type) -> frozenset[str]:
    """The names of `cls`'s `LazyText` fields."""
    return frozenset(
        name for klass in cls.__mro__ for name, value in vars(klass).items() if isinstance(value, LazyText)
    )
