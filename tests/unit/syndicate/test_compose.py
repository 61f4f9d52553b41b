"""Composing posts: templates, hashtags, UTM links, truncation to each network's limit, facets."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from smo_gen.syndicate.entries import Entry, EntryImage
from smo_gen.syndicate.networks import ADAPTERS
from smo_gen.syndicate.networks.bluesky import make_record_key
from smo_gen.syndicate.networks.linkedin import render_commentary
from smo_gen.syndicate.targets import Target
from smo_gen.utm import UtmSettings

ENTRY = Entry(
    id="/summer/",
    url="https://shop.example/summer/",
    site_url="https://shop.example/",
    slug="summer",
    title="Summer Fizz",
    description="Cold lemonade.",
    message="Summer Fizz is back 🍋 Καλοκαίρι 👩‍👩‍👧",
    campaign="fizz-26",
    audience=None,
    tags=("drinks", "summer", "50% off"),
    language="en-GB",
    draft=False,
    published=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    publish_date=None,
    expires=None,
    live_from=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    live_until=None,
    utm=UtmSettings(),
    image=EntryImage("https://shop.example/cards/summer.png", Path("/out/cards/summer.png"), "image/png", "alt"),
)


def target(network: str, **options: str) -> Target:
    return Target(name=f"{network}-1", network=network, credential="TOKEN", options=options)


def compose(network: str, entry: Entry = ENTRY, **target_fields: object) -> object:
    return ADAPTERS[network]().compose(entry, replace(target(network), **target_fields))  # type: ignore[arg-type]


def test_the_link_carries_the_networks_utm_source_and_the_campaign() -> None:
    post = ADAPTERS["mastodon"]().compose(ENTRY, target("mastodon"))
    assert post.link == ("https://shop.example/summer/?utm_source=mastodon&utm_medium=social&utm_campaign=fizz-26")
    assert post.text == f"{ENTRY.message}\n\n{post.link}\n\n#drinks #summer"


def test_an_audience_variant_tags_utm_content() -> None:
    variant = replace(ENTRY, id="/summer/cold/", url="https://shop.example/summer/cold/", audience="cold")
    post = ADAPTERS["x"]().compose(variant, target("x"))
    assert post.link.endswith("utm_campaign=fizz-26&utm_content=cold")


def test_a_custom_template_with_empty_fields_leaves_no_stray_separators() -> None:
    post = ADAPTERS["x"]().compose(
        replace(ENTRY, tags=()), replace(target("x"), template="{title}: {message} {hashtags}")
    )
    assert post.text == f"Summer Fizz: {ENTRY.message}"


def test_hashtags_go_first_then_the_message_is_cut_but_never_the_link() -> None:
    long = replace(ENTRY, message="Lemonade " * 60)
    post = ADAPTERS["x"]().compose(long, target("x"))
    assert post.shortened and post.length <= 280
    assert post.text.endswith(post.link) and "#drinks" not in post.text
    assert post.text.split("\n\n")[0].endswith("…")


@pytest.mark.parametrize("network", sorted(ADAPTERS))
def test_every_network_fits_its_limit(network: str) -> None:
    long = replace(ENTRY, message="Καλοκαίρι 👩‍👩‍👧 " * 800, title="T " * 400)
    post = ADAPTERS[network]().compose(long, target(network))
    assert post.length <= post.limit
    assert ADAPTERS[network]().measure(post.text) == post.length


def test_the_mastodon_limit_can_come_from_the_instance() -> None:
    long = replace(ENTRY, message="word " * 200)
    post = ADAPTERS["mastodon"]().compose(long, replace(target("mastodon"), max_characters=100))
    assert post.limit == 100 and post.length <= 100


def test_bluesky_facets_use_utf8_byte_offsets_with_emoji_and_greek() -> None:
    post = ADAPTERS["bluesky"]().compose(ENTRY, target("bluesky"))
    data = post.text.encode("utf-8")
    [link, drinks, summer] = post.facets
    assert link.kind == "link" and link.value == post.link
    assert data[link.byte_start : link.byte_end].decode() == "shop.example/summer/?utm_so..."
    assert link.byte_start == len((ENTRY.message + "\n\n").encode()) != len(ENTRY.message + "\n\n")
    assert data[drinks.byte_start : drinks.byte_end] == b"#drinks" and drinks.value == "drinks"
    assert data[summer.byte_start : summer.byte_end] == b"#summer"


def test_bluesky_gets_a_card_with_the_pages_image_and_a_tid_record_key() -> None:
    post = ADAPTERS["bluesky"]().compose(ENTRY, target("bluesky"))
    assert post.card is not None and post.card.image_path == Path("/out/cards/summer.png")
    assert (post.card.title, post.card.description, post.card.url) == ("Summer Fizz", "Cold lemonade.", post.link)
    assert len(post.key) == 13 and post.key[0] in "234567abcdefghij"
    assert post.key == ADAPTERS["bluesky"]().compose(ENTRY, target("bluesky")).key


def test_record_keys_sort_by_the_pages_date_and_differ_per_page() -> None:
    may = make_record_key("a", dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    june = make_record_key("a", dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert may < june and make_record_key("b", None) != make_record_key("c", None)


def test_idempotency_keys_depend_on_site_page_and_target() -> None:
    mastodon = ADAPTERS["mastodon"]()
    first = mastodon.compose(ENTRY, target("mastodon")).key
    assert first == mastodon.compose(ENTRY, target("mastodon")).key
    assert first != mastodon.compose(ENTRY, replace(target("mastodon"), name="other")).key
    assert first != mastodon.compose(replace(ENTRY, id="/other/"), target("mastodon")).key


def test_linkedin_commentary_escapes_little_text_and_marks_hashtags() -> None:
    post = ADAPTERS["linkedin"]().compose(replace(ENTRY, message="50% off (today) @ shops"), target("linkedin"))
    assert render_commentary(post) == "50% off \\(today\\) \\@ shops\n\n{hashtag|\\#|drinks} {hashtag|\\#|summer}"


def test_threads_takes_one_topic_tag_and_reddit_the_title() -> None:
    assert ADAPTERS["threads"]().compose(ENTRY, target("threads")).text.endswith("#drinks")
    assert ADAPTERS["reddit"]().compose(ENTRY, target("reddit", subreddit="x")).text == "Summer Fizz"
