"""Backoff: exponential, capped, jittered downwards, and the same for the same random state."""

from __future__ import annotations

import random

from smo_gen.syndicate.delivery import RetryPolicy


def test_backoff_doubles_up_to_its_cap_with_jitter() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0, jitter=0.5)
    rng = random.Random(7)
    delays = [policy.backoff(attempt, rng) for attempt in range(6)]
    caps = [1, 2, 4, 8, 8, 8]
    assert all(cap * 0.5 <= delay <= cap for delay, cap in zip(delays, caps, strict=True))
    again = random.Random(7)
    assert delays == [policy.backoff(attempt, again) for attempt in range(6)]
