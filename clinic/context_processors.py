import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from clinic.hours import OpenStatus, Schedule, current_schedule, local
from clinic.identity import current_profile
from clinic.models import ClinicProfile, Weekday


@dataclass
class DayHours:
    name: str
    ranges: tuple
    is_today: bool


class ClinicContext:
    """What templates need to know about the clinic, computed for one moment."""

    ANNOUNCE_CLOSURES_DAYS = 28  # the home page announces closures this far ahead

    def __init__(self, profile: ClinicProfile, schedule: Schedule, now):
        self.profile = profile
        self.schedule = schedule
        self.now = local(now)

    @cached_property
    def week(self) -> list[DayHours]:
        today = self.now.weekday()
        return [DayHours(day.label, self.schedule.weekly_ranges(day.value), day.value == today) for day in Weekday]

    @cached_property
    def status(self) -> OpenStatus:
        return self.schedule.status_at(self.now)

    @cached_property
    def next_opening_day(self) -> str:
        """When the clinic next opens, as a person says it: "today", "tomorrow", the weekday within the week, and
        past it the date too ("Thursday 3 December": a week's closure must not read as this Thursday)."""
        opening = self.status.next_opening
        if opening is None:
            return ""
        days = (local(opening).date() - self.now.date()).days
        if days < 2:
            return "today" if days == 0 else "tomorrow"
        return f"{local(opening):%A}" if days < 7 else f"{local(opening):%A} {local(opening).day} {local(opening):%B}"

    @cached_property
    def upcoming_closures(self):
        """Closures from today to four weeks ahead, for the home page's notice."""
        today = self.now.date()
        return self.schedule.closures_between(today, today + dt.timedelta(days=self.ANNOUNCE_CLOSURES_DAYS - 1))

    @cached_property
    def closure_today(self):
        """The closure that explains why the clinic is shut now: today's whole-day closure, or time off by the
        hour that covers this moment (announced the same way)."""
        today, clock = self.now.date(), self.now.time()
        in_effect = (c for c in self.schedule.part_closures_on(today) if c.start_time <= clock < c.end_time)
        return self.schedule.closure_on(today) or next(in_effect, None)


def load_clinic_context(now) -> ClinicContext:
    return ClinicContext(current_profile(), current_schedule(), now)


def clinic(request):
    """Expose the clinic's identity as `clinic` (cached: no query on a warm cache)."""
    return {"clinic": SimpleLazyObject(lambda: load_clinic_context(timezone.now()))}
