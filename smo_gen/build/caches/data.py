"""Cache files as data only: JSON, with a few tagged types, never pickle.

Everything under `.smo-cache/` can come from a checkout (`git add -f`, a pull request), and
a build runs where secrets are (CI). Unpickling such a file runs whatever code it names, so
caches are JSON: reading one makes strings, numbers, lists and dicts, and, through tags,
tuples, sets, dates and times, bytes and the frozen dataclasses the reading cache names, with
exactly their constructors' arguments (see `_maker`). Nothing else can come out of a cache
file, whatever it holds. A file that is not such JSON (damaged, written by other code, an
old pickle) reads as None.

Plain values are written as JSON itself; a JSON object holding the key TAG is a tagged value:
`{"\\u0000": "tuple", "v": [...]}`; a dataclass is its constructor's arguments in order. A
dict that has non-string keys, or a key TAG, is tagged too.

Long texts (a page's HTML) may be kept after the JSON rather than in it (`texts_apart`): the
file is then the JSON, a NUL byte (which JSON text never holds: it writes control characters
as escapes) and the texts' UTF-8 one after another, each in the JSON as `{TAG: "text", "v":
[start, length]}`. Decoding a text from bytes costs a fraction of scanning it as a JSON
string full of escaped quotes and line ends.

A record's `LazyField`s (a page's HTML and links: see smo_gen/lazy_fields.py) go after the
JSON too: a long text tagged "lazytext", and a list, tuple or dict that holds anything as its
own JSON text, tagged "lazydata". They are read back as `Deferred` values that the field makes
when first read, so the JSON scanner never looks at them. A `Deferred` can come out of a file
only in such a field (the reader counts them), so no other value ever holds one.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import mmap
import os
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from smo_gen.file_looks import FileIdentity, identity_of
from smo_gen.lazy_fields import Deferred, lazy_field_names

TAG = "\u0000"
# What reading a damaged or foreign file may raise (json's errors are ValueErrors).
_READ_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError)

CacheTypes = Mapping[str, type]
_PLAIN = frozenset({str, int, float, bool, type(None)})
# Containers one cache file may hold: a shard of a 10,000-page site holds about 10,000.
MAX_CONTAINERS = 500_000
_FIELDS: dict[type, tuple[str, ...] | None] = {}
_LAZY: dict[type, frozenset[int]] = {}
_LAZY_TAGS = frozenset({"lazytext", "lazydata"})
# Texts at least this long go after the JSON when a file keeps texts apart: a page's HTML,
# never a title or a summary (scanning a short string costs less than the call reading it).
LONG_TEXT = 512
_TEXTS_SEPARATOR = b"\x00"


def cache_types(*classes: type) -> CacheTypes:
    """The dataclasses a cache may hold, by name: only these are ever made from its files."""
    return MappingProxyType({cls.__qualname__: cls for cls in classes})


NO_TYPES: CacheTypes = cache_types()


def dump_cache_data(value: object) -> bytes:
    """`value` as cache bytes; raises TypeError for a value a cache cannot hold."""
    return json.dumps(value, default=_tag, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode(
        "utf-8", "surrogatepass"
    )


def dump_tagged_data(value: object, most: int = MAX_CONTAINERS, texts_apart: bool = False) -> bytes:
    """Like dump_cache_data, for values holding tuples and dicts that plain JSON would change.

    json.dumps writes tuples as arrays and dicts as objects without asking; this walks the
    value first and tags them, so what is read back equals what was written. Raises
    TypeError for a value of more than `most` containers (see _make_tagger). With
    `texts_apart`, texts of LONG_TEXT characters or more are kept after the JSON (see above).
    """
    return b"".join(dump_tagged_pieces(value, most, texts_apart))


def dump_tagged_pieces(value: object, most: int = MAX_CONTAINERS, texts_apart: bool = False) -> list[bytes]:
    """`dump_tagged_data` as the pieces that, one after another, make it: the JSON, and with
    texts apart the separator and each text. A shard of the page cache is megabytes of pages'
    HTML; written as pieces (`write_atomically` takes them), it is never joined or encoded
    whole, which made it anew twice (a tenth of a cold build's page faults at 10,000 pages)."""
    texts: list[str] | None = [] if texts_apart else None
    data = dump_cache_data(_make_tagger(most, texts)(value))
    if not texts:
        return [data]  # nothing long: the plain JSON file, as without texts_apart
    return [data, _TEXTS_SEPARATOR, *(text.encode("utf-8", "surrogatepass") for text in texts)]


def loads_cache_data(data: bytes | mmap.mmap, types: CacheTypes = NO_TYPES) -> object | None:
    """What cache bytes hold, or None when they are not a cache's JSON (damaged, foreign, old)."""
    end = data.find(_TEXTS_SEPARATOR)
    texts = memoryview(data)[end + 1 :] if end != -1 else None
    refs = _RefCount()
    hook = _untagger(types, texts, refs)
    try:
        text = (data[:end] if end != -1 else data[:]).decode("utf-8", "surrogatepass")  # [:] is bytes of a map
        loaded: object = json.loads(text, object_hook=hook)
    except (UnicodeDecodeError, *_READ_ERRORS):
        return None
    if refs.made != refs.placed:
        return None  # a lazy value outside a LazyField: not a file this code wrote
    return loaded


def load_cache_data(path: Path, types: CacheTypes = NO_TYPES) -> object | None:
    """What a cache file holds, or None when it is missing, damaged or written by other code."""
    return read_cache_data(path, types)[1]


def load_mapped_cache_data(path: Path, types: CacheTypes = NO_TYPES) -> object | None:
    """`load_cache_data`, with the file mapped rather than read: what a file keeps for
    `LazyField`s is then paged in only if read (a one-edit build of 10,000 pages reads a
    hundred of 10,000), and nothing is copied for the others. Where a mapped file cannot be
    replaced (Windows), it is read.

    Cache files are only ever replaced whole (atomic_write), never cut short in place, so a
    mapping stays whole for as long as a page refers to it."""
    if os.name != "posix":
        return load_cache_data(path, types)
    try:
        with open(path, "rb") as stream:
            identity = _identity(stream)
            kept = _kept(_MAPPED, path, identity, types)
            if kept is not None:
                return kept
            mapped = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty (which maps nothing)
        return load_cache_data(path, types)
    loaded = loads_cache_data(mapped, types)
    if loaded is not None:
        _keep(_MAPPED, path, identity, types, loaded)
    return loaded


def read_cache_data(path: Path, types: CacheTypes = NO_TYPES) -> tuple[bytes | None, object | None]:
    """A cache file's bytes (None when missing) and what they hold (None when damaged), for a
    cache that is rewritten only when its bytes would change."""
    try:
        with open(path, "rb") as stream:
            identity = _identity(stream)
            kept = _kept(_READ, path, identity, types)
            if kept is not None:
                return cast(tuple[bytes | None, object | None], kept)  # kept as read below
            data = stream.read()
    except OSError:
        return None, None
    read = data, loads_cache_data(data, types)
    _keep(_READ, path, identity, types, read)
    return read


# Cache files a process keeps what it read of, with the file's identity (see keep_cache_reads):
# (how it was read, path) -> (identity, types, what was read). None (the default) keeps nothing.
_MAPPED, _READ = "mapped", "read"
_kept_reads: dict[tuple[str, str], tuple[FileIdentity, CacheTypes, object]] | None = None


def keep_cache_reads() -> None:
    """From now on in this process, keep what each cache file held when read, and take it from
    there while the file stays the same file (device, inode, size, time).

    For a build server, whose next build then reads only the files the last one wrote (and
    `refresh_cache_reads` reads those between builds). Safe because a cache file is never
    changed in place, only replaced whole (a new inode), and no build changes what it read:
    it makes new entries, dictionaries and records from it.
    """
    global _kept_reads
    if _kept_reads is None:
        _kept_reads = {}


def keeps_cache_reads() -> bool:
    """Whether this process keeps cache reads (see `keep_cache_reads`)."""
    return _kept_reads is not None


def refresh_cache_reads(stop: Callable[[], bool]) -> None:
    """Read again, one at a time until `stop()`, each kept cache file that another file has
    replaced since (forgetting those that are gone), so that the next build finds it read."""
    for (how, name), (identity, types, _) in list((_kept_reads or {}).items()):
        if stop():
            return
        path = Path(name)
        try:
            with open(path, "rb") as stream:
                if _identity(stream) == identity:
                    continue
        except OSError:
            if _kept_reads is not None:
                _kept_reads.pop((how, name), None)
            continue
        if how == _MAPPED:
            load_mapped_cache_data(path, types)
        else:
            read_cache_data(path, types)


def _identity(stream: Any) -> FileIdentity:
    return identity_of(os.fstat(stream.fileno()))


def _kept(how: str, path: Path, identity: FileIdentity, types: CacheTypes) -> object | None:
    if _kept_reads is None:
        return None
    kept = _kept_reads.get((how, str(path)))
    return kept[2] if kept is not None and kept[0] == identity and kept[1] == types else None


def _keep(how: str, path: Path, identity: FileIdentity, types: CacheTypes, value: object) -> None:
    if _kept_reads is not None:
        _kept_reads[(how, str(path))] = (identity, types, value)


def _make_tagger(most: int, texts: list[str] | None = None) -> Callable[[Any], Any]:
    """A function giving a value's tagged form, raising TypeError past `most` containers.

    YAML aliases make values that share parts (a "billion laughs" document is 80 lists, each
    holding the one before nine times); pickle kept them shared, JSON writes every use in
    full, so the count of containers written is bounded, and a value past it is not cached.
    With `texts`, each text of LONG_TEXT characters or more is added to it and tagged by
    where its UTF-8 will lie among theirs.
    """
    left = most
    # Plain values (most, by far) are passed over without a call: `type(item) in _PLAIN`.
    # Texts are looked at one by one only when long ones go apart.
    passed = _PLAIN if texts is None else _PLAIN - {str}
    start = 0

    def apart(value: str, tag: str) -> dict[str, Any]:
        nonlocal start
        assert texts is not None
        # Its length in UTF-8: its length in characters when it is ASCII, which Python knows.
        size = len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))
        texts.append(value)
        start += size
        return {TAG: tag, "v": [start - size, size]}

    inline: list[Callable[[Any], Any]] = []  # the tagger of lazy data, made when first needed

    def tagged_field(value: Any, lazy: bool) -> Any:
        if lazy and type(value) is str and len(value) >= LONG_TEXT:
            return apart(value, "lazytext")
        if lazy and type(value) in (tuple, list, dict) and value:
            # Its own JSON (its long texts in it), read only if the field is.
            if not inline:
                inline.append(_make_tagger(most))
            return apart(dump_cache_data(inline[0](value)).decode("utf-8", "surrogatepass"), "lazydata")
        return value if type(value) in passed else tagged(value)

    def tagged(value: Any) -> Any:
        nonlocal left
        kind = type(value)
        if kind in passed:
            return value
        if kind is str:  # only when `texts` keeps the long ones
            return value if len(value) < LONG_TEXT else apart(value, "text")
        left -= 1
        if left < 0:
            raise TypeError(f"a cache holds at most {most:,} lists, tuples, dicts and records in one file")
        if kind is list:
            return [item if type(item) in passed else tagged(item) for item in value]
        if kind is tuple:
            return {TAG: "tuple", "v": [item if type(item) in passed else tagged(item) for item in value]}
        if kind is dict or kind is MappingProxyType:
            if TAG not in value and all(type(key) is str for key in value):
                return {key: item if type(item) in passed else tagged(item) for key, item in value.items()}
            return {TAG: "dict", "v": [[tagged(key), tagged(item)] for key, item in value.items()]}
        names = _init_fields(kind)
        if names is not None:  # a dataclass: its constructor's arguments, in order
            fields = [getattr(value, name) for name in names]
            lazy = _lazy_positions(kind) if texts is not None else ()
            if lazy:
                return {TAG: kind.__qualname__, "v": [tagged_field(item, i in lazy) for i, item in enumerate(fields)]}
            return {TAG: kind.__qualname__, "v": [item if type(item) in passed else tagged(item) for item in fields]}
        if isinstance(value, (set, frozenset)):
            return {TAG: "frozenset" if isinstance(value, frozenset) else "set", "v": [tagged(item) for item in value]}
        if isinstance(value, (str, int, float)):
            return value  # a subclass (an enum of strings, Markup): kept as its plain value
        if isinstance(value, tuple) and hasattr(kind, "_fields"):  # a named tuple: a record, as a dataclass
            return {TAG: kind.__qualname__, "v": [item if type(item) in passed else tagged(item) for item in value]}
        for plain in (list, tuple, dict):
            if isinstance(value, plain):
                return tagged(plain(value))  # a subclass (OrderedDict) as its plain kind
        return value  # dates, times and bytes: tagged by _tag as json.dumps meets them

    return tagged


