"""Edges of the availability engine that mutation testing found unguarded (docs/mutation.md).

The property test in test_availability.py proves no offered time breaks a rule; these prove the times that
break none are offered, exactly at the edges, and that the database wrappers pass their options through.
"""

import datetime as dt

import pytest

from bookings import availability
from bookings.availability import Rules, as_value, clock_change_after, parse_value, slots_for_day
from bookings.models import BookingRules, Service
from bookings.tests.factories import AppointmentFactory
from clinic.hours import Schedule, local
from clinic.models import Closure, OpeningHours
from clinic.tests.schedules import CLINIC_WEEK, UK

UTC = dt.UTC
T = dt.time
M = dt.timedelta(minutes=1)
RULES = Rules(
    slot_interval=15 * M, min_notice=dt.timedelta(hours=12), horizon=dt.timedelta(weeks=8), allow_same_day=True
)
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday
MONDAY = dt.date(2026, 11, 30)


def starts(found):
    return [s.local_start.strftime("%H:%M") for s in found]


def slots(day, minutes=60, buffer=0, taken=(), now=NOW, rules=RULES, schedule=CLINIC_WEEK):
    return slots_for_day(
        day=day, duration=minutes * M, buffer=buffer * M, schedule=schedule, rules=rules, taken=list(taken), now=now
    )


def uk(day, hour, minute=0):
    return dt.datetime.combine(day, T(hour, minute), tzinfo=UK)


# --- The pure engine -----------------------------------------------------------------------


def test_free_time_ending_exactly_where_the_next_appointment_starts_is_offered():
    monday = starts(slots(MONDAY, taken=[(uk(MONDAY, 10), uk(MONDAY, 11))]))
    assert "09:00" in monday  # ends at 10:00 on the dot
    assert "09:15" not in monday


def test_free_time_starting_exactly_where_an_appointments_hold_ends_is_offered():
    monday = starts(slots(MONDAY, taken=[(uk(MONDAY, 9), uk(MONDAY, 10, 15))]))
    assert "10:15" in monday
    assert "10:00" not in monday


def test_the_last_day_of_the_horizon_is_offered():
    last_day = dt.date(2027, 1, 15)  # NOW plus eight weeks, a Friday
    assert starts(slots(last_day))[0] == "07:00"
    assert slots(last_day + dt.timedelta(days=3)) == []  # the Monday after


def test_hours_closing_on_the_half_hour_offer_the_last_half_hour():
    schedule = Schedule(weekly={0: ((T(9), T(12, 30)),)})
    assert starts(slots(MONDAY, minutes=30, schedule=schedule))[-1] == "12:00"


def test_free_times_are_in_uk_time_so_a_week_later_is_the_same_time_across_a_clock_change():
    before_the_change = dt.date(2026, 3, 23)  # clocks go forward on Sunday 29 March
    first = slots(before_the_change, now=dt.datetime(2026, 3, 1, tzinfo=UTC))[0]
    week = dt.timedelta(weeks=1)
    assert local(first.start + week).strftime("%H:%M") == "07:00"
    assert local(first.end + week).strftime("%H:%M") == "08:00"
    assert local(first.hold_until + week).strftime("%H:%M") == "08:00"


def test_a_form_value_is_the_start_in_utc_even_in_summer():
    nine_in_july = uk(dt.date(2026, 7, 1), 9)
    assert as_value(nine_in_july) == "2026-07-01T08:00:00Z"
    assert parse_value(as_value(nine_in_july)) == nine_in_july


