"""A reader's result from the counts and the list of reply objects a network answered with."""

from __future__ import annotations

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
