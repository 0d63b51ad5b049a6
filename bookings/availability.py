"""Which start times are free? Pure functions of the schedule, rules, taken time and `now`.

Times are UK wall-clock on the slot grid; arithmetic is done in UTC so a clock change
never stretches or shrinks a consult. The database wrappers at the bottom load what
the pure functions need in a bounded number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clinic.hours import CLINIC_TZ, Schedule, at, current_schedule, local

if TYPE_CHECKING:
    from bookings.models import PartOfDay

UTC = dt.UTC
ZERO = dt.timedelta(0)


VALUE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def as_value(moment: dt.datetime) -> str:
    """A start time as a form value: UTC, ISO 8601 (`parse_value` reads it back)."""
    return moment.astimezone(UTC).strftime(VALUE_FORMAT)


def parse_value(value: str | None) -> dt.datetime | None:
    """A slot value back to an aware datetime, or None if it is missing or malformed."""
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, VALUE_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def consult_times(start: dt.datetime, duration: dt.timedelta, buffer: dt.timedelta) -> tuple[dt.datetime, dt.datetime]:
    """(end, hold_until) of a consult of `duration` starting at `start`: the consult, then the buffer kept free after
    it. The time it holds is [start, hold_until): no other appointment may meet it (`Service.times_from`)."""
    end = start + duration
    return end, end + buffer


@dataclass(frozen=True)
class Slot:
    """A free start: the consult runs to `end` and holds the time to `hold_until` (its buffer after it)."""

    start: dt.datetime
    end: dt.datetime
    hold_until: dt.datetime

    @property
    def local_start(self):
        return local(self.start)

    @property
    def local_end(self):
        return local(self.end)

    @property
    def value(self):
        """The slot as a form value: its start in UTC, ISO 8601."""
        return as_value(self.start)

    @property
    def part_of_day(self) -> PartOfDay:
        """Morning, afternoon or evening, by the rule the waitlist matches wishes by (`PartOfDay.of`)."""
        from bookings.models import PartOfDay

        return PartOfDay.of(self.local_start.time())


@dataclass(frozen=True)
class Rules:
    """The booking rules that decide a slot (a plain copy of BookingRules)."""

    slot_interval: dt.timedelta
    min_notice: dt.timedelta
    horizon: dt.timedelta
    allow_same_day: bool

    @classmethod
    def from_model(cls, rules):
        return cls(rules.slot_interval, rules.min_notice, rules.horizon, rules.allow_same_day)

    def notice_deadline(self, start: dt.datetime) -> dt.datetime:
        """The last moment the minimum notice lets `start` be booked: the rule `bookable_window` applies from now's
        side (the earliest start is now plus the notice)."""
        return start - self.min_notice


def bookable_window(rules: Rules, now: dt.datetime) -> tuple[dt.datetime, dt.date]:
    """The earliest start allowed and the last day that can be booked."""
    earliest = now + rules.min_notice
    if not rules.allow_same_day:
        tomorrow = local(now).date() + dt.timedelta(days=1)
        earliest = max(earliest, at(tomorrow, dt.time(0)))
    last_day = local(now + rules.horizon).date()
    return earliest, last_day


def _grid_starts(day: dt.date, opens: dt.time, closes: dt.time, interval: dt.timedelta):
    step = int(interval.total_seconds() // 60)
    first = opens.hour * 60 + opens.minute
    first += -first % step
    last = closes.hour * 60 + closes.minute
    for minute in range(first, last, step):
        yield at(day, dt.time(minute // 60, minute % 60))


def slots_for_day(
    *,
    day: dt.date,
    duration: dt.timedelta,
    buffer: dt.timedelta,
    schedule: Schedule,
    rules: Rules,
    taken: list[tuple[dt.datetime, dt.datetime]],
    now: dt.datetime,
    enforce_notice: bool = True,
) -> list[Slot]:
    """Every free start on `day` for a consult of `duration` followed by `buffer`.

    `enforce_notice=False` is the clinician's override: the booking rules' notice, same-day and
    horizon do not apply; opening hours, the grid, other appointments and the clock always do."""
    earliest, last_day = bookable_window(rules, now)
    if enforce_notice and day > last_day:
        return []
    free = []
    for opens, closes in schedule.ranges_on(day):
        closing = at(day, closes).astimezone(UTC)
        for wall_start in _grid_starts(day, opens, closes, rules.slot_interval):
            start = wall_start.astimezone(UTC)
            end, hold_until = consult_times(start, duration, buffer)
            if hold_until > closing:
                break
            if start < (earliest if enforce_notice else now):  # the override never offers a time already past
                continue
            if any(start < taken_until and taken_start < hold_until for taken_start, taken_until in taken):
                continue
            free.append(Slot(start.astimezone(CLINIC_TZ), end.astimezone(CLINIC_TZ), hold_until.astimezone(CLINIC_TZ)))
    return free


def _leaves_no_gap(slot: Slot, after, before, interval: dt.timedelta) -> bool:
    """True if `slot` starts less than `interval` after a moment in `after`, or the time it holds ends less than
    `interval` before one in `before`. In UTC: a clock change never makes a gap look longer or shorter."""
    start, until = slot.start.astimezone(UTC), slot.hold_until.astimezone(UTC)
    return any(ZERO <= start - edge < interval for edge in after) or any(
        ZERO <= edge - until < interval for edge in before
    )


def compact_starts(
    slots: list[Slot],
    busy: list[tuple[dt.datetime, dt.datetime]],
    ranges: list[tuple[dt.datetime, dt.datetime]],
    *,
    interval: dt.timedelta,
    per_part: int = 3,
) -> list[Slot]:
    """The free starts that keep the diary compact, at most `per_part` per part of the day, in time order.

    A start is compact when it leaves a gap shorter than `interval` (so no start on the grid fits in it) after the
    end of an appointment's held time in `busy` (start, hold_until) or before its start: those first; then after an
    opening range's start or before its end (the first start of a range, the last that fits). A part of the day
    with free times but no compact start keeps its earliest, so no part of the day looks full when it is not."""
    after, before = [end for _, end in busy], [start for start, _ in busy]
    opens, closes = [start for start, _ in ranges], [end for _, end in ranges]
    by_part: dict[PartOfDay, list[Slot]] = {}
    for slot in slots:
        by_part.setdefault(slot.part_of_day, []).append(slot)
    chosen = []
    for part_slots in by_part.values():
        beside_appointments = [slot for slot in part_slots if _leaves_no_gap(slot, after, before, interval)]
        at_range_edges = [slot for slot in part_slots if _leaves_no_gap(slot, opens, closes, interval)]
        ranked = beside_appointments + [slot for slot in at_range_edges if slot not in beside_appointments]
        chosen += ranked[:per_part] or part_slots[:1]
    return sorted(chosen, key=lambda slot: slot.start)


def clock_change_after(rules: Rules, now: dt.datetime) -> dt.datetime:
    """The next moment the clock alone can change a day's free times: when the minimum notice
    reaches the next start on the grid (starts are multiples of the interval after midnight)."""
    edge = local(now + rules.min_notice)
    midnight = at(edge.date(), dt.time(0))
    step = rules.slot_interval.total_seconds()
    since_midnight = (edge.replace(tzinfo=None) - midnight.replace(tzinfo=None)).total_seconds()
    ticks = -(-since_midnight // step)  # round up
    next_start = midnight.replace(tzinfo=None) + dt.timedelta(seconds=ticks * step)
    return rules.notice_deadline(next_start.replace(tzinfo=CLINIC_TZ).astimezone(UTC))


# --- Database wrappers -------------------------------------------------------------------


def next_clock_change(now: dt.datetime) -> dt.datetime:
    from bookings.models import BookingRules

    return clock_change_after(Rules.from_model(BookingRules.load()), now)


def _day_bounds(first: dt.date, last: dt.date):
    return at(first, dt.time(0)), at(last + dt.timedelta(days=1), dt.time(0))


def taken_between(start: dt.datetime, end: dt.datetime, exclude_pk=None):
    """(start, hold_until) of every appointment holding time in [start, end): one query."""
    from bookings.models import Appointment

    queryset = Appointment.objects.holding_time().overlapping(start, end)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return list(queryset.values_list("start", "hold_until"))


def free_slots(service, day: dt.date, now: dt.datetime, *, enforce_notice=True, exclude_pk=None) -> list[Slot]:
    """Free slots for a service on a day (one query for the day's appointments)."""
    return times_on(service, day, now, enforce_notice=enforce_notice, exclude_pk=exclude_pk)[0]


def times_on(
    service, day: dt.date, now: dt.datetime, *, enforce_notice=True, exclude_pk=None
) -> tuple[list[Slot], list[Slot]]:
    """A day's free slots for a service, and those to offer first: the compact ones (`compact_starts`), or all of
    them if the clinician switched "offer times that keep my diary compact first" off. One query."""
    from bookings.models import BookingRules

    booking_rules = BookingRules.load()
    rules = Rules.from_model(booking_rules)
    if enforce_notice and not local(now).date() <= day <= bookable_window(rules, now)[1]:
        return [], []  # nothing to look up: the day is past or beyond the horizon
    schedule, day_start, day_end = current_schedule(), *_day_bounds(day, day)
    taken = taken_between(day_start, day_end, exclude_pk=exclude_pk)
    free = slots_for_day(
        day=day,
        duration=service.duration,
        buffer=service.buffer,
        schedule=schedule,
        rules=rules,
        taken=taken,
        now=now,
        enforce_notice=enforce_notice,
    )
    if not booking_rules.compact_first:
        return free, free
    return free, compact_starts(free, taken, schedule.periods_on(day), interval=rules.slot_interval)


def slots_by_day(
    service, first: dt.date, last: dt.date, now: dt.datetime, exclude_pk=None, *, enforce_notice=True
) -> dict[dt.date, list[Slot]]:
    """For each day from first to last, its free slots (one query in all)."""
    from bookings.models import BookingRules

    schedule, rules = current_schedule(), Rules.from_model(BookingRules.load())
    range_start, range_end = _day_bounds(first, last)
    taken = taken_between(range_start, range_end, exclude_pk=exclude_pk)
    by_day = {}
    day = first
    while day <= last:
        day_start, day_end = _day_bounds(day, day)
        by_day[day] = slots_for_day(
            day=day,
            duration=service.duration,
            buffer=service.buffer,
            schedule=schedule,
            rules=rules,
            taken=[(s, e) for s, e in taken if s < day_end and e > day_start],
            now=now,
            enforce_notice=enforce_notice,
        )
        day += dt.timedelta(days=1)
    return by_day


def days_with_slots(
    service, first: dt.date, last: dt.date, now: dt.datetime, exclude_pk=None, *, enforce_notice=True
) -> dict[dt.date, int]:
    """For each day from first to last, how many free slots it has (one query in all)."""
    by_day = slots_by_day(service, first, last, now, exclude_pk, enforce_notice=enforce_notice)
    return {day: len(slots) for day, slots in by_day.items()}


def find_slot(service, start: dt.datetime, now: dt.datetime, *, enforce_notice=True, exclude_pk=None) -> Slot | None:
    """The free slot starting exactly at `start`, or None if that start is not bookable."""
    day = local(start).date()
    for slot in free_slots(service, day, now, enforce_notice=enforce_notice, exclude_pk=exclude_pk):
        if slot.start == start:
            return slot
    return None


def nearest_free(service, around: dt.datetime, now: dt.datetime, count=6) -> list[Slot]:
    """The `count` free slots closest in time to `around`, searching that day and the week after.

    Day by day, until no time on the next day could be nearer than every one of the `count` found: the next
    morning's first times can be nearer than the same evening's (asked for late in the day), so a day's count of
    times is no reason to stop."""
    from bookings.models import BookingRules

    rules = Rules.from_model(BookingRules.load())
    _, last_day = bookable_window(rules, now)
    first = max(local(around).date(), local(now).date())
    nearest = []
    day = first
    while day <= min(last_day, first + dt.timedelta(days=7)):
        from_day = at(day, dt.time(0)) - around  # nothing on `day` or after is nearer than its midnight
        if len(nearest) == count and all(abs(slot.start - around) <= from_day for slot in nearest):
            break
        nearest = sorted([*nearest, *free_slots(service, day, now)], key=lambda slot: abs(slot.start - around))[:count]
        day += dt.timedelta(days=1)
    return sorted(nearest, key=lambda slot: slot.start)


def soonest_free(service, now: dt.datetime, *, count=3, avoid: dt.datetime | None = None) -> list[Slot]:
    """The first free slot of each of the next `count` days with one (never `avoid`, a time just turned down),
    within the booking horizon: a choice of days to suggest instead."""
    from bookings.models import BookingRules

    _, last_day = bookable_window(Rules.from_model(BookingRules.load()), now)
    by_day = slots_by_day(service, local(now).date(), last_day, now)
    firsts = [next((s for s in slots if s.start != avoid), None) for slots in by_day.values()]
    return [slot for slot in firsts if slot is not None][:count]
