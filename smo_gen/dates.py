"""Reading front-matter dates in every form writers use, always into aware datetimes."""

from __future__ import annotations

import datetime as dt
import re

from smo_gen.patterns import lazy_pattern

# Jekyll writes "2026-05-01 10:00:00 +0200"; fromisoformat wants the offset attached.
_SPACED_OFFSET = re.compile(r"^(.*\d)\s+([+-]\d{2}:?\d{2}|Z|UTC|GMT)$")
_DATE_IN_PATH = lazy_pattern(r"(?:^|/)(\d{4})[-/](\d{2})[-/](\d{2})(?:[-/_]|$)")
# A date before a file name: Jekyll's '2026-05-01-title', Zola's '2026-05-01_title' too.
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")

ACCEPTED_FORMS = "2026-05-01, 2026-05-01T10:00, 2026-05-01 10:00:00+02:00 or 2026-05-01T08:00:00Z"

# The pieces the lenient reader knows, after Ruby's Time.parse (Jekyll) and the layouts Hugo
# tries (RFC 3339 with or without 'T', colon or seconds; RFC 1123/822/850; ANSIC; Unix and Ruby
# dates; "02 Jan 2006"; Go's Time.String()).
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
}
# Zone abbreviations as RFC 822 and Ruby read them; a numeric offset written beside one wins.
_ZONES = {
    "z": 0.0,
    "ut": 0.0,
    "utc": 0.0,
    "gmt": 0.0,
    "est": -5.0,
    "edt": -4.0,
    "cst": -6.0,
    "cdt": -5.0,
    "mst": -7.0,
    "mdt": -6.0,
    "pst": -8.0,
    "pdt": -7.0,
    "akst": -9.0,
    "akdt": -8.0,
    "hst": -10.0,
    "wet": 0.0,
    "west": 1.0,
    "bst": 1.0,
    "cet": 1.0,
    "cest": 2.0,
    "met": 1.0,
    "mest": 2.0,
    "eet": 2.0,
    "eest": 3.0,
    "msk": 3.0,
    "ist": 5.5,
    "jst": 9.0,
    "kst": 9.0,
    "aest": 10.0,
    "aedt": 11.0,
}
_TOKEN = lazy_pattern(
    r"""(?P<isodate>\d{4})[-/](?P<isomonth>\d{1,2})[-/](?P<isoday>\d{1,2})(?=[T\s]|$)T?
      | (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
      | (?P<offset>[+-]\d{2}(?::?\d{2})?)(?![\d:])
      | (?P<number>\d+)(?:st|nd|rd|th)?
      | (?P<word>[A-Za-z]+)\.?
      | (?P<skip>[\s,()]+)""",
    re.VERBOSE,
)


class DateError(ValueError):
    """A value that is not a date; the message says what was found."""


def parse_date(value: object, tz: dt.tzinfo) -> dt.datetime:
    """Turn a front-matter value into an aware datetime.

    Offsets are kept; naive times are read in the site's timezone `tz`; a date alone means
    midnight there. Besides ISO 8601, the forms Hugo and Jekyll accept are read:
    "Mon, 02 Jan 2006 15:04:05 -0700", "02 Jan 2006", "2023-01-29 18:30:22 2023 -0800" ...
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
    parsed: dt.datetime | None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        parsed = _parse_written_date(value.strip())
    if parsed is None:
        raise DateError(f"'{value}' is not a date; accepted forms: {ACCEPTED_FORMS}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _parse_written_date(text: str) -> dt.datetime | None:
    """Read a date written in words and numbers in any order Hugo or Jekyll reads, or None.

    Every token must be understood: a year, month (number or name), day, time, am/pm, offset
    or zone name, or a weekday (ignored). A year written twice must agree (Jekyll accepts
    "2023-01-29 18:30:22 2023 -0800"). Day-month order in all-number dates ("01/05/2026") is
    ambiguous, so those are refused.
    """
    year = month = day = None
    clock: tuple[int, int, int, int] | None = None
    shift: float | None = None  # hours east of UTC
    meridiem = None
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        position = match.end()
        if match["skip"]:
            continue
        if match["isodate"]:
            if year is not None:
                return None
            year, month, day = int(match["isodate"]), int(match["isomonth"]), int(match["isoday"])
        elif match["hour"]:
            if clock is not None:
                return None
            fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
            clock = (int(match["hour"]), int(match["minute"]), int(match["second"] or 0), int(fraction))
        elif match["offset"]:
            digits = match["offset"][1:].replace(":", "").ljust(4, "0")
            sign = -1 if match["offset"][0] == "-" else 1
            shift = sign * (int(digits[:2]) + int(digits[2:]) / 60)
        elif match["number"]:
            number = int(match["number"])
            if len(match["number"]) == 4:
                if year is not None and year != number:
                    return None
                year = number
            elif day is None and number <= 31:
                day = number
            elif year is None and day is not None and month is not None and len(match["number"]) == 2:
                year = 2000 + number if number < 69 else 1900 + number  # RFC 822's two-digit year
            else:
                return None
        else:
            word = match["word"].lower()
            if word in _MONTHS and month is None:
                month = _MONTHS[word]
            elif word in _WEEKDAYS:
                continue
            elif word in ("am", "pm") and clock is not None:
                meridiem = word
            elif word in _ZONES:
                shift = _ZONES[word] if shift is None else shift
            elif word == "t" and year is not None:
                continue
            else:
                return None
    if year is None or month is None or day is None:
        return None
    hour, minute, second, micro = clock or (0, 0, 0, 0)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        zone = dt.timezone(dt.timedelta(hours=shift)) if shift is not None else None
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        return None


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
