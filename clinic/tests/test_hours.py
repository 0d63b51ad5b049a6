"""The clinic's "is it open?" API, around every edge the hours have."""

import datetime as dt

import pytest

from clinic.hours import ClosedPeriod, Schedule
from clinic.tests.schedules import CLINIC_WEEK, UK

UTC = dt.UTC
T = dt.time

WEEK = CLINIC_WEEK


def uk(*args):
    return dt.datetime(*args, tzinfo=UK)


def test_opens_at_seven_not_a_minute_before():
    assert WEEK.is_open_at(uk(2026, 11, 23, 7, 0))
    assert not WEEK.is_open_at(uk(2026, 11, 23, 6, 59))


def test_closing_time_is_closed():
    assert WEEK.is_open_at(uk(2026, 11, 27, 13, 59))
    assert not WEEK.is_open_at(uk(2026, 11, 27, 14, 0))


def test_sixty_minute_consult_cannot_start_after_13_on_friday():
    friday = dt.date(2026, 11, 27)
    assert WEEK.covers(uk(2026, 11, 27, 13, 0), uk(2026, 11, 27, 14, 0))
    assert not WEEK.covers(uk(2026, 11, 27, 13, 30), uk(2026, 11, 27, 14, 30))
    assert friday.weekday() == 4


def test_sunday_is_closed_all_day():
    sunday = dt.date(2026, 11, 29)
    assert WEEK.ranges_on(sunday) == ()
    assert not WEEK.is_open_at(uk(2026, 11, 29, 10, 0))
    assert not WEEK.covers(uk(2026, 11, 29, 9, 0), uk(2026, 11, 29, 10, 0))


def test_a_closure_closes_every_day_it_spans():
    for day in (25, 26, 28):
        assert not WEEK.is_open_at(uk(2026, 12, day, 10, 0))
    assert WEEK.closure_on(dt.date(2026, 12, 28)).reason == "Christmas"
    assert WEEK.is_open_at(uk(2026, 12, 29, 10, 0))


def test_interval_must_fit_inside_one_range():
    split = Schedule(weekly={0: ((T(7), T(12)), (T(13), T(19)))})
    assert split.covers(uk(2026, 11, 23, 11, 0), uk(2026, 11, 23, 12, 0))
    assert not split.covers(uk(2026, 11, 23, 11, 30), uk(2026, 11, 23, 13, 30))
    assert not split.is_open_at(uk(2026, 11, 23, 12, 30))


def test_interval_crossing_midnight_or_reversed_is_not_covered():
    assert not WEEK.covers(uk(2026, 11, 23, 18, 0), uk(2026, 11, 24, 8, 0))
    assert not WEEK.covers(uk(2026, 11, 23, 10, 0), uk(2026, 11, 23, 9, 0))


def test_hours_follow_uk_clock_after_spring_change():
    # Clocks went forward on Sunday 29 March 2026: 07:00 BST on Monday is 06:00 UTC.
    assert WEEK.is_open_at(dt.datetime(2026, 3, 30, 6, 0, tzinfo=UTC))
    assert not WEEK.is_open_at(dt.datetime(2026, 3, 30, 5, 59, tzinfo=UTC))
    # The Friday before the change, still GMT: 07:00 local is 07:00 UTC.
    assert not WEEK.is_open_at(dt.datetime(2026, 3, 27, 6, 30, tzinfo=UTC))


def test_hours_follow_uk_clock_after_autumn_change():
    # Clocks went back on Sunday 25 October 2026: on the Friday before, 06:30 UTC is 07:30 BST (open);
    # on the Monday after, 06:30 UTC is 06:30 GMT (closed).
    assert WEEK.is_open_at(dt.datetime(2026, 10, 23, 6, 30, tzinfo=UTC))
    assert not WEEK.is_open_at(dt.datetime(2026, 10, 26, 6, 30, tzinfo=UTC))
    assert WEEK.is_open_at(dt.datetime(2026, 10, 26, 7, 0, tzinfo=UTC))


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        WEEK.is_open_at(dt.datetime(2026, 11, 23, 9, 0))  # noqa: DTZ001


def test_status_when_open_says_until_when():
    status = WEEK.status_at(uk(2026, 11, 27, 9, 0))
    assert status.is_open and status.until == uk(2026, 11, 27, 14, 0)


def test_status_on_saturday_afternoon_points_to_monday_morning():
    status = WEEK.status_at(uk(2026, 11, 28, 12, 30))
    assert not status.is_open
    assert status.next_opening == uk(2026, 11, 30, 7, 0)


def test_status_skips_a_closure():
    status = WEEK.status_at(uk(2026, 12, 24, 20, 0))
    assert status.next_opening == uk(2026, 12, 29, 7, 0)