def _init_fields(kind: type) -> tuple[str, ...] | None:
    """The names of a dataclass's constructor arguments (None: not a dataclass), found once per class."""
    if kind not in _FIELDS:
        is_record = dataclasses.is_dataclass(kind)
        _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind) if field.init) if is_record else None
    return _FIELDS[kind]


def _lazy_positions(kind: type) -> frozenset[int]:
    """Where a dataclass's `LazyField`s stand among its constructor's arguments, found once per class."""
    if kind not in _LAZY:
        lazy = lazy_field_names(kind)
        names = _init_fields(kind) or ()
        _LAZY[kind] = frozenset(index for index, name in enumerate(names) if name in lazy)
    return _LAZY[kind]


def _tag(value: Any) -> Any:
    """The tagged form of a value JSON has no type for (json.dumps calls it for those only)."""
    if isinstance(value, dt.datetime):
        return {TAG: "datetime", "v": value.replace(tzinfo=None).isoformat(), "z": _zone(value.tzinfo), "f": value.fold}
    if isinstance(value, dt.date):
        return {TAG: "date", "v": value.isoformat()}
    if isinstance(value, dt.time) and value.tzinfo is None:
        return {TAG: "time", "v": value.isoformat()}
    if isinstance(value, bytes):
        return {TAG: "bytes", "v": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (tuple, set, frozenset, MappingProxyType)) or dataclasses.is_dataclass(value):
        return _make_tagger(MAX_CONTAINERS)(value)  # reached when dump_cache_data (not dump_tagged_data) meets one
    raise TypeError(f"a cache cannot hold {type(value).__name__}")


