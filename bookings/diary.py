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


def requests_waiting(now):
    """Requests the clinician has yet to confirm or decline, soonest first."""
    return Appointment.objects.filter(status=S.REQUESTED, start__gte=now).select_related("service").order_by("start")


@dataclass
class HomeSummary:
    today: list
    tomorrow: list
    waiting: int
    next_closure: object
    failed_emails: int


def home_summary(now) -> HomeSummary:
    """What the admin home shows: today's and tomorrow's appointments, requests waiting, the next closure,
    and emails that could not be sent (four queries)."""
    from bookings.models import OutboundEmail

    today = local(now).date()
    tomorrow = today + dt.timedelta(days=1)
    booked = list(
        Appointment.objects.filter(
            start__gte=at(today, dt.time(0)), start__lt=at(tomorrow + dt.timedelta(days=1), dt.time(0)),
            status__in=SHOWN_IN_DIARY,
        ).select_related("service").order_by("start")
    )  # fmt: skip
    closure = next((c for c in current_schedule().closures if c.end_date >= today), None)
    return HomeSummary(
        today=[a for a in booked if a.local_start.date() == today],
        tomorrow=[a for a in booked if a.local_start.date() == tomorrow],
        waiting=requests_waiting(now).count(),
        next_closure=closure,
        failed_emails=OutboundEmail.objects.failed().count(),
    )
