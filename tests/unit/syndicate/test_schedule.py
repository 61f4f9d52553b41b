"""When posts are due: slots, gaps, time zones and posting windows, under a fixed clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from smo_gen.syndicate.entries import Entry
from smo_gen.syndicate.schedule import Clocks, Sent, decide
from smo_gen.syndicate.targets import Target, parse_targets
from smo_gen.utm import UtmSettings

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def entry(id: str = "/a/", live_from: str | None = "2026-05-01T00:00:00+00:00", **changes: object) -> Entry:
    base = Entry(
        id=id,
        url=f"https://shop.example{id}",
        site_url="https://shop.example/",
        slug=id.strip("/"),
        title="T",
        description="",
        message="M",
        campaign=None,
        audience=None,
        tags=(),
        language="en",
        draft=False,
        published=None,
        publish_date=None,
        expires=None,
        live_from=at(live_from) if live_from else None,
        live_until=None,
        utm=UtmSettings(),
        image=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def target(**changes: object) -> Target:
    return replace(Target("masto", "mastodon", "TOKEN"), **changes)  # type: ignore[arg-type]


SLOTS = (dt.time(9, 0), dt.time(17, 30))


def test_without_slots_or_gaps_a_live_page_is_due_now() -> None:
    [decision] = decide([(entry(), target())], [], Clocks(), at("2026-05-02T03:00:00+00:00"))
    assert decision.due_now and decision.due_at == at("2026-05-02T03:00:00+00:00")


def test_a_slot_is_open_for_its_window_in_the_targets_time_zone() -> None:
    sydney = target(slots=SLOTS, timezone="Australia/Sydney")
    # 09:20 in Sydney (UTC+10 in May) is inside the 09:00 slot; 10:05 is not.
    [inside] = decide([(entry(), sydney)], [], Clocks(), at("2026-05-01T23:20:00+00:00"))
    [outside] = decide([(entry(), sydney)], [], Clocks(), at("2026-05-02T00:05:00+00:00"))
    assert inside.due_now
    assert not outside.due_now
    assert outside.due_at == at("2026-05-02T17:30:00+10:00")
    assert "outside the slots of masto (09:00, 17:30 Australia/Sydney" in outside.why_not_now


def test_each_slot_takes_one_post_oldest_page_first() -> None:
    items = [
        (entry("/new/", "2026-05-03T00:00:00+00:00"), target(slots=SLOTS)),
        (entry("/old/", "2026-05-01T00:00:00+00:00"), target(slots=SLOTS)),
    ]
    new, old = decide(items, [], Clocks(site="UTC"), at("2026-05-04T09:10:00+00:00"))
    assert old.due_now
    assert not new.due_now and new.due_at == at("2026-05-04T17:30:00+00:00")
    assert new.why_not_now == "1 older post goes to masto first, one per slot"


def test_a_slot_already_used_by_an_earlier_run_is_not_used_again() -> None:
    history = [Sent("masto", None, at("2026-05-04T09:01:00+00:00"))]
    [decision] = decide([(entry(), target(slots=SLOTS))], history, Clocks(), at("2026-05-04T09:30:00+00:00"))
    assert decision.due_at == at("2026-05-04T17:30:00+00:00")
    assert decision.why_not_now.endswith("open 1h, each taken by one post)")


def test_each_audience_posts_at_its_own_local_morning() -> None:
    clocks = Clocks(site="Europe/Berlin", audiences={"au": "Australia/Sydney", "us": "America/New_York"})
    morning = target(slots=(dt.time(9, 0),))
    items = [(entry("/a/au/", audience="au"), morning), (entry("/a/us/", audience="us"), morning)]
    sydney_morning = at("2026-05-04T23:10:00+00:00")  # 09:10 in Sydney, 19:10 in New York
    au, us = decide(items, [], clocks, sydney_morning)
    assert au.due_now
    assert us.due_at == at("2026-05-05T09:00:00-04:00")
    # The target's own time zone wins over the audience's.
    [fixed] = decide([(entry("/a/au/", audience="au"), replace(morning, timezone="UTC"))], [], clocks, sydney_morning)
    assert fixed.due_at == at("2026-05-05T09:00:00+00:00")


def test_min_gap_counts_from_the_last_post_to_the_target() -> None:
    history = [
        Sent("masto", None, at("2026-05-04T10:00:00+00:00")),
        Sent("other", None, at("2026-05-04T11:30:00+00:00")),
    ]
    gap = target(min_gap=dt.timedelta(hours=2))
    [waiting] = decide([(entry(), gap)], history, Clocks(), at("2026-05-04T11:00:00+00:00"))
    [due] = decide([(entry(), gap)], history, Clocks(), at("2026-05-04T12:00:00+00:00"))
    assert waiting.due_at == at("2026-05-04T12:00:00+00:00")
    assert "min_gap 2h after the last post to masto" in waiting.why_not_now
    assert due.due_now
    # Two pages due at once: the second waits for the gap after the first.
    first, second = decide([(entry("/a/"), gap), (entry("/b/"), gap)], [], Clocks(), at("2026-05-04T12:00:00+00:00"))
    assert first.due_now and second.due_at == at("2026-05-04T14:00:00+00:00")
    assert second.why_not_now == "1 older post goes to masto first, min_gap 2h apart"


def test_min_gap_and_slots_together_take_the_next_slot_after_the_gap() -> None:
    both = target(slots=SLOTS, min_gap=dt.timedelta(hours=10))
    history = [Sent("masto", None, at("2026-05-04T09:00:00+00:00"))]
    [decision] = decide([(entry(), both)], history, Clocks(), at("2026-05-04T17:40:00+00:00"))
    assert decision.due_at == at("2026-05-05T09:00:00+00:00")


def test_a_page_posts_only_inside_its_posting_window() -> None:
    window = entry(syndicate_after=at("2026-05-10T08:00:00+00:00"), syndicate_before=at("2026-05-11T00:00:00+00:00"))
    [early] = decide([(window, target())], [], Clocks(), at("2026-05-09T00:00:00+00:00"))
    [inside] = decide([(window, target())], [], Clocks(), at("2026-05-10T08:00:00+00:00"))
    [late] = decide([(window, target())], [], Clocks(), at("2026-05-11T00:00:00+00:00"))
    assert early.due_at == at("2026-05-10T08:00:00+00:00") and "syndicate_after" in early.why_not_now
    assert inside.due_now
    assert late.due_at is None and late.why_not_now.startswith("never: its posting window closed")


def test_a_window_that_closes_before_the_next_slot_is_reported_as_waiting_for_that_slot() -> None:
    window = entry(syndicate_after=at("2026-05-10T10:00:00+00:00"))
    [decision] = decide([(window, target(slots=SLOTS))], [], Clocks(), at("2026-05-10T10:30:00+00:00"))
    assert decision.due_at == at("2026-05-10T17:30:00+00:00")


def test_slots_across_a_daylight_saving_change_stay_at_local_time() -> None:
    berlin = target(slots=(dt.time(9, 0),), timezone="Europe/Berlin")
    # Clocks go forward on 2026-03-29: 09:00 is 08:00 UTC the day before and 07:00 UTC that day.
    [decision] = decide([(entry(live_from=None), berlin)], [], Clocks(), at("2026-03-28T08:30:00+00:00"))
    assert decision.due_now
    [next_day] = decide(
        [(entry(live_from=None), berlin)],
        [Sent("masto", None, at("2026-03-28T08:30:00+00:00"))],
        Clocks(),
        at("2026-03-28T09:00:00+00:00"),
    )
    assert next_day.due_at == at("2026-03-29T07:00:00+00:00")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('slots = ["9am"]', "'9am' is not a time of day"),
        ('min_gap = "two hours"', "'two hours' is not a span of time"),
        ('timezone = "Mars/Olympus"', "'Mars/Olympus' is not an IANA time zone"),
        ("thread = true", None),
    ],
)
def test_target_schedule_keys_are_checked(table: str, message: str | None) -> None:
    import tomllib

    from smo_gen.errors import ConfigError

    text = f'[targets.m]\nnetwork = "mastodon"\ninstance = "https://m.example"\ncredential = "T"\n{table}\n'
    if message is None:
        assert parse_targets(tomllib.loads(text)["targets"], text)[0].thread
        return
    with pytest.raises(ConfigError) as error:
        parse_targets(tomllib.loads(text)["targets"], text)
    assert message in str(error.value)


def test_durations_and_slots_parse() -> None:
    import tomllib

    text = (
        '[targets.m]\nnetwork = "mastodon"\ninstance = "https://m.example"\ncredential = "T"\n'
        'slots = ["17:30", "9:00"]\nmin_gap = "1h30m"\nslot_window = "20m"\n'
    )
    [parsed] = parse_targets(tomllib.loads(text)["targets"], text)
    assert parsed.slots == (dt.time(9, 0), dt.time(17, 30))
    assert parsed.min_gap == dt.timedelta(minutes=90)
    assert parsed.slot_window == dt.timedelta(minutes=20)


def test_a_long_backlog_fills_consecutive_slots_one_post_each() -> None:
    items = [(entry(f"/p{i:04}/"), target(slots=SLOTS)) for i in range(1000)]
    decisions = decide(items, [], Clocks(), at("2026-05-02T09:05:00+00:00"))
    moments = [d.due_at for d in decisions]
    assert [d.due_now for d in decisions].count(True) == 1
    assert len(set(moments)) == 1000 and moments == sorted(moments)  # type: ignore[type-var]
    assert moments[1] == at("2026-05-02T17:30:00+00:00") and moments[2] == at("2026-05-03T09:00:00+00:00")
    assert moments[-1] == at("2026-05-02T09:05:00+00:00") + dt.timedelta(days=499, hours=8, minutes=25)