@pytest.mark.parametrize(
    ("now", "interval", "expected"),
    [
        # 10:07 + 12 hours is 22:07; the next start is 22:15, which the notice reaches at 10:15.
        (dt.datetime(2026, 11, 20, 10, 7, tzinfo=UTC), 15, dt.datetime(2026, 11, 20, 10, 15, tzinfo=UTC)),
        (dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC), 15, dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC)),
        (dt.datetime(2026, 11, 20, 10, 1, tzinfo=UTC), 20, dt.datetime(2026, 11, 20, 10, 20, tzinfo=UTC)),
        # A 45-minute grid counts from midnight (22:30), not from any other hour (01:00 would give 22:45).
        (dt.datetime(2026, 11, 20, 10, 7, tzinfo=UTC), 45, dt.datetime(2026, 11, 20, 10, 30, tzinfo=UTC)),
        # In summer the grid is UK wall-clock time: 23:07 BST, next start 23:15 BST, which is 22:15 UTC.
        (dt.datetime(2026, 7, 1, 10, 7, tzinfo=UTC), 15, dt.datetime(2026, 7, 1, 10, 15, tzinfo=UTC)),
        # Past midnight on the night the clocks go forward: 03:07 BST, next start 03:15 BST.
        (dt.datetime(2026, 3, 28, 14, 7, tzinfo=UTC), 15, dt.datetime(2026, 3, 28, 14, 15, tzinfo=UTC)),
    ],
    ids=[
        "between-starts",
        "on-a-start",
        "twenty-minute-grid",
        "forty-five-minute-grid",
        "summer",
        "spring-forward-night",
    ],
)
def test_the_free_times_next_change_when_the_notice_reaches_the_next_start(now, interval, expected):
    rules = Rules(interval * M, dt.timedelta(hours=12), dt.timedelta(weeks=8), allow_same_day=True)
    assert clock_change_after(rules, now) == expected


# --- The database wrappers -----------------------------------------------------------------


@pytest.fixture
def assessment(db):
    return Service.objects.get(slug="initial-assessment")  # 60 minutes and 10 minutes' buffer


def change_rules(**values):
    rules = BookingRules.load()
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()


@pytest.fixture
def an_hours_notice(db):
    change_rules(min_notice_hours=1)


MONDAY_8_UTC = dt.datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def test_the_next_clock_change_uses_the_clinics_booking_rules(db):
    change_rules(slot_interval_minutes=20)
    assert availability.next_clock_change(dt.datetime(2026, 11, 20, 10, 1, tzinfo=UTC)) == dt.datetime(
        2026, 11, 20, 10, 20, tzinfo=UTC
    )


def test_later_today_is_offered_from_the_minimum_notice_when_same_day_requests_are_allowed(assessment, an_hours_notice):
    assert starts(availability.free_slots(assessment, MONDAY, MONDAY_8_UTC))[0] == "09:00"


def test_the_clinician_sees_every_time_today_the_notice_would_hide(assessment):
    assert availability.free_slots(assessment, MONDAY, MONDAY_8_UTC) == []
    assert (
        starts(availability.free_slots(assessment, MONDAY, MONDAY_8_UTC, enforce_notice=False))[0] == "08:00"
    )  # from now on, not before


def test_the_last_day_of_the_horizon_is_offered_from_the_database(assessment):
    assert availability.free_slots(assessment, dt.date(2027, 1, 15), NOW)
    assert availability.free_slots(assessment, dt.date(2027, 1, 16), NOW) == []


def test_an_appointment_just_after_midnight_blocks_its_time(db):
    follow_up = Service.objects.get(slug="follow-up")  # 45 minutes and 10 minutes' buffer: held until 00:55
    OpeningHours.objects.create(weekday=6, opens=T(0), closes=T(3))
    sunday = dt.date(2026, 12, 6)
    AppointmentFactory(service=follow_up, start=uk(sunday, 0))
    assert starts(availability.free_slots(follow_up, sunday, NOW))[0] == "01:00"
    assert starts(availability.slots_by_day(follow_up, sunday, sunday, NOW)[sunday])[0] == "01:00"


