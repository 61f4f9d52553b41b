"""RSS, Atom and JSON Feed, read back the way feed readers read them (with feedparser)."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import feedparser
import pytest

from smo_gen.config.site_config import FeedConfig
from smo_gen.content.page import Author, Page
from smo_gen.render.feeds import ContentCache, FeedScope, feed_links, render_feed, site_scope, tag_scope
from smo_gen.site.model import Site, SocialImage
from tests.support.builders import MakeConfig, MakePage, MakeSiteModel

KINDS = ("rss", "atom", "json")
PLUS2 = dt.timezone(dt.timedelta(hours=2))


def read_feed(kind: str, site: Site, scope: FeedScope | None = None) -> Any:
    """The feed parsed by feedparser (RSS, Atom) or json (JSON Feed); fails on a malformed feed."""
    data = bytes(render_feed(kind, site, scope or site_scope(site), ContentCache(site)))
    if kind == "json":
        return json.loads(data)
    parsed = feedparser.parse(data)
    assert not parsed.bozo, f"{kind} feed is not well-formed: {parsed.get('bozo_exception')}"
    return parsed


def entries(kind: str, feed: Any) -> list[dict[str, Any]]:
    """Each entry as (title, link, id, published in UTC) so the three formats compare alike."""
    if kind == "json":
        return [
            {
                "title": item["title"],
                "link": item["url"],
                "id": item["id"],
                "published": dt.datetime.fromisoformat(item["date_published"]),
            }
            for item in feed["items"]
        ]
    return [
        {
            "title": entry.title,
            "link": entry.link,
            "id": entry.id,
            "published": dt.datetime.fromtimestamp(time.mktime(entry.published_parsed) - time.timezone, dt.UTC),
        }
        for entry in feed.entries
    ]


@pytest.fixture
def pages(make_page: MakePage) -> list[Page]:
    return [
        make_page(
            slug="spring-sale",
            title="Spring sale",
            date=dt.datetime(2026, 5, 1, 10, 0, tzinfo=PLUS2),
            tags=("Garden",),
            authors=(Author("Jane", url="https://jane.example/"),),
            body_html='<p>See <a href="/prices/">prices</a> and <img src="chair.jpg" alt="chair">.</p>\n',
        ),
        make_page(
            slug="summer-fizz",
            title="Summer fizz & friends",
            date=dt.datetime(2026, 5, 5, 9, 30, tzinfo=dt.UTC),
            tags=("Drinks", "Garden"),
        ),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_feed_lists_pages_newest_first_with_links_ids_and_dates(
    kind: str, make_site_model: MakeSiteModel, pages: list[Page]
) -> None:
    feed = read_feed(kind, make_site_model(pages))
    assert entries(kind, feed) == [
        {
            "title": "Summer fizz & friends",
            "link": "https://acme.example/summer-fizz/",
            "id": "https://acme.example/summer-fizz/",
            "published": dt.datetime(2026, 5, 5, 9, 30, tzinfo=dt.UTC),
        },
        {
            "title": "Spring sale",
            "link": "https://acme.example/spring-sale/",
            "id": "https://acme.example/spring-sale/",
            "published": dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC),
        },
    ]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_xml_feed_describes_the_site(kind: str, make_site_model: MakeSiteModel, pages: list[Page]) -> None:
    feed = read_feed(kind, make_site_model(pages)).feed
    assert feed.title == "Acme Drinks"
    assert feed.link == "https://acme.example/"
    self_links = [link.href for link in feed.links if link.rel == "self"]
    assert self_links == [f"https://acme.example/{'feed.xml' if kind == 'rss' else 'atom.xml'}"]


def test_json_feed_describes_the_site(make_site_model: MakeSiteModel, pages: list[Page]) -> None:
    feed = read_feed("json", make_site_model(pages))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["home_page_url"] == "https://acme.example/"
    assert feed["feed_url"] == "https://acme.example/feed.json"
    assert feed["authors"] == [{"name": "Acme Marketing"}]


def test_dates_keep_their_offsets_in_the_text(make_site_model: MakeSiteModel, pages: list[Page]) -> None:
    site = make_site_model(pages)
    atom = bytes(render_feed("atom", site, site_scope(site), ContentCache(site))).decode()
    rss = bytes(render_feed("rss", site, site_scope(site), ContentCache(site))).decode()
    json_feed = bytes(render_feed("json", site, site_scope(site), ContentCache(site))).decode()
    assert "2026-05-01T10:00:00+02:00" in atom
    assert "Fri, 01 May 2026 10:00:00 +0200" in rss
    assert '"date_published": "2026-05-01T10:00:00+02:00"' in json_feed


def test_ids_do_not_change_between_builds(make_site_model: MakeSiteModel, pages: list[Page]) -> None:
    first = [entry["id"] for entry in entries("atom", read_feed("atom", make_site_model(pages)))]
    again = [entry["id"] for entry in entries("atom", read_feed("atom", make_site_model(list(reversed(pages)))))]
    assert first == again


@pytest.mark.parametrize("kind", KINDS)
def test_relative_links_in_content_are_made_absolute(
    kind: str, make_site_model: MakeSiteModel, pages: list[Page]
) -> None:
    feed = read_feed(kind, make_site_model(pages))
    html = feed["items"][1]["content_html"] if kind == "json" else feed.entries[1].content[0].value
    assert 'href="https://acme.example/prices/"' in html
    assert 'src="https://acme.example/spring-sale/chair.jpg"' in html


@pytest.mark.parametrize("kind", KINDS)
def test_summaries_only_when_full_content_is_off(
    kind: str, make_config: MakeConfig, make_site_model: MakeSiteModel, pages: list[Page]
) -> None:
    config = make_config(feeds=FeedConfig(full_content=False))
    feed = read_feed(kind, make_site_model(pages, site_config=config))
    if kind == "json":
        assert "content_html" not in feed["items"][0]
        assert feed["items"][0]["content_text"] == "Our biggest discount of the year."
    else:
        entry = feed.entries[0]
        assert entry.summary == "Our biggest discount of the year."
        assert "<p>" not in "".join(part.value for part in entry.get("content", [])), "no body HTML in the feed"


@pytest.mark.parametrize("kind", KINDS)
def test_tag_feed_holds_only_that_tags_pages(kind: str, make_site_model: MakeSiteModel, pages: list[Page]) -> None:
    site = make_site_model(pages)
    drinks = site.tag("drinks")
    assert drinks is not None
    scope = tag_scope(site, drinks)
    feed = read_feed(kind, site, scope)
    assert [entry["title"] for entry in entries(kind, feed)] == ["Summer fizz & friends"]
    title = feed["title"] if kind == "json" else feed.feed.title
    assert title == "Acme Drinks: Drinks"


def test_tag_feed_lives_in_the_tag_folder(make_site_model: MakeSiteModel, pages: list[Page]) -> None:
    site = make_site_model(pages)
    garden = site.tag("garden")
    assert garden is not None
    links = feed_links(site, tag_scope(site, garden))
    assert [(link.kind, link.url, link.mime) for link in links] == [
        ("rss", "https://acme.example/tags/garden/feed.xml", "application/rss+xml"),
        ("atom", "https://acme.example/tags/garden/atom.xml", "application/atom+xml"),
        ("json", "https://acme.example/tags/garden/feed.json", "application/feed+json"),
    ]
    assert links[0].title == "Acme Drinks: Garden (RSS)"


@pytest.mark.parametrize("kind", KINDS)
def test_undated_pages_are_left_out(
    kind: str, make_site_model: MakeSiteModel, make_page: MakePage, pages: list[Page]
) -> None:
    about = make_page(slug="about", title="About us", date=None)
    feed = read_feed(kind, make_site_model([*pages, about]))
    assert "About us" not in [entry["title"] for entry in entries(kind, feed)]


@pytest.mark.parametrize("kind", KINDS)
def test_limit_keeps_the_newest(
    kind: str, make_config: MakeConfig, make_site_model: MakeSiteModel, make_page: MakePage
) -> None:
    config = make_config(feeds=FeedConfig(limit=3))
    many = [
        make_page(slug=f"page-{day}", title=f"Day {day}", date=dt.datetime(2026, 4, day, tzinfo=dt.UTC))
        for day in range(1, 8)
    ]
    feed = read_feed(kind, make_site_model(many, site_config=config))
    assert [entry["title"] for entry in entries(kind, feed)] == ["Day 7", "Day 6", "Day 5"]


@pytest.mark.parametrize("kind", KINDS)
def test_control_characters_do_not_break_the_feed(
    kind: str, make_site_model: MakeSiteModel, make_page: MakePage
) -> None:
    page = make_page(
        title="Sale\x0b now\x1f",
        summary="Cheap\x00 chairs",
        tags=("gar\x08den",),
        authors=(Author("Ja\x07ne"),),
        body_html="<p>Bad\x0c byte \ufffe here</p>",
    )
    feed = read_feed(kind, make_site_model([page]))
    assert [entry["title"] for entry in entries(kind, feed)] == (
        ["Sale\x0b now\x1f"] if kind == "json" else ["Sale now"]
    ), "JSON can carry control characters escaped; XML feeds drop them"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_authors_and_categories_reach_xml_feeds(kind: str, make_site_model: MakeSiteModel, pages: list[Page]) -> None:
    entry = read_feed(kind, make_site_model(pages)).entries[1]
    assert entry.author == "Jane"
    assert [tag.term for tag in entry.tags] == ["Garden"]


def test_json_feed_items_carry_tags_authors_and_image(make_site_model: MakeSiteModel, pages: list[Page]) -> None:
    image = SocialImage("https://acme.example/spring-sale/card.png", 1200, 630, "image/png", "")
    feed = read_feed("json", make_site_model(pages, images={"/spring-sale/": image}))
    item = feed["items"][1]
    assert item["tags"] == ["Garden"]
    assert item["authors"] == [{"name": "Jane", "url": "https://jane.example/"}]
    assert item["image"] == image.url
    assert item["date_modified"] == "2026-05-01T10:00:00+02:00"
