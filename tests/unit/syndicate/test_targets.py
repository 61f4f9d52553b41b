"""The [targets] section: every key checked, both TOML spellings, several accounts per network."""

from __future__ import annotations

import tomllib

import pytest

from smo_gen.errors import ConfigError
from smo_gen.syndicate.targets import parse_targets

TOML = """\
[targets.mastodon-eu]
network = "mastodon"
instance = "mastodon.social/"
credential = "SMO_MASTODON_EU"
audiences = ["cold"]
template = "{message} {url}"

[targets.mastodon-us]
network = "mastodon"
instance = "https://mastodon.online"
credential = "SMO_MASTODON_US"
max_characters = 1000

[targets.chat]
network = "telegram"
chat_id = -1001234
credential = "SMO_TELEGRAM"
"""


def test_tables_by_name_with_defaults_and_normalised_urls() -> None:
    targets = parse_targets(tomllib.loads(TOML)["targets"], TOML)
    assert [t.name for t in targets] == ["mastodon-eu", "mastodon-us", "chat"]
    eu, us, chat = targets
    assert eu.option("instance") == "https://mastodon.social" and eu.option("visibility") == "public"
    assert eu.audiences == ("cold",) and eu.template == "{message} {url}"
    assert us.max_characters == 1000 and chat.option("chat_id") == "-1001234"


def test_an_array_of_tables_works_too() -> None:
    raw = [{"name": "bsky", "network": "bluesky", "handle": "a.bsky.social", "credential": "SMO_BSKY"}]
    [target] = parse_targets(raw)
    assert target.option("service") == "https://bsky.social"


def test_every_problem_is_reported_with_its_line_and_a_suggestion() -> None:
    text = """\
[targets.one]
network = "twitter"
credential = "abc def"

[targets.two]
network = "bluesky"
handel = "x.bsky.social"
credential = "SMO_B"
template = "{mesage} {url"
"""
    with pytest.raises(ConfigError) as caught:
        parse_targets(tomllib.loads(text)["targets"], text)
    lines = [str(problem) for problem in caught.value.problems]
    assert "site.toml:2: targets.one.network: unknown network 'twitter' (did you mean 'x'?)" in lines
    assert any(line.startswith("site.toml:3: targets.one.credential: expected the NAME") for line in lines)
    assert "site.toml:6: targets.two.handle: is required for bluesky targets" not in lines
    assert any("targets.two.handle: is required for bluesky targets" in line for line in lines)
    assert "site.toml:7: targets.two.handel: unknown key (did you mean 'handle'?)" in lines
    assert any("unknown placeholder '{mesage}' (did you mean '{message}'?)" in line for line in lines)
    assert any("unmatched '{'" in line for line in lines)


def test_duplicate_names_in_an_array_are_refused() -> None:
    raw = [{"name": "a", "network": "slack", "credential": "S"}, {"name": "a", "network": "slack", "credential": "S"}]
    with pytest.raises(ConfigError, match="target 'a' is defined twice"):
        parse_targets(raw)
