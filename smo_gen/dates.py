"""Reading front-matter dates in every form writers use, always into aware datetimes."""

from __future__ import annotations

import datetime as dt
import re

# Jekyll writes "2026-05-01 10:00:00 +0200"; fromisoformat wants the offset attached.
_SPACED_OFFSET = re.compile(r"^(.*\d)\s+([+-]\d{2}:?\d{2}|Z|UTC|GMT)$")
_DATE_IN_PATH = re.compile(r"(?:^|/)(\d{4})[-/](\d{2})[-/](\d{2})(?:[-/]|$)")

ACCEPTED_FORMS = "2026-05-01, 2026-05-01T10:00, 2026-05-01 10:00:00+02:00 or 2026-05-01T08:00:00Z"


class DateError(ValueError):
    """A value that is not a date; the message says what was found."""


def parse_date(value: object, tz: dt.tzinfo) -> dt.datetime:
    """Turn a front-matter value into an aware datetime.

    Offsets are kept; naive times are read in the site's timezone `tz`; a date alone means
    midnight there.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, dt.time):
        raise DateError(f"'{value}' is a time without a date")
    if not isinstance(value, str):
        raise DateError(f"expected a date such as {ACCEPTED_FORMS}, got {type(value).__name__} {value!r}")
    text = value.strip()
    spaced = _SPACED_OFFSET.match(text)
    if spaced:
        offset = spaced.group(2)
        offset = "+00:00" if offset in ("Z", "UTC", "GMT") else offset
        text = spaced.group(1) + offset
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise DateError(f"'{value}' is not a date; accepted forms: {ACCEPTED_FORMS}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def date_from_path(path: str, tz: dt.tzinfo) -> dt.datetime | None:
    """The date in a Jekyll file name (2026-05-01-title.md) or a dated path (2026/05/01/title)."""
    match = _DATE_IN_PATH.search(path)
    if not match:
        return None
    try:
        return dt.datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)), tzinfo=tz)
    except ValueError:
        return None


def format_rfc3339(moment: dt.datetime) -> str:
    """ISO 8601 / RFC 3339 with seconds and offset, as feeds and Open Graph want it."""
    return moment.isoformat(timespec="seconds")
