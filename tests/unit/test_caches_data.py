"""Cache files as data: what is written reads back equal, and nothing else can come out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pickle
import zoneinfo
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import pytest

from smo_gen.atomic_write import write_atomically
from smo_gen.build.caches import data
from smo_gen.build.caches.data import (
    LONG_TEXT,
    cache_types,
    dump_cache_data,
    dump_tagged_data,
    keep_cache_reads,
    load_cache_data,
    load_mapped_cache_data,
    loads_cache_data,
    read_cache_data,
    refresh_cache_reads,
)
from smo_gen.build.parsing import CACHED_TYPES as TYPES  # what the page cache holds
from smo_gen.content.card_overrides import CardOverrides
from smo_gen.content.content_links import ContentLink
from smo_gen.content.media import MediaSpec
from smo_gen.content.page import AudienceOverrides, Author, CallToAction, Page
from smo_gen.errors import BuildError, Problem
from smo_gen.lazy_fields import Deferred
from smo_gen.utm import UtmOverrides

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def a_page() -> Page:
    return Page(
        source_path="content/café.md",
        url_path="/café/",
        slug="café",
        title="Spring \u0000 sale \ud800",  # a NUL and a lone surrogate (file names can hold one)
        description="",
        summary="s",
        body_html="<p>Hi</p>",
        date=dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1),
        lastmod=dt.datetime(2026, 5, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30), "IST")),
        publish_date=dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC),
        tags=("a", "b"),
        authors=(Author("Ana", "https://a.example"),),
        cta=CallToAction("Buy", "/buy/", CallToAction("More", "/more/")),
        video=MediaSpec("video", "/v.mp4", 640, 360),
        focal_point=(0.25, 0.5),
        utm=UtmOverrides(medium="paid-social"),
        card=CardOverrides("split", {"title": {"size": 70}}, line=4),
        audience_overrides={"hot": AudienceOverrides(title="Hot", cta=CallToAction("Go", "/go/"), sets_cta=True)},
        params={
            "when": dt.date(2026, 1, 2),
            "at": dt.time(10, 30),
            "naive": dt.datetime(2026, 1, 2, 3, 4, 5),
            "list": [1, 2.5, None, True, "x", ("t", 1)],
            "nested": {"k": {"\u0000": "looks like a tag"}},
            "ints": {1: "one", (2, 3): "pair"},
            "blob": b"\x00\xff",
            "set": frozenset({1, 2}),
            "nan": float("inf"),
        },
        key_lines={"title": 2},
    )


def test_a_page_reads_back_equal_with_its_time_zones() -> None:
    page = a_page()
    entry = ("digest", (12, 34), (page, [Problem("careful", path="content/café.md", line=3, severity="warning")]))
    loaded = loads_cache_data(dump_tagged_data(["header", {"content/café.md": entry}]), TYPES)
    assert loaded == ["header", {"content/café.md": entry}]
    assert isinstance(loaded, list)
    back = loaded[1]["content/café.md"][2][0]
    assert back.date.tzinfo is BERLIN and back.date.fold == 1
    assert back.date.utcoffset() == page.date.utcoffset() == dt.timedelta(hours=1)
    assert back.lastmod.tzname() == "IST"
    assert type(back.params["ints"]) is dict and back.params["ints"][(2, 3)] == "pair"


def test_long_texts_kept_apart_read_back_equal() -> None:
    # Non-ASCII, a lone surrogate, a NUL, quotes and line ends; one just short of the length
    # that goes apart, one just at it, and the same text twice.
    body = '<p class="a">café “quoted”\n\ud800 \u0000</p>\n' * 40
    short, edge = "x" * (LONG_TEXT - 1), "é" * LONG_TEXT
    page = replace(a_page(), body_html=body)
    value = ["header", {"content/café.md": ("digest", (page, [])), "texts": (short, edge, body, body)}]
    data = dump_tagged_data(value, texts_apart=True)
    json_part, _, texts = data.partition(b"\x00")  # JSON writes a NUL as an escape, never as it is
    assert body.encode("utf-8", "surrogatepass") in texts and b"<p" not in json_part
    assert short.encode() in json_part  # short texts stay in the JSON
    loaded = loads_cache_data(data, TYPES)
    assert loaded == value
    assert isinstance(loaded, list) and loaded[1]["content/café.md"][1][0].body_html == body


def test_without_long_texts_a_file_kept_apart_is_the_plain_file() -> None:
    value = ["header", {"content/café.md": ("digest", (a_page(), []))}]
    assert dump_tagged_data(value, texts_apart=True) == dump_tagged_data(value)


@pytest.mark.parametrize("place", [[0, 10_000], [-1, 3], [5, -1], ["0", 3], [0], None])
def test_a_text_named_outside_the_file_reads_as_no_cache(place: object) -> None:
    data = dump_tagged_data(["header", {"long": "y" * LONG_TEXT}], texts_apart=True)
    json_part, _, texts = data.partition(b"\x00")
    named = json_part.replace(b"[0,%d]" % LONG_TEXT, json.dumps(place, separators=(",", ":")).encode())
    assert named != json_part
    assert loads_cache_data(named + b"\x00" + texts, TYPES) is None


def test_a_text_cut_inside_a_character_reads_as_no_cache() -> None:
    data = dump_tagged_data(["header", {"long": "é" * LONG_TEXT}], texts_apart=True)
    assert loads_cache_data(data[:-1], TYPES) is None  # the file ends before the text does
    size = 2 * LONG_TEXT  # bytes: "é" is two
    cut = data.replace(b"[0,%d]" % size, b"[0,%d]" % (size - 1))
    assert cut != data and loads_cache_data(cut, TYPES) is None


def test_plain_data_is_plain_json() -> None:
    data = dump_cache_data({"a/b.png": [1, 2, 3, 4, "image/png"]})
    assert data == b'{"a/b.png":[1,2,3,4,"image/png"]}'
    assert loads_cache_data(data) == {"a/b.png": [1, 2, 3, 4, "image/png"]}


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps({"a": 1}),  # a cache as earlier versions kept it: never unpickled
        b"\x80\x04not even a pickle",
        b'{"\\u0000": "Page", "v": {"title": "no other fields"}}',  # the constructor refuses it
        b'{"\\u0000": "Settings", "v": {}}',  # a type this cache does not hold
        b'{"\\u0000": "builtins.eval", "v": {"source": "1"}}',
        b'{"\\u0000": "datetime", "v": "2026-01-01T00:00:00", "z": "../../../etc/passwd", "f": 0}',
        b'{"\\u0000": "datetime", "v": "not a time", "z": null, "f": 0}',
        b'{"\\u0000": "dict", "v": [[[1], 2]]}',  # an unhashable key
        b'{"\\u0000": "bytes", "v": "%%%"}',
        b"[" * 100_000 + b"]" * 100_000,  # deeper than Python recurses
        b"1" * 5000,  # longer than int() converts
        b"\xff\xfe",
    ],
)
def test_anything_else_reads_as_no_cache(data: bytes) -> None:
    assert loads_cache_data(data, TYPES) is None


def test_a_value_a_cache_cannot_hold_is_refused_when_written() -> None:
    @dataclass(frozen=True)
    class Unlisted:
        x: int

    with pytest.raises(TypeError):
        dump_cache_data({"a": object()})
    with pytest.raises(TypeError):
        dump_tagged_data({"t": dt.datetime(2026, 1, 1, tzinfo=_OddZone())})
    assert loads_cache_data(dump_tagged_data(Unlisted(1)), TYPES) is None  # written, but never made again


class _OddZone(dt.tzinfo):
    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)


def billion_laughs(levels: int = 9) -> list[object]:
    """What YAML aliases make: each list holds the one before nine times (shared, not copied)."""
    value: list[object] = ["lol"] * 9
    for _ in range(levels):
        value = [value] * 9
    return value


def test_values_sharing_parts_past_the_bound_are_refused_not_expanded() -> None:
    with pytest.raises(TypeError, match="at most"):
        dump_tagged_data({"params": billion_laughs()})
    small = billion_laughs(2)
    assert loads_cache_data(dump_tagged_data(small)) == small  # a few shared parts are written out


def test_a_shard_keeps_the_entries_it_can_hold(tmp_path: Path) -> None:
    from smo_gen.build.caches.sharded import ShardedCache

    entries = {f"content/{n}.md": ("digest", n) for n in range(40)}
    entries["content/laughs.md"] = ("digest", billion_laughs())
    ShardedCache(tmp_path, "pages", "v1").save(entries)
    kept = ShardedCache(tmp_path, "pages", "v1").entries
    assert "content/laughs.md" not in kept and kept == {k: v for k, v in entries.items() if k != "content/laughs.md"}


class _Point(NamedTuple):
    x: int
    y: int = 0


def test_a_named_tuple_comes_back_as_itself_when_the_cache_holds_its_type() -> None:
    data = dump_tagged_data({"points": (_Point(1, 2), _Point(3))})
    assert loads_cache_data(data, cache_types(_Point)) == {"points": (_Point(1, 2), _Point(3))}
    assert type(loads_cache_data(data, cache_types(_Point))["points"][0]) is _Point  # type: ignore[index]
    assert loads_cache_data(data) is None, "a type the cache does not hold makes it no cache"


@dataclass(frozen=True)
class _Tidied:
    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.name.strip())


@dataclass(frozen=True)
class _Plain:
    name: str
    size: int = 0


def test_each_record_reads_back_as_its_constructor_makes_it() -> None:
    # Plain records get their fields set without a constructor call: the same fields, the same values.
    page = a_page()
    loaded = loads_cache_data(dump_tagged_data({"page": page}), TYPES)
    assert isinstance(loaded, dict)
    back = loaded["page"]
    assert type(back) is Page and vars(back) == vars(page) and back == page
    assert back.stable_identity() == page.stable_identity()
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.title = "changed"  # type: ignore[misc]


def test_a_record_that_tidies_its_fields_is_made_by_its_constructor() -> None:
    data = b'{"t": {"\\u0000": "_Tidied", "v": ["  spaced  "]}}'
    assert loads_cache_data(data, cache_types(_Tidied)) == {"t": _Tidied("spaced")}


@pytest.mark.parametrize("fields", [b'["a"]', b'["a", 1, 2]', b"[]"])
def test_a_record_without_all_its_fields_reads_as_no_cache(fields: bytes) -> None:
    data = b'{"r": {"\\u0000": "_Plain", "v": ' + fields + b"}}"
    assert loads_cache_data(data, cache_types(_Plain)) is None
    assert loads_cache_data(b'{"r": {"\\u0000": "_Plain", "v": ["a", 1]}}', cache_types(_Plain)) == {
        "r": _Plain("a", 1)
    }


@pytest.mark.parametrize(
    "zone",
    [
        dt.UTC,
        dt.timezone(dt.timedelta(hours=9)),  # read from "+09:00": no name of its own
        dt.timezone(dt.timedelta(hours=-3)),
        dt.timezone(dt.timedelta(hours=5, minutes=30), "IST"),
        dt.timezone(dt.timedelta(hours=2), "UTC+02:00"),  # named, with the name an unnamed one shows
    ],
)
def test_a_moment_reads_back_with_the_same_repr(zone: dt.tzinfo) -> None:
    # A page's listing is digested by its repr: a page read back from the cache must list as
    # the page did when parsed, or every list page renders again after a first build.
    moment = dt.datetime(2025, 8, 8, 14, 35, 42, tzinfo=zone)
    assert repr(loads_cache_data(dump_cache_data([moment]))) == repr([moment])


LINKS = (ContentLink("/café/", 3), ContentLink("https://x.example/a?b=1", 4, "src", "img"), ContentLink("#top", 5))


def test_a_page_body_and_links_kept_apart_read_back_lazily_and_equal() -> None:
    body = '<p class="a">café “quoted”\n\ud800 \u0000</p>\n' * 40
    page = replace(a_page(), body_html=body, description="d" * LONG_TEXT, links=LINKS)
    data = dump_tagged_data(["header", {"p": (page, [])}], texts_apart=True)
    json_part = data.partition(b"\x00")[0]
    assert json_part.count(b'"lazytext"') == 1  # the body only, not the description
    assert json_part.count(b'"lazydata"') == 1 and b"ContentLink" not in json_part  # the links, apart
    loaded = loads_cache_data(data, TYPES)
    assert isinstance(loaded, list)
    back = loaded[1]["p"][0]
    assert type(vars(back)["body_html"]) is Deferred and type(vars(back)["links"]) is Deferred  # nothing read yet
    assert back.description == "d" * LONG_TEXT
    assert back.body_html == body and back.links == LINKS and type(back.links[0]) is ContentLink
    assert back == page


def test_a_page_without_links_keeps_its_empty_links_in_the_json() -> None:
    data = dump_tagged_data(["header", {"p": (replace(a_page(), links=()), [])}], texts_apart=True)
    assert b'"lazydata"' not in data


@pytest.mark.parametrize(
    "damage",
    [
        b'"ContentLinq"',  # a type the cache does not hold
        b'"lazytext"   ',  # a lazy text inside lazy data, which has no texts after it (same length)
    ],
)
def test_damaged_lazy_data_is_a_build_error_when_read(damage: bytes) -> None:
    page = replace(a_page(), links=LINKS)
    data = dump_tagged_data(["header", {"p": (page, [])}], texts_apart=True)
    damaged = data.replace(b'"ContentLink"', damage)
    assert damaged != data
    loaded = loads_cache_data(damaged, TYPES)
    assert isinstance(loaded, list)  # the lazy part is not read yet
    with pytest.raises(BuildError):
        loaded[1]["p"][0].links  # noqa: B018 - the read is the test


def test_a_page_body_written_again_from_a_lazy_page_is_the_same_file() -> None:
    page = replace(a_page(), body_html="<p>é</p>" * LONG_TEXT)
    data = dump_tagged_data(["header", {"p": (page, [])}], texts_apart=True)
    loaded = loads_cache_data(data, TYPES)
    assert isinstance(loaded, list)
    assert dump_tagged_data(loaded, texts_apart=True) == data


@pytest.mark.parametrize(
    "where",
    [
        b'"list":[{"\\u0000":"lazytext","v":[0,%d]}]',  # in a list
        b'"list":{"\\u0000":"tuple","v":[{"\\u0000":"lazytext","v":[0,%d]}]}',  # in a tuple
        b'"list":{"\\u0000":"lazytext","v":[0,%d]}',  # a dict's value
    ],
)
def test_a_lazy_text_anywhere_but_a_lazy_field_reads_as_no_cache(where: bytes) -> None:
    text = "y" * LONG_TEXT
    data = dump_tagged_data(["header", {"list": [text]}], texts_apart=True)
    json_part, _, texts = data.partition(b"\x00")
    moved = json_part.replace(b'"list":[{"\\u0000":"text","v":[0,%d]}]' % LONG_TEXT, where % LONG_TEXT)
    assert moved != json_part
    assert loads_cache_data(moved + b"\x00" + texts, TYPES) is None


def test_lazy_data_in_a_field_that_is_not_lazy_reads_as_no_cache() -> None:
    page = replace(a_page(), links=LINKS, tags=("a",))
    data = dump_tagged_data(["header", {"p": (page, [])}], texts_apart=True)
    json_part, _, texts = data.partition(b"\x00")
    tags = b'{"\\u0000":"tuple","v":["a"]}'
    assert tags in json_part
    lazy = json_part[json_part.index(b'{"\\u0000":"lazydata"') :].split(b"}", 1)[0] + b"}"
    moved = json_part.replace(lazy, b"[]").replace(tags, lazy)  # the links' place given to the tags
    assert moved != json_part
    assert loads_cache_data(moved + b"\x00" + texts, TYPES) is None


def test_a_lazy_text_in_a_field_that_is_not_lazy_reads_as_no_cache() -> None:
    page = replace(a_page(), body_html="b" * LONG_TEXT, summary="s" * LONG_TEXT)
    data = dump_tagged_data(["header", {"p": (page, [])}], texts_apart=True)
    swapped = data.replace(b'"text"', b'"lazy"').replace(b'"lazytext"', b'"text"').replace(b'"lazy"', b'"lazytext"')
    assert swapped != data
    assert loads_cache_data(swapped, TYPES) is None


@pytest.mark.parametrize("cut", [(1, 0), (0, -1), (0, 10_000)])
def test_a_lazy_text_placed_inside_a_character_or_past_the_end_reads_as_no_cache(cut: tuple[int, int]) -> None:
    page = replace(a_page(), body_html="é" * LONG_TEXT)
    data = dump_tagged_data(["header", {"p": (page, [])}], texts_apart=True)
    size = 2 * LONG_TEXT
    moved = data.replace(b"[0,%d]" % size, b"[%d,%d]" % (cut[0], size + cut[1] - cut[0]))
    assert moved != data and loads_cache_data(moved, TYPES) is None


def test_a_mapped_file_reads_as_the_read_file(tmp_path: Path) -> None:
    page = replace(a_page(), body_html="<p>é</p>\n" * LONG_TEXT)
    value = ["header", {"p": (page, []), "short": ["x", 1]}]
    path = tmp_path / "pages.json"
    path.write_bytes(dump_tagged_data(value, texts_apart=True))
    mapped = load_mapped_cache_data(path, TYPES)
    assert mapped == load_cache_data(path, TYPES) == value
    plain = tmp_path / "plain.json"  # a file without texts apart
    plain.write_bytes(dump_tagged_data(["header", {"k": [1, "v"]}], texts_apart=True))
    assert load_mapped_cache_data(plain) == ["header", {"k": [1, "v"]}]


def test_a_mapped_page_outlives_its_file_being_replaced(tmp_path: Path) -> None:
    body = "<p>first</p>" * LONG_TEXT
    path = tmp_path / "pages.json"
    path.write_bytes(dump_tagged_data(["header", {"p": (replace(a_page(), body_html=body), [])}], texts_apart=True))
    loaded = load_mapped_cache_data(path, TYPES)
    assert isinstance(loaded, list)
    write_atomically(path, dump_tagged_data(["header", {}], texts_apart=True), durable=False)  # as a save does
    assert loaded[1]["p"][0].body_html == body


def test_a_process_that_keeps_cache_reads_reads_a_file_again_only_once_it_is_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "_kept_reads", None)
    keep_cache_reads()
    path = tmp_path / "pages.json"
    write_atomically(path, dump_tagged_data(["header", {"p": (a_page(), [])}], texts_apart=True), durable=False)
    first = load_mapped_cache_data(path, TYPES)
    assert load_mapped_cache_data(path, TYPES) is first  # the same file: taken from memory
    assert load_mapped_cache_data(path) is not first  # read as other types: read again
    write_atomically(path, dump_tagged_data(["header", {}], texts_apart=True), durable=False)  # as a save does
    assert load_mapped_cache_data(path, TYPES) == ["header", {}]
    path.unlink()
    assert load_mapped_cache_data(path, TYPES) is None


def test_kept_reads_are_refreshed_between_builds_and_forgotten_with_their_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "_kept_reads", {})
    record, pages = tmp_path / "record.json", tmp_path / "pages.json"
    write_atomically(record, dump_cache_data({"files": {"a": 1}}), durable=False)
    write_atomically(pages, dump_tagged_data(["header", {}], texts_apart=True), durable=False)
    first = read_cache_data(record)
    assert read_cache_data(record) is first and load_mapped_cache_data(pages) == ["header", {}]

    write_atomically(record, dump_cache_data({"files": {"b": 2}}), durable=False)  # as a build saves it
    pages.unlink()
    refresh_cache_reads(lambda: False)
    assert ("mapped", str(pages)) not in data._kept_reads  # gone: forgotten
    refreshed = data._kept_reads[("read", str(record))][2]
    assert read_cache_data(record) is refreshed and refreshed[1] == {"files": {"b": 2}}

    write_atomically(record, dump_cache_data({"files": {}}), durable=False)
    refresh_cache_reads(lambda: True)  # a client came: nothing read now, the next build reads it
    assert read_cache_data(record)[1] == {"files": {}}


@pytest.mark.parametrize("content", [None, b"", b"\x00", b"not json"])
def test_a_missing_empty_or_foreign_file_maps_as_no_cache(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "pages.json"
    if content is not None:
        path.write_bytes(content)
    assert load_mapped_cache_data(path, TYPES) is None
