"""availability.compact_starts: the times offered first, those that keep the clinician's diary compact."""

import datetime as dt

import pytest

from bookings.availability import Rules, Slot, compact_starts, slots_for_day, times_on
from clinic.tests.schedules import CLINIC_WEEK, UK

M = dt.timedelta(minutes=1)
RULES = Rules(15 * M, dt.timedelta(hours=12), dt.timedelta(weeks=8), allow_same_day=True)
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)  # a Friday
FOLLOW_UP, BUFFER = 45 * M, 10 * M  # the seeded follow-up: it holds 55 minutes


def held(day, hour, minute=0):
    """A follow-up booked at hour:minute on `day`: the time it holds, (start, hold_until)."""
    start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=UK)
    return start, start + FOLLOW_UP + BUFFER


def compact(day, taken=(), per_part=3):
    free = slots_for_day(
        day=day, duration=FOLLOW_UP, buffer=BUFFER, schedule=CLINIC_WEEK, rules=RULES, taken=list(taken), now=NOW
    )
    chosen = compact_starts(free, list(taken), CLINIC_WEEK.periods_on(day), interval=15 * M, per_part=per_part)
    return [slot.local_start.strftime("%H:%M") for slot in chosen], free


def test_a_day_without_appointments_offers_the_edges_of_its_opening_hours():
    friday = dt.date(2026, 11, 27)  # 07:00–14:00
    shown, free = compact(friday)
    assert shown == ["07:00", "13:00"]  # the first start, and the last that fits (13:00 + 55 minutes = 13:55)
    assert len(free) == 25


def test_a_part_of_the_day_with_free_times_but_no_edge_keeps_its_earliest():
    monday = dt.date(2026, 11, 30)  # 07:00–19:00: the afternoon is the middle of the range
    assert compact(monday)[0] == ["07:00", "12:00", "18:00"]


def test_the_starts_beside_an_appointment_come_first_and_leave_less_than_one_interval_either_side():
    monday = dt.date(2026, 11, 30)
    shown, free = compact(monday, [held(monday, 10)])  # holds 10:00–10:55
    # 09:00 ends its hold at 09:55, five minutes before; 11:00 starts five minutes after. 08:45 would leave 20.
    assert shown == ["07:00", "09:00", "11:00", "12:00", "18:00"]
    assert "08:45" in [slot.local_start.strftime("%H:%M") for slot in free]


def test_at_most_a_handful_per_part_of_the_day_and_those_beside_appointments_before_the_edges():
    monday = dt.date(2026, 11, 30)
    taken = [held(monday, 9), held(monday, 10, 30)]  # 09:00–09:55 and 10:30–11:25
    assert compact(monday, taken)[0][:3] == ["07:00", "08:00", "11:30"]
    assert compact(monday, taken, per_part=2)[0][:2] == ["08:00", "11:30"]  # the range's first start gives way


def test_without_being_told_it_offers_three_a_part_of_the_day():
    """The handful is three unless a caller says otherwise (times_on doesn't): here the morning has four."""
    monday = dt.date(2026, 11, 30)
    taken = [held(monday, 8), held(monday, 10, 30)]  # 08:00–08:55 and 10:30–11:25
    free = slots_for_day(
        day=monday, duration=FOLLOW_UP, buffer=BUFFER, schedule=CLINIC_WEEK, rules=RULES, taken=taken, now=NOW
    )
    chosen = compact_starts(free, taken, CLINIC_WEEK.periods_on(monday), interval=15 * M)
    assert [s.local_start.strftime("%H:%M") for s in chosen] == ["07:00", "09:00", "09:30", "12:00", "18:00"]
    assert "11:30" in compact(monday, taken, per_part=4)[0]  # the fourth the morning had


def test_a_day_whose_every_free_time_is_compact_offers_them_all():
    saturday = dt.date(2026, 11, 28)  # 07:00–12:00
    shown, free = compact(saturday, [held(saturday, 8), held(saturday, 10)])
    assert shown == ["07:00", "09:00", "11:00"] == [slot.local_start.strftime("%H:%M") for slot in free]


def test_no_free_times_offer_nothing():
    assert compact(dt.date(2026, 11, 29)) == ([], [])  # Sunday: closed


def slot(start, minutes):
    return Slot(start, start + minutes * M, start + minutes * M)


@pytest.mark.parametrize(
    ("earlier", "busy", "beside"),
    [
        (  # 29 March: 01:00 GMT becomes 02:00 BST. Five minutes after 00:55 GMT is 02:00 BST, not 65 minutes.
            dt.datetime(2026, 3, 29, 0, 0, tzinfo=UK),
            (dt.datetime(2026, 3, 29, 0, 40, tzinfo=UK), dt.datetime(2026, 3, 29, 0, 55, tzinfo=UK)),
            dt.datetime(2026, 3, 29, 2, 0, tzinfo=UK),
        ),
        (  # 25 October: 02:00 BST becomes 01:00 GMT. Five minutes after 01:55 BST is 01:00 GMT, not 55 before.
            dt.datetime(2026, 10, 25, 0, 0, tzinfo=UK),
            (dt.datetime(2026, 10, 25, 1, 0, tzinfo=UK), dt.datetime(2026, 10, 25, 1, 55, tzinfo=UK)),
            dt.datetime(2026, 10, 25, 1, 0, fold=1, tzinfo=UK),
        ),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_gaps_are_measured_in_real_time_across_a_clock_change(earlier, busy, beside):
    far, near = slot(earlier, 10), slot(beside, 30)  # the earlier one leaves 30 minutes or more before `busy`
    assert compact_starts([far, near], [busy], [], interval=15 * M) == [near]


@pytest.mark.django_db
def test_the_clinician_can_switch_compact_times_off():
    from bookings.models import BookingRules, Service

    follow_up, monday = Service.objects.get(slug="follow-up"), dt.date(2026, 11, 30)
    free, first = times_on(follow_up, monday, NOW)
    assert [s.local_start.strftime("%H:%M") for s in first] == ["07:00", "12:00", "18:00"] and len(free) == 45
    rules = BookingRules.load()
    rules.compact_first = False
    rules.save()
    assert times_on(follow_up, monday, NOW) == (free, free)
    assert times_on(follow_up, dt.date(2027, 6, 1), NOW) == ([], [])  # past the horizon: nothing looked up
