"""The clinician's diary: each day's opening hours, closure and appointments.

Plain functions over a bounded number of queries; no request in sight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bookings.models import Appointment
from clinic.hours import at, current_schedule, local

S = Appointment.Status
SHOWN_IN_DIARY = (S.REQUESTED, S.CONFIRMED, S.COMPLETED, S.NO_SHOW)


def week_of(day: dt.date) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


@dataclass
class DiaryDay:
    date: dt.date
    ranges: tuple
    closure: object
    appointments: list = field(default_factory=list)
    is_today: bool = False


def build(days: list[dt.date], now) -> list[DiaryDay]:
    """Each day's opening ranges, closure and appointments (one query)."""
    schedule = current_schedule()
    start, end = at(days[0], dt.time(0)), at(days[-1] + dt.timedelta(days=1), dt.time(0))
    appointments = list(
        Appointment.objects.filter(start__gte=start, start__lt=end, status__in=SHOWN_IN_DIARY)
        .select_related("service")
        .order_by("start")
    )
    today = local(now).date()
    result = []
    for day in days:
        closure = schedule.closure_on(day)
        result.append(
            DiaryDay(
                date=day,
                ranges=() if closure else schedule.weekly_ranges(day.weekday()),
                closure=closure,
                appointments=[a for a in appointments if a.local_start.date() == day],
                is_today=day == today,
            )
        )
    return result