def test_a_moved_appointment_does_not_block_its_own_time(assessment):
    appointment = AppointmentFactory(service=assessment, start=uk(MONDAY, 9))
    own = {"exclude_pk": appointment.pk}
    assert "09:00" not in starts(availability.free_slots(assessment, MONDAY, NOW))
    assert "09:00" in starts(availability.free_slots(assessment, MONDAY, NOW, **own))
    assert "09:00" in starts(availability.slots_by_day(assessment, MONDAY, MONDAY, NOW, **own)[MONDAY])
    assert availability.days_with_slots(assessment, MONDAY, MONDAY, NOW, **own) == {
        MONDAY: len(availability.free_slots(assessment, MONDAY, NOW, **own))
    }
    assert availability.days_with_slots(assessment, MONDAY, MONDAY, NOW)[MONDAY] < len(
        availability.free_slots(assessment, MONDAY, NOW, **own)
    )
    assert availability.find_slot(assessment, uk(MONDAY, 9), NOW) is None
    assert availability.find_slot(assessment, uk(MONDAY, 9), NOW, **own).start == uk(MONDAY, 9)


def test_the_notice_applies_to_every_wrapper_unless_the_clinician_overrides_it(assessment):
    tuesday = MONDAY + dt.timedelta(days=1)
    by_day = availability.slots_by_day(assessment, MONDAY, tuesday, MONDAY_8_UTC)
    assert by_day[MONDAY] == [] and starts(by_day[tuesday])[0] == "07:00"
    override = availability.slots_by_day(assessment, MONDAY, tuesday, MONDAY_8_UTC, enforce_notice=False)
    assert starts(override[MONDAY])[0] == "08:00"  # the override still never offers a time gone by
    assert availability.days_with_slots(assessment, MONDAY, MONDAY, MONDAY_8_UTC) == {MONDAY: 0}
    assert availability.days_with_slots(assessment, MONDAY, MONDAY, MONDAY_8_UTC, enforce_notice=False) == {
        MONDAY: len(override[MONDAY])
    }
    nine = uk(MONDAY, 9)  # ahead of now, inside the notice
    assert availability.find_slot(assessment, nine, MONDAY_8_UTC) is None
    assert availability.find_slot(assessment, nine, MONDAY_8_UTC, enforce_notice=False).start == nine
    assert availability.find_slot(assessment, uk(MONDAY, 7), MONDAY_8_UTC, enforce_notice=False) is None  # gone by


def test_the_nearest_free_times_lie_either_side_of_a_taken_time(assessment):
    AppointmentFactory(service=assessment, start=uk(MONDAY, 9))  # held until 10:10
    nearest = availability.nearest_free(assessment, uk(MONDAY, 9), NOW)
    assert starts(nearest) == ["07:15", "07:30", "07:45", "10:15", "10:30", "10:45"]
    assert starts(availability.nearest_free(assessment, uk(MONDAY, 9), NOW, count=2)) == ["07:45", "10:15"]


def test_the_nearest_free_times_search_the_following_week_but_not_the_past(assessment):
    # Closed from Monday to Sunday: the first open day is the Monday after, seven days on.
    Closure.objects.create(start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=6), reason="Away")
    nearest = availability.nearest_free(assessment, uk(MONDAY, 9), NOW)
    assert [s.local_start.date() for s in nearest] == [MONDAY + dt.timedelta(days=7)] * 6
    assert starts(nearest) == ["07:00", "07:15", "07:30", "07:45", "08:00", "08:15"]
    # A time asked for in the past looks from today, and today is inside the notice.
    tuesday_before = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert availability.nearest_free(assessment, dt.datetime(2026, 11, 1, tzinfo=UTC), tuesday_before) == (
        availability.nearest_free(assessment, dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tuesday_before)
    )


def test_the_nearest_free_times_stop_at_the_horizon(assessment):
    last_day = dt.date(2027, 1, 15)
    nearest = availability.nearest_free(assessment, uk(last_day, 13), NOW, count=40)
    assert {s.local_start.date() for s in nearest} == {last_day}


