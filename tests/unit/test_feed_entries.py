"""Feed entries kept between builds (render/kept_entries.py, build/caches/feed_entries.py): one
edit renders one entry, and the feed's bytes are exactly those of a feed rendered from nothing.
The kept entries are ranges of the feed file the last build wrote, so these tests write each
feed with the writer and keep its entry index, as a build does."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from typing import Any

import pytest

from smo_gen.build.caches.feed_entries import CACHE_FOLDER, EntryIndexes
from smo_gen.build.output_state import OutputState
from smo_gen.content.media import Media
from smo_gen.content.page import Author, Page
from smo_gen.render import feeds
from smo_gen.render.feeds import ContentCache, feed_file, render_feed, site_scope
from smo_gen.site.model import Site
from tests.support.builders import MakePage, MakeSiteModel
from tests.support.sites import render_and_write

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
    """How many entries each XML feed rendered (JSON items are counted by _json_item)."""
    counts: list[int] = []
    real_writer, real_item = feeds._entry_writer, feeds._json_item

    def entry_writer(*args: Any) -> Callable[[list[int]], list[bytes]]:
        make_entries = real_writer(*args)

        def counted(indexes: list[int]) -> list[bytes]:
            counts.append(len(indexes))
            return make_entries(indexes)

        return counted

    def json_item(site: Site, page: Page, contents: ContentCache) -> dict[str, object]:
        counts.append(1)
        return real_item(site, page, contents)

    monkeypatch.setattr(feeds, "_entry_writer", entry_writer)
    monkeypatch.setattr(feeds, "_json_item", json_item)
    return counts


FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}


def render(kind: str, site: Site) -> bytes:
    """Render the site's feed of `kind` and write it into the output folder, as a build would."""
    scope = site_scope(site)
    return render_and_write(
        site, feed_file(scope, kind), lambda previous: render_feed(kind, site, scope, ContentCache(site), previous)
    )


def from_nothing(kind: str, site: Site) -> bytes:
    shutil.rmtree(site.config.cache_dir / CACHE_FOLDER, ignore_errors=True)
    (site.config.output_dir / FILES[kind]).unlink(missing_ok=True)
    return render(kind, site)


@pytest.mark.parametrize("kind", KINDS)
def test_one_edit_renders_one_entry_and_matches_a_feed_rendered_from_nothing(
    kind: str, pages: list[Page], make_site_model: MakeSiteModel, rendered_entries: list[int]
) -> None:
    render(kind, make_site_model(pages))
    rendered_entries.clear()
    edited = [
        dataclasses.replace(page, body_html="<p>Edited.</p>\n") if page.slug == "post-3" else page for page in pages
    ]
    site = make_site_model(edited)
    again = render(kind, site)
    assert sum(rendered_entries) == 1
    assert again == from_nothing(kind, site)
    assert b"Edited." in again


@pytest.mark.parametrize("kind", KINDS)
def test_unchanged_feed_renders_no_entry_and_added_or_removed_pages_are_right(
    kind: str, pages: list[Page], make_site_model: MakeSiteModel, rendered_entries: list[int]
) -> None:
    first = render(kind, make_site_model(pages))
    rendered_entries.clear()
    assert render(kind, make_site_model(pages)) == first
    assert sum(rendered_entries) == 0
    fewer = make_site_model(pages[1:])
    assert render(kind, fewer) == from_nothing(kind, fewer)
    more = make_site_model([*pages, dataclasses.replace(pages[0], slug="post-new", url_path="/post-new/", title="New")])
    assert render(kind, more) == from_nothing(kind, more)


def test_empty_feeds_are_valid(make_site_model: MakeSiteModel) -> None:
    site = make_site_model([])
    assert json.loads(render("json", site))["items"] == []
    assert b"</channel>" in render("rss", site) and b"</feed>" in render("atom", site)


