"""The clinician's diary: each day's opening hours, closure and appointments.

Plain functions over a bounded number of queries; no request in sight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse

from bookings import clashes, workflow
from bookings.models import Appointment
from clinic.hours import at, current_schedule, local
from core.phones import tel_uri

S = Appointment.Status
# Who may read the diary (and so its summary on the admin home and the requests waiting in every header).
READ_PERMISSION = "bookings.view_appointment"

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
    part_closures: list = field(default_factory=list)  # time off by the hour


def build(days: list[dt.date], now) -> list[DiaryDay]:
    """Each day's opening ranges, closure and appointments (one query)."""
    schedule = current_schedule()
    start, end = at(days[0], dt.time(0)), at(days[-1] + dt.timedelta(days=1), dt.time(0))
    appointments = list(
        Appointment.objects.filter(start__gte=start, start__lt=end, status__in=SHOWN_IN_DIARY)
        .select_related("service", "questionnaire")
        .order_by("start")
    )
    mark_outside_hours(appointments, schedule)
    today = local(now).date()
    result = []
    for day in days:
        closure = schedule.closure_on(day)
        result.append(
            DiaryDay(
                date=day,
                ranges=schedule.ranges_on(day),
                closure=closure,
                appointments=[a for a in appointments if a.local_start.date() == day],
                is_today=day == today,
                part_closures=schedule.part_closures_on(day),
            )
        )
    return result


# --- The time grid ---------------------------------------------------------------------------

ROW = dt.timedelta(minutes=15)


@dataclass
class Cell:
    """One cell of the grid, spanning `rows` rows of 15 minutes."""

    kind: str  # "free", "closed", "appointment" or "buffer"
    rows: int = 1
    appointments: list = field(default_factory=list)
    reason: str = ""
    starts: dt.time | None = None
    free_until: dt.time | None = None  # on the first row of a stretch of free time: where the stretch ends
    date: dt.date | None = None
    offerable: bool = False  # a stretch of free time that has not yet ended: it can be offered to the waitlist


@dataclass
class GridRow:
    time: dt.time
    cells: list  # one per day: a Cell that starts in this row, or None where a cell above spans it
    is_now: bool = False


@dataclass
class Grid:
    days: list[DiaryDay]
    rows: list[GridRow]


def _minutes(clock: dt.time) -> int:
    return clock.hour * 60 + clock.minute


