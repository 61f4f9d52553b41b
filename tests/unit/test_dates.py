"""Front-matter dates in every form writers use, always into aware datetimes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from smo_gen.dates import DateError, date_from_path, format_rfc3339, parse_date

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def offset(hours: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01T10:00:00+02:00", dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(2))),
        ("2026-05-01 10:00:00 +0200", dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(2))),  # Jekyll
        ("2026-05-01 10:00:00 -05:00", dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(-5))),
        ("2026-05-01T08:00:00Z", dt.datetime(2026, 5, 1, 8, 0, tzinfo=UTC)),
        ("2026-05-01 08:00:00 UTC", dt.datetime(2026, 5, 1, 8, 0, tzinfo=UTC)),
        ("  2026-05-01T08:00Z  ", dt.datetime(2026, 5, 1, 8, 0, tzinfo=UTC)),
    ],
)
def test_offsets_are_kept(text: str, expected: dt.datetime) -> None:
    parsed = parse_date(text, BERLIN)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset(), "the writer's offset is kept, not converted"


def test_naive_time_is_read_in_the_site_timezone() -> None:
    parsed = parse_date("2026-05-01T10:00", BERLIN)
    assert parsed == dt.datetime(2026, 5, 1, 10, 0, tzinfo=BERLIN)
    assert format_rfc3339(parsed) == "2026-05-01T10:00:00+02:00", "Berlin is UTC+2 in May"


def test_naive_time_in_winter_uses_winter_offset() -> None:
    assert format_rfc3339(parse_date("2026-01-15 09:30", BERLIN)) == "2026-01-15T09:30:00+01:00"


def test_date_alone_means_midnight_in_the_site_timezone() -> None:
    assert format_rfc3339(parse_date("2026-05-01", BERLIN)) == "2026-05-01T00:00:00+02:00"


def test_toml_values_are_accepted() -> None:
    assert parse_date(dt.date(2026, 5, 1), BERLIN) == dt.datetime(2026, 5, 1, tzinfo=BERLIN)
    assert parse_date(dt.datetime(2026, 5, 1, 10, 0), BERLIN) == dt.datetime(2026, 5, 1, 10, 0, tzinfo=BERLIN)
    aware = dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(-3))
    assert parse_date(aware, BERLIN) is aware


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "next friday", "01/05/2026", ""])
def test_bad_dates_name_the_value_and_the_accepted_forms(text: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(text, BERLIN)
    assert str(raised.value) == (
        f"'{text}' is not a date; accepted forms: 2026-05-01, 2026-05-01T10:00, "
        "2026-05-01 10:00:00+02:00 or 2026-05-01T08:00:00Z"
    )


def test_a_number_is_not_a_date() -> None:
    with pytest.raises(DateError, match=r"got int 2026$"):
        parse_date(2026, BERLIN)


def test_a_time_alone_is_not_a_date() -> None:
    with pytest.raises(DateError, match="is a time without a date"):
        parse_date(dt.time(10, 0), BERLIN)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("2026-05-01-spring-sale.md", dt.date(2026, 5, 1)),
        ("posts/2026-05-01-spring-sale.md", dt.date(2026, 5, 1)),
        ("posts/2026-05-01_spring-sale.md", dt.date(2026, 5, 1)),  # Zola
        ("blog/2026/05/01/spring-sale.md", dt.date(2026, 5, 1)),
        ("spring-sale.md", None),
        ("2026-13-01-bad-month.md", None),
        ("sale-2026-05-01.md", None),  # a date inside a name is not a publication date
        ("12026-05-01-x.md", None),
    ],
)
def test_date_from_path(path: str, expected: dt.date | None) -> None:
    found = date_from_path(path, BERLIN)
    if expected is None:
        assert found is None
    else:
        assert found == dt.datetime(expected.year, expected.month, expected.day, tzinfo=BERLIN)


def test_rfc3339_has_seconds_and_offset() -> None:
    assert format_rfc3339(dt.datetime(2026, 5, 1, 8, 0, 0, 123456, tzinfo=UTC)) == "2026-05-01T08:00:00+00:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Jekyll (Ruby's Time.parse): a year written twice, an offset without colon.
        ("2023-01-29 18:30:22 2023 -0800", dt.datetime(2023, 1, 29, 18, 30, 22, tzinfo=offset(-8))),
        ("2016-02-24 22:44:00 -0500 EST", dt.datetime(2016, 2, 24, 22, 44, tzinfo=offset(-5))),
        ("2026-05-01 10:00 PST", dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(-8))),
        ("2026/05/01 10:00", dt.datetime(2026, 5, 1, 10, 0, tzinfo=BERLIN)),
        # Hugo's layouts.
        ("2026-05-01T10:00:00-0700", dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(-7))),
        ("2026-05-01 10:00:00Z", dt.datetime(2026, 5, 1, 10, 0, tzinfo=UTC)),
        ("2026-05-01 10:00:00.123456789 -0700 MST", dt.datetime(2026, 5, 1, 10, 0, 0, 123456, tzinfo=offset(-7))),
        ("Fri, 01 May 2026 10:00:00 +0200", dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(2))),  # RFC 1123Z
        ("Fri, 01 May 2026 10:00:00 GMT", dt.datetime(2026, 5, 1, 10, 0, tzinfo=UTC)),  # RFC 1123
        ("01 May 26 10:00 CEST", dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(2))),  # RFC 822
        ("Fri May  1 10:00:00 2026", dt.datetime(2026, 5, 1, 10, 0, tzinfo=BERLIN)),  # ANSIC
        ("Fri May 01 10:00:00 -0700 2026", dt.datetime(2026, 5, 1, 10, 0, tzinfo=offset(-7))),  # Ruby
        ("01 May 2026", dt.datetime(2026, 5, 1, tzinfo=BERLIN)),
        ("May 1, 2026 3:30 pm", dt.datetime(2026, 5, 1, 15, 30, tzinfo=BERLIN)),
        ("1st May 2026", dt.datetime(2026, 5, 1, tzinfo=BERLIN)),
    ],
)
def test_the_forms_hugo_and_jekyll_accept_are_read(text: str, expected: dt.datetime) -> None:
    parsed = parse_date(text, BERLIN)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    ["2023-01-29 18:30 2024", "May 2026", "32 May 2026", "2026-05-01 25:00", "13:00 pm 2026-05-01", "soon 2026-05-01"],
)
def test_written_dates_that_do_not_add_up_are_refused(text: str) -> None:
    with pytest.raises(DateError, match="is not a date"):
        parse_date(text, BERLIN)