class TestTimeOffByTheHour:
    """A closure with times shuts that part of each day in its range; the rest stays open."""

    SCHOOL_RUN = ClosedPeriod(dt.date(2026, 12, 1), dt.date(2026, 12, 3), "School run", dt.time(8, 0), dt.time(9, 30))
    AFTERNOON = ClosedPeriod(dt.date(2026, 12, 1), dt.date(2026, 12, 1), "Course", dt.time(13, 0), dt.time(17, 0))

    def schedule(self, *closures):
        return Schedule(weekly=CLINIC_WEEK.weekly, closures=closures)

    def test_the_days_ranges_lose_the_closed_part(self):
        schedule = self.schedule(self.SCHOOL_RUN, self.AFTERNOON)
        assert schedule.ranges_on(dt.date(2026, 12, 1)) == ((T(7), T(8)), (T(9, 30), T(13)))  # Tuesday 07–17
        assert schedule.ranges_on(dt.date(2026, 12, 3)) == ((T(7), T(8)), (T(9, 30), T(19)))
        assert schedule.ranges_on(dt.date(2026, 12, 4)) == ((T(7), T(14)),)  # outside the range

    def test_nothing_can_start_or_run_into_the_closed_part(self):
        schedule = self.schedule(self.SCHOOL_RUN)
        tuesday = dt.date(2026, 12, 1)
        assert not schedule.is_open_at(dt.datetime.combine(tuesday, T(8, 15), tzinfo=UK))
        assert not schedule.covers(
            dt.datetime.combine(tuesday, T(7, 30), tzinfo=UK), dt.datetime.combine(tuesday, T(8, 30), tzinfo=UK)
        )
        assert schedule.covers(
            dt.datetime.combine(tuesday, T(9, 30), tzinfo=UK), dt.datetime.combine(tuesday, T(10, 30), tzinfo=UK)
        )

    def test_a_part_day_closure_is_not_a_whole_day_closure(self):
        schedule = self.schedule(self.SCHOOL_RUN)
        assert schedule.closure_on(dt.date(2026, 12, 1)) is None
        assert schedule.part_closures_on(dt.date(2026, 12, 1)) == [self.SCHOOL_RUN]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (ClosedPeriod(dt.date(2026, 12, 25), dt.date(2026, 12, 25), "Christmas"), "Friday 25 December"),
        (ClosedPeriod(dt.date(2026, 12, 24), dt.date(2026, 12, 28), "Christmas"), "Thursday 24 – Monday 28 December"),
        (
            ClosedPeriod(dt.date(2026, 12, 31), dt.date(2027, 1, 2), "New Year"),
            "Thursday 31 December – Saturday 2 January",
        ),
        (
            ClosedPeriod(dt.date(2026, 12, 8), dt.date(2026, 12, 8), "Course", T(13), T(17)),
            "Tuesday 8 December, 13:00–17:00",
        ),
    ],
    ids=["one-day", "days-in-one-month", "days-across-the-year-end", "part-of-a-day"],
)
def test_a_closure_says_its_days_as_a_patient_reads_them(period, expected):
    assert period.when == expected


def test_closures_between_include_those_already_running_and_stop_at_the_last_day():
    running = ClosedPeriod(dt.date(2026, 11, 20), dt.date(2026, 11, 24), "Away")
    inside = ClosedPeriod(dt.date(2026, 12, 8), dt.date(2026, 12, 8), "Course", T(13), T(17))
    after = ClosedPeriod(dt.date(2026, 12, 22), dt.date(2026, 12, 22), "Later")
    past = ClosedPeriod(dt.date(2026, 11, 1), dt.date(2026, 11, 2), "Past")
    schedule = Schedule(weekly=WEEK.weekly, closures=(past, running, inside, after))
    assert schedule.closures_between(dt.date(2026, 11, 23), dt.date(2026, 12, 21)) == [running, inside]


# --- When a patient may be emailed -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "may"),
    [
        # A winter day (GMT): UK time is UTC.
        ("2026-12-07T07:59:59Z", False),
        ("2026-12-07T08:00Z", True),
        ("2026-12-07T19:59:59Z", True),
        ("2026-12-07T20:00Z", False),
        ("2026-12-07T03:00Z", False),
        # Sunday 29 March 2026, the clocks go forward at 01:00 UTC: 08:00 BST is 07:00 UTC, 20:00 BST 19:00 UTC.
        ("2026-03-29T06:59:59Z", False),
        ("2026-03-29T07:00Z", True),
        ("2026-03-29T18:59:59Z", True),
        ("2026-03-29T19:00Z", False),
        ("2026-03-29T02:00Z", False),  # 03:00 BST
        # Sunday 25 October 2026, the clocks go back at 01:00 UTC: GMT again by the morning.
        ("2026-10-25T07:59:59Z", False),
        ("2026-10-25T08:00Z", True),
        ("2026-10-25T19:59:59Z", True),
        ("2026-10-25T20:00Z", False),
        ("2026-10-25T03:00Z", False),
        # The Saturday before it, still BST.
        ("2026-10-24T07:00Z", True),
        ("2026-10-24T19:00Z", False),
    ],
)
def test_a_patient_is_emailed_from_8_until_20_uk_time_whatever_the_clocks_do(moment, may):
    from clinic.hours import may_email_patient

    assert may_email_patient(dt.datetime.fromisoformat(moment)) is may
