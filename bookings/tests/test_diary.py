"""bookings/diary.py: the diary's days, the requests waiting and the admin home's summary, including the week the
clocks change (the grid itself: test_admin_views.py)."""

import datetime as dt

import pytest
import time_machine

from bookings import diary
from bookings.models import Appointment, OutboundEmail
from bookings.tests.factories import AppointmentFactory
from bookings.tests.helpers import NOW
from clinic.hours import current_schedule
from clinic.models import Closure

pytestmark = pytest.mark.django_db
S = Appointment.Status


def test_a_week_runs_monday_to_sunday_whichever_day_it_is_asked_from():
    assert diary.week_of(dt.date(2026, 12, 3)) == [dt.date(2026, 11, 30) + dt.timedelta(days=n) for n in range(7)]
    assert diary.week_of(dt.date(2026, 11, 30))[0] == diary.week_of(dt.date(2026, 12, 6))[0]


def test_a_day_shows_what_holds_or_held_time_and_not_what_was_withdrawn():
    shown = {s: AppointmentFactory(start=dt.datetime(2026, 11, 30, 8 + i, tzinfo=dt.UTC), status=s)
             for i, s in enumerate(S)}  # fmt: skip
    [day] = diary.build([dt.date(2026, 11, 30)], NOW)
    assert {a.status for a in day.appointments} == set(diary.SHOWN_IN_DIARY)
    assert shown[S.DECLINED] not in day.appointments and shown[S.CANCELLED_BY_PATIENT] not in day.appointments


def test_an_appointment_in_summer_time_is_on_its_uk_day():
    # 23:30 UTC on Sunday 27 June 2027 is 00:30 on Monday in Britain.
    late = AppointmentFactory(start=dt.datetime(2027, 6, 27, 23, 30, tzinfo=dt.UTC))
    sunday, monday = diary.build([dt.date(2027, 6, 27), dt.date(2027, 6, 28)], NOW)
    assert late not in sunday.appointments and late in monday.appointments


def test_a_closed_day_carries_its_closure_and_today_is_marked():
    Closure.objects.create(start_date=dt.date(2026, 11, 20), end_date=dt.date(2026, 11, 20), reason="Training")
    [today, tomorrow] = diary.build([dt.date(2026, 11, 20), dt.date(2026, 11, 21)], NOW)
    assert today.is_today and today.closure.reason == "Training" and today.ranges == ()
    assert not tomorrow.is_today and tomorrow.closure is None and tomorrow.ranges


def test_requests_waiting_are_the_future_requests_soonest_first():
    later = AppointmentFactory(start=dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC))
    sooner = AppointmentFactory(start=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    AppointmentFactory(start=dt.datetime(2026, 11, 19, 9, tzinfo=dt.UTC))  # already past
    AppointmentFactory(start=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), status=S.CONFIRMED)
    assert list(diary.requests_waiting(NOW)) == [sooner, later]


def test_the_home_summary_splits_today_and_tomorrow_and_counts_failed_emails(django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        today = AppointmentFactory(start=dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC), status=S.CONFIRMED)
        tomorrow = AppointmentFactory(start=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC))
        AppointmentFactory(start=dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))
        OutboundEmail.objects.create(kind="confirmed", to="a@example.com", subject="s", body_text="t", body_html="h",
                                     attempts=OutboundEmail.MAX_ATTEMPTS, last_error="refused")  # fmt: skip
        Closure.objects.create(start_date=dt.date(2026, 12, 24), end_date=dt.date(2026, 12, 24), reason="Eve")
        current_schedule()  # cached, as it is between the clinician's edits
        with django_assert_max_num_queries(3):
            summary = diary.home_summary(NOW)
    assert summary.today == [today] and summary.tomorrow == [tomorrow]
    assert summary.failed_emails == 1
    assert summary.next_closure.start_date >= dt.date(2026, 11, 20)


def test_the_home_summary_of_an_empty_diary():
    summary = diary.home_summary(NOW)
    assert summary.today == [] and summary.tomorrow == [] and summary.failed_emails == 0
