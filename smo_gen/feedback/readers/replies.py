"""A reader's result from the counts and the list of reply objects a network answered with, and reply times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from smo_gen.feedback.readers.base import Reading
from smo_gen.feedback_store import Counts, Reply


def reading_of(counts: Counts, items: Any, reply_of: Callable[[dict[str, Any]], Reply | None]) -> Reading:
    """A `Reading` of `counts` and the replies `reply_of` makes of the JSON objects in `items` (None: none).

    What in `items` is not an object, and what `reply_of` turns down (None), is skipped.
    """
    found = (reply_of(item) for item in items or [] if isinstance(item, dict))
    return Reading(counts, tuple(reply for reply in found if reply is not None))


def from_epoch(seconds: object) -> str | None:
    """RFC 3339 UTC from epoch seconds (Reddit) or milliseconds when `seconds` is that large (LinkedIn)."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return None
    value = float(seconds) / 1000 if seconds > 10**11 else float(seconds)
    try:
        moment = dt.datetime.fromtimestamp(value, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
