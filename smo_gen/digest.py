"""A stable digest of plain values (dataclasses, dicts, lists, text, dates, paths).

Equal values always give the same digest, in any process and on any run, which pickle
does not promise (it records shared references). Incremental builds key outputs by it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any


def stable_digest(*values: Any) -> str:
    return Digester().digest(*values)


def joined_exactly(texts: Sequence[str], separator: str) -> str:
    """`texts` as one text that tells them apart from any other texts, for a key: their count and
    their join by `separator` where none of them holds it (a join costs a fraction of a repr),
    else their repr (marked, so that no join reads the same)."""
    joined = separator.join(texts)
    if joined.count(separator) == max(len(texts) - 1, 0):
        return f"{len(texts)}{separator}{joined}"
    return "r" + repr(tuple(texts))


class Digester:
    """Digests values, remembering each dataclass instance's digest for as long as it lives.

    A build digests the same page many times (its own output, each feed and list that shows
    it); remembering it by identity makes that one walk per page. Large tuples and mappings
    are remembered the same way. Only use a Digester while the values it has seen are alive
    and unchanged (frozen dataclasses, and tuples and mappings nobody changes meanwhile).
    """

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, bytes]] = {}

    def digest(self, *values: Any) -> str:
        hasher = hashlib.sha256()
        for value in values:
            _feed(hasher, value, self.memo)
        return hasher.hexdigest()


# The bytes fed for the commonest small values, made once (the stream is what counts: one
# update of b"L0[]" digests as the two of "L0[" and "]").
_CONSTANT_BYTES = {None: b"NoneType:None;", True: b"bool:True;", False: b"bool:False;"}
_EMPTY_SEQUENCE = b"L0[]"


def _feed(hasher: Any, value: Any, memo: dict[int, tuple[Any, bytes]]) -> None:
    kind = type(value)
    if kind is str:  # the commonest value first: checks in order of frequency, exact types first
        data = value.encode("utf-8", "surrogatepass")
        hasher.update(b"s%d:%b" % (len(data), data))
        return
    if value is None or kind is bool:
        hasher.update(_CONSTANT_BYTES[value])
        return
    if kind is int or kind is float:
        hasher.update(f"{kind.__name__}:{value!r};".encode())
        return
    if kind is tuple or kind is list:  # never an identity of their own: spare the attribute lookup
        if not value:
            hasher.update(_EMPTY_SEQUENCE)
        elif kind is tuple and len(value) > 2:
            # Tuples (a feed's pages, all pages) recur across outputs: digest each once.
            known = memo.get(id(value))
            if known is None or known[0] is not value:
                inner = hashlib.sha256(f"T{len(value)}[".encode())
                _feed_items(inner, value, memo)
                known = (value, inner.digest())
                memo[id(value)] = known
            hasher.update(known[1])
        else:
            hasher.update(f"L{len(value)}[".encode())
            _feed_items(hasher, value, memo)
            hasher.update(b"]")
        return
    known = memo.get(id(value))
    if known is not None and known[0] is value:
        hasher.update(known[1])  # an object seen before: a page is in its own key, feeds, lists
        return
    sort = _SORTS.get(kind) or _sort_of(kind)
    if sort is _IDENTIFIED:
        identity = value.stable_identity()
        if identity is not None:
            # The object knows a short value that decides all of it (a page: its source's digest).
            data = f"I:{kind.__qualname__}:{identity};".encode()
            memo[id(value)] = (value, data)
            hasher.update(data)
            return
        sort = _sort_of(kind, identified=False)
    _feed_other(hasher, value, memo, sort)


def _feed_items(hasher: Any, items: Any, memo: dict[int, tuple[Any, bytes]]) -> None:
    """Each of `items`, as `_feed` feeds it: the two commonest items of long tuples (a text, an
    object digested before) without a call of their own (a build digests 10,000 pages'
    listings and feeds' page tuples; the calls were a third of its output keys' time)."""
    for item in items:
        if type(item) is str:
            data = item.encode("utf-8", "surrogatepass")
            hasher.update(b"s%d:%b" % (len(data), data))
            continue
        known = memo.get(id(item))
        if known is not None and known[0] is item:
            hasher.update(known[1])
        else:
            _feed(hasher, item, memo)


# How `_feed_other` digests a value, decided once per type (the checks below depend on the
# type alone): each is the first of its checks that a value of the type passes.
_IDENTIFIED = "identified"  # has stable_identity(): digested by it when it gives one
_STR, _NUMBER, _BYTES, _MOMENT, _PATH, _TUPLE = "str", "number", "bytes", "moment", "path", "tuple"
_RECORD, _MAPPING, _SEQUENCE, _SET, _REPR = "record", "mapping", "sequence", "set", "repr"
_SORTS: dict[type, str] = {dict: _MAPPING}
_RECORD_FIELDS: dict[type, tuple[str, ...]] = {}


def _sort_of(kind: type, identified: bool = True) -> str:
    """How values of `kind` are digested (see `_SORTS`); `identified`: ask for its stable identity first."""
    if identified and hasattr(kind, "stable_identity") and not issubclass(kind, type):
        return _SORTS.setdefault(kind, _IDENTIFIED)
    if issubclass(kind, str):
        sort = _STR
    elif issubclass(kind, (bool, int, float)):
        sort = _NUMBER
    elif issubclass(kind, bytes):
        sort = _BYTES
    elif issubclass(kind, (dt.datetime, dt.date, dt.time)):
        sort = _MOMENT
    elif issubclass(kind, PurePath):
        sort = _PATH
    elif issubclass(kind, tuple):
        sort = _TUPLE  # a long one as a plain tuple, else as a sequence (see _feed_other)
    elif dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        sort = _RECORD
        _RECORD_FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    elif issubclass(kind, dict) or hasattr(kind, "items"):
        sort = _MAPPING
    elif issubclass(kind, list):
        sort = _SEQUENCE
    elif issubclass(kind, (set, frozenset)):
        sort = _SET
    else:
        sort = _REPR
    if identified:
        _SORTS[kind] = sort
    return sort


def _feed_other(hasher: Any, value: Any, memo: dict[int, tuple[Any, bytes]], sort: str) -> None:
    """The rarer values: subclasses of the plain types, dates, paths, dataclasses, mappings, sets."""
    if sort is _RECORD:
        known = memo.get(id(value))
        if known is None or known[0] is not value:
            inner = hashlib.sha256(f"D:{type(value).__qualname__}(".encode())
            for name in _RECORD_FIELDS[type(value)]:
                inner.update(name.encode())
                _feed(inner, getattr(value, name), memo)
            known = (value, inner.digest())  # keeps `value` alive, so its id stays its own
            memo[id(value)] = known
        hasher.update(known[1])
    elif sort is _MAPPING:
        # Large mappings (every page's image) recur across outputs too: digest each once.
        known = memo.get(id(value)) if len(value) > 2 else None
        if known is None or known[0] is not value:
            inner = hashlib.sha256(f"M{len(value)}{{".encode())
            for key, item in value.items():
                _feed(inner, key, memo)
                _feed(inner, item, memo)
            known = (value, inner.digest())
            if len(value) > 2:
                memo[id(value)] = known
        hasher.update(known[1])
    elif sort is _STR:
        _feed(hasher, str(value), memo)
    elif sort is _NUMBER:
        hasher.update(f"{type(value).__name__}:{value!r};".encode())
    elif sort is _BYTES:
        hasher.update(f"b{len(value)}:".encode())
        hasher.update(value)
    elif sort is _MOMENT:
        hasher.update(f"d:{value.isoformat()}:{getattr(value, 'tzinfo', None)};".encode())
    elif sort is _PATH:
        hasher.update(f"p:{value.as_posix()};".encode())
    elif sort is _TUPLE and len(value) > 2:
        _feed(hasher, tuple(value), memo)
    elif sort is _TUPLE or sort is _SEQUENCE:
        hasher.update(f"L{len(value)}[".encode())
        for item in value:
            _feed(hasher, item, memo)
        hasher.update(b"]")
    elif sort is _SET:
        _feed(hasher, sorted(value, key=repr), memo)
    else:
        hasher.update(f"r:{type(value).__qualname__}:{value!r};".encode())
