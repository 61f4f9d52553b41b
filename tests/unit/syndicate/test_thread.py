"""What a post says: per-network messages, CamelCase hashtags, and threads within each network's count."""

from __future__ import annotations

from dataclasses import replace

import pytest

from smo_gen.syndicate.networks import ADAPTERS
from smo_gen.syndicate.networks.base import make_hashtags
from smo_gen.syndicate.text import count_graphemes, count_with_short_urls
from tests.unit.syndicate.test_compose import ENTRY, target

LONG = " ".join(f"Fizz{n} 🍋 is cold, sweet, and sold at https://shop.example/s/{n} today." for n in range(40))


def test_messages_per_target_then_per_network_then_the_page_message() -> None:
    entry = replace(ENTRY, messages={"mastodon": "For the fediverse", "bluesky-1": "For this account"})
    assert ADAPTERS["mastodon"]().compose(entry, target("mastodon")).text.startswith("For the fediverse")
    assert ADAPTERS["bluesky"]().compose(entry, target("bluesky")).text.startswith("For this account")
    assert ADAPTERS["telegram"]().compose(entry, target("telegram")).text.startswith(ENTRY.message)


def test_multi_word_tags_become_camel_case_hashtags() -> None:
    assert make_hashtags(("summer drinks", "iced-tea", "drinks", "Drinks", "C++", "50%", "open_source")) == [
        "SummerDrinks",
        "IcedTea",
        "drinks",
        "open_source",
    ]
    post = ADAPTERS["mastodon"]().compose(replace(ENTRY, tags=("summer drinks",)), target("mastodon"))
    assert post.text.endswith("#SummerDrinks")


@pytest.mark.parametrize(
    ("network", "measure", "limit"), [("mastodon", count_with_short_urls, 500), ("bluesky", count_graphemes, 300)]
)
def test_a_long_post_becomes_a_thread_each_part_within_the_limit_the_link_first(
    network: str, measure: object, limit: int
) -> None:
    post = ADAPTERS[network]().compose(replace(ENTRY, message=LONG), replace(target(network), thread=True))
    assert post.parts, "it was split"
    assert callable(measure)
    for part in (post.text, *post.parts):
        assert measure(part) <= limit
    assert "utm_source=" + network in post.link
    assert any(segment.kind == "link" for segment in post.segments)
    assert all("utm_source" not in part for part in post.parts), "the link is only in the first part"
    words = " ".join([post.text.split("\n\n")[0], *post.parts]).replace("…", " ").split()
    assert words == LONG.split(), "nothing is lost or repeated between parts"
    assert post.text.split("\n\n")[0].endswith("…") and not post.parts[-1].endswith("…")


def test_a_post_that_fits_is_not_threaded_and_without_thread_it_is_shortened() -> None:
    short = ADAPTERS["mastodon"]().compose(ENTRY, replace(target("mastodon"), thread=True))
    assert short.parts == ()
    cut = ADAPTERS["mastodon"]().compose(replace(ENTRY, message=LONG), target("mastodon"))
    assert cut.parts == () and cut.shortened and count_with_short_urls(cut.text) <= 500


def test_mastodon_counts_every_url_in_a_part_as_23() -> None:
    post = ADAPTERS["mastodon"]().compose(replace(ENTRY, message=LONG), replace(target("mastodon"), thread=True))
    longest = max(post.parts, key=len)
    assert len(longest) > 500 >= count_with_short_urls(longest), "raw length beyond 500, counted length within"


def test_bluesky_gives_each_part_its_own_fixed_record_key() -> None:
    make = ADAPTERS["bluesky"]()
    post = make.compose(replace(ENTRY, message=LONG), replace(target("bluesky"), thread=True))
    again = make.compose(replace(ENTRY, message=LONG), replace(target("bluesky"), thread=True))
    keys = post.fields["parts"].split()
    assert len(keys) == len(post.parts) == len(set(keys)) and post.key not in keys
    assert keys == again.fields["parts"].split()
