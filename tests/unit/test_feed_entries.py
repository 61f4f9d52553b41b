"""Feed entries kept between builds: one edit renders one entry, and the feed's bytes are
exactly those of a feed rendered from nothing."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Sequence

import pytest

from smo_gen import feeds
from smo_gen.feed_entries import CACHE_FOLDER
from smo_gen.feeds import ContentCache, render_feed, site_scope
from smo_gen.media import Media
from smo_gen.page import Author, Page
from smo_gen.site import Site
from tests.support.builders import MakePage, MakeSite

KINDS = ("rss", "atom", "json")


@pytest.fixture
def pages(make_page: MakePage) -> list[Page]:
    return [
        make_page(
            slug=f"post-{n}",
            title=f"Post {n} <&> ünïcode",
            body_html=f"<p>Body {n} with <a href='/x/'>a link</a> and <a href=\"#fn\">a note</a>.</p>\n",
            tags=("news", f"t{n}"),
            authors=(Author("Ana", "https://ana.example/"),) if n % 2 else (),
        )
        for n in range(6)
    ]


@pytest.fixture
def rendered_entries(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many entries each XML serialization rendered (JSON items are counted by _json_item)."""
    counts: list[int] = []
    real_add, real_item = feeds._add_entries, feeds._json_item

    def add_entries(feed: object, site: Site, pages: Sequence[Page], *args: object) -> None:
        counts.append(len(pages))
        real_add(feed, site, pages, *args)  # type: ignore[arg-type]

    def json_item(site: Site, page: Page, contents: ContentCache) -> dict[str, object]:
        counts.append(1)
        return real_item(site, page, contents)

    monkeypatch.setattr(feeds, "_add_entries", add_entries)
    monkeypatch.setattr(feeds, "_json_item", json_item)
    return counts


def render(kind: str, site: Site) -> bytes:
    return render_feed(kind, site, site_scope(site), ContentCache(site))


def from_nothing(kind: str, site: Site) -> bytes:
    shutil.rmtree(site.config.cache_dir / CACHE_FOLDER, ignore_errors=True)
    return render(kind, site)


@pytest.mark.parametrize("kind", KINDS)
def test_one_edit_renders_one_entry_and_matches_a_feed_rendered_from_nothing(
    kind: str, pages: list[Page], make_site: MakeSite, rendered_entries: list[int]
) -> None:
    render(kind, make_site(pages))
    rendered_entries.clear()
    edited = [dataclasses.replace(page, body_html="<p>Edited.</p>\n") if page.slug == "post-3" else page for page in pages]
    site = make_site(edited)
    again = render(kind, site)
    assert sum(rendered_entries) == 1
    assert again == from_nothing(kind, site)
    assert b"Edited." in again


@pytest.mark.parametrize("kind", KINDS)
def test_unchanged_feed_renders_no_entry_and_added_or_removed_pages_are_right(
    kind: str, pages: list[Page], make_site: MakeSite, rendered_entries: list[int]
) -> None:
    first = render(kind, make_site(pages))
    rendered_entries.clear()
    assert render(kind, make_site(pages)) == first
    assert sum(rendered_entries) == 0
    fewer = make_site(pages[1:])
    assert render(kind, fewer) == from_nothing(kind, fewer)
    more = make_site([*pages, dataclasses.replace(pages[0], slug="post-new", url_path="/post-new/", title="New")])
    assert render(kind, more) == from_nothing(kind, more)


def test_empty_feeds_are_valid(make_site: MakeSite) -> None:
    site = make_site([])
    assert json.loads(render("json", site))["items"] == []
    assert b"</channel>" in render("rss", site) and b"</feed>" in render("atom", site)


def test_atom_entries_with_enclosures_are_kept_whole(pages: list[Page], make_site: MakeSite) -> None:
    # Enclosures are added to the printed Atom document; the kept entry must still hold them.
    audio = Media(kind="audio", url="https://shop.example/a.mp3", mime="audio/mpeg", byte_size=1234)
    site = dataclasses.replace(make_site(pages), media={"/post-2/": (audio,)})
    first = render("atom", site)
    assert first.count(b'rel="enclosure"') == 1
    assert render("atom", site) == first == from_nothing("atom", site)


def test_a_damaged_entry_cache_is_ignored(pages: list[Page], make_site: MakeSite) -> None:
    site = make_site(pages)
    expected = render("rss", site)
    for path in (site.config.cache_dir / CACHE_FOLDER).iterdir():
        path.write_bytes(b"garbage")
    assert render("rss", site) == expected


def test_a_large_feed_is_kept_in_shards_and_one_edit_rewrites_one(
    pages: list[Page], make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smo_gen import feed_entries

    monkeypatch.setattr(feed_entries, "SHARDED_FROM", 4)  # the 6 pages make a "large" feed here
    site = make_site(pages)
    render("rss", site)
    folder = site.config.cache_dir / CACHE_FOLDER
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert len(before) > 1 and all("-x16-" in name for name in before)
    edited = make_site([dataclasses.replace(pages[0], body_html="<p>Edited.</p>\n"), *pages[1:]])
    edited_feed = render("rss", edited)
    after = {path.name: path.read_bytes() for path in folder.iterdir()}
    # The edited entry leaves its old key's shard and joins its new key's shard: at most two
    # files change (or appear, or go); the others are not touched.
    touched = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert 1 <= len(touched) <= 2 and len(before.keys() - touched) >= 3
    assert edited_feed == from_nothing("rss", edited)
    small = make_site(pages[:3])  # below the threshold: one file, the shards go
    assert render("rss", small) == from_nothing("rss", small)
    render("rss", small)
    assert [path.name for path in folder.iterdir() if "-x16-" in path.name] == []


def test_entries_are_cut_at_their_own_tags_and_an_unterminated_one_is_not_kept() -> None:
    from smo_gen.feed_entries import _cut_entries

    document = (
        b"<rss>\n  <channel>\n    <title>t</title>\n"
        b"    <item>\n      <description>&lt;/item&gt; &lt;item&gt;</description>\n    </item>\n"
        b"    <item>\n      <title>two</title>\n    </item>\n"
        b"  </channel>\n</rss>\n"
    )
    assert _cut_entries(document, b"\n    <item>\n", b"</item>\n") == [
        b"    <item>\n      <description>&lt;/item&gt; &lt;item&gt;</description>\n    </item>\n",
        b"    <item>\n      <title>two</title>\n    </item>\n",
    ]
    unterminated = b"<rss>\n    <item>\n      <title>one</title>\n    </item>\n    <item>\n      <title>two\n"
    assert _cut_entries(unterminated, b"\n    <item>\n", b"</item>\n") == [b"    <item>\n      <title>one</title>\n    </item>\n"]
