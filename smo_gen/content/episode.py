"""A podcast episode's front matter: `episode`, `season`, `episode_type`, `explicit`.

Read on every page; only pages in a podcast section's feed show them (as `itunes:episode`,
`itunes:season`, `itunes:episodeType` and `itunes:explicit`: see render/podcast_feed.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from smo_gen.errors import did_you_mean
from smo_gen.schema import describe_value

EPISODE_KEYS = ("episode", "season", "episode_type", "explicit")
EPISODE_TYPES = ("full", "trailer", "bonus")  # Apple's itunes:episodeType values


@dataclass(frozen=True)
class Episode:
    """What a page says of itself as an episode; None where it says nothing."""

    number: int | None = None
    season: int | None = None
    episode_type: str | None = None
    explicit: bool | None = None  # None: the show's setting


def parse_episode(data: Mapping[str, Any], problem: Callable[[str, str], None]) -> Episode | None:
    """The episode keys of a page's front matter `data` (None when it has none);
    `problem(key, message)` records mistakes."""
    if not any(data.get(key) is not None for key in EPISODE_KEYS):
        return None
    numbers = [_positive(data, key, problem) for key in ("episode", "season")]
    kind = data.get("episode_type")
    if kind is not None and kind not in EPISODE_TYPES:
        hint = did_you_mean(str(kind), EPISODE_TYPES) or "one of " + ", ".join(EPISODE_TYPES)
        problem("episode_type", f"expected one of {', '.join(EPISODE_TYPES)}, got {describe_value(kind)}; {hint}")
        kind = None
    explicit = data.get("explicit")
    if explicit is not None and not isinstance(explicit, bool):
        problem("explicit", f"expected true or false, got {describe_value(explicit)}")
        explicit = None
    return Episode(numbers[0], numbers[1], kind, explicit)


def _positive(data: Mapping[str, Any], key: str, problem: Callable[[str, str], None]) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problem(key, f"expected a whole number of 1 or more, got {describe_value(value)}")
        return None
    return value
