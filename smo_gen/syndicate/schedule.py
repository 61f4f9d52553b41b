"""When each post may go out: a pure decision from the pages, the targets, what was posted, and now.

A post is due once every one of these allows it:
- the page is live (the manifest's `live_from`) and inside its posting window (front matter
  `syndicate_after` / `syndicate_before`); after `syndicate_before` it is never posted;
- the target's `min_gap` has passed since its last post;
- with `slots`, a slot is open (from its time of day for `slot_window`, in the target's time zone,
  else the audience's, else the site's) and no other post of the same audience took it: one post
  per slot, so a backlog goes out one slot at a time, oldest page first.

Posts that are due now are posted; the others are reported with the moment they become due, as if
every run from now on came on time (so the dry run shows the whole queue).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from smo_gen.syndicate.entries import Entry
from smo_gen.syndicate.targets import Target

_MIN = dt.datetime.min.replace(tzinfo=dt.UTC)
_HORIZON_DAYS = 400  # a slot search further than this means the target has no usable slot


@dataclass(frozen=True)
class Sent:
    """A post already made (or planned in this decision) on a target, for gaps and slots."""

    target: str
    audience: str | None
    at: dt.datetime


@dataclass(frozen=True)
class Decision:
    """Whether one page goes to one target now; otherwise when it will, and why not now."""

    entry: Entry
    target: Target
    due_at: dt.datetime | None  # None: never (its posting window closed)
    why_not_now: str = ""  # empty when it is due now

    @property
    def due_now(self) -> bool:
        return not self.why_not_now


@dataclass(frozen=True)
class Clocks:
    """The time zones the decision needs: the site's and each audience's (from site.toml)."""

    site: str = "UTC"
    audiences: Mapping[str, str] = field(default_factory=dict)

    def zone_for(self, target: Target, entry: Entry) -> str:
        return target.timezone or self.audiences.get(entry.audience or "") or self.site


def decide(
    items: Sequence[tuple[Entry, Target]],
    history: Sequence[Sent],
    clocks: Clocks,
    now: dt.datetime,
) -> list[Decision]:
    """For each (page, target) not yet posted: due now, due later (when), or never; in `items` order.

    Oldest pages take the first slots; each decided post counts for the gaps and slots of the next.
    """
    queue = _Queue(history)
    decided: dict[int, Decision] = {}
    order = sorted(range(len(items)), key=lambda i: (_earliest(items[i][0]), items[i][0].id, i))
    for index in order:
        entry, target = items[index]
        decision = _decide_one(entry, target, queue, clocks, now)
        decided[index] = decision
        if decision.due_at is not None:
            queue.add(Sent(target.name, entry.audience, decision.due_at))
    return [decided[index] for index in range(len(items))]


class _Queue:
    """What is posted or planned: per target the last moment (for gaps), per target and audience the
    slot moments taken, sorted (for slots), and the last planned one (where a slot search may start:
    the pages come oldest first, so no free slot is left before it)."""

    def __init__(self, history: Sequence[Sent]) -> None:
        self.last: dict[str, dt.datetime] = {}
        self.taken: dict[tuple[str, str | None], list[dt.datetime]] = {}
        self.planned: dict[tuple[str, str | None], dt.datetime] = {}
        self.queued: dict[tuple[str, str | None], int] = {}  # per target and audience: posts planned here
        self.last_planned: dict[str, bool] = {}  # per target: whether its last post is only planned
        for sent in history:
            self._record(sent)

    def _record(self, sent: Sent) -> None:
        if sent.target not in self.last or sent.at > self.last[sent.target]:
            self.last[sent.target] = sent.at
        bisect.insort(self.taken.setdefault((sent.target, sent.audience), []), sent.at)

    def add(self, sent: Sent) -> None:
        self._record(sent)
        key = (sent.target, sent.audience)
        self.planned[key] = sent.at
        self.queued[key] = self.queued.get(key, 0) + 1
        self.last_planned[sent.target] = self.last[sent.target] == sent.at

    def ahead(self, target: str, audience: str | None = None, *, any_audience: bool = False) -> str:
        """Why a post waits behind others planned before it (older pages go first); "" when none are."""
        count = sum(
            n for (name, group), n in self.queued.items() if name == target and (any_audience or group == audience)
        )
        return f"{count} older post{'s go' if count > 1 else ' goes'} to {target} first" if count else ""

    def is_taken(self, key: tuple[str, str | None], start: dt.datetime, end: dt.datetime) -> bool:
        moments = self.taken.get(key, [])
        index = bisect.bisect_left(moments, start)
        return index < len(moments) and moments[index] < end


def _earliest(entry: Entry) -> dt.datetime:
    return max((moment for moment in (entry.live_from, entry.syndicate_after) if moment), default=_MIN)


def _decide_one(entry: Entry, target: Target, queue: _Queue, clocks: Clocks, now: dt.datetime) -> Decision:
    if entry.syndicate_before is not None and entry.syndicate_before <= now:
        return Decision(
            entry,
            target,
            None,
            f"never: its posting window closed at {_show(entry.syndicate_before)} (syndicate_before)",
        )
    earliest, why = _earliest(entry), ""
    if entry.syndicate_after and entry.syndicate_after > now:
        why = f"its posting window opens at {_show(entry.syndicate_after)} (syndicate_after)"
    if target.min_gap:
        last = queue.last.get(target.name)
        if last is not None and last + target.min_gap > earliest:
            earliest = last + target.min_gap
            if earliest > now and queue.last_planned.get(target.name):
                why = why or f"{queue.ahead(target.name, any_audience=True)}, min_gap {_span(target.min_gap)} apart"
            elif earliest > now:
                why = why or (f"min_gap {_span(target.min_gap)} after the last post to {target.name} at {_show(last)}")
    if target.slots:
        zone_name = clocks.zone_for(target, entry)
        key = (target.name, entry.audience)
        start = max(earliest, now, queue.planned.get(key, earliest))
        moment = _next_slot(target, zoneinfo.ZoneInfo(zone_name), start, lambda a, b: queue.is_taken(key, a, b))
        if moment is None:
            return Decision(entry, target, None, f"never: no free slot of {target.name} within {_HORIZON_DAYS} days")
        if moment > now:
            slots = ", ".join(slot.strftime("%H:%M") for slot in target.slots)
            queued = queue.ahead(target.name, entry.audience)
            outside = f"outside the slots of {target.name} ({slots} {zone_name}, open {_span(target.slot_window)}" + (
                ", each taken by one post)" if _in_open_slot(target, zone_name, now) else ")"
            )
            why = why or (f"{queued}, one per slot" if queued else outside)
        return Decision(entry, target, moment, why if moment > now else "")
    due = max(earliest, now)
    return Decision(entry, target, due, why if due > now else "")


def _slot_windows(target: Target, zone: zoneinfo.ZoneInfo, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The open [start, end) of each slot on `day`: `slot_window` long, and closed by the next slot."""
    starts = [dt.datetime.combine(day, slot, tzinfo=zone) for slot in target.slots]
    starts.append(dt.datetime.combine(day + dt.timedelta(days=1), target.slots[0], tzinfo=zone))
    return [
        (start, min(start + target.slot_window, after)) for start, after in itertools.pairwise(starts) if start < after
    ]


def _next_slot(
    target: Target,
    zone: zoneinfo.ZoneInfo,
    earliest: dt.datetime,
    taken: Callable[[dt.datetime, dt.datetime], bool],
) -> dt.datetime | None:
    """The first moment at or after `earliest` inside an open slot that no earlier post took."""
    day = earliest.astimezone(zone).date() - dt.timedelta(days=1)
    for _ in range(_HORIZON_DAYS):
        for start, end in _slot_windows(target, zone, day):
            moment = max(start, earliest)
            if moment < end and not taken(start, end):
                return moment
        day += dt.timedelta(days=1)
    return None


def _in_open_slot(target: Target, zone_name: str, now: dt.datetime) -> bool:
    zone = zoneinfo.ZoneInfo(zone_name)
    day = now.astimezone(zone).date()
    return any(
        start <= now < end
        for offset in (-1, 0)
        for start, end in _slot_windows(target, zone, day + dt.timedelta(days=offset))
    )


def _show(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _span(span: dt.timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes or not hours else "")