def grid(days: list[DiaryDay], now) -> Grid:
    """The week or day as a time grid: a row every 15 minutes across the opening hours (and any appointment
    outside them), appointments sized by their duration with the buffer after them, closed time shaded with
    its reason, and the row holding `now` marked. Pure: no query."""
    schedule = current_schedule()
    opening = [_minutes(t) for weekday in range(7) for r in schedule.weekly_ranges(weekday) for t in r]
    for day in days:
        for a in day.appointments:
            opening += [_minutes(a.local_start.time()), _minutes(local(a.hold_until).time()) or 24 * 60]
    first = (min(opening, default=7 * 60) // 15) * 15
    last = -(-max(opening, default=19 * 60) // 15) * 15
    count = (last - first) // 15
    columns = [_day_cells(day, first, count) for day in days]
    for cell in (cell for column in columns for cell in column if cell and cell.free_until):
        cell.offerable = at(cell.date, cell.free_until) > now
    now_local = local(now)
    rows = []
    for index in range(count):
        minute = first + index * 15
        clock = dt.time(minute // 60, minute % 60)
        is_now = any(d.date == now_local.date() and minute <= _minutes(now_local.time()) < minute + 15 for d in days)
        rows.append(GridRow(clock, [column[index] for column in columns], is_now))
    return Grid(days, rows)


def _closed_reason(day: DiaryDay, minute: int) -> str:
    if day.closure:
        return day.closure.reason
    for closure in day.part_closures:
        if _minutes(closure.start_time) <= minute < _minutes(closure.end_time):
            return closure.reason
    return "Closed"


def _day_cells(day: DiaryDay, first: int, count: int) -> list:
    """The day's cells by row: each Cell at the row it starts in, None in the rows it spans."""
    kinds = []
    for index in range(count):
        minute = first + index * 15
        is_open = any(_minutes(o) <= minute and minute + 15 <= (_minutes(c) or 24 * 60) for o, c in day.ranges)
        kinds.append(("free", "") if is_open else ("closed", _closed_reason(day, minute)))
    groups = []  # [first row, end row (appointment), end row (buffer), appointments]: overlapping rows merge
    for a in day.appointments:
        start = (_minutes(a.local_start.time()) - first) // 15
        ends = -(-(_minutes(a.local_end.time()) - first) // 15)
        holds = -(-(_minutes(local(a.hold_until).time()) - first) // 15)
        if groups and start < groups[-1][2]:
            group = groups[-1]
            group[1], group[2] = max(group[1], ends), max(group[2], holds)
            group[3].append(a)
        else:
            groups.append([start, ends, holds, [a]])
    for start, ends, holds, appointments in groups:
        for index in range(max(start, 0), min(ends, count)):
            kinds[index] = ("appointment", id(appointments))
        for index in range(max(ends, 0), min(holds, count)):
            kinds[index] = ("buffer", "")
    by_group = {id(g[3]): g[3] for g in groups}
    cells = [None] * count
    index = 0
    while index < count:
        kind, key = kinds[index]
        span = 1
        if kind != "free":  # free time stays one row per 15 minutes, so each slot has its line
            while index + span < count and kinds[index + span] == (kind, key):
                span += 1
        minute = first + index * 15
        cells[index] = Cell(
            kind,
            span,
            appointments=by_group.get(key, []) if kind == "appointment" else [],
            reason=key if kind == "closed" else "",
            starts=dt.time(minute // 60, minute % 60),
            date=day.date,
        )
        index += span
    stretch_start = None
    for index in range(count + 1):
        is_free = index < count and kinds[index][0] == "free"
        if is_free and stretch_start is None:
            stretch_start = index
        elif not is_free and stretch_start is not None:
            minute = first + index * 15
            cells[stretch_start].free_until = dt.time(minute // 60, minute % 60) if minute < 24 * 60 else dt.time.max
            stretch_start = None
    return cells


# --- The day as an agenda, for a phone ---------------------------------------------------------------


@dataclass
class AgendaEntry:
    """One line of a day's agenda: an appointment, time the clinic is closed, or the present moment."""

    kind: str  # "appointment", "closed" or "now"
    starts: dt.time | None = None  # None: all day
    ends: dt.time | None = None
    appointment: Appointment | None = None
    reason: str = ""
    decisions: list = field(default_factory=list)  # (name, button label): what its status allows now
    tel: str = ""
    # Said once for the several buttons that name it ("Jo Bloggs, Wed 25 Nov 10:00"): each button's label gave
    # the page a date format, a time format and a reverse() apiece, a third of the week's time at 100,000.
    label: str = ""
    decide_url: str = ""


def agenda(day: DiaryDay, now) -> list[AgendaEntry]:
    """The day in time order, as a phone shows it: a whole-day closure first, each appointment with the decisions
    its status allows (those of its own page, `workflow.decisions_for`), time off by the hour as a line where it
    starts, and on today the present moment. Pure: no query."""
    entries = [AgendaEntry("closed", reason=day.closure.reason)] if day.closure else []
    entries += [
        AgendaEntry(
            "appointment",
            a.local_start.time(),
            a.local_end.time(),
            appointment=a,
            decisions=[(n, workflow.BUTTONS[n]) for n in workflow.decisions_for(a.status, started=a.start <= now)],
            tel=tel_uri(a.phone),
            label=f"{a.patient_name}, {a.local_start:%a} {a.local_start.day} {a.local_start:%b %H:%M}",
            decide_url=reverse("admin:bookings_appointment_decide", args=[a.pk]),
        )
        for a in day.appointments
    ]
    entries += [AgendaEntry("closed", c.start_time, c.end_time, reason=c.reason) for c in day.part_closures]
    entries.sort(key=lambda e: (e.starts is not None, e.starts or dt.time.min, e.kind != "closed"))
    if day.date == local(now).date():
        clock = local(now).time()
        index = next((i for i, e in enumerate(entries) if e.starts is not None and e.starts > clock), len(entries))
        entries.insert(index, AgendaEntry("now", clock.replace(second=0, microsecond=0)))
    return entries


def mark_outside_hours(appointments, schedule=None):
    """Set `outside_hours` on each: a requested or confirmed appointment the opening hours don't cover (kept
    through a closure or an hours change, or a move not yet made), which every list of them marks."""
    schedule = schedule or current_schedule()
    for a in appointments:
        a.outside_hours = a.holds_time and not schedule.covers(a.start, a.end)
    return appointments


def requests_waiting(now):
    """Requests the clinician has yet to confirm or decline, soonest first."""
    return Appointment.objects.filter(status=S.REQUESTED, start__gte=now).select_related("service").order_by("start")


@dataclass
class HomeSummary:
    today: list
    tomorrow: list
    next_closure: object
    failed_emails: int
    outside_hours: int = 0  # bookings still to come outside the opening hours


def home_summary(now) -> HomeSummary:
    """What the admin home shows besides the requests waiting (every admin page counts those): today's and
    tomorrow's appointments, the next closure, emails that could not be sent and bookings outside the hours (three
    queries)."""
    from bookings.models import OutboundEmail

    today = local(now).date()
    tomorrow = today + dt.timedelta(days=1)
    booked = list(
        Appointment.objects.filter(
            start__gte=at(today, dt.time(0)), start__lt=at(tomorrow + dt.timedelta(days=1), dt.time(0)),
            status__in=SHOWN_IN_DIARY,
        ).select_related("service").order_by("start")
    )  # fmt: skip
    schedule = current_schedule()
    mark_outside_hours(booked, schedule)
    closure = next((c for c in schedule.closures if c.end_date >= today), None)
    return HomeSummary(
        today=[a for a in booked if a.local_start.date() == today],
        tomorrow=[a for a in booked if a.local_start.date() == tomorrow],
        next_closure=closure,
        failed_emails=OutboundEmail.objects.failed().count(),
        outside_hours=clashes.count_outside_hours(schedule, now),
    )
