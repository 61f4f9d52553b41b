"""The sharded cache: what is saved is what loads, and a save rewrites only the shards that changed."""

from __future__ import annotations

from pathlib import Path

from smo_gen.build.caches.sharded import SHARDS, ShardedCache


def files(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_entries_round_trip_and_one_change_rewrites_one_shard(tmp_path: Path) -> None:
    entries = {f"content/page-{n}.md": ("digest", n) for n in range(200)}
    ShardedCache(tmp_path, "pages", "v1").save(entries)
    assert len(list(tmp_path.iterdir())) == SHARDS  # 200 keys reach every shard
    store = ShardedCache(tmp_path, "pages", "v1")
    assert store.entries == entries and store.get("content/page-7.md") == ("digest", 7)
    before = files(tmp_path)
    store.save({**store.entries, "content/page-7.md": ("new", 7)})
    after = files(tmp_path)
    assert sum(before[name] != after[name] for name in before) == 1
    assert ShardedCache(tmp_path, "pages", "v1").get("content/page-7.md") == ("new", 7)


def test_another_header_reads_as_empty_and_emptied_shards_are_removed(tmp_path: Path) -> None:
    ShardedCache(tmp_path, "pages", "v1").save({"a": 1, "b": 2})
    assert ShardedCache(tmp_path, "pages", "v2").entries == {}
    store = ShardedCache(tmp_path, "pages", "v1")
    store.save({})
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "pages-00.json").write_bytes(b"damaged")
    assert ShardedCache(tmp_path, "pages", "v1").entries == {}


def test_long_texts_are_kept_after_the_json_and_read_back(tmp_path: Path) -> None:
    body = '<p>“A page’s HTML”,\nwith "quotes".</p>\n' * 100
    entries = {f"content/page-{n}.md": ("digest", f"{body}{n}") for n in range(40)}
    ShardedCache(tmp_path, "pages", "v1").save(entries)
    shard = next(tmp_path.iterdir()).read_bytes()
    assert b"\x00" in shard and body.encode() in shard  # as UTF-8 after the JSON, not a JSON string
    assert ShardedCache(tmp_path, "pages", "v1").entries == entries
