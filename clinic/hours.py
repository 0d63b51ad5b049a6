"""When is the clinic open? The one source of truth for every app.

`Schedule` is plain data (weekly ranges in UK wall-clock time plus closures) and
answers questions about moments and intervals. It never reads the clock: callers
pass the time in. `current_schedule()` builds it from the database, cached until
the clinician changes the hours or closures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache

CLINIC_TZ = ZoneInfo(settings.TIME_ZONE)
SCHEDULE_CACHE_KEY = "clinic:schedule:v2"  # v2: a closure's public note beside its private reason


@dataclass(frozen=True)
class ClosedPeriod:
    start_date: dt.date
    end_date: dt.date
    reason: str  # the clinician's own, never shown to patients
    start_time: dt.time | None = None  # both set: closed only this part of each day
    end_time: dt.time | None = None
    note: str = ""  # what patients are told, if anything

    @property
    def is_whole_day(self) -> bool:
        return self.start_time is None

    def includes(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date

    @property
    def when(self) -> str:
        """The days (and hours) as a patient reads them: "Friday 25 December", "Thursday 24 – Monday 28
        December", "Tuesday 8 December, 13:00–17:00"."""
        first, last = self.start_date, self.end_date
        text = f"{first:%A} {first.day} {first:%B}"
        if last != first:
            start = f"{first:%A} {first.day}" if (first.year, first.month) == (last.year, last.month) else text
            text = f"{start} – {last:%A} {last.day} {last:%B}"
        if not self.is_whole_day:
            text += f", {self.start_time:%H:%M}–{self.end_time:%H:%M}"
        return text


@dataclass(frozen=True)
class OpenStatus:
    is_open: bool
    until: dt.datetime | None = None  # closing time of the current range, when open
    next_opening: dt.datetime | None = None  # when closed; None if nothing in the next fortnight


def local(moment: dt.datetime) -> dt.datetime:
    """The moment in UK local time. Naive datetimes are a programming error."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Pass an aware datetime: the clinic's hours are in UK time.")
    return moment.astimezone(CLINIC_TZ)


def at(day: dt.date, clock: dt.time) -> dt.datetime:
    """An aware datetime for a UK wall-clock time on a day."""
    return dt.datetime.combine(day, clock, tzinfo=CLINIC_TZ)


# The hours (UK time) an email the patient did not ask for just then may go in: an exercise reminder, a request for
# feedback, a follow-up. Never in the night: a sweep run outside them sends none, and the next one inside them does.
PATIENT_EMAIL_FROM = dt.time(8)
PATIENT_EMAIL_UNTIL = dt.time(20)


def may_email_patient(now: dt.datetime) -> bool:
    """Whether `now` is within `PATIENT_EMAIL_FROM` to `PATIENT_EMAIL_UNTIL` (the end excluded), UK time."""
    return PATIENT_EMAIL_FROM <= local(now).time() < PATIENT_EMAIL_UNTIL


@dataclass(frozen=True)
class Schedule:
    # weekday (Monday = 0) -> ranges of (opens, closes), sorted
    weekly: Mapping[int, tuple[tuple[dt.time, dt.time], ...]]
    closures: tuple[ClosedPeriod, ...] = field(default_factory=tuple)

    def closure_on(self, day: dt.date) -> ClosedPeriod | None:
        """The closure that shuts the whole of `day`, if any."""
        return next((c for c in self.closures if c.is_whole_day and c.includes(day)), None)

    def closures_between(self, first_day: dt.date, last_day: dt.date) -> list[ClosedPeriod]:
        """Closures, whole-day or by the hour, that touch any day from first_day to last_day, in date order."""
        return [c for c in self.closures if c.start_date <= last_day and c.end_date >= first_day]

    def part_closures_on(self, day: dt.date) -> list[ClosedPeriod]:
        """Closures that shut part of `day` (time off by the hour)."""
        return [c for c in self.closures if not c.is_whole_day and c.includes(day)]

    def weekly_ranges(self, weekday: int) -> tuple[tuple[dt.time, dt.time], ...]:
        return tuple(self.weekly.get(weekday, ()))

    def ranges_on(self, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        """The opening ranges on a date: none if it is a closed weekday or a closure."""
        if self.closure_on(day):
            return ()
        ranges = list(self.weekly_ranges(day.weekday()))
        for closure in self.part_closures_on(day):
            ranges = [
                piece
                for opens, closes in ranges
                for piece in ((opens, min(closes, closure.start_time)), (max(opens, closure.end_time), closes))
                if piece[0] < piece[1]
            ]
        return tuple(ranges)

    def periods_on(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The opening ranges on a date as aware datetimes."""
        return [(at(day, opens), at(day, closes)) for opens, closes in self.ranges_on(day)]

    def is_open_at(self, moment: dt.datetime) -> bool:
        moment = local(moment)
        clock = moment.time()
        return any(opens <= clock < closes for opens, closes in self.ranges_on(moment.date()))

    def covers(self, start: dt.datetime, end: dt.datetime) -> bool:
        """True if [start, end) lies inside one opening range on an open day."""
        start, end = local(start), local(end)
        if end <= start or start.date() != end.date():
            return False
        return any(opens <= start.time() and end.time() <= closes for opens, closes in self.ranges_on(start.date()))

    def status_at(self, moment: dt.datetime) -> OpenStatus:
        moment = local(moment)
        for offset in range(15):
            day = moment.date() + dt.timedelta(days=offset)
            for opens, closes in self.periods_on(day):
                if opens <= moment < closes:
                    return OpenStatus(is_open=True, until=closes)
                if opens > moment:
                    return OpenStatus(is_open=False, next_opening=opens)
        return OpenStatus(is_open=False)


def build_schedule(hours=None, closures=None) -> Schedule:
    """The schedule the saved hours and closures make, or (to see what a change would do before it is saved) the
    one these `hours` and `closures`, saved or not, would make."""
    from clinic.models import Closure, OpeningHours

    hours = OpeningHours.objects.all() if hours is None else hours
    closures = Closure.objects.order_by("start_date", "start_time") if closures is None else closures
    weekly: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for row in hours:
        weekly.setdefault(row.weekday, []).append((row.opens, row.closes))
    closures = tuple(
        ClosedPeriod(c.start_date, c.end_date or c.start_date, c.reason, c.start_time, c.end_time, c.public_note)
        for c in closures
    )
    return Schedule(
        weekly={day: tuple(sorted(ranges)) for day, ranges in weekly.items()},
        closures=closures,
    )


def next_open_or_close(now: dt.datetime) -> dt.datetime | None:
    """When the footer's "open now" line next reads differently: the clinic opens or closes."""
    status = current_schedule().status_at(now)
    return status.until or status.next_opening


def current_schedule() -> Schedule:
    """The schedule as the clinician last saved it (cached)."""
    return cache.get_or_set(SCHEDULE_CACHE_KEY, build_schedule, timeout=None)
