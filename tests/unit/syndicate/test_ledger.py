"""The ledger: stable JSON, atomic writes, and a damaged file stopping everything."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from smo_gen.errors import SmoError
from smo_gen.site.syndication_links import load_syndication_links
from smo_gen.syndication_ledger import Ledger, Record, load_ledger, parse_ledger, render_ledger, write_ledger

POSTED = Record(
    "posted",
    "mastodon",
    "2026-05-01T10:00:00Z",
    key="k1",
    link="https://s.example/a/?utm=1",
    remote_id="11",
    url="https://m.example/@s/11",
)


def make_ledger() -> Ledger:
    ledger = Ledger(site_url="https://s.example/")
    ledger.set("/b/", "x", Record("failed", "x", "2026-05-01T10:00:00Z", key="k2", error="X refused it (400): no"))
    ledger.set("/a/", "mastodon-eu", POSTED)
    ledger.set("/a/", "bsky", Record("pending", "bluesky", "2026-05-01T10:00:00Z", key="3abc"))
    return ledger


def test_only_a_posted_record_counts_as_already_posted() -> None:
    ledger = make_ledger()
    assert ledger.posted("/a/", "mastodon-eu") == POSTED
    assert ledger.posted("/a/", "bsky") is None  # pending: it may or may not have gone out
    assert ledger.posted("/b/", "x") is None  # failed: it is tried again
    assert ledger.posted("/c/", "x") is None


def test_the_ledger_round_trips_sorted_and_stable() -> None:
    text = render_ledger(make_ledger())
    data = json.loads(text)
    assert data["schema"] == 1 and list(data["posts"]) == ["/a/", "/b/"]
    assert list(data["posts"]["/a/"]) == ["bsky", "mastodon-eu"]
    assert render_ledger(parse_ledger(text)) == text
    assert text.endswith("}\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"schema": 2, "posts": {}}', "schema 2 is not 1"),
        (
            '{"schema": 1, "posts": {"/a/": {"x": {"state": "postd", "network": "x", "at": "t"}}}}',
            "posts./a/.x: state 'postd' is not one of pending, posted, failed",
        ),
        (
            '{"schema": 1, "posts": {"/a/": {"x": {"state": "posted", "network": "x", "at": "t", "url": 5}}}}',
            "'url' has the wrong type",
        ),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
        (
            '{"schema": 1, "posts": {"/a/": {"x": {"state": "posted", "network": "x", "at": "t", "urll": "u"}}}}',
            "unknown field 'urll'",
        ),
        ('{"schema": 1, "posts": []}', "posts: expected an object of pages"),
    ],
)
def test_a_damaged_ledger_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(SmoError) as caught:
        parse_ledger(text, "syndication.json")
    assert message in str(caught.value) and "nothing was posted" in str(caught.value)


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "syndication.json"
    write_ledger(path, make_ledger())
    before = path.read_text()

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    ledger = make_ledger()
    ledger.set("/c/", "x", POSTED)
    with pytest.raises(OSError):
        write_ledger(path, ledger)
    assert path.read_text() == before, "a failed write leaves the previous ledger whole"
    assert [p.name for p in tmp_path.iterdir()] == ["syndication.json"]


def test_a_missing_ledger_is_empty(tmp_path: Path) -> None:
    assert load_ledger(tmp_path / "syndication.json").records == {}


def test_syndication_links_for_the_build(tmp_path: Path) -> None:
    ledger = make_ledger()
    ledger.set("/a/", "bsky", Record("posted", "bluesky", "t", remote_id="at://x", url="https://bsky.app/p/1"))
    ledger.set("/c/", "hook", Record("posted", "webhook", "t", populated=True))
    write_ledger(tmp_path / "syndication.json", ledger)
    assert load_syndication_links(tmp_path) == (
        {
            "/a/": [("Bluesky", "https://bsky.app/p/1"), ("Mastodon", "https://m.example/@s/11")],
        },
        [],
    )
    assert load_syndication_links(tmp_path / "nowhere") == ({}, [])


def test_a_post_without_id_or_address_round_trips(tmp_path: Path) -> None:
    """A Slack webhook answers "ok", a generic webhook 204: the record says posted, and loads back."""
    ledger = Ledger(site_url="https://s.example/")
    ledger.set("/a/", "slack", Record("posted", "slack", "2026-05-01T10:00:00Z", key="k", link="https://s.example/a/"))
    write_ledger(tmp_path / "syndication.json", ledger)
    loaded = load_ledger(tmp_path / "syndication.json")
    assert loaded.records == ledger.records
    assert load_syndication_links(tmp_path) == ({}, [])


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", 'https://a.example/x" onclick="x', "//evil"]
)
def test_a_hand_edited_address_that_is_not_http_never_reaches_a_page(tmp_path: Path, url: str) -> None:
    ledger = make_ledger()
    ledger.set("/a/", "bsky", Record("posted", "bluesky", "t", remote_id="at://x", url=url))
    write_ledger(tmp_path / "syndication.json", ledger)
    links, warnings = load_syndication_links(tmp_path)
    assert links == {"/a/": [("Mastodon", "https://m.example/@s/11")]}
    assert [str(w) for w in warnings] == [
        (
            f"warning: {tmp_path / 'syndication.json'}: posts./a/.bsky: 'url' is not an http(s) address, so the page "
            "does not link it (fix the address or remove it from the record)"
        )
    ]


def test_a_damaged_ledger_is_a_warning_for_the_build(tmp_path: Path) -> None:
    (tmp_path / "syndication.json").write_text("{not json", encoding="utf-8")
    links, [warning] = load_syndication_links(tmp_path)
    assert links == {} and warning.severity == "warning"
    assert str(tmp_path / "syndication.json") in str(warning) and 'without their "also on" links' in str(warning)


def test_a_ledger_that_is_not_a_plain_file_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "syndication.json"
    path.mkdir()
    with pytest.raises(SmoError, match="is a folder, not a file"):
        load_ledger(path)
    path.rmdir()
    os.mkfifo(path)  # opening it to read would wait for a writer forever
    with pytest.raises(SmoError, match="not a regular file"):
        load_ledger(path)
    path.unlink()
    path.symlink_to("/dev/zero")  # reading it would never end
    with pytest.raises(SmoError, match="not a regular file") as caught:
        load_ledger(path)
    assert str(path) in str(caught.value)


def test_a_ledger_larger_than_the_cap_is_refused(tmp_path: Path) -> None:
    from smo_gen.data_files import read_data_text

    path = tmp_path / "syndication.json"
    path.write_bytes(b" " * 2048)
    with pytest.raises(SmoError, match="is larger than"):
        read_data_text(path, max_bytes=1024)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(SmoError, match="is not UTF-8 text"):
        load_ledger(path)


def test_also_on_links_name_each_network_as_its_adapter_does() -> None:
    from smo_gen.site.syndication_links import network_label
    from smo_gen.syndicate.networks import ADAPTERS

    assert {name: network_label(name) for name in ADAPTERS} == {
        name: adapter.label for name, adapter in ADAPTERS.items()
    }