def _zone(zone: dt.tzinfo | None) -> Any:
    if zone is None:
        return None
    if isinstance(zone, zoneinfo.ZoneInfo):
        return zone.key
    if isinstance(zone, dt.timezone):
        offset = zone.utcoffset(None)
        # A fixed offset read from a date ("+09:00") has no name of its own, and its repr says so:
        # a page's listing is digested by its repr, so a page read back from the cache must give the
        # same one (a named copy made every list page of a site render again after a first build).
        unnamed = repr(zone) == repr(dt.timezone(offset))
        return [offset.total_seconds(), None if unnamed else zone.tzname(None)]
    raise TypeError(f"a cache cannot hold the time zone {zone!r}")


def _unzone(value: Any) -> dt.tzinfo | None:
    if value is None:
        return None
    if isinstance(value, str):
        return zoneinfo.ZoneInfo(value)  # a name of the tz database, never a path (ZoneInfo checks)
    seconds, name = value
    offset = dt.timedelta(seconds=float(seconds))
    return dt.timezone(offset) if name is None else dt.timezone(offset, str(name))


class _RefCount:
    """The `Deferred` values one reading made, and how many of them it placed in `LazyField`s."""

    def __init__(self) -> None:
        self.made = 0
        self.placed = 0


def _untagger(
    types: CacheTypes, texts: memoryview | None = None, refs: _RefCount | None = None
) -> Callable[[dict[str, Any]], Any]:
    """The JSON object hook making tagged values (`texts`: the long texts after the JSON, if any;
    `refs` counts the lazy ones)."""
    refs = refs or _RefCount()

    def read_data(text: str) -> Any:
        """A "lazydata" value's JSON, read as its file would be (ValueError when it cannot be).
        It has no texts after it, so a lazy or long text inside it is refused as a type this
        cache does not hold."""
        return json.loads(text, object_hook=_untagger(types))

    def untag(obj: dict[str, Any]) -> Any:
        tag = obj.get(TAG)
        if tag is None:
            return obj
        value = obj["v"]
        if tag == "tuple":  # the commonest by far
            return tuple(value)
        if tag == "text" and texts is not None:
            return _read_text(texts, value)
        if tag in _LAZY_TAGS and texts is not None:
            _check_place(texts, value)  # read when the field is
            refs.made += 1
            return Deferred(texts, value[0], value[1], None if tag == "lazytext" else read_data)
        read = _READERS.get(tag)
        if read is not None:
            return read(obj, value)
        cls = types.get(tag)
        if cls is None or not isinstance(value, list):
            raise ValueError(f"a cache file names the type {tag!r}, which this cache does not hold")
        lazy = _lazy_positions(cls)
        if lazy:
            refs.placed += sum(1 for index in lazy if index < len(value) and type(value[index]) is Deferred)
        return (_MAKERS.get(cls) or _maker(cls))(value)

    return untag


