"""[podcasts.<section>] in site.toml: typed settings, Apple's categories checked with a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.config.podcast_settings import PodcastConfig
from smo_gen.config.site_config import parse_config
from smo_gen.errors import ConfigError

BASE = 'title = "Acme"\nbase_url = "https://acme.example"\n'


def problems(text: str, tmp_path: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        parse_config(BASE + text, tmp_path)
    return [str(problem) for problem in raised.value.problems]


def test_a_section_table_becomes_typed_settings(tmp_path: Path) -> None:
    config = parse_config(
        BASE
        + """
[podcasts.episodes]
title = "Acme Radio"
owner_name = "Ana Lima"
owner_email = "radio@acme.example"
category = "Business"
subcategory = "Marketing"
explicit = true
image = "images/show.png"
type = "serial"
language = "de"
""",
        tmp_path,
    )
    (podcast,) = config.podcasts
    assert podcast == PodcastConfig(
        "episodes",
        "Acme Radio",
        "",
        "Ana Lima",
        "radio@acme.example",
        "Business",
        "Marketing",
        True,
        "images/show.png",
        "serial",
        "de",
        line=4,
    )
    assert podcast.url_path == "/episodes/"


def test_the_whole_site_is_the_slash_key(tmp_path: Path) -> None:
    config = parse_config(BASE + '[podcasts."/"]\ncategory = "Technology"\n', tmp_path)
    assert [(p.section, p.url_path, p.explicit, p.type) for p in config.podcasts] == [("/", "/", False, "episodic")]


def test_a_category_apple_does_not_list_gets_the_nearest_name(tmp_path: Path) -> None:
    found = problems('[podcasts.episodes]\ncategory = "Buisness"\n', tmp_path)
    assert found == [
        (
            "site.toml:4: podcasts.episodes.category: 'Buisness' is not an Apple Podcasts category "
            "(did you mean 'Business'?)"
        )
    ]


def test_case_and_and_are_forgiven_only_as_a_suggestion(tmp_path: Path) -> None:
    found = problems('[podcasts.episodes]\ncategory = "health and fitness"\n', tmp_path)
    assert found[0].endswith("(did you mean 'Health & Fitness'?)")


def test_a_subcategory_must_belong_to_its_category(tmp_path: Path) -> None:
    found = problems('[podcasts.episodes]\ncategory = "Business"\nsubcategory = "Marketting"\n', tmp_path)
    assert found == [
        (
            "site.toml:5: podcasts.episodes.subcategory: 'Marketting' is not a subcategory of 'Business' "
            "(did you mean 'Marketing'?)"
        )
    ]
    alone = problems('[podcasts.episodes]\nsubcategory = "Marketing"\n', tmp_path)
    assert alone == ["site.toml:4: podcasts.episodes.subcategory: needs a 'category' it belongs to"]


def test_wrong_values_are_named(tmp_path: Path) -> None:
    found = problems(
        '[podcasts.episodes]\nowner_email = "radio"\nexplicit = "no"\ntype = "seriel"\nsummary = "x"\n', tmp_path
    )
    assert found == [
        "site.toml:4: podcasts.episodes.owner_email: expected an e-mail address, got 'radio'",
        "site.toml:5: podcasts.episodes.explicit: expected true or false, got 'no'",
        (
            "site.toml:6: podcasts.episodes.type: expected one of 'episodic', 'serial', got 'seriel' "
            "(did you mean 'serial'?)"
        ),
        "site.toml:7: podcasts.episodes.summary: unknown key",
    ]
