"""bookings/reports.py: the weekly report, the CSV export and the subject-access export, empty and full."""

import csv
import datetime as dt
import io

import pytest
import time_machine

from bookings import reports, workflow
from bookings.models import Appointment
from bookings.tests.factories import AppointmentFactory
from clinic.hours import current_schedule

pytestmark = pytest.mark.django_db
S = Appointment.Status
NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)  # a Wednesday


def test_an_empty_clinic_reports_eight_weeks_of_nothing_with_its_open_hours():
    weeks = reports.weekly_report(NOW.date())
    assert len(weeks) == 8 and weeks[-1].monday == dt.date(2026, 11, 30)
    assert all(w.requests == w.confirmations == w.cancellations == w.no_shows == w.booked_minutes == 0 for w in weeks)
    assert weeks[-1].open_minutes > 0 and weeks[-1].fill_rate == 0


def test_a_week_counts_requests_decisions_no_shows_and_how_full_it_was():
    with time_machine.travel(NOW, tick=False):
        confirmed = AppointmentFactory(start=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
        workflow.apply("confirm", confirmed.pk, seen_status=S.REQUESTED)
        missed = AppointmentFactory(start=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
        workflow.apply("confirm", missed.pk, seen_status=S.REQUESTED)
        workflow.apply("no_show", missed.pk, seen_status=S.CONFIRMED)
        cancelled = AppointmentFactory(start=dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC))
        workflow.apply("cancel", cancelled.pk, seen_status=S.REQUESTED)
        week = reports.weekly_report(NOW.date())[-1]
    assert (week.requests, week.confirmations, week.cancellations, week.no_shows) == (3, 2, 1, 1)
    assert week.booked_minutes == 120  # the confirmed and the no-show, an hour each; the cancelled one frees its time
    assert week.fill_rate == round(100 * 120 / week.open_minutes)


@pytest.mark.parametrize(("typed", "written"), [("=SUM(A1)", "'=SUM(A1)"), ("+44 7700", "'+44 7700"),
                                                ("-1", "'-1"), ("@me", "'@me"), ("Ann", "Ann"), ("", "")],
                         ids=["equals", "plus", "minus", "at", "plain", "empty"])  # fmt: skip
def test_a_value_a_patient_typed_never_runs_as_a_spreadsheet_formula(typed, written):
    assert reports.csv_safe(typed) == written


def test_the_csv_has_a_header_and_one_row_per_appointment_in_uk_time():
    AppointmentFactory(patient_name="=HYPERLINK()", start=dt.datetime(2027, 7, 5, 8, tzinfo=dt.UTC))
    stream = io.StringIO()
    reports.write_csv(Appointment.objects.all(), stream)
    header, row = list(csv.reader(io.StringIO(stream.getvalue())))
    assert header == reports.CSV_HEADER
    assert row[1] == "2027-07-05 09:00" and "'=HYPERLINK()" in row


def test_the_subject_access_export_of_an_unknown_address_is_empty():
    data = reports.subject_access_export("nobody@example.com")
    assert data["appointments"] == [] and data["email"] == "nobody@example.com"


@pytest.mark.parametrize("appointments", [0, 30], ids=["empty", "thirty"])
def test_the_weekly_report_takes_three_queries_however_many_appointments(appointments, django_assert_num_queries):
    with time_machine.travel(NOW, tick=False):
        for n in range(appointments):
            AppointmentFactory(start=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC) + dt.timedelta(days=n, hours=n % 5))
    current_schedule()  # cached between the clinician's edits
    with django_assert_num_queries(3):
        weeks = reports.weekly_report(NOW.date())
    assert sum(w.requests for w in weeks) == appointments