# How each record type is made from its fields' values (see `_maker`).
_MAKERS: dict[type, Callable[[list[Any]], Any]] = {}


def _maker(cls: type) -> Callable[[list[Any]], Any]:
    """What makes a `cls` from its constructor's arguments, in order.

    The constructor, unless it would only store them: a plain dataclass (every field an
    argument, no __post_init__, no slots) gets them set as that constructor sets them, without
    its calls (a frozen record's constructor sets each field through object.__setattr__: the
    10,000 pages and 77,000 links of a page cache took 0.05 s of its reading that way).
    Either way a record gets exactly its own fields, all of them, or the file is refused.
    """
    names = _init_fields(cls)
    params = getattr(cls, "__dataclass_params__", None)
    plain = (
        names is not None
        and params is not None
        and params.init
        and len(names) == len(dataclasses.fields(cls))
        and not hasattr(cls, "__post_init__")
        and not hasattr(cls, "__slots__")
    )
    lazy = _lazy_positions(cls)
    if not plain:

        def construct(value: list[Any]) -> Any:
            for index in lazy:  # the constructor is given the values
                if index < len(value) and type(value[index]) is Deferred:
                    value[index] = value[index].value()
            return cls(*value)  # checked as any caller's

        return _MAKERS.setdefault(cls, construct)
    assert names is not None
    count, new = len(names), object.__new__

    def make(value: list[Any]) -> Any:
        if len(value) != count:
            raise ValueError(f"a {cls.__qualname__} in a cache file has {len(value)} fields, not {count}")
        record: Any = new(cls)
        record.__dict__.update(zip(names, value))  # a Deferred in a LazyField: made when read
        return record

    return _MAKERS.setdefault(cls, make)