def test_atom_entries_with_enclosures_are_kept_whole(pages: list[Page], make_site_model: MakeSiteModel) -> None:
    # Enclosures are added to the printed Atom document; the kept entry must still hold them.
    audio = Media(kind="audio", url="https://shop.example/a.mp3", mime="audio/mpeg", byte_size=1234)
    site = dataclasses.replace(make_site_model(pages), media={"/post-2/": (audio,)})
    first = render("atom", site)
    assert first.count(b'rel="enclosure"') == 1
    assert render("atom", site) == first == from_nothing("atom", site)


def test_a_damaged_entry_cache_is_ignored(pages: list[Page], make_site_model: MakeSiteModel) -> None:
    site = make_site_model(pages)
    expected = render("rss", site)
    for path in (site.config.cache_dir / CACHE_FOLDER).iterdir():
        path.write_bytes(b"garbage")
    assert render("rss", site) == expected


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("damage", ["edited", "same size", "deleted"])
def test_a_feed_file_changed_since_it_was_written_is_not_cut_up(
    kind: str, damage: str, pages: list[Page], make_site_model: MakeSiteModel, rendered_entries: list[int]
) -> None:
    # Changed by hand, or never written because that build failed: its entries are not the indexed ones.
    site = make_site_model(pages)
    expected = render(kind, site)
    path = site.config.output_dir / FILES[kind]
    if damage == "deleted":
        path.unlink()
    else:
        text = path.read_bytes()
        path.write_bytes(text.replace(b"Body 3", b"B0dy 3") if damage == "same size" else text + b" ")
    rendered_entries.clear()
    assert render(kind, site) == expected
    assert sum(rendered_entries) == len(pages)


def test_the_cache_keeps_where_entries_are_not_their_text(pages: list[Page], make_site_model: MakeSiteModel) -> None:
    site = make_site_model(pages)
    folder = site.config.cache_dir / CACHE_FOLDER
    folder.mkdir(parents=True)
    index_path = EntryIndexes(site.config.cache_dir, site.config.output_dir, lambda dest: None).index_path("feed.xml")
    old_shard = index_path.with_name(index_path.stem + "-x16-03.pickle")
    old_shard.write_bytes(b"entries as an earlier version kept them")
    feed = render("rss", site)
    (index,) = folder.iterdir()  # the earlier version's file is gone
    assert b"Body 3" in feed and b"Body 3" not in index.read_bytes()


def test_entries_are_cut_at_their_own_tags_and_an_unterminated_one_is_not_kept() -> None:
    from smo_gen.render.kept_entries import _cut_entries

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
    assert _cut_entries(unterminated, b"\n    <item>\n", b"</item>\n") == [
        b"    <item>\n      <title>one</title>\n    </item>\n"
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_kept_entries_are_copied_as_one_run_around_the_edited_one(
    kind: str, pages: list[Page], make_site_model: MakeSiteModel
) -> None:
    render(kind, make_site_model(pages))
    edited = [
        dataclasses.replace(page, body_html="<p>Edited.</p>\n") if page.slug == "post-3" else page for page in pages
    ]
    site = make_site_model(edited)
    dest = feed_file(site_scope(site), kind)
    written = OutputState(site.config.output_dir, site.config.cache_dir).written
    previous = EntryIndexes(site.config.cache_dir, site.config.output_dir, written).previous(dest)
    document = render_feed(kind, site, site_scope(site), ContentCache(site), previous)
    ranges = [part for part in document.parts if isinstance(part, tuple)]
    assert len(ranges) == 2  # the entries before the edited one, and those after it
    assert bytes(document) == from_nothing(kind, site)


@pytest.mark.parametrize("kind", KINDS)
def test_rendering_a_feed_writes_nothing_and_says_where_its_entries_lie(
    kind: str, pages: list[Page], make_site_model: MakeSiteModel
) -> None:
    site = make_site_model(pages)
    document = render_feed(kind, site, site_scope(site), ContentCache(site))
    assert not site.config.cache_dir.exists() and not site.config.output_dir.exists()
    data = bytes(document)
    assert len(document.entries) == len(pages)
    for start, end in document.entries.values():
        assert data[start:end].count(b"Body ") == 1  # each span holds one whole entry
