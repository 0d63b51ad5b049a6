"""Edges of the opening hours that mutation testing found unguarded (docs/mutation.md)."""

import datetime as dt

import pytest
import time_machine

from clinic.hours import (
    ClosedPeriod,
    OpenStatus,
    Schedule,
    build_schedule,
    current_schedule,
    local,
    next_open_or_close,
)
from clinic.models import Closure
from clinic.tests.schedules import CLINIC_WEEK, UK

UTC = dt.UTC
T = dt.time
WEEK = CLINIC_WEEK


def uk(*args):
    return dt.datetime(*args, tzinfo=UK)


def test_the_clinic_is_open_from_the_minute_it_opens_until_it_closes():
    assert WEEK.status_at(uk(2026, 11, 23, 7, 0)) == OpenStatus(is_open=True, until=uk(2026, 11, 23, 19, 0))
    assert WEEK.status_at(uk(2026, 11, 23, 19, 0)) == OpenStatus(is_open=False, next_opening=uk(2026, 11, 24, 7, 0))


def test_a_week_without_hours_is_closed_with_no_next_opening():
    assert Schedule(weekly={}).status_at(uk(2026, 11, 23, 10, 0)) == OpenStatus(is_open=False)


def test_an_opening_more_than_a_fortnight_away_is_not_looked_for():
    mondays_only = {0: ((T(9), T(17)),)}
    away_until_sunday_6_december = (ClosedPeriod(dt.date(2026, 11, 23), dt.date(2026, 12, 6), "Away"),)
    schedule = Schedule(weekly=mondays_only, closures=away_until_sunday_6_december)
    # Monday 7 December is fourteen days after Monday 23 November's evening: looked at.
    monday_evening = uk(2026, 11, 23, 18, 0)
    assert schedule.status_at(monday_evening) == OpenStatus(is_open=False, next_opening=uk(2026, 12, 7, 9, 0))
    # It is fifteen days after Sunday 22 November: past the fortnight.
    assert schedule.status_at(uk(2026, 11, 22, 12, 0)) == OpenStatus(is_open=False)


def test_closures_ending_on_the_first_day_or_starting_on_the_last_day_asked_about_are_included():
    away = ClosedPeriod(dt.date(2026, 11, 28), dt.date(2026, 12, 1), "Away")
    course = ClosedPeriod(dt.date(2026, 12, 8), dt.date(2026, 12, 8), "Course")
    schedule = Schedule(weekly=WEEK.weekly, closures=(away, course))
    assert schedule.closures_between(dt.date(2026, 12, 1), dt.date(2026, 12, 8)) == [away, course]
    assert schedule.closures_between(dt.date(2026, 12, 2), dt.date(2026, 12, 7)) == []


def test_an_empty_interval_is_never_covered():
    assert not WEEK.covers(uk(2026, 11, 23, 10, 0), uk(2026, 11, 23, 10, 0))


def test_local_refuses_a_naive_datetime_and_one_whose_zone_gives_no_offset():
    class NoOffset(dt.tzinfo):
        def utcoffset(self, moment):
            return None

    naive = dt.datetime(2026, 11, 23, 10, 0)  # noqa: DTZ001 - the point of the test
    for moment in (naive, naive.replace(tzinfo=NoOffset())):
        with pytest.raises(ValueError, match="^Pass an aware datetime: the clinic's hours are in UK time.$"):
            local(moment)


def test_local_times_are_in_the_uk_zone_so_a_day_later_keeps_the_wall_clock_across_a_clock_change():
    saturday_noon = local(dt.datetime(2026, 3, 28, 12, 0, tzinfo=UTC))  # clocks go forward overnight
    assert local(saturday_noon + dt.timedelta(days=1)) == uk(2026, 3, 29, 12, 0)


# --- Built from the database ---------------------------------------------------------------


def test_the_schedule_from_the_database_keeps_each_closures_reason_in_date_and_time_order(db):
    # Created out of order, and with times that would sort them the other way round.
    Closure.objects.create(start_date=dt.date(2030, 5, 1), reason="Conference", start_time=T(9), end_time=T(10))
    Closure.objects.create(start_date=dt.date(2030, 4, 1), reason="Dentist", start_time=T(9), end_time=T(10))
    Closure.objects.create(start_date=dt.date(2030, 4, 1), reason="Afternoon off", start_time=T(15), end_time=T(16))
    mine = [c for c in build_schedule().closures if c.start_date.year == 2030]
    assert [(c.start_date, c.start_time, c.reason) for c in mine] == [
        (dt.date(2030, 4, 1), T(9), "Dentist"),
        (dt.date(2030, 4, 1), T(15), "Afternoon off"),
        (dt.date(2030, 5, 1), T(9), "Conference"),
    ]


def test_the_footer_next_changes_at_closing_time_while_open_and_at_opening_time_while_closed(db):
    assert next_open_or_close(uk(2026, 11, 30, 10, 0)) == uk(2026, 11, 30, 19, 0)  # a Monday
    assert next_open_or_close(uk(2026, 11, 30, 20, 0)) == uk(2026, 12, 1, 7, 0)


def test_the_schedule_stays_cached_however_long_until_the_hours_change(db, django_assert_num_queries):
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC), tick=False) as traveller:
        current_schedule()
        traveller.shift(dt.timedelta(days=30))
        with django_assert_num_queries(0):
            current_schedule()
