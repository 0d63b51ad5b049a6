"""The sweep: one request per patient, ever, the day after the visit was marked completed."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bookings import workflow
from bookings.models import OutboundEmail
from bookings.tests.factories import AppointmentFactory
from clinic.hours import at as uk_at
from feedback import asking
from feedback.models import FeedbackRequest
from feedback.tests.conftest import COMPLETED, DUE, S, completed

pytestmark = pytest.mark.django_db


def sweep(at):
    return asking.send_feedback_requests(at)


def requests_sent():
    return list(OutboundEmail.objects.filter(kind="feedback_request").values_list("to", flat=True))


def test_nothing_is_sent_before_ten_on_the_day_after_the_visit_was_marked_completed(clock):
    completed(clock)
    for moment in [COMPLETED + dt.timedelta(hours=1), DUE - dt.timedelta(days=1), DUE - dt.timedelta(minutes=1)]:
        assert sweep(moment) == 0, moment
    assert requests_sent() == [] and not FeedbackRequest.objects.exists()


def test_the_request_goes_at_ten_uk_time_the_next_day_once(clock, django_capture_on_commit_callbacks):
    appointment = completed(clock)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(DUE) == 1
    assert requests_sent() == ["ann@example.com"]
    request = FeedbackRequest.objects.get()
    assert (request.appointment, request.email, request.sent_at) == (appointment, "ann@example.com", DUE)
    assert [m.to for m in mail.outbox if "How was your visit" in m.subject] == [["ann@example.com"]]


def test_summer_time_counts_the_uk_morning_not_utc(clock):
    """In BST 10:00 UK is 09:00 UTC."""
    completed(clock, at=dt.datetime(2027, 6, 7, 12, 0, tzinfo=dt.UTC))
    assert sweep(dt.datetime(2027, 6, 8, 8, 59, tzinfo=dt.UTC)) == 0
    assert sweep(dt.datetime(2027, 6, 8, 9, 0, tzinfo=dt.UTC)) == 1


def test_a_visit_marked_completed_late_in_the_evening_is_still_asked_about_the_next_morning(clock):
    completed(clock, at=dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC))
    assert sweep(DUE) == 1


def test_a_second_or_later_run_sends_nothing_more(clock):
    completed(clock)
    assert sweep(DUE) == 1
    assert sweep(DUE) == 0
    assert sweep(DUE + dt.timedelta(days=2)) == 0
    assert len(requests_sent()) == 1 and FeedbackRequest.objects.count() == 1


def test_a_visit_completed_more_than_a_week_before_is_never_asked_about(clock):
    """The first run after deploying (or after cron was down) does not write to every patient there ever was."""
    completed(clock)
    assert sweep(DUE + asking.CATCH_UP) == 0
    assert sweep(DUE + asking.CATCH_UP - dt.timedelta(minutes=1)) == 1


def test_a_patient_without_an_email_address_is_not_asked(clock):
    completed(clock, email="")
    assert sweep(DUE) == 0
    assert not FeedbackRequest.objects.exists()


def test_an_anonymised_appointment_is_not_asked_about(clock):
    appointment = completed(clock)
    type(appointment).objects.filter(pk=appointment.pk).update(anonymised_at=DUE)
    assert sweep(DUE) == 0


def test_a_patient_asked_at_another_visit_is_never_asked_again_whatever_the_case_of_their_address(clock):
    completed(clock, at=COMPLETED - dt.timedelta(days=1), email="Ann@Example.com")
    assert sweep(DUE - dt.timedelta(days=1)) == 1
    completed(clock, email="ann@EXAMPLE.com")
    assert sweep(DUE) == 0
    assert requests_sent() == ["Ann@Example.com"]


def test_two_visits_due_in_one_run_ask_the_patient_once_about_the_first(clock):
    first = completed(clock, at=COMPLETED - dt.timedelta(hours=2))
    completed(clock, email="ANN@example.com")
    assert sweep(DUE) == 1
    assert FeedbackRequest.objects.get().appointment == first


def test_a_patient_whose_request_was_taken_meanwhile_is_skipped_not_failed(clock):
    """A concurrent run asked them between this run's query and its insert: the unique address refuses the second."""
    appointment = completed(clock)
    other = completed(clock, email="bob@example.com", patient_name="Bob Hill")
    FeedbackRequest.objects.create(appointment=other, email="ANN@example.com", sent_at=DUE)  # as if just asked
    assert sweep(DUE) == 0
    assert not FeedbackRequest.objects.filter(appointment=appointment).exists()


@pytest.mark.parametrize("transition", ["no_show", "cancel", "decline"])
def test_a_visit_that_did_not_happen_is_never_asked_about(clock, transition):
    status = S.REQUESTED if transition == "decline" else S.CONFIRMED
    appointment = AppointmentFactory(start=COMPLETED - dt.timedelta(hours=3), status=status, email="c@example.com")
    assert workflow.apply(transition, appointment.pk, seen_status=status) is not None
    assert sweep(DUE) == 0
    assert sweep(DUE + dt.timedelta(days=1)) == 0


def test_an_appointment_completed_without_its_event_is_not_asked_about(clock):
    """Status changes go through the workflow, which records when; a row set to completed by hand has no day after."""
    AppointmentFactory(start=COMPLETED - dt.timedelta(hours=3), status=S.COMPLETED)
    assert sweep(DUE) == 0


def test_the_command_says_how_many_it_queued(clock):
    completed(clock)
    clock.move_to(DUE)
    out = StringIO()
    call_command("send_feedback_requests", stdout=out)
    assert out.getvalue().strip() == "1 feedback request(s) queued."
    call_command("send_feedback_requests", stdout=out)
    assert out.getvalue().strip().endswith("0 feedback request(s) queued.")
    assert timezone.now() == DUE


def test_a_run_in_the_night_asks_no_one_and_the_next_in_the_day_does(clock):
    """Cron missed the morning: the 03:00 run finds the patient due, but a patient is emailed only from 08:00."""
    completed(clock)
    night, morning = uk_at(dt.date(2026, 12, 2), dt.time(3)), uk_at(dt.date(2026, 12, 2), dt.time(8))
    assert sweep(night) == 0 and not FeedbackRequest.objects.exists()
    assert sweep(morning - dt.timedelta(seconds=1)) == 0
    assert sweep(morning) == 1