def test_the_nearest_free_times_look_on_to_the_next_day_when_the_first_has_few(assessment):
    # Monday is open 07:00-09:00 only: four times for a 70-minute hold, so Tuesday's first times are needed too.
    Closure.objects.create(start_date=MONDAY, reason="Clinic", start_time=T(9), end_time=T(19))
    nearest = availability.nearest_free(assessment, uk(MONDAY, 9), NOW)
    assert [s.local_start.strftime("%a %H:%M") for s in nearest] == [
        "Mon 07:00",
        "Mon 07:15",
        "Mon 07:30",
        "Mon 07:45",
        "Tue 07:00",
        "Tue 07:15",
    ]


def test_the_nearest_free_times_to_a_late_hour_include_the_next_mornings(assessment):
    # Six nearest to 23:59 on Monday (open until 19:00): Tuesday 07:00 is 7 h 01 min away, nearer than Monday 16:30
    # (7 h 29 min) and 16:45 (7 h 14 min); Tuesday 07:15 (7 h 16 min) is not nearer than Monday 16:45.
    nearest = availability.nearest_free(assessment, uk(MONDAY, 23, 59), NOW)
    assert [s.local_start.strftime("%a %H:%M") for s in nearest] == [
        "Mon 16:45",
        "Mon 17:00",
        "Mon 17:15",
        "Mon 17:30",
        "Mon 17:45",
        "Tue 07:00",
    ]


def test_a_time_just_after_midnight_can_be_nearer_than_the_evenings_last(assessment):
    # An evening clinic on Saturday, and Sunday open from midnight: nearest to 23:30 on Saturday is Sunday 00:00
    # (30 minutes on), not Saturday 22:30 (an hour before), though the evening's time is within an hour of midnight.
    saturday = dt.date(2026, 12, 5)
    OpeningHours.objects.create(weekday=5, opens=T(20), closes=T(23, 45))
    OpeningHours.objects.create(weekday=6, opens=T(0), closes=T(3))
    nearest = availability.nearest_free(assessment, uk(saturday, 23, 30), NOW, count=1)
    assert [s.local_start.strftime("%a %H:%M") for s in nearest] == ["Sun 00:00"]


def test_the_nearest_free_times_look_no_further_than_a_week_after_the_day_asked_for(assessment):
    # Closed for the eight days from Monday to the Monday after: the Tuesday after is out of the search.
    Closure.objects.create(start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=7), reason="Away")
    assert availability.nearest_free(assessment, uk(MONDAY, 9), NOW) == []


def test_no_nearest_free_times_are_asked_for_none_are_given(assessment):
    assert availability.nearest_free(assessment, uk(MONDAY, 9), NOW, count=0) == []


# --- The soonest free times, one a day (a decline's suggestions) -------------------------------------------


def days_and_starts(found):
    return [s.local_start.strftime("%a %d %H:%M") for s in found]


def test_the_soonest_free_times_are_the_first_of_each_of_the_next_three_days_with_one(assessment):
    # Friday noon with 12 hours' notice: nothing more on Friday; Saturday, then Monday (Sunday is closed).
    assert days_and_starts(availability.soonest_free(assessment, NOW)) == [
        "Sat 21 07:00",
        "Mon 23 07:00",
        "Tue 24 07:00",
    ]
    assert days_and_starts(availability.soonest_free(assessment, NOW, count=1)) == ["Sat 21 07:00"]


def test_the_soonest_free_times_skip_a_day_with_none(assessment):
    Closure.objects.create(start_date=dt.date(2026, 11, 21), reason="Away")
    assert days_and_starts(availability.soonest_free(assessment, NOW)) == [
        "Mon 23 07:00",
        "Tue 24 07:00",
        "Wed 25 07:00",
    ]


def test_the_soonest_free_times_never_offer_the_time_just_turned_down(assessment):
    declined = uk(dt.date(2026, 11, 21), 7)
    assert days_and_starts(availability.soonest_free(assessment, NOW, avoid=declined)) == [
        "Sat 21 07:15",
        "Mon 23 07:00",
        "Tue 24 07:00",
    ]
