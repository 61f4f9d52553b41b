"""itunes:duration as Apple shows it."""

from __future__ import annotations

import pytest

from smo_gen.render.podcast_feed import format_duration


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0.4, "0:00:00"), (3.5, "0:00:04"), (65, "0:01:05"), (3725.2, "1:02:05"), (36000, "10:00:00")],
)
def test_durations_are_hours_minutes_seconds(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown
