"""A stable digest of plain values (dataclasses, dicts, lists, text, dates, paths).

Equal values always give the same digest, in any process and on any run, which pickle
does not promise (it records shared references). Incremental builds key outputs by it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import PurePath
from typing import Any


def stable_digest(*values: Any) -> str:
    return Digester().digest(*values)


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
                for item in value:
                    _feed(inner, item, memo)
                known = (value, inner.digest())
                memo[id(value)] = known
            hasher.update(known[1])
        else:
            hasher.update(f"L{len(value)}[".encode())
            for item in value:
                _feed(hasher, item, memo)
            hasher.update(b"]")
        return
    known = memo.get(id(value))
    if known is not None and known[0] is value:
        hasher.update(known[1])  # an object seen before: a page is in its own key, feeds, lists
        return
    identify = getattr(value, "stable_identity", None)
    identity = identify() if identify is not None and not isinstance(value, type) else None
    if identity is not None:
        # The object knows a short value that decides all of it (a page: its source's digest).
        data = f"I:{kind.__qualname__}:{identity};".encode()
        memo[id(value)] = (value, data)
        hasher.update(data)
    else:
        _feed_other(hasher, value, memo)


def _feed_other(hasher: Any, value: Any, memo: dict[int, tuple[Any, bytes]]) -> None:
    """The rarer values: subclasses of the plain types, dates, paths, dataclasses, mappings, sets."""
    if isinstance(value, str):
        _feed(hasher, str(value), memo)
    elif isinstance(value, (bool, int, float)):
        hasher.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, bytes):
        hasher.update(f"b{len(value)}:".encode())
        hasher.update(value)
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        hasher.update(f"d:{value.isoformat()}:{getattr(value, 'tzinfo', None)};".encode())
    elif isinstance(value, PurePath):
        hasher.update(f"p:{value.as_posix()};".encode())
    elif isinstance(value, tuple) and len(value) > 2:
        _feed(hasher, tuple(value), memo)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        known = memo.get(id(value))
        if known is None or known[0] is not value:
            inner = hashlib.sha256(f"D:{type(value).__qualname__}(".encode())
            for field in dataclasses.fields(value):
                inner.update(field.name.encode())
                _feed(inner, getattr(value, field.name), memo)
            known = (value, inner.digest())  # keeps `value` alive, so its id stays its own
            memo[id(value)] = known
        hasher.update(known[1])
    elif isinstance(value, dict) or hasattr(value, "items"):
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
    elif isinstance(value, (list, tuple)):
        hasher.update(f"L{len(value)}[".encode())
        for item in value:
            _feed(hasher, item, memo)
        hasher.update(b"]")
    elif isinstance(value, (set, frozenset)):
        _feed(hasher, sorted(value, key=repr), memo)
    else:
        hasher.update(f"r:{type(value).__qualname__}:{value!r};".encode())
