"""A podcast episode's front matter: episode, season, episode_type, explicit."""

from __future__ import annotations

from typing import Any

from smo_gen.content.episode import Episode, parse_episode


def parse(data: dict[str, Any]) -> tuple[Episode | None, list[str]]:
    found: list[str] = []
    episode = parse_episode(data, lambda key, message: found.append(f"{key}: {message}"))
    return episode, found


def test_a_page_without_episode_keys_is_no_episode() -> None:
    assert parse({"title": "Hello"}) == (None, [])


def test_the_keys_are_read() -> None:
    data = {"episode": 12, "season": 2, "episode_type": "bonus", "explicit": True}
    assert parse(data) == (Episode(12, 2, "bonus", True), [])


def test_wrong_values_are_named_and_left_out() -> None:
    episode, found = parse({"episode": 0, "season": "two", "episode_type": "trailor", "explicit": "yes"})
    assert episode == Episode()
    assert found == [
        "episode: expected a whole number of 1 or more, got 0",
        "season: expected a whole number of 1 or more, got 'two'",
        "episode_type: expected one of full, trailer, bonus, got 'trailor'; did you mean 'trailer'?",
        "explicit: expected true or false, got 'yes'",
    ]