def _read_text(texts: memoryview, value: Any) -> str:
    """The text at [start, length] among `texts`; a place outside them is a damaged file."""
    start, end = _place(texts, value)
    return str(texts[start:end], "utf-8", "surrogatepass")


def _check_place(texts: memoryview, value: Any) -> None:
    """Refuse [start, length] unless it lies among `texts` and starts and ends between UTF-8
    characters: what a wrong place would show, checked without decoding the text."""
    start, end = _place(texts, value)
    if (start < len(texts) and 0x80 <= texts[start] < 0xC0) or (end < len(texts) and 0x80 <= texts[end] < 0xC0):
        raise ValueError("a cache file names a text that starts or ends inside a character")


def _place(texts: memoryview, value: Any) -> tuple[int, int]:
    """The start and end of the text at [start, length] among `texts`; ValueError for a place
    outside them (a damaged file)."""
    start, length = value
    if not (type(start) is int and type(length) is int and 0 <= start and 0 <= length <= len(texts) - start):
        raise ValueError("a cache file names a text past its end")
    return start, start + length


def _read_datetime(obj: dict[str, Any], value: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment.replace(tzinfo=_unzone(obj["z"]), fold=int(obj["f"]))


# The tagged types other than tuples and the cache's own dataclasses, found by one look-up:
# a page's cache entry holds a dozen tagged records (links, UTM settings), and going down a
# chain of comparisons for each showed when reading 10,000 pages.
_READERS: Mapping[str, Callable[[dict[str, Any], Any], Any]] = {
    "dict": lambda obj, value: {_hashable(key): item for key, item in value},
    "datetime": _read_datetime,
    "date": lambda obj, value: dt.date.fromisoformat(value),
    "time": lambda obj, value: dt.time.fromisoformat(value),
    "bytes": lambda obj, value: base64.b64decode(value, validate=True),
    "set": lambda obj, value: set(map(_hashable, value)),
    "frozenset": lambda obj, value: frozenset(map(_hashable, value)),
}


def _hashable(key: Any) -> Any:
    if isinstance(key, (list, dict)):
        raise TypeError("an unhashable key")
    return key


def iter_typed_pairs(value: object, key_type: type, value_check: Callable[[object], bool]) -> Iterable[tuple[Any, Any]]:
    """The items of `value` when it is a dict, keeping those whose key is a `key_type` and whose
    value passes `value_check` (a cache file may hold anything)."""
    if not isinstance(value, dict):
        return ()
    return ((key, item) for key, item in value.items() if isinstance(key, key_type) and value_check(item))
